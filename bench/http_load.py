"""HTTP load through real ``kommunesog serve`` processes on 127.0.0.1: concurrent keep-alive clients,
bounded in time and in requests, while the servers' memory (RSS) is sampled.

With several servers the clients take turns between them, as a round-robin load balancer would.
"""
from __future__ import annotations

import http.client
import json
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psutil

from . import serve
from .measure import percentiles
from .serve import get

RSS_EVERY = 0.1
REQUEST_TIMEOUT = 30


@contextmanager
def servers(index_dir: Path, count: int = 1, threads: int | None = None):
    """``count`` ``kommunesog serve`` processes on free ports, without a result cache (the query mix
    repeats: every request is searched); yields [(port, psutil.Process)]."""
    with serve.servers(index_dir, count=count, threads=threads, result_cache=0) as running:
        yield [(port, psutil.Process(process.pid)) for port, process in running]


class _RssSampler(threading.Thread):
    def __init__(self, processes: list[psutil.Process]):
        super().__init__(daemon=True)
        self.processes = processes
        self.peak = {p.pid: 0 for p in processes}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for p in self.processes:
                try:
                    self.peak[p.pid] = max(self.peak[p.pid], p.memory_info().rss)
                except psutil.Error:
                    pass
            self.stop.wait(RSS_EVERY)


def load(ports: list[int], processes: list[psutil.Process], paths: list[str], *, clients: int = 8,
         seconds: float = 20.0, max_requests: int = 5000, warmup: list[str] = ()) -> dict:
    """``clients`` threads, each with one keep-alive connection, request ``paths`` in turn (each
    client starting at its own offset) until ``seconds`` pass or ``max_requests`` are sent. Returns
    latency percentiles, requests/s, errors and the peak RSS of each server process in MB."""
    for port in ports:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        for path in warmup:
            get(conn, path)
        conn.close()
    sampler = _RssSampler(processes)
    sampler.start()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    sent = [0]
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client(number: int) -> None:
        port = ports[number % len(ports)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        at = number * len(paths) // clients
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            path = paths[at % len(paths)]
            at += 1
            begun = time.perf_counter()
            try:
                status, body = get(conn, path)
                ok = status == 200 and body[:1] == b"{"
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            latencies[number].append((time.perf_counter() - begun) * 1000)
            errors[number] += not ok
        conn.close()

    workers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    samples = [ms for per_client in latencies for ms in per_client]
    return {**percentiles(samples), "clients": clients, "servers": len(ports), "seconds": round(elapsed, 2),
            "rps": round(len(samples) / elapsed, 1), "errors": sum(errors),
            "peak_rss_mb": [round(rss / 2**20, 1) for rss in sampler.peak.values()]}


def search_paths(texts: list[str]) -> list[str]:
    """/api/search URLs for query texts."""
    return [f"/api/search?q={quote(text)}" for text in texts]


def suggest_paths(prefixes: list[str]) -> list[str]:
    return [f"/api/suggest?q={quote(prefix)}" for prefix in prefixes]


def healthz(port: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    _, body = get(conn, "/healthz")
    conn.close()
    return json.loads(body)
