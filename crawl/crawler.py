"""One crawl of one site into a pages folder: robots.txt → sitemaps → pages (breadth first) → files.

URLs come from the start page, the sitemaps, the pages already in the folder (so that a page dropped
from the site is noticed) and the links of every page, in that order. Each page is requested
conditionally; a 304, or a 200 whose content is what the file already holds, leaves the file alone
(same bytes, same mtime), so the incremental reindex sees it unchanged. A page that is gone (404/410,
moved, now disallowed or ``noindex``) is removed once it has been gone for the grace period; a fetch
that fails never removes anything.
"""
from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Callable

from ingest.reader import MAX_PAGE_BYTES, split_headers

from .content import decode_body, page_file_bytes, read_links
from .fetch import Fetcher, FetchFailed, FetchSettings, Refused, Response, WrongType, conditional_headers
from .naming import page_file_name
from .report import CrawlReport
from .robots import Robots, fetch_robots, to_cache
from .scope import BadSite, Scope, looks_like_page
from .sitemap import read_sitemaps
from .state import CrawlLock, CrawlState, PageRecord, load_state, save_state, write_atomically

# The robots.txt product token and the start of the User-Agent ("ø" spelled "oe": tokens are ASCII).
PRODUCT = "Kommunesoeg"
DAY = 86400.0
# After this many failed requests in a row the site is taken to be down: the rest of the crawl would
# only wait for timeouts, and the next run will try again.
MAX_FAILURES_IN_A_ROW = 10
# The state is saved this often during a crawl, so a killed crawl loses little.
SAVE_EVERY = 100
_ALREADY = "already fetched in this crawl"
GONE_STATUSES = frozenset({404, 410})

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


class PagesFolderError(ValueError):
    """The pages folder cannot be created or is not a folder."""


def user_agent(contact: str | None = None) -> str:
    """``Kommunesoeg/<version> (+<contact>)``: who is asking, and how to reach whoever runs it."""
    try:
        version = metadata.version("kommunesog")
    except metadata.PackageNotFoundError:
        version = "0"
    # Without a configured contact we say what we are rather than invent an address.
    about = f"+{contact}" if contact else "municipal site search crawler"
    return f"{PRODUCT}/{version} ({about})"


@dataclass
class CrawlOptions:
    """What one crawl does (the ``crawl``/``update`` command options, plus knobs for tests)."""

    site: str
    pages_dir: Path = Path("raw_pages")
    prefixes: tuple[str, ...] = ()
    max_pages: int = 5000
    delay: float = 1.0
    grace_days: float = 3.0
    timeout: float = 20.0
    total_timeout: float = 60.0
    retries: int = 2
    backoff: float = 1.0
    max_bytes: int = MAX_PAGE_BYTES  # a longer page would be rejected by the reindex anyway
    contact: str | None = None
    trust_env: bool = True

    def fetch_settings(self) -> FetchSettings:
        """The HTTP client's settings for this crawl."""
        # A whole response never has less time than one wait for a byte.
        return FetchSettings(user_agent=user_agent(self.contact), delay=self.delay, timeout=self.timeout,
                             total_timeout=max(self.total_timeout, self.timeout), retries=self.retries,
                             backoff=self.backoff, max_bytes=self.max_bytes, trust_env=self.trust_env)


def crawl(options: CrawlOptions, *, progress: Progress | None = None, clock: Callable[[], float] = time.time,
          sleep: Callable[[float], None] = time.sleep) -> CrawlReport:
    """Crawl ``options.site`` into ``options.pages_dir``.

    Raises BadSite or PagesFolderError for unusable options, state.CrawlBusy when another crawl
    works on the same folder. Everything that goes wrong with the site or a page is in the report.
    """
    scope = Scope.for_site(options.site, options.prefixes)
    pages_dir = Path(options.pages_dir)
    try:
        pages_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PagesFolderError(f"cannot use pages folder {pages_dir}: {err.strerror or err}") from None
    started = time.monotonic()
    report = CrawlReport(site=scope.start, pages_dir=str(pages_dir))
    with CrawlLock(pages_dir):
        state = load_state(pages_dir)
        settings = options.fetch_settings()
        with Fetcher(settings, sleep=sleep) as fetcher:
            run = _Crawl(options, scope, pages_dir, state, fetcher, report, clock, progress)
            try:
                run.start()
            finally:
                save_state(pages_dir, state)
                report.requests = fetcher.traffic.requests
                report.bytes_received = fetcher.traffic.bytes_received
                report.statuses = dict(fetcher.traffic.statuses)
    report.seconds = time.monotonic() - started
    log.info("crawl %s: %d new, %d changed, %d unchanged, %d removed, %d missing, %d failed, %d skipped; "
             "%d requests, %d bytes, %.1fs", scope.start, len(report.new), len(report.changed),
             len(report.unchanged), len(report.removed), len(report.missing), len(report.failed),
             len(report.skipped), report.requests, report.bytes_received, report.seconds)
    return report


