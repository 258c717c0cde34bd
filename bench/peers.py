"""The engines Kommunesøg is compared with, each indexing the same passages and answering the same
queries: plain Whoosh with snowball Danish stemming (what a developer builds in an afternoon),
tantivy through its Python binding (with its Danish snowball stemmer and stop words), and bm25s with
PyStemmer's Danish snowball.

Each peer indexes a passage's title and text and returns the top ``LIMIT`` ids; searches need every
word (as Kommunesøg's do), except bm25s, which only ranks by BM25 (every passage with any query word).
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from ingest.model import Passage

LIMIT = 10
_BM25_PATTERN = r"(?u)\b\w\w+\b"


def folder_bytes(path: Path) -> int:
    """Bytes of all files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _searchable(passages: list[Passage]) -> list[Passage]:
    return [p for p in passages if p.kind != "site"]


class PlainWhoosh:
    """Whoosh's stock ``LanguageAnalyzer("da")`` (tokenize, lower case, stop words, snowball) on
    title and text, the default writer, the default query parser (all words must match)."""

    name = "whoosh-plain"

    def build(self, passages: list[Passage], folder: Path) -> float:
        from whoosh import index
        from whoosh.analysis import LanguageAnalyzer
        from whoosh.fields import ID, TEXT, Schema

        started = time.perf_counter()
        schema = Schema(id=ID(stored=True, unique=True),
                        title=TEXT(analyzer=LanguageAnalyzer("da"), stored=True, field_boost=3.0),
                        text=TEXT(analyzer=LanguageAnalyzer("da"), stored=True))
        ix = index.create_in(_fresh(folder), schema)
        writer = ix.writer()
        for p in _searchable(passages):
            writer.add_document(id=p.id, title=p.title, text=p.text)
        writer.commit()
        return time.perf_counter() - started

    def open(self, folder: Path) -> None:
        from whoosh import index, qparser

        self._ix = index.open_dir(folder)
        self._searcher = self._ix.searcher()
        self._parser = qparser.MultifieldParser(["title", "text"], self._ix.schema)

    def search(self, text: str) -> int:
        results = self._searcher.search(self._parser.parse(text), limit=LIMIT)
        return len([hit["id"] for hit in results])

    def close(self) -> None:
        self._searcher.close()


class Tantivy:
    """tantivy (Rust) with a simple tokenizer, lower case, Danish stop words and Danish snowball."""

    name = "tantivy"

    def _index(self, folder: Path):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="da")
        builder.add_text_field("text", stored=True, tokenizer_name="da")
        ix = tantivy.Index(builder.build(), path=str(folder))
        analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                    .filter(tantivy.Filter.lowercase())
                    .filter(tantivy.Filter.stopword("danish"))
                    .filter(tantivy.Filter.stemmer("danish"))
                    .build())
        ix.register_tokenizer("da", analyzer)  # not stored in the index: registered on every open
        return ix

    def build(self, passages: list[Passage], folder: Path) -> float:
        import tantivy

        started = time.perf_counter()
        ix = self._index(_fresh(folder))
        writer = ix.writer(heap_size=128_000_000)
        for p in _searchable(passages):
            writer.add_document(tantivy.Document(id=p.id, title=p.title, text=p.text))
        writer.commit()
        writer.wait_merging_threads()
        return time.perf_counter() - started

    def open(self, folder: Path) -> None:
        self._ix = self._index(folder)
        self._ix.reload()
        self._searcher = self._ix.searcher()

    def search(self, text: str) -> int:
        query, _errors = self._ix.parse_query_lenient(text, ["title", "text"], field_boosts={"title": 3.0},
                                                      conjunction_by_default=True)
        hits = self._searcher.search(query, LIMIT).hits
        return len([self._searcher.doc(address)["id"][0] for _score, address in hits])

    def close(self) -> None:
        self._searcher = None


class Bm25s:
    """bm25s (sparse matrices in NumPy) over title + text, Danish stop words, PyStemmer snowball."""

    name = "bm25s"

    def __init__(self):
        import Stemmer
        from whoosh.lang import stopwords_for_language

        self._stemmer = Stemmer.Stemmer("danish")
        self._stopwords = sorted(stopwords_for_language("da"))

    def _tokens(self, texts: list[str], **kwargs):
        import bm25s

        return bm25s.tokenize(texts, token_pattern=_BM25_PATTERN, stopwords=self._stopwords,
                              stemmer=self._stemmer, show_progress=False, **kwargs)

    def build(self, passages: list[Passage], folder: Path) -> float:
        import bm25s

        started = time.perf_counter()
        searchable = _searchable(passages)
        retriever = bm25s.BM25()
        retriever.index(self._tokens([f"{p.title}\n{p.text}" for p in searchable]), show_progress=False)
        retriever.save(str(_fresh(folder)))
        (folder / "ids.txt").write_text("\n".join(p.id for p in searchable), encoding="utf-8")
        return time.perf_counter() - started

    def open(self, folder: Path) -> None:
        import bm25s

        self._retriever = bm25s.BM25.load(str(folder))
        self._ids = (folder / "ids.txt").read_text(encoding="utf-8").split("\n")

    def search(self, text: str) -> int:
        tokens = self._tokens([re.sub(r'["()]', " ", text)], return_ids=False)
        if not tokens[0]:
            return 0
        k = min(LIMIT, len(self._ids))
        documents, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return len([self._ids[d] for d, s in zip(documents[0], scores[0]) if s > 0])

    def close(self) -> None:
        self._retriever = None


PEERS = (PlainWhoosh, Tantivy, Bm25s)
