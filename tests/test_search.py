"""Query semantics a citizen expects, over the seed pages."""
from __future__ import annotations

import os

import pytest

from index import Searcher, reindex
from index.synonyms import Synonyms
from tests.conftest import SEEDS
from tests.test_hostile_queries import assert_whole_answer


@pytest.fixture
def searcher(index_dir):
    return Searcher(index_dir)


def titles(result):
    return [hit.passage.title for hit in result.hits]


def test_headspace_finds_both_seed_pages(searcher):
    result = searcher.search("headspace")
    assert result.total == 2
    assert {hit.passage.kind for hit in result.hits} == {"case", "partnership"}
    assert result.hits[0].passage.title == "Headspace Gladsaxe"  # a title match ranks first


def test_two_words_must_both_match_unless_no_passage_has_both(searcher):
    both = searcher.search("genbrugssystem cykler")
    assert both.total == 1 and "genbrugssystem til cykler" in both.hits[0].passage.text
    assert both.hits[0].missing == []
    apart = searcher.search("headspace legepladser")  # no passage has both: each word alone, said so
    assert apart.total > 0 and all(len(hit.missing) == 1 for hit in apart.hits)
    assert {word for hit in apart.hits for word in hit.missing} == {"headspace", "legepladser"}


def test_opening_hours_are_found_once(searcher):
    result = searcher.search("borgerservice åbningstid")
    assert [hit.passage.kind for hit in result.hits] == ["site"]


def test_phrase(searcher):
    assert searcher.search('"mental sundhed"').total == 2  # ABC and Headspace
    assert searcher.search('"sundhed mental"').total == 0
    assert searcher.search('"gratis rådgivning"').total == 1


def test_minus_excludes(searcher):
    unge = searcher.search("unge", per_page=100)
    about_headspace = [h for h in unge.hits if "headspace" in h.passage.text.lower()]
    without = searcher.search("unge -headspace", per_page=100)
    assert len(about_headspace) == 2
    assert without.total == unge.total - 2
    assert not any("headspace" in hit.passage.text.lower() for hit in without.hits)


def test_field_prefix_for_staff(searcher):
    result = searcher.search("titel:verdensmål")
    whole_word = {"Aktion Verdensmål",
                  "Gladsaxe har lanceret en spritny talk-række om bæredygtighed og FNs Verdensmål"}
    # The compound "Verdensmålshuset" matches on its part, ranked below the titles with the whole word.
    assert set(titles(result)) == whole_word | {"Verdensmålshuset"}
    assert set(titles(result)[:2]) == whole_word
    assert searcher.search("verdensmål").total > result.total
    assert searcher.search("type:sag headspace").hits[0].passage.kind == "case"
    assert {h.passage.kind for h in searcher.search("type:partnerskab").hits} == {"partnership"}


def test_filters_and_facets(searcher):
    result = searcher.search("gladsaxe", kind="case", year=2020)
    assert result.total >= 1
    assert all(h.passage.kind == "case" and 2020 in h.passage.years for h in result.hits)
    # The kind facet still counts the other kinds, so a user can switch.
    assert result.facets["kind"]["partnership"] == 1
    assert result.facets["years"]["2020"] == result.total


def test_snippet_is_escaped_and_marks_matches(searcher):
    hit = searcher.search("headspace").hits[0]
    assert "<mark>Headspace</mark>" in hit.snippet or "<mark>headspace</mark>" in hit.snippet
    assert "<script" not in hit.snippet


@pytest.mark.parametrize("query", ['"unbalanced', "((", "AND", "titel:", "-", "foo:bar", "*", "a" * 5000,
                                   "\x00", "NOT OR AND", ")(", "år:abc", "🙂", "\u202e", "[x TO"])
def test_malformed_input_never_raises(searcher, query):
    result = searcher.search(query)
    assert_whole_answer(result.to_dict(), everything=searcher.search("").total)


def test_unbalanced_quote_still_searches_the_words(searcher):
    assert searcher.search('"headspace').total == 2


def test_spelling_suggestion(searcher):
    result = searcher.search("hedspace")
    assert result.suggestion == "headspace"


def test_paging(searcher):
    first = searcher.search("gladsaxe", per_page=5)
    second = searcher.search("gladsaxe", per_page=5, page=2)
    assert first.total == second.total > 10
    assert not {h.passage.id for h in first.hits} & {h.passage.id for h in second.hits}


def test_autocomplete(searcher):
    suggestions = searcher.suggest("verd")
    assert "verdensmål" in suggestions
    assert all("verd" in s.lower() for s in suggestions)


def test_a_repeated_search_sees_the_next_reindex(pages_dir, index_dir):
    searcher = Searcher(index_dir)  # one searcher, as a running server has
    assert searcher.search("zqxv").total == 0
    assert searcher.search("zqxv").total == 0  # asked again: same answer
    page = pages_dir / SEEDS[1]
    page.write_text(page.read_text(encoding="utf-8").replace("Genbrugslopperne", "Zqxv"), encoding="utf-8")
    reindex(pages_dir, index_dir)
    assert searcher.search("zqxv").total == 1


def test_a_repeated_search_sees_an_edited_synonyms_file(index_dir, tmp_path):
    path = tmp_path / "synonymer.txt"
    path.write_text("skrald, affald\n", encoding="utf-8")
    synonyms = Synonyms(path)
    synonyms.CHECK_SECONDS = 0  # read the file again on every search
    searcher = Searcher(index_dir, synonyms)
    assert searcher.search("tankerum").total == 0
    path.write_text("tankerum, headspace\n", encoding="utf-8")
    os.utime(path, (1, 1))  # a new modification time, however fast the test runs
    assert searcher.search("tankerum").total == 2
