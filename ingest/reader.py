"""Page file → RawPage: decoding, the optional ``URL:`` header, and text or HTML body blocks."""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from urllib.parse import urlsplit

from .decode import clean_line, decode_page
from .dump import is_underline, undumped
from .html import html_to_rawpage, looks_like_html
from .markdown import looks_like_markdown, markdown_to_html
from .metadata import parse_date, updated_lines_taken_out
from .model import Block, PageError, RawPage
from .printed import unprinted

PAGE_SUFFIXES = (".txt", ".html", ".htm")
# Bound on one page file: a municipal page is well under 1 MiB; larger files are rejected before they
# are read, so no page can make a reindex exhaust memory or take minutes.
MAX_PAGE_BYTES = 5 * 1024 * 1024

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z-]{0,30}):[ \t]*(.*)$")
_URL = re.compile(r"^https?://[^\s/]+\S*$", re.I)
# Non-breaking and other Unicode spaces count as blank, as they render blank.
_BLANK = re.compile(r"^[\s\u00a0\u200b\u2007\u202f\ufeff]*$")
# Where a link leads, as HTML-to-text converters write it after the link's text ("Jobs i Børn og
# Familie <https://www.havby.dk/job>", "Spring til indhold <#indhold>"): no reader sees it on the page.
_LINK_ADDRESS = re.compile(r"\s*<(?:https?://|mailto:|#)[^<>\s]*>")


def is_page_file(path: Path) -> bool:
    """A page by its name: ``.txt``/``.html``/``.htm``, not hidden. Whether it can be read is for
    ``read_page_bytes`` to say (a broken link or a folder named like a page is reported, not
    silently skipped)."""
    return path.suffix.lower() in PAGE_SUFFIXES and not path.name.startswith(".")


