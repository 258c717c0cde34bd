"""robots.txt: fetched with the crawler's own User-Agent, parsed by ``urllib.robotparser``.

``RobotFileParser.read()`` would fetch the file itself with Python's default User-Agent (which some
sites block, and which hides who is asking), so the text is fetched by our ``Fetcher`` and handed to
``parse()``. What a status means follows RFC 9309, except that 401/403 disallow everything (as
``robotparser`` itself decides): a site that refuses us its rules has not invited us in.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable
from urllib.robotparser import RobotFileParser

from .fetch import Fetcher, FetchFailed, conditional_headers

# robots.txt larger than this is cut here (RFC 9309 asks parsers to read at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024

log = logging.getLogger(__name__)


@dataclass
class Robots:
    """The rules for one site and one User-Agent product token."""

    agent: str
    parser: RobotFileParser
    text: str = ""  # the robots.txt text the rules came from ("" when there is none)
    problem: str | None = None  # why the rules are "disallow everything", if they are
    etag: str | None = None
    last_modified: str | None = None
    sitemaps: list[str] = field(default_factory=list)

    def allows(self, url: str) -> bool:
        return self.parser.can_fetch(self.agent, url)

    @property
    def crawl_delay(self) -> float:
        delay = self.parser.crawl_delay(self.agent)
        return float(delay) if delay else 0.0


def parse_robots(text: str, agent: str) -> Robots:
    """Rules from robots.txt text (an empty text allows everything)."""
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return Robots(agent=agent, parser=parser, text=text, sitemaps=list(parser.site_maps() or []))


def _disallow_all(agent: str, problem: str) -> Robots:
    parser = RobotFileParser()
    parser.disallow_all = True
    return Robots(agent=agent, parser=parser, problem=problem)


def fetch_robots(fetcher: Fetcher, url: str, agent: str, *, cached: dict | None = None,
                 may_follow: Callable[[str], str | None] | None = None) -> Robots:
    """The site's rules. ``cached`` (``{"text", "etag", "last_modified"}`` from the last crawl) is
    revalidated with a conditional request, and used when the server cannot answer. ``may_follow``
    vets redirect targets, as for pages."""
    cached = cached or {}

    def validators(_url: str) -> dict[str, str]:
        return conditional_headers(cached.get("etag"), cached.get("last_modified"))

    try:
        response = fetcher.get(url, accept=None, validators=validators if "text" in cached else None,
                               may_follow=may_follow)
    except FetchFailed as err:
        if "text" in cached:  # RFC 9309 lets a crawler keep using the last rules it saw
            log.warning("robots.txt unavailable (%s); using the copy from the last crawl", err.reason)
            return _from_cache(cached, agent)
        return _disallow_all(agent, f"robots.txt unavailable ({err.reason}); nothing may be fetched")
    if response.status == 304 and "text" in cached:
        return _from_cache(cached, agent)
    if response.status in (401, 403):
        return _disallow_all(agent, f"robots.txt answers HTTP {response.status}; nothing may be fetched")
    if 400 <= response.status < 500:
        return parse_robots("", agent)  # no robots.txt: everything is allowed
    if response.status != 200:
        return _disallow_all(agent, f"robots.txt answers HTTP {response.status}; nothing may be fetched")
    robots = parse_robots(response.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace"), agent)
    robots.etag, robots.last_modified = response.etag, response.last_modified
    return robots


def _from_cache(cached: dict, agent: str) -> Robots:
    robots = parse_robots(cached["text"], agent)
    robots.etag, robots.last_modified = cached.get("etag"), cached.get("last_modified")
    return robots


def to_cache(robots: Robots) -> dict | None:
    """What the crawl state keeps of the rules for the next run (None when there is nothing to keep)."""
    if robots.problem:
        return None
    return {"text": robots.text, "etag": robots.etag, "last_modified": robots.last_modified}
