"""Which URLs belong to the crawl: one site (scheme, host, port), optionally some path prefixes.

Every URL the crawler meets is normalised here first, so the same page reached by different spellings
(``HTTP://Host:80/a#top`` and ``http://host/a``) is fetched once and stored under one file name.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import httpx

# Links to these are never pages; skipping them saves a request each (the content type is still
# checked for everything that is fetched).
NOT_PAGE_SUFFIXES = frozenset(
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp .rtf .csv .txt .xml .json .zip .gz .rar .7z "
    ".jpg .jpeg .png .gif .svg .webp .ico .bmp .tif .tiff .mp3 .mp4 .m4a .mov .avi .wmv .webm .ogg "
    ".css .js .woff .woff2 .ttf .eot .ics .vcf .exe .dmg .msi".split()
)
# Query parameters that only track where a visitor came from; dropping them avoids duplicate pages.
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_CHARS = 2000
# Characters left as they are when re-quoting a path or query (RFC 3986 reserved + unreserved + %).
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = _SAFE_PATH + "?"


class BadSite(ValueError):
    """The --site value is not an http(s) URL."""


def normalise(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of ``url`` (resolved against ``base``), or None when it is not an
    http(s) URL we could fetch (mailto:, javascript:, malformed, overlong)."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return None
        host = parts.hostname.lower().rstrip(".")
        port = parts.port
    except ValueError:  # e.g. a port that is not a number
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" + ("" if port in (None, _DEFAULT_PORTS[scheme]) else f":{port}")
    path = _clean_path(parts.path)
    query = "&".join(quote(item, safe=_SAFE_QUERY) for item in parts.query.split("&")
                     if item and not _TRACKING.match(unquote(item.split("=", 1)[0])))
    result = urlunsplit((scheme, netloc, path, query, ""))
    if len(result) > MAX_URL_CHARS or not _sendable(result, host):
        return None
    return result


def _sendable(url: str, host: str) -> bool:
    """Whether the HTTP client and the resolver accept the host (``xn--.dk`` and ``a..b`` parse as
    URLs but fail IDNA encoding, which would otherwise only show when the request is made)."""
    try:
        httpx.URL(url).host  # reading .host decodes IDNA labels, which is where bad ones fail
        if ":" not in host:  # IPv6 literals are not IDNA-encoded
            host.encode("idna")
    except (httpx.InvalidURL, ValueError):  # IDNAError and UnicodeError are ValueErrors
        return False
    return True


def _clean_path(path: str) -> str:
    if not path:
        return "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path.startswith("//"):  # normpath keeps a leading "//"
        path = "/" + path.lstrip("/")
    if trailing and not path.endswith("/"):
        path += "/"
    return quote(unquote(path), safe=_SAFE_PATH)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def looks_like_page(url: str) -> bool:
    """False for links whose file suffix says they are not HTML (a PDF, an image, a stylesheet)."""
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    return not any(name.endswith(suffix) for suffix in NOT_PAGE_SUFFIXES)


@dataclass(frozen=True)
class Scope:
    """The site being crawled: its start URL, origin and the path prefixes that count (all if none)."""

    start: str
    prefixes: tuple[str, ...] = ()

    @classmethod
    def for_site(cls, site: str, prefixes: tuple[str, ...] | list[str] = ()) -> "Scope":
        """The scope of ``--site``; raises BadSite for anything but an absolute http(s) URL."""
        start = normalise(site)
        if start is None:
            raise BadSite(f"not an http(s) URL: {site!r}")
        cleaned = tuple(_clean_path("/" + p.lstrip("/")) for p in prefixes if p.strip())
        return cls(start=start, prefixes=cleaned)

    @property
    def origin(self) -> str:
        scheme, netloc = _origin(self.start)
        return f"{scheme}://{netloc}"

    @property
    def robots_url(self) -> str:
        return self.origin + "/robots.txt"

    @property
    def sitemap_url(self) -> str:
        return self.origin + "/sitemap.xml"

    def on_site(self, url: str) -> bool:
        """Same scheme, host and port as the start page (path prefixes not considered)."""
        return _origin(url) == _origin(self.start)

    def contains(self, url: str) -> bool:
        """On the site and under one of the path prefixes (or any path when there are none)."""
        if not self.on_site(url):
            return False
        if not self.prefixes:
            return True
        path = urlsplit(url).path
        return any(path == p.rstrip("/") or path.startswith(p if p.endswith("/") else p + "/") or path == p
                   for p in self.prefixes)
