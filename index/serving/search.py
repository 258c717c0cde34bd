"""Query → hits: the searcher over the live index generation, the one query path every view uses
(plain words relaxed as ``semantics.py`` says, the typed spelling corrected, every passage scored from
the posting arrays), results paged or grouped by page, and spelling suggestions ("Mente du").

Parsing is ``query.py``'s, snippets ``snippets.py``'s, autocomplete ``autocomplete.py``'s.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

import numpy as np
from whoosh.query import And, Every, Or, Term
from whoosh.query.compound import DefaultOr
from whoosh.searching import Searcher as WhooshSearcher

from ingest.model import Passage

from .. import store
from ..analysis import DANISH_STOPWORDS, analyse, normalise_word
from ..documents import from_document
from ..postings import WORDS
from ..schema import SEARCH_FIELDS
from .autocomplete import SUGGEST_LIMIT, SUGGEST_SCAN, Completions, complete
from .expansion import OWN_FIELDS, unknown_compound
from .facets import FacetCounts, FacetTable
from .query import (KIND_ALIASES, MAX_QUERY_CHARS, WORD, build_query, cap_query, clause_words, expand_query,
                    parse_words, word_clauses)
from .scoring import Matches, introductions_of_pages_about, rarity_rank, top
from .sites import own_site_words, site_names
from .semantics import (ABOUT_PAGE_PASSAGES, ABOUT_PAGE_SHARE, ABOUT_PAGE_WORDS, QUESTION_WORD_WEIGHT, RELAX_BELOW,
                        content_words, fewest_matches, is_plain, is_question_word, required_matches)
from .snapshot import Snapshot
from .snippets import highlight_words, snippet
from .spelling import is_common_word
from .synonyms import Synonyms

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
# Deepest result a client may page to (like Elasticsearch's max_result_window).
MAX_RESULT_WINDOW = 1000
# Typo corrections count less than the words typed, so exact matches stay on top.
FUZZY_BOOST = 0.5
FUZZY_BELOW = 3  # fewer exact hits than this also searches the corrected spelling
GROUP_MORE = 2  # grouped by page: passages shown under a page's best one
CORRECTION_CACHE = 20_000
# Whole results kept for repeated searches (popular queries repeat many times a day), per generation
# (in its snapshot) and synonym table, so a reindex or an edited synonyms file is seen at once.
RESULT_CACHE = 2_000


@dataclass
class Hit:
    passage: Passage
    score: float
    snippet: str
    missing: list[str] = field(default_factory=list)  # words of the query the passage lacks
    # Grouped by page: the page's next best passages, and how many more it has beyond them.
    more: list["Hit"] | None = None
    more_count: int = 0

    def to_dict(self) -> dict:
        data = {**self.passage.to_dict(), "score": round(self.score, 4), "snippet": self.snippet,
                "missing": list(self.missing)}
        if self.more is not None:
            data.update(more=[hit.to_dict() for hit in self.more], more_count=self.more_count)
        return data


@dataclass
class _Matched:
    """What the query path found for a query, before it is paged into hits."""

    matches: Matches
    present: np.ndarray | None  # per searched word (row), which passages have it (plain queries)
    counts: FacetCounts
    searched: object  # the Whoosh query searched in the end
    words: list[str]
    suggestion: str | None
    allowed: np.ndarray | None
    first: np.ndarray | None  # what orders passages before their score
    table: FacetTable
    message: str | None
    words_found: bool = True  # some passage has a searched word itself, not only parts of it


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    suggestion: str | None
    facets: dict[str, dict[str, int]]
    took_ms: float
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    message: str | None = None  # a friendly word about the query (e.g. it was too long)
    groups: int | None = None  # grouped by page: how many pages the hits come from (pages of results count these)
    # False when the hits only have parts of the words searched (a compound no page has): to staff,
    # who look for what citizens do not find, that is a search without results.
    words_found: bool = True

    def to_dict(self) -> dict:
        return {
            **({"groups": self.groups} if self.groups is not None else {}),
            "query": self.query,
            "total": self.total,
            "hits": [hit.to_dict() for hit in self.hits],
            "suggestion": self.suggestion,
            "facets": self.facets,
            "took_ms": round(self.took_ms, 2),
            "page": self.page,
            "per_page": self.per_page,
            "message": self.message,
        }


EMPTY_INDEX_MESSAGE = "Der er ingen sider at søge i endnu. Prøv igen senere."
ONLY_PARTS_MESSAGE = "Ingen sider nævner {words}. Her er sider med dele af ordet."


def _either(parsed, corrected):
    """The query searched with its corrected spelling: word by word where the two line up."""
    ours, theirs = word_clauses(parsed), word_clauses(corrected)
    if ours and theirs and len(ours) == len(theirs):
        for clause in theirs:
            clause.boost = clause.boost * FUZZY_BOOST
        either = [Or([a, b]) for a, b in zip(ours, theirs)]
        return And(either) if len(either) > 1 else either[0]
    corrected.boost = FUZZY_BOOST
    return Or([parsed, corrected])


def _relaxed(arrays, searcher, clauses: list, allowed: np.ndarray | None,
             evaluated: dict | None = None) -> tuple[Matches, np.ndarray]:
    """Minimum-should-match over the clauses of a plain query: every match scored by the words it
    has, and which words each passage has (a row per clause). ``evaluated`` keeps each clause's
    matches for a second run of the same search that shares clauses with the first."""
    evaluated = {} if evaluated is None else evaluated
    parts = []
    for clause in clauses:
        if id(clause) not in evaluated:
            evaluated[id(clause)] = (clause, arrays.evaluate(clause, searcher))
        parts.append(evaluated[id(clause)][1])
    present = np.vstack([part.mask for part in parts])
    count = present.sum(axis=0)
    scores = np.sum([part.scores for part in parts], axis=0)
    scope = allowed if allowed is not None else np.ones(len(count), bool)
    complete = count == len(parts)
    if np.count_nonzero(complete & scope) >= RELAX_BELOW:
        mask = complete
    else:
        # Most of the words; while that is still few passages, one word fewer at a time, down to
        # the fewest a passage may have (the tiers rank passages with more of the words first).
        needed, fewest = required_matches(len(parts)), fewest_matches(len(parts))
        mask = count >= needed
        while needed > fewest and np.count_nonzero(mask & scope) < RELAX_BELOW:
            needed -= 1
            mask = count >= needed
    if not np.any(mask & scope):  # never nothing while some word is found
        mask = count >= 1
    return Matches(np.where(mask, scores, 0.0), mask), present


def _typed(arrays, searcher, parsed, searched=None, present: np.ndarray | None = None) -> tuple[np.ndarray, ...] | None:
    """Which of the words of ``parsed`` (the query as typed, unexpanded) each passage has as typed
    (any inflection, or inside a compound of the passage) in its own words (``OWN_FIELDS``: not
    only in the breadcrumb its whole section shares), not only through a synonym, a correction
    or the parts of a typed compound; which it has in its own heading (the lead passage's heading
    is its page's title); which in its heading or its page's title; and which it has in its page's
    title while it is the page's lead passage (the one under the page's title).
    A typed word that no passage has stands for what it was searched as (``searched``: its
    correction, its compound's parts written apart, its synonyms; which passages have it is its
    row of ``present``), so a misspelt or unknown word still ranks the sections about what it was
    taken to mean."""
    clauses = word_clauses(parsed)
    if not clauses:
        return None
    typed = np.vstack([_in_fields(arrays, searcher, clause, OWN_FIELDS) for clause in clauses])
    taken = word_clauses(searched) if searched is not None else None
    if taken and len(taken) == len(clauses) and present is not None and len(present) == len(clauses):
        for i in np.flatnonzero(~typed.any(axis=1)):
            clauses[i] = taken[i]
            typed[i] = present[i]
    heading = [_in_fields(arrays, searcher, clause, ("title",)) for clause in clauses]
    page_title = [_in_fields(arrays, searcher, clause, ("page_title",)) for clause in clauses]
    leading = np.vstack(page_title) & arrays.facets.lead
    own = np.vstack(heading) | leading
    headed = np.vstack([a | b for a, b in zip(heading, page_title)])
    return typed, own, headed, leading


def _in_fields(arrays, searcher, clause, fields: tuple[str, ...]) -> np.ndarray:
    """Which passages match ``clause`` within ``fields`` alone."""
    leaves = clause.subqueries if isinstance(clause, Or) else [clause]
    if all(getattr(leaf, "fieldname", None) is not None for leaf in leaves):  # a word: one term per field
        kept = [leaf for leaf in leaves if leaf.fieldname in fields]
        within = (kept[0] if len(kept) == 1 else Or(kept)) if kept else None
    else:
        within = _within(clause, fields)
    return _mask(arrays, searcher, within) if within is not None else np.zeros(arrays.size, bool)


def _mask(arrays, searcher, query, mask: np.ndarray | None = None) -> np.ndarray:
    """Which passages match ``query`` (unscored), marked in ``mask``: the terms of a word and of
    its ORs straight from their posting arrays, anything else evaluated. A deleted passage may be
    marked; only matches are ranked."""
    mask = np.zeros(arrays.size, bool) if mask is None else mask
    if type(query) is Term:
        mask[arrays.term(query.fieldname, query.text, searcher)[0]] = True
    elif type(query) in (Or, DefaultOr) and not getattr(query, "minmatch", 0):
        for sub in query.subqueries:
            _mask(arrays, searcher, sub, mask)
    else:
        mask |= arrays.evaluate(query, searcher).mask
    return mask


def _within(query, fields: tuple[str, ...]):
    """The part of ``query`` that searches ``fields`` (None: no part): an OR keeps its parts in them,
    an AND (a compound's parts, a corrected word) only when all of its parts are."""
    if getattr(query, "fieldname", None) is not None:
        return query if query.fieldname in fields else None
    if isinstance(query, (Or, And)):
        parts = [_within(sub, fields) for sub in query.subqueries]
        kept = [part for part in parts if part is not None]
        if isinstance(query, And) and len(kept) < len(parts) or not kept:
            return None
        return type(query)(kept)
    return None


def _tiers(present: np.ndarray, typed: tuple[np.ndarray, ...] | None, asked_in_heading=0,
           about: np.ndarray | None = None) -> np.ndarray:
    """What ranks a passage before its score: having every word, then introducing a page about the
    query (``about``: a short query asks for the page about it), then having more of them as typed
    (so a synonym or a compound's parts never outrank the word itself), then more of the query's
    words in its own heading (its question words too: a FAQ heading that repeats the citizen's
    question), then in its heading or its page's title (a section about a word before one on a
    page about it, and both before a passing mention of it), then leading a page whose title has
    every word (the page about the query is found at its introduction, before its other sections),
    then having the rarer of the words (``rarity_rank``), then more question words in its heading."""
    words = len(present)
    step = words + 1
    asked_step = int(np.max(asked_in_heading)) + 1
    tier = (present.sum(axis=0) == words).astype(np.int64)
    if about is not None:
        tier = tier * 2 + about
    has, rows = present, present
    if typed is not None and len(typed[0]) == words:
        has, rows = typed[0] & present, typed[0]
        tier = tier * step + has.sum(axis=0)
        tier = tier * (step + asked_step) + (typed[1] & present).sum(axis=0) + asked_in_heading
        tier = tier * step + (typed[2] & present).sum(axis=0)
        tier = tier * 2 + (typed[3] & present).all(axis=0)
    rarer, ranks = rarity_rank(has, rows)
    return (tier * ranks + rarer) * asked_step + asked_in_heading


class Searcher:
    """Searches the live generation of an index directory.

    A cheap check of the ``CURRENT`` pointer on every call switches to a newly published generation
    without a restart: its ``Snapshot`` is opened then, its posting arrays built before it is
    swapped in, and the one before it is kept for the searches still running on it (a search reads
    one snapshot from start to end). Each thread uses its own Whoosh searcher of the snapshot.
    """

    def __init__(self, index_dir: Path, synonyms: Synonyms | Path | None = None, *,
                 result_cache: int = RESULT_CACHE):
        self.index_dir = Path(index_dir)
        self.result_cache = result_cache
        self._lock = threading.Lock()
        self.synonyms = synonyms if isinstance(synonyms, Synonyms) else Synonyms(synonyms)
        self._snapshots: tuple[Snapshot, ...] = ()  # the live generation's first, then the one before

    def snapshot(self) -> Snapshot:
        """The live generation's snapshot (opened when a new generation has been published).
        Raises store.IndexMissing when there is none."""
        generation = store.current_generation(self.index_dir)
        held = self._snapshots
        if generation and held and held[0].generation == generation:
            return held[0]
        with self._lock:  # one thread opens it; the others wait for it rather than open their own
            held = self._snapshots
            if generation and held and held[0].generation == generation:
                return held[0]
            opened = Snapshot.open(self.index_dir)
            if held and held[0].generation == opened.generation:
                return held[0]
            opened.arrays  # every search needs them: built before any search waits on them
            self._snapshots = (opened, *held[:1])
            return opened

    def snapshots(self) -> tuple[Snapshot, ...]:
        """The snapshots held: the live generation's, then the one before it (if any)."""
        return self._snapshots

    def current(self) -> tuple[WhooshSearcher, store.Generation]:
        """This thread's open Whoosh searcher on the live generation (reopened when a new one is
        published), for modules that need Whoosh directly (more-like-this, exports)."""
        snapshot = self.snapshot()
        return snapshot.searcher(), snapshot.generation

    def stats(self) -> dict:
        snapshot = self.snapshot()
        return {"generation": snapshot.generation.name, "passages": snapshot.searcher().doc_count()}

    def passage(self, passage_id: str) -> Passage | None:
        fields = self.snapshot().searcher().document(id=passage_id)
        return from_document(fields) if fields else None

    def _match(self, query: str, snapshot: Snapshot, synonyms, chosen: dict,
               sort: str = "relevance", site_words: bool = True) -> "_Matched":
        """The one query path: ``query`` parsed (plain words relaxed, ``semantics.py``), expanded,
        corrected when a word looks misspelt, and every passage scored and ranked-to-be, within the
        ``chosen`` filters (``kind`` may be a tuple of kinds)."""
        plain = is_plain(query)
        words = content_words(query) if plain else []
        # "… i kragsø", "kommunen": which site, not what about (``sites``).
        as_typed = words
        words, sites = own_site_words(words, site_names(snapshot)) if words and site_words else (words, set())
        searched_text = " ".join(words) if plain else query
        typed = parse_words(searched_text) if searched_text.strip() else Every()
        parsed = expand_query(typed, searched_text, synonyms) if searched_text.strip() else typed
        searcher, arrays = snapshot.searcher(), snapshot.arrays
        table = arrays.facets
        allowed = table.allowed(**chosen)
        # The passages of the site a query names: the only ones searched (unless none of them matches).
        unnamed = allowed
        named = np.isin(table.site, list(sites)) if sites else None
        if named is not None:
            allowed = named if unnamed is None else unnamed & named
        # Every page of the last reindex was rejected, or there were none.
        message = None if arrays.size else EMPTY_INDEX_MESSAGE

        # "Hvornår …?" also ranks the FAQ entry that asks the same question higher: the question
        # words that are indexed add to a match's score (scored once, for either run below).
        typed_words = WORD.findall(query)
        asked = [word for word in typed_words if is_question_word(word)] if words else []
        asking = (arrays.evaluate(Or([Term(field, term) for word in asked for term in analyse(word)
                                      for field in SEARCH_FIELDS]), searcher).scores * QUESTION_WORD_WEIGHT
                  if asked and len(asked) < len(typed_words) else None)
        # How many of the question's own words a heading repeats ("Hvornår skal mit barn …?" for
        # "hvornår skal mit barn …"): a heading that asks the citizen's question is its answer.
        asked_in_heading = (np.sum([_mask(arrays, searcher, Term("title", term))
                                    for word in asked for term in analyse(word)], axis=0, dtype=np.int64)
                            if asking is not None else 0)

        evaluated: dict = {}  # id(clause) → (clause, its matches), shared by the runs below

        def run(searched_query):
            """Every match of ``searched_query`` scored, which of its words each passage has (plain
            words), and the facet counts."""
            clauses = word_clauses(searched_query) if plain else None
            if clauses is None:
                found = arrays.evaluate(searched_query, searcher)
                return found, None, table.count(found.mask, **chosen)
            found, present = _relaxed(arrays, searcher, clauses, allowed, evaluated)
            if asking is not None:
                found.scores += np.where(found.mask, asking, 0.0)
            return found, present, table.count(found.mask if named is None else found.mask & named, **chosen)

        searched = parsed
        matches, present, counts = run(parsed)
        if named is not None and not counts.total:  # the named site has nothing on it: every site's pages
            named, allowed = None, unnamed
            matches, present, counts = run(parsed)
        complete = counts.total if present is None else int(np.count_nonzero(
            matches.mask & (present.all(axis=0)) & (allowed if allowed is not None else True)))
        # A query that already has good hits has nothing to correct: no lookup is made.
        suggestion = (self.suggestion(searched_text, snapshot)
                      if searched_text.strip() and complete < FUZZY_BELOW else None)
        if suggestion and counts.total < FUZZY_BELOW or suggestion and present is not None:
            # Few exact hits and a likely typo: also search the corrected words, weighted lower, so
            # the exact hits (if any) stay first.
            corrected = build_query(suggestion, synonyms)
            corrected.boost = FUZZY_BOOST
            searched = _either(parsed, corrected)
            matches, present, counts = run(searched)
        by_parts = []  # the words found only by their parts: still missing, as the hits say
        found_words = present.any(axis=1) if present is not None else None
        if found_words is not None and not found_words.all():
            # A compound that no passage has (whole, in parts or corrected): also searched by any
            # one of its parts, so among the passages with the other words those with a part of it
            # come first ("rygning i skolen": "ryger" at school), and a compound typed alone finds
            # the passages with its parts rather than nothing ("hundelort": "din hund").
            clauses, labels = word_clauses(searched), clause_words(searched, words)
            parts = [unknown_compound(label) if not found_words[i] else None for i, label in enumerate(labels)]
            by_parts = [i for i, part in enumerate(parts) if part is not None]
            if by_parts:
                searched = And([Or([clause, part]) if part is not None else clause
                                for clause, part in zip(clauses, parts)])
                matches, present, counts = run(searched)
        # Staff browsing by year: newest mentioned year first, then relevance. Otherwise passages
        # with more of the words first.
        about = (introductions_of_pages_about(table.page, table.lead, present.all(axis=0), ABOUT_PAGE_SHARE,
                                              ABOUT_PAGE_PASSAGES, table.page_sizes)
                 if present is not None and len(present) <= ABOUT_PAGE_WORDS and not asked else None)
        first = (table.latest_year if sort == "year"
                 else _tiers(present, _typed(arrays, searcher, typed, searched, present), asked_in_heading, about)
                 if present is not None else None)
        words_found = True
        if by_parts:
            present = present.copy()
            present[by_parts] = False
            words_found = bool(present.any())
            if not words_found and counts.total:
                message = ONLY_PARTS_MESSAGE.format(words=" eller ".join(f"»{labels[i]}«" for i in by_parts))
        if not counts.total and words != as_typed:  # the other words find nothing: the site's words are words
            return self._match(query, snapshot, synonyms, chosen, sort, site_words=False)
        return _Matched(matches, present, counts, searched, words, suggestion, allowed, first, table, message,
                        words_found)

    def passages(self, query: str, *, kinds: tuple[str, ...] = (), page_name: str | None = None,
                 limit: int = MAX_RESULT_WINDOW) -> tuple[int, list[Passage]]:
        """The ``limit`` best passages for ``query`` (every passage for an empty one, in index
        order), of the given ``kinds``, through the same query path as ``search``; and how many
        there are. For views that list rather than page (the timeline)."""
        query, _ = cap_query(query)
        snapshot = self.snapshot()
        searcher = snapshot.searcher()
        chosen = {"kind": tuple(kinds) or None, "year": None, "page": page_name or None}
        found = self._match(query, snapshot, self.synonyms.table(time.monotonic()), chosen)
        docnums = top(found.matches, found.allowed, limit, first=found.first)
        return found.counts.total, [from_document(searcher.stored_fields(int(d))) for d in docnums]

    def search(self, query: str, *, kind: str | None = None, year: int | None = None,
               page_name: str | None = None, page: int = 1, per_page: int = DEFAULT_PER_PAGE,
               sort: str = "relevance", group: bool = False) -> SearchResult:
        """Search; ``sort`` is ``relevance`` or ``year`` (newest mentioned year first, then relevance).
        ``group`` gives one hit per page (its best passage, with up to ``GROUP_MORE`` more of the
        page's as ``more``), and pages of results count pages."""
        started = time.perf_counter()
        query, message = cap_query(query)
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        page = max(1, min(int(page), MAX_RESULT_WINDOW // per_page))
        snapshot = self.snapshot()
        searcher = snapshot.searcher()

        synonyms = self.synonyms.table(time.monotonic())
        key = (query, kind, year, page_name, page, per_page, sort, group)
        # search arguments → (the synonym table it was made with, the result)
        results = snapshot.results
        with snapshot.lock:
            cached = results.get(key)
            if cached and cached[0] is synonyms:
                results.move_to_end(key)
                return replace(cached[1], hits=list(cached[1].hits),
                               took_ms=(time.perf_counter() - started) * 1000)
        chosen = {"kind": KIND_ALIASES.get(kind.lower(), kind.lower()) if kind else None,
                  "year": str(year) if year else None, "page": page_name or None}
        found = self._match(query, snapshot, synonyms, chosen, sort)
        matches, present, counts, searched, words = found.matches, found.present, found.counts, found.searched, found.words
        allowed, first, table, suggestion = found.allowed, found.first, found.table, found.suggestion
        message = found.message or message
        marked_words = highlight_words(searched, searcher)
        labels = clause_words(searched, words) if present is not None else []

        def hit(docnum) -> Hit:
            passage = from_document(searcher.stored_fields(int(docnum)))
            missing = ([word for word, has in zip(labels, present[:, docnum]) if not has]
                       if present is not None else [])
            return Hit(passage, float(matches.scores[docnum]), snippet(passage, marked_words), missing)

        groups = None
        if group:
            ranked = top(matches, allowed, MAX_RESULT_WINDOW, first=first)
            by_page: dict[tuple[int, bool], list[int]] = {}
            site = table.kinds.index("site") if "site" in table.kinds else -1
            for docnum in ranked:
                # The site's contact passage names one page file but is no part of that page.
                key = (int(table.page[docnum]), int(table.kind[docnum]) == site)
                by_page.setdefault(key, []).append(int(docnum))
            groups = len(by_page)
            page = min(page, max(1, -(-groups // per_page)))
            hits = []
            for members in islice(by_page.values(), (page - 1) * per_page, page * per_page):
                leader = hit(members[0])
                leader.more = [hit(docnum) for docnum in members[1:1 + GROUP_MORE]]
                leader.more_count = max(0, len(members) - 1 - GROUP_MORE)
                hits.append(leader)
        else:
            # Past the end: the last page, as Whoosh's search_page does.
            page = min(page, max(1, -(-counts.total // per_page)))
            docnums = top(matches, allowed, page * per_page, first=first)
            hits = [hit(docnum) for docnum in docnums[(page - 1) * per_page:page * per_page]]
        result = SearchResult(query=query, total=counts.total, hits=hits, suggestion=suggestion,
                              facets=counts.facets, took_ms=(time.perf_counter() - started) * 1000, page=page,
                              per_page=per_page, message=message, groups=groups, words_found=found.words_found)
        with snapshot.lock:
            results[key] = (synonyms, result)
            while len(results) > self.result_cache:
                results.popitem(last=False)
        return result

    def suggestion(self, query: str, snapshot: Snapshot | None = None) -> str | None:
        """A corrected query when some word is neither in the index vocabulary as written nor as an
        inflection, compound part or spelling without æ/ø/å ("hedspace" → "headspace"); from the
        live generation unless ``snapshot`` says which."""
        snapshot = snapshot or self.snapshot()
        changed = False
        words = []
        synonyms = self.synonyms.table(time.monotonic())
        for match in re.finditer(r"\S+", query):
            word = match.group(0)
            plain = normalise_word(word.strip("\"'()-+"))
            correction = None
            # A word with synonyms is understood even when the index lacks it ("seniorer"); question
            # words, stop words and common Danish or English words are words, not typos.
            if (WORD.fullmatch(plain) and ":" not in word and not plain.isdigit()
                    and not any(term in synonyms for term in analyse(plain))
                    and not is_question_word(plain) and plain not in DANISH_STOPWORDS
                    and not is_common_word(plain)):
                correction = self._correction(plain, snapshot)
            if correction:
                words.append(word.replace(word.strip("\"'()-+"), correction))
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else None

    def _correction(self, word: str, snapshot: Snapshot) -> str | None:
        # word → correction or None: spelling correction is the costly part of a query
        corrections = snapshot.corrections
        with snapshot.lock:
            if word in corrections:
                corrections.move_to_end(word)
                return corrections[word]
        reader = snapshot.searcher().reader()
        correction = None
        if word not in snapshot.vocabulary(WORDS).frequency and not _in_index(reader, word):
            # Misspellings seldom touch the first letter; requiring it keeps the lookup fast.
            options = snapshot.vocabulary(WORDS).suggest(word, limit=1, maxdist=2, prefix=1)
            correction = options[0] if options else _term_correction(word, snapshot)
        with snapshot.lock:
            corrections[word] = correction
            if len(corrections) > CORRECTION_CACHE:
                corrections.popitem(last=False)
        return correction

    def suggest(self, prefix: str, limit: int = SUGGEST_LIMIT) -> list[str]:
        """Words and phrases that complete what the user is typing (``completions``)."""
        return self.completions(prefix, limit).suggestions

    def completions(self, prefix: str, limit: int = SUGGEST_LIMIT) -> Completions:
        """Words and phrases that complete what the user is typing, and passage titles that open
        their passage (``index.serving.autocomplete``)."""
        return complete(prefix[:MAX_QUERY_CHARS], self.snapshot(), limit)


def _term_correction(word: str, snapshot: Snapshot) -> str | None:
    """A correction found among the index terms when no word as written is close: the terms are
    shorter (stems, parts, spellings without accents), so "suprcykelsti" is one letter from
    supercykelsti(en) and "repationscafe" two from reparationscaf(é). Returned as a word of the
    index whose terms include the corrected one, never as a bare stem."""
    terms = analyse(word)
    if len(terms) != 1:
        return None
    options = snapshot.vocabulary("text").suggest(terms[0], limit=1, maxdist=2, prefix=1)
    if not options:
        return None
    term = options[0]
    for candidate in snapshot.vocabulary(WORDS).completions(term[:-1] or term, SUGGEST_SCAN):
        if term in analyse(candidate, mode="index"):
            return candidate
    return None


def _in_index(reader, word: str) -> bool:
    """Whether the word's index term is known (as an inflection, part or ascii spelling)."""
    terms = analyse(word)
    return bool(terms) and all(reader.doc_frequency("text", t) or reader.doc_frequency("title", t)
                               for t in terms)
