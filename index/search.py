"""Query → hits: parsing what citizens and staff type, ranking, snippets, facets, suggestions.

Query language: all words must match by default; ``"a phrase"``; ``-word`` excludes; ``OR``; field
prefixes for staff (``titel:``, ``tekst:``, ``type:``, ``år:``). Malformed input never raises: it is
searched as plain words.
"""
from __future__ import annotations

import html
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from whoosh import highlight, qparser
from whoosh.analysis import Token
import numpy as np
from whoosh.query import And, Every, NullQuery, Or, Phrase, Prefix, Term, TermRange, Wildcard
from whoosh.searching import Searcher as WhooshSearcher

from ingest.model import Passage

from . import store
from .analysis import DANISH_STOPWORDS, WORD_PATTERN, analyse, index_forms, normalise_word
from .autocomplete import SUGGEST_LIMIT, SUGGEST_SCAN, Completions, complete
from .documents import from_document
from .expansion import expand_compounds, expand_synonyms
from .schema import SCHEMA, SEARCH_FIELDS
from .scoring import Matches, index_arrays, top
from .semantics import QUESTION_WORD_WEIGHT, RELAX_BELOW, content_words, is_plain, is_question_word, required_matches
from .spelling import is_common_word, vocabulary
from .synonyms import Synonyms

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
# Deepest result a client may page to (like Elasticsearch's max_result_window).
MAX_RESULT_WINDOW = 1000
# Caps that keep any typed query cheap (like Elasticsearch's max_clause_count and max_expansions):
# words searched, index words one wildcard, prefix or range may stand for, and letters a wildcard
# needs before its "*" or "?" ("a*" and "*a" are searched as the word "a").
MAX_QUERY_WORDS = 32
MAX_EXPANSIONS = 64
MIN_WILDCARD_PREFIX = 2
SNIPPET_CHARS = 240
# Typo corrections count less than the words typed, so exact matches stay on top.
FUZZY_BOOST = 0.5
FUZZY_BELOW = 3  # fewer exact hits than this also searches the corrected spelling
GROUP_MORE = 2  # grouped by page: passages shown under a page's best one
CORRECTION_CACHE = 20_000
# Whole results kept for repeated searches (popular queries repeat many times a day), per generation
# and synonym table, so a reindex or an edited synonyms file is seen at once.
RESULT_CACHE = 2_000

FIELD_ALIASES = {
    "title": ["titel", "overskrift"],
    "text": ["tekst"],
    "kind": ["type", "art"],
    "years": ["år", "aar", "year", "aarstal"],
    "page_title": ["side"],
    "breadcrumb": ["sti"],
}
_KIND_ALIASES = {"sag": "case", "sager": "case", "cases": "case", "partnerskab": "partnership",
                 "partnerskaber": "partnership", "side": "page", "sider": "page", "kontakt": "site"}
_SYNTAX = re.compile(r"[\"'()\[\]{}:^~*?+\\/<>=!]|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_WORD = re.compile(r"\w+", re.U)
_STRAY_OPERATOR = re.compile(r"^(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)$")


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
    counts: object  # facets.FacetCounts
    searched: object  # the Whoosh query searched in the end
    words: list[str]
    suggestion: str | None
    allowed: np.ndarray | None
    first: np.ndarray | None  # what orders passages before their score
    table: object  # facets.FacetTable
    message: str | None


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


class _MarkFormatter(highlight.HtmlFormatter):
    """Escaped text with plain ``<mark>`` around matched words."""

    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


def _parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), SCHEMA, group=qparser.AndGroup)
    # + and - are operators only at the start of a word: "a-dagpenge" and "12-25" are words.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?:^|(?<=[\s(]))\+", minusexpr=r"(?:^|(?<=[\s(]))-"))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.remove_plugin_class(qparser.BoostPlugin)  # "^" is typed by accident more than on purpose
    return parser


_PARSER = _parser()


_FIELD_PREFIX = re.compile(r"(\w+):")
_KNOWN_FIELDS = set(SCHEMA.names()) | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}


# A word with a wildcard, after any field prefix and opening marks: "titel:(sk*" → "sk*".
_WILDCARD_WORD = re.compile(r"(?<![^\s:(\"+-])([^\s:()\"]*[*?][^\s:()\"]*)")
_WILDCARD = re.compile(r"[*?\[]")


