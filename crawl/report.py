"""The outcome of one crawl, for people (``summary``), machines (``to_json``) and cron (``exit_code``).

Exit codes of ``kommunesog crawl``:

| code | meaning |
|---|---|
| 0 | every page was fetched or found unchanged (skipped and gone pages are normal) |
| 1 | some URLs failed (reasons in the report); every other page was handled |
| 2 | usage error (e.g. ``--site`` is not an http(s) URL, the pages folder cannot be made) |
| 3 | another crawl is running on the same pages folder; nothing was done |
| 4 | the site could not be crawled (robots.txt unavailable or forbidding, or the site stopped
      answering); the pages on disk are kept |
"""
from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY, EXIT_SITE = 0, 1, 2, 3, 4
# How many names a human summary lists per line before "…".
SHOWN = 8


@dataclass
class CrawlReport:
    site: str
    pages_dir: str
    fetched: list[str] = field(default_factory=list)  # URLs downloaded (200) and stored
    new: list[str] = field(default_factory=list)  # … of which written for the first time
    changed: list[str] = field(default_factory=list)  # … of which rewritten because they changed
    unchanged: list[str] = field(default_factory=list)  # 304, or a 200 with identical content
    removed: list[dict] = field(default_factory=list)  # {"url", "page", "reason"}: file deleted
    missing: list[dict] = field(default_factory=list)  # {"url", "page", "reason", "since"}: in grace
    failed: list[dict] = field(default_factory=list)  # {"url", "reason"}: file (if any) kept
    skipped: list[dict] = field(default_factory=list)  # {"url", "reason"}: robots, not HTML, off site
    repaired: list[dict] = field(default_factory=list)  # {"url", "reason"}: stored, encoding mended
    notes: list[str] = field(default_factory=list)  # things an operator should know, e.g. a lost state
    not_visited: int = 0  # URLs left when --max-pages was reached or the crawl stopped
    stopped: str | None = None  # why the crawl ended before its queue did
    site_problem: str | None = None  # why the site could not be crawled at all
    requests: int = 0
    bytes_received: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    delay: float = 0.0
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.site_problem:
            return EXIT_SITE
        return EXIT_FAILED if self.failed else EXIT_OK

    def to_json(self) -> dict:
        return {
            "site": self.site,
            "pages_dir": self.pages_dir,
            "fetched": self.fetched,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "missing": self.missing,
            "failed": self.failed,
            "skipped": self.skipped,
            "repaired": self.repaired,
            "notes": self.notes,
            "not_visited": self.not_visited,
            "stopped": self.stopped,
            "site_problem": self.site_problem,
            "requests": self.requests,
            "bytes_received": self.bytes_received,
            "statuses": {str(code): n for code, n in sorted(self.statuses.items())},
            "delay": self.delay,
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
        }

    def summary(self) -> str:
        """A few lines for a terminal or a cron mail."""
        lines = [f"Crawled {self.site} into {self.pages_dir}: {self.requests} requests, "
                 f"{self.bytes_received:,} bytes received, {self.seconds:.1f} s"]
        if self.site_problem:
            lines.append(f"  site problem: {self.site_problem}")
        for label, urls in (("new", self.new), ("changed", self.changed)):
            if urls:
                more = " …" if len(urls) > SHOWN else ""
                lines.append(f"  {label}: {len(urls)}: " + ", ".join(urls[:SHOWN]) + more)
        lines.append(f"  fetched: {len(self.fetched)}, unchanged: {len(self.unchanged)}")
        for item in self.removed:
            lines.append(f"  removed: {item['page']} ({item['url']}): {item['reason']}")
        for item in self.missing:
            lines.append(f"  missing since {item['since']}, kept for now: {item['url']}: {item['reason']}")
        for item in self.failed:
            lines.append(f"  failed: {item['url']}: {item['reason']}")
        for item in self.repaired:
            lines.append(f"  repaired: {item['url']}: {item['reason']}")
        for note in self.notes:
            lines.append(f"  note: {note}")
        if self.skipped:
            lines.append(f"  skipped: {len(self.skipped)} (robots.txt, not HTML, elsewhere; see --json)")
        if self.stopped:
            lines.append(f"  stopped early: {self.stopped}; {self.not_visited} URLs not visited")
        return "\n".join(lines)
