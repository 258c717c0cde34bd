"""The index schema, declared once: what a passage looks like to Whoosh."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import danish_analyzer, surface_analyzer

# BM25F field weights: a match in a passage's title says more than one in its body.
TITLE_BOOST = 3.0
PAGE_TITLE_BOOST = 1.5
SCHEMA_VERSION = "4"  # 3: the spell field keeps counts only, no positions; 4: the page's updated date

SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    page=ID(stored=True),
    kind=ID(stored=True),
    years=KEYWORD(stored=True),  # space-separated years, one term each, for filters and facets
    latest_year=NUMERIC(int, bits=16, sortable=True, default=0),  # for "newest first"
    # The page's "last updated" date (ISO): page metadata, and "newest first" for passages without years.
    updated=ID(stored=True),
    title=TEXT(analyzer=danish_analyzer(), stored=True, field_boost=TITLE_BOOST),
    page_title=TEXT(analyzer=danish_analyzer(), stored=True, field_boost=PAGE_TITLE_BOOST),
    breadcrumb=TEXT(analyzer=danish_analyzer(), stored=True),
    text=TEXT(analyzer=danish_analyzer(), stored=True),
    # Words as written, for suggestions and autocomplete: only their counts are read, so no
    # positions are written (a fifth of a full reindex's time went into this field).
    spell=TEXT(analyzer=surface_analyzer(), phrase=False),
    url=STORED,
    order=STORED,  # position of the passage on its page
)

# Searched by default, in this order of importance.
SEARCH_FIELDS = ("title", "text", "page_title", "breadcrumb")
BREADCRUMB_SEPARATOR = " › "
