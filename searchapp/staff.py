"""The staff area at /personale/: what citizens search for (scrubbed, counted, at least
``MIN_SEARCHES`` each), a chart of searches per day, a CSV download, and forms that add a synonym
group or a best bet. Off (404) until ``kommunesog staff-password`` has set a password; then HTTP
Basic (staff_auth.py). The only routes of the app that take POST are here, each with a CSRF token.
Public pages never link here."""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import logging
import sqlite3
from datetime import date
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request,
                   url_for)

from . import searcher_of
from .bestbets import BadBestBet, best_bet
from .chart import daily_chart
from .export import CSV_DELIMITER, _cell as csv_cell
from .instance import BEST_BETS_FILE, SEARCH_LOG_FILE, STAFF_CHANGES_FILE, STAFF_PASSWORD_FILE
from .searchlog import MIN_SEARCHES, SearchStats, read_stats
from .staff_auth import USER, Backoff, basic_credentials, read_password
from .staff_edits import RefusedEdit, append_line, recent_changes, record_change, synonym_group

log = logging.getLogger("kommunesog.staff")

bp = Blueprint("staff", __name__, url_prefix="/personale")

# The periods staff can choose, in days, with their Danish names. 30 days is the default: the
# longest period whose queries are all still kept (older days are folded into totals).
PERIODS = {7: "7 dage", 30: "30 dage", 90: "90 dage", 365: "1 år"}
DEFAULT_PERIOD = 30
SAVED_MESSAGES = {
    "synonymer": "Synonymgruppen er gemt. Søgningen bruger den inden for et sekund.",
    "anbefaling": "Anbefalingen er gemt. Den vises i søgningen inden for et sekund.",
}
REALM = 'Basic realm="Kommunesøg personale", charset="UTF-8"'


def instance_file(name: str) -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / name


def staff_form_urls() -> list[str]:
    """The URLs that take POST (for tests and docs: the app's only write routes)."""
    return [url_for("staff.add_synonyms"), url_for("staff.add_best_bet")]


def _challenge(status: int = 401, wait: float = 0):
    headers = {"WWW-Authenticate": REALM} if status == 401 else {"Retry-After": str(int(wait) + 1)}
    return render_template("staff/denied.html", status=status, wait=int(wait) + 1), status, headers


def _password_ok(password, typed: str) -> bool:
    """scrypt the first time; afterwards a keyed hash of the typed password remembered in memory, so
    each page of the staff area does not cost a fifth of a second."""
    remembered = current_app.extensions.setdefault("staff_verified", {})
    tag = hmac.new(password.csrf_secret, typed.encode("utf-8"), hashlib.sha256).digest()
    if hmac.compare_digest(remembered.get(password.digest, b""), tag):
        return True
    if password.matches(typed):
        remembered[password.digest] = tag
        return True
    return False


@bp.before_request
def staff_only():
    password = read_password(instance_file(STAFF_PASSWORD_FILE))
    if password is None:
        abort(404)
    credentials = basic_credentials(request.headers.get("Authorization"))
    if credentials is None:
        return _challenge()
    backoff: Backoff = current_app.extensions.setdefault("staff_backoff", Backoff())
    wait = backoff.wait_seconds()
    if wait:
        return _challenge(429, wait)
    user, typed = credentials
    if user != USER or not _password_ok(password, typed):
        backoff.failed()
        log.warning("staff area: wrong user name or password (%d in a row)", backoff.failures)
        return _challenge()
    backoff.succeeded()
    g.csrf_token = password.csrf_token()
    if request.method == "POST" and not (password.csrf_ok(request.form.get("csrf")) and _same_origin()):
        log.warning("staff area: %s %s refused: missing or wrong form token", request.method, request.path)
        abort(403)


def _same_origin() -> bool:
    """The browser (when it says, in Sec-Fetch-Site) sent the form from this site. Not the Origin
    header: behind a proxy that rewrites Host, Origin and Host differ for the site's own forms."""
    return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")


@bp.after_request
def private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _period() -> int:
    try:
        days = int(request.values.get("dage", DEFAULT_PERIOD))
    except ValueError:
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


