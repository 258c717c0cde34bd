"""The plain baseline Kommunesøg is measured against: what a developer builds in an afternoon.

Whoosh with lower case, Danish stop words and Snowball's Danish stemmer (Elasticsearch's ``danish``
analyzer, in Whoosh), the same searched fields with the same BM25F field weights, and Whoosh's
default query parsing with every word required. No lemmas, compounds, ascii spellings, synonyms or
typo correction.
"""
from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, TEXT, Schema

from index.schema import BREADCRUMB_SEPARATOR, PAGE_TITLE_BOOST, SEARCH_FIELDS, TITLE_BOOST
from ingest.model import Passage


def plain_analyzer():
    """Whoosh's stock chain with Danish stop words and Snowball Danish stemming."""
    return RegexTokenizer() | LowercaseFilter() | StopFilter(lang="da") | StemFilter(lang="da")


def plain_schema() -> Schema:
    analyzer = plain_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, field_boost=TITLE_BOOST),
        text=TEXT(analyzer=analyzer),
        page_title=TEXT(analyzer=analyzer, field_boost=PAGE_TITLE_BOOST),
        breadcrumb=TEXT(analyzer=analyzer),
    )


class PlainSearch:
    """A baseline index over the given passages in ``folder``, searched with BM25F."""

    def __init__(self, passages: list[Passage], folder: Path):
        schema = plain_schema()
        index = whoosh_index.create_in(str(folder), schema)
        with index.writer() as writer:
            for p in passages:
                writer.add_document(id=p.id, title=p.title, text=p.text, page_title=p.page_title,
                                    breadcrumb=BREADCRUMB_SEPARATOR.join(p.breadcrumb))
        self._searcher = index.searcher()
        self._parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, group=qparser.AndGroup)

    def search(self, query: str, limit: int) -> list[str]:
        """Passage ids, best first."""
        return [hit["id"] for hit in self._searcher.search(self._parser.parse(query), limit=limit)]

    def close(self) -> None:
        self._searcher.close()
