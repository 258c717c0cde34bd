"""The ``kommunesog`` command: thin wrappers over ingest, index, crawl and searchapp.

Exit codes of ``reindex``: 0 every page indexed; 1 some pages rejected (the others are indexed);
2 usage error or missing pages folder; 3 another reindex is running; 5 not published, since it would
have removed more than half of the live passages (``--allow-shrink`` publishes anyway). Those of ``crawl`` and
``update`` are in crawl/report.py and crawl/update.py (and the README).
"""
from __future__ import annotations

import getpass
import json
import logging
import signal
import sqlite3
import sys
from datetime import date
from pathlib import Path

import click

from crawl import BadSite, CrawlBusy, CrawlOptions, PagesFolderError, TerminalProgress
from crawl import crawl as run_crawl, update as run_update
from index import IndexMissing, PagesMissing, ReindexBusy, Searcher, reindex as run_reindex
from index.serving.search import RESULT_CACHE
from ingest import ingest_folder
from searchapp.instance import SEARCH_LOG_FILE, STAFF_CHANGES_FILE, STAFF_PASSWORD_FILE, instance_dir

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_BUSY, EXIT_SHRINK = 0, 1, 2, 3, 5
DEFAULT_PAGES = Path("raw_pages")
DEFAULT_INDEX = Path("instance/index")
# Searching is CPU work under Python's GIL: more threads only take turns, and contend for the lock.
# 104,382 passages, 8 clients, one process (bench/http_load.py): 8 threads gave 101 req/s and a p95
# of 167 ms, 4 threads 119 and 106 ms, 2 threads 147 and 87 ms, 1 thread 158 and 64 ms. Two keep one
# slow search from holding up every other.
SERVE_THREADS = 2

log = logging.getLogger("kommunesog")


def _fail(err: Exception, code: int, logged: str | None = None) -> None:
    """Say what went wrong on stderr (and in the log line cron mails, when ``logged`` names the
    outcome, e.g. "reindex skipped"), then exit with ``code``."""
    if logged:
        log.error("%s: %s", logged, err)
    click.echo(f"Error: {err}", err=True)
    sys.exit(code)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Kommunesøg: Danish full-text search for municipal web sites."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s",
                        stream=sys.stderr)


