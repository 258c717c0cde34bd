"""The private parts of whoosh3 that the search reads are there and mean what the code assumes.

``index/postings.py`` reads posting blocks straight from Whoosh's on-disk matcher (``_data``,
``_read_data``, ``_byteids``, ``_next_block``, ``_read_values``/``_values``, the pickled position
gaps); ``index/serving/scoring.py`` reads BM25F's ``K1``, ``B`` and ``_field_B`` and expands wildcards with
``_btexts``; ``index/serving/query.py`` bounds ``_btexts``. whoosh3 is pinned exactly (pyproject.toml) because a release may change any
of them, and ``index/store.py`` reads the segments of an index from ``_segments``: this file is what a pin bump must pass. When the fast posting path is not taken, postings
are still right but read one at a time (a reindex and every uncached term become many times slower),
so the tests refuse Whoosh's one-posting-at-a-time reads while the arrays are built.
"""
from __future__ import annotations

import shutil

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.query import Prefix, TermRange, Wildcard
from whoosh.scoring import BM25F

from index import postings, store
from index.schema import SCHEMA

# More passages than Whoosh's 128 postings per block, so common terms span several blocks.
PASSAGES = 300


def _passage(number: int) -> dict:
    # Weights of every kind in a block: all 1.0 (kind), all equal (the boosted title), mixed (text).
    repeated = " Cykler." * (number % 4)
    return {"id": f"p{number}", "page": f"side-{number // 10}.txt", "kind": "case" if number % 2 else "page",
            "years": "2020 2021" if number % 5 == 0 else "2019",
            "title": "Cykelstier i Gladsaxe", "page_title": "Trafik og veje",
            "breadcrumb": "Borger › Trafik",
            "text": f"Cykelstier og legepladser i bydel {number}. Genbrugsstationen holder åbent.{repeated}"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whoosh-internals")
    writer = whoosh_index.create_in(folder, SCHEMA).writer()
    for number in range(PASSAGES):
        writer.add_document(**_passage(number))
    writer.commit()
    return folder


@pytest.fixture
def reader(folder):
    with whoosh_index.open_dir(folder).reader() as reader:
        yield reader


def _term(fieldname: str, word: str) -> bytes:
    """A word as the index holds it in ``fieldname`` (analysed as a query would be)."""
    return SCHEMA[fieldname].to_bytes(next(iter(SCHEMA[fieldname].analyzer(word, mode="query"))).text)


def _terms(reader):
    for fieldname in postings.FIELDS:
        for text in reader.lexicon(fieldname):
            if postings.kept(fieldname, text):
                yield fieldname, text


def _public(reader, fieldname: str, text: bytes):
    """A term's postings read through Whoosh's public matcher API, one at a time."""
    matcher = reader.postings(fieldname, text)
    ids, weights, positions = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if matcher.supports("positions"):
            positions.append(list(matcher.value_as("positions")))
        matcher.next()
    return ids, weights, positions


def _refuse_slow_reads(monkeypatch):
    """Make the one-posting-at-a-time path of ``leaf_arrays`` fail on Whoosh's on-disk matcher: it
    reads ``weight()`` and ``value_as()`` for every posting, the block path never does."""
    def refused(self, *args):
        raise AssertionError("leaf_arrays fell back to reading postings one at a time")
    monkeypatch.setattr(W3LeafMatcher, "weight", refused)
    monkeypatch.setattr(W3LeafMatcher, "value_as", refused)


def _positions(counts: list[int], deltas: list[int]) -> list[list[int]]:
    """Each posting's positions from the gaps ``leaf_arrays`` collects (each posting's from 0)."""
    found, start = [], 0
    for count in counts:
        found.append(np.cumsum(deltas[start:start + count]).tolist())
        start += count
    return found


def test_every_term_is_read_by_the_block_path_with_whoosh_s_own_answer(reader, monkeypatch):
    expected = {(fieldname, text): _public(reader, fieldname, text) for fieldname, text in _terms(reader)}
    assert max(len(ids) for ids, _, _ in expected.values()) > 2 * 128, "some terms span several blocks"
    _refuse_slow_reads(monkeypatch)

    for (fieldname, text), (ids, weights, positions) in expected.items():
        matcher = reader.postings(fieldname, text)
        assert type(matcher) is W3LeafMatcher
        deltas: list[int] = []
        found, found_weights, counts = postings.leaf_arrays(matcher, deltas)
        assert found.tolist() == ids, (fieldname, text)
        assert found_weights.tolist() == pytest.approx(weights), (fieldname, text)
        if positions:
            assert _positions(counts, deltas) == positions, (fieldname, text)
        again, again_weights = postings.leaf_arrays(reader.postings(fieldname, text))  # scoring's call
        assert again.tolist() == ids and again_weights.tolist() == pytest.approx(weights)


def test_a_segment_with_deleted_passages_is_still_read_by_the_block_path(folder, tmp_path, monkeypatch):
    edited = shutil.copytree(folder, tmp_path / "index")
    writer = whoosh_index.open_dir(edited).writer()
    writer.delete_by_term("id", "p1")
    writer.commit()
    with whoosh_index.open_dir(edited).reader() as reader:
        assert reader.deleted_docs_set == frozenset({1})  # read by index/serving/scoring.py
        matcher = reader.postings("title", _term("title", "Gladsaxe"))
        assert type(matcher).__name__ == "FilterMatcher" and type(matcher.child) is W3LeafMatcher
        _refuse_slow_reads(monkeypatch)

        arrays = postings.build(reader.leaf_readers()[0][0] if not reader.is_atomic() else reader)

    title = arrays.postings("title", _term("title", "Gladsaxe"))
    assert title[0].tolist() == list(range(PASSAGES))  # deletions are the live mask's job, not the arrays'


def test_the_passage_count_of_a_reindex_comes_from_the_table_of_contents(folder, tmp_path, monkeypatch):
    edited = shutil.copytree(folder, tmp_path / "index")
    writer = whoosh_index.open_dir(edited).writer()
    writer.delete_by_term("id", "p1")
    writer.add_document(**_passage(PASSAGES))  # a second segment
    writer.commit(merge=False)
    index = whoosh_index.open_dir(edited)
    expected = index.doc_count()
    monkeypatch.setattr(type(index), "reader", None)  # no reader: the count is the table of contents'
    assert store.passage_count(index) == expected == PASSAGES


def test_posting_blocks_have_the_shape_leaf_arrays_reads(reader):
    kinds_of_weights = set()
    for fieldname, text in _terms(reader):
        matcher = reader.postings(fieldname, text)
        assert hasattr(matcher, "_byteids") and not matcher._byteids  # postings: numbers stored as gaps
        blocks = 0
        while matcher.is_active():
            assert matcher._data is None  # read lazily; leaf_arrays reads it with _read_data()
            matcher._read_data()
            block_ids, weights, values = matcher._data
            assert all(isinstance(gap, int) and gap >= 0 for gap in block_ids)  # gaps, not numbers
            kinds_of_weights.add(type(weights))
            assert weights is None or isinstance(weights, float) or len(weights) == len(block_ids)
            matcher._read_values()
            assert len(matcher._values) == len(block_ids)
            if isinstance(SCHEMA[fieldname].format, Positions):
                assert values == matcher._values and all(isinstance(v, bytes) for v in values)
            matcher._next_block()
            blocks += 1
        assert blocks >= 1
    assert kinds_of_weights >= {type(None), float, tuple}, "every way Whoosh stores weights is covered"


def test_positions_are_stored_as_a_count_and_pickled_gaps(reader):
    for fieldname in ("title", "page_title", "breadcrumb", "text"):
        assert type(SCHEMA[fieldname].format) is Positions  # the only layout _position_deltas reads
    matcher = reader.postings("text", _term("text", "cykler"))
    while matcher.is_active():
        value = matcher.value()
        gaps = postings._position_deltas(value)
        assert np.cumsum(gaps).tolist() == SCHEMA["text"].format.decode_positions(value)
        matcher.next()


def test_bm25f_keeps_its_constants_where_scoring_reads_them(reader, folder):
    with whoosh_index.open_dir(folder).searcher() as searcher:
        weighting = searcher.weighting  # what index/store.py's searchers score with
        assert type(weighting) is BM25F
        assert isinstance(weighting.K1, float) and isinstance(weighting.B, float) and weighting._field_B == {}
        tuned = BM25F(B=0.5, K1=1.6, title_B=0.9)
        assert tuned._field_B == {"title": 0.9}
        for fieldname, b in (("title", 0.9), ("text", 0.5)):
            scorer = tuned.scorer(searcher, fieldname, "cykelsti")
            assert (scorer.K1, scorer.B) == (1.6, b)


def test_wildcard_prefix_and_range_expand_through_btexts(reader):
    cyk = {t for t in reader.lexicon("text") if t.startswith(b"cyk")}
    assert len(cyk) >= 2
    for query in (Prefix("text", "cyk"), Wildcard("text", "cyk*"), TermRange("text", "cyk", "cykz")):
        assert set(query._btexts(reader)) == cyk, query
