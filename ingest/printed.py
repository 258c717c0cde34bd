"""Text of a page printed to PDF and converted back (``pdftotext``): printed pages, print chrome,
wrapping.

Such a text has a form feed where one printed page ends and the next begins, and the browser set
its print header and footer (the date and time, the page's title, its address, "2/3") on every
printed page, and the page's fixed banners (a cookie notice) with them. The lines that stand at
the head or the foot of every printed page alike, numbers aside, are the printout's, not the
page's: they go, and a paragraph the break cut in two is one again. The converter also breaks each
paragraph into the lines of the printed page: a line that fills the page's width goes on in the
next. Any text without a form feed is left as it is.
"""
from __future__ import annotations

import re
from collections import Counter

FORM_FEED = "\f"
# The print header and footer are this many lines at most, at each end of a printed page.
MAX_MARGIN_LINES = 6
# A printed line that reaches this share of the widest lines of the text was broken by the page.
WRAPPED_SHARE = 0.8
# A text with fewer lines this long has no width to measure its wrapping by.
MIN_MEASURED_LINES = 5
_DIGITS = re.compile(r"\d+")
_LIST_ITEM = re.compile(r"^\s*[•◦▪*+-]\s")
_SENTENCE_END = (".", "!", "?", ":")


def _shape(line: str) -> str:
    """A line compared with its numbers left out: "1/3" and "2/3" are the same counter."""
    return _DIGITS.sub("#", " ".join(line.lower().split()))


def _margins(page: list[str]) -> set[int]:
    """The places of the first and last ``MAX_MARGIN_LINES`` lines of a printed page that hold text."""
    filled = [n for n, line in enumerate(page) if line.strip()]
    return set(filled[:MAX_MARGIN_LINES] + filled[-MAX_MARGIN_LINES:])


def _without_print_chrome(pages: list[list[str]]) -> list[list[str]]:
    """Each printed page without the lines that stand in the margins of every printed page alike (a
    news item's date may open two of them; the print header opens all)."""
    margins = [_margins(page) for page in pages]
    seen = Counter(shape for page, margin in zip(pages, margins) for shape in {_shape(page[n]) for n in margin})
    chrome = {shape for shape, count in seen.items() if count == len(pages) >= 2}
    return [[line for n, line in enumerate(page) if not (n in margin and _shape(line) in chrome)]
            for page, margin in zip(pages, margins)]


def _joined_pages(pages: list[list[str]]) -> list[str]:
    """The printed pages as one text: a paragraph the page break cut (its first half ends without a
    sentence's end, its second half goes on in lower case) is one paragraph again."""
    lines: list[str] = []
    for page in pages:
        page = _trimmed(page)
        if not page:
            continue
        if lines and not lines[-1].rstrip().endswith(_SENTENCE_END) and page[0].strip()[:1].islower():
            lines[-1] = f"{lines[-1].rstrip()} {page[0].strip()}"
            page = page[1:]
        elif lines:
            lines.append("")
        lines.extend(page)
    return lines


def _trimmed(page: list[str]) -> list[str]:
    start, end = 0, len(page)
    while start < end and not page[start].strip():
        start += 1
    while end > start and not page[end - 1].strip():
        end -= 1
    return page[start:end]


def _unwrapped(lines: list[str]) -> list[str]:
    """A paragraph's printed lines as one line: a line as wide as the text's widest lines goes on in
    the next line of its paragraph, unless that one is a list's item."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < MIN_MEASURED_LINES:
        return lines
    width = lengths[int(len(lengths) * 0.9)]
    joined: list[str] = []
    previous = ""
    for line in lines:
        if (previous.strip() and line.strip() and len(previous.rstrip()) >= WRAPPED_SHARE * width
                and not _LIST_ITEM.match(line)):
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
        previous = line
    return joined


def unprinted(text: str) -> str:
    """``text`` as a reader saw the page, when it is a printout converted to text (it has form
    feeds): without the print chrome, its paragraphs whole. Any other text unchanged."""
    if FORM_FEED not in text:
        return text
    pages = [page.split("\n") for page in text.split(FORM_FEED) if page.strip()]
    return "\n".join(_unwrapped(_joined_pages(_without_print_chrome(pages))))
