"""The Danish-stemmed Whoosh index: analysis, schema, generations, reindexing and searching."""
from .reindex import PagesMissing, ReindexReport, reindex
from .query import parse_query
from .search import Hit, Searcher, SearchResult
from .store import IndexMissing, ReindexBusy

__all__ = ["Hit", "IndexMissing", "PagesMissing", "ReindexBusy", "ReindexReport", "SearchResult", "Searcher",
           "parse_query", "reindex"]
