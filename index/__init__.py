"""The Danish-stemmed Whoosh index.

Shared by both sides: the Danish analyzer (``analysis``), the schema and how a passage is stored
(``schema``, ``documents``), the generations on disk (``store``, ``pidlock``) and the posting arrays
written at commit and scored from (``postings``). ``batch`` runs in the nightly reindex; ``serving``
runs in the server.
"""
from .batch.reindex import PagesMissing, ReindexReport, reindex
from .serving.query import parse_query
from .serving.search import Hit, Searcher, SearchResult
from .store import IndexMissing, ReindexBusy

__all__ = ["Hit", "IndexMissing", "PagesMissing", "ReindexBusy", "ReindexReport", "SearchResult", "Searcher",
           "parse_query", "reindex"]
