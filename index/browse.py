"""Ways to browse the index besides a ranked query: passages like a given one, past initiatives by
year (the "Tidslinje"), the page titles behind the page facet, and topics worth suggesting.

Everything here reads the live generation through ``Searcher.current()``, so it follows reindexes
exactly like searching does.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from whoosh.query import And, Every, Or, Term

from ingest.model import Passage

from .documents import from_document
from .search import Searcher, parse_query

SIMILAR_LIMIT = 5
# Key terms taken from a passage to find its neighbours: enough to catch its topic, few enough that
# one common word ("Gladsaxe") cannot dominate.
SIMILAR_KEY_TERMS = 8
TIMELINE_KINDS = ("case", "partnership")
# Bounds the timeline on a very large index; a page lists at most this many initiatives.
TIMELINE_LIMIT = 2000
TOPIC_LIMIT = 8
# A topic is a passage's own short heading or caption ("Headspace Gladsaxe", "Verdensmålshuset"):
# titles derived from running text are longer or end in "…".
TOPIC_MAX_WORDS = 4
TOPIC_MAX_CHARS = 40


@dataclass
class YearGroup:
    """One year on the timeline and the initiatives that mention it."""

    year: int | None  # None: initiatives that mention no year
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Timeline:
    query: str
    total: int  # initiatives matched (each counted once, however many years it mentions)
    groups: list[YearGroup]


def more_like_this(searcher: Searcher, passage_id: str, limit: int = SIMILAR_LIMIT) -> list[Passage]:
    """Passages on the same topic as ``passage_id`` (Whoosh's ``more_like_this`` on its key terms),
    most similar first; empty when the passage is unknown."""
    whoosh_searcher, _ = searcher.current()
    found = whoosh_searcher.search(Term("id", passage_id), limit=1)
    if found.is_empty():
        return []
    hit = found[0]
    passage = from_document(hit.fields())
    # The text field is stored, not vectored: hand Whoosh the passage's words, title included.
    similar = hit.more_like_this("text", text=f"{passage.title}\n{passage.text}", top=limit,
                                 numterms=SIMILAR_KEY_TERMS)
    return [from_document(other.fields()) for other in similar]


def timeline(searcher: Searcher, query: str = "", *, kind: str | None = None,
             page_name: str | None = None) -> Timeline:
    """Cases and partnerships matching ``query`` grouped by the years they mention, newest year
    first; an initiative mentioning several years is listed under each. Within a year the best
    match comes first (page order when there is no query); initiatives without a year come last."""
    whoosh_searcher, _ = searcher.current()
    kinds = [kind] if kind in TIMELINE_KINDS else list(TIMELINE_KINDS)
    filters = [Or([Term("kind", k) for k in kinds])]
    if page_name:
        filters.append(Term("page", page_name))
    parsed = parse_query(query) if query.strip() else Every()
    results = whoosh_searcher.search(parsed, limit=TIMELINE_LIMIT, filter=And(filters))
    found = [hit.fields() for hit in results]
    if not query.strip():
        found.sort(key=lambda fields: (fields["page"], fields.get("order") or 0))
    by_year: dict[int | None, YearGroup] = {}
    for fields in found:
        passage = from_document(fields)
        for year in passage.years or [None]:
            by_year.setdefault(year, YearGroup(year)).passages.append(passage)
    groups = sorted(by_year.values(), key=lambda g: (g.year is None, -(g.year or 0)))
    return Timeline(query=query, total=len(results), groups=groups)


_cache_lock = threading.Lock()
_page_titles: dict[tuple[str, str], dict[str, str]] = {}
_topics: dict[tuple[str, str], list[str]] = {}


def page_titles(searcher: Searcher) -> dict[str, str]:
    """Page file name → the page's title, to label the page facet in words people recognise."""
    whoosh_searcher, generation = searcher.current()
    key = (str(searcher.index_dir), generation.name)
    with _cache_lock:
        if key not in _page_titles:
            titles: dict[str, str] = {}
            for fields in whoosh_searcher.all_stored_fields():
                titles.setdefault(fields["page"], fields.get("page_title") or fields["page"])
            _page_titles.clear()
            _page_titles[key] = titles
        return _page_titles[key]


def topics(searcher: Searcher, limit: int = TOPIC_LIMIT) -> list[str]:
    """Short headings of cases and partnerships in site order: topics to offer a citizen who has not
    found anything yet. Computed once per index generation."""
    whoosh_searcher, generation = searcher.current()
    key = (str(searcher.index_dir), generation.name)
    with _cache_lock:
        if key not in _topics:
            _topics.clear()
            _topics[key] = _headings(whoosh_searcher)
        return _topics[key][:limit]


def _headings(whoosh_searcher) -> list[str]:
    found = sorted((f for f in whoosh_searcher.all_stored_fields() if f["kind"] in TIMELINE_KINDS),
                   key=lambda f: (f["page"], f.get("order") or 0))
    seen, headings = set(), []
    for fields in found:
        title = " ".join((fields.get("title") or "").split())
        if (title and not title.endswith("…") and len(title) <= TOPIC_MAX_CHARS
                and len(title.split()) <= TOPIC_MAX_WORDS and title.casefold() not in seen):
            seen.add(title.casefold())
            headings.append(title)
    return headings
