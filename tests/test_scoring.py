"""Searches scored from the posting arrays rank exactly as Whoosh's own matchers would.

``index.serving.scoring`` replaces Whoosh's one-match-at-a-time scoring with NumPy; these tests hold it to
Whoosh's answer (same passages, same scores) on every judged query and on the query syntax staff
use, on a fresh index, on one with several segments and deleted passages (after an incremental
reindex), and on arrays missing from disk. They also check the arrays' files and the facet counts.
"""
from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.query import AndNot

from index import Searcher, postings, reindex, store
from index.serving.scoring import IndexArrays, Matches, top
from index.serving.query import build_query
from index.serving.synonyms import Synonyms
from tests.relevance import evaluate

# Query syntax beyond the judged set: phrases (with the stop-word slop), exclusions, OR, field
# prefixes, filters as words, empty and odd input.
SYNTAX = ['"børn og unge"', '"unge med kant"', '"gladsaxe kommune"', 'titel:"grøn omstilling"',
          '"kultur fritid"~3', '"barn barn"', '"headspace"', "barn -ung", "barn NOT skole",
          "barn OR skole", "barn ANDMAYBE skole", "type:sag cykel", "år:2020", "side:x", "titel:cykel",
          "-barn", "*", "a-dagpenge", "12-25 år", "Søborg", "soeborg", "genbrugssystemet",
          "psykiatri- og handicappolitik", "", "og", "()", '"', "x" * 300]


def _queries() -> list[str]:
    judged = [q["q"] for q in evaluate.load_judgements(evaluate.JUDGEMENTS)]
    assert len(judged) >= 200
    return judged + SYNTAX


def _whoosh_answer(searcher, query) -> dict[int, float]:
    """Whoosh's scores of every match. "a ANDNOT b" is taken as a's matches minus b's: Whoosh's own
    AndNot matcher, across a segment with deleted passages, let through a passage containing the
    excluded word ("barn -ung" after an incremental reindex; each part searched alone is right)."""
    if isinstance(query, AndNot):
        excluded = _whoosh_answer(searcher, query.b)
        return {d: score for d, score in _whoosh_answer(searcher, query.a).items() if d not in excluded}
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


def _compare(index_dir: Path, texts: list[str]) -> int:
    """Assert arrays and Whoosh agree on every query; returns how many matched anything."""
    searcher, generation = store.open_searcher(index_dir)
    arrays = IndexArrays(searcher, generation.path)
    synonyms = Synonyms(None).table(0)
    matched = 0
    for text in texts:
        query = build_query(text, synonyms)
        want = _whoosh_answer(searcher, query)
        found = arrays.evaluate(query, searcher)
        got = {int(d): float(found.scores[d]) for d in np.flatnonzero(found.mask)}
        assert set(got) == set(want), text
        for docnum, score in want.items():
            # Weights are float32, as in Whoosh's posting blocks; Whoosh keeps a term found in one
            # passage only in its term info, as a double: scores may differ past the 7th digit.
            assert got[docnum] == pytest.approx(score, rel=1e-6), (text, docnum)
        matched += bool(want)
    searcher.close()
    return matched


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    work = tmp_path_factory.mktemp("scoring")
    pages = evaluate.copy_corpus(work / "pages")
    assert not reindex(pages, work / "index").rejected
    return pages, work / "index"


def test_every_judged_query_scores_as_whoosh_scores_it(corpus):
    _, index_dir = corpus
    assert _compare(index_dir, _queries()) > 180


def test_several_segments_and_deleted_passages_score_as_whoosh(tmp_path, monkeypatch):
    pages = evaluate.copy_corpus(tmp_path / "pages")
    monkeypatch.setattr(importlib.import_module("index.batch.reindex"), "FULL_REINDEX_PROCS", 2)
    assert not reindex(pages, tmp_path / "index", full=True).rejected
    edited = sorted(pages.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEn ny linje om cykler og legepladser.\n",
                      encoding="utf-8")
    assert reindex(pages, tmp_path / "index").changed
    searcher, _ = store.open_searcher(tmp_path / "index")
    reader = searcher.reader()
    assert len(reader.leaf_readers()) >= 2
    assert reader.doc_count() < reader.doc_count_all(), "the edited page's old passages are deleted"
    searcher.close()
    assert _compare(tmp_path / "index", _queries()) > 180


