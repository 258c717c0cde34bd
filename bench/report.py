"""Results → the tables of docs/benchmarks.md and the latency plot docs/benchmarks.png.

Only the part of the document between the ``bench:begin``/``bench:end`` markers is rewritten, so the
notes written around the tables (what a profile showed, what would close a gap) survive a rerun.
"""
from __future__ import annotations

import os
import platform
import re
import time
from importlib import metadata
from pathlib import Path

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SCALING_BEGIN, SCALING_END = "<!-- scaling:begin -->", "<!-- scaling:end -->"
PEER_NAMES = ("whoosh-plain", "tantivy", "bm25s")
# Issue 6's targets, and issue 16's for the timeline, the passage page, the first results page of a
# new generation and full-index throughput (0.5× in issue 6, 0.7× in issue 16: at 10k passages and at
# the largest size), checked on the largest corpus measured (100k passages in a full run).
TARGETS = {
    "query_p95_ms": 50, "http_p95_ms": 150, "suggest_p95_ms": 20, "rss_mb": 400,
    "vs_whoosh": 1.5, "throughput_vs_whoosh": 0.7, "incremental_speedup": 50, "growth": 3.0,
    "timeline_p95_ms": 50, "passage_page_p95_ms": 50, "new_generation_ms": 200,
}


def machine() -> dict:
    """What the figures were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 2**20
    except (OSError, AttributeError):
        memory = 0.0
    versions = {}
    for package in ("whoosh3", "tantivy", "bm25s", "PyStemmer", "waitress", "Flask"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "-"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory, 1),
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}",
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "versions": versions,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"


def _k(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def incremental_seconds(size: dict) -> float:
    steps = size["ours"]["build"]["incremental"]
    return sum(s["seconds"] for s in steps) / len(steps)


def ours_throughput(size: dict) -> float:
    return size["passages"] / size["ours"]["build"]["full"]["seconds"]


def peer_throughput(size: dict, name: str) -> float:
    """Passages/s of a peer counting the reading and splitting it needs as well (ours includes it)."""
    return size["passages"] / (size["ingest_seconds"] + size["peers"][name]["build"]["seconds"])


def targets(results: dict) -> list[tuple[str, str, str, bool]]:
    """(target, goal, measured, met) on the largest size; growth between the two largest."""
    sizes = results["sizes"]
    big = sizes[-1]
    rows = []
    label = f"at {_k(big['target'])} passages"
    q = big["ours"]["query"]
    rows.append((f"in-process query p95 {label}", f"≤ {TARGETS['query_p95_ms']} ms", f"{q['p95']} ms",
                 q["p95"] <= TARGETS["query_p95_ms"]))
    http = big["http"]["workers_1"]
    rows.append((f"HTTP /api/search p95, {http['clients']} clients, {label}", f"≤ {TARGETS['http_p95_ms']} ms",
                 f"{http['p95']} ms ({http['rps']} req/s)", http["p95"] <= TARGETS["http_p95_ms"]))
    s = big["ours"]["suggest"]
    rows.append((f"autocomplete p95 {label}", f"≤ {TARGETS['suggest_p95_ms']} ms", f"{s['p95']} ms",
                 s["p95"] <= TARGETS["suggest_p95_ms"]))
    rss = max(http["peak_rss_mb"])
    rows.append((f"server peak RSS {label}", f"≤ {TARGETS['rss_mb']} MB", f"{rss} MB", rss <= TARGETS["rss_mb"]))
    rows += _view_targets(big["ours"], label)
    if "whoosh-plain" in big["peers"]:
        base = big["peers"]["whoosh-plain"]
        ratio = q["p95"] / base["query"]["p95"]
        rows.append(("query p95 ours / plain Whoosh", f"≤ {TARGETS['vs_whoosh']}×",
                     f"{ratio:.2f}× (p50 {_ratio(q['p50'], base['query']['p50'])})", ratio <= TARGETS["vs_whoosh"]))
        for size in [s for s in sizes if s["target"] >= 10_000 and "whoosh-plain" in s["peers"]]:
            through = ours_throughput(size) / peer_throughput(size, "whoosh-plain")
            rows.append((f"full-index throughput ours / plain Whoosh at {_k(size['target'])} passages",
                         f"≥ {TARGETS['throughput_vs_whoosh']}×", f"{through:.2f}×",
                         through >= TARGETS["throughput_vs_whoosh"]))
    speedup = big["ours"]["build"]["full"]["seconds"] / incremental_seconds(big)
    rows.append((f"incremental (one page) vs full at {big['pages']} pages", f"≥ {TARGETS['incremental_speedup']}×",
                 f"{speedup:.0f}×", speedup >= TARGETS["incremental_speedup"]))
    if len(sizes) >= 2:
        small = sizes[-2]
        growth = q["p95"] / small["ours"]["query"]["p95"]
        rows.append((f"query p95 growth {_k(small['target'])} → {_k(big['target'])}", f"≤ {TARGETS['growth']}×",
                     f"{growth:.2f}×", growth <= TARGETS["growth"]))
    return rows


def _view_targets(ours: dict, label: str) -> list[tuple[str, str, str, bool]]:
    """Issue 16's rows, for results that have them (runs before it measured no views)."""
    rows = []
    for key, name in (("timeline", "timeline"), ("passage_page", "passage page")):
        if key in ours:
            p95, goal = ours[key]["p95"], TARGETS[f"{key}_p95_ms"]
            rows.append((f"{name} p95 (in-process) {label}", f"≤ {goal} ms", f"{p95} ms", p95 <= goal))
    if "new_generation" in ours:
        new, goal = ours["new_generation"], TARGETS["new_generation_ms"]
        page, search = new["page_first"], new["search_first"]
        rows.append((f"first results page of a new generation (HTTP /search, worst of {new['repetitions']}) {label}",
                     f"≤ {goal} ms", f"{page['max']} ms (median {page['median']}; the search alone {search['max']})",
                     page["max"] <= goal))
    return rows


