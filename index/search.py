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
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import highlight, qparser, sorting
from whoosh.query import And, Every, NullQuery, Or, Term
from whoosh.searching import Searcher as WhooshSearcher
from whoosh.sorting import Count, FieldFacet

from ingest.model import KINDS, Passage

from . import store
from .analysis import normalise_word, surface_analyzer
from .documents import from_document
from .schema import SCHEMA, SEARCH_FIELDS

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
# Deepest result a client may page to (like Elasticsearch's max_result_window).
MAX_RESULT_WINDOW = 1000
SNIPPET_CHARS = 240
SUGGEST_LIMIT = 8

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

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._local = threading.local()
        self._lock = threading.Lock()

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
        searcher, _ = self._searcher()

        parsed = parse_query(query) if query.strip() else Every()
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
        suggestion = self.suggestion(query, searcher) if query.strip() else None
        return SearchResult(query=query, total=total, hits=hits, suggestion=suggestion, facets=facets,
                            took_ms=(time.perf_counter() - started) * 1000, page=page, per_page=per_page,
                            message=message)

    def suggestion(self, query: str, searcher: WhooshSearcher | None = None) -> str | None:
        """A corrected query when some word is not in the index vocabulary ("hedspace" → "headspace")."""
        searcher = searcher or self._searcher()[0]
        reader = searcher.reader()
        corrector = searcher.corrector("spell")
        changed = False
        words = []
        for match in re.finditer(r"\S+", query):
            word = match.group(0)
            plain = normalise_word(word.strip("\"'()-+"))
            if (not _WORD.fullmatch(plain) or ":" in word or plain.isdigit()
                    or reader.doc_frequency("spell", plain) > 0):
                words.append(word)
                continue
            options = corrector.suggest(plain, limit=1, maxdist=2)
            if options:
                words.append(word.replace(word.strip("\"'()-+"), options[0]))
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else None

    def suggest(self, prefix: str, limit: int = SUGGEST_LIMIT) -> list[str]:
        """Completions for what the user is typing: index words that continue the last word, then
        passage titles containing it."""
        prefix = prefix[:MAX_QUERY_CHARS]
        tokens = [t.text for t in surface_analyzer()(prefix)]
        if not tokens or prefix.endswith(" "):
            return []
        searcher, _ = self._searcher()
        reader = searcher.reader()
        last = tokens[-1]
        head = prefix[: prefix.lower().rfind(last)] if last in prefix.lower() else ""
        words = sorted(
            (term.decode("utf-8") if isinstance(term, bytes) else term
             for term in reader.expand_prefix("spell", last)),
            key=lambda w: (-reader.doc_frequency("spell", w), w),
        )
        completions = [f"{head}{w}" for w in words if w != last][:limit]
        if len(completions) < limit:
            titles = searcher.search(qparser.QueryParser("title", SCHEMA).parse(f"{last}*"), limit=limit)
            for hit in titles:
                if hit["title"] not in completions:
                    completions.append(hit["title"])
        return completions[:limit]


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
