"""Scraped text in Markdown (what html2text or pandoc make of a page) → the HTML it stands for.

Markdown is a format, not text: '#' lines are headings, '**…**' is bold type, '[text](url)' is a link
whose text is all a reader sees, '![alt](src)' an image, '| a | b |' rows above a '---|---' line a
table, '  * ' lines a list, a line ending in two spaces a line break, '* * *' a rule and a backslash
escapes the character after it. Read as HTML, such a page gets the headings, tables and link
structure the HTML reader already knows what to do with.
"""
from __future__ import annotations

import html
import re

_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[*+-]|\d{1,3}\.)[ \t]+(.*)$")
_RULE = re.compile(r"^[ \t]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# Evidence that a text is Markdown: headings and links written in its syntax. A page needs both a
# heading and a few links, so a text that merely holds one bracket or one '#' is read as text.
MIN_MARKDOWN_LINKS = 3


def looks_like_markdown(text: str) -> bool:
    """Whether a scraped text is written in Markdown: it has '#' headings and '[text](url)' links."""
    if text.count("](") < MIN_MARKDOWN_LINKS:  # most texts are told apart without a regex
        return False
    return len(_LINK.findall(text)) >= MIN_MARKDOWN_LINKS and any(_ATX_HEADING.match(line) for line in text.split("\n"))


def _inline(text: str) -> str:
    """One line's Markdown as HTML: escapes kept as the characters they escape."""
    escaped: list[str] = []

    def keep(match: re.Match) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = html.escape(_ESCAPE.sub(keep, text), quote=False)
    text = _IMAGE.sub(lambda m: f'<img alt="{html.escape(m.group(1))}" src="{html.escape(m.group(2))}">', text)
    text = _LINK.sub(lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>', text)
    text = _BOLD.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", text)
    text = _ITALIC.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: html.escape(escaped[int(m.group(1))], quote=False), text)


def _cells(row: str) -> list[str]:
    cells = row.strip().split("|")
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _table(rows: list[str]) -> str:
    """A pipe table as HTML, a row's cells read as one line (the words a reader sees side by side):
    a cell alone ("Ja", "10") would pass for a repeated button or a stray number."""
    lines = [" ".join(_inline(cell) for cell in _cells(row) if cell) for row in rows]
    return "<table>" + "".join(f"<tr><td>{line}</td></tr>" for line in lines if line) + "</table>"


def _table_rows(lines: list[str], start: int) -> list[str]:
    """The rows of a pipe table from ``start``: lines with a '|' up to a blank line."""
    end = start
    while end < len(lines) and "|" in lines[end] and lines[end].strip():
        end += 1
    return lines[start:end]


def markdown_to_html(text: str) -> str:
    """A Markdown text as an HTML document; one pass over its lines."""
    lines = text.split("\n")
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def close() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    n = 0
    while n < len(lines):
        line = lines[n]
        following = lines[n + 1] if n + 1 < len(lines) else ""
        heading = _ATX_HEADING.match(line)
        item = _LIST_ITEM.match(line)
        if not line.strip():
            close()
        elif "|" in line and _TABLE_SEPARATOR.match(following):
            close()
            rows = _table_rows(lines, n + 2)
            out.append(_table([line, *rows]))
            n += 2 + len(rows)
            continue
        elif _TABLE_SEPARATOR.match(line):  # a table without a header row
            close()
            rows = _table_rows(lines, n + 1)
            out.append(_table(rows))
            n += 1 + len(rows)
            continue
        elif heading:
            close()
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif _RULE.match(line):
            close()
            out.append("<hr>")
        elif item and not paragraph:
            items.append(_inline(item.group(1).strip()))
        else:
            if items:
                close()
            paragraph.append(_inline(line.strip()))
        n += 1
    close()
    return "<html><body>\n" + "\n".join(out) + "\n</body></html>"
