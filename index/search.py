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
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from whoosh import highlight, qparser, sorting
from whoosh.query import And, Every, NullQuery, Or, Phrase, Prefix, Term
from whoosh.searching import Searcher as WhooshSearcher
from whoosh.sorting import Count, FieldFacet

from ingest.model import KINDS, Passage

from . import store
from .analysis import ascii_spellings, normalise_word, surface_analyzer
from .documents import from_document
from .schema import SCHEMA, SEARCH_FIELDS
from .synonyms import Synonyms

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
# Deepest result a client may page to (like Elasticsearch's max_result_window).
MAX_RESULT_WINDOW = 1000
SNIPPET_CHARS = 240
SUGGEST_LIMIT = 8
SUGGEST_TITLES = 3  # autocomplete slots kept for passage titles
SUGGEST_SCAN = 400  # index words looked at per autocomplete prefix (bounds the time of short prefixes)
SUGGEST_TITLE_MIN = 3  # shortest prefix that also completes passage titles
# Synonyms and typo corrections count less than the words typed, so exact matches stay on top.
SYNONYM_BOOST = 0.7
FUZZY_BOOST = 0.5
FUZZY_BELOW = 3  # fewer exact hits than this also searches the corrected spelling
CORRECTION_CACHE = 20_000

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


@dataclass
class Hit:
    passage: Passage
    score: float
    snippet: str

    def to_dict(self) -> dict:
        return {**self.passage.to_dict(), "score": round(self.score, 4), "snippet": self.snippet}


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

    def to_dict(self) -> dict:
        return {
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
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.remove_plugin_class(qparser.BoostPlugin)  # "^" is typed by accident more than on purpose
    return parser


_PARSER = _parser()


_FIELD_PREFIX = re.compile(r"(\w+):")
_KNOWN_FIELDS = set(SCHEMA.names()) | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}