# Control characters (NUL breaks Whoosh terms and log lines) and lone surrogates (they cannot be
# written as UTF-8, so echoing them would fail) are never part of a word.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


EMPTY_INDEX_MESSAGE = "Der er ingen sider at søge i endnu. Prøv igen senere."


def cap_query(text: str) -> tuple[str, str | None]:
    """The part of a query that is searched, and a Danish note for the user when some was cut:
    at most ``MAX_QUERY_CHARS`` characters and ``MAX_QUERY_WORDS`` words, no control characters."""
    text = _UNPRINTABLE.sub(" ", text or "")
    message = None
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        message = f"Søgningen er forkortet til de første {MAX_QUERY_CHARS} tegn."
    words = text.split()
    if len(words) > MAX_QUERY_WORDS:
        text = " ".join(words[:MAX_QUERY_WORDS])
        message = f"Søgningen er forkortet til de første {MAX_QUERY_WORDS} ord."
    return text, message


def _tidy(text: str) -> str:
    """Make typed input safe for the parser: an unknown "field:" is just a word, an unpaired quote
    or bracket is dropped, a wildcard with fewer than ``MIN_WILDCARD_PREFIX`` letters before it is
    dropped (it would stand for a large part of the vocabulary)."""
    text = _WILDCARD_WORD.sub(_short_wildcard_as_words, text)
    text = _FIELD_PREFIX.sub(
        lambda m: m.group(1).lower() + ":" if m.group(1).lower() in _KNOWN_FIELDS else m.group(1) + " ", text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    if text.count("(") != text.count(")"):
        text = text.replace("(", " ").replace(")", " ")
    # An operator with nothing on one side ("OR headspace") joins nothing: it is left out.
    previous = None
    while previous != text:
        previous, text = text, _STRAY_OPERATOR.sub(" ", text).strip()
    return text


def _short_wildcard_as_words(match: re.Match) -> str:
    word = match.group(1)
    literal = _WILDCARD.split(word, 1)[0]
    if word == "*" or len(literal) >= MIN_WILDCARD_PREFIX:
        return word
    return re.sub(r"[*?]+", " ", word)


_PHRASE = re.compile(r'"([^"]*)"(?!~)')


def _stop_word_slop(text: str) -> str:
    """Let a quoted phrase match across the stop words inside it ("unge med kant"): stop words are
    not indexed, so each leaves a gap the phrase must allow."""
    def with_slop(match: re.Match) -> str:
        run = longest = 0
        for word in _WORD.findall(match.group(1)):
            if normalise_word(word) in DANISH_STOPWORDS:
                run += 1
            else:  # a gap counts between two searched words, not at the phrase's ends
                longest, run = max(longest, run), 0
        return f"{match.group(0)}~{longest + 1}" if longest else match.group(0)
    return _PHRASE.sub(with_slop, text)


def parse_query(text: str):
    """Parse a query string; syntax that cannot be parsed is searched as plain words. The query is
    capped (``cap_query``), and every wildcard, prefix and range expands to few index words."""
    text = _stop_word_slop(_tidy(cap_query(text)[0]))
    try:
        query = _PARSER.parse(text)
    except Exception:
        query = None
    if query is None or query is NullQuery or _has_errors(query):
        words = _SYNTAX.sub(" ", text)
        query = _PARSER.parse(" ".join(words.split()))
    return _bounded(_normalise_kind_terms(query))


class _BoundedPrefix(Prefix):
    def _btexts(self, ixreader):
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


class _BoundedWildcard(Wildcard):
    def _btexts(self, ixreader):
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


class _BoundedRange(TermRange):
    def _btexts(self, ixreader):
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


def _bounded(query):
    """``query`` with every expanding leaf limited to ``MAX_EXPANSIONS`` index words, and a bare
    ``*`` (every passage with some word in a field) made the cheap "every passage"."""
    if isinstance(query, Every):
        return Every()
    if type(query) is Prefix:
        return _BoundedPrefix(query.fieldname, query.text, boost=query.boost)
    if type(query) is Wildcard:
        return _BoundedWildcard(query.fieldname, query.text, boost=query.boost)
    if type(query) is TermRange:
        return _BoundedRange(query.fieldname, query.start, query.end, query.startexcl, query.endexcl,
                             boost=query.boost)
    if query.is_leaf() or isinstance(query, Phrase):
        return query
    return query.apply(_bounded)


def _has_errors(query) -> bool:
    return any(type(q).__name__ == "ErrorQuery" for q in query.leaves()) if hasattr(query, "leaves") else False


def _normalise_kind_terms(query):
    """``type:sag`` means ``kind:case``: staff type the Danish names of kinds."""
    for leaf in list(query.leaves()) if hasattr(query, "leaves") else []:
        if isinstance(leaf, Term) and leaf.fieldname == "kind":
            leaf.text = _KIND_ALIASES.get(str(leaf.text).lower(), str(leaf.text).lower())
    return query


def _word_clauses(query) -> list | None:
    """The searched words of a plain query, one clause each (with its inflections, parts, synonyms
    and corrections); None for a query that matches everything."""
    if isinstance(query, Every):
        return None
    return list(query.subqueries) if isinstance(query, And) else [query]


def _clause_terms(clause) -> set[str]:
    terms = set()
    for leaf in clause.leaves() if hasattr(clause, "leaves") else [clause]:
        if isinstance(leaf, Phrase):
            terms.update(leaf.words)
        elif hasattr(leaf, "text"):
            terms.add(str(leaf.text))
    return terms


def _clause_words(query, words: list[str]) -> list[str]:
    """The typed word (or words, for a synonym of several) each clause of ``query`` searches."""
    labels = []
    for clause in _word_clauses(query) or []:
        terms = _clause_terms(clause)
        typed = [word for word in words if set(analyse(word)) & terms]
        labels.append(" ".join(typed) or min(terms, default=""))
    return labels


def _either(parsed, corrected):
    """The query searched with its corrected spelling: word by word where the two line up."""
    ours, theirs = _word_clauses(parsed), _word_clauses(corrected)
    if ours and theirs and len(ours) == len(theirs):
        for clause in theirs:
            clause.boost = clause.boost * FUZZY_BOOST
        either = [Or([a, b]) for a, b in zip(ours, theirs)]
        return And(either) if len(either) > 1 else either[0]
    corrected.boost = FUZZY_BOOST
    return Or([parsed, corrected])


def _relaxed(arrays, searcher, clauses: list, allowed: np.ndarray | None) -> tuple[Matches, np.ndarray]:
    """Minimum-should-match over the clauses of a plain query: every match scored by the words it
    has, and which words each passage has (a row per clause)."""
    parts = [arrays.evaluate(clause, searcher) for clause in clauses]
    present = np.vstack([part.mask for part in parts])
    count = present.sum(axis=0)
    scores = np.sum([part.scores for part in parts], axis=0)
    scope = allowed if allowed is not None else np.ones(len(count), bool)
    complete = count == len(parts)
    if np.count_nonzero(complete & scope) >= RELAX_BELOW:
        mask = complete
    else:
        mask = count >= required_matches(len(parts))
    if not np.any(mask & scope):  # never nothing while some word is found
        mask = count >= 1
    return Matches(np.where(mask, scores, 0.0), mask), present


def _typed(arrays, searcher, parsed) -> np.ndarray | None:
    """Which of the words of ``parsed`` (the query as typed, unexpanded) each passage has as typed
    (any inflection, or inside a compound of the passage), not only through a synonym, a correction
    or the parts of a typed compound."""
    clauses = _word_clauses(parsed)
    if not clauses:
        return None
    return np.vstack([arrays.evaluate(clause, searcher).mask for clause in clauses])


def _tiers(present: np.ndarray, typed: np.ndarray | None) -> np.ndarray:
    """What ranks a passage before its score: having every word, then having more of them as typed
    (so a synonym or a compound's parts never outrank the word itself)."""
    words = len(present)
    tier = (present.sum(axis=0) == words).astype(np.int32) * (words + 1)
    if typed is not None and len(typed) == words:
        tier += (typed & present).sum(axis=0).astype(np.int32)
    return tier


def build_query(text: str, synonyms: dict[str | tuple[str, ...], tuple[tuple[str, ...], ...]]):
    """The query searched for ``text``: parsed, compounds also by their parts, words also by their
    synonyms."""
    return expand_query(parse_query(text), text, synonyms)


def expand_query(parsed, text: str, synonyms: dict[str | tuple[str, ...], tuple[tuple[str, ...], ...]]):
    """``parsed`` (the query ``text`` parses to, left as it is) with compounds also found by their
    parts and words also by their synonyms."""
    return expand_synonyms(expand_compounds(parsed, text), synonyms)


def _highlight_words(query, searcher: WhooshSearcher) -> frozenset[str]:
    """The index terms of the text field that ``query`` searches (wildcards expanded), for snippets."""
    field = SCHEMA["text"]
    try:
        terms = query.existing_terms(searcher.reader(), fieldname="text", expand=True)
    except Exception:
        return frozenset()
    return frozenset(field.from_bytes(text) for _, text in terms)


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
_HIGHLIGHTER = highlight.Highlighter(fragmenter=_FRAGMENTER, formatter=_MarkFormatter(between=" … "))
_WINDOW_SLACK = 60  # characters beyond the fragmenter's reach still tokenized (a long word's width)


_WORDS = re.compile(WORD_PATTERN, re.UNICODE)


def _index_tokens(text: str, words: frozenset[str]):
    """The tokens the text analyzer makes of ``text`` at index time with stop words kept (what
    Whoosh's highlighter re-analyses a hit with), each word's terms taken from a cache
    (``index_forms``) instead of through the filter chain, and only near the searched ``words``:
    the fragmenter keeps a token only within ``surround`` characters before a match or in the
    ``maxchars`` of a fragment, so the tokens it would pass over are never made. A text with a
    hyphen ellipsis, where a word's terms depend on its neighbours, goes through the chain."""
    found = list(_WORDS.finditer(text))
    if any(m.group(0).endswith("-") for m in found):
        yield from SCHEMA["text"].analyzer(text, positions=True, chars=True, mode="index", removestops=False)
        return
    forms = [index_forms(m.group(0)) for m in found]
    before, after = _FRAGMENTER.surround + _WINDOW_SLACK, _FRAGMENTER.maxchars + _WINDOW_SLACK
    windows = [(m.start() - before, m.start() + after) for m, terms in zip(found, forms)
               if any(term in words for term, _ in terms)]
    token = Token(positions=True, chars=True, removestops=False, mode="index")
    window = 0
    for match, terms in zip(found, forms):
        while window < len(windows) and windows[window][1] < match.start():
            window += 1
        if window == len(windows):
            return
        if match.start() < windows[window][0]:
            continue
        token.startchar, token.endchar = match.start(), match.end()
        for token.text, token.boost in terms:
            yield token


def _marked(text: str, words: frozenset[str], top: int = 2) -> str:
    """The best ``top`` fragments of ``text`` with the searched words marked, as Whoosh's
    highlighter makes them for a hit (re-analysing the text, as it does), each starting where a
    sentence or clause does."""
    tokens = _HIGHLIGHTER._merge_matched_tokens(highlight.set_matched_filter(_index_tokens(text, words), words))
    fragments = _HIGHLIGHTER.fragmenter.fragment_tokens(text, tokens)
    fragments = highlight.top_fragments(fragments, top, _HIGHLIGHTER.scorer, _HIGHLIGHTER.order, minscore=1)
    for fragment in fragments:
        fragment.startchar = _clause_start(text, fragment.startchar, min(m.startchar for m in fragment.matches))
    return _HIGHLIGHTER.formatter.format(fragments)


# A snippet starts at a sentence or clause: moved back to one at most this far, else forward to one
# before its first match, else it starts at a word.
SNIPPET_BACK_CHARS = 80
_BOUNDARY = re.compile(r"(?:[.!?:;]\s+|\n|,\s+|\s[–—-]\s)")


def _clause_start(text: str, start: int, first_match: int) -> int:
    """Where a fragment starting at ``start`` should start: after the nearest sentence or clause
    boundary before it (within ``SNIPPET_BACK_CHARS``), or after the first one between it and its
    first match."""
    if start == 0:
        return 0
    back = [m.end() for m in _BOUNDARY.finditer(text, max(0, start - SNIPPET_BACK_CHARS), start + 1)]
    if back:
        return back[-1]
    if max(0, start - SNIPPET_BACK_CHARS) == 0:
        return 0
    ahead = _BOUNDARY.search(text, start, first_match)
    if ahead:
        return ahead.end()
    space = text.rfind(" ", 0, start)
    return space + 1 if space >= 0 else start


_SENTENCE_END = re.compile(r"[.!?](?:\s+|$)|\n")


def _without_title(text: str, title: str) -> str:
    """``text`` without the sentence its title was made from (a passage titled by its first
    sentence shows the rest of its text), or all of it when nothing else is left."""
    head = title.removesuffix("…").strip().rstrip(".")
    if not head or not " ".join(text.split()).startswith(" ".join(head.split())):
        return text
    end = _SENTENCE_END.search(text, min(len(head), len(text)))
    rest = text[end.end():].strip() if end else ""
    return rest or text


def _snippet(passage: Passage, words: frozenset[str]) -> str:
    # The title shows what its sentence says: a snippet without matches in the rest shows the rest.
    body = _without_title(passage.text, passage.title)
    try:
        marked = _marked(body, words) if words else ""
    except Exception:
        marked = ""
    if marked:
        return marked
    text = " ".join(body.split())
    if len(text) > SNIPPET_CHARS:
        cut = text.rfind(" ", 0, SNIPPET_CHARS)
        text = text[: cut if cut > 0 else SNIPPET_CHARS] + " …"
    return html.escape(text, quote=False)


class Searcher:
    """Searches the live generation of an index directory.

    Each thread keeps its own Whoosh searcher open and reuses it; a cheap check of the ``CURRENT``
    pointer on every call switches to a newly published generation without a restart.
    """

    def __init__(self, index_dir: Path, synonyms: Synonyms | Path | None = None, *,
                 result_cache: int = RESULT_CACHE):
        self.index_dir = Path(index_dir)
        self.result_cache = result_cache
        self._local = threading.local()
        self._lock = threading.Lock()
        self.synonyms = synonyms if isinstance(synonyms, Synonyms) else Synonyms(synonyms)
        # (generation, word) → correction or None: spelling correction is the costly part of a query
        self._corrections: OrderedDict[tuple[str, str], str | None] = OrderedDict()
        # search arguments → (the synonym table it was made with, the result)
        self._results: OrderedDict[tuple, tuple[dict, SearchResult]] = OrderedDict()

    def current(self) -> tuple[WhooshSearcher, store.Generation]:
        """This thread's open Whoosh searcher on the live generation (reopened when a new one is
        published), for modules that need Whoosh directly (more-like-this, timelines)."""
        return self._searcher()

    def _searcher(self) -> tuple[WhooshSearcher, store.Generation]:
        generation = store.current_generation(self.index_dir)
        cached = getattr(self._local, "cached", None)
        if cached and generation and cached[1] == generation:
            return cached
        searcher, generation = store.open_searcher(self.index_dir)
        if cached:
            cached[0].close()
        self._local.cached = (searcher, generation)
        return self._local.cached

    def stats(self) -> dict:
        searcher, generation = self._searcher()
        return {"generation": generation.name, "passages": searcher.doc_count()}

    def passage(self, passage_id: str) -> Passage | None:
        searcher, _ = self._searcher()
        fields = searcher.document(id=passage_id)
        return from_document(fields) if fields else None

    def _match(self, query: str, searcher: WhooshSearcher, generation, synonyms, chosen: dict,
               sort: str = "relevance") -> "_Matched":
        """The one query path: ``query`` parsed (plain words relaxed, ``semantics.py``), expanded,
        corrected when a word looks misspelt, and every passage scored and ranked-to-be, within the
        ``chosen`` filters (``kind`` may be a tuple of kinds)."""
        plain = is_plain(query)
        words = content_words(query) if plain else []
        searched_text = " ".join(words) if plain else query
        typed = parse_query(searched_text) if searched_text.strip() else Every()
        parsed = expand_query(typed, searched_text, synonyms) if searched_text.strip() else typed
        arrays = index_arrays(searcher, generation.path)
        table = arrays.facets
        allowed = table.allowed(**chosen)
        # Every page of the last reindex was rejected, or there were none.
        message = None if arrays.size else EMPTY_INDEX_MESSAGE

        def run(query):
            """Every match of ``query`` scored, which of its words each passage has (plain words),
            and the facet counts."""
            clauses = _word_clauses(query) if plain else None
            if clauses is None:
                found = arrays.evaluate(query, searcher)
                return found, None, table.count(found.mask, **chosen)
            found, present = _relaxed(arrays, searcher, clauses, allowed)
            asked = [word for word in _WORD.findall(query_text) if is_question_word(word)] if words else []
            if asked and len(asked) < len(_WORD.findall(query_text)):
                # "Hvornår …?" also ranks the FAQ entry that asks the same question higher.
                how = arrays.evaluate(Or([Term(field, term) for word in asked for term in analyse(word)
                                          for field in SEARCH_FIELDS]), searcher)
                found.scores += np.where(found.mask, how.scores * QUESTION_WORD_WEIGHT, 0.0)
            return found, present, table.count(found.mask, **chosen)

        query_text = query
        searched = parsed
        matches, present, counts = run(parsed)
        suggestion = self.suggestion(searched_text, searcher, generation.name) if searched_text.strip() else None
        complete = counts.total if present is None else int(np.count_nonzero(
            matches.mask & (present.all(axis=0)) & (allowed if allowed is not None else True)))
        if suggestion and complete >= FUZZY_BELOW:
            suggestion = None  # the query already has good hits: nothing to correct
        if suggestion and counts.total < FUZZY_BELOW or suggestion and present is not None:
            # Few exact hits and a likely typo: also search the corrected words, weighted lower, so
            # the exact hits (if any) stay first.
            corrected = build_query(suggestion, synonyms)
            corrected.boost = FUZZY_BOOST
            searched = _either(parsed, corrected)
            matches, present, counts = run(searched)
        # Staff browsing by year: newest mentioned year first, then relevance. Otherwise passages
        # with more of the words first.
        first = (table.latest_year if sort == "year"
                 else _tiers(present, _typed(arrays, searcher, typed)) if present is not None else None)
        return _Matched(matches, present, counts, searched, words, suggestion, allowed, first, table, message)

    def passages(self, query: str, *, kinds: tuple[str, ...] = (), page_name: str | None = None,
                 limit: int = MAX_RESULT_WINDOW) -> tuple[int, list[Passage]]:
        """The ``limit`` best passages for ``query`` (every passage for an empty one, in index
        order), of the given ``kinds``, through the same query path as ``search``; and how many
        there are. For views that list rather than page (the timeline)."""
        query, _ = cap_query(query)
        searcher, generation = self._searcher()
        chosen = {"kind": tuple(kinds) or None, "year": None, "page": page_name or None}
        found = self._match(query, searcher, generation, self.synonyms.table(time.monotonic()), chosen)
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
        searcher, generation = self._searcher()

        synonyms = self.synonyms.table(time.monotonic())
        key = (generation.name, query, kind, year, page_name, page, per_page, sort, group)
        with self._lock:
            cached = self._results.get(key)
            if cached and cached[0] is synonyms:
                self._results.move_to_end(key)
                return replace(cached[1], hits=list(cached[1].hits),
                               took_ms=(time.perf_counter() - started) * 1000)
        chosen = {"kind": _KIND_ALIASES.get(kind.lower(), kind.lower()) if kind else None,
                  "year": str(year) if year else None, "page": page_name or None}
        found = self._match(query, searcher, generation, synonyms, chosen, sort)
        matches, present, counts, searched, words = found.matches, found.present, found.counts, found.searched, found.words
        allowed, first, table, suggestion = found.allowed, found.first, found.table, found.suggestion
        message = found.message or message
        highlight_words = _highlight_words(searched, searcher)
        labels = _clause_words(searched, words) if present is not None else []

        def hit(docnum) -> Hit:
            passage = from_document(searcher.stored_fields(int(docnum)))
            missing = ([word for word, has in zip(labels, present[:, docnum]) if not has]
                       if present is not None else [])
            return Hit(passage, float(matches.scores[docnum]), _snippet(passage, highlight_words), missing)

        groups = None
        if group:
            ranked = top(matches, allowed, MAX_RESULT_WINDOW, first=first)
            by_page: dict[int, list[int]] = {}
            for docnum in ranked:
                by_page.setdefault(int(table.page[docnum]), []).append(int(docnum))
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
                              per_page=per_page, message=message, groups=groups)
        with self._lock:
            self._results[key] = (synonyms, result)
            while len(self._results) > self.result_cache:
                self._results.popitem(last=False)
        return result

    def suggestion(self, query: str, searcher: WhooshSearcher | None = None,
                   generation: str | None = None) -> str | None:
        """A corrected query when some word is neither in the index vocabulary as written nor as an
        inflection, compound part or spelling without æ/ø/å ("hedspace" → "headspace")."""
        if searcher is None:
            searcher, current = self._searcher()
            generation = current.name
        changed = False
        words = []
        synonyms = self.synonyms.table(time.monotonic())
        for match in re.finditer(r"\S+", query):
            word = match.group(0)
            plain = normalise_word(word.strip("\"'()-+"))
            correction = None
            # A word with synonyms is understood even when the index lacks it ("seniorer"); question
            # words, stop words and common Danish or English words are words, not typos.
            if (_WORD.fullmatch(plain) and ":" not in word and not plain.isdigit()
                    and not any(term in synonyms for term in analyse(plain))
                    and not is_question_word(plain) and plain not in DANISH_STOPWORDS
                    and not is_common_word(plain)):
                correction = self._correction(plain, searcher, generation)
            if correction:
                words.append(word.replace(word.strip("\"'()-+"), correction))
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else None

    def _correction(self, word: str, searcher: WhooshSearcher, generation: str | None) -> str | None:
        key = (generation or "", word)
        with self._lock:
            if key in self._corrections:
                self._corrections.move_to_end(key)
                return self._corrections[key]
        reader = searcher.reader()
        correction = None
        if reader.doc_frequency("spell", word) == 0 and not _in_index(reader, word):
            # Misspellings seldom touch the first letter; requiring it keeps the lookup fast.
            options = vocabulary(searcher, "spell").suggest(word, limit=1, maxdist=2, prefix=1)
            correction = options[0] if options else _term_correction(word, searcher)
        with self._lock:
            self._corrections[key] = correction
            if len(self._corrections) > CORRECTION_CACHE:
                self._corrections.popitem(last=False)
        return correction

    def suggest(self, prefix: str, limit: int = SUGGEST_LIMIT) -> list[str]:
        """Words and phrases that complete what the user is typing (``completions``)."""
        return self.completions(prefix, limit).suggestions

    def completions(self, prefix: str, limit: int = SUGGEST_LIMIT) -> Completions:
        """Words and phrases that complete what the user is typing, and passage titles that open
        their passage (``index.autocomplete``)."""
        searcher, generation = self._searcher()
        return complete(prefix[:MAX_QUERY_CHARS], searcher, index_arrays(searcher, generation.path), limit)


def _term_correction(word: str, searcher: WhooshSearcher) -> str | None:
    """A correction found among the index terms when no word as written is close: the terms are
    shorter (stems, parts, spellings without accents), so "suprcykelsti" is one letter from
    supercykelsti(en) and "repationscafe" two from reparationscaf(é). Returned as a word of the
    index whose terms include the corrected one, never as a bare stem."""
    terms = analyse(word)
    if len(terms) != 1:
        return None
    options = vocabulary(searcher, "text").suggest(terms[0], limit=1, maxdist=2, prefix=1)
    if not options:
        return None
    term = options[0]
    reader = searcher.reader()
    for candidate in islice(reader.expand_prefix("spell", term[:-1] or term), SUGGEST_SCAN):
        candidate = candidate.decode("utf-8") if isinstance(candidate, bytes) else candidate
        if term in analyse(candidate, mode="index"):
            return candidate
    return None


def _in_index(reader, word: str) -> bool:
    """Whether the word's index term is known (as an inflection, part or ascii spelling)."""
    terms = [t.text for t in SCHEMA["text"].analyzer(word, mode="query")]
    return bool(terms) and all(reader.doc_frequency("text", t) or reader.doc_frequency("title", t)
                               for t in terms)
