"""The answer card of a search (opening hours, phone, address, e-mail above the hits), as the results
page and the API both show it."""
from __future__ import annotations

from flask import current_app, url_for

from index.serving.answers import Answer, answer_for

from . import searcher_of
from .params import SearchParams


def answer_card(params: SearchParams) -> Answer | None:
    """The card for the first page of an unfiltered search (filters and later pages browse hits)."""
    if params.page != 1 or params.filters or not params.q.strip():
        return None
    return answer_for(searcher_of(current_app), params.q)


def answer_link(answer: Answer, external: bool = False) -> str:
    """Where the card's facts come from: the source page, else the passage's page here."""
    return answer.url or url_for("search.passage", passage_id=answer.passage_id, _external=external)


def answer_json(answer: Answer | None) -> dict | None:
    """The card as the API gives it (``answer``), or None."""
    if answer is None:
        return None
    return {**answer.to_dict(), "url": answer_link(answer, external=True)}
