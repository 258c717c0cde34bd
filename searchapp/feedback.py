"""The loop between citizens' searches and staff, as the search pages and the API use it: counting a
search and an opened hit in the search log, and the best bets staff pinned to a search."""
from __future__ import annotations

from flask import current_app, request, url_for

from index import SearchResult

from . import searcher_of
from .bestbets import BestBet
from .params import SearchParams


def count_search(params: SearchParams, result: SearchResult) -> None:
    """Count a search a citizen made, once per request, whether the result came from the cache or
    not. Later pages of the same search are not new searches and are not counted, nor are HEAD
    requests (link checkers and monitors, not people). Hits that only have parts of the words
    searched count as none: the site lacks what was asked."""
    search_log = current_app.extensions.get("search_log")
    if search_log is not None and params.page == 1 and request.method == "GET":
        search_log.record_search(params.q, params.filters, result.total if result.words_found else 0)


def count_open(query: str | None) -> None:
    """Count a hit opened from the results of ``query`` (the results page puts it in the link)."""
    search_log = current_app.extensions.get("search_log")
    if search_log is not None and query and query.strip():
        search_log.record_open(query)


def best_bets(params: SearchParams) -> list[BestBet]:
    """The best bets for the first page of a search (none for later pages)."""
    if params.page != 1 or not params.q.strip():
        return []
    searcher = searcher_of(current_app)
    return current_app.extensions["best_bets"].for_query(params.q, lambda pid: searcher.passage(pid) is not None)


def best_bet_link(bet: BestBet, external: bool = False) -> str:
    """Where a best bet leads: its URL, or its passage's page."""
    return bet.target if bet.is_url else url_for("search.passage", passage_id=bet.target, _external=external)


def best_bet_json(bet: BestBet) -> dict:
    """A best bet as the API gives it."""
    return {"text": bet.text, "url": best_bet_link(bet, external=True),
            "passage_id": None if bet.is_url else bet.target}
