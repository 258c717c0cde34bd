"""Latency statistics and the timed loop every engine's queries go through."""
from __future__ import annotations

import gc
import math
import statistics
import time
from collections import defaultdict
from typing import Any, Callable, Iterable

from .queries import Query


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50/p95/p99, mean and count of latencies in milliseconds (nearest-rank percentiles)."""
    if not samples_ms:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "mean": 0.0}
    ordered = sorted(samples_ms)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]

    return {"n": len(ordered), "p50": round(rank(50), 2), "p95": round(rank(95), 2),
            "p99": round(rank(99), 2), "mean": round(statistics.fmean(ordered), 2)}


def time_queries(search: Callable[[str], int], queries: Iterable[Query], warmup: Iterable[str]) -> dict:
    """Run ``warmup`` untimed, then each query once, timed. Returns overall percentiles, the
    per-kind p95 and the share of queries of each kind that found nothing."""
    for text in warmup:
        search(text)
    gc.collect()
    samples: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    empty: dict[str, int] = defaultdict(int)
    for query in queries:
        started = time.perf_counter()
        found = search(query.text)
        elapsed = (time.perf_counter() - started) * 1000
        samples.append(elapsed)
        by_kind[query.kind].append(elapsed)
        empty[query.kind] += not found
    return {
        **percentiles(samples),
        "by_kind": {kind: percentiles(values)["p95"] for kind, values in by_kind.items()},
        "empty": {kind: round(empty[kind] / len(values), 3) for kind, values in by_kind.items()},
    }


def time_each(function: Callable[[Any], Any], items: Iterable[Any]) -> dict:
    """Percentiles of ``function`` called once on each of ``items``, timed one call at a time."""
    samples = []
    for item in items:
        started = time.perf_counter()
        function(item)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)
