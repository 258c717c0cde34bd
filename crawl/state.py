"""What the crawler remembers between runs, in ``.kommunesog-crawl.json`` in the pages folder.

Per page URL: the file it was written to, its ETag and Last-Modified (for conditional requests), and
since when it has been missing (for the grace period). Also the last robots.txt and the sitemaps'
URL lists, so that their 304s cost nothing. The file starts with a dot and is not a page suffix, so
the ingester never reads it. Only files named here are ever deleted by the crawler: hand-made pages
in the same folder are never touched.
"""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.pidlock import PidLock

from .naming import PAGE_SUFFIX, page_file_name
from .scope import normalise

STATE_FILE = ".kommunesog-crawl.json"
LOCK_FILE = ".kommunesog-crawl.lock"
STATE_VERSION = 1
# Files the crawler names end like this; a file that does and whose URL header gives back its name
# is the crawler's even when the state was lost.
_CRAWLED_NAME = re.compile(r"_[0-9a-f]{8}" + re.escape(PAGE_SUFFIX) + "$")
_HEADER_BYTES = 4096

log = logging.getLogger(__name__)


class CrawlBusy(Exception):
    """Another crawl is writing to the same pages folder."""

    def __init__(self, pid: str):
        super().__init__(f"another crawl is running on this pages folder (pid {pid or 'unknown'})")
        self.pid = pid


@dataclass
class PageRecord:
    url: str
    file: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: float | None = None  # last 200 (epoch seconds)
    checked_at: float | None = None  # last 200 or 304
    missing_since: float | None = None  # first crawl that found it gone, while in the grace period
    missing_reason: str | None = None

    def found(self, now: float) -> None:
        self.checked_at = now
        self.missing_since = self.missing_reason = None


@dataclass
class CrawlState:
    pages: dict[str, PageRecord] = field(default_factory=dict)
    robots: dict[str, dict] = field(default_factory=dict)  # origin → cached robots.txt
    sitemaps: dict[str, dict] = field(default_factory=dict)  # sitemap URL → cached URL lists
    problem: str | None = None  # why the saved state could not be used, if it could not

    def to_json(self) -> dict:
        return {"version": STATE_VERSION, "pages": {url: asdict(r) for url, r in sorted(self.pages.items())},
                "robots": self.robots, "sitemaps": self.sitemaps}


def load_state(pages_dir: Path) -> CrawlState:
    """The saved state, plus any crawler-named page files it does not know (e.g. after it was lost).
    An unreadable state file gives a fresh state with ``problem`` set; nothing is lost but validators."""
    path = pages_dir / STATE_FILE
    state = CrawlState()
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                raise ValueError(f"version {data.get('version')!r}, expected {STATE_VERSION}")
            state.pages = {url: PageRecord(**record) for url, record in data.get("pages", {}).items()}
            state.robots = dict(data.get("robots", {}))
            state.sitemaps = dict(data.get("sitemaps", {}))
        except (OSError, ValueError, TypeError, AttributeError) as err:
            state = CrawlState(problem=f"crawl state {path.name} unreadable ({err}); starting afresh")
            log.warning("%s", state.problem)
    _adopt_orphans(pages_dir, state)
    return state


def _adopt_orphans(pages_dir: Path, state: CrawlState) -> None:
    known = {record.file for record in state.pages.values()}
    for path in pages_dir.iterdir():
        if path.name in known or not _CRAWLED_NAME.search(path.name) or not path.is_file():
            continue
        try:
            with path.open("rb") as fh:
                first = fh.read(_HEADER_BYTES).split(b"\n", 1)[0].decode("utf-8", errors="replace")
        except OSError:
            continue
        url = normalise(first[4:]) if first.startswith("URL:") else None
        if url and url not in state.pages and page_file_name(url) == path.name:
            state.pages[url] = PageRecord(url=url, file=path.name)


def save_state(pages_dir: Path, state: CrawlState) -> None:
    """Write the state atomically (a crash leaves the old file or the new one, never half of one)."""
    write_atomically(pages_dir / STATE_FILE, json.dumps(state.to_json(), ensure_ascii=False, indent=1).encode())


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers (a reindex running now) see the old or the new file."""
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class CrawlLock(PidLock):
    """One crawl per pages folder at a time (``.kommunesog-crawl.lock`` in it)."""

    def __init__(self, pages_dir: Path):
        super().__init__(pages_dir / LOCK_FILE, CrawlBusy)
