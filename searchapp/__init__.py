"""Kommunesøg's Flask app: the search page (HTML) and the JSON API."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, abort, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from whoosh.query import Every

from index import IndexMissing, Searcher
from index.serving.search import RESULT_CACHE
from index.store import open_index

from .bestbets import BestBets
from .instance import BEST_BETS_FILE, SEARCH_LOG_FILE, instance_dir
from .searchlog import SearchLog

log = logging.getLogger("kommunesog")

# Largest request body accepted; only the staff area's forms take one (a line of text).
MAX_CONTENT_LENGTH = 64 * 1024
# Longest query string accepted: room for a 5,000-character query of any letters, percent-encoded
# (up to 12 bytes each), with its filters; more is no search anyone typed.
MAX_QUERY_STRING_BYTES = 64 * 1024
# Seconds a client is asked to wait before trying again while the index is unavailable.
RETRY_AFTER_SECONDS = 30

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
    403: ("Ikke gemt", "Formularen var for gammel eller kom fra en anden side. Genindlæs siden og prøv igen."),
    405: ("Det kan man ikke her", "Siden kan kun vises, ikke ændres."),
    413: ("Forespørgslen er for stor", "Der blev sendt flere data, end søgningen tager imod."),
    414: ("Adressen er for lang", "Søgningen er for lang. Prøv med færre ord."),
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
        MAX_QUERY_STRING_BYTES=MAX_QUERY_STRING_BYTES,
        JSON_SORT_KEYS=False,
        # Never taken from FLASK_DEBUG: debug mode shows tracebacks to whoever caused them.
        DEBUG=False,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["searcher"] = Searcher(Path(app.config["INDEX_DIR"]),
                                          result_cache=app.config.get("RESULT_CACHE", RESULT_CACHE))
    # What the app writes (search log, best bets, staff password) lives in the instance folder.
    app.config.setdefault("INSTANCE_DIR", str(instance_dir(app.config["INDEX_DIR"])))
    instance = Path(app.config["INSTANCE_DIR"])
    app.extensions["search_log"] = SearchLog(instance / SEARCH_LOG_FILE) if app.config.get("SEARCH_LOG", True) else None
    app.extensions["best_bets"] = BestBets(instance / BEST_BETS_FILE)

    from . import api, staff, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(staff.bp)

    _register_error_pages(app)

    @app.before_request
    def request_limits():
        if len(request.query_string) > app.config["MAX_QUERY_STRING_BYTES"]:
            abort(414)
        if (request.content_length or 0) > app.config["MAX_CONTENT_LENGTH"]:
            abort(413)

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

    def unavailable(reason: str):
        # One line, no stack trace: the cause is the index on disk, not the code.
        log.error("search unavailable: %s", " ".join(reason.split()))
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if _wants_json():
            return jsonify(error="index unavailable", detail=UNAVAILABLE_MESSAGE), 503, headers
        return render_template("search/unavailable.html"), 503, headers

    @app.errorhandler(IndexMissing)
    def index_missing(err):
        return unavailable(str(err))

    @app.errorhandler(404)
    def not_found(err):
        if _wants_json():
            return jsonify(error="not found"), 404
        return render_template("search/not_found.html"), 404

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        # The error's own headers (a 405's Allow) without its HTML content type.
        headers = [(name, value) for name, value in err.get_headers() if name.lower() != "content-type"]
        if _wants_json():
            return jsonify(error=err.name.lower()), err.code, headers
        heading, explanation = ERROR_PAGES.get(err.code, (err.name, err.description or ""))
        return render_template("search/error.html", heading=heading, explanation=explanation), err.code, headers

    @app.errorhandler(Exception)
    def internal_error(err: Exception):
        if isinstance(err, HTTPException):
            return http_error(err)
        fault = index_fault(Path(app.config["INDEX_DIR"]))
        if fault:
            return unavailable(f"index in {app.config['INDEX_DIR']} is damaged ({fault}); "
                               "run `kommunesog reindex --full`")
        log.exception("unhandled error on %s", request.path)
        if _wants_json():
            return jsonify(error="internal server error"), 500
        heading, explanation = ERROR_PAGES[500]
        return render_template("search/error.html", heading=heading, explanation=explanation), 500


# The JSON twin of templates/search/unavailable.html.
UNAVAILABLE_MESSAGE = "Søgningen er midlertidigt utilgængelig. Prøv igen om lidt."


def index_fault(index_dir: Path) -> str | None:
    """Why the live index in ``index_dir`` cannot be searched, or None when it can. Opens it afresh
    (not the app's cached searchers), so a damaged index is told apart from a bug in the app."""
    try:
        index, _ = open_index(index_dir)
        with index.searcher() as searcher:
            searcher.search(Every(), limit=1)
    except Exception as err:  # any failure to read the files means the index is unusable
        return f"{type(err).__name__}: {err}"
    return None


def searcher_of(app: Flask) -> Searcher:
    """The app's one Searcher (it keeps a Whoosh searcher open per thread)."""
    return app.extensions["searcher"]
