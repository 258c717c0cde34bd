"""The JSON API: /api/search, /api/suggest, /api/passages/<id>, /healthz, /openapi.json."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request

from . import searcher_of
from .openapi import openapi_spec
from .params import SearchParams

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    params = SearchParams.from_request(request)
    result = searcher_of(current_app).search(params.q, **params.search_kwargs())
    return jsonify(result.to_dict())


@bp.get("/api/suggest")
def suggest():
    return jsonify(suggestions=searcher_of(current_app).suggest((request.args.get("q") or "").replace("\x00", "")))


@bp.get("/api/passages/<passage_id>")
def passage(passage_id: str):
    found = searcher_of(current_app).passage(passage_id)
    if found is None:
        abort(404)
    return jsonify(found.to_dict())


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", **searcher_of(current_app).stats())


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_spec())
