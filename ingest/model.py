"""The plain data that crosses module boundaries: page file → RawPage → Page → Passage."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """A paragraph as a reader sees it: one or more lines; ``level`` > 0 marks a heading (h1-h6)."""

    lines: tuple[str, ...]
    level: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class RawPage:
    """A page file as read, before boilerplate is removed.

    For scraped text pages everything is still in ``blocks``; HTML pages have already had their
    markup-level chrome (nav, scripts, the ``<footer>`` element) taken out, and report what they found.
    """

    name: str
    url: str | None
    blocks: list[Block]
    title: str | None = None  # known from markup (<h1>/<title>)
    breadcrumb: list[str] | None = None  # known from markup (breadcrumb nav)
    footer: list[str] = field(default_factory=list)  # lines of a marked-up <footer>
    site: str = ""  # which site the page belongs to (URL host), for learning its boilerplate
    digest: str = ""  # hash of the page's content (without headers), to spot duplicate pages
    html: bool = False  # read from HTML, whose markup says which blocks are headings
    updated: str | None = None  # the page's "last updated" date (ISO), page metadata, not text
    below_updated: int | None = None  # scraped text: the first block below its "last updated" line


@dataclass
class Page:
    """A cleaned page: title, breadcrumb and body blocks, no skip links and no footer."""

    name: str
    url: str | None
    title: str
    breadcrumb: list[str]
    blocks: list[Block]
    footer: list[str] = field(default_factory=list)  # the removed site-wide footer lines
    site: str = ""
    html: bool = False  # headings come from markup; scraped text's are found by mark_text_headings
    updated: str | None = None  # "Sidst opdateret …" as an ISO date


@dataclass
class Passage:
    """One searchable unit: a case, a partnership, a page section or the site-wide contact text."""

    id: str
    page: str
    kind: str  # case | partnership | page | site
    page_title: str
    title: str
    text: str
    breadcrumb: list[str]
    years: list[int]
    url: str | None
    updated: str | None = None  # the page's "last updated" date (ISO), when it shows one

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "page": self.page,
            "kind": self.kind,
            "page_title": self.page_title,
            "title": self.title,
            "text": self.text,
            "breadcrumb": list(self.breadcrumb),
            "years": list(self.years),
            "url": self.url,
            "updated": self.updated,
        }


KINDS = ("case", "partnership", "page", "site")


class PageError(Exception):
    """A page that cannot be indexed; the message is the reason shown in the reindex report."""
