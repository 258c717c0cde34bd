"""Havby Kommune's fixture web site on 127.0.0.1, served by the standard library in a thread.

Pages come from ``pages.py`` in a municipal layout (header menu, breadcrumb, main, footer) with ETag
and Last-Modified, and answer If-None-Match / If-Modified-Since with 304. Some URLs misbehave on
purpose: a redirect, a redirect loop, a redirect off the site, a page that never answers, one that
drips a byte at a time, two huge responses, a PDF without a suffix, a 503 that passes, mis-declared
and HTTP-only charsets, and (on request) a dropped connection. Tests change pages between crawls
with ``FixtureSite`` methods, and read every request the server saw (path, Host, User-Agent,
conditional headers, status, bytes each way, time of arrival).
"""
from __future__ import annotations

import gzip
import hashlib
import html
import threading
import time
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .pages import PAGES, ROBOTS_TXT, SECTIONS, SITEMAP_FILES, Page

REDIRECTS = {
    "/borger/affald": (301, "/borger/affald-og-genbrug"),
    "/selvbetjening": (302, "/selvbetjening/log-ind"),
    "/selvbetjening/log-ind": (302, "/selvbetjening"),
    "/borger/digital-post": (302, "https://www.borger.dk/digital-post"),
}
HANGING = "/borger/trafik/vejarbejde"  # sends nothing until the client gives up
DRIPPING = "/borger/trafik/parkeringszoner"  # one byte every DRIP_SECONDS, for ever
HUGE_STREAM = "/politik/budget/bilag"  # an endless body without Content-Length
HUGE_DECLARED = "/politik/budget/regnskab"  # announces 500 MB in Content-Length
PDF = "/erhverv/blanketter/ansoegning"  # a PDF at a URL without a suffix
FLAKY = "/borger/ustabil-side"  # 503 to its first request, then fine
# The URLs that cost a crawl seconds; ``FixtureSite(slow_traps=False)`` leaves them out.
SLOW_TRAPS = frozenset({HANGING, DRIPPING, HUGE_STREAM, HUGE_DECLARED})
DRIP_SECONDS = 0.05
HUGE_LIMIT = 64 * 1024 * 1024  # the server stops streaming here even if nobody hangs up
_MARK_START, _MARK_END = "\x01", "\x02"


@dataclass
class Hit:
    """One request as the server saw it."""

    path: str
    host: str
    user_agent: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int = 0
    bytes_in: int = 0  # request line and headers
    bytes_out: int = 0  # status line, headers and body
    at: float = 0.0  # time.monotonic() when the request arrived (for the polite delay)


