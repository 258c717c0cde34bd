"""`kill -9` at random points of a real `kommunesog reindex` process: searches keep answering with
the previous index (or the new one, once it is published), never a broken one, and the next run
recovers by itself (the dead process's lock included) and completes.

    KOMMUNESOG_KILL_POINTS=200 pytest -s tests/test_reindex_crash.py   # a longer run (default 25)

The seed makes a run repeatable (KOMMUNESOG_KILL_SEED); -s shows how many points were survived.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.corpus import generate, write_page
from index import Searcher, reindex, store
from tests.conftest import ROOT
from tests.test_reindex import indexed, ingested

KILL_POINTS = int(os.environ.get("KOMMUNESOG_KILL_POINTS", "25"))
SEED = int(os.environ.get("KOMMUNESOG_KILL_SEED", "11"))
PAGES = 200
MAX_EDITS = 10  # pages an editor changes between two runs
FULL_EVERY = 12  # every so many points the killed run is a --full rebuild
LOCK_WAIT_SECONDS = 60
RUN_TIMEOUT_SECONDS = 300


def _start(pages: Path, index: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "searchapp", "reindex", "--pages", str(pages), "--index", str(index),
               "--quiet", *extra]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_lock(process: subprocess.Popen, index: Path) -> bool:
    """Wait until ``process`` holds the reindex lock (it writes its pid there); False if it ended first."""
    lock = index / store.LOCK
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if lock.read_text(encoding="ascii").strip() == str(process.pid):
                return True
        except OSError:
            pass
        time.sleep(0.005)
    raise AssertionError("the reindex never took its lock")


def _timed_run(pages: Path, index: Path, *extra: str) -> float:
    """Run a reindex to the end; the seconds it held the lock (the span worth killing in)."""
    process = _start(pages, index, *extra)
    assert _wait_for_lock(process, index)
    started = time.monotonic()
    assert process.wait(timeout=RUN_TIMEOUT_SECONDS) == 0
    return time.monotonic() - started


def _edit(rng: random.Random, pages: Path, next_page: int, variant: int) -> int:
    names = sorted(p.name for p in pages.iterdir())
    for name in rng.sample(names, rng.randint(1, MAX_EDITS)):
        write_page(pages, int(name[:6]), seed=SEED, variant=variant)
    for _ in range(rng.randint(0, 2)):
        write_page(pages, next_page, seed=SEED)
        next_page += 1
    for name in rng.sample(names, rng.randint(0, 2)):
        (pages / name).unlink()
    return next_page


def _left_running(index: Path) -> list[str]:
    """Processes still running with ``index`` on their command line (a killed reindex's workers)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(index) in command and proc.name != str(os.getpid()):
            found.append(f"{proc.name}: {command}")
    return found


def _generation_dirs(index: Path) -> list[str]:
    return sorted(p.name for p in index.iterdir() if p.name.startswith("gen-"))


def test_kill_9_at_random_points_leaves_a_serving_index_and_the_next_run_recovers(tmp_path):
    rng = random.Random(SEED)
    pages, index = tmp_path / "pages", tmp_path / "index"
    generate(PAGES, pages, seed=SEED)
    # How long each kind of run holds the lock here: the span the kills are spread over.
    spans = {"--full": _timed_run(pages, index, "--full")}
    next_page = _edit(rng, pages, PAGES, variant=1)
    spans["incremental"] = _timed_run(pages, index)

    # A searcher that lives through every kill, like a running server, queried all the while.
    server = Searcher(index)
    stop, failures, answers = threading.Event(), [], []

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                assert server.search("borgerservice").total >= 1
                answers.append(server.stats()["generation"])
            except Exception as err:  # any failure at all counts
                failures.append(repr(err))
            time.sleep(0.02)

    reader = threading.Thread(target=keep_searching)
    reader.start()
    outcomes = {"killed before publishing": 0, "killed after publishing": 0, "finished before the kill": 0}
    survived = 0
    try:
        for point in range(KILL_POINTS):
            mode = "--full" if point % FULL_EVERY == FULL_EVERY - 1 else "incremental"
            if mode == "incremental":
                next_page = _edit(rng, pages, next_page, variant=point + 2)
            live = store.current_generation(index)
            live_passages = Searcher(index).stats()["passages"]

            process = _start(pages, index, *(["--full"] if mode == "--full" else []))
            if _wait_for_lock(process, index):
                time.sleep(rng.uniform(0, spans[mode] * 1.1))
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=RUN_TIMEOUT_SECONDS)
            killed = process.returncode == -signal.SIGKILL

            # Searches answer from a complete generation: the previous one, or the new one if it
            # was published before the kill.
            after = Searcher(index)
            now = store.current_generation(index)
            assert after.search("borgerservice").total >= 1, f"point {point}"
            if now == live:
                assert after.stats()["passages"] == live_passages, f"point {point}"
            else:
                manifest = store.read_manifest(now)
                assert manifest["pages"].keys() == {p.name for p in pages.iterdir()}, f"point {point}"
            outcomes["finished before the kill" if not killed else
                     "killed before publishing" if now == live else "killed after publishing"] += 1

            # The next run takes over the dead process's lock, cleans up and completes.
            if killed and now == live:  # killed mid-build: its pid is still in the lock file
                assert (index / store.LOCK).read_text(encoding="ascii") == str(process.pid)
            report = reindex(pages, index)
            assert not report.rejected, f"point {point}"
            live = store.current_generation(index)
            assert _generation_dirs(index)[-1] == live.name, f"point {point}: unpublished generation left"
            assert not list(index.glob(".CURRENT.*")), f"point {point}"
            assert Searcher(index).stats()["passages"] == report.passages, f"point {point}"
            survived += 1
    finally:
        stop.set()
        reader.join(timeout=30)
        print(f"\nkill -9: {survived} of {KILL_POINTS} points survived ({', '.join(f'{n} {what}' for what, n in outcomes.items())}); "
              f"lock held {spans['incremental']:.1f} s incremental, {spans['--full']:.1f} s full; "
              f"{len(answers)} searches during the kills, {len(failures)} failed")
    assert failures == []
    assert survived == KILL_POINTS
    time.sleep(0.5)  # a killed run's workers get SIGKILL from the kernel as their parent dies
    assert _left_running(index) == [], "a killed reindex left worker processes behind"
    assert outcomes["killed before publishing"] >= KILL_POINTS // 3  # kills did land mid-build
    assert indexed(index) == ingested(pages)  # all those recoveries added up to the right index
