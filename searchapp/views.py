"""The HTML pages: the search page with results, and one passage."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from . import searcher_of
from .params import SearchParams

bp = Blueprint("search", __name__)

KIND_LABELS = {"case": "Sag", "partnership": "Partnerskab", "page": "Side", "site": "Kontakt"}


@bp.app_template_filter("kind_label")
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@bp.get("/")
def home():
    return render_template("search/home.html")


@bp.get("/search")
def search():
    params = SearchParams.from_request(request)
    if not params.q.strip() and not (params.kind or params.year):
        return render_template("search/home.html")
    result = searcher_of(current_app).search(params.q, **params.search_kwargs())
    pages = max(1, -(-result.total // result.per_page))

    def link(**changes):
        args = {"q": params.q, "kind": params.kind, "year": params.year, "source": params.source,
                "page": None}
        args.update(changes)
        return url_for("search.search", **{k: v for k, v in args.items() if v not in (None, "")})

    return render_template("search/results.html", params=params, result=result, pages=pages, link=link)


@bp.get("/passage/<passage_id>")
def passage(passage_id: str):
    found = searcher_of(current_app).passage(passage_id)
    if found is None:
        abort(404)
    return render_template("search/passage.html", passage=found)