class FixtureSite:
    """The site's mutable content and its request log; ``with FixtureSite() as site`` serves it on a
    free loopback port (``site.url``) until the block ends."""

    def __init__(self, hang_seconds: float = 30.0, slow_traps: bool = True):
        self.slow_traps = slow_traps
        self.pages: dict[str, Page] = {path: replace(page) for path, page in PAGES.items()}
        self.statuses: dict[str, int] = {}  # path → status forced (404, 410, 500, …)
        self.robots_txt = ROBOTS_TXT  # "{origin}" is filled in when served
        self.hanging: set[str] = {HANGING}
        self.dropping: set[str] = set()
        self.hang_seconds = hang_seconds
        self.hits: list[Hit] = []
        self.stop = threading.Event()
        self.origin = ""
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._flaky_seen = False

    # --- changing the site between crawls ------------------------------------------------------

    def change(self, path: str, text: list[str], modified: str = "Tue, 05 Mar 2024 08:00:00 GMT") -> None:
        self.pages[path] = replace(self.pages[path], text=text, modified=modified)

    def remove(self, path: str, status: int = 404) -> None:
        """The page answers ``status`` and disappears from its section's links and the sitemap."""
        self.statuses[path] = status
        self.pages[path] = replace(self.pages[path], linked=False, in_sitemap=False)

    def hang(self, path: str) -> None:
        self.hanging.add(path)

    def drop_once(self, path: str) -> None:
        """The next request for ``path`` has its connection closed without an answer, as when a
        backend crashes or a connection is reset."""
        self.dropping.add(path)

    # --- the request log -------------------------------------------------------------------------

    def mark(self) -> int:
        """A position in the log; ``since(mark)`` gives the requests after it."""
        with self._lock:
            return len(self.hits)

    def since(self, mark: int = 0) -> list[Hit]:
        with self._lock:
            return list(self.hits[mark:])

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    # --- serving ---------------------------------------------------------------------------------

    def __enter__(self) -> "FixtureSite":
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        return self.origin + "/"

    # --- content ---------------------------------------------------------------------------------

    def render(self, path: str) -> tuple[bytes, str]:
        """A page's bytes and its Content-Type."""
        page = self.pages[path]
        crumbs = [p for p in _ancestors(path) if p in self.pages]
        children = sorted(p for p, child in self.pages.items()
                          if p != path and _parent(p) == path and child.linked)
        body = []
        for para in page.text:
            if para.startswith("## "):
                body.append(f"<h2>{html.escape(para[3:])}</h2>")
            else:
                body.append(f"<p>{_MARK_START}{html.escape(para)}{_MARK_END}</p>")
        links = [(p, self.pages[p].title) for p in children] + [
            (href, label) for href, label in page.links if self.slow_traps or href not in SLOW_TRAPS]
        if links:
            body.append("<ul class=\"links\">" + "".join(f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>'
                                                        for h, t in links) + "</ul>")
        meta = '<meta charset="utf-8">' if page.encoding != "http-cp1252" else ""
        doc = _LAYOUT.format(
            meta=meta, title=html.escape(page.title), origin_other=self.origin.replace("127.0.0.1", "localhost"),
            menu="".join(f'<li><a href="{h}">{t}</a></li>' for h, t in SECTIONS),
            crumbs="".join(f'<li><a href="{p}">{html.escape(self.pages[p].title)}</a></li>' for p in crumbs),
            main="\n    ".join(body))
        if page.encoding == "http-cp1252":
            return _plain(doc).encode("cp1252"), "text/html; charset=windows-1252"
        if page.encoding == "broken":  # the template is UTF-8, the text from the CMS is windows-1252
            parts = doc.replace(_MARK_END, _MARK_START).split(_MARK_START)
            return b"".join(part.encode("cp1252" if i % 2 else "utf-8") for i, part in enumerate(parts)), \
                "text/html; charset=utf-8"
        return _plain(doc).encode("utf-8"), "text/html; charset=utf-8"

    def sitemap(self, path: str) -> bytes:
        if path == "/sitemap.xml":
            items = "".join(f"<sitemap><loc>{self.origin}{p}</loc></sitemap>" for p in SITEMAP_FILES)
            return _xml("sitemapindex", items)
        prefix = SITEMAP_FILES[path]
        others = [p for p in SITEMAP_FILES.values() if p]
        urls = [p for p, page in sorted(self.pages.items()) if page.in_sitemap and
                (p.startswith(prefix + "/") if prefix else not any(p.startswith(o + "/") for o in others))]
        items = "".join(f"<url><loc>{self.origin}{p}</loc><lastmod>2024-03-04</lastmod></url>" for p in urls)
        data = _xml("urlset", items)
        return gzip.compress(data, mtime=0) if path.endswith(".gz") else data


_LAYOUT = """<!DOCTYPE html>
<html lang="da">
<head>
  {meta}
  <title>{title} | Havby Kommune</title>
  <link rel="stylesheet" href="/static/havby.css">
  <script src="/static/app.js"></script>
</head>
<body>
  <a class="skip-to-content" href="#main">Gå direkte til indhold</a>
  <header>
    <a href="/"><img src="/static/logo.svg" alt="Havby Kommune"></a>
    <nav aria-label="Hovedmenu"><ul>{menu}</ul></nav>
    <form action="/soeg"><input name="q" aria-label="Søg"></form>
  </header>
  <nav aria-label="Brødkrumme" class="breadcrumb"><ol>{crumbs}<li>{title}</li></ol></nav>
  <main id="main">
    <h1>{title}</h1>
    {main}
  </main>
  <footer>
    <p>Havby Kommune<br>Torvet 1<br>9999 Havby</p>
    <p>Tlf. <a href="tel:+4570102030">70 10 20 30</a> · <a href="mailto:post@havby.dk">post@havby.dk</a></p>
    <p>Borgerservice har åbent mandag til fredag 9-15</p>
    <p><a href="/kontakt">Kontakt</a> · <a href="https://www.borger.dk/">borger.dk</a> ·
       <a href="{origin_other}/andet-site">Nabokommunen</a> · <a href="javascript:print()">Udskriv</a></p>
  </footer>
</body>
</html>
"""


def _plain(doc: str) -> str:
    return doc.replace(_MARK_START, "").replace(_MARK_END, "")


def _xml(root: str, items: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{items}</{root}>\n").encode("utf-8")


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] or "/"


def _ancestors(path: str) -> list[str]:
    result = []
    while path != "/":
        path = _parent(path)
        result.insert(0, path)
    return result


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


