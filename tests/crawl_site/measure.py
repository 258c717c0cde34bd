"""What crawls of the fixture site cost it: requests, statuses and bytes, as the server counted them."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .pages import SITEMAP_FILES
from .server import FixtureSite, Hit


@dataclass
class Cost:
    requests: int = 0
    ok: int = 0  # 200
    not_modified: int = 0  # 304
    other: int = 0
    bytes_out: int = 0  # status lines, headers and bodies the site sent
    bytes_in: int = 0  # request lines and headers the crawler sent

    def add(self, hit: Hit) -> None:
        self.requests += 1
        self.ok += hit.status == 200
        self.not_modified += hit.status == 304
        self.other += hit.status not in (200, 304)
        self.bytes_out += hit.bytes_out
        self.bytes_in += hit.bytes_in


def is_regular(site: FixtureSite, hit: Hit) -> bool:
    """robots.txt, a sitemap or a page of the site (not one of the URLs that misbehave on purpose)."""
    path = urlsplit(hit.path).path
    return path in ("/robots.txt", "/sitemap.xml") or path in SITEMAP_FILES or path in site.pages


def cost(site: FixtureSite, hits: list[Hit]) -> tuple[Cost, Cost]:
    """(regular requests, all requests)."""
    regular, everything = Cost(), Cost()
    for hit in hits:
        everything.add(hit)
        if is_regular(site, hit):
            regular.add(hit)
    return regular, everything


def table(rows: list[tuple[str, Cost]]) -> str:
    lines = [f"{'':44} {'requests':>8} {'200':>5} {'304':>5} {'other':>5} {'bytes out':>11} {'bytes in':>9}"]
    for label, c in rows:
        lines.append(f"{label:44} {c.requests:8} {c.ok:5} {c.not_modified:5} {c.other:5} {c.bytes_out:11,} "
                     f"{c.bytes_in:9,}")
    return "\n".join(lines)