def _view_tables(sizes: list[dict]) -> list[str]:
    """The timeline, the passage page and the first results page of a new generation, per size."""
    measured = [size for size in sizes if "timeline" in size["ours"]]
    if not measured:
        return []
    out = ["", "### Timeline and passage page (in-process, warm searcher, ms)", "",
           "The timeline (`index.serving.browse.timeline`) of each query of the mix, its kind filter taking turns "
           "(every initiative, cases, partnerships), and the whole timeline without a query (worst of 3); "
           "the passage page's work (`Searcher.passage` and `index.serving.browse.more_like_this`) for sampled passages.",
           "", "| passages | timeline p50 | timeline p95 | timeline p99 | timeline, no query | passages opened "
           "| passage page p50 | passage page p95 | passage page p99 |", "|---|---|---|---|---|---|---|---|---|"]
    for size in measured:
        t, p = size["ours"]["timeline"], size["ours"]["passage_page"]
        out.append(f"| {size['passages']:,} | {t['p50']} | {t['p95']} | {t['p99']} | {t['no_query_ms']} | {p['n']} | "
                   f"{p['p50']} | {p['p95']} | {p['p99']} |")
    out += ["", "### First results page of a new generation (ms)", "",
            "After each incremental reindex (one page changed, then back), the first search of a warm "
            "in-process `Searcher` and the first `/search` page of a warm `kommunesog serve` (page titles and "
            "rendering included), each followed by another query on the same generation.", "",
            "| passages | reindexes | first search median | first search max | next search median "
            "| first page median | first page max | next page median |", "|---|---|---|---|---|---|---|---|"]
    for size in measured:
        new = size["ours"]["new_generation"]
        out.append(f"| {size['passages']:,} | {new['repetitions']} | {new['search_first']['median']} | "
                   f"{new['search_first']['max']} | {new['search_then']['median']} | {new['page_first']['median']} | "
                   f"{new['page_first']['max']} | {new['page_then']['median']} |")
    return out


