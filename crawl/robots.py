"""robots.txt: fetched with the crawler's own User-Agent, read as RFC 9309 says (by Protego).

RFC 9309 rules: ``*`` matches any characters and a trailing ``$`` ends the pattern (both matched
against the path and query), the longest matching rule wins (``Allow`` on a tie), the groups naming
our product token are merged (case-insensitively) and the ``*`` group is only their fallback, and
``/robots.txt`` itself is always allowed. ``urllib.robotparser`` did none of the first three: it let the
first matching rule win and read ``*`` and ``$`` as literal characters.

The text is fetched by our ``Fetcher`` (with our User-Agent, conditional requests and redirect vetting)
and handed to ``parse_robots()``. What a status means follows RFC 9309, except that 401/403 disallow
everything: a site that refuses us its rules has not invited us in.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from protego import Protego

from .fetch import Fetcher, FetchFailed, conditional_headers

# robots.txt larger than this is cut here (RFC 9309 asks parsers to read at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024

# The rules used when the site's own cannot be had: nothing but robots.txt itself may be fetched.
_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"

log = logging.getLogger(__name__)


@dataclass
class Robots:
    """The rules for one site and one User-Agent product token."""

    agent: str
    parser: Protego
    text: str = ""  # the robots.txt text the rules came from ("" when there is none)
    problem: str | None = None  # why the rules are "disallow everything", if they are
    etag: str | None = None
    last_modified: str | None = None
    sitemaps: list[str] = field(default_factory=list)

    def allows(self, url: str) -> bool:
        """Whether our product token may fetch ``url`` (an absolute URL or a path)."""
        return self.parser.can_fetch(url, self.agent)

    @property
    def crawl_delay(self) -> float:
        delay = self.parser.crawl_delay(self.agent)
        return float(delay) if delay else 0.0


def parse_robots(text: str, agent: str) -> Robots:
    """Rules from robots.txt text for the product token ``agent`` (an empty text allows everything)."""
    parser = Protego.parse(text)
    return Robots(agent=agent, parser=parser, text=text, sitemaps=list(parser.sitemaps))


def _disallow_all(agent: str, problem: str) -> Robots:
    return Robots(agent=agent, parser=Protego.parse(_DISALLOW_ALL), problem=problem)


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
