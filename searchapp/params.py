"""Reading search parameters from a request the same way for the HTML pages, the exports and the API,
and writing them back into links, so a search with its filters can be bookmarked and shared."""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Request

from index.serving.search import DEFAULT_PER_PAGE, MAX_PER_PAGE

SORTS = ("relevance", "year")
# The value of the ``group`` parameter that gives one hit per page.
GROUP_BY_PAGE = "page"
# The values of the ``kind`` parameter as the pages name them.
KIND_LABELS = {"case": "Sag", "partnership": "Partnerskab", "page": "Side", "site": "Kontakt"}


def _int(value: str | None, default: int | None, low: int, high: int) -> int | None:
    try:
        number = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return None if number is None else max(low, min(number, high))


def _text(value: str | None) -> str | None:
    """A free-text parameter without NUL bytes (they break Whoosh terms and log lines); None if empty."""
    value = (value or "").replace("\x00", "").strip()
    return value or None


@dataclass(frozen=True)
class SearchParams:
    q: str
    kind: str | None
    year: int | None
    source: str | None  # limit to one page file
    page: int
    per_page: int
    sort: str = "relevance"
    group: bool = False  # one hit per page (``group=page``); the API's option, the results page's default

    @classmethod
    def from_request(cls, request: Request) -> "SearchParams":
        args = request.args
        kind = _text(args.get("kind"))
        sort = args.get("sort") or "relevance"
        return cls(
            q=(args.get("q") or "").replace("\x00", ""),
            kind=kind.lower() if kind else None,
            year=_int(args.get("year"), None, 1000, 9999),
            source=_text(args.get("source")),
            page=_int(args.get("page"), 1, 1, 10_000),
            per_page=_int(args.get("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
            sort=sort if sort in SORTS else "relevance",
            group=args.get("group") == GROUP_BY_PAGE,
        )

    @property
    def filters(self) -> dict[str, str | int]:
        """The filters in force, by parameter name."""
        return {name: value for name, value in
                (("kind", self.kind), ("year", self.year), ("source", self.source)) if value}

    @property
    def is_empty(self) -> bool:
        """Nothing asked for: no words and no filter."""
        return not self.q.strip() and not self.filters

    def search_kwargs(self) -> dict:
        return {"kind": self.kind, "year": self.year, "page_name": self.source, "page": self.page,
                "per_page": self.per_page, "sort": self.sort}

    def query_args(self, **changes) -> dict[str, str | int]:
        """The URL parameters of this search with ``changes`` applied (None removes one); defaults
        are left out so links stay short. Any change other than ``page`` starts again at page 1."""
        if set(changes) - {"page"}:
            changes.setdefault("page", 1)
        params = replace(self, **changes)
        args = {"q": params.q, "kind": params.kind, "year": params.year, "source": params.source,
                "sort": None if params.sort == "relevance" else params.sort,
                "per_page": None if params.per_page == DEFAULT_PER_PAGE else params.per_page,
                "page": None if params.page == 1 else params.page}
        return {name: value for name, value in args.items() if value not in (None, "")}
