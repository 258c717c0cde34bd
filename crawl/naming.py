"""URL → page file name: readable (host and path words), stable (the same URL always gives the same
name) and unique (a short hash of the whole URL tells apart URLs whose words look alike).

``https://www.havby.dk/borger/ældre-og-pleje?side=2`` → ``havby.dk_borger_aeldre-og-pleje_side-2_3f2a9c1b.html``
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

PAGE_SUFFIX = ".html"
# Room for the readable part; the whole name stays well below the 255 bytes file systems allow.
MAX_READABLE_CHARS = 100
HASH_CHARS = 8
# Danish letters have customary ASCII spellings; NFKD would turn "ø" into nothing at all.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss"})
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
_DASHES = re.compile(r"-{2,}")


def _ascii_words(text: str) -> str:
    text = unicodedata.normalize("NFKD", unquote(text).translate(_DANISH))
    text = text.encode("ascii", "ignore").decode("ascii")
    return _DASHES.sub("-", _UNSAFE.sub("-", text)).strip("-.").lower()


def page_file_name(url: str) -> str:
    """The page file name for a normalised URL (see ``scope.normalise``)."""
    parts = urlsplit(url)
    host = (parts.hostname or "site").removeprefix("www.")
    if parts.port:
        host += f"-{parts.port}"
    words = [_ascii_words(segment) for segment in parts.path.split("/")]
    words = [w for w in words if w]
    if parts.query:
        words.append(_ascii_words(parts.query.replace("=", "-").replace("&", "-")))
    readable = "_".join([_ascii_words(host), *(w for w in words if w)]) or "page"
    if not words:
        readable += "_forside"
    readable = readable[:MAX_READABLE_CHARS].rstrip("-._")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:HASH_CHARS]
    return f"{readable}_{digest}{PAGE_SUFFIX}"