class _CountingReader:
    def __init__(self, raw):
        self.raw, self.count = raw, 0

    def readline(self, *args):
        line = self.raw.readline(*args)
        self.count += len(line)
        return line

    def read(self, *args):
        data = self.raw.read(*args)
        self.count += len(data)
        return data

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _CountingWriter:
    """Counts bytes onto the request being answered before they are sent, so a hit's count is
    complete by the time the client has the response."""

    def __init__(self, raw):
        self.raw, self.hit = raw, None

    def write(self, data):
        if self.hit is not None:
            self.hit.bytes_out += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Handler(BaseHTTPRequestHandler):
    site: FixtureSite
    protocol_version = "HTTP/1.1"
    server_version = "HavbyCMS/1.0"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the body then waits for
    # the client's delayed ACK (~40 ms a page on loopback), which would make every crawl test slow.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.rfile = _CountingReader(self.rfile)
        self.wfile = _CountingWriter(self.wfile)

    def log_message(self, format, *args) -> None:  # the request log is self.site.hits
        pass

    def handle_one_request(self) -> None:
        self._in_before = self.rfile.count
        self._hit = self.wfile.hit = None
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_response(self, code, message=None) -> None:
        if self._hit is not None:
            self._hit.status = code
        super().send_response(code, message)

    def do_GET(self) -> None:
        site = self.site
        path = self.path.split("?", 1)[0]
        self._hit = Hit(path=self.path, host=self.headers.get("Host", ""),
                        user_agent=self.headers.get("User-Agent", ""),
                        if_none_match=self.headers.get("If-None-Match"),
                        if_modified_since=self.headers.get("If-Modified-Since"), at=time.monotonic(),
                        bytes_in=self.rfile.count - self._in_before)
        # Logged on arrival, so a request that hangs is counted in the crawl that made it; its status
        # and bytes out are filled in as it is answered.
        self.wfile.hit = self._hit
        site._record(self._hit)
        if path in site.statuses or (path in SLOW_TRAPS and not site.slow_traps):
            return self._send(site.statuses.get(path, 404), b"<html><body><h1>Siden findes ikke</h1></body></html>",
                              "text/html; charset=utf-8")
        if path in site.dropping:
            site.dropping.discard(path)
            self.close_connection = True
            return
        if path in site.hanging:
            site.stop.wait(site.hang_seconds)
        if path == "/robots.txt":
            return self._conditional(site.robots_txt.format(origin=site.origin).encode(), "text/plain; charset=utf-8")
        if path == "/sitemap.xml" or path in SITEMAP_FILES:
            kind = "application/gzip" if path.endswith(".gz") else "application/xml"
            return self._conditional(site.sitemap(path), kind)
        if path in REDIRECTS:
            status, target = REDIRECTS[path]
            self.send_response(status)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if path == DRIPPING:
            return self._drip()
        if path in (HUGE_STREAM, HUGE_DECLARED):
            return self._huge(declared=path == HUGE_DECLARED)
        if path == PDF:
            return self._send(200, b"%PDF-1.4\n% Ans\xf8gning\n" + b"0" * 2000, "application/pdf")
        if path == FLAKY and not site._flaky_seen:
            site._flaky_seen = True
            return self._send(503, b"Midlertidigt utilgaengelig", "text/plain", {"Retry-After": "0"})
        if path in site.pages:
            body, kind = site.render(path)
            return self._conditional(body, kind, site.pages[path])
        return self._send(404, b"<html><body><h1>Siden findes ikke</h1></body></html>", "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _conditional(self, body: bytes, kind: str, page: Page | None = None) -> None:
        validators = page.validators if page else "both"
        modified = page.modified if page else "Mon, 04 Mar 2024 08:00:00 GMT"
        headers = {}
        if validators == "both":
            headers["ETag"] = _etag(body)
        if validators in ("both", "last-modified"):
            headers["Last-Modified"] = modified
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        not_modified = False
        if if_none_match is not None and "ETag" in headers:  # If-None-Match wins (RFC 9110 13.2.2)
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            not_modified = headers["ETag"] in tags or "*" in tags
        elif if_modified_since and "Last-Modified" in headers:
            try:
                not_modified = parsedate_to_datetime(modified) <= parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                not_modified = False
        self._send(304 if not_modified else 200, body, kind, headers)

    def _drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(b"<!DOCTYPE html><html><body><main><p>")
        while not self.site.stop.is_set():
            self.wfile.write(b"x")
            time.sleep(DRIP_SECONDS)

    def _huge(self, *, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declared:
            self.send_header("Content-Length", str(500 * 1024 * 1024))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"<p>" + b"Bilag til budget 2025. " * 2700 + b"</p>\n"
        sent = 0
        while sent < HUGE_LIMIT and not self.site.stop.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)