class _Crawl:
    """The working set of one crawl (queue, visited URLs, pages found gone)."""

    def __init__(self, options: CrawlOptions, scope: Scope, pages_dir: Path, state: CrawlState,
                 fetcher: Fetcher, report: CrawlReport, clock: Callable[[], float], progress: Progress | None):
        self.options, self.scope, self.pages_dir, self.state = options, scope, pages_dir, state
        self.fetcher, self.report, self.clock, self.progress = fetcher, report, clock, progress
        self.queue: deque[str] = deque()
        self.queued: set[str] = set()
        self.visited: set[str] = set()
        self.gone: dict[str, str] = {}  # URL → why it is gone
        self.robots: Robots | None = None
        self.requested = 0

    # --- the run ------------------------------------------------------------------------------

    def start(self) -> None:
        if self.state.problem:
            self.report.notes.append(self.state.problem)
        robots = fetch_robots(self.fetcher, self.scope.robots_url, PRODUCT,
                              cached=self.state.robots.get(self.scope.origin), may_follow=self._may_follow_site)
        self.robots = robots
        if robots.problem:
            self.report.site_problem = robots.problem
            return
        self.state.robots[self.scope.origin] = to_cache(robots)
        self.fetcher.settings.delay = max(self.options.delay, robots.crawl_delay)
        self.report.delay = self.fetcher.settings.delay

        self._enqueue(self.scope.start, force=True)
        self._enqueue_all(self._sitemap_pages(robots))
        self._enqueue_all(url for url in sorted(self.state.pages) if self.scope.contains(url))
        failures_in_a_row = saved_at = 0
        while self.queue and self.requested < self.options.max_pages:
            url = self.queue.popleft()
            if url in self.visited:
                continue
            try:
                ok = self._visit(url)
            except Exception as err:  # a page nobody foresaw must cost that URL, not the whole crawl
                log.exception("crawling %s failed unexpectedly", url)
                self.report.failed.append({"url": url, "reason": f"internal error: {type(err).__name__}: {err}"})
                ok = True
            failures_in_a_row = 0 if ok else failures_in_a_row + 1
            if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                self.report.stopped = f"the site stopped answering ({failures_in_a_row} failed requests in a row)"
                self.report.site_problem = self.report.stopped
                break
            if self.requested - saved_at >= SAVE_EVERY:
                save_state(self.pages_dir, self.state)
                saved_at = self.requested
        remaining = [url for url in self.queue if url not in self.visited]
        self.report.not_visited = len(remaining)
        if remaining and not self.report.stopped:
            self.report.stopped = f"--max-pages {self.options.max_pages} reached"
        self._settle_gone()

    def _sitemap_pages(self, robots: Robots) -> list[str]:
        listed = [url for url in robots.sitemaps if self.scope.on_site(url)]
        roots = list(dict.fromkeys([*listed, self.scope.sitemap_url]))
        optional = frozenset() if self.scope.sitemap_url in listed else frozenset({self.scope.sitemap_url})
        sitemaps = read_sitemaps(self.fetcher, roots, cached=self.state.sitemaps, optional=optional,
                                 may_fetch=lambda url: self.scope.on_site(url) and robots.allows(url),
                                 may_follow=self._may_follow_site)
        self.state.sitemaps = {url: entry for url, entry in self.state.sitemaps.items()
                               if not self.scope.on_site(url)}
        self.state.sitemaps.update(sitemaps.cache)
        self.report.failed.extend(sitemaps.problems)
        return sitemaps.pages

    def _enqueue_all(self, urls) -> None:
        for url in urls:
            self._enqueue(url)

    def _enqueue(self, url: str, *, force: bool = False) -> None:
        if url in self.queued:
            return
        if not force and not (self.scope.contains(url) and looks_like_page(url)):
            return
        self.queued.add(url)
        self.queue.append(url)

    def _may_follow_site(self, target: str) -> str | None:
        """Why a redirect of robots.txt or a sitemap to ``target`` must not be followed, or None."""
        if not self.scope.on_site(target):
            return "off the site"
        if self.robots is not None and not self.robots.allows(target):
            return "disallowed by robots.txt"
        return None

    def _may_follow_page(self, target: str) -> str | None:
        """Why a page's redirect to ``target`` must not be followed, or None."""
        refusal = self._may_follow_site(target)
        if refusal:
            return refusal
        if not self.scope.contains(target):
            return "outside the crawled path prefixes"
        if not looks_like_page(target):
            return "not a page"
        if target in self.visited:
            return _ALREADY
        return None

    # --- one URL ------------------------------------------------------------------------------

    def _visit(self, url: str) -> bool:
        """Fetch and store one URL. False only when the request failed (for the site-down check)."""
        self.visited.add(url)
        if not self.robots.allows(url):
            self._skip(url, "disallowed by robots.txt", gone=True)
            return True
        self.requested += 1
        if self.progress:
            self.progress(self.requested, min(self.options.max_pages, self.requested + len(self.queue)))
        try:
            response = self.fetcher.get(url, validators=self._validators, may_follow=self._may_follow_page)
        except Refused as err:
            if url == self.scope.start and not self.scope.on_site(err.target):
                # Most often --site lacks the "www." the site redirects to: a failure the summary shows,
                # not a quiet skip that makes a crawl of nothing look like a success.
                self.report.failed.append({"url": url, "reason": f"the start page {err.reason}; crawl that "
                                                                 "site with --site instead"})
                return True
            self._skip(url, err.reason, gone=True)
            return True
        except WrongType as err:
            self._skip(url, err.reason, gone=True)
            return True
        except FetchFailed as err:
            self.report.failed.append({"url": url, "reason": err.reason})
            return False
        final = response.url
        self.visited.add(final)
        if response.redirects:
            for source in response.redirects:
                self._skip(source, f"redirects to {final}", gone=True)
        if response.status == 304:
            self._unchanged(final)
        elif response.status in GONE_STATUSES:
            self._skip(final, f"HTTP {response.status}", gone=True)
        elif 200 <= response.status < 300:
            self._store(final, response)
        else:
            self.report.failed.append({"url": final, "reason": f"HTTP {response.status}"})
        return True

    def _validators(self, url: str) -> dict[str, str]:
        record = self.state.pages.get(url)
        if record is None or not (self.pages_dir / record.file).is_file():
            return {}  # without the file a 304 would leave us with nothing
        return conditional_headers(record.etag, record.last_modified)

    def _skip(self, url: str, reason: str, *, gone: bool) -> None:
        if gone and url in self.state.pages:
            self.gone[url] = reason
        else:
            self.report.skipped.append({"url": url, "reason": reason})

    def _unchanged(self, url: str) -> None:
        record = self.state.pages.get(url)
        if record is None:  # only conditional requests may get a 304
            self.report.failed.append({"url": url, "reason": "HTTP 304 to a request that was not conditional"})
            return
        record.found(self.clock())
        self.report.unchanged.append(url)
        try:
            data = (self.pages_dir / record.file).read_bytes()
        except OSError as err:
            log.warning("cannot read %s for its links: %s", record.file, err)
            return
        _, html = split_headers(data.decode("utf-8", errors="replace"))
        self._follow_links(url, html)

    def _store(self, url: str, response: Response) -> None:
        if not response.body.strip():
            self.report.failed.append({"url": url, "reason": "empty response"})
            return
        decoded = decode_body(response.body, response.charset)
        if "\x00" in decoded.text:
            self._skip(url, "binary content, not a page", gone=True)
            return
        links = self._follow_links(url, decoded.text)
        if links.noindex:
            self._skip(url, "the page asks not to be indexed (noindex)", gone=True)
            return
        if not self.scope.contains(url):  # the start page outside --prefix: read for links only
            return
        record = self.state.pages.get(url) or PageRecord(url=url, file=page_file_name(url))
        path = self.pages_dir / record.file
        data = page_file_bytes(url, decoded.text)
        if len(data) > MAX_PAGE_BYTES:  # re-encoded as UTF-8 it grew past what the reindex reads
            self.report.failed.append({"url": url, "reason": f"page file would be {len(data)} bytes, more than "
                                                             f"the {MAX_PAGE_BYTES} the reindex accepts"})
            return
        try:
            existing = path.read_bytes() if path.is_file() else None
            if existing != data:
                write_atomically(path, data)
        except OSError as err:
            self.report.failed.append({"url": url, "reason": f"cannot write {record.file}: {err.strerror or err}"})
            return
        now = self.clock()
        record.etag, record.last_modified, record.fetched_at = response.etag, response.last_modified, now
        record.found(now)
        self.state.pages[url] = record
        self.report.fetched.append(url)
        if existing is None:
            self.report.new.append(url)
        elif existing != data:
            self.report.changed.append(url)
        else:
            self.report.unchanged.append(url)
        if decoded.problem:
            self.report.repaired.append({"url": url, "reason": decoded.problem})

    def _follow_links(self, url: str, html: str):
        links = read_links(html, url)
        self._enqueue_all(links.links)
        return links

    # --- gone pages ---------------------------------------------------------------------------

    def _settle_gone(self) -> None:
        """Pages found gone: removed once gone for the grace period, kept (and reported) until then."""
        now = self.clock()
        grace = self.options.grace_days * DAY
        for url, reason in sorted(self.gone.items()):
            record = self.state.pages[url]
            if record.missing_since is None:
                record.missing_since = now
            record.missing_reason = reason
            if now - record.missing_since >= grace:
                try:
                    (self.pages_dir / record.file).unlink(missing_ok=True)
                except OSError as err:
                    self.report.failed.append({"url": url, "reason": f"cannot remove {record.file}: {err}"})
                    continue
                del self.state.pages[url]
                self.report.removed.append({"url": url, "page": record.file, "reason": reason})
            else:
                since = datetime.fromtimestamp(record.missing_since, timezone.utc).isoformat(timespec="seconds")
                self.report.missing.append({"url": url, "page": record.file, "reason": reason, "since": since})


__all__ = ["BadSite", "CrawlOptions", "PagesFolderError", "crawl", "user_agent"]
