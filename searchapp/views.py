"""The HTML pages: search with results and filters, the timeline, one passage, and the exports."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request,
                   url_for)

from index.serving import browse
from index.serving.search import MAX_RESULT_WINDOW

from . import export, feedback, searcher_of
from .answer_card import answer_card, answer_link
from .params import KIND_LABELS, SearchParams

bp = Blueprint("search", __name__)

# Broader queries offered when a search finds nothing: at most BROADER_QUERIES of them; the query
# less one word is tried for queries up to BROADER_MAX_WORDS words, else (or when none of those
# finds anything) its first BROADER_MAX_WORDS words alone. Each try is one search.
BROADER_QUERIES = 4
BROADER_MAX_WORDS = 6
_PLAIN_WORD = re.compile(r"^[\w’'-]+$")


@bp.app_template_filter("kind_label")
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@bp.app_template_filter("host")
def host(url: str) -> str:
    """``https://www.gladsaxe.dk/a/b`` → ``gladsaxe.dk``: a source link people can read."""
    name = urlsplit(url).hostname or url
    return name[4:] if name.startswith("www.") else name


_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")


@bp.app_template_filter("danish_date")
def danish_date(iso: str) -> str:
    """``2024-03-12`` → ``12. marts 2024``."""
    try:
        year, month, day = (int(part) for part in iso.split("-"))
        return f"{day}. {_MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso


_asset_versions: dict[str, tuple[float, str]] = {}


@bp.app_template_global()
def asset(filename: str) -> str:
    """The URL of a static file with its content hash, so browsers may cache it for a year and
    still get a changed file at once."""
    path = Path(current_app.static_folder) / filename
    mtime = path.stat().st_mtime
    cached = _asset_versions.get(filename)
    if not cached or cached[0] != mtime:
        cached = (mtime, hashlib.sha256(path.read_bytes()).hexdigest()[:10])
        _asset_versions[filename] = cached
    return url_for("static", filename=filename, v=cached[1])


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    href: str  # applies the value, or removes it when selected


@dataclass
class Alternative:
    """A search to try instead of one that found nothing."""

    label: str
    href: str
    count: int
    dropped: str | None = None  # the word left out, for a broader query


def _linker(params: SearchParams, endpoint: str = "search.search"):
    def link(**changes) -> str:
        return url_for(endpoint, **params.query_args(**changes))
    return link


def _facets(result, params: SearchParams, link) -> dict[str, list[FacetValue]]:
    titles = browse.page_titles(searcher_of(current_app))
    chosen = {"kind": params.kind, "year": str(params.year) if params.year else None, "source": params.source}
    groups = {
        "kind": [(k, kind_label(k), n) for k, n in result.facets.get("kind", {}).items()],
        "year": sorted(((y, y, n) for y, n in result.facets.get("years", {}).items()), reverse=True),
        "source": [(p, titles.get(p, p), n) for p, n in result.facets.get("page", {}).items()],
    }
    facets = {}
    for name, values in groups.items():
        if chosen[name] and chosen[name] not in {v for v, _, _ in values}:
            values.append((chosen[name], kind_label(chosen[name]) if name == "kind" else
                           titles.get(chosen[name], chosen[name]), 0))
        facets[name] = [FacetValue(v, label, n, v == chosen[name],
                                   link(**{name: None if v == chosen[name] else v})) for v, label, n in values]
    return facets


