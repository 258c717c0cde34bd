"""Sitemaps → page URLs: XML ``urlset`` and ``sitemapindex`` (nested, gzipped or not) and plain-text
sitemaps, as sitemaps.org defines them.

Each sitemap is fetched conditionally; its URL list is kept in the crawl state so that a 304 costs
no parsing and an unreachable sitemap still yields the list it had last time.
"""
from __future__ import annotations

import logging
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Callable
from xml.etree import ElementTree

from .fetch import Fetcher, FetchFailed, conditional_headers
from .scope import normalise

# sitemaps.org: at most 50 MB (uncompressed) and 50,000 URLs per sitemap.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
# An index of indexes of sitemaps is as deep as real sites go; deeper is a loop or a trap.
MAX_DEPTH = 3
MAX_SITEMAPS = 500

log = logging.getLogger(__name__)


class SitemapError(Exception):
    """The bytes are not a sitemap."""


@dataclass
class SitemapEntries:
    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _gunzip(data: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, MAX_SITEMAP_BYTES + 1)
    except zlib.error as err:
        raise SitemapError(f"broken gzip: {err}") from None
    if len(out) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"more than {MAX_SITEMAP_BYTES} bytes uncompressed")
    return out


def parse_sitemap(data: bytes, url: str) -> SitemapEntries:
    """The page and sitemap URLs a sitemap lists (normalised; relative ones resolved against ``url``)."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    if not data.lstrip()[:1] == b"<":  # a text sitemap: one URL per line
        lines = data.decode("utf-8", errors="replace").splitlines()
        return SitemapEntries(pages=[u for u in (normalise(line, url) for line in lines if "://" in line) if u])
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        raise SitemapError(f"not valid XML: {err}") from None
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"XML whose root is <{kind}>, not <urlset> or <sitemapindex>")
    # Only <url><loc> and <sitemap><loc>: extensions such as <image:loc> are not pages.
    locs = [(sub.text or "").strip() for child in root if _local(child.tag) in ("url", "sitemap")
            for sub in child if _local(sub.tag) == "loc"]
    urls = [u for u in (normalise(loc, url) for loc in locs if loc) if u]
    return SitemapEntries(sitemaps=urls) if kind == "sitemapindex" else SitemapEntries(pages=urls)


@dataclass
class Sitemaps:
    """What all of a site's sitemaps list, the problems met, and the cache for the next crawl."""

    pages: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # {"url", "reason"}
    cache: dict[str, dict] = field(default_factory=dict)


def read_sitemaps(fetcher: Fetcher, roots: list[str], *, cached: dict[str, dict],
                  may_fetch: Callable[[str], bool], may_follow: Callable[[str], str | None],
                  optional: frozenset[str] = frozenset()) -> Sitemaps:
    """Fetch the sitemaps from ``roots`` down through sitemap indexes. ``optional`` are guessed
    locations (``/sitemap.xml``) whose absence is no problem; ``may_fetch`` vets every sitemap URL."""
    result = Sitemaps()
    queue = deque((url, 0) for url in roots if may_fetch(url))
    seen = {url for url, _ in queue}
    fetched = 0
    while queue and fetched < MAX_SITEMAPS:
        url, depth = queue.popleft()
        fetched += 1
        entries = _read_one(fetcher, url, cached.get(url), result, may_follow, optional)
        if entries is None:
            continue
        result.pages.extend(entries.pages)
        for child in entries.sitemaps:
            if child in seen or not may_fetch(child):
                continue
            seen.add(child)
            if depth + 1 > MAX_DEPTH:
                result.problems.append({"url": child, "reason": f"sitemap nested more than {MAX_DEPTH} deep"})
                continue
            queue.append((child, depth + 1))
    if queue:
        result.problems.append({"url": queue[0][0], "reason": f"more than {MAX_SITEMAPS} sitemaps; rest not read"})
    return result


def _read_one(fetcher: Fetcher, url: str, entry: dict | None, result: Sitemaps,
              may_follow: Callable[[str], str | None], optional: frozenset[str]) -> SitemapEntries | None:
    def validators(_url: str) -> dict[str, str]:
        return conditional_headers(entry.get("etag"), entry.get("last_modified")) if entry else {}

    def from_cache() -> SitemapEntries | None:
        if not entry:
            return None
        result.cache[url] = entry
        return SitemapEntries(pages=list(entry.get("pages", [])), sitemaps=list(entry.get("sitemaps", [])))

    try:
        response = fetcher.get(url, accept=None, validators=validators, may_follow=may_follow,
                               max_bytes=MAX_SITEMAP_BYTES)
    except FetchFailed as err:
        result.problems.append({"url": url, "reason": f"sitemap: {err.reason}"})
        return from_cache()
    if response.status == 304 and entry:
        return from_cache()
    if response.status != 200:
        if not (url in optional and response.status in (404, 410)):
            result.problems.append({"url": url, "reason": f"sitemap: HTTP {response.status}"})
        return None
    try:
        entries = parse_sitemap(response.body, response.url)
    except SitemapError as err:
        result.problems.append({"url": url, "reason": f"sitemap: {err}"})
        return from_cache()
    result.cache[url] = {"etag": response.etag, "last_modified": response.last_modified,
                         "pages": entries.pages, "sitemaps": entries.sitemaps}
    return entries
