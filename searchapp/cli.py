"""The ``kommunesog`` command: thin wrappers over ingest, index and searchapp.

Exit codes of ``reindex``: 0 every page indexed; 1 some pages rejected (the others are indexed);
2 usage error or missing pages folder; 3 another reindex is running.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from index import IndexMissing, PagesMissing, ReindexBusy, Searcher, reindex as run_reindex
from ingest import ingest_folder

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
DEFAULT_PAGES = Path("raw_pages")
DEFAULT_INDEX = Path("instance/index")

log = logging.getLogger("kommunesog")


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
def reindex(pages_dir: Path, index_dir: Path, full: bool, dry_run: bool, as_json: bool, quiet: bool) -> None:
    """Batch (re)index the pages in PAGES into the index at INDEX."""
    progress = _Progress(enabled=not quiet and not as_json and sys.stderr.isatty())
    try:
        report = run_reindex(pages_dir, index_dir, full=full, dry_run=dry_run, progress=progress)
    except ReindexBusy as err:
        log.error("reindex skipped: %s", err)
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_BUSY)
    except PagesMissing as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_USAGE)
    finally:
        progress.close()
    if as_json:
        _echo_json(report.to_json())
    else:
        click.echo(_summary(report))
    log.info("reindex %s: %d added, %d changed, %d removed, %d unchanged, %d rejected; passages %d -> %d; "
             "%.2fs", report.generation or "-", len(report.added), len(report.changed), len(report.removed),
             len(report.unchanged), len(report.rejected), report.passages_before, report.passages, report.seconds)
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
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_USAGE)
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


@main.command()
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve(index_dir: Path, host: str, port: int, threads: int) -> None:
    """Serve the search UI and API with waitress (a production WSGI server)."""
    from waitress import serve as waitress_serve

    from searchapp import create_app

    app = create_app({"INDEX_DIR": str(index_dir.resolve())})
    log.info("serving index %s on http://%s:%d", index_dir, host, port)
    waitress_serve(app, host=host, port=port, threads=threads, ident="kommunesog")


if __name__ == "__main__":
    main()