def printable_name(name: str) -> str:
    """A file name as it can be printed and stored: bytes that are not UTF-8 (a name written in
    Latin-1, say) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def page_file_stat(path: Path) -> os.stat_result:
    """What the file system says of a page file. Raises PageError for what is not a regular file of
    bounded size, and for a file whose name is not UTF-8 (the name is the page's identity in the
    index and API)."""
    if printable_name(path.name) != path.name:
        raise PageError("file name is not valid UTF-8; rename the file")
    try:
        info = path.stat()
    except FileNotFoundError as err:
        raise PageError("broken link or file vanished") from err
    except OSError as err:
        raise PageError(f"cannot read file: {err.strerror or err}") from err
    if stat.S_ISDIR(info.st_mode):
        raise PageError("a folder, not a page file")
    if not stat.S_ISREG(info.st_mode):
        raise PageError("not a regular file")  # a FIFO or device would block or never end
    if info.st_size > MAX_PAGE_BYTES:
        raise PageError(f"page is {info.st_size} bytes, more than the {MAX_PAGE_BYTES} bytes allowed")
    return info


def read_page_bytes(path: Path) -> bytes:
    """A page file's bytes. Raises PageError as ``page_file_stat`` does, and when the file cannot
    be read."""
    page_file_stat(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise PageError(f"cannot read file: {err.strerror or err}") from err
    if len(data) > MAX_PAGE_BYTES:  # it grew while we looked
        raise PageError(f"page is more than the {MAX_PAGE_BYTES} bytes allowed")
    return data


def read_page(path: Path) -> RawPage:
    """Read and decode one page file. Raises PageError with a reason for pages that cannot be read."""
    return parse_page(path.name, read_page_bytes(path))


def parse_page(name: str, data: bytes) -> RawPage:
    """Parse a page's bytes; ``name`` is the page file's name."""
    if not data.strip():
        raise PageError("empty file")
    text = decode_page(data)
    headers, body = split_headers(text)
    url = headers.get("url")
    if url is not None and not _URL.match(url):
        url = None
    byline_date = None
    if looks_like_html(body) or name.lower().endswith((".html", ".htm")):
        page = html_to_rawpage(name, body, url)
    elif looks_like_markdown(body):
        page = html_to_rawpage(name, markdown_to_html(body), url)
    else:
        page = RawPage(name=name, url=url, blocks=text_blocks(undumped(unprinted(body))))
        page.blocks, page.title, byline_date = reader_view_header(page.blocks)
    if not page.html:  # HTML pages had theirs taken out before their link lists were
        page.blocks, page.updated, page.below_updated = updated_lines_taken_out(page.blocks)
        page.updated = page.updated or byline_date
    page.site = site_of(page.url)
    page.digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if not any(block.lines for block in page.blocks) and not page.title:
        raise PageError("page has no text")
    return page


# A browser's reader view heads the article with the site's address, the title, a byline and the
# time it takes to read ("3–4 minutter", "Læsetid: 5 min.").
_READING_TIME = re.compile(r"^(?:læsetid:?\s*)?(?:ca\.\s*)?\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s*(?:minutter|minut|min\.?)$", re.I)
_SITE_ADDRESS = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+$")
# How many lines a reader view's header has at most: address, title, byline, reading time.
MAX_READER_HEADER_LINES = 5


def reader_view_header(blocks: list[Block]) -> tuple[list[Block], str | None, str | None]:
    """A reader view's header (its first paragraph, ending in the reading time) taken out: the
    page's title (the line after the site's address), and the date its byline gives ("Af Kultur og
    Fritid · 22. september 2026", "Redigeret af Pladsanvisningen den 3. oktober 2026"), which says
    when the page was written or changed. Blocks unchanged, None, None for any other text."""
    if not blocks or len(blocks[0].lines) > MAX_READER_HEADER_LINES or not _READING_TIME.match(blocks[0].lines[-1]):
        return blocks, None, None
    lines = list(blocks[0].lines[:-1])
    if lines and _SITE_ADDRESS.match(lines[0]):
        lines = lines[1:]
    if not lines:
        return blocks[1:], None, None
    dates = [parse_date(line) for line in lines[1:]]
    return blocks[1:], lines[0], next((date for date in dates if date), None)


def site_of(url: str | None) -> str:
    """The site a page belongs to: its URL's host ("www.gladsaxe.dk"), "" for a page without a URL
    (or one whose URL names no host)."""
    try:
        return urlsplit(url or "").hostname or ""
    except ValueError:  # a malformed URL ("http://[") names no site
        return ""


def split_headers(text: str) -> tuple[dict[str, str], str]:
    """Split leading ``Key: value`` lines (ended by a blank line) from the body.

    Only a block that starts with a ``URL:`` line counts as a header, so a body that happens to begin
    with "Telefon: 39 57 50 00" is never mistaken for one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = _HEADER_LINE.match(lines[0].strip()) if lines else None
    if not first or first.group(1).lower() != "url":
        return {}, text
    headers: dict[str, str] = {}
    for i, line in enumerate(lines):
        if _BLANK.match(line):
            return headers, "\n".join(lines[i + 1 :])
        match = _HEADER_LINE.match(line.strip())
        if not match:
            break
        headers[match.group(1).lower()] = match.group(2).strip()
    return {}, text


# A separator standing alone on its line, as a scraper that writes each text node on a line of its
# own leaves a breadcrumb ("Forside", "/", "Borger", "/", "Affald").
_LONE_SEPARATOR = re.compile(r"^[/›»>|·]$")


def joined_at_separators(lines: list[str]) -> list[str]:
    """Lines that a lone separator line stands between are one line: the items of a breadcrumb or a
    link row, which a scraper broke at every link ("Forside / Borger / Affald")."""
    joined: list[str] = []
    n = 0
    while n < len(lines):
        between = n + 1 < len(lines) and _LONE_SEPARATOR.match(lines[n]) and not _LONE_SEPARATOR.match(lines[n + 1])
        if joined and between:
            joined[-1] = f"{joined[-1]} {lines[n]} {lines[n + 1]}"
            n += 2
        else:
            joined.append(lines[n])
            n += 1
    return joined


# The name of an icon-font ligature (Material Icons: "chevron_right", "arrow_forward", "open_in_new"):
# the font draws the name as its glyph, and a copy of the page's text keeps the name. Lower-case words
# joined by underscores are no words of a reader's (an address or e-mail around one is left alone).
_ICON_NAME = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z]+)+(?![\w@./-])")


def without_icon_names(line: str) -> str:
    """A scraped line without icon ligature names: one alone on its line is nothing, one between
    words is the separator it draws ("Forside chevron_right Borger" is "Forside › Borger")."""
    if "_" not in line:
        return line
    if not _ICON_NAME.sub("", line).strip():
        return ""
    return _ICON_NAME.sub("›", line)


def _cells_kept_apart(line: str) -> str:
    """A table row a copy wrote with TABs between its cells, cleaned cell by cell and still TAB-joined,
    so the splitter knows a row (no heading, however short) until the passage's text is written."""
    cells = [cell for cell in (clean_line(cell) for cell in line.split("\t")) if cell]
    return "\t".join(cells) if len(cells) > 1 else clean_line(line)


# A link as an extractor or a converter writes it into text, "[text](address)": a reader sees its text.
_INLINE_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\((?:https?://|/|#|mailto:|\.\./|\./)[^()\s]*\)")


def text_blocks(text: str) -> list[Block]:
    """Scraped text → paragraphs: lines separated by blank lines; a line underlined with "=" or "-"
    is a heading."""
    blocks: list[Block] = []
    current: list[str] = []
    for line in [*text.split("\n"), ""]:
        if is_underline(line) and len(current) == 1:
            blocks.append(Block((current[0],), 1 if "=" in line else 2))
            current = []
            continue
        if _BLANK.match(line):
            if current:
                blocks.append(Block(tuple(joined_at_separators(current))))
                current = []
            continue
        line = without_icon_names(_LINK_ADDRESS.sub("", _INLINE_LINK.sub(r"\1", line)))
        line = _cells_kept_apart(line) if "\t" in line.strip() else clean_line(line)
        if line:
            current.append(line)
    return blocks