def test_arrays_missing_from_disk_are_built_in_memory_with_the_same_answers(corpus, tmp_path):
    _, index_dir = corpus
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    generation = store.current_generation(copy)
    for path in generation.path.glob(f"{postings.PREFIX}*.keys.npy"):
        path.unlink()  # as a crash between writing the parts and the keys would leave them
    found, _ = store.open_searcher(copy)
    leaf = found.reader() if found.reader().is_atomic() else found.reader().leaf_readers()[0][0]
    assert postings.load(generation.path, leaf.segment().segment_id()) is None
    found.close()
    assert _compare(copy, _queries()[:60]) > 40


def test_reindex_writes_complete_arrays_for_every_segment_and_links_them_forward(tmp_path, pages_dir):
    index_dir = tmp_path / "index"
    reindex(pages_dir, index_dir)
    first = store.current_generation(index_dir)
    segments = {path.name.split(".")[0] for path in first.path.glob(f"{postings.PREFIX}*.keys.npy")}
    ix = whoosh_index.open_dir(first.path)
    with ix.reader() as reader:
        leaves = [reader] if reader.is_atomic() else [leaf for leaf, _ in reader.leaf_readers()]
        assert segments == {postings.PREFIX + leaf.segment().segment_id() for leaf in leaves}
    assert not list(first.path.glob("*.tmp"))

    page = sorted(pages_dir.glob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nTilføjet afsnit om genbrug.\n", encoding="utf-8")
    reindex(pages_dir, index_dir)
    second = store.current_generation(index_dir)
    assert second != first
    kept = 0
    for old in [*first.path.glob(f"{postings.PREFIX}*.npy"), *first.path.glob("*.seg")]:
        new = second.path / old.name
        if new.exists():  # a segment kept: its files are the same files, not copies
            assert os.stat(new).st_ino == os.stat(old).st_ino
            kept += 1
    assert kept, "the unchanged segment is carried over"
    assert (second.path / store.MANIFEST).stat().st_ino != (first.path / store.MANIFEST).stat().st_ino
    ix = whoosh_index.open_dir(second.path)
    with ix.reader() as reader:
        leaves = [reader] if reader.is_atomic() else [leaf for leaf, _ in reader.leaf_readers()]
        live = {leaf.segment().segment_id() for leaf in leaves}
    on_disk = {path.name[len(postings.PREFIX):].split(".")[0] for path in second.path.glob(f"{postings.PREFIX}*")}
    assert on_disk == live, "arrays of merged-away segments are removed"


def test_arrays_read_from_files_equal_the_arrays_built(corpus):
    _, index_dir = corpus
    generation = store.current_generation(index_dir)
    ix = whoosh_index.open_dir(generation.path)
    with ix.reader() as reader:
        leaf = reader if reader.is_atomic() else reader.leaf_readers()[0][0]
        built = postings.build(leaf)
        loaded = postings.load(generation.path, leaf.segment().segment_id())
    assert isinstance(loaded.positions, postings.FileArray)
    for part in ("keys", "starts", "lengths"):
        assert np.array_equal(getattr(built, part), getattr(loaded, part))
    for part in ("ids", "weights", "positions", "position_starts"):
        whole = getattr(built, part)
        assert np.array_equal(whole, loaded_part := getattr(loaded, part)[0:len(whole)]), part
        assert np.array_equal(whole[3:17], getattr(loaded, part)[3:17])
        assert len(loaded_part) == len(getattr(loaded, part))
    text = "cykel".encode()
    assert np.array_equal(built.postings("text", text)[0], loaded.postings("text", text)[0])
    assert built.postings("text", b"x" * 200) is None, "keys too long for the arrays are left to Whoosh"


def test_a_word_too_long_for_the_arrays_is_still_found(tmp_path, pages_dir):
    word = "supercykelstiforbindelsesprojekt" * 5  # 160 letters: its key is kept out of the arrays
    page = sorted(pages_dir.glob("*.txt"))[0]
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(4, f"Projektet hedder {word} i planerne.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reindex(pages_dir, tmp_path / "index")
    result = Searcher(tmp_path / "index").search(word)
    assert result.total >= 1 and word in result.hits[0].passage.text
    assert _compare(tmp_path / "index", [word, f'"hedder {word}"', f"{word} -xyz"]) == 3


def test_facet_counts_equal_a_count_over_the_stored_passages(corpus):
    _, index_dir = corpus
    searcher, generation = store.open_searcher(index_dir)
    table = IndexArrays(searcher, generation.path).facets
    stored = [searcher.stored_fields(d) for d in range(searcher.reader().doc_count_all())]
    rng = np.random.default_rng(7)
    kinds = sorted({s["kind"] for s in stored})
    years = sorted({y for s in stored for y in s["years"].split()})
    for _ in range(30):
        matched = rng.random(len(stored)) < 0.4
        kind = rng.choice([None, *kinds])
        year = rng.choice([None, *years[:5]])
        counts = table.count(matched, kind=kind, year=year)
        passes = [matched[d] and (kind is None or s["kind"] == kind) and (year is None or year in s["years"].split())
                  for d, s in enumerate(stored)]
        assert counts.total == sum(passes)
        for k in kinds:  # a chosen kind does not narrow its own facet
            want = sum(matched[d] and s["kind"] == k and (year is None or year in s["years"].split())
                       for d, s in enumerate(stored))
            assert counts.facets["kind"].get(k, 0) == want
        pages = {}
        for d, s in enumerate(stored):
            if passes[d]:
                pages[s["page"]] = pages.get(s["page"], 0) + 1
        assert list(counts.facets["page"].items()) == sorted(pages.items(), key=lambda kv: (-kv[1], kv[0]))[:25]
        allowed = table.allowed(kind=kind, year=year)
        assert allowed is None if kind is None and year is None else allowed.sum() == sum(
            (kind is None or s["kind"] == kind) and (year is None or year in s["years"].split()) for s in stored)
    searcher.close()


def test_best_matches_come_first_and_ties_in_index_order():
    scores = np.array([1.0, 3.0, 2.0, 3.0, 0.0, 2.0])
    mask = scores > 0
    found = Matches(scores.copy(), mask)
    assert list(top(found, None, 3)) == [1, 3, 2]
    assert list(top(found, None, 10)) == [1, 3, 2, 5, 0]
    assert list(top(found, np.array([1, 0, 1, 0, 1, 1], bool), 2)) == [2, 5]
    newest = np.array([2019, 2020, 2021, 2019, 2024, 2021])
    assert list(top(found, None, 10, first=newest)) == [2, 5, 1, 3, 0]


def test_the_best_of_many_matches_are_those_a_full_sort_puts_first():
    """``top`` picks the first page from many matches without sorting them all: the same passages,
    in the same order, as sorting every match by tier, score and index order."""
    rng = np.random.default_rng(7)
    for trial in range(200):
        size, limit = int(rng.integers(1, 3000)), int(rng.integers(1, 40))
        scores = np.round(rng.random(size) * rng.choice([1, 30]), int(rng.integers(0, 4)))  # many ties
        mask = rng.random(size) < 0.7
        scores[~mask] = 0.0
        tiers = rng.integers(0, rng.choice([2, 5, 10**9]), size)
        allowed = rng.random(size) < 0.9 if trial % 2 else None
        chosen = np.flatnonzero(mask if allowed is None else mask & allowed)
        expected = chosen[np.lexsort((chosen, -scores[chosen], -tiers[chosen]))][:limit]
        assert list(top(Matches(scores.copy(), mask.copy()), allowed, limit, first=tiers)) == list(expected)
        expected = chosen[np.lexsort((chosen, -scores[chosen]))][:limit]
        assert list(top(Matches(scores.copy(), mask.copy()), allowed, limit)) == list(expected)


def test_search_results_keep_their_shape_with_the_arrays(corpus):
    _, index_dir = corpus
    searcher = Searcher(index_dir)
    result = searcher.search("genbrug cykler")
    assert result.total > 0 and result.hits
    # Passages with every word first (then more words as typed, in headings), each by score.
    assert [len(h.missing) for h in result.hits] == sorted(len(h.missing) for h in result.hits)
    assert any("<mark>" in h.snippet for h in result.hits)
    assert sum(result.facets["kind"].values()) == result.total
    by_year = searcher.search("genbrug cykler", sort="year")
    latest = [max(h.passage.years, default=0) for h in by_year.hits]
    assert latest == sorted(latest, reverse=True)


def test_without_a_result_cache_every_search_is_run(corpus, monkeypatch):
    _, index_dir = corpus
    runs = []
    original = IndexArrays.evaluate
    monkeypatch.setattr(IndexArrays, "evaluate", lambda self, *a: runs.append(1) or original(self, *a))
    uncached = Searcher(index_dir, result_cache=0)
    first = uncached.search("headspace")
    per_search = len(runs)
    again = uncached.search("headspace")
    assert per_search and len(runs) == 2 * per_search
    assert [h.passage.id for h in first.hits] == [h.passage.id for h in again.hits]
    cached = Searcher(index_dir)
    cached.search("headspace"), cached.search("headspace")
    assert len(runs) == 3 * per_search, "the default cache answers the repeat"
