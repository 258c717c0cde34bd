"""``python -m bench``: measure Kommunesøg and its peers, write docs/benchmarks.md and the plot.

    python -m bench                               # 1k, 10k and 100k passages (100k: about half an hour)
    python -m bench --sizes 1000 10000            # smaller sizes only
    python -m bench --profile 10000               # where our query time goes (cProfile, top functions)
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
from pathlib import Path

from . import report
from .peers import PEERS
from .run import PASSAGES_PER_PAGE, ROOT, SIZES, Settings, code_fingerprint, ensure_corpus, load_passages, run


def profile(target: int, settings: Settings) -> None:
    """cProfile of our query mix on an index ``run`` already built for ``target`` passages."""
    from index import Searcher

    from .queries import build_workload

    home = settings.out / f"corpus-{max(10, target // PASSAGES_PER_PAGE)}-seed{settings.seed}"
    if not (home / "index-ours" / "CURRENT").exists():
        sys.exit(f"no index for {target} passages under {home}: run `python -m bench --sizes {target}` first")
    passages, _ = load_passages(home, ensure_corpus(home, max(10, target // PASSAGES_PER_PAGE), settings.seed),
                                code_fingerprint(), False)
    workload = build_workload(passages, settings.seed)
    searcher = Searcher(home / "index-ours")
    for text in workload.warmup:
        searcher.search(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for query in workload.queries:
        searcher.search(query.text)
    for prefix in workload.prefixes:
        searcher.suggest(prefix)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="passage counts to measure")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="cache of corpora and indexes")
    parser.add_argument("--http-seconds", type=float, default=20.0, help="length of each HTTP load run")
    parser.add_argument("--rebuild", action="store_true", help="ignore cached indexes and build figures")
    parser.add_argument("--reuse", action="store_true",
                        help="use cached corpora, indexes and build figures even if the code changed since")
    parser.add_argument("--peers", nargs="*", default=[p.name for p in PEERS], help="peers to compare with")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "benchmarks.png")
    parser.add_argument("--scaling", type=Path, default=ROOT / "docs" / "scaling.md",
                        help="document whose 1 vs 2 processes table is rewritten")
    parser.add_argument("--no-doc", action="store_true", help="print the results; leave the docs alone")
    parser.add_argument("--profile", type=int, metavar="PASSAGES", help="profile our queries at this size")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the docs from the last run's OUT/results.json; measure nothing")
    args = parser.parse_args(argv)
    settings = Settings(sizes=tuple(sorted(args.sizes)), seed=args.seed, out=args.out,
                        http_seconds=args.http_seconds, rebuild=args.rebuild, reuse=args.reuse,
                        peers=tuple(args.peers))
    if args.profile:
        profile(args.profile, settings)
        return
    if args.report_only:
        results = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
    else:
        results = run(settings)
    if args.no_doc:
        print(json.dumps(results, indent=2))
        return
    report.write(results, args.doc, args.png, args.scaling)
    for name, goal, measured, met in report.targets(results):
        print(f"{'ok  ' if met else 'MISS'} {name}: {measured} (goal {goal})")
    print(f"wrote {args.doc} and {args.png}")


if __name__ == "__main__":
    main()