def _alternatives(result, params: SearchParams, link) -> list[Alternative]:
    """For a search that found nothing: the spelling suggestion, the same words without filters,
    and broader searches that leave one word out (spelled as suggested), or else each word alone.
    Only those that find something are offered, with their counts, most hits first."""
    searcher = searcher_of(current_app)
    kwargs = {**params.search_kwargs(), "page": 1, "per_page": 1}
    found = []
    if result.suggestion:
        total = searcher.search(result.suggestion, **kwargs).total
        if total:
            found.append(Alternative(result.suggestion, link(q=result.suggestion), total))
    if params.filters and params.q.strip():
        total = searcher.search(params.q, per_page=1).total
        if total:
            found.append(Alternative(f"»{params.q.strip()}« uden filtre", link(kind=None, year=None, source=None),
                                     total))
    words = (result.suggestion or params.q).split()
    if len(words) < 2 or not all(_PLAIN_WORD.match(w) for w in words):
        return found
    broader = []
    if len(words) <= BROADER_MAX_WORDS:
        for i, word in enumerate(words):
            query = " ".join(words[:i] + words[i + 1:])
            total = searcher.search(query, **kwargs).total
            if total:
                broader.append(Alternative(query, link(q=query), total, dropped=word))
    if not broader and len(words) > 2:
        for word in list(dict.fromkeys(words))[:BROADER_MAX_WORDS]:
            total = searcher.search(word, **kwargs).total
            if total:
                broader.append(Alternative(word, link(q=word), total))
    broader.sort(key=lambda alternative: -alternative.count)
    return found + broader[:BROADER_QUERIES]


def _topics() -> dict:
    """Topics to offer: the municipality's own list of popular searches when configured
    (``POPULAR_TOPICS``), otherwise short headings from the index."""
    configured = current_app.config.get("POPULAR_TOPICS")
    if configured:
        return {"topics": list(configured), "topics_heading": "Populære emner"}
    return {"topics": browse.topics(searcher_of(current_app)), "topics_heading": "Emner du kan søge på"}


@bp.get("/")
def home():
    return render_template("search/home.html", params=None, **_topics())


@bp.get("/search")
def search():
    params = SearchParams.from_request(request)
    if params.is_empty:
        return home()
    # One result per page (its best passage, a few more under it), unless narrowed to one page.
    result = searcher_of(current_app).search(params.q, **params.search_kwargs(), group=not params.source)
    feedback.count_search(params, result)
    shown = result.total if result.groups is None else result.groups
    pages = max(1, min(-(-shown // result.per_page), MAX_RESULT_WINDOW // result.per_page))
    link = _linker(params)
    if params.page > pages:
        return redirect(link(page=pages))
    return render_template(
        "search/results.html", params=params, result=result, pages=pages, link=link,
        best_bets=feedback.best_bets(params), best_bet_link=feedback.best_bet_link,
        answer=answer_card(params), answer_link=answer_link, facets=_facets(result, params, link),
        alternatives=[] if result.total else _alternatives(result, params, link),
        page_titles=browse.page_titles(searcher_of(current_app)), **({} if result.total else _topics()))


@bp.get("/tidslinje")
def timeline():
    params = SearchParams.from_request(request)
    found = browse.timeline(searcher_of(current_app), params.q, kind=params.kind, page_name=params.source)
    return render_template("search/timeline.html", params=params, timeline=found,
                           link=_linker(params, "search.timeline"), search_link=_linker(params),
                           page_titles=browse.page_titles(searcher_of(current_app)))


def _passage_link(passage_id: str) -> str:
    return url_for("search.passage", passage_id=passage_id, _external=True)


@bp.get("/search.csv")
def export_csv():
    params = SearchParams.from_request(request)
    found = export.collect(searcher_of(current_app), params)
    return Response(export.to_csv(found, _passage_link), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{export.filename(params, "csv")}"'})


@bp.get("/search.json")
def export_json():
    params = SearchParams.from_request(request)
    found = export.collect(searcher_of(current_app), params)
    body = json.dumps(export.to_json(found, _passage_link), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{export.filename(params, "json")}"'})


def _back_link() -> str | None:
    """The search or timeline the reader came from (same site only), to return to it."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or referrer.path not in (url_for("search.search"),
                                                                  url_for("search.timeline")):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


@bp.get("/passage/<passage_id>")
def passage(passage_id: str):
    searcher = searcher_of(current_app)
    found = searcher.passage(passage_id)
    if found is None:
        abort(404)
    feedback.count_open(request.args.get("fra"))
    return render_template("search/passage.html", passage=found, back=_back_link(),
                           similar=browse.more_like_this(searcher, passage_id))
