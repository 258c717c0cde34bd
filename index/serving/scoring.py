"""A Whoosh query tree scored over every passage at once, with NumPy, as Whoosh's BM25F scores it.

``Matches`` holds one score per document number and which documents match. A term's scores come
from its posting arrays (``index.postings``) in one vectorised step; the tree combines them as
Whoosh's matchers do (an OR sums the scores of the parts that match, an AND needs every part and
sums them, a boost multiplies, an excluded part removes). The figures are Whoosh's own: its idf and
average field lengths, its BM25F constants and its per-document field lengths, so the ranking is
the one Whoosh's collector gives (``tests/test_scoring.py`` compares the two on every judged query).

Phrases are matched on the position arrays and scored as Whoosh scores them: the sum of their
words' scores. Facet tables are built from the same arrays (``IndexArrays.facets``). A query type
not handled here, and a word too long for the arrays, go through Whoosh's own matchers.
"""
from __future__ import annotations

import threading
from math import log
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.query import (And, AndMaybe, AndNot, Every, MultiTerm, Not, NullQuery, Or, Phrase, Require,
                          Term)
from whoosh.query.compound import DefaultOr, PreloadedOr, SplitOr

from .. import postings
from .facets import FacetTable

# Term scores kept per generation (a common term's array is the size of the corpus): bounded by
# postings held, 12 bytes each (int32 document number, float64 score): 24 MB.
TERM_CACHE_POSTINGS = 2_000_000
_PLAIN_OR = (Or, DefaultOr, PreloadedOr, SplitOr)


@dataclass
class Matches:
    scores: np.ndarray  # float64 per document number (0 where not matched)
    mask: np.ndarray    # bool per document number

    def boosted(self, boost: float) -> "Matches":
        if boost != 1.0:
            self.scores *= boost
        return self

    def only(self, mask: np.ndarray) -> "Matches":
        """These matches narrowed to ``mask`` (scores elsewhere zeroed, as an OR adds them up)."""
        self.mask &= mask
        self.scores *= self.mask  # zero where not matched (faster than assigning through a mask)
        return self


