"""The JSON API: /api/search, /api/suggest, /api/passages/<id>, /healthz, /openapi.json.

Every response here is described in ``openapi.py``; tests/test_openapi.py checks real responses
against that description."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from . import feedback, searcher_of
from .answer_card import answer_card, answer_json
from .openapi import openapi_spec
from .params import SearchParams

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    params = SearchParams.from_request(request)
    result = searcher_of(current_app).search(params.q, **params.search_kwargs(), group=params.group)
    feedback.count_search(params, result)
    return jsonify({**result.to_dict(), "best_bets": [feedback.best_bet_json(bet) for bet in feedback.best_bets(params)],
                    "answer": answer_json(answer_card(params))})


@bp.get("/api/suggest")
def suggest():
    """Words and phrases that search (``suggestions``, as always), and passage titles that open
    their passage (``passages``)."""
    typed = (request.args.get("q") or "").replace("\x00", "")
    completions = searcher_of(current_app).completions(typed)
    return jsonify(suggestions=completions.suggestions,
                   passages=[{"title": p.title, "id": p.passage_id,
                              "url": url_for("search.passage", passage_id=p.passage_id)}
                             for p in completions.passages])


@bp.get("/api/passages/<passage_id>")
def passage(passage_id: str):
    found = searcher_of(current_app).passage(passage_id)
    if found is None:
        abort(404)
    return jsonify(found.to_dict())


@bp.get("/healthz")
def healthz():
    """``ok``, or ``degraded`` (503) while the live generation holds no passage: a reindex that
    rejected every page would otherwise look healthy to a load balancer or a monitor."""
    stats = searcher_of(current_app).stats()
    if not stats["passages"]:
        return jsonify(status="degraded", **stats), 503
    return jsonify(status="ok", **stats)


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_spec())
