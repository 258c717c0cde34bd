"""Load while reindexing: several concurrent clients search a real ``kommunesog serve`` on 127.0.0.1
while full reindexes of the same index run back to back in another process.

    python -m bench.load --seconds 60 --clients 6 --pages 200

Pages come from ``bench.corpus``; the query mix (single words, several words, phrases, inflections,
compounds, spellings without æ/ø/å, typos, autocomplete prefixes) from ``bench.queries``. Requests go
to /api/search (with filters and later pages now and then), the HTML /search page, /api/suggest and
/healthz. An error is any answer but 200, a failed connection, or a traceback in the server's log.
Prints the request count, error count and latency percentiles; exits 1 on any error, or when no
reindex finished during the run (then it proved nothing about searching during a reindex).

``--search-log both`` (the default) serves the index twice, one server counting searches
(searchapp/searchlog.py) and one not, and sends every request of the mix to both, in turn first: the
two p95s are measured under the same load and the same reindexes, so they can be compared (counting
must not slow searches). ``on`` or ``off`` serves once.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from ingest import ingest_folder

from .corpus import generate
from .measure import percentiles
from .queries import build_workload
from .serve import get, kommunesog as cli, servers

REQUEST_TIMEOUT = 30
REINDEX_TIMEOUT = 600
# The load goes on past its time (at most this much longer) until one full reindex has finished
# beside it: on a busy machine a short run could otherwise end before any reindex did.
OVERTIME_SECONDS = 120
KINDS = ("case", "partnership", "page")


@dataclass
class LoadReport:
    seconds: float
    clients: int
    pages: int
    requests: int = 0
    errors: int = 0
    latency_ms: dict = field(default_factory=dict)
    by_endpoint: dict = field(default_factory=dict)  # endpoint → request count
    reindexes: int = 0  # full reindexes that finished (and published) during the load
    reindex_failures: int = 0
    generations: list[str] = field(default_factory=list)  # generations /healthz reported, in order
    tracebacks: int = 0  # in the server's log
    error_samples: list[str] = field(default_factory=list)
    search_log: str = "on"  # the servers: "on" or "off" (kommunesog serve --no-search-log), or "both"
    latency_by_search_log: dict = field(default_factory=dict)  # "on"/"off" → percentiles, with "both"
    search_stats: dict | None = None  # `kommunesog stats --json` after the run, with the search log on

    def summary(self) -> str:
        lat = self.latency_ms
        return (f"load (search log {self.search_log}): {self.seconds:.0f} s, {self.clients} clients, "
                f"{self.pages} pages: {self.requests} requests, "
                f"{self.errors} errors; latency p50 {lat.get('p50', 0)} ms, p95 {lat.get('p95', 0)} ms, "
                f"p99 {lat.get('p99', 0)} ms, max {lat.get('max', 0)} ms; {self.reindexes} full reindexes "
                f"finished during the load ({self.reindex_failures} failed), generations served: "
                f"{', '.join(self.generations)}; tracebacks in server log: {self.tracebacks}")


@contextmanager
def serving(index_dir: Path, log_path: Path, threads: int | None = None, search_log: bool = True):
    """``kommunesog serve`` on a free loopback port, its log in ``log_path``; yields the port.
    The server is ready when /healthz answers at all (a 503 for a missing index counts)."""
    with servers(index_dir, threads=threads, log_paths=[log_path], any_status=True,
                 extra=() if search_log else ("--no-search-log",)) as [(port, _)]:
        yield port


def reindex(pages_dir: Path, index_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """``kommunesog reindex`` as cron runs it."""
    return subprocess.run(cli("reindex", "--pages", str(pages_dir), "--index", str(index_dir), "--quiet", *extra),
                          capture_output=True, text=True, timeout=REINDEX_TIMEOUT)


class _Reindexer(threading.Thread):
    """Full reindexes back to back until stopped; the one running at the stop is killed (as a
    reindex may be at any time), which the store handles by never publishing it."""

    def __init__(self, pages_dir: Path, index_dir: Path):
        super().__init__(daemon=True)
        self.command = cli("reindex", "--pages", str(pages_dir), "--index", str(index_dir), "--full", "--quiet")
        self.stop = threading.Event()
        self.finished = 0
        self.failures: list[str] = []
        self.process: subprocess.Popen | None = None

    def run(self) -> None:
        while not self.stop.is_set():
            self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, stderr = self.process.communicate()
            if self.stop.is_set():
                break
            if self.process.returncode == 0:
                self.finished += 1
            else:
                self.failures.append(f"reindex exited {self.process.returncode}: {stderr.decode()[-300:]}")

    def halt(self) -> None:
        self.stop.set()
        if self.process and self.process.poll() is None:
            self.process.kill()
        self.join(timeout=30)


def request_mix(pages_dir: Path, seed: int) -> list[tuple[str, str]]:
    """(endpoint, path) pairs in the proportions people use them: mostly API and page searches,
    then autocomplete, a few health checks."""
    workload = build_workload(ingest_folder(pages_dir).passages, seed=seed)
    rng = random.Random(seed)
    mix = []
    for query in workload.queries:
        args = {"q": query.text}
        if rng.random() < 0.15:
            args["kind"] = rng.choice(KINDS)
        if rng.random() < 0.15:
            args["page"] = rng.randint(2, 3)
        mix.append(("/api/search", "/api/search?" + urlencode(args)))
        if rng.random() < 0.4:
            mix.append(("/search", "/search?" + urlencode({"q": query.text})))
    mix += [("/api/suggest", "/api/suggest?" + urlencode({"q": prefix})) for prefix in workload.prefixes]
    mix += [("/healthz", "/healthz")] * max(1, len(mix) // 20)
    rng.shuffle(mix)
    return mix


def _clients(ports: dict[str, int], mix: list[tuple[str, str]], clients: int, seconds: float,
             report: LoadReport, reindexer: "_Reindexer") -> None:
    """Each client sends the mix, every request to each server of ``ports`` (name → port), taking
    turns which one is asked first."""
    latencies: dict[str, list[float]] = {name: [] for name in ports}
    lock = threading.Lock()
    started = time.monotonic()

    def keep_going() -> bool:
        elapsed = time.monotonic() - started
        return elapsed < seconds or (not reindexer.finished and elapsed < seconds + OVERTIME_SECONDS)

    def client(number: int) -> None:
        conns = {name: http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
                 for name, port in ports.items()}
        names = list(ports)
        at = number * len(mix) * len(names) // clients
        while keep_going():
            endpoint, path = mix[at // len(names) % len(mix)]
            name = names[(at + at // len(names)) % len(names)]
            conn = conns[name]
            at += 1
            started = time.perf_counter()
            try:
                status, body = get(conn, path)
                problem = None if status == 200 else f"{status} {path}: {body[:200]!r}"
            except (OSError, http.client.HTTPException) as err:
                problem = f"{type(err).__name__} {path}: {err}"
                conn.close()
                conns[name] = http.client.HTTPConnection("127.0.0.1", ports[name], timeout=REQUEST_TIMEOUT)
            elapsed = (time.perf_counter() - started) * 1000
            if endpoint == "/healthz" and not problem:
                generation = json.loads(body)["generation"]
            with lock:
                latencies[name].append(elapsed)
                report.requests += 1
                report.by_endpoint[endpoint] = report.by_endpoint.get(endpoint, 0) + 1
                if problem:
                    report.errors += 1
                    if len(report.error_samples) < 10:
                        report.error_samples.append(problem)
                elif endpoint == "/healthz" and generation not in report.generations:
                    report.generations.append(generation)
        for conn in conns.values():
            conn.close()

    workers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    every = [ms for measured in latencies.values() for ms in measured]
    report.latency_ms = {**percentiles(every), "max": round(max(every, default=0.0), 2)}
    if len(latencies) > 1:
        report.latency_by_search_log = {name: {**percentiles(measured), "requests": len(measured)}
                                        for name, measured in latencies.items()}
    report.seconds = round(time.monotonic() - started, 1)


def run(seconds: float = 60, clients: int = 6, pages: int = 200, seed: int = 1, workdir: Path | None = None,
        threads: int | None = None, search_log: str = "on") -> LoadReport:
    """Build a corpus and its index, serve it, and load it for ``seconds`` while reindexing.
    ``search_log``: "on", "off", or "both" (two servers, every request sent to each)."""
    with tempfile.TemporaryDirectory(prefix="kommunesog-load-", dir=workdir) as tmp:
        root = Path(tmp)
        pages_dir, index_dir = root / "pages", root / "index"
        generate(pages, pages_dir, seed)
        built = reindex(pages_dir, index_dir, "--full")
        if built.returncode != 0:
            raise RuntimeError(f"first reindex failed ({built.returncode}): {built.stderr[-500:]}")
        mix = request_mix(pages_dir, seed)
        report = LoadReport(seconds=seconds, clients=clients, pages=pages, search_log=search_log)
        variants = ("off", "on") if search_log == "both" else (search_log,)
        log_paths = {name: root / f"server-search-log-{name}.log" for name in variants}
        with ExitStack() as stack:
            ports = {name: stack.enter_context(serving(index_dir, log_paths[name], threads=threads,
                                                       search_log=name == "on")) for name in variants}
            reindexer = _Reindexer(pages_dir, index_dir)
            reindexer.start()
            try:
                _clients(ports, mix, clients, seconds, report, reindexer)
            finally:
                reindexer.halt()
        report.reindexes = reindexer.finished
        report.reindex_failures = len(reindexer.failures)
        report.error_samples += reindexer.failures[:5]
        report.tracebacks = sum(path.read_text(errors="replace").count("Traceback") for path in log_paths.values())
        if "on" in variants:
            stats = subprocess.run(cli("stats", "--index", str(index_dir), "--json"), capture_output=True, text=True,
                                   timeout=REQUEST_TIMEOUT)
            report.search_stats = json.loads(stats.stdout) if stats.returncode == 0 else None
        return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients search")
    parser.add_argument("--clients", type=int, default=6, help="concurrent keep-alive clients")
    parser.add_argument("--pages", type=int, default=200, help="pages in the generated corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the report as JSON too")
    parser.add_argument("--search-log", choices=("both", "on", "off"), default="both",
                        help="run with the server's search log off, on, or off and then on (compared)")
    args = parser.parse_args(argv)
    report = run(args.seconds, args.clients, args.pages, args.seed, search_log=args.search_log)
    print(report.summary())
    for sample in report.error_samples:
        print("  error:", sample)
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    if report.search_stats is not None:
        stats = {**report.search_stats, "per_day": report.search_stats["per_day"][-1:]}  # the run's day
        print("kommunesog stats --json after the run (search log on; per_day cut to today):")
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    if report.latency_by_search_log:
        off, on = (report.latency_by_search_log[name]["p95"] for name in ("off", "on"))
        print(f"p95 without search log {off} ms, with search log {on} ms: {(on / off - 1) * 100 if off else 0:+.1f}% "
              "(target: within +10%)")
    failed = report.errors or report.tracebacks or report.reindex_failures or not report.reindexes
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