class IndexArrays:
    """The posting arrays of every segment of one index generation, in its document numbers, with
    the statistics Whoosh scores by. Built once per generation, by its ``index.serving.snapshot.Snapshot``,
    and shared by all threads; the few calls that need Whoosh itself (phrases, wildcards) take the
    calling thread's searcher."""

    def __init__(self, searcher, folder: Path | None):
        reader = searcher.reader()
        leaves = [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()
        # An index that every page of a reindex left empty has one reader without a segment.
        leaves = [(leaf, offset) for leaf, offset in leaves if leaf.segment() is not None]
        self.size = reader.doc_count_all()
        self.segments = [(postings.segment_arrays(leaf, folder), offset) for leaf, offset in leaves]
        self.live = np.ones(self.size, bool)
        for leaf, offset in leaves:
            deleted = leaf.deleted_docs_set
            if deleted:
                self.live[offset + np.fromiter(deleted, np.int64, len(deleted))] = False
        self.lengths = {field: np.concatenate([arrays.field_lengths(field) for arrays, _ in self.segments])
                        if self.segments else np.ones(0, np.float32) for field in postings.SCORED_FIELDS}
        # Whoosh's statistics: documents counted deleted or not, as its idf() and scorer count them.
        self.average_length = {field: (reader.field_length(field) / (self.size or 1)) or 1
                               for field in postings.SCORED_FIELDS}
        weighting = searcher.weighting
        self._k1 = getattr(weighting, "K1", None)
        self._b = getattr(weighting, "B", None)
        self._field_b = getattr(weighting, "_field_B", {})
        self._schema = searcher.schema
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_postings = 0
        self._lock = threading.Lock()
        self.facets = FacetTable(self.size, self.field_postings, self.field_codes)

    def empty(self) -> Matches:
        return Matches(np.zeros(self.size), np.zeros(self.size, bool))

    def _bytes(self, fieldname: str, text: str) -> bytes | None:
        """A term as the index stores it; None when the field is unknown or cannot hold it."""
        if fieldname not in self._schema:
            return None
        try:
            return self._schema[fieldname].to_bytes(text)
        except ValueError:
            return None

    def field_postings(self, fieldname: str):
        """Each value of ``fieldname`` with the live documents that have it (for ``FacetTable``)."""
        merged: dict[str, list[np.ndarray]] = {}
        for arrays, offset in self.segments:
            for value, ids in arrays.field_postings(fieldname):
                merged.setdefault(value, []).append(ids.astype(np.int64) + offset)
        for value in sorted(merged):
            ids = np.concatenate(merged[value])
            yield value, ids[self.live[ids]]

    def field_codes(self, fieldname: str) -> tuple[list[str], np.ndarray]:
        """Every value of ``fieldname`` (sorted) and each live document's value as an index into
        them (-1: none), in a few array steps (for ``FacetTable``: a page facet has a value per page)."""
        parts = [(arrays.field_values(fieldname), offset) for arrays, offset in self.segments]
        values = sorted({value for (names, _, _), _ in parts for value in names})
        code = {value: n for n, value in enumerate(values)}
        codes = np.full(self.size, -1, np.int32)
        for (names, ids, which), offset in parts:
            if names:
                codes[ids.astype(np.int64) + offset] = np.array([code[name] for name in names], np.int32)[which]
        codes[~self.live] = -1
        return values, codes

    def _postings(self, fieldname: str, text: bytes, searcher) -> tuple[np.ndarray, np.ndarray, int]:
        """Live document numbers and weights of a term, and its document frequency as Whoosh counts
        it (deleted documents included)."""
        if not postings.kept(fieldname, text):  # a key too long for the arrays: Whoosh reads it
            reader = searcher.reader()
            if (fieldname, text) not in reader:
                return np.zeros(0, np.int64), np.zeros(0, np.float64), 0
            found, weight = postings.leaf_arrays(reader.postings(fieldname, text))
            return found.astype(np.int64), weight.astype(np.float64), reader.doc_frequency(fieldname, text)
        ids, weights, frequency = [], [], 0
        for arrays, offset in self.segments:
            found = arrays.postings(fieldname, text)
            frequency += len(found[0])
            if len(found[0]):
                ids.append(found[0].astype(np.int64) + offset)
                weights.append(found[1])
        if not ids:
            return np.zeros(0, np.int64), np.zeros(0, np.float64), 0
        ids, weights = np.concatenate(ids), np.concatenate(weights).astype(np.float64)
        keep = self.live[ids]
        return (ids, weights, frequency) if keep.all() else (ids[keep], weights[keep], frequency)

    def first_with_prefix(self, fieldname: str, prefix: str, count: int) -> np.ndarray:
        """The first ``count`` live documents (in index order) with a term in ``fieldname`` that
        starts with ``prefix``: what an unscored prefix search finds first, without its matchers."""
        found = []
        for arrays, offset in self.segments:
            ids = arrays.prefix_ids(fieldname, prefix.encode("utf-8")).astype(np.int64) + offset
            found.append(ids[self.live[ids]][:count])
            if sum(map(len, found)) >= count:
                break
        return np.concatenate(found)[:count] if found else np.zeros(0, np.int64)

    def position_keys(self, fieldname: str, text: str) -> np.ndarray | None:
        """Every place a term stands in live documents, as ``document << 32 | position``, sorted;
        None when the term is not in the arrays (a key too long for them)."""
        btext = self._bytes(fieldname, text)
        if btext is None:
            return np.zeros(0, np.int64)
        if not postings.kept(fieldname, btext):
            return None
        keys = []
        for arrays, offset in self.segments:
            ids, counts, positions = arrays.term_positions(fieldname, btext)
            if len(positions):
                docs = np.repeat(ids.astype(np.int64) + offset, counts)
                keys.append((docs << 32) | positions.astype(np.int64))
        if not keys:
            return np.zeros(0, np.int64)
        keys = np.concatenate(keys)
        return keys[self.live[keys >> 32]]

    def term(self, fieldname: str, text: str, searcher) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers matching a term and their BM25F scores (before any query boost)."""
        key = (fieldname, text)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        btext = self._bytes(fieldname, text)
        if btext is None:
            return np.zeros(0, np.int64), np.zeros(0)
        ids, weights, frequency = self._postings(fieldname, btext, searcher)
        if len(ids) and self._schema[fieldname].scorable and self._k1 is not None:
            k1, b = self._k1, self._field_b.get(fieldname, self._b)
            idf = whoosh_idf(self.size, frequency)
            lengths = self.lengths[fieldname][ids]
            average = self.average_length[fieldname]
            scores = idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))
        else:
            scores = weights
        found = (ids.astype(np.int32), scores)
        with self._lock:
            self._cache[key] = found
            self._cached_postings += len(ids)
            while self._cached_postings > TERM_CACHE_POSTINGS and len(self._cache) > 1:
                _, (old, _) = self._cache.popitem(last=False)
                self._cached_postings -= len(old)
        return found

    # --- the tree ---------------------------------------------------------------------------------

    def evaluate(self, query, searcher) -> Matches:
        """Scores and matches of ``query`` over every live document; ``searcher`` (the calling
        thread's, on this generation) answers what the arrays do not hold."""
        return _Evaluation(self, searcher)._evaluate(query).only(self.live)


class _Evaluation:
    """One query's walk over the tree."""

    def __init__(self, arrays: IndexArrays, searcher):
        self.arrays, self.searcher = arrays, searcher

    def _evaluate(self, query) -> Matches:
        kind = type(query)
        if query is NullQuery or kind.__name__ == "_NullQuery":
            return self.arrays.empty()
        if kind is Term:
            return self._terms([query], 1.0)
        if kind in _PLAIN_OR and not getattr(query, "scale", None) and not getattr(query, "minmatch", 0):
            return self._or(query.subqueries).boosted(query.boost)
        if kind is And:
            return self._and(query.subqueries).boosted(query.boost)
        if kind is AndNot:
            return self._evaluate(query.a).only(~self._evaluate(query.b).mask)
        if kind is AndMaybe:
            found, maybe = self._evaluate(query.a), self._evaluate(query.b)
            found.scores += np.where(found.mask, maybe.scores, 0.0)
            return found
        if kind is Require:
            return self._evaluate(query.a).only(self._evaluate(query.b).mask)
        if kind is Every and not getattr(query, "fieldname", None):
            return Matches(np.full(self.arrays.size, float(query.boost)), self.arrays.live.copy())
        if kind is Not:
            return Matches(np.full(self.arrays.size, float(query.boost)), self.arrays.live.copy()).only(
                ~self._evaluate(query.query).mask)
        if kind is Phrase:
            return self._phrase(query)
        if isinstance(query, MultiTerm) and hasattr(query, "_btexts"):
            reader = self.searcher.reader()
            field = query.field()
            texts = [self.searcher.schema[field].from_bytes(t) if isinstance(t, bytes) else t
                     for t in query._btexts(reader) if t]
            found = self._terms([Term(field, t, boost=query.boost) for t in texts], 1.0)
            if len(texts) > 1 and getattr(query, "constantscore", False):
                # Every word a wildcard stands for counts alike: the query's boost per match.
                found.scores = np.where(found.mask, float(query.boost), 0.0)
            return found
        return self._whoosh(query)

    def _terms(self, terms, boost: float) -> Matches:
        postings = [(self.arrays.term(term.fieldname, term.text, self.searcher), term.boost * boost)
                    for term in terms]
        postings = [(ids, scores, weight) for (ids, scores), weight in postings if len(ids)]
        if not postings:
            return self.arrays.empty()
        # All the terms' postings added up in one pass (np.bincount), not one masked add per term.
        ids = np.concatenate([ids for ids, _, _ in postings])
        scores = np.concatenate([scores * weight for _, scores, weight in postings])
        found = Matches(np.bincount(ids, weights=scores, minlength=self.arrays.size), np.zeros(self.arrays.size, bool))
        found.mask[ids] = True
        return found

    def _or(self, subqueries) -> Matches:
        terms = [q for q in subqueries if type(q) is Term]
        found = self._terms(terms, 1.0)
        for sub in subqueries:
            if type(sub) is not Term:
                part = self._evaluate(sub)
                found.scores += part.scores
                found.mask |= part.mask
        return found

    def _and(self, subqueries) -> Matches:
        found = None
        for sub in subqueries:
            part = self._evaluate(sub)
            if found is None:
                found = part
            else:
                found.mask &= part.mask
                found.scores += part.scores
        if found is None:
            return self.arrays.empty()
        return found.only(found.mask)

    def _phrase(self, query: Phrase) -> Matches:
        """Documents where the words stand in order, each within ``slop`` places of the one before
        (Whoosh's ``SpanNear2(ordered=True, mindist=1)``, which its Phrase query is), found from
        the position arrays; each scores the sum of its words' scores, times the phrase's boost (as
        Whoosh's phrase matcher does)."""
        places = [self.arrays.position_keys(query.fieldname, word) for word in query.words]
        if not places:
            return self.arrays.empty()
        if any(p is None for p in places):  # a word the arrays do not hold: Whoosh matches it
            docnums = np.fromiter(query.docs(self.searcher), np.int64)
        else:
            # Keys are sorted (documents in order, positions in order within each): a word is
            # reached when one of ``distance`` places before it holds the phrase so far.
            reach = places[0]
            for following in places[1:]:
                if not len(reach) or not len(following):
                    reach = following[:0]
                    break
                near = np.zeros(len(following), bool)
                for distance in range(1, max(1, query.slop) + 1):
                    near |= _contains(reach, following - distance)
                reach = following[near]
            documents = reach >> 32
            docnums = documents[np.r_[True, documents[1:] != documents[:-1]]] if len(documents) else documents
        phrase = np.zeros(self.arrays.size, bool)
        phrase[docnums] = True
        words = self._terms([Term(query.fieldname, word) for word in query.words], query.boost)
        return words.only(phrase)

    def _whoosh(self, query) -> Matches:
        """Any other query: Whoosh's matchers, one match at a time (slow, but the same answer)."""
        found = self.arrays.empty()
        context = self.searcher.context()
        for subsearcher, offset in self.searcher.leaf_searchers():
            matcher = query.matcher(subsearcher, context)
            while matcher.is_active():
                docnum = offset + matcher.id()
                found.mask[docnum] = True
                found.scores[docnum] = matcher.score()
                matcher.next()
        return found


def _contains(sorted_keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of ``wanted`` are in ``sorted_keys`` (a binary search each)."""
    at = np.searchsorted(sorted_keys, wanted)
    at[at == len(sorted_keys)] = len(sorted_keys) - 1
    return sorted_keys[at] == wanted


def introductions_of_pages_about(page: np.ndarray, lead: np.ndarray, complete: np.ndarray, share: float,
                                 least: int, page_sizes: np.ndarray) -> np.ndarray:
    """Which passages introduce a page about the query: the lead passage (``lead``), itself with
    every word (``complete``), of a page (``page``: each passage's page code, -1 for none; each
    page's passage count in ``page_sizes``) on which at least ``share`` of the passages, and
    ``least`` of them or more, have every word."""
    found = np.zeros(len(page), bool)
    leads = np.flatnonzero(lead & complete)  # a lead passage has a page
    if not len(leads):
        return found
    having = np.bincount(page[complete & (page >= 0)], minlength=len(page_sizes))
    pages = page[leads]
    found[leads] = (having[pages] >= share * page_sizes[pages]) & (page_sizes[pages] >= least)
    return found


def whoosh_idf(documents: int, frequency):
    """Whoosh's ``WeightingModel.idf`` of a term in ``frequency`` of ``documents`` (a number, or an
    array of them)."""
    ratio = documents / (frequency + 1.0)
    return (np.log(ratio) if isinstance(ratio, np.ndarray) else log(ratio)) + 1.0


# Rarity sums are compared to this many decimals (as whole numbers, so ranking them costs no sort).
RARITY_DECIMALS = 3


def rarity_rank(has: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, int]:
    """How rare the words are that each passage has, as a whole number (higher: rarer), and one more
    than the highest: the sum of the inverse document frequencies (Whoosh's idf) of the words it
    has, to ``RARITY_DECIMALS`` decimals. ``has`` and ``rows`` hold a row per query word and a column
    per passage: which passages have the word, and which are counted for its document frequency.
    Among passages with as many of the words, those with the rarer ones say more about the query
    ("borgmester" over the town's name that most of its pages carry)."""
    if not rows.shape[1]:  # an index without passages
        return np.zeros(0, np.int64), 1
    frequency = rows.sum(axis=1)
    idf = whoosh_idf(rows.shape[1], frequency)
    scale = 10 ** RARITY_DECIMALS
    rank = np.rint((idf @ has) * scale).astype(np.int64)
    return rank, int(np.rint(idf.sum() * scale)) + 1


def top(matches: Matches, allowed: np.ndarray | None, limit: int,
        first: np.ndarray | None = None) -> np.ndarray:
    """Document numbers of the best ``limit`` matches among ``allowed`` ones, best first; equal
    scores in index order (as Whoosh's collector breaks ties). With ``first`` (a number per
    document), the highest of those come first and the score orders within them."""
    chosen = matches.mask if allowed is None else matches.mask & allowed
    docnums = np.flatnonzero(chosen)
    scores = matches.scores[docnums]
    key = None if len(docnums) <= limit else scores if first is None else _tier_key(first[docnums], scores)
    if key is not None:
        # Keep everything that ranks with the limit-th (ties included), then order exactly.
        cut = np.partition(key, len(key) - limit)[len(key) - limit]
        keep = key >= cut
        docnums, scores = docnums[keep], scores[keep]
    if first is not None:
        order = np.lexsort((docnums, -scores, -first[docnums].astype(np.int64)))
        return docnums[order][:limit]
    order = np.lexsort((docnums, -scores))
    return docnums[order][:limit]


def _tier_key(tiers: np.ndarray, scores: np.ndarray) -> np.ndarray | None:
    """One number per match that never orders two matches the wrong way round: the tier, then the
    score, which stays below one step of the tier. None when the products would not be exact in a
    float64 (then every match is sorted)."""
    low = float(scores.min())
    step = float(scores.max()) - low + 1.0
    if max(abs(int(tiers.max())), abs(int(tiers.min()))) * step >= 2 ** 50:
        return None
    return tiers * step + (scores - low)