class _Progress:
    """A progress bar on a terminal; silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Reading pages", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@click.option("--pages", "pages_dir", type=click.Path(path_type=Path), default=DEFAULT_PAGES, show_default=True)
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@click.option("--full", is_flag=True, help="Rebuild everything instead of only what changed.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--allow-shrink", is_flag=True,
              help="Publish even when more than half of the live passages would go (a site that really shrank).")
def reindex(pages_dir: Path, index_dir: Path, full: bool, dry_run: bool, as_json: bool, quiet: bool,
            allow_shrink: bool) -> None:
    """Batch (re)index the pages in PAGES into the index at INDEX."""
    progress = _Progress(enabled=not quiet and not as_json and sys.stderr.isatty())
    try:
        report = run_reindex(pages_dir, index_dir, full=full, dry_run=dry_run, allow_shrink=allow_shrink,
                             progress=progress)
    except ReindexBusy as err:
        _fail(err, EXIT_BUSY, "reindex skipped")
    except PagesMissing as err:
        _fail(err, EXIT_USAGE, "reindex failed")
    finally:
        progress.close()
    if as_json:
        _echo_json(report.to_json())
    else:
        click.echo(_summary(report))
    if report.refused:
        log.error("reindex not published: %s", report.refused)
        sys.exit(EXIT_SHRINK)
    # The one log line of a run (cron mails it): a warning when pages were rejected.
    log.log(logging.WARNING if report.rejected else logging.INFO,
            "reindex%s %s: %d added, %d changed, %d removed, %d unchanged, %d rejected; passages %d -> %d; "
            "%.2fs", " (dry run)" if report.dry_run else "", report.generation or "-", len(report.added),
            len(report.changed), len(report.removed), len(report.unchanged), len(report.rejected),
            report.passages_before, report.passages, report.seconds)
    sys.exit(EXIT_REJECTED if report.rejected else EXIT_OK)


def _summary(report) -> str:
    lines = [("Dry run: would index" if report.dry_run else "Indexed")
             + f" {'(full rebuild) ' if report.full else ''}into {report.generation or '-'}"]
    for label, names in (("added", report.added), ("changed", report.changed), ("removed", report.removed),
                         ("redone (boilerplate changed)", report.redone)):
        if names:
            lines.append(f"  {label}: {len(names)}: " + ", ".join(names[:10]) + (" …" if len(names) > 10 else ""))
    lines.append(f"  unchanged: {len(report.unchanged)}")
    for item in report.rejected:
        lines.append(f"  rejected: {item['page']}: {item['reason']}")
    lines.append(f"  passages: {report.passages_before} -> {report.passages}")
    if report.refused:
        lines.append(f"  NOT PUBLISHED: {report.refused}")
    lines.append(f"  seconds: {report.seconds:.2f}")
    return "\n".join(lines)


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--kind", type=click.Choice(["case", "partnership", "page", "site"]))
@click.option("--year", type=click.IntRange(1000, 9999))
@click.option("--json", "as_json", is_flag=True)
def search(query: tuple[str, ...], index_dir: Path, limit: int, kind: str | None, year: int | None,
           as_json: bool) -> None:
    """Search the index and print ranked passages."""
    text = " ".join(query)
    try:
        result = Searcher(index_dir).search(text, kind=kind, year=year, per_page=limit)
    except IndexMissing as err:
        _fail(err, EXIT_USAGE)
    if as_json:
        _echo_json(result.to_dict())
        return
    if result.suggestion:
        click.echo(f"Mente du: {result.suggestion}")
    click.echo(f"{result.total} results for {text!r} ({result.took_ms:.1f} ms)")
    for n, hit in enumerate(result.hits, 1):
        passage = hit.passage
        years = f" [{', '.join(map(str, passage.years))}]" if passage.years else ""
        click.echo(f"\n{n}. {passage.title}  ({passage.kind}, {passage.page_title}{years})  score {hit.score:.2f}")
        click.echo(f"   id {passage.id}  page {passage.page}" + (f"  {passage.url}" if passage.url else ""))
        click.echo("   " + " ".join(passage.text.split())[:300])


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--pages", "pages_dir", type=click.Path(path_type=Path), default=DEFAULT_PAGES, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def passages(files: tuple[Path, ...], pages_dir: Path, as_json: bool) -> None:
    """Clean and split pages (no index): all of PAGES, or FILES cleaned with what PAGES teaches."""
    result = ingest_folder(pages_dir, list(files) if files else None)
    if as_json:
        _echo_json({"passages": [p.to_dict() for p in result.passages],
                    "rejected": [{"page": r.page, "reason": r.reason} for r in result.rejected]})
    else:
        for p in result.passages:
            years = f" [{', '.join(map(str, p.years))}]" if p.years else ""
            click.echo(f"{p.id}  {p.kind:<11}  {p.page}  {p.title}{years}")
        for r in result.rejected:
            click.echo(f"rejected: {r.page}: {r.reason}", err=True)
    sys.exit(EXIT_REJECTED if result.rejected else EXIT_OK)


_INSTANCE_OPTION = click.option(
    "--instance", type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the search log, staff password and best bets [default: $KOMMUNESOG_INSTANCE, else the "
         "index folder's parent].")


@main.command()
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@_INSTANCE_OPTION
@click.option("--days", type=click.IntRange(1, 3660), default=30, show_default=True, help="The period, up to today.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(index_dir: Path, instance: Path | None, days: int, as_json: bool) -> None:
    """What citizens searched for: searches, top queries, queries without results, and queries whose
    hits nobody opened (each query only when made at least 3 times)."""
    from searchapp.searchlog import read_stats

    try:
        found = read_stats(instance_dir(index_dir, instance) / SEARCH_LOG_FILE, days, date.today())
    except (sqlite3.Error, OSError) as err:
        _fail(err, EXIT_USAGE)
    if as_json:
        _echo_json(found.to_json())
    else:
        click.echo(found.summary())


@main.command("staff-password")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@_INSTANCE_OPTION
@click.option("--off", is_flag=True, help="Remove the password: the staff area answers 404 again.")
def staff_password(index_dir: Path, instance: Path | None, off: bool) -> None:
    """Set the staff area's password (/personale/, user name "personale"), read from standard input
    (without echo on a terminal); only a salted hash is stored, in the instance folder."""
    from searchapp.staff_auth import BadPassword, set_password
    from searchapp.staff_edits import record_change

    folder = instance_dir(index_dir, instance)
    path = folder / STAFF_PASSWORD_FILE
    if off:
        path.unlink(missing_ok=True)
        record_change(folder / STAFF_CHANGES_FILE, "staff password removed; staff area off")
        click.echo("Staff area off (no password).")
        return
    if sys.stdin.isatty():
        password = getpass.getpass("Staff password: ")
        if getpass.getpass("Again: ") != password:
            _fail(ValueError("the two passwords differ; nothing changed"), EXIT_USAGE)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        set_password(path, password)
    except (BadPassword, OSError) as err:
        _fail(err, EXIT_USAGE)
    record_change(folder / STAFF_CHANGES_FILE, "staff password set")
    click.echo(f"Staff password stored (salted scrypt hash) in {path}. The staff area is /personale/, "
               "user name personale; serve it only behind HTTPS.")


@main.command()
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=SERVE_THREADS, show_default=True,
              help="Requests searched at once (more processes, not threads, add throughput: docs/scaling.md).")
@click.option("--result-cache", type=click.IntRange(0, 1_000_000), default=RESULT_CACHE, show_default=True,
              help="Whole results kept for repeated searches (0: none, every search is run).")
@_INSTANCE_OPTION
@click.option("--search-log/--no-search-log", default=True, show_default=True,
              help="Count searches (scrubbed, no personal data) for `kommunesog stats` and the staff area.")
def serve(index_dir: Path, host: str, port: int, threads: int, result_cache: int, instance: Path | None,
          search_log: bool) -> None:
    """Serve the search UI and API with waitress (a production WSGI server)."""
    from waitress import serve as waitress_serve

    from searchapp import create_app, searcher_of

    _few_malloc_arenas()
    app = create_app({"INDEX_DIR": str(index_dir.resolve()), "RESULT_CACHE": result_cache,
                      "INSTANCE_DIR": str(instance_dir(index_dir.resolve(), instance)), "SEARCH_LOG": search_log})
    _warm_up(searcher_of(app))
    log.info("serving index %s on http://%s:%d", index_dir, host, port)
    # SIGTERM ends the server like Ctrl-C, so the search log writes what it holds before the exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="kommunesog")
    finally:
        if app.extensions["search_log"] is not None:
            app.extensions["search_log"].close()



def _few_malloc_arenas() -> None:
    """Let glibc keep two malloc arenas, not one per thread (its default allows 8 per core). A
    search works on arrays of one number per passage (800 kB at 100k passages); freed, they stayed
    in each of waitress's threads' arenas: 8 concurrent clients at 104,382 passages peaked at 454 MB
    with the default, 398 MB with two arenas, at the same requests/s. Not glibc: nothing to do."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _warm_up(searcher: Searcher) -> None:
    """Load the lemmatiser, the compound lexicon and the spelling vocabulary before the first citizen
    asks (they cost the first search about half a second). Without an index there is nothing to warm:
    the server starts anyway and answers 503 until a reindex publishes one."""
    try:
        searcher.search("kommunen borgere")
        searcher.suggest("kommu")
    except Exception as err:  # a missing or damaged index: the app answers 503 and logs it per request
        log.warning("index in %s not usable yet (%s): serving 503 until `kommunesog reindex` publishes "
                    "one", searcher.index_dir, err)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["opensearch-bulk"]), required=True)
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: standard output).")
@click.option("--index-name", default="kommunesog", show_default=True, help="Target index of the bulk actions.")
def export_command(fmt: str, index_dir: Path, out_file: Path | None, index_name: str) -> None:
    """Write every indexed passage for another search engine (OpenSearch/Elasticsearch bulk NDJSON)."""
    from searchapp.export import indexed_passages, to_bulk

    try:
        lines = to_bulk(indexed_passages(Searcher(index_dir)), index=index_name)
        count = _write_lines(lines, out_file) // 2
    except IndexMissing as err:
        _fail(err, EXIT_USAGE)
    log.info("exported %d passages as %s to %s", count, fmt, out_file or "stdout")


