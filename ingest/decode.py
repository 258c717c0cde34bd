"""Bytes → text: BOM, UTF-16 that lost its BOM, declared charset, UTF-8, then windows-1252 (Danish pages
in cp1252 exist)."""
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
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \r \f
# UTF-16 without a BOM: in Latin-script text every other byte is NUL (the high byte of each unit).
# At least this share of the bytes on one side, and at most the other share on the other side.
UTF16_NUL_SIDE, UTF16_NUL_OTHER_SIDE = 0.4, 0.05
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


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes look like UTF-16 text that lost its BOM."""
    sample = data[:_SNIFF_BYTES]
    halves = len(sample) // 2
    if halves < 1:
        return None
    even = sample[0::2].count(0) / halves
    odd = sample[1::2].count(0) / halves
    if odd >= UTF16_NUL_SIDE and even <= UTF16_NUL_OTHER_SIDE:
        return "utf-16-le"
    if even >= UTF16_NUL_SIDE and odd <= UTF16_NUL_OTHER_SIDE:
        return "utf-16-be"
    return None


def decode_page(data: bytes) -> str:
    """Decode a page file. Raises PageError for files that are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    utf16 = utf16_without_bom(data)
    if utf16:
        return _checked_text(data.decode(utf16, errors="replace"))
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
    return _checked_text(text)


def _checked_text(text: str) -> str:
    """Decoded text, its mojibake repaired. Raises PageError when it is binary data, not text."""
    if text:
        controls = len(_CONTROL.findall(text))
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
    return "\n".join(_repair_line(line) if _MOJIBAKE_HINT.search(line) else line for line in text.split("\n"))


_TOKEN = re.compile(r"\S+")
# What ftfy leaves alone as possibly meant ("Ã…" could be "Ã" and an ellipsis) is never meant in
# Danish: the letters of the language, as UTF-8 read as windows-1252, are put back last.
_LETTERS = "æøåÆØÅéÉèüÜöÖäÄ"
_LETTER_MOJIBAKE = {letter.encode("utf-8").decode("cp1252"): letter for letter in _LETTERS}
_LETTER_MOJIBAKE_RE = re.compile("|".join(map(re.escape, _LETTER_MOJIBAKE)))


def _repair_line(line: str) -> str:
    # ftfy judges a whole string at once: in a line that mixes good letters and mojibake (minified
    # HTML often does) it may stop half-way, so what is still broken is repaired word by word.
    line = ftfy.fix_encoding(line)
    if not _MOJIBAKE_HINT.search(line):
        return line
    line = _TOKEN.sub(lambda m: ftfy.fix_encoding(m.group(0)) if _MOJIBAKE_HINT.search(m.group(0)) else m.group(0),
                      line)
    return _LETTER_MOJIBAKE_RE.sub(lambda m: _LETTER_MOJIBAKE[m.group(0)], line)


# Icon fonts (Material Icons, Font Awesome) draw their glyphs from Unicode's Private Use Area: a
# scraped page keeps them as characters that mean nothing to a reader or a search ("Spørgsmål? \ue5cf").
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


# A soft hyphen (HTML's &shy;, Word's optional hyphen) only says where a long word may break: it is
# no letter, and left in it would split "grusgravs\u00adareal" into two words no citizen types.
_INVISIBLE = str.maketrans({"\u00a0": " ", "\u200b": None, "\u00ad": None})


def clean_line(line: str) -> str:
    """Collapse runs of white space (including non-breaking spaces) to one space; drop icon-font
    glyphs, zero-width spaces and soft hyphens."""
    return " ".join(_PRIVATE_USE.sub("", line.translate(_INVISIBLE)).split())
