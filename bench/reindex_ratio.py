"""Full reindex vs incremental reindex after one edited page, on a generated corpus.

    python -m bench.reindex_ratio --pages 2000 [--seed 0] [--workdir DIR] [--repeat 3]

Writes ``--pages`` synthetic pages (bench.corpus), times a full reindex into a fresh index, rewrites one
paragraph of one page (as an editor would), times the incremental reindex that follows, and prints both
times and their ratio. The incremental run is repeated ``--repeat`` times (a new edit each time) and
the median is reported, so one slow disk flush does not decide the figure.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import generate, write_page
from index import reindex


def _timed(pages: Path, index: Path, **options):
    started = time.perf_counter()
    report = reindex(pages, index, **options)
    return time.perf_counter() - started, report


def measure(pages: int, workdir: Path, seed: int = 0, repeat: int = 3) -> dict:
    """Time one full and ``repeat`` incremental reindexes; returns the figures."""
    pages_dir, index_dir = workdir / "pages", workdir / "index"
    generate(pages, pages_dir, seed)
    full_seconds, full = _timed(pages_dir, index_dir, full=True)
    incremental = []
    for variant in range(1, repeat + 1):
        edited = write_page(pages_dir, (variant * 7919) % pages, seed, variant=variant)
        seconds, report = _timed(pages_dir, index_dir)
        if report.changed != [edited.name] or report.full:
            raise RuntimeError(f"expected an incremental run with one changed page, got {report.to_json()}")
        incremental.append(seconds)
    median = statistics.median(incremental)
    return {"pages": pages, "passages": full.passages, "full_seconds": full_seconds,
            "incremental_seconds": median, "incremental_runs": incremental, "ratio": full_seconds / median}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="how many pages to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="incremental runs (the median is shown)")
    parser.add_argument("--workdir", type=Path, help="where to put pages and index (default: a temp dir)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reindex-ratio-") as tmp:
        figures = measure(args.pages, args.workdir or Path(tmp), args.seed, args.repeat)
    runs = ", ".join(f"{s:.2f}" for s in figures["incremental_runs"])
    print(f"pages: {figures['pages']}, passages: {figures['passages']}")
    print(f"full reindex:        {figures['full_seconds']:.2f} s")
    print(f"incremental (1 page): {figures['incremental_seconds']:.2f} s (median of {runs})")
    print(f"ratio full/incremental: {figures['ratio']:.1f}x")


if __name__ == "__main__":
    main()
