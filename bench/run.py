"""One benchmark run: per corpus size, build (or reuse) the corpus, our index and the peers' indexes,
then time reindexing, queries, autocomplete, the timeline and passage page, the first results page
of a new generation, and HTTP.

Corpora, indexes and their build figures are cached under ``bench/out/corpus-<pages>-seed<seed>/``.
A build is reused only while the code that made it is unchanged (a hash of ``ingest/``, ``index/``
and ``bench/peers.py``), so a run after a change of analysis measures the new code.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus
from index import Searcher
from ingest import ingest_folder

from . import http_load, new_generation, views
from .measure import time_each, time_queries
from .peers import PEERS, folder_bytes
from .queries import build_workload

ROOT = Path(__file__).resolve().parent.parent
PASSAGES_PER_PAGE = 10  # measured on bench.corpus pages (seed 1): 10.05 passages a page
SIZES = (1_000, 10_000, 100_000)


@dataclass
class Settings:
    sizes: tuple[int, ...] = SIZES  # target passage counts
    seed: int = 1
    out: Path = ROOT / "bench" / "out"
    http_seconds: float = 20.0
    http_requests: int = 6000
    clients: int = 8
    rebuild: bool = False
    reuse: bool = False  # measure on whatever corpora and indexes are cached, even if built by older code
    peers: tuple[str, ...] = tuple(p.name for p in PEERS)
    log: list[str] = field(default_factory=list)


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# What decides the cached corpora, passages and indexes (searching code is measured on every run).
_BUILD_SOURCES = ("index/analysis.py", "index/postings.py", "index/schema.py", "index/documents.py", "index/batch/reindex.py",
                  "index/store.py", "bench/peers.py", "bench/corpus.py")


def code_fingerprint() -> str:
    """A hash of the code whose output the cache holds."""
    digest = hashlib.sha256()
    sources = sorted([*(ROOT / "ingest").rglob("*.py"), *(ROOT / "index" / "data").glob("*.txt"),
                      *(ROOT / name for name in _BUILD_SOURCES)])
    for path in sources:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cached(path: Path, fingerprint: str, rebuild: bool) -> dict | None:
    if rebuild or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return data if fingerprint is None or data.get("fingerprint") == fingerprint else None


def _save(path: Path, data: dict) -> dict:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


def ensure_corpus(home: Path, pages: int, seed: int) -> Path:
    folder = home / "pages"
    marker = home / "pages.json"
    if marker.exists() and json.loads(marker.read_text()).get("pages") == pages:
        return folder
    say(f"writing {pages} synthetic pages to {folder}")
    for old in folder.glob("*.txt") if folder.exists() else ():
        old.unlink()
    corpus.generate(pages, folder, seed)
    marker.write_text(json.dumps({"pages": pages, "seed": seed}))
    return folder


def _kommunesog_reindex(pages: Path, index_dir: Path, full: bool) -> dict:
    """A reindex as the nightly job runs it: a fresh ``kommunesog reindex`` process."""
    script = Path(sys.executable).with_name("kommunesog")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "searchapp"]
    command += ["reindex", "--pages", str(pages), "--index", str(index_dir), "--json", "-q"]
    started = time.perf_counter()
    done = subprocess.run(command + (["--full"] if full else []), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"reindex failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return {"seconds": report["seconds"], "wall_seconds": round(wall, 2), "passages": report["passages"],
            "changed": len(report["changed"]), "added": len(report["added"]), "generation": report["generation"]}


def build_ours(home: Path, pages: Path, page_count: int, seed: int, fingerprint: str, rebuild: bool) -> dict:
    """Full reindex (timed), then one changed page and back (each timed), cached by code."""
    index_dir = home / "index-ours"
    cache = home / "build-ours.json"
    hit = _cached(cache, fingerprint, rebuild) if (index_dir / "CURRENT").exists() else None
    if hit:
        return hit
    say(f"full reindex of {pages}")
    full = _kommunesog_reindex(pages, index_dir, full=True)
    edited = page_count // 2
    steps = []
    for variant in (1, 0):  # an editor changes one paragraph of one page; then it is changed back
        corpus.write_page(pages, edited, seed, variant=variant)
        steps.append(_kommunesog_reindex(pages, index_dir, full=False))
    return _save(cache, {
        "fingerprint": fingerprint,
        "full": full,
        "incremental": steps,
        "size_bytes": folder_bytes(index_dir / _live_generation(index_dir)),
        "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    })


def _live_generation(index_dir: Path) -> str:
    return (index_dir / "CURRENT").read_text().strip()


def load_passages(home: Path, pages: Path, fingerprint: str, rebuild: bool) -> tuple[list, float]:
    """The passages of the corpus (what every peer indexes) and the seconds ingest took."""
    cache = home / "passages.pickle"
    if cache.exists() and not rebuild:
        with cache.open("rb") as fh:
            data = pickle.load(fh)
        if fingerprint is None or data["fingerprint"] == fingerprint:
            return data["passages"], data["seconds"]
    say("reading and splitting pages for the peers")
    started = time.perf_counter()
    passages = ingest_folder(pages).passages
    seconds = time.perf_counter() - started
    with cache.open("wb") as fh:
        pickle.dump({"fingerprint": fingerprint, "passages": passages, "seconds": seconds}, fh)
    return passages, seconds


def build_peer(peer, home: Path, passages: list, fingerprint: str, rebuild: bool) -> dict:
    folder = home / f"index-{peer.name}"
    cache = home / f"build-{peer.name}.json"
    hit = _cached(cache, fingerprint, rebuild) if folder.exists() else None
    if hit:
        return hit
    say(f"building {peer.name}")
    seconds = peer.build(passages, folder)
    return _save(cache, {"fingerprint": fingerprint, "seconds": round(seconds, 3),
                         "size_bytes": folder_bytes(folder),
                         "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})


def measure_size(target: int, settings: Settings, fingerprint: str) -> dict:
    """Every figure for one corpus size."""
    page_count = max(10, target // PASSAGES_PER_PAGE)
    home = settings.out / f"corpus-{page_count}-seed{settings.seed}"
    home.mkdir(parents=True, exist_ok=True)
    pages = ensure_corpus(home, page_count, settings.seed)
    passages, ingest_seconds = load_passages(home, pages, fingerprint, settings.rebuild)
    workload = build_workload(passages, settings.seed)
    ours_build = build_ours(home, pages, page_count, settings.seed, fingerprint, settings.rebuild)
    result = {"target": target, "pages": page_count, "passages": ours_build["full"]["passages"],
              "queries": len(workload.queries), "prefixes": len(workload.prefixes),
              "ingest_seconds": round(ingest_seconds, 2), "ours": {"build": ours_build}, "peers": {}}

    say(f"{target}: timing our queries")
    searcher = Searcher(home / "index-ours")
    result["ours"]["query"] = time_queries(lambda text: searcher.search(text).total, workload.queries,
                                           workload.warmup)
    result["ours"]["suggest"] = time_each(searcher.suggest, workload.prefixes)
    # The same prefixes again: calls already made once (what a user who keeps typing meets).
    result["ours"]["suggest_warm"] = time_each(searcher.suggest, workload.prefixes)

    say(f"{target}: timing the timeline and the passage page")
    result["ours"]["timeline"] = views.time_timeline(searcher, workload)
    result["ours"]["passage_page"] = views.time_passage_page(searcher, views.passage_sample(passages, settings.seed))

    say(f"{target}: the first results page of a new generation, {new_generation.REPETITIONS} reindexes")

    def publish(n: int) -> str:  # the edited page of ``build_ours`` changed, then back, and so on
        corpus.write_page(pages, page_count // 2, settings.seed, variant=1 - n % 2)
        return _kommunesog_reindex(pages, home / "index-ours", full=False)["generation"]

    texts = [q.text for q in workload.queries]
    result["ours"]["new_generation"] = new_generation.measure(searcher, home / "index-ours", publish, texts,
                                                              workload.warmup)
    del searcher

    for peer_class in PEERS:
        if peer_class.name not in settings.peers:
            continue
        peer = peer_class()
        build = build_peer(peer, home, passages, fingerprint, settings.rebuild)
        say(f"{target}: timing {peer.name}")
        peer.open(home / f"index-{peer.name}")
        result["peers"][peer.name] = {"build": build,
                                      "query": time_queries(peer.search, workload.queries, workload.warmup)}
        peer.close()

    paths = http_load.search_paths(texts)
    warm = http_load.search_paths(list(workload.warmup))
    result["http"] = {}
    for workers in (1, 2):
        say(f"{target}: HTTP load, {settings.clients} clients, {workers} server process(es)")
        with http_load.servers(home / "index-ours", count=workers) as running:
            ports = [port for port, _ in running]
            processes = [process for _, process in running]
            idle = [round(p.memory_info().rss / 2**20, 1) for p in processes]
            figures = http_load.load(ports, processes, paths, clients=settings.clients,
                                     seconds=settings.http_seconds, max_requests=settings.http_requests,
                                     warmup=warm)
            if workers == 1:
                result["http"]["suggest"] = http_load.load(
                    ports, processes, http_load.suggest_paths(list(workload.prefixes)), clients=settings.clients,
                    seconds=min(10.0, settings.http_seconds), max_requests=settings.http_requests)
        result["http"][f"workers_{workers}"] = {**figures, "idle_rss_mb": idle}
    return result


def run(settings: Settings) -> dict:
    """Measure every size in ``settings``; returns the results (also saved as bench/out/results.json)."""
    settings.out.mkdir(parents=True, exist_ok=True)
    # None: any cached build is taken (and a build made now is marked stale for normal runs).
    fingerprint = None if settings.reuse else code_fingerprint()
    started = time.perf_counter()
    results = {"fingerprint": fingerprint, "seed": settings.seed, "sizes": []}
    for target in settings.sizes:
        results["sizes"].append(measure_size(target, settings, fingerprint))
        results["seconds"] = round(time.perf_counter() - started, 1)
        # Saved after every size, so a long run that is stopped still leaves what it measured.
        (settings.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        say(f"{target} passages done")
    return results
