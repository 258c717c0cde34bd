"""Facet counts (kind, year, page) for a query, from per-passage tables built once per generation.

A generation never changes, so each passage's kind, years and page are read once, from the
generation's posting arrays (``index.serving.scoring.IndexArrays.facets``), into NumPy arrays; a search's
matches (a mask over the passages) are then counted per facet value in a few vectorised steps, and
filters become masks too.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable

import numpy as np

from ingest.model import KINDS

FACET_FIELDS = ("kind", "years", "page")
# Pages listed in the page facet, most hits first: on a site of thousands of pages the full list
# made most of every response (340 kB at 100k passages) and no reader scans it.
FACET_PAGES = 25

Postings = Callable[[str], Iterable[tuple[str, np.ndarray]]]
Codes = Callable[[str], tuple[list[str], np.ndarray]]


class FacetTable:
    """Every passage's kind, years and page, by document number, for one index generation: kind and
    page from ``codes(field)`` (the field's values and each passage's value as an index into them,
    -1 for none), years and dates from ``postings(field)`` (each value with the passages that have
    it)."""

    def __init__(self, size: int, postings: Postings, codes: Codes):
        self.size = size
        self.kinds, self.kind = codes("kind")
        self.pages, self.page = codes("page")
        self.sites, self.site = codes("site")
        self.page_sizes = np.bincount(self.page[self.page >= 0], minlength=len(self.pages))  # passages per page
        self.lead = self._leads()
        self._code = {"kind": {v: i for i, v in enumerate(self.kinds)},
                      "page": {v: i for i, v in enumerate(self.pages)}}
        self.years: dict[str, np.ndarray] = dict(postings("years"))
        # The same as one list of (passage, year) pairs, for counting every year in one step.
        self.year_values = list(self.years)
        self.year_docs = (np.concatenate(list(self.years.values())) if self.years else np.zeros(0, np.int64))
        self.year_codes = np.repeat(np.arange(len(self.years)), [len(ids) for ids in self.years.values()])
        self.latest_year = np.zeros(self.size, np.int32)  # 0: no year
        for value, ids in self.years.items():
            if value.isdigit():
                np.maximum.at(self.latest_year, ids, int(value))
        # A passage that names no year is as new as its page's "last updated" date.
        for value, ids in postings("updated"):
            if value[:4].isdigit():
                self.latest_year[ids] = np.where(self.latest_year[ids] == 0, int(value[:4]), self.latest_year[ids])

    def _leads(self) -> np.ndarray:
        """Whether each passage leads its page: the page's first (a page's passages are indexed in
        order), which stands under the page's own title. The site's contact passage, stored with one
        page file, leads none."""
        site = self.kinds.index("site") if "site" in self.kinds else -1
        eligible = (self.page >= 0) & (self.kind != site)
        first = np.full(len(self.pages), self.size, np.int64)
        np.minimum.at(first, self.page[eligible], np.flatnonzero(eligible))
        lead = np.zeros(self.size, bool)
        lead[first[first < self.size]] = True
        return lead

    def first_of_page(self, page: str) -> int | None:
        """The document number of ``page``'s first passage; None when the index lacks the page."""
        code = self._code["page"].get(page)
        found = np.flatnonzero(self.page == code) if code is not None else ()
        return int(found[0]) if len(found) else None

    def _is(self, fieldname: str, value: str | None) -> np.ndarray | None:
        """The passages whose kind or page (``fieldname``) is ``value``; None: no value chosen."""
        if value is None:
            return None
        if isinstance(value, tuple):  # any of several kinds (the timeline's cases and partnerships)
            return np.logical_or.reduce([self._is(fieldname, v) for v in value] or [np.zeros(self.size, bool)])
        code = self._code[fieldname].get(value)
        return getattr(self, fieldname) == code if code is not None else np.zeros(self.size, bool)

    def _in_year(self, year: str | None) -> np.ndarray | None:
        if year is None:
            return None
        mask = np.zeros(self.size, bool)
        if year in self.years:
            mask[self.years[year]] = True
        return mask

    def allowed(self, kind: str | None = None, year: str | None = None,
                page: str | None = None) -> np.ndarray | None:
        """The passages that pass the chosen filters (None: no filter chosen)."""
        return _all(self._is("kind", kind), self._in_year(year), self._is("page", page))

    def count(self, matched: np.ndarray, *, kind: str | None = None, year: str | None = None,
              page: str | None = None) -> "FacetCounts":
        """Counts over the ``matched`` passages (a mask, before filters). A chosen kind or year does
        not narrow its own facet, so the other choices keep their counts; the page facet and the
        total obey every filter."""
        in_kind, in_year, in_page = self._is("kind", kind), self._in_year(year), self._is("page", page)
        for_kinds = _all(matched, in_year, in_page)
        for_years = _all(matched, in_kind, in_page)
        for_all = _all(for_kinds, in_kind)
        kinds = _tally(self.kinds, self.kind[for_kinds])
        pages = _tally(self.pages, self.page[for_all], FACET_PAGES)
        years = _tally(self.year_values, self.year_codes[for_years[self.year_docs]])
        return FacetCounts(int(np.count_nonzero(for_all)), {
            "kind": {k: kinds[k] for k in KINDS if kinds.get(k)},
            "years": _by_count(years),
            "page": dict(islice(_by_count(pages).items(), FACET_PAGES)),
        })


def _all(*masks: np.ndarray | None) -> np.ndarray | None:
    chosen = [m for m in masks if m is not None]
    if not chosen:
        return None
    combined = chosen[0].copy()
    for mask in chosen[1:]:
        combined &= mask
    return combined


def _tally(values: list[str], codes: np.ndarray, most: int | None = None) -> dict[str, int]:
    """How often each value's code occurs; with ``most``, only the values of the ``most`` highest
    counts (and any that tie with the last of them, so the caller's order by name decides)."""
    counts = np.bincount(codes[codes >= 0], minlength=len(values))
    present = np.flatnonzero(counts)
    if most is not None and len(present) > most:
        cut = np.partition(counts[present], len(present) - most)[len(present) - most]
        present = present[counts[present] >= cut]
    return {values[i]: int(counts[i]) for i in present}


@dataclass
class FacetCounts:
    total: int  # passages that match the query and every filter
    facets: dict[str, dict[str, int]]


def _by_count(counter: dict) -> dict[str, int]:
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return {str(k): v for k, v in ordered if k not in (None, "") and v}
