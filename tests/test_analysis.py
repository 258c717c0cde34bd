"""The Danish analyzer: one definition, used by the index and the query parser."""
from __future__ import annotations

import pickle

from index.analysis import analyse, danish_analyzer
from index.schema import SCHEMA


def test_inflected_forms_share_a_term():
    assert len(set(analyse("borger borgere borgerne"))) == 1
    assert analyse("Jobcentret") == analyse("jobcentrets")


def test_stop_words_are_dropped_but_content_words_kept():
    assert analyse("og i på at det") == []
    assert analyse("Kong Hans Have") != []
    assert "hav" in analyse("haven")


def test_case_unicode_and_possessives_are_normalised():
    decomposed = "A\u030abningstid"  # "Å" typed as A + combining ring
    assert analyse(decomposed) == analyse("Åbningstid") == analyse("åbningstid")
    assert analyse("FN’s") == analyse("FN's") == analyse("fn")


def test_hyphenated_words_are_found_whole_and_by_parts():
    terms = analyse("a-dagpenge")
    assert analyse("dagpenge")[0] in terms
    assert analyse("12-25") == ["12-25"]


def test_names_and_numbers_are_searchable_as_typed():
    assert analyse("KLAPjob") == ["klapjob"]
    assert analyse("UNICEF") == ["unicef"]
    assert analyse("2019") == ["2019"]


def test_the_schema_uses_this_analyzer_and_survives_pickling():
    # Whoosh stores the schema with the index; the analyzer must pickle (PyStemmer's object cannot).
    restored = pickle.loads(pickle.dumps(SCHEMA))
    assert [t.text for t in restored["text"].analyzer("Cyklerne")] == analyse("Cyklerne")
    assert restored["title"].analyzer == danish_analyzer()
