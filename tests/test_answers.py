"""What an answer card reads from a query and a passage: which contact fact is asked for, and which
lines of a contact box state it."""
from __future__ import annotations

import pytest

from index.serving.answers import fact_lines, query_intent

GLADSAXE_BOX = ("Gladsaxe Kommune\nRådhus Allé 7\n2860 Søborg\nCVR: 62761113\nTelefon: 39 57 50 00\n"
                "kommunen@gladsaxe.dk\nBorgerservice\nTelefontid\nMandag-fredag: 9-14\nPersonlig henvendelse\n"
                "Kun med tidsbestilling. Bestil tid på gladsaxe.dk/bestiltid\nÅbningstid\n"
                "Mandag-onsdag og fredag 10-14\nTorsdag 10-18")


@pytest.mark.parametrize("query, facts, topic", [
    ("hvornår har borgerservice åbent", ("hours",), "borgerservice"),
    ("åbningstider borgerservice", ("hours",), "borgerservice"),
    ("abningstid borgerservice", ("hours",), "borgerservice"),  # typed without å
    ("hvornår er der telefontid", ("hours",), ""),  # a phone's hours are hours
    ("telefonnummer til borgerservice", ("phone",), "borgerservice"),
    ("tlf borgerservice", ("phone",), "borgerservice"),
    ("hvor ligger rådhuset", ("address",), "rådhuset"),
    ("hvor er borgerservice", ("address",), "borgerservice"),
    ("mailadresse til kommunen", ("email",), "kommunen"),
    ("e-mail og telefon", ("email", "phone"), ""),
])
def test_a_question_about_a_contact_fact_is_read_as_one(query, facts, topic):
    intent = query_intent(query)
    assert intent is not None and intent.facts == facts and intent.topic == topic


@pytest.mark.parametrize("query", ["headspace", "hvor mange unge får hjælp", "hvor kan jeg få hjælp til mit barn",
                                   '"åbningstid" borgerservice', "titel:telefon"])
def test_other_queries_ask_for_no_contact_fact(query):
    assert query_intent(query) is None


def _shown(lines) -> list[str]:
    return [f"# {line.text}" if line.label else line.text for line in lines]


def test_opening_hours_are_the_weekday_lines_under_their_labels():
    assert _shown(fact_lines(GLADSAXE_BOX, ("hours",))) == [
        "# Borgerservice", "# Telefontid", "Mandag-fredag: 9-14",
        "# Åbningstid", "Mandag-onsdag og fredag 10-14", "Torsdag 10-18"]


def test_a_phone_number_is_not_the_cvr_number():
    assert _shown(fact_lines(GLADSAXE_BOX, ("phone",))) == ["Telefon: 39 57 50 00"]


def test_an_address_is_the_postcode_line_under_its_street():
    assert _shown(fact_lines(GLADSAXE_BOX, ("address",))) == ["# Gladsaxe Kommune", "# Rådhus Allé 7", "2860 Søborg"]


def test_a_time_next_to_a_weekday_is_part_of_the_hours_and_prose_is_not():
    text = ("Unge mellem 18-29 år kan få hjælp hos os, og vi holder åbent hele ugen for dem der har brug for det.\n"
            "Åbent\nTirsdag\nkl. 16-20")
    assert _shown(fact_lines(text, ("hours",))) == ["# Åbent", "Tirsdag", "kl. 16-20"]
    assert fact_lines("Unge mellem 18-29 år\nkl. 16-20", ("hours",)) == []
