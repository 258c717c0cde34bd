"""HTML → RawPage with BeautifulSoup: the main content as blocks, headings marked, chrome removed."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from .model import Block, RawPage

# Elements that never hold page content.
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "nav", "form", "button",
         "dialog")
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}
_HEADING = {f"h{n}": n for n in range(1, 7)}
# <summary> of an accordion (<details>) reads as a sub-heading.
_SUMMARY_LEVEL = 3
_SKIP_LINK = re.compile(r"^\s*(skip|spring|gå|hop|jump)\b.{0,30}\b(indhold|content|main|navigation)", re.I)
_BREADCRUMB_ATTR = re.compile(r"breadcrumb|brødkrumme|kruemme|crumb", re.I)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|main|div|p|h[1-6])\b", re.I | re.S)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u200b", "").split())


def _lines(text: str) -> list[str]:
    return [line for line in (_clean(part) for part in text.split("\n")) if line]


def _breadcrumb(soup: BeautifulSoup) -> list[str] | None:
    for tag in soup.find_all(True):
        label = " ".join([tag.get("aria-label") or "", " ".join(tag.get("class") or []), tag.get("id") or ""])
        if not _BREADCRUMB_ATTR.search(label):
            continue
        items = tag.find_all("li")
        if items:
            crumbs = [_clean(item.get_text(" ")) for item in items]
        else:  # links and the current page's name, separated by › or similar
            crumbs = re.split(r"\s*[›»>/|·]\s*", _clean(tag.get_text(" ")))
        crumbs = [c for c in crumbs if c and c not in {">", "/", "›", "»", "|"}]
        tag.decompose()
        if crumbs:
            return crumbs
    return None


def _is_skip_link(tag: Tag) -> bool:
    classes = " ".join(tag.get("class") or [])
    href = tag.get("href") or ""
    return (href.startswith("#") and bool(_SKIP_LINK.match(tag.get_text(" ")))) or "skip" in classes.lower()


class _BlockCollector:
    """Walks the content tree and cuts it into blocks at block-level elements."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []

    def flush(self, level: int = 0) -> None:
        lines = _lines("".join(self._buffer))
        self._buffer = []
        if lines:
            if level:  # a heading is one line, however it was wrapped
                lines = [" ".join(lines)]
            self.blocks.append(Block(tuple(lines), level))

    def walk(self, node: Tag) -> None:
        # An explicit stack, not recursion: a page nested 100,000 elements deep is read like any other.
        pending: list = list(reversed(node.contents))
        while pending:
            item = pending.pop()
            if isinstance(item, _Flush):
                self.flush(item.level)
            elif isinstance(item, _NOT_TEXT):
                continue
            elif isinstance(item, NavigableString):
                self._buffer.append(str(item))
            elif isinstance(item, Tag):
                if item.name == "br":
                    self._buffer.append("\n")
                    continue
                if item.name in _HEADING or item.name == "summary":
                    self.flush()
                    pending.append(_Flush(_HEADING.get(item.name, _SUMMARY_LEVEL)))
                elif item.name in _BLOCK:
                    self.flush()
                    pending.append(_Flush(0))
                pending.extend(reversed(item.contents))


class _Flush:
    """On the walk's stack: end the block open when the element's children are read."""

    __slots__ = ("level",)

    def __init__(self, level: int) -> None:
        self.level = level


def html_to_rawpage(name: str, html: str, url: str | None) -> RawPage:
    """Parse an HTML page: take ``<main>`` when present, drop chrome, keep headings as headings."""
    soup = BeautifulSoup(html, "html.parser")
    if url is None:
        canonical = soup.find("link", rel="canonical")
        href = canonical.get("href") if canonical else None
        if href and re.match(r"^https?://", href):
            url = href
    for tag in soup.find_all("a"):
        if _is_skip_link(tag):
            tag.decompose()
    breadcrumb = _breadcrumb(soup)
    footer: list[str] = []
    for tag in soup.find_all("footer"):
        if tag.find_parent("article") is None:  # an <article>'s own footer is content
            collector = _BlockCollector()
            collector.walk(tag)
            collector.flush()
            footer += [line for block in collector.blocks for line in block.lines]
            tag.decompose()
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all("header"):
        if tag.find_parent(["main", "article"]) is None:  # the site header, not an article's own
            tag.decompose()
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    collector = _BlockCollector()
    collector.walk(root)
    collector.flush()
    blocks = collector.blocks
    title = None
    h1 = next((i for i, block in enumerate(blocks) if block.level == 1), None)
    if h1 is not None:
        title = blocks.pop(h1).text
    elif soup.title and _clean(soup.title.get_text()):
        title = _clean(soup.title.get_text())
    return RawPage(name=name, url=url, blocks=blocks, title=title, breadcrumb=breadcrumb, footer=footer, html=True)
