"""A fetched page's bytes → its text, its links, its robots meta tags, and the page file we write.

Page files are always UTF-8: ``URL: <url>``, a blank line, then the HTML with any declared charset
changed to utf-8. Decoding happens here, where the HTTP charset is known (the ingester only sees the
file), and a declared charset that the bytes contradict is survived: bytes that are not UTF-8 are
read as windows-1252, the usual culprit on Danish sites.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from ingest.decode import declared_charset

from .scope import normalise

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(r"""(<meta[^>]+charset\s*=\s*["']?\s*)([A-Za-z0-9._:-]+)""", re.I)
_SNIFF_CHARS = 4096
_FALLBACK_ERRORS = "kommunesog-cp1252"


def _cp1252_for_invalid_bytes(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start:err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error(_FALLBACK_ERRORS, _cp1252_for_invalid_bytes)


@dataclass
class Decoded:
    text: str
    encoding: str
    problem: str | None = None  # set when the bytes contradicted their declared charset


def decode_body(body: bytes, http_charset: str | None) -> Decoded:
    """Bytes → text: BOM, the HTTP charset, the page's own <meta> charset, UTF-8; bytes that are not
    valid in any of those are read as windows-1252 one by one, so one stray byte spoils nothing else."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(encoding, errors="replace"), encoding)
    declared = [name for name in (_known(http_charset), declared_charset(body)) if name]
    for encoding in [*declared, "utf-8"]:
        try:
            return Decoded(body.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    said = f"declared {', '.join(dict.fromkeys(declared))} but " if declared else ""
    return Decoded(body.decode("utf-8", errors=_FALLBACK_ERRORS), "utf-8",
                   problem=f"{said}not valid UTF-8; invalid bytes read as windows-1252")


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return None


def page_file_bytes(url: str, text: str) -> bytes:
    """The page file for ``url``: the URL header the ingester reads, a blank line, the HTML as UTF-8."""
    head, rest = text[:_SNIFF_CHARS], text[_SNIFF_CHARS:]
    head = _META_CHARSET.sub(lambda m: m.group(1) + "utf-8", head, count=1)
    return f"URL: {url}\n\n{head}{rest}".encode("utf-8", errors="replace")


@dataclass
class PageLinks:
    links: list[str] = field(default_factory=list)  # normalised absolute URLs, in page order, no repeats
    noindex: bool = False
    nofollow: bool = False


def read_links(html: str, base: str) -> PageLinks:
    """The links of a page and what its ``<meta name="robots">`` asks (``noindex``, ``nofollow``)."""
    soup = BeautifulSoup(html, "html.parser")
    result = PageLinks()
    for meta in soup.find_all("meta", attrs={"name": re.compile(r"^robots$", re.I)}):
        words = {w.strip().lower() for w in (meta.get("content") or "").split(",")}
        result.noindex |= bool(words & {"noindex", "none"})
        result.nofollow |= bool(words & {"nofollow", "none"})
    base_tag = soup.find("base", href=True)
    if base_tag:
        base = normalise(base_tag["href"], base) or base
    if result.nofollow:
        return result
    seen = set()
    for anchor in soup.find_all(["a", "area"], href=True):
        if "nofollow" in (anchor.get("rel") or []):
            continue
        url = normalise(anchor["href"], base)
        if url and url not in seen:
            seen.add(url)
            result.links.append(url)
    return result
