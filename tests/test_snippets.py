"""What a hit's snippet shows: where the searched words are, marked in every form the analyzer
matches, starting at a sentence or clause, without the sentence its title repeats."""
from __future__ import annotations

import re

from index.analysis import analyse
from index.serving.snippets import SNIPPET_CHARS, snippet
from ingest.model import Passage

FILLER = ("Kommunen har i flere år arbejdet med at gøre det lettere at komme rundt i byen, og borgerne "
          "har været med til at pege på, hvor der skal gøres noget. ")


def _passage(text: str, title: str = "Trafik i byen") -> Passage:
    return Passage(id="p1", page="side.txt", kind="page", page_title="Trafik", title=title, text=text,
                   breadcrumb=[], years=[], url=None)


def _shown(marked: str) -> str:
    return re.sub(r"</?mark>", "", marked)


def _marks(marked: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", marked)


def test_every_form_of_the_searched_word_is_marked():
    text = "Cyklerne står i kælderen. Hent din cykel om mandagen. Cykelparkeringen åbner til foråret."
    marked = snippet(_passage(text), frozenset(analyse("cykel")))
    assert _marks(marked) == ["Cyklerne", "cykel", "Cykelparkeringen"]


def test_a_word_typed_without_danish_letters_marks_the_word_as_written():
    marked = snippet(_passage("Se åbningstiderne for Borgerservice her."), frozenset(analyse("abningstider")))
    assert _marks(marked) == ["åbningstiderne"]


def test_a_snippet_starts_at_a_sentence_or_clause_before_the_word():
    text = FILLER * 3 + "Parkeringsreglerne blev ændret i fjor. " + FILLER * 3
    shown = _shown(snippet(_passage(text), frozenset(analyse("parkeringsregler"))))
    at = text.index(shown)
    assert at > 0 and re.search(r"(?:[.!?:;]|,) $", text[:at])  # right after a sentence or clause
    assert "Parkeringsreglerne blev ændret i fjor." in shown


def test_a_snippet_leaves_out_the_sentence_the_title_was_made_from():
    text = "Skolebussen kører fra alle landsbyer. Skolebussen kører også i ferierne, når der er sommerskole."
    marked = snippet(_passage(text, title="Skolebussen kører fra alle landsbyer"), frozenset(analyse("skolebus")))
    assert "landsbyer" not in marked and _marks(marked) == ["Skolebussen"]


def test_the_part_with_more_of_the_searched_words_is_shown():
    text = (FILLER * 2 + "Her nævnes haven alene. " + FILLER * 4 + "Her nævnes affaldet alene. " + FILLER * 4
            + "Haveaffald afleveres på genbrugspladsen, og haven skal ryddes for affald inden jul. " + FILLER * 2)
    marked = snippet(_passage(text), frozenset(analyse("have affald")))
    assert "Haveaffald afleveres på genbrugspladsen" in _shown(marked)
    assert len(_shown(marked)) <= 2 * (SNIPPET_CHARS + 80) + len(" … ")


def test_a_snippet_is_escaped_text_with_only_marks_as_markup():
    marked = snippet(_passage('Skriv <b>"bestil"</b> & send. Bestil tid hos Borgerservice.'), frozenset(analyse("bestil")))
    assert "<b>" not in marked and "&lt;b&gt;" in marked and "&amp;" in marked
    assert set(re.findall(r"</?\w+>", marked)) == {"<mark>", "</mark>"}


def test_without_a_searched_word_the_snippet_is_the_start_of_the_text_cut_at_a_word():
    marked = snippet(_passage(FILLER * 5), frozenset(analyse("svømmehal")))
    assert "<mark>" not in marked and marked.endswith(" …") and len(marked) <= SNIPPET_CHARS + 2
    assert (FILLER * 5).startswith(marked.removesuffix(" …"))


def test_the_first_word_of_a_hyphen_ellipsis_is_marked_for_the_compound_it_stands_for():
    text = "Byrådet vedtog Psykiatri- og Handicappolitikken i 2023. Politikken gælder alle borgere."
    marked = snippet(_passage(text), frozenset(analyse("psykiatripolitik")))
    assert _marks(marked) == ["Psykiatri-"]
