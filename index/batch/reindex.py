"""Batch reindexing: pages folder → a new index generation, incremental by default.

A manifest in each generation records every page's content hash, its boilerplate signature and its
footer, and the analysis version. The next run compares the folder with it: only added and changed
pages are read and split again; passages of removed pages are deleted. When the boilerplate learned
for a site changes (say every footer was edited), that site's unchanged pages are redone too. A change
of analysis or schema version rebuilds everything.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from whoosh import index as whoosh_index
from whoosh.query import Term

from ingest.boilerplate import Boilerplate, PageSignature, page_signature
from ingest.model import Page, PageError, Passage
from ingest.passages import SiteFooter
from ingest.pipeline import NO_CONTENT, drop_duplicates, learn_sites, page_files, site_passages, split_each
from ingest.reader import page_file_stat, parse_page, printable_name, read_page_bytes

from .. import store
from ..analysis import ANALYSIS_VERSION
from .. import postings
from ..documents import to_document
from ..schema import SCHEMA, SCHEMA_VERSION

# Bumped when cleaning or splitting changes what passages a page gives, or the manifest's page
# signatures change form (2: mojibake repaired within mixed lines, UTF-16 without BOM read; 3: the
# signatures keep line hashes; 4: headings in text and in other CMSs' HTML, navigation and page dates;
# 5: the repeated head of a page is learned however long, an unheaded page opens under its title;
# 6: more ways of writing "last updated", icon-font glyphs dropped; 7: bold inside style wrappers,
# compound heading classes, arrowed link lines; 8: paragraphs kept whole against footer and widget
# learning, icons and data-table cells are no headings, pagers and read-aloud buttons dropped; 9: the
# signatures keep the far head apart, dates are no widgets; 10: the site's name in every <title> is
# learned and left out of page titles; 11: section menus, aside link boxes, read-more links that repeat
# a headline, pager counts and longer repeated widget lines dropped, more heading markup and FAQ
# toggles, "ajourført" and weekday update notices, converter link addresses dropped; 12: postback
# controls dropped, a news item's dateline and a link under a heading keep their section together; 13:
# lynx dumps read as their page; facts boxes, polls, pagers, boxes below scraped text dropped; 14: a
# signature's far head leaves out the lines of its near head, as learning counts the two as they are;
# 15: a scrape's <title> line, one-text-node-per-line breadcrumbs, headings and news items; headings
# without heading elements and in script-row toggles; page counts as pagers, layout-table columns and
# boxes under repeated titles dropped; dash breadcrumbs; footer links after the last contact fact; the
# signatures keep short headings; 16: Markdown text read as the HTML it stands for, icon ligature names,
# TAB table rows, boxes below a scraped page's updated line or under a repeated label, repeated item
# links, pager controls, first-page pagers and the link after a pager dropped, a list under a lead-in
# kept as its text; the signatures learn a text page's box labels; 17: an accordion's open-all button
# dropped; 18: list filters and the boxes after an HTML pager; 19: dumps without a reference list,
# innerText footers and items; 20: underlined headings, links and pipe tables in text, more
# last-updated wordings, view counts, the page's feedback question and byline; 21: Markdown without
# links, a heading after a list or a table's row inside a paragraph; 22: a text page's title from its
# first-rank heading or the line that spells its URL; 23: a reader view's header; 24: soft hyphens;
# 25: a run of dated items inside one paragraph; 26: placeholders in square brackets; 27: a page's own
# contents list; 28: a CMS's tools and boxes of links known by their wording; 29: a breadcrumb a line a
# crumb, tool rows, pager steps in words, embeds held back for consent; 30: steps to more of a list,
# its feed, a department's byline, the press contact beside news; 31: a list's filter a label a line;
# 32: read-more links of a run-on list, calendar and route buttons, a label between date and teaser;
# 33: the boxes after a list's step in words; 34: credits, read-aloud and PDF tools, answer toggles,
# back links, videos held back, a rating's answers, archive boxes; 35: self-service and shortcut boxes,
# a heading right above a table; 36: a crawler's breadcrumb a crumb a paragraph; 37: no heading begins
# with a small letter; 38: a heading over a contact box inside a run-on paragraph; 39: headings of a
# paragraph of more than 20 lines; 40: a printout converted to text; 41: lines compared without web
# addresses, a print-friendly copy's link addresses; 42: links to older items and archives, a mobile
# layout's arrow back; 43: a line opening with "«" is a quotation; 44: narrower share bars and rating
# answers; 45: the press contact a box only beside a list of news; 46: "Emner" opens no box; 47:
# newsletter lines, copyright credits, map links).
INGEST_VERSION = "47"
VERSION = f"analysis-{ANALYSIS_VERSION}/schema-{SCHEMA_VERSION}/ingest-{INGEST_VERSION}"
# Processes a full rebuild analyses pages in: Whoosh's multiprocessing writer, each process writing
# its own segment (kept apart, since merging them would cost again what the second process saved).
# An incremental reindex writes a few pages and stays in one process.
FULL_REINDEX_PROCS = min(2, os.cpu_count() or 1)
# How long before the last run began reading pages a file must have been changed for its stamp to
# be trusted (file systems keep times in ticks of up to 2 s).
STAMP_MARGIN_NS = 2_000_000_000


def _writer_limit_mb(processes: int) -> int:
    """Memory (by Whoosh's own estimate) each writer process may fill with postings before it
    pickles them to sorted runs on disk and merges those at the end: a quarter of the machine's
    memory shared by the processes, between 256 and 2,048 MB. While they fit, postings are sorted
    in memory: 104,382 passages in 128 s at 2,048 MB against 169 s at 512 MB (peak 2.7 GB per
    process, real memory being about 1.8 times Whoosh's estimate)."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        physical = 4096
    return max(256, min(2048, physical // (4 * max(1, processes))))


WRITER_LIMIT_MB = _writer_limit_mb(FULL_REINDEX_PROCS)
# A reindex that would leave fewer than this share of the live passages is not published without
# ``allow_shrink``: a site redesign the cleaner no longer understands, or a crawl that fetched error
# pages, would otherwise empty the search overnight.
MIN_KEPT_SHARE = 0.5

Progress = Callable[[int, int], None]


class PagesMissing(Exception):
    """The pages folder does not exist."""


@dataclass
class ReindexReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)  # {"page": …, "reason": …}
    redone: list[str] = field(default_factory=list)  # unchanged pages redone for new boilerplate
    passages_before: int = 0
    passages: int = 0
    generation: str | None = None
    full: bool = False
    dry_run: bool = False
    refused: str | None = None  # why the new generation was not published (the shrink guard)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "redone": self.redone,
            "passages_before": self.passages_before,
            "passages": self.passages,
            "generation": self.generation,
            "full": self.full,
            "dry_run": self.dry_run,
            "refused": self.refused,
            "seconds": round(self.seconds, 3),
        }


def _fingerprint(boilerplate: Boilerplate) -> str:
    data = json.dumps([sorted(boilerplate.head), sorted(boilerplate.tail), sorted(boilerplate.widgets),
                       sorted(boilerplate.titles), sorted(boilerplate.box_titles), boilerplate.learned])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def reindex(pages_dir: Path, index_dir: Path, *, full: bool = False, dry_run: bool = False,
            allow_shrink: bool = False, progress: Progress | None = None) -> ReindexReport:
    """Bring the index in ``index_dir`` up to date with the pages in ``pages_dir``.

    A run that would leave fewer than ``MIN_KEPT_SHARE`` of the live passages publishes nothing
    (``report.refused`` says why) unless ``allow_shrink``. Raises store.ReindexBusy when another
    reindex runs, PagesMissing when there is no pages folder.
    """
    started = time.monotonic()
    if not pages_dir.is_dir():
        raise PagesMissing(f"pages folder not found: {pages_dir}")
    index_dir.mkdir(parents=True, exist_ok=True)
    with store.ReindexLock(index_dir):
        if not dry_run:
            store.remove_stale(index_dir)
        report = _reindex_locked(pages_dir, index_dir, full, dry_run, allow_shrink, progress)
    report.seconds = time.monotonic() - started
    return report


def _reindex_locked(pages_dir, index_dir, full, dry_run, allow_shrink, progress) -> ReindexReport:
    live = store.current_generation(index_dir)
    manifest = store.read_manifest(live)
    try:
        live_count = store.passage_count(whoosh_index.open_dir(live.path)) if live else 0
    except Exception:  # a damaged live index is rebuilt from scratch
        live, manifest, live_count = None, {}, 0
    full = full or live is None or manifest.get("version") != VERSION
    known: dict[str, dict] = {} if full else manifest.get("pages", {})
    report = ReindexReport(full=full, dry_run=dry_run, passages_before=live_count)

    files = page_files(pages_dir)
    total = len(files)
    reading_since = time.time_ns()
    last_read = manifest.get("read_since_ns", 0)
    raws, hashes, signatures, stamps = {}, {}, {}, {}
    for done, path in enumerate(files, 1):
        name = path.name
        try:
            info = page_file_stat(path)  # never blocks: a FIFO or device is rejected unread
            entry = known.get(name)
            stamps[name] = _file_stamp(info)
            if entry is not None and _untouched(entry, stamps[name], last_read):
                data, digest = None, entry["hash"]  # not read: as the last run read it
            else:
                data = read_page_bytes(path)
                digest = hashlib.sha256(data).hexdigest()
            if entry and entry["hash"] == digest:
                report.unchanged.append(name)
                signatures[name] = PageSignature.from_json(entry["signature"])
            else:
                (report.changed if entry else report.added).append(name)
                raw = parse_page(name, data)
                raws[name], hashes[name] = raw, digest
                signatures[name] = page_signature(raw)
        except (PageError, OSError) as err:
            reason = str(err) if isinstance(err, PageError) else f"cannot read file: {err.strerror or err}"
            _reject(report, name, reason)
            if name in known:  # keep what was indexed for it until a good version comes
                signatures[name] = PageSignature.from_json(known[name]["signature"])
        finally:
            if progress:
                progress(done, total)
    _reject_duplicates(report, known, raws, signatures)
    on_disk = {p.name for p in files}
    report.removed = sorted(name for name in known if name not in on_disk)

    # Relearn each site's boilerplate; where it changed, that site's unchanged pages are redone.
    sites = learn_sites(signatures.values())
    fingerprints = {site: _fingerprint(b) for site, b in sites.items()}
    old_fingerprints = manifest.get("boilerplate", {}) if not full else {}
    moved = {site for site, fp in fingerprints.items() if old_fingerprints.get(site) != fp}
    if not full:
        for name in list(report.unchanged):
            if signatures[name].site in moved and name in known:
                try:
                    raw = parse_page(name, read_page_bytes(pages_dir / name))
                except (PageError, OSError):
                    continue  # unchanged content that cannot be read now keeps its passages
                raws[name], hashes[name] = raw, known[name]["hash"]
                report.redone.append(name)

    # A full rebuild indexes each page as soon as it is cleaned: the writer's processes analyse
    # while the next pages are cleaned here. An incremental run writes only when it knows what
    # changed (and a dry run never).
    streaming = full and not dry_run
    generation, writer = _open_writer(index_dir, live, full) if streaming else (None, None)
    try:
        cleaned: dict[str, Page] = {}
        by_page: dict[str, list[Passage]] = {}
        indexed = 0
        for raw, page, passages in split_each([raws[name] for name in sorted(raws)], sites):
            if not passages:
                _reject(report, raw.name, NO_CONTENT)
                continue
            cleaned[raw.name] = page
            if streaming:
                _add(writer, passages)
                indexed += len(passages)
            else:
                by_page[raw.name] = passages

        # The new manifest: every page that is indexed after this run.
        pages_entry: dict[str, dict] = {}
        unchanged = set(report.unchanged)
        for name in sorted(signatures):
            if name in cleaned:
                page = cleaned[name]
                pages_entry[name] = {"hash": hashes[name], "digest": raws[name].digest,
                                     "signature": signatures[name].to_json(), "footer": page.footer,
                                     "site": page.site, "url": page.url, "title": page.title}
            elif name in known and name not in report.removed:
                pages_entry[name] = {key: value for key, value in known[name].items() if key != "stamp"}
            else:
                continue
            # A file's stamp is kept where its entry holds what the file holds now: not for an edit
            # that was rejected (its entry is the version indexed before).
            if name in cleaned or name in unchanged:
                pages_entry[name]["stamp"] = stamps[name]
        sites_passages = _site_passages_of(pages_entry)

        report.added.sort(), report.changed.sort(), report.unchanged.sort()
        site_ids = {site: passage.id for site, passage in sites_passages.items()}
        nothing_changed = not (raws or report.removed) and manifest.get("sites") == site_ids
        redo = set(cleaned) | set(report.removed)
        if nothing_changed and not full and not dry_run:
            report.passages, report.generation = live_count, live.name
            return report
        if full:
            after = indexed + sum(len(p) for p in by_page.values()) + len(sites_passages)
        else:
            after = _passages_after(live, redo, by_page, sites_passages) if live else None
        if live and after is not None and after < MIN_KEPT_SHARE * live_count and not allow_shrink:
            report.refused = (f"would leave {after} of the {live_count} live passages (less than "
                              f"{MIN_KEPT_SHARE:.0%}); not published, the live index keeps serving; "
                              "check the rejected pages, or pass --allow-shrink if the site really shrank")
        if dry_run or report.refused:
            if writer:
                _discard(writer, index_dir)
            report.passages = after if dry_run and after is not None else live_count
            report.generation = live.name if live else None
            return report

        if not streaming:
            generation, writer = _open_writer(index_dir, live, full)
            if not full:
                for name in sorted(redo):
                    writer.delete_by_term("page", name)
                writer.delete_by_query(Term("kind", "site"))
            for name in sorted(by_page):
                _add(writer, by_page[name])
        for passage in sites_passages.values():
            writer.add_document(**to_document(passage, 0))
        writer.commit(optimize=full)
    except BaseException:
        if writer:
            _discard(writer, index_dir)
        raise
    # Searchers score from these arrays; written before the generation is published, so a server
    # never meets a new segment without them.
    written = whoosh_index.open_dir(generation.path)
    postings.write_missing(written, processes=FULL_REINDEX_PROCS if full else 1)
    store.write_manifest(generation, {
        "version": VERSION,
        "pages": pages_entry,
        "boilerplate": fingerprints,
        "sites": site_ids,
        "read_since_ns": reading_since,
    })
    store.publish(index_dir, generation)
    store.remove_stale(index_dir)
    report.generation = generation.name
    report.passages = store.passage_count(written)
    return report


def _file_stamp(info: os.stat_result) -> list[int]:
    """What tells a page file's content has not been touched: size, modification and change times,
    inode (a file written anew and renamed into place, as the crawler does, has a new inode)."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _untouched(entry: dict, stamp: list[int], last_read: int) -> bool:
    """Whether a page file is as the last run read it, without reading it (as git and make trust a
    file's times): its stamp is the one kept and it was last changed well before that run began
    reading. A file changed in the same clock tick as that run read it could keep its stamp with
    new content, so such a file is read again (git's "racily clean" rule)."""
    _, modified, changed, _ = stamp
    return entry.get("stamp") == stamp and max(modified, changed) < last_read - STAMP_MARGIN_NS


def _open_writer(index_dir: Path, live: store.Generation | None, full: bool):
    """A new generation (empty for a full rebuild, else a copy of the live one) and a writer on it
    (in FULL_REINDEX_PROCS processes for a full rebuild)."""
    generation = store.new_generation(index_dir) if full else store.copy_generation(live, index_dir)
    ix = whoosh_index.create_in(generation.path, SCHEMA) if full else whoosh_index.open_dir(generation.path)
    # Deleting a changed page's passages reads a few terms of each segment: through file handles,
    # not by copying each segment's mapped files into memory (0.6 s at 100k passages).
    ix.storage.supports_mmap = False
    writer = (ix.writer(limitmb=WRITER_LIMIT_MB, procs=FULL_REINDEX_PROCS, multisegment=True)
              if full and FULL_REINDEX_PROCS > 1 else ix.writer(limitmb=WRITER_LIMIT_MB))
    return generation, writer


def _add(writer, passages: list[Passage]) -> None:
    for order, passage in enumerate(passages):
        writer.add_document(**to_document(passage, order))


def _discard(writer, index_dir: Path) -> None:
    """Cancel a writer and remove the generation it was writing (never published)."""
    try:
        writer.cancel()
    finally:
        store.remove_stale(index_dir)


def _passages_after(live: store.Generation, redo: set[str], by_page: dict[str, list[Passage]],
                    site_passages: dict[str, Passage]) -> int:
    """How many passages the index would hold after an incremental run (for a dry run and the
    shrink guard)."""
    new = sum(len(passages) for passages in by_page.values()) + len(site_passages)
    with store.searcher_of(whoosh_index.open_dir(live.path)) as searcher:
        dropped = set(searcher.document_numbers(kind="site"))  # a site passage also names a page
        for name in redo:
            dropped.update(searcher.document_numbers(page=name))
        return searcher.doc_count() - len(dropped) + new


def _reject(report: ReindexReport, name: str, reason: str) -> None:
    report.rejected.append({"page": printable_name(name), "reason": reason})
    for bucket in (report.changed, report.added, report.redone):
        if name in bucket:
            bucket.remove(name)


def _reject_duplicates(report: ReindexReport, known: dict[str, dict], raws: dict, signatures: dict) -> None:
    """A new or edited page with the same text as another page is rejected before boilerplate is
    learned. Pages kept as they are win; among the others the first by name does, as in a full
    rebuild."""
    owners = {known[name]["digest"]: name for name in report.unchanged if known[name].get("digest")}
    _, copies = drop_duplicates(raws.values(), owners)
    for copy in copies:
        del raws[copy.page]
        _reject(report, copy.page, copy.reason)
        if copy.page in known:  # keep what was indexed for it until a good version comes
            signatures[copy.page] = PageSignature.from_json(known[copy.page]["signature"])
        else:
            del signatures[copy.page]


def _site_passages_of(pages_entry: dict[str, dict]) -> dict[str, Passage]:
    """One site passage per site, from the footers the manifest keeps of all its indexed pages."""
    return site_passages(SiteFooter(name, entry["site"], entry["footer"], entry.get("url"), entry.get("title") or "")
                         for name, entry in pages_entry.items())
