"""Facet counts (kind, year, page) for a query, from per-passage tables built once per generation.

Whoosh counts facets by collecting and scoring every matching passage, in Python, once for the hits
and once more for each chosen filter (so a user can still switch to the other kinds and years): at
100k passages that was most of a search's second. A generation never changes, so each passage's kind,
years and page are read off the index once into plain lists; a search then only walks the ids its
query matches (unscored) and counts, all facets in one pass.
"""
from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from itertools import islice

from whoosh.collectors import TopCollector

from ingest.model import KINDS

from .spelling import reader_key

FACET_FIELDS = ("kind", "years", "page")
# Pages listed in the page facet, most hits first: on a site of thousands of pages the full list
# made most of every response (340 kB at 100k passages) and no reader scans it.
FACET_PAGES = 25
# Tables kept: a few generations (old searchers may still read one).
CACHED_TABLES = 4

_cache: OrderedDict[tuple, "FacetTable"] = OrderedDict()
_lock = threading.Lock()


class FacetTable:
    """Every passage's kind, years and page, by document number, for one index generation."""

    def __init__(self, reader):
        size = reader.doc_count_all()
        self.kind: list[str | None] = [None] * size
        self.page: list[str | None] = [None] * size
        self.years: list[tuple[str, ...]] = [()] * size
        years: list[list[str]] = [[] for _ in range(size)]
        for fieldname, column in (("kind", self.kind), ("page", self.page), ("years", years)):
            for term in reader.lexicon(fieldname):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                for docnum in reader.postings(fieldname, term).all_ids():
                    if fieldname == "years":
                        column[docnum].append(value)
                    else:
                        column[docnum] = value
        self.years = [tuple(ys) for ys in years]


def facet_table(searcher) -> FacetTable:
    """The table of the generation ``searcher`` reads, built on first use and shared by all threads."""
    reader = searcher.reader()
    key = reader_key(reader)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    built = FacetTable(reader)
    with _lock:
        _cache[key] = built
        while len(_cache) > CACHED_TABLES:
            _cache.popitem(last=False)
    return built


class FacetingCollector(TopCollector):
    """Whoosh's top-N collector that also notes every passage the query matches (for the facets)
    and ranks only those that pass the filters: one pass over the matches instead of one to score
    and one more to count. Block skipping and matcher pruning are off, since they would skip
    matches the facets must count."""

    def __init__(self, limit: int, table: "FacetTable", *, kind: str | None = None,
                 year: str | None = None, page: str | None = None):
        super().__init__(limit=limit, usequality=False, replace=0)
        self.table, self.chosen = table, {"kind": kind, "year": year, "page": page}
        self.matched: list[int] = []

    def collect(self, sub_docnum: int):
        docnum = self.offset + sub_docnum
        self.matched.append(docnum)
        if _passes(self.table, docnum, **self.chosen):
            return super().collect(sub_docnum)
        return 0


def _passes(table: "FacetTable", docnum: int, kind: str | None, year: str | None, page: str | None) -> bool:
    return ((kind is None or table.kind[docnum] == kind) and (year is None or year in table.years[docnum])
            and (page is None or table.page[docnum] == page))


@dataclass
class FacetCounts:
    total: int  # passages that match the query and every filter
    facets: dict[str, dict[str, int]]


def count_facets(table: FacetTable, docnums, *, kind: str | None = None, year: str | None = None,
                 page: str | None = None) -> FacetCounts:
    """Counts over the passages ``docnums`` (those the query matches, before filters). A chosen kind
    or year does not narrow its own facet, so the other choices keep their counts; the page facet
    and the total obey every filter."""
    kinds, years, pages = Counter(), Counter(), Counter()
    total = 0
    for docnum in docnums:
        in_kind = kind is None or table.kind[docnum] == kind
        in_year = year is None or year in table.years[docnum]
        in_page = page is None or table.page[docnum] == page
        if in_year and in_page:
            kinds[table.kind[docnum]] += 1
        if in_kind and in_page:
            years.update(table.years[docnum])
        if in_kind and in_year and in_page:
            pages[table.page[docnum]] += 1
            total += 1
    return FacetCounts(total, {
        "kind": {k: kinds[k] for k in KINDS if kinds.get(k)},
        "years": _by_count(years),
        "page": dict(islice(_by_count(pages).items(), FACET_PAGES)),
    })


def _by_count(counter: Counter) -> dict[str, int]:
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return {str(k): v for k, v in ordered if k not in (None, "")}
