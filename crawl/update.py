"""Crawl, then reindex: what one cron line runs. One report, one exit code.

Exit codes of ``kommunesog update`` (the worst of the two steps, in this order):

| code | meaning |
|---|---|
| 0 | the site was crawled and every page indexed |
| 1 | some URLs failed to crawl or some pages were rejected by the reindex; everything else is done |
| 2 | usage error (bad ``--site``, unusable pages folder); nothing was done |
| 3 | another crawl (nothing done) or reindex (crawl done, reindex left to the next run) is running |
| 4 | the site could not be crawled; the index was still brought up to date with the folder |
| 5 | the reindex was not published: it would have removed more than half of the live passages |
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from index import ReindexBusy, ReindexReport, reindex

from .crawler import CrawlOptions, Progress, crawl
from .report import EXIT_BUSY, EXIT_FAILED, EXIT_OK, EXIT_SITE, CrawlReport

EXIT_SHRINK = 5


@dataclass
class UpdateReport:
    crawl: CrawlReport
    reindex: ReindexReport | None = None
    reindex_problem: str | None = None  # why the reindex did not run

    @property
    def exit_code(self) -> int:
        if self.reindex is None:
            return EXIT_BUSY
        if self.reindex.refused:
            return EXIT_SHRINK
        if self.crawl.exit_code == EXIT_SITE:
            return EXIT_SITE
        if self.crawl.failed or self.reindex.rejected:
            return EXIT_FAILED
        return EXIT_OK

    def to_json(self) -> dict:
        return {"crawl": self.crawl.to_json(),
                "reindex": self.reindex.to_json() if self.reindex else None,
                "reindex_problem": self.reindex_problem,
                "exit_code": self.exit_code}


def update(options: CrawlOptions, index_dir: Path, *, allow_shrink: bool = False, progress: Progress | None = None,
           reindex_progress: Progress | None = None, clock: Callable[[], float] = time.time) -> UpdateReport:
    """Crawl ``options.site`` into ``options.pages_dir``, then reindex that folder into ``index_dir``.

    Raises what ``crawl`` raises before anything is done (bad options, another crawl running); a
    reindex that cannot run now is reported, not raised, since the crawl's work is kept. ``clock``
    is the crawl's wall clock (the grace period of gone pages is measured with it).
    """
    crawled = crawl(options, progress=progress, clock=clock)
    report = UpdateReport(crawl=crawled)
    try:
        report.reindex = reindex(Path(options.pages_dir), Path(index_dir), allow_shrink=allow_shrink,
                                 progress=reindex_progress)
    except ReindexBusy as err:
        report.reindex_problem = f"reindex skipped: {err}"
    return report
