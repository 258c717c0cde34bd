"""Kommunesøg's Flask app: the search page (HTML) and the JSON API."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, jsonify, render_template, request

from index import IndexMissing, Searcher

log = logging.getLogger("kommunesog")

# Largest request body accepted; the app has no endpoint that takes one.
MAX_CONTENT_LENGTH = 64 * 1024


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

    @app.errorhandler(IndexMissing)
    def index_missing(err):
        log.error("search unavailable: %s", err)
        if request.path.startswith("/api/") or request.path in ("/healthz", "/openapi.json"):
            return jsonify(error="index unavailable", detail=str(err)), 503
        return render_template("search/unavailable.html"), 503

    @app.errorhandler(404)
    def not_found(err):
        if request.path.startswith("/api/"):
            return jsonify(error="not found"), 404
        return render_template("search/not_found.html"), 404

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app


def searcher_of(app: Flask) -> Searcher:
    return app.extensions["searcher"]
