"""Latency of the views besides the results page, in-process: the timeline (``/tidslinje``) over the
query mix, and the passage page's work (the passage and "Mere om samme emne") over a sample of
passages. Both run on a warm searcher, as the server's are.
"""
from __future__ import annotations

import gc
import itertools
import random
import time

from index import Searcher
from index.serving.browse import more_like_this, timeline
from ingest.model import Passage

from .measure import time_each, time_queries
from .queries import Workload

# The timeline's kind filter as its page offers it: every initiative, then cases, then partnerships.
TIMELINE_FILTERS = (None, "case", "partnership")
PASSAGE_SAMPLE = 120
PASSAGE_WARMUP = 10
# The timeline with no query lists every initiative (up to its limit): timed a few times, worst kept.
WHOLE_TIMELINE_RUNS = 3


def time_timeline(searcher: Searcher, workload: Workload) -> dict:
    """The timeline of each query of the mix once, the kind filter taking turns; percentiles as for
    searches (by kind of query; "empty" is the share with no initiative), and the worst of
    ``WHOLE_TIMELINE_RUNS`` timelines without a query."""
    filters = itertools.cycle(TIMELINE_FILTERS)
    figures = time_queries(lambda text: timeline(searcher, text, kind=next(filters)).total,
                           workload.queries, workload.warmup)
    whole = []
    for _ in range(WHOLE_TIMELINE_RUNS):
        started = time.perf_counter()
        timeline(searcher, "")
        whole.append((time.perf_counter() - started) * 1000)
    return {**figures, "no_query_ms": round(max(whole), 2)}


def passage_sample(passages: list[Passage], seed: int, count: int = PASSAGE_SAMPLE) -> list[str]:
    """Ids of ``count`` passages drawn with the run's seed (the site-wide contact passage left out:
    it is no page's content)."""
    ids = sorted(p.id for p in passages if p.kind != "site")
    return random.Random(f"passages:{seed}").sample(ids, min(count, len(ids)))


def time_passage_page(searcher: Searcher, ids: list[str]) -> dict:
    """What ``/passage/<id>`` asks of the index, timed per passage: the passage, then the passages
    on the same topic. ``missing`` counts ids the index did not know (it should be 0)."""
    def page(passage_id: str) -> None:
        searcher.passage(passage_id)
        more_like_this(searcher, passage_id)

    warmup, timed = ids[:PASSAGE_WARMUP], ids[PASSAGE_WARMUP:]
    for passage_id in warmup:
        page(passage_id)
    gc.collect()
    figures = time_each(page, timed)
    missing = sum(searcher.passage(passage_id) is None for passage_id in timed)
    return {**figures, "missing": missing}
