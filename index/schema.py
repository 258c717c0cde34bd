"""The index schema, declared once: what a passage looks like to Whoosh."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import danish_analyzer


class PageText(TEXT):
    """A text field every passage of a page carries alike (its page title, its breadcrumb): analysed
    once per page, since a reindex adds a page's passages one after the other, not once per passage."""

    def index(self, value, **kwargs):
        key = (value, sorted(kwargs.items()))
        last = self.__dict__.get("_last")
        if last is None or last[0] != key:
            last = self._last = (key, list(super().index(value, **kwargs)))
        return iter(last[1])

    def __getstate__(self):
        return {name: value for name, value in self.__dict__.items() if name != "_last"}

# BM25F field weights: a match in a passage's title says more than one in its body.
TITLE_BOOST = 3.0
PAGE_TITLE_BOOST = 1.5
SCHEMA_VERSION = "6"  # 3: the spell field keeps counts only, no positions; 4: the page's updated date;
# 5: no spell field (the words as written are counted into vocabulary files, index.postings); 6: the
# site a passage belongs to

SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    page=ID(stored=True),
    site=ID(stored=True),  # the host of the passage's URL: which site's pages it is from
    kind=ID(stored=True),
    years=KEYWORD(stored=True),  # space-separated years, one term each, for filters and facets
    latest_year=NUMERIC(int, bits=16, sortable=True, default=0),  # for "newest first"
    # The page's "last updated" date (ISO): page metadata, and "newest first" for passages without years.
    updated=ID(stored=True),
    title=TEXT(analyzer=danish_analyzer(), stored=True, field_boost=TITLE_BOOST),
    page_title=PageText(analyzer=danish_analyzer(), stored=True, field_boost=PAGE_TITLE_BOOST),
    breadcrumb=PageText(analyzer=danish_analyzer(), stored=True),
    text=TEXT(analyzer=danish_analyzer(), stored=True),
    url=STORED,
    order=STORED,  # position of the passage on its page
)

# Searched by default, in this order of importance.
SEARCH_FIELDS = ("title", "text", "page_title", "breadcrumb")
BREADCRUMB_SEPARATOR = " › "
