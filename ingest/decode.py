"""Bytes → text: BOM, declared charset, UTF-8, then windows-1252 (Danish pages in cp1252 exist)."""
from __future__ import annotations

import codecs
import re

import ftfy

from .model import PageError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">, in the
# first few kilobytes, as browsers look for it.
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_SNIFF_BYTES = 4096
# Share of control characters above which a file is binary, not text.
MAX_CONTROL_SHARE = 0.02
# Characters that UTF-8 read as Latin-1/cp1252 leaves behind ("Ã¸" for "ø", "â€“" for "–").
_MOJIBAKE_HINT = re.compile("[ÃÂâ]")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its markup, if Python knows it."""
    match = _DECLARED.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes) -> str:
    """Decode a page file. Raises PageError for files that are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    candidates = []
    declared = declared_charset(data)
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "cp1252"]
    text = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:  # cp1252 leaves five bytes undefined; latin-1 maps every byte
        text = data.decode("latin-1")
    if text:
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        if "\x00" in text or controls / len(text) > MAX_CONTROL_SHARE:
            raise PageError("binary file, not a text or HTML page")
    return repair_mojibake(text)


def repair_mojibake(text: str) -> str:
    """Repair text that was UTF-8 once read as Latin-1 ("GrÃ¸nne omrÃ¥der" → "Grønne områder").

    Line by line, and only lines that show the tell-tale characters: a page that mixes good and
    broken lines is repaired where it is broken, and clean pages cost nothing.
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    return "\n".join(ftfy.fix_encoding(line) if _MOJIBAKE_HINT.search(line) else line
                     for line in text.split("\n"))
