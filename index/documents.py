"""Passage ↔ index document: the one place that knows how a passage is stored in Whoosh."""
from __future__ import annotations

from ingest.model import Passage
from ingest.reader import site_of

from .schema import BREADCRUMB_SEPARATOR


def to_document(passage: Passage, order: int) -> dict:
    return {
        "id": passage.id,
        "page": passage.page,
        "kind": passage.kind,
        "years": " ".join(str(y) for y in passage.years),
        "latest_year": max(passage.years, default=0),
        "title": passage.title,
        "page_title": passage.page_title,
        "breadcrumb": BREADCRUMB_SEPARATOR.join(passage.breadcrumb),
        "text": passage.text,
        "url": passage.url,
        **({"site": site} if (site := site_of(passage.url)) else {}),
        "order": order,
        **({"updated": passage.updated} if passage.updated else {}),
    }


def from_document(fields: dict) -> Passage:
    crumbs = fields.get("breadcrumb") or ""
    return Passage(
        id=fields["id"],
        page=fields["page"],
        kind=fields["kind"],
        page_title=fields.get("page_title") or "",
        title=fields.get("title") or "",
        text=fields.get("text") or "",
        breadcrumb=crumbs.split(BREADCRUMB_SEPARATOR) if crumbs else [],
        years=[int(y) for y in (fields.get("years") or "").split()],
        url=fields.get("url"),
        updated=fields.get("updated"),
    )