def _stats(days: int) -> tuple[SearchStats, str | None]:
    """The statistics, or empty ones and a Danish note when the log cannot be read."""
    path = instance_file(SEARCH_LOG_FILE)
    try:
        return read_stats(path, days, date.today()), None
    except sqlite3.Error as err:
        log.error("search log %s cannot be read: %s", path, err)
        return SearchStats(days=days), "Søgeloggen kan ikke læses lige nu, så statistikken er tom. Se serverens log."


def _suggested_group(query: str) -> str:
    """A synonym group to offer for a query that found nothing: the query and its spelling correction
    when there is one (then one click saves it), else the query and a comma to type after."""
    try:
        suggestion = searcher_of(current_app).suggestion(query)
    except Exception:  # no index: nothing to suggest, the form still works
        suggestion = None
    return f"{query}, {suggestion}" if suggestion and suggestion != query else f"{query}, "


@bp.get("/")
def overview():
    days = _period()
    stats, problem = _stats(days)
    return render_template("staff/overview.html", stats=stats, problem=problem, days=days, periods=PERIODS,
                           minimum=MIN_SEARCHES,
                           chart=daily_chart(stats.per_day), saved=SAVED_MESSAGES.get(request.args.get("gemt")),
                           groups={item.query: _suggested_group(item.query) for item in stats.zero_results})


@bp.get("/statistik.csv")
def stats_csv():
    days = _period()
    stats, problem = _stats(days)
    if problem:
        abort(503)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(("liste", "søgning eller dag", "antal"))
    writer.writerow(("søgninger i alt", f"{days} dage", stats.searches))
    writer.writerows(("søgninger pr. dag", day, n) for day, n in stats.per_day)
    for label, items in (("mest søgt", stats.top), ("uden resultater", stats.zero_results),
                         ("intet resultat åbnet", stats.not_opened)):
        writer.writerows((label, csv_cell(item.query), item.count) for item in items)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="kommunesog-statistik-{days}-dage.csv"'})


@bp.get("/rettelser")
def edits():
    synonyms_path = searcher_of(current_app).synonyms.path
    return render_template("staff/edits.html", synonyms=_lines(synonyms_path),
                           best_bets=_lines(instance_file(BEST_BETS_FILE)),
                           changes=recent_changes(instance_file(STAFF_CHANGES_FILE)),
                           saved=SAVED_MESSAGES.get(request.args.get("gemt")), days=_period())


def _lines(path: Path) -> list[str]:
    """The lines of a staff-edited file without comments and blank lines."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def _back(saved: str):
    endpoint = "staff.edits" if request.form.get("tilbage") == "rettelser" else "staff.overview"
    return redirect(url_for(endpoint, dage=_period(), gemt=saved), 303)


def _refused(message: str, form: str):
    return render_template("staff/refused.html", message=message, form=form, values=request.form,
                           days=_period()), 400


@bp.post("/synonymer")
def add_synonyms():
    try:
        line = synonym_group(request.form.get("gruppe", ""))
    except RefusedEdit as err:
        return _refused(str(err), "synonymer")
    path = searcher_of(current_app).synonyms.path
    append_line(path, line)
    record_change(instance_file(STAFF_CHANGES_FILE), f"synonym group added to {path}: {line}")
    return _back("synonymer")


@bp.post("/anbefalinger")
def add_best_bet():
    form = request.form
    try:
        bet = best_bet(form.get("soegeord", ""), form.get("maal", ""), form.get("tekst", ""))
        if not bet.is_url and searcher_of(current_app).passage(bet.target) is None:
            raise BadBestBet(f"Der er ingen passage med id »{bet.target}« i indekset. Brug id'et fra "
                             "passagens adresse (/passage/…) eller en adresse, der begynder med https://.")
    except BadBestBet as err:
        return _refused(str(err), "anbefaling")
    path = instance_file(BEST_BETS_FILE)
    append_line(path, bet.line())
    record_change(instance_file(STAFF_CHANGES_FILE), f"best bet added to {path}: {bet.line()}")
    return _back("anbefaling")
