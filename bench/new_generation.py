"""The first results page on a newly published generation. A reindex switches the index under
running readers; the first search on the new generation pays for opening it (its Whoosh searcher,
posting arrays and whatever else is built once per generation), under whatever lock that takes.

Timed two ways after each publication: in-process, the first ``Searcher.search`` of a warm searcher;
and the whole ``/search`` page from a warm ``kommunesog serve`` (what a citizen waits for, page
titles and rendering included). Each is followed by a second, different query on the same
generation, for what the switch costs over a normal search.
"""
from __future__ import annotations

import http.client
import statistics
import time
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import quote

from index import Searcher

from . import http_load, serve

# An even count: the benchmark's edited page is changed back by every second publication.
REPETITIONS = 4
# A reader that refreshes in the background answers from the old generation for a while: searches
# are repeated (each a new query) until one is answered on the new one, at most this many.
MAX_TRIES = 50
REQUEST_TIMEOUT = 60


def measure(searcher: Searcher, index_dir: Path, publish: Callable[[int], str], queries: Sequence[str],
            warmup: Sequence[str], repetitions: int = REPETITIONS) -> dict:
    """``publish(n)`` publishes a new generation and returns its name; after each, the time until a
    search, then a ``/search`` page, is answered on it (ms, from asking the first time), and a second
    query on it. ``queries`` must hold ``2 * repetitions`` texts (more are used if a reader lags)."""
    asked = iter(queries)
    figures: dict[str, list[float]] = {"search_first": [], "search_then": [], "page_first": [], "page_then": []}
    with serve.servers(index_dir, count=1) as running:
        port = running[0][0]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        for text in warmup:
            searcher.search(text)
            _page(conn, text)
        for n in range(repetitions):
            generation = publish(n)
            figures["search_first"].append(_until(generation, asked, searcher.search,
                                                  lambda: searcher.stats()["generation"]))
            figures["search_then"].append(_timed(searcher.search, next(asked)))
            figures["page_first"].append(_until(generation, asked, lambda text: _page(conn, text),
                                                lambda: http_load.healthz(port)["generation"]))
            figures["page_then"].append(_timed(lambda text: _page(conn, text), next(asked)))
        conn.close()
    return {"repetitions": repetitions,
            **{name: {"median": round(statistics.median(samples), 2), "max": round(max(samples), 2),
                      "samples": [round(ms, 2) for ms in samples]} for name, samples in figures.items()}}


def _timed(function: Callable[[str], object], text: str) -> float:
    started = time.perf_counter()
    function(text)
    return (time.perf_counter() - started) * 1000


def _until(generation: str, asked, answer: Callable[[str], object], answered_on: Callable[[], str]) -> float:
    """ms from the first question until an answer comes from ``generation`` (the check itself is not
    counted)."""
    spent = 0.0
    for _ in range(MAX_TRIES):
        spent += _timed(answer, next(asked))
        if answered_on() == generation:
            return spent
    raise RuntimeError(f"no answer on generation {generation} after {MAX_TRIES} searches")


def _page(conn: http.client.HTTPConnection, text: str) -> None:
    status, _ = serve.get(conn, f"/search?q={quote(text)}")
    if status != 200:
        raise RuntimeError(f"/search?q={text} answered {status}")
