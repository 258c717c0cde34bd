"""One published index generation and everything derived from it, built once and shared by threads.

Like Lucene's ``SearcherManager`` hands out one ``IndexSearcher`` per commit point, a ``Snapshot``
owns what a search of one generation reads besides the files: the Whoosh index and each thread's
Whoosh searcher on it, the posting arrays with their facet table (``IndexArrays``), the vocabulary
of each field, the corrections and results found so far, and whatever a view derives from it (page
titles, topics: ``derived``). Each is built once, on first use, by one thread while others wanting
it wait (the ``Searcher`` has the posting arrays built before it swaps a new snapshot in), and lives
exactly as long as the snapshot: the ``Searcher`` keeps the live generation's and the one before
(searches begun on it finish there), so no module keeps a cache of its own keyed by generation, and
a dropped generation's memory and open files go when the last search on it lets go of it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, TypeVar

from whoosh.searching import Searcher as WhooshSearcher

from .. import postings, store
from .scoring import IndexArrays
from .spelling import Vocabulary

T = TypeVar("T")


class Snapshot:
    """A published generation opened for searching (``open`` it; it never changes)."""

    def __init__(self, index, generation: store.Generation):
        self.index = index
        self.generation = generation
        self._local = threading.local()  # each thread's Whoosh searcher: they are not thread-safe
        self._built: dict[object, object] = {}
        self._building: dict[object, threading.Lock] = {}
        self._lock = threading.Lock()
        # Bounded LRU maps the Searcher fills (word → correction, search arguments → result); they
        # belong to the generation, so a new one starts empty. Guarded by ``lock``.
        self.lock = threading.Lock()
        self.corrections: OrderedDict = OrderedDict()
        self.results: OrderedDict = OrderedDict()

    @classmethod
    def open(cls, index_dir) -> "Snapshot":
        """The live generation of ``index_dir``, with the calling thread's searcher opened (so a
        generation removed just as it was published is noticed here, and the next one opened).
        Raises store.IndexMissing when there is none."""
        searcher, index, generation = store.open_live(index_dir)
        snapshot = cls(index, generation)
        snapshot._local.searcher = searcher
        return snapshot

    def searcher(self) -> WhooshSearcher:
        """The calling thread's Whoosh searcher on this generation (stored fields, phrases a
        posting array cannot answer), opened on its first call and kept."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = store.searcher_of(self.index)
        return searcher

    def derived(self, build: Callable[..., T], *args) -> T:
        """What ``build(self, *args)`` gives, built once for this generation (by the first thread
        that asks; others asking meanwhile wait for it) and kept while the snapshot lives."""
        key = (build, args)
        try:
            return self._built[key]
        except KeyError:
            pass
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            if key not in self._built:
                self._built[key] = build(self, *args)
        return self._built[key]

    @property
    def arrays(self) -> IndexArrays:
        """The posting arrays of every segment, their statistics and facet table."""
        return self.derived(_arrays)

    def vocabulary(self, fieldname: str) -> Vocabulary:
        """The words of ``fieldname`` with their frequencies (spelling correction, completion)."""
        return self.derived(_vocabulary, fieldname)


def _arrays(snapshot: Snapshot) -> IndexArrays:
    return IndexArrays(snapshot.searcher(), snapshot.generation.path)


def _vocabulary(snapshot: Snapshot, fieldname: str) -> Vocabulary:
    return Vocabulary.of_segments(postings.segment_vocabularies(snapshot.searcher().reader(), snapshot.generation.path,
                                                                fieldname))
