"""index/serving/spelling.py gives the corrections and completions Whoosh's own (much slower) code gives,
over the words passages are written with (no index field: counted from the stored text at commit)."""
from __future__ import annotations

from collections import Counter

import pytest
from whoosh import index as whoosh_index

from index import Searcher, postings, reindex
from index.analysis import written_words
from index.serving.spelling import Vocabulary

MISSPELLINGS = ["hedspace", "gladsaxr", "partnerskb", "bæredygtihed", "kommnue", "borgre", "verdensmaal",
                "xyzzyq", "a", "søborgg"]


@pytest.fixture
def snapshot(index_dir):
    return Searcher(index_dir).snapshot()


@pytest.fixture
def whoosh_searcher(snapshot):
    return snapshot.searcher()


def test_corrections_are_whooshs(snapshot, whoosh_searcher):
    known = snapshot.vocabulary("text")
    for word in MISSPELLINGS:
        for limit in (1, 3):
            expected = whoosh_searcher.corrector("text").suggest(word, limit=limit, maxdist=2, prefix=1)
            assert known.suggest(word, limit=limit, maxdist=2, prefix=1) == expected, word


def _written(whoosh_searcher) -> tuple[Counter, Counter]:
    """How often each word is written in the passages' titles and texts, and in how many passages."""
    frequency, passages = Counter(), Counter()
    for fields in whoosh_searcher.all_stored_fields():
        words = written_words(f"{fields.get('title') or ''}\n{fields.get('text') or ''}")
        frequency.update(words)
        passages.update(set(words))
    return frequency, passages


def test_the_words_are_those_the_passages_are_written_with(snapshot, whoosh_searcher):
    known = snapshot.vocabulary(postings.WORDS)
    frequency, passages = _written(whoosh_searcher)
    assert known.frequency == frequency and known.doc_frequency == passages
    assert "psykiatri" not in known.frequency  # only in "Psykiatri- og Handicappolitik": no word of its own
    assert "verdensmålene" in known.frequency and "verdensmaal" not in known.frequency  # as written, not folded
    for prefix in ("ver", "gl", "s", "headsp", "zzz"):
        assert known.completions(prefix, 50) == sorted(w for w in frequency if w.startswith(prefix))[:50]


def test_a_misspelt_word_is_corrected_to_the_most_written_word_one_or_two_edits_away(snapshot, whoosh_searcher):
    frequency, _ = _written(whoosh_searcher)
    known = snapshot.vocabulary(postings.WORDS)
    assert known.suggest("hedspace") == ["headspace"]
    for word in MISSPELLINGS:
        for option in known.suggest(word, limit=3):
            assert option[:1] == word[:1] and option in frequency


def test_a_new_generation_gets_its_own_vocabulary(pages_dir, index_dir):
    before = Searcher(index_dir).snapshot().vocabulary(postings.WORDS)
    page = sorted(pages_dir.glob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nZebrafinkeprojektet er nyt.\n", encoding="utf-8")
    reindex(pages_dir, index_dir)
    after = Searcher(index_dir).snapshot().vocabulary(postings.WORDS)
    assert "zebrafinkeprojektet" in after.frequency and "zebrafinkeprojektet" not in before.frequency
    assert Searcher(index_dir).suggestion("zebrafinkeprojektat") == "zebrafinkeprojektet"
    assert whoosh_index.exists_in(next(index_dir.glob("gen-*")))


@pytest.mark.parametrize("field", [postings.WORDS, "text"])
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
    assert all(postings.load_vocabulary(snapshot.generation.path, leaf.segment().segment_id(), field) is not None
               for leaf in postings._leaves(reader))
    assert Vocabulary.of_segments(written).__dict__ == Vocabulary.of_reader(reader, field).__dict__
    assert snapshot.vocabulary(field).frequency == Vocabulary.of_reader(reader, field).frequency


def test_a_word_edited_out_of_a_page_is_no_longer_offered(pages_dir, index_dir):
    page = sorted(pages_dir.glob("*.txt"))[0]
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nZebrafinkeprojektet er nyt.\n", encoding="utf-8")
    reindex(pages_dir, index_dir)
    assert "zebrafinkeprojektet" in Searcher(index_dir).suggest("zebraf")
    page.write_text(original, encoding="utf-8")
    assert not reindex(pages_dir, index_dir).full  # the old passages are deleted, not yet merged away
    searcher = Searcher(index_dir)
    assert "zebrafinkeprojektet" not in searcher.suggest("zebraf")
    assert searcher.suggestion("zebrafinkeprojektat") != "zebrafinkeprojektet"
    frequency, passages = _written(searcher.snapshot().searcher())
    assert searcher.snapshot().vocabulary(postings.WORDS).frequency == frequency


def test_after_several_incremental_reindexes_the_words_are_those_of_the_live_passages(pages_dir, index_dir):
    """Each generation counts only the passages deleted since the one before (a nightly reindex
    deletes a few); what it offers stays what the live passages are written with."""
    first, second = sorted(pages_dir.glob("*.txt"))[:2]
    originals = {page: page.read_text(encoding="utf-8") for page in (first, second)}
    for page, extra in ((first, "Zebrafinkeprojektet er nyt."), (second, "Odderprojektet er nyt."),
                        (first, ""), (second, "Odderprojektet er slut.")):
        page.write_text(originals[page] + f"\n{extra}\n", encoding="utf-8")
        reindex(pages_dir, index_dir)
        searcher = Searcher(index_dir)
        frequency, passages = _written(searcher.snapshot().searcher())
        known = searcher.snapshot().vocabulary(postings.WORDS)
        assert known.frequency == frequency and known.doc_frequency == passages
    assert "zebrafinkeprojektet" not in searcher.suggest("zebraf")
    assert "odderprojektet" in searcher.suggest("odderp")
