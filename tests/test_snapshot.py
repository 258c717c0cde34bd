"""One snapshot per published generation (index/serving/snapshot.py): what a search derives from a generation
is built once, shared by every thread, kept while searches may still read it, and then let go."""
from __future__ import annotations

import gc
import threading
import weakref

from index import Searcher, postings, reindex
from index.serving import browse, snapshot
from tests.test_reindex_switch import CASES, _rename


def _case_text(found: snapshot.Snapshot) -> str:
    return " ".join(f["text"] for f in found.searcher().documents(page=CASES, kind="case"))


def test_a_new_generation_is_built_once_for_all_threads_and_the_one_before_is_kept(pages_dir, index_dir,
                                                                                     monkeypatch):
    built = []

    class CountedArrays(snapshot.IndexArrays):
        def __init__(self, *args, **kwargs):
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(snapshot, "IndexArrays", CountedArrays)
    searcher = Searcher(index_dir)
    assert searcher.search("headspace").total == 2
    first = searcher.snapshot()
    _rename(pages_dir, "Headspace", "Zqxv")
    reindex(pages_dir, index_dir)

    start, totals = threading.Barrier(4), []

    def search() -> None:
        start.wait()
        totals.append(searcher.search("zqxv").total)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    second = searcher.snapshot()
    assert totals == [1, 1, 1, 1]
    assert len(built) == 2 and second.arrays is built[1] and first.arrays is built[0]
    assert searcher.snapshots() == (second, first)
    # A search that began on the old generation finishes on it: same passages, old words.
    assert "Headspace" in _case_text(first) and "Zqxv" not in _case_text(first)
    assert "Zqxv" in _case_text(second)

    _rename(pages_dir, "Zqxv", "Zqxvv")
    reindex(pages_dir, index_dir)
    assert searcher.search("zqxvv").total == 1
    assert searcher.snapshots() == (searcher.snapshot(), second) and len(built) == 3


def test_no_generation_outlives_its_snapshot_through_reindexes(pages_dir, index_dir):
    """Searches, corrections, completions, page titles and topics after each of five reindexes: only
    the two generations the searcher holds stay in memory (no module keeps one of its own)."""
    searcher = Searcher(index_dir)
    derived = []
    words = ["Headspace"] + [f"Zq{'x' * n}v" for n in range(1, 6)]
    for old, new in zip(words, words[1:]):
        _rename(pages_dir, old, new)
        reindex(pages_dir, index_dir)
        assert searcher.search(new).total == 1
        assert searcher.suggestion("gladsaxr") == "gladsaxe"
        assert searcher.suggest("headsp")
        assert browse.page_titles(searcher).get(CASES) and browse.topics(searcher)
        live = searcher.snapshot()
        derived += [weakref.ref(live), weakref.ref(live.arrays), weakref.ref(live.vocabulary(postings.WORDS))]
        del live
    gc.collect()
    alive = [ref() for ref in derived if ref() is not None]
    held = searcher.snapshots()
    assert len(held) == 2 and len(alive) == 6
    assert all(any(item is s or item is s.arrays or item is s.vocabulary(postings.WORDS) for s in held) for item in alive)


def test_page_titles_are_read_for_the_pages_asked_about(pages_dir, index_dir):
    """The page facet is labelled with each page's title; a page the index does not have keeps the
    label it was given."""
    reindex(pages_dir, index_dir)
    searcher = Searcher(index_dir)
    titles = browse.page_titles(searcher)
    on_page = [hit.passage for hit in searcher.search("headspace").hits if hit.passage.page == CASES]
    assert on_page and titles.get(CASES) == on_page[0].page_title != CASES
    assert titles.get("nowhere.txt", "nowhere.txt") == "nowhere.txt"


def test_facet_codes_in_array_steps_are_those_of_the_postings(pages_dir, index_dir):
    """After an incremental reindex (two segments, deleted passages), the kind and page of every
    passage read in a few array steps are those read value by value."""
    import numpy as np

    _rename(pages_dir, "Headspace", "Zqv")
    reindex(pages_dir, index_dir)
    arrays = Searcher(index_dir).snapshot().arrays
    assert not arrays.live.all() and len(arrays.segments) >= 2

    def one_by_one(field):
        values, codes = [], np.full(arrays.size, -1, np.int32)
        for value, ids in arrays.field_postings(field):
            codes[ids] = len(values)
            values.append(value)
        return values, codes

    for field in ("kind", "page"):
        values, codes = arrays.field_codes(field)
        assert values == one_by_one(field)[0] and np.array_equal(codes, one_by_one(field)[1])
