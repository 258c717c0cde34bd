"""Ways to browse the index besides a ranked query: passages like a given one, past initiatives by
year (the "Tidslinje"), the page titles behind the page facet, and topics worth suggesting.

Everything here reads the live generation through the ``Searcher`` (page titles and topics are kept
by its snapshot, ``index.serving.snapshot``), so it follows reindexes exactly like searching does.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ingest.model import Passage

from ..analysis import analyse
from .search import Searcher
from .snapshot import Snapshot

SIMILAR_LIMIT = 5
# Key terms taken from a passage to find its neighbours: enough to catch its topic, few enough that
# one common word ("Gladsaxe") cannot dominate.
SIMILAR_KEY_TERMS = 8
TIMELINE_KINDS = ("case", "partnership")
# A timeline lists at most this many initiatives, the best matches (each read from the stored
# fields); with more, the page says so and asks for more words. 2,000 took 80 ms at 100k passages.
TIMELINE_LIMIT = 500
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
    shown: int = 0  # initiatives listed: all of them, or the best ``TIMELINE_LIMIT``


def more_like_this(searcher: Searcher, passage_id: str, limit: int = SIMILAR_LIMIT) -> list[Passage]:
    """Passages on the same topic as ``passage_id``, most similar first; empty when the passage is
    unknown. Its ``SIMILAR_KEY_TERMS`` most telling words (frequent in it, rare in the index, as
    Whoosh's ``more_like_this`` picks them) are searched through the one query path, any of them."""
    passage = searcher.passage(passage_id)
    if passage is None:
        return []
    words = key_words(searcher, f"{passage.title}\n{passage.text}")
    if not words:
        return []
    _, found = searcher.passages(" OR ".join(words), limit=limit + 1)  # no snippets: titles are shown
    return [other for other in found if other.id != passage_id][:limit]


def key_words(searcher: Searcher, text: str, count: int = SIMILAR_KEY_TERMS) -> list[str]:
    """The words of ``text`` that say most about its topic: tf × idf of their index terms."""
    whoosh_searcher, _ = searcher.current()
    reader = whoosh_searcher.reader()
    documents = max(1, reader.doc_count())
    seen: dict[str, tuple[str, int]] = {}
    for word in re.findall(r"\w[\w-]*\w", text):
        terms = analyse(word)
        if len(terms) != 1 or word.isdigit():
            continue
        term = terms[0]
        first, n = seen.get(term, (word.lower(), 0))
        seen[term] = (first, n + 1)
    scored = []
    for term, (word, n) in seen.items():
        frequency = reader.doc_frequency("text", term)
        if frequency:
            scored.append((n * math.log(documents / frequency), word))
    return [word for _, word in sorted(scored, key=lambda s: (-s[0], s[1]))[:count]]


def timeline(searcher: Searcher, query: str = "", *, kind: str | None = None,
             page_name: str | None = None) -> Timeline:
    """Cases and partnerships matching ``query`` grouped by the years they mention, newest year
    first; an initiative mentioning several years is listed under each. Within a year the best
    match comes first (page order when there is no query); initiatives without a year come last.
    The matches are the search's own (``Searcher.passages``): the timeline is a view of a search."""
    kinds = (kind,) if kind in TIMELINE_KINDS else TIMELINE_KINDS
    total, found = searcher.passages(query, kinds=kinds, page_name=page_name, limit=TIMELINE_LIMIT)
    if not query.strip():
        order = {passage.id: n for n, passage in enumerate(found)}
        found.sort(key=lambda passage: (passage.page, order[passage.id]))
    by_year: dict[int | None, YearGroup] = {}
    for passage in found:
        for year in passage.years or [None]:
            by_year.setdefault(year, YearGroup(year)).passages.append(passage)
    groups = sorted(by_year.values(), key=lambda g: (g.year is None, -(g.year or 0)))
    return Timeline(query=query, total=total, groups=groups, shown=len(found))


def page_titles(searcher: Searcher) -> PageTitles:
    """Page file name → the page's title (``.get``), to label the page facet in words people
    recognise. Kept per index generation (its snapshot holds them)."""
    return searcher.snapshot().derived(_page_titles)


def topics(searcher: Searcher, limit: int = TOPIC_LIMIT) -> list[str]:
    """Short headings of cases and partnerships in site order: topics to offer a citizen who has not
    found anything yet. Computed once per index generation (its snapshot keeps them)."""
    return searcher.snapshot().derived(_headings)[:limit]


class PageTitles:
    """Page file name → the page's title as its first passage has it, read when first asked for
    (one stored document per page) and kept. A results page labels the few pages of its facet; reading
    every page's title up front cost the first results page of each generation 290 ms at 100k
    passages."""

    def __init__(self, snapshot: Snapshot):
        self._snapshot = snapshot
        self._titles: dict[str, str] = {}

    def get(self, page: str, default: str | None = None) -> str | None:
        title = self._titles.get(page)
        if title is None:
            title = self._titles[page] = self._read(page) or default
        return title

    def _read(self, page: str) -> str | None:
        first = self._snapshot.arrays.facets.first_of_page(page)
        if first is None:
            return None
        return self._snapshot.searcher().stored_fields(first).get("page_title") or page


def _page_titles(snapshot: Snapshot) -> PageTitles:
    return PageTitles(snapshot)


def _headings(snapshot: Snapshot) -> list[str]:
    found = sorted((f for f in snapshot.searcher().all_stored_fields() if f["kind"] in TIMELINE_KINDS),
                   key=lambda f: (f["page"], f.get("order") or 0))
    seen, headings = set(), []
    for fields in found:
        title = " ".join((fields.get("title") or "").split())
        if (title and not title.endswith("…") and len(title) <= TOPIC_MAX_CHARS
                and len(title.split()) <= TOPIC_MAX_WORDS and title.casefold() not in seen):
            seen.add(title.casefold())
            headings.append(title)
    return headings
