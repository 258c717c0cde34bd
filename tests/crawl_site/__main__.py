"""Crawl the fixture site three times and print what each crawl cost it (``python -m tests.crawl_site``).

1. first crawl of an empty folder; 2. again, nothing changed (the conditional requests);
3. again after one page changed and two disappeared.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from crawl import crawl

from .fixtures import options_for
from .measure import cost, table
from .server import FixtureSite


def main() -> None:
    with FixtureSite() as site, tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        rows_regular, rows_all = [], []
        steps = [("1st crawl (empty folder)", None), ("2nd crawl (nothing changed)", None),
                 ("3rd crawl (1 page changed, 2 gone)", _change)]
        for label, before in steps:
            if before:
                before(site)
            mark = site.mark()
            report = crawl(options_for(site, pages))
            regular, everything = cost(site, site.since(mark))
            rows_regular.append((label, regular))
            rows_all.append((label, everything))
            print(f"{label}: {len(report.new)} new, {len(report.changed)} changed, {len(report.unchanged)} "
                  f"unchanged, {len(report.removed)} removed, {len(report.failed)} failed; "
                  f"{report.bytes_received:,} body bytes received; {report.seconds:.1f} s")
        print("\nrobots.txt, sitemaps and pages:")
        print(table(rows_regular))
        print("\nall requests, including the URLs that hang, drip, loop or stream for ever (their bytes out are what\n"
              "the server pushed into socket buffers before the crawler hung up; see body bytes received above):")
        print(table(rows_all))


def _change(site: FixtureSite) -> None:
    site.change("/borger/parkering", ["Beboerlicens koster nu 250 kr. om året. Der er nye ladestandere på Torvet."])
    site.remove("/borger/vinterberedskab", 404)
    site.remove("/borger/sygesikring", 410)


if __name__ == "__main__":
    main()