def _tidy(text: str) -> str:
    """Make typed input safe for the parser: an unknown "field:" is just a word, an unpaired quote
    or bracket is dropped."""
    text = _FIELD_PREFIX.sub(
        lambda m: m.group(1).lower() + ":" if m.group(1).lower() in _KNOWN_FIELDS else m.group(1) + " ", text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    if text.count("(") != text.count(")"):
        text = text.replace("(", " ").replace(")", " ")
    return text.strip()


def parse_query(text: str):
    """Parse a query string; syntax that cannot be parsed is searched as plain words."""
    text = _tidy(text)
    try:
        query = _PARSER.parse(text)
    except Exception:
        query = None
    if query is None or query is NullQuery or _has_errors(query):
        words = _SYNTAX.sub(" ", text)
        query = _PARSER.parse(" ".join(words.split()))
    return _normalise_kind_terms(query)


def _has_errors(query) -> bool:
    return any(type(q).__name__ == "ErrorQuery" for q in query.leaves()) if hasattr(query, "leaves") else False


def _normalise_kind_terms(query):
    """``type:sag`` means ``kind:case``: staff type the Danish names of kinds."""
    for leaf in list(query.leaves()) if hasattr(query, "leaves") else []:
        if isinstance(leaf, Term) and leaf.fieldname == "kind":
            leaf.text = _KIND_ALIASES.get(str(leaf.text).lower(), str(leaf.text).lower())
    return query


_TEXT_FIELDS = frozenset(SEARCH_FIELDS)


def expand_synonyms(query, table: dict[str, tuple[tuple[str, ...], ...]]):
    """Each searched word that has synonyms becomes "the word OR its synonyms", the synonyms
    weighted lower (``SYNONYM_BOOST``); a synonym of several words is a phrase."""
    if not table:
        return query
    if isinstance(query, Term):
        alternatives = table.get(query.text) if query.fieldname in _TEXT_FIELDS else None
        if not alternatives:
            return query
        expanded = [query]
        for terms in alternatives:
            alternative = (Term(query.fieldname, terms[0]) if len(terms) == 1
                           else Phrase(query.fieldname, list(terms)))
            alternative.boost = query.boost * SYNONYM_BOOST
            expanded.append(alternative)
        return Or(expanded)
    if isinstance(query, Phrase) or query.is_leaf():
        return query
    return query.apply(lambda sub: expand_synonyms(sub, table))


def _snippet(passage: Passage, hit) -> str:
    try:
        marked = hit.highlights("text", text=passage.text, top=2)
    except Exception:
        marked = ""
    if marked:
        return marked
    text = " ".join(passage.text.split())
    if len(text) > SNIPPET_CHARS:
        cut = text.rfind(" ", 0, SNIPPET_CHARS)
        text = text[: cut if cut > 0 else SNIPPET_CHARS] + " …"
    return html.escape(text, quote=False)


class Searcher:
    """Searches the live generation of an index directory.

    Each thread keeps its own Whoosh searcher open and reuses it; a cheap check of the ``CURRENT``
    pointer on every call switches to a newly published generation without a restart.
    """

    def __init__(self, index_dir: Path, synonyms: Synonyms | Path | None = None):
        self.index_dir = Path(index_dir)
        self._local = threading.local()
        self._lock = threading.Lock()
        self.synonyms = synonyms if isinstance(synonyms, Synonyms) else Synonyms(synonyms)
        # (generation, word) → correction or None: spelling correction is the costly part of a query
        self._corrections: OrderedDict[tuple[str, str], str | None] = OrderedDict()

    def current(self) -> tuple[WhooshSearcher, store.Generation]:
        """This thread's open Whoosh searcher on the live generation (reopened when a new one is
        published), for modules that need Whoosh directly (more-like-this, timelines)."""
        return self._searcher()

    def _searcher(self) -> tuple[WhooshSearcher, store.Generation]:
        generation = store.current_generation(self.index_dir)
        cached = getattr(self._local, "cached", None)
        if cached and generation and cached[1] == generation:
            return cached
        index, generation = store.open_index(self.index_dir)
        searcher = index.searcher()
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

    def search(self, query: str, *, kind: str | None = None, year: int | None = None,
               page_name: str | None = None, page: int = 1, per_page: int = DEFAULT_PER_PAGE,
               sort: str = "relevance") -> SearchResult:
        """Search; ``sort`` is ``relevance`` or ``year`` (newest mentioned year first, then relevance)."""
        started = time.perf_counter()
        message = None
        query = query or ""
        if len(query) > MAX_QUERY_CHARS:
            query = query[:MAX_QUERY_CHARS]
            message = f"Søgningen er forkortet til de første {MAX_QUERY_CHARS} tegn."
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        page = max(1, min(int(page), MAX_RESULT_WINDOW // per_page))
        searcher, generation = self._searcher()

        synonyms = self.synonyms.table(time.monotonic())
        parsed = expand_synonyms(parse_query(query), synonyms) if query.strip() else Every()
        filters = {}
        if kind:
            filters["kind"] = Term("kind", _KIND_ALIASES.get(kind.lower(), kind.lower()))
        if year:
            filters["years"] = Term("years", str(year))
        if page_name:
            filters["page"] = Term("page", page_name)

        def combined(skip: str | None = None):
            terms = [q for name, q in filters.items() if name != skip]
            return And(terms) if terms else None

        sortedby = None
        if sort == "year":
            sortedby = [sorting.FieldFacet("latest_year", reverse=True), sorting.ScoreFacet()]
        results = searcher.search_page(parsed, page, pagelen=per_page, filter=combined(),
                                       groupedby=_facets(), sortedby=sortedby)
        suggestion = self.suggestion(query, searcher, generation.name) if query.strip() else None
        if suggestion and results.total < FUZZY_BELOW:
            # Few exact hits and a likely typo: also search the corrected words, weighted lower, so
            # the exact hits (if any) stay first.
            corrected = expand_synonyms(parse_query(suggestion), synonyms)
            corrected.boost = FUZZY_BOOST
            parsed = Or([parsed, corrected])
            results = searcher.search_page(parsed, page, pagelen=per_page, filter=combined(),
                                           groupedby=_facets(), sortedby=sortedby)
        results.results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
        results.results.formatter = _MarkFormatter(between=" … ")
        hits = []
        for hit in results:
            passage = from_document(hit.fields())
            score = hit.score
            if isinstance(score, tuple):  # sorted by year: the key ends with the negated relevance
                score = -score[-1]
            hits.append(Hit(passage, score or 0.0, _snippet(passage, hit)))
        facets = _facet_counts(results.results)
        for name in ("kind", "years"):
            if name in filters:  # a chosen filter still shows the other choices' counts
                others = searcher.search(parsed, limit=1, filter=combined(skip=name), groupedby=_facets())
                facets[name] = _facet_counts(others)[name]
        total = results.total
        return SearchResult(query=query, total=total, hits=hits, suggestion=suggestion, facets=facets,
                            took_ms=(time.perf_counter() - started) * 1000, page=page, per_page=per_page,
                            message=message)

    def suggestion(self, query: str, searcher: WhooshSearcher | None = None,
                   generation: str | None = None) -> str | None:
        """A corrected query when some word is neither in the index vocabulary as written nor as an
        inflection, compound part or spelling without æ/ø/å ("hedspace" → "headspace")."""
        if searcher is None:
            searcher, current = self._searcher()
            generation = current.name
        changed = False
        words = []
        for match in re.finditer(r"\S+", query):
            word = match.group(0)
            plain = normalise_word(word.strip("\"'()-+"))
            correction = None
            if _WORD.fullmatch(plain) and ":" not in word and not plain.isdigit():
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
            options = searcher.corrector("spell").suggest(word, limit=1, maxdist=2, prefix=1)
            correction = options[0] if options else None
        with self._lock:
            self._corrections[key] = correction
            if len(self._corrections) > CORRECTION_CACHE:
                self._corrections.popitem(last=False)
        return correction

    def suggest(self, prefix: str, limit: int = SUGGEST_LIMIT) -> list[str]:
        """Completions for what the user is typing: the most used index words that continue the last
        word, and up to ``SUGGEST_TITLES`` passage titles with a word starting so."""
        prefix = prefix[:MAX_QUERY_CHARS]
        tokens = [t.text for t in surface_analyzer()(prefix)]
        if not tokens or prefix.endswith(" "):
            return []
        searcher, _ = self._searcher()
        reader = searcher.reader()
        last = tokens[-1]
        head = prefix[: prefix.lower().rfind(last)] if last in prefix.lower() else ""
        scanned = islice(reader.expand_prefix("spell", last), SUGGEST_SCAN)
        words = sorted((term.decode("utf-8") if isinstance(term, bytes) else term for term in scanned),
                       key=lambda w: (-reader.doc_frequency("spell", w), w))
        completions = [f"{head}{w}" for w in words if w != last]
        titles = _title_completions(searcher, last, limit) if len(last) >= SUGGEST_TITLE_MIN else []
        chosen = completions[: limit - min(len(titles), SUGGEST_TITLES)]
        for candidate in [*titles, *completions[len(chosen):]]:
            if len(chosen) >= limit:
                break
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen


def _title_completions(searcher: WhooshSearcher, prefix: str, limit: int) -> list[str]:
    """Passage titles with a word starting with ``prefix`` as written or typed without æ/ø/å."""
    found = []
    for hit in searcher.search(Prefix("title", prefix), limit=limit * 2):
        title = hit["title"]
        words = [normalise_word(w) for w in _WORD.findall(title)]
        if title not in found and any(form.startswith(prefix) for w in words
                                      for form in (w, *ascii_spellings(w))):
            found.append(title)
    return found[:limit]


def _in_index(reader, word: str) -> bool:
    """Whether the word's index term is known (as an inflection, part or ascii spelling)."""
    terms = [t.text for t in SCHEMA["text"].analyzer(word, mode="query")]
    return bool(terms) and all(reader.doc_frequency("text", t) or reader.doc_frequency("title", t)
                               for t in terms)


def _facets() -> dict:
    return {
        "kind": FieldFacet("kind", maptype=Count),
        "years": FieldFacet("years", allow_overlap=True, maptype=Count),
        "page": FieldFacet("page", maptype=Count),
    }


def _facet_counts(results) -> dict[str, dict[str, int]]:
    counts = {}
    for name in ("kind", "years", "page"):
        try:
            groups = results.groups(name)
        except KeyError:
            groups = {}
        ordered = sorted(groups.items(), key=lambda kv: (-kv[1], str(kv[0])))
        counts[name] = {str(k): v for k, v in ordered if k not in (None, "")}
    if "kind" in counts:
        counts["kind"] = {k: counts["kind"][k] for k in KINDS if k in counts["kind"]}
    return counts
