"""Scraped text in Markdown (what html2text or pandoc make of a page) → the HTML it stands for.

Markdown is a format, not text: '#' lines are headings, '**…**' is bold type, '[text](url)' is a link
whose text is all a reader sees, '![alt](src)' an image, '| a | b |' rows above a '---|---' line a
table. Read as HTML, such a page gets the headings, tables and link structure the HTML reader
already knows what to do with. The parsing is markdown-it-py's (CommonMark, with GitHub's tables):
escapes, nested emphasis, lists, line breaks and code spans as the converters write them.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt

_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
# Evidence that a text is Markdown: headings and links written in its syntax. A page needs both a
# heading and a few links, or, converted without its links (html2text's ignore_links), a few
# headings, so a text that merely holds one bracket or one '#' is read as text.
MIN_MARKDOWN_LINKS = 3
MIN_MARKDOWN_HEADINGS = 3
# Raw HTML inside the text stays text: the converters escape what the page showed as markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
# Between two cells of a table row as markdown-it writes it.
_CELL_BORDER = re.compile(r"</t[dh]>\s*<t[dh][^>]*>")


def looks_like_markdown(text: str) -> bool:
    """Whether a scraped text is written in Markdown: it has '#' headings and '[text](url)' links,
    or '#' headings enough without links."""
    if "#" not in text:  # most texts are told apart without a regex
        return False
    headings = sum(1 for line in text.split("\n") if _ATX_HEADING.match(line))
    if headings >= MIN_MARKDOWN_HEADINGS:
        return True
    return headings > 0 and text.count("](") >= MIN_MARKDOWN_LINKS and len(_LINK.findall(text)) >= MIN_MARKDOWN_LINKS


def markdown_to_html(text: str) -> str:
    """A Markdown text as an HTML document, a table row's cells read as one line (the words a reader
    sees side by side): a cell alone ("Ja", "10") would pass for a repeated button or a stray number."""
    return "<html><body>\n" + _CELL_BORDER.sub(" ", _MARKDOWN.render(text)) + "</body></html>"