def _write_lines(lines, out_file: Path | None) -> int:
    """Write ``lines`` to ``out_file`` (atomically: a half-written export never replaces a good one)
    or to stdout; returns how many were written."""
    written = 0
    if out_file is None:
        for line in lines:
            click.echo(line, nl=False)
            written += 1
        return written
    tmp = out_file.with_name(f".{out_file.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
                written += 1
        tmp.replace(out_file)
    finally:
        tmp.unlink(missing_ok=True)
    return written


# --- keeping the pages fresh (crawl/) ----------------------------------------------------------------

_CRAWL_OPTIONS = [
    click.option("--site", required=True, help="Start page of the site, e.g. https://gladsaxe.dk/."),
    click.option("--pages", "pages_dir", type=click.Path(path_type=Path), default=DEFAULT_PAGES, show_default=True),
    click.option("--prefix", "prefixes", multiple=True,
                 help="Only crawl pages under this path, e.g. /borger (repeatable; default: the whole site)."),
    click.option("--max-pages", type=click.IntRange(1), default=CrawlOptions.max_pages, show_default=True),
    click.option("--delay", type=click.FloatRange(0), default=CrawlOptions.delay, show_default=True,
                 help="Seconds between requests (a longer robots.txt Crawl-delay wins)."),
    click.option("--grace-days", type=click.FloatRange(0), default=CrawlOptions.grace_days, show_default=True,
                 help="A gone page (404/410) is deleted once it has been gone this many days."),
    click.option("--timeout", type=click.FloatRange(0.1), default=CrawlOptions.timeout, show_default=True,
                 help="Seconds to wait for a server before the request is retried."),
    click.option("--contact", envvar="KOMMUNESOG_CONTACT",
                 help="URL or e-mail address for the User-Agent, so the site knows whom to ask "
                      "[env KOMMUNESOG_CONTACT]."),
    click.option("--json", "as_json", is_flag=True, help="Print one JSON object."),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
]


def _crawl_options(command):
    """The options ``crawl`` and ``update`` share."""
    for option in reversed(_CRAWL_OPTIONS):
        command = option(command)
    return command


def _crawl_call(call, options: dict):
    """Run ``call(CrawlOptions)``; usage errors exit 2, another crawl on the folder exits 3."""
    settings = {name: options[name] for name in
                ("site", "pages_dir", "prefixes", "max_pages", "delay", "grace_days", "timeout", "contact")}
    # httpx logs every request at INFO; in a cron mail that would bury the summary.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        return call(CrawlOptions(**settings))
    except (BadSite, PagesFolderError) as err:
        _fail(err, EXIT_USAGE)
    except CrawlBusy as err:
        _fail(err, EXIT_BUSY, "crawl skipped")


@main.command("crawl")
@_crawl_options
def crawl_command(**options) -> None:
    """Fetch what changed on SITE into PAGES (exit codes: see crawl/report.py and the README)."""
    progress = TerminalProgress(enabled=False if options["quiet"] or options["as_json"] else None)
    try:
        report = _crawl_call(lambda settings: run_crawl(settings, progress=progress), options)
    finally:
        progress.close()
    if options["as_json"]:
        _echo_json(report.to_json())
    else:
        click.echo(report.summary())
    sys.exit(report.exit_code)


@main.command("update")
@_crawl_options
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@click.option("--allow-shrink", is_flag=True,
              help="Publish even when more than half of the live passages would go (a site that really shrank).")
def update_command(index_dir: Path, allow_shrink: bool, **options) -> None:
    """Crawl SITE into PAGES, then reindex PAGES into INDEX: one summary, one exit code, for cron."""
    quiet = options["quiet"] or options["as_json"]
    progress = TerminalProgress(enabled=False if quiet else None)
    reindex_progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        report = _crawl_call(lambda settings: run_update(settings, index_dir, allow_shrink=allow_shrink,
                                                         progress=progress, reindex_progress=reindex_progress),
                             options)
    finally:
        progress.close()
        reindex_progress.close()
    if options["as_json"]:
        _echo_json(report.to_json())
    else:
        click.echo(report.crawl.summary())
        click.echo(_summary(report.reindex) if report.reindex else report.reindex_problem)
    sys.exit(report.exit_code)


if __name__ == "__main__":
    main()
