"""Reading search parameters from a request the same way for the HTML page and the API."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Request

from index.search import DEFAULT_PER_PAGE, MAX_PER_PAGE


def _int(value: str | None, default: int | None, low: int, high: int) -> int | None:
    try:
        number = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return None if number is None else max(low, min(number, high))


@dataclass
class SearchParams:
    q: str
    kind: str | None
    year: int | None
    source: str | None  # limit to one page file
    page: int
    per_page: int

    @classmethod
    def from_request(cls, request: Request) -> "SearchParams":
        args = request.args
        return cls(
            q=(args.get("q") or "").replace("\x00", ""),
            kind=(args.get("kind") or None),
            year=_int(args.get("year"), None, 1000, 9999),
            source=(args.get("source") or None),
            page=_int(args.get("page"), 1, 1, 10_000),
            per_page=_int(args.get("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        )

    def search_kwargs(self) -> dict:
        return {"kind": self.kind, "year": self.year, "page_name": self.source, "page": self.page,
                "per_page": self.per_page}
