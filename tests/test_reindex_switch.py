"""The switch to a new generation: atomic, picked up by running searchers without a restart, old
generations cleaned up, and readers querying all the while never see a failure or a mix.
(tests/test_load.py does the same against a real `kommunesog serve` process.)"""
from __future__ import annotations

import shutil
import threading

from index import Searcher, reindex, store
from tests.conftest import SEEDS

CASES = SEEDS[0]  # the seed page with the Headspace case (the other seed has a Headspace partnership)


def _rename(pages_dir, old: str, new: str) -> None:
    path = pages_dir / CASES
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_running_searcher_picks_up_the_new_generation(pages_dir, index_dir):
    searcher = Searcher(index_dir)
    assert searcher.search("headspace").total == 2
    first = searcher.stats()["generation"]
    _rename(pages_dir, "Headspace", "Zqxv")
    reindex(pages_dir, index_dir)
    assert searcher.stats()["generation"] != first
    assert searcher.search("headspace").total == 1 and searcher.search("zqxv").total == 1


def test_an_open_searcher_keeps_answering_when_its_generation_is_deleted(pages_dir, index_dir):
    whoosh_searcher, generation = Searcher(index_dir).current()
    shutil.rmtree(generation.path)  # open files stay readable on POSIX
    assert len(list(whoosh_searcher.documents(kind="case"))) == 24
    assert whoosh_searcher.document(page=CASES, kind="case")["text"]


def test_a_reader_that_finds_its_generation_gone_opens_the_new_one(pages_dir, index_dir, monkeypatch):
    """The one exposed moment: a reader has read CURRENT, and before it opens the directory a
    reindex publishes a new generation and the old one is removed."""
    real_open_dir = store.whoosh_index.open_dir
    raced = []

    def open_dir_after_a_switch(path, *args, **kwargs):
        if not raced:
            raced.append(path)
            monkeypatch.setattr(store.whoosh_index, "open_dir", real_open_dir)
            _rename(pages_dir, "Headspace", "Zqxv")
            reindex(pages_dir, index_dir)
            shutil.rmtree(path)
        return real_open_dir(path, *args, **kwargs)

    monkeypatch.setattr(store.whoosh_index, "open_dir", open_dir_after_a_switch)
    searcher = Searcher(index_dir)
    assert searcher.search("zqxv").total == 1
    assert raced and searcher.stats()["generation"] != raced[0].name


def test_old_generations_are_cleaned_up(pages_dir, index_dir):
    for n in range(5):
        _rename(pages_dir, "Headspace" if n == 0 else f"Zqx{'v' * n}", f"Zqx{'v' * (n + 1)}")
        reindex(pages_dir, index_dir)
    live = store.current_generation(index_dir)
    kept = sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))
    assert len(kept) == store.KEEP_OLD_GENERATIONS + 1 and kept[-1] == live.name
    assert not list(index_dir.glob(".CURRENT.*"))


def test_readers_in_threads_see_zero_failures_and_never_a_mix_through_reindexes(pages_dir, index_dir):
    """Four threads query the page that each reindex rewrites: every answer has all the page's
    passages, and exactly one of them carries a round's word (the old generation's or the new one's)."""
    searcher = Searcher(index_dir)
    passages = searcher.search("", page_name=CASES, per_page=100).total
    words = ["Headspace"] + [f"Zq{'x' * n}v" for n in range(1, 7)]
    stop = threading.Event()
    failures, answers, generations = [], [], set()

    def read() -> None:
        while not stop.is_set():
            try:
                hits = searcher.search("", page_name=CASES, per_page=100).hits
                seen = {w for w in words for h in hits if w in h.passage.text}
                count = sum(1 for h in hits if any(w in h.passage.text for w in words))
                if len(seen) != 1 or count != 1 or len(hits) != passages:
                    failures.append(f"mixed answer: {sorted(seen)}, {count} of {len(hits)} passages")
                generations.add(searcher.stats()["generation"])
                answers.append(1)
            except Exception as err:  # any failure at all counts
                failures.append(repr(err))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for old, new in zip(words, words[1:]):
            _rename(pages_dir, old, new)
            report = reindex(pages_dir, index_dir)
            assert report.changed == [CASES]
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert failures == []
    assert len(answers) > 20 and len(generations) >= 3
    assert searcher.search(words[-1]).total == 1
