"""index/serving/spelling.py gives the corrections and completions Whoosh's own (much slower) code gives."""
from __future__ import annotations

from itertools import islice

import pytest
from whoosh import index as whoosh_index

from index import Searcher, postings, reindex
from index.serving.spelling import Vocabulary

MISSPELLINGS = ["hedspace", "gladsaxr", "partnerskb", "bæredygtihed", "kommnue", "borgre", "verdensmaal",
                "xyzzyq", "a", "søborgg"]


@pytest.fixture
def snapshot(index_dir):
    return Searcher(index_dir).snapshot()


@pytest.fixture
def whoosh_searcher(snapshot):
    return snapshot.searcher()


@pytest.mark.parametrize("field", ["spell", "text"])
def test_corrections_are_whooshs(snapshot, whoosh_searcher, field):
    known = snapshot.vocabulary(field)
    for word in MISSPELLINGS:
        for limit in (1, 3):
            expected = whoosh_searcher.corrector(field).suggest(word, limit=limit, maxdist=2, prefix=1)
            assert known.suggest(word, limit=limit, maxdist=2, prefix=1) == expected, word


def test_completions_and_frequencies_are_the_index_words(snapshot, whoosh_searcher):
    reader = whoosh_searcher.reader()
    known = snapshot.vocabulary("spell")
    for prefix in ("ver", "gl", "s", "headsp", "zzz"):
        expected = [t.decode() for t in islice(reader.expand_prefix("spell", prefix), 50)]
        assert known.completions(prefix, 50) == expected
        assert all(known.doc_frequency[w] == reader.doc_frequency("spell", w) for w in expected)


def test_a_new_generation_gets_its_own_vocabulary(pages_dir, index_dir):
    before = Searcher(index_dir).snapshot().vocabulary("spell")
    page = sorted(pages_dir.glob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nZebrafinkeprojektet er nyt.\n", encoding="utf-8")
    reindex(pages_dir, index_dir)
    after = Searcher(index_dir).snapshot().vocabulary("spell")
    assert "zebrafinkeprojektet" in after.frequency and "zebrafinkeprojektet" not in before.frequency
    assert Searcher(index_dir).suggestion("zebrafinkeprojektat") == "zebrafinkeprojektet"
    assert whoosh_index.exists_in(next(index_dir.glob("gen-*")))


@pytest.mark.parametrize("field", ["spell", "text"])
def test_the_vocabularies_written_at_commit_are_the_index_words(pages_dir, index_dir, field):
    """A reindex writes each segment's words beside it, so a new generation's first misspelt query
    does not read every term through Whoosh; after an incremental reindex (a second segment) they
    still add up to Whoosh's statistics."""
    page = sorted(pages_dir.glob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nZebrafinkeprojektet er nyt.\n", encoding="utf-8")
    reindex(pages_dir, index_dir)
    snapshot = Searcher(index_dir).snapshot()
    reader = snapshot.searcher().reader()
    assert len(postings._leaves(reader)) >= 2
    written = postings.segment_vocabularies(reader, snapshot.generation.path, field)
    assert written is not None
    assert Vocabulary.of_segments(written).__dict__ == Vocabulary.of_reader(reader, field).__dict__
    assert snapshot.vocabulary(field).frequency == Vocabulary.of_reader(reader, field).frequency