def tables(results: dict, info: dict, plot_name: str | None) -> str:
    sizes = results["sizes"]
    out = [BEGIN, "",
           f"Measured {info['date']} on {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, "
           f"{info['system']}, Python {info['python']}; load average at the end {info['load']} (the "
           f"benchmark's own processes count in it; other jobs on the machine would too). Versions: "
           + ", ".join(f"{k} {v}" for k, v in info["versions"].items())
           + f". Whole run {results['seconds']:.0f} s, seed {results['seed']}, code {results['fingerprint'] or 'of earlier runs (cached builds reused)'}.", ""]

    out += ["### Targets", "", "| target | goal | measured | met |", "|---|---|---|---|"]
    out += [f"| {name} | {goal} | {measured} | {'yes' if met else '**no**'} |"
            for name, goal, measured, met in targets(results)]

    out += ["", "### Indexing", "",
            "Ours is a full `kommunesog reindex --full` (reading, cleaning, splitting and indexing the pages); "
            "the peers index the same passages, and their passages/s also count the reading and splitting "
            "(ingest) time in the ingest column, which they need as well.", "",
            "| passages | pages | ingest s | ours full s | ours passages/s | one page changed s | full / one page "
            "| ours MB | " + " | ".join(f"{n} s | {n} passages/s | {n} MB" for n in PEER_NAMES) + " |",
            "|" + "---|" * (8 + 3 * len(PEER_NAMES))]
    for size in sizes:
        build = size["ours"]["build"]
        cells = [f"{size['passages']:,}", f"{size['pages']:,}", f"{size['ingest_seconds']:.1f}",
                 f"{build['full']['seconds']:.1f}", f"{ours_throughput(size):.0f}",
                 f"{incremental_seconds(size):.2f}", f"{build['full']['seconds'] / incremental_seconds(size):.0f}×",
                 _mb(build["size_bytes"])]
        for name in PEER_NAMES:
            peer = size["peers"].get(name)
            cells += ([f"{peer['build']['seconds']:.1f}", f"{peer_throughput(size, name):.0f}",
                       _mb(peer["build"]["size_bytes"])] if peer else ["–"] * 3)
        out.append("| " + " | ".join(cells) + " |")

    out += ["", "### In-process query latency (warm searcher, ms)", "",
            f"{sizes[0]['queries']} queries per size, each run once after {20} warm-up queries; "
            "ratios are ours / peer (below 1 means we are faster).", "",
            "| passages | engine | p50 | p95 | p99 | mean | ours/peer p50 | ours/peer p95 | no hits |",
            "|---|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        ours = size["ours"]["query"]
        engines = [("ours", ours), *((n, size["peers"][n]["query"]) for n in PEER_NAMES if n in size["peers"])]
        for name, q in engines:
            empty = sum(q["empty"].values()) / len(q["empty"])
            ratios = ["–", "–"] if name == "ours" else [_ratio(ours["p50"], q["p50"]), _ratio(ours["p95"], q["p95"])]
            out.append(f"| {size['passages']:,} | {name} | {q['p50']} | {q['p95']} | {q['p99']} | {q['mean']} | "
                       f"{ratios[0]} | {ratios[1]} | {empty:.0%} |")

    big = sizes[-1]
    engines = [("ours", big["ours"]["query"]),
               *((n, big["peers"][n]["query"]) for n in PEER_NAMES if n in big["peers"])]
    kinds = list(big["ours"]["query"]["by_kind"])
    out += ["", f"### By kind of query at {big['passages']:,} passages: p95 ms / share with no hits", "",
            "| kind | " + " | ".join(name for name, _ in engines) + " |", "|---" * (len(engines) + 1) + "|"]
    for kind in kinds:
        out.append(f"| {kind} | " + " | ".join(f"{q['by_kind'][kind]} / {q['empty'][kind]:.0%}" for _, q in engines)
                   + " |")

    out += ["", "### Autocomplete (`Searcher.suggest`, in-process, ms)", "",
            "| passages | prefixes | p50 | p95 | p99 | repeated p95 |", "|---|---|---|---|---|---|"]
    for size in sizes:
        s, w = size["ours"]["suggest"], size["ours"]["suggest_warm"]
        out.append(f"| {size['passages']:,} | {size['prefixes']} | {s['p50']} | {s['p95']} | {s['p99']} | {w['p95']} |")
    out += _view_tables(sizes)

    out += ["", "### HTTP through `kommunesog serve` on 127.0.0.1 (waitress, `kommunesog serve`'s default of 2 threads per process)", "",
            "The clients run on the same 2 cores as the servers. With 2 processes the clients alternate "
            "between them, as a round-robin load balancer would.", "",
            "| passages | endpoint | server processes | clients | requests | req/s | p50 ms | p95 ms | p99 ms | "
            "errors | idle RSS MB | peak RSS MB |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        for key, endpoint in (("workers_1", "/api/search"), ("workers_2", "/api/search"), ("suggest", "/api/suggest")):
            h = size["http"][key]
            idle = size["http"]["workers_1" if key == "suggest" else key].get("idle_rss_mb", [])
            out.append(f"| {size['passages']:,} | {endpoint} | {h['servers']} | {h['clients']} | {h['n']} | {h['rps']} | "
                       f"{h['p50']} | {h['p95']} | {h['p99']} | {h['errors']} | "
                       f"{', '.join(map(str, idle)) if key != 'suggest' else '–'} | "
                       f"{', '.join(map(str, h['peak_rss_mb']))} |")
    if plot_name:
        out += ["", f"![Query latency against corpus size]({plot_name})"]
    out += ["", END]
    return "\n".join(out)


def plot(results: dict, path: Path) -> None:
    """p50 and p95 in-process latency against passages, ours and each peer, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    xs = [s["passages"] for s in sizes]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    series = [("Kommunesøg", [s["ours"]["query"] for s in sizes])]
    for name in PEER_NAMES:
        if all(name in s["peers"] for s in sizes):
            series.append((name, [s["peers"][name]["query"] for s in sizes]))
    for (name, qs), color in zip(series, ("C3", "C0", "C2", "C1")):
        ax.plot(xs, [q["p95"] for q in qs], marker="o", color=color, label=f"{name} p95")
        ax.plot(xs, [q["p50"] for q in qs], marker=".", linestyle="--", color=color, label=f"{name} p50")
    ax.axhline(TARGETS["query_p95_ms"], color="grey", linestyle=":", label="target p95 (50 ms)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("passages in the index")
    ax.set_ylabel("query latency, ms (warm, in-process)")
    ax.set_title("Query latency against corpus size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def scaling_table(results: dict) -> str:
    """The 1 vs 2 server processes comparison for docs/scaling.md."""
    out = [SCALING_BEGIN, "",
           "Same query mix, 8 concurrent keep-alive clients on 127.0.0.1, round robin over the processes; "
           "clients and servers share this machine's 2 cores.", "",
           "| passages | processes | req/s | p50 ms | p95 ms | peak RSS MB per process | req/s 2 vs 1 |",
           "|---|---|---|---|---|---|---|"]
    for size in results["sizes"]:
        one, two = size["http"]["workers_1"], size["http"]["workers_2"]
        for h in (one, two):
            gain = _ratio(two["rps"], one["rps"]) if h is two else "–"
            out.append(f"| {size['passages']:,} | {h['servers']} | {h['rps']} | {h['p50']} | {h['p95']} | "
                       f"{', '.join(map(str, h['peak_rss_mb']))} | {gain} |")
    out += ["", SCALING_END]
    return "\n".join(out)


def _replace_block(text: str, begin: str, end: str, block: str) -> str:
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        return head + block + rest.split(end, 1)[1]
    return text.rstrip() + "\n\n" + block + "\n"


_SKELETON = """# Benchmarks

How fast Kommunesøg is at municipal scale, side by side with the engines people would pick instead.
Reproduce with `make bench` (all sizes) or `make bench SIZES="1000 10000"`.

{tables}
"""


def write(results: dict, doc: Path, png: Path | None, scaling: Path | None = None) -> None:
    """Rewrite the generated part of ``doc`` (creating it if needed), the plot ``png`` and the
    measured block of ``scaling`` (when it exists)."""
    info = machine()
    if png:
        png.parent.mkdir(parents=True, exist_ok=True)
        plot(results, png)
    generated = tables(results, info, os.path.relpath(png, doc.parent) if png else None)
    text = doc.read_text(encoding="utf-8") if doc.exists() else _SKELETON.format(tables=f"{BEGIN}\n{END}")
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(_replace_block(text, BEGIN, END, generated), encoding="utf-8")
    if scaling and scaling.exists():
        text = scaling.read_text(encoding="utf-8")
        scaling.write_text(_replace_block(text, SCALING_BEGIN, SCALING_END, scaling_table(results)), encoding="utf-8")
