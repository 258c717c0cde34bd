"""Kommunesøg's Flask app: the search page (HTML) and the JSON API."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from index import IndexMissing, Searcher

log = logging.getLogger("kommunesog")

# Largest request body accepted; the app has no endpoint that takes one.
MAX_CONTENT_LENGTH = 64 * 1024

# Sent with every response. Scripts and styles come from our own files only (no inline code, so an
# injected <script> cannot run), nobody may frame the pages, and links out carry no search words.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Danish wording of the error pages people may meet, by status code.
ERROR_PAGES = {
    400: ("Forespørgslen kunne ikke forstås", "Adressen indeholder noget, vi ikke kan læse."),
    405: ("Det kan man ikke her", "Siden kan kun vises, ikke ændres."),
    500: ("Der opstod en fejl", "Noget gik galt hos os. Prøv igen om lidt."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/openapi.json", "/search.json")


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: defaults, then the instance folder's config.py, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=os.path.join(app.instance_path, "index"),
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        JSON_SORT_KEYS=False,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["searcher"] = Searcher(Path(app.config["INDEX_DIR"]))

    from . import api, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)

    _register_error_pages(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint == "static" and "v" in request.args:
            # asset() puts the file's content hash in "v": a changed file gets a new URL.
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    return app


def _register_error_pages(app: Flask) -> None:
    """Errors answer in the caller's language: JSON for the API, a Danish page for people."""

    @app.errorhandler(IndexMissing)
    def index_missing(err):
        log.error("search unavailable: %s", err)
        if _wants_json():
            return jsonify(error="index unavailable", detail=str(err)), 503
        return render_template("search/unavailable.html"), 503

    @app.errorhandler(404)
    def not_found(err):
        if _wants_json():
            return jsonify(error="not found"), 404
        return render_template("search/not_found.html"), 404

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if _wants_json():
            return jsonify(error=err.name.lower()), err.code
        heading, explanation = ERROR_PAGES.get(err.code, (err.name, err.description or ""))
        return render_template("search/error.html", heading=heading, explanation=explanation), err.code

    @app.errorhandler(Exception)
    def internal_error(err: Exception):
        if isinstance(err, HTTPException):
            return http_error(err)
        log.exception("unhandled error on %s", request.path)
        if _wants_json():
            return jsonify(error="internal server error"), 500
        heading, explanation = ERROR_PAGES[500]
        return render_template("search/error.html", heading=heading, explanation=explanation), 500


def searcher_of(app: Flask) -> Searcher:
    """The app's one Searcher (it keeps a Whoosh searcher open per thread)."""
    return app.extensions["searcher"]
