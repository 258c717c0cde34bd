"""The search log: searches are counted scrubbed of personal data, once per request, shown only when
made at least three times, folded after 30 days, and never cost a citizen the answer."""
from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from searchapp import create_app
from searchapp.cli import main
from searchapp.instance import SEARCH_LOG_FILE
from searchapp.searchlog import KEEP_DAYS, SearchLog, connect, normalise_query, read_stats

PERSONAL = {
    "cpr with dash": ("flyttet 010190-1234", ["010190", "0101901234"]),
    "cpr without dash": ("boligstøtte 0101901234", ["0101901234", "010190"]),
    "e-mail": ("skriv til jens.hansen@example.dk", ["jens.hansen", "example.dk"]),
    "phone with +45 and spaces": ("ring +45 12 34 56 78", ["12 34 56 78", "12345678"]),
    "phone as 8 digits": ("sms 22334455 tak", ["22334455"]),
    "long digit run": ("konto 98765432101", ["98765432101", "987654"]),
}


def _log_files(folder: Path) -> bytes:
    """Every byte of the search log on disk: the database and its WAL and shared-memory files."""
    return b"".join(p.read_bytes() for p in sorted(folder.glob(SEARCH_LOG_FILE + "*")))


def _flush(app) -> None:
    app.extensions["search_log"].flush()


def _stats(app, days: int = 30):
    _flush(app)
    return read_stats(Path(app.config["INSTANCE_DIR"]) / SEARCH_LOG_FILE, days, date.today())


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def logged_app(index_dir: Path, instance: Path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INSTANCE_DIR": str(instance)})
    yield app
    app.extensions["search_log"].close()


@pytest.mark.parametrize("name", PERSONAL)
def test_personal_data_is_scrubbed_before_it_is_kept(name):
    query, secrets = PERSONAL[name]
    kept = normalise_query(query)
    assert not any(secret in kept for secret in secrets), kept
    assert kept.split()[0] == query.split()[0].casefold()  # the rest of the query is still there


def test_years_postcodes_and_words_are_kept_as_typed():
    assert normalise_query("  Budget 2024  Søborg 2860 ") == "budget 2024 søborg 2860"


def test_searches_with_cpr_email_and_phone_never_reach_the_database_stats_or_staff_pages(
        logged_app, instance, runner, index_dir):
    client = logged_app.test_client()
    for query, _ in PERSONAL.values():
        for _ in range(3):  # three times: often enough to be shown, if anything were kept
            assert client.get("/search", query_string={"q": query}).status_code == 200
            assert client.get("/api/search", query_string={"q": query}).status_code == 200
    secrets = [secret for _, found in PERSONAL.values() for secret in found]
    stats = _stats(logged_app)
    on_disk = _log_files(instance)
    assert on_disk and b"[cpr-nummer]" in on_disk  # the searches were logged, scrubbed
    for secret in secrets:
        assert secret.encode() not in on_disk, secret
    result = runner.invoke(main, ["stats", "--index", str(index_dir), "--instance", str(instance), "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert {item["query"] for item in shown["top"]} >= {"flyttet [cpr-nummer]", "skriv til [e-mail]",
                                                         "ring [telefonnummer]"}
    assert shown["searches"] == stats.searches == 2 * 3 * len(PERSONAL)
    for secret in secrets:
        assert secret not in result.output, secret


def test_a_query_made_twice_is_not_shown_three_times_is(logged_app):
    client = logged_app.test_client()
    for _ in range(2):
        client.get("/search?q=headspace")
        client.get("/search?q=qwxyzzy")
    assert _stats(logged_app).top == [] and _stats(logged_app).zero_results == []
    client.get("/search?q=Headspace")  # the same query, typed another way
    client.get("/api/search?q=qwxyzzy")
    stats = _stats(logged_app)
    assert [(i.query, i.count) for i in stats.top] == [("headspace", 3), ("qwxyzzy", 3)]
    assert [(i.query, i.count) for i in stats.zero_results] == [("qwxyzzy", 3)]
    assert stats.searches == 6


def test_a_search_whose_hits_only_have_parts_of_its_word_is_one_staff_see_as_unanswered(logged_app):
    client = logged_app.test_client()
    for _ in range(3):  # "legepladser" is on a seed page, "legepladsbænke" on none
        assert client.get("/api/search?q=legepladsb%C3%A6nke").get_json()["total"] > 0
        client.get("/api/search?q=legepladser")
    stats = _stats(logged_app)
    assert [(i.query, i.count) for i in stats.zero_results] == [("legepladsbænke", 3)]


def test_a_search_counts_once_per_request_cached_or_not_and_the_pages_own_extra_searches_do_not(logged_app):
    client = logged_app.test_client()
    # Nothing found: the results page itself tries broader queries ("kaffemaskine" alone, …).
    for _ in range(3):
        page = client.get("/search?q=espressobar+kaffemaskine+termokande").get_data(as_text=True)
    assert "kaffemaskine" in page
    assert client.head("/search?q=espressobar+kaffemaskine+termokande").status_code == 200  # a link checker
    stats = _stats(logged_app)
    assert stats.searches == 3  # the first one searched, the next two answered from the result cache
    assert [(i.query, i.count) for i in stats.zero_results] == [("espressobar kaffemaskine termokande", 3)]
    # Neither autocomplete, later pages, the timeline nor the staff-style exports are searches made.
    for path in ("/api/suggest?q=head", "/search?q=gladsaxe&per_page=1&page=2", "/api/search?q=gladsaxe&page=2",
                 "/tidslinje?q=gladsaxe", "/search.csv?q=gladsaxe", "/search.json?q=gladsaxe"):
        assert client.get(path).status_code == 200, path
    assert _stats(logged_app).searches == 3


def test_filters_and_hit_counts_are_stored_with_the_day_and_nothing_about_the_person(logged_app, instance):
    client = logged_app.test_client()
    client.get("/search?q=genbrug&kind=case", headers={"User-Agent": "Mozilla/5.0 (Jens' pc)",
                                                       "Cookie": "session=abc123", "X-Forwarded-For": "10.9.8.7"})
    _flush(logged_app)
    conn = sqlite3.connect(instance / SEARCH_LOG_FILE)
    rows = conn.execute("SELECT * FROM searches").fetchall()
    assert rows == [(date.today().isoformat(), "genbrug", '{"kind": "case"}', 1, 0)]
    on_disk = _log_files(instance)
    for trace in (b"Mozilla", b"abc123", b"10.9.8.7", b"127.0.0.1"):
        assert trace not in on_disk


def test_queries_whose_hits_nobody_opens_are_listed_and_an_opened_one_is_not(logged_app):
    client = logged_app.test_client()
    for _ in range(3):
        opened = BeautifulSoup(client.get("/search?q=headspace").get_data(as_text=True), "html.parser")
        client.get("/search?q=genbrug")
    link = opened.select_one(".hit-title a")["href"]
    assert client.get(link).status_code == 200  # a citizen opens a hit from the results page
    stats = _stats(logged_app)
    assert [(i.query, i.count) for i in stats.not_opened] == [("genbrug", 3)]
    # The link names the query, not the person; a passage opened without it counts for no query.
    assert "fra=headspace" in link and "session" not in link


def test_rows_older_than_30_days_are_folded_into_daily_counts(tmp_path):
    today = date(2026, 6, 30)
    old = today - timedelta(days=KEEP_DAYS + 5)
    clock = [old]
    search_log = SearchLog(tmp_path / "log.sqlite3", clock=lambda: clock[0])
    for _ in range(4):
        search_log.record_search("gammel søgning", {}, 0)
    search_log.record_open("gammel søgning")
    search_log.flush()
    clock[0] = today
    search_log.record_search("ny søgning", {}, 2)
    search_log.close()
    conn = sqlite3.connect(tmp_path / "log.sqlite3")
    assert conn.execute("SELECT DISTINCT query FROM searches").fetchall() == [("ny søgning",)]
    assert conn.execute("SELECT COUNT(*) FROM opens").fetchone() == (0,)
    assert conn.execute("SELECT day, searches, zero_results, opens FROM daily_totals").fetchall() == [
        (old.isoformat(), 4, 4, 1)]
    stats = read_stats(tmp_path / "log.sqlite3", 60, today, minimum=1)
    assert stats.searches == 5 and dict(stats.per_day)[old.isoformat()] == 4
    assert [i.query for i in stats.top] == ["ny søgning"]


def test_the_database_is_created_on_first_use_in_wal_mode_and_migrated_by_version(tmp_path):
    path = tmp_path / "nested" / "log.sqlite3"
    assert read_stats(path, 30, date.today()).searches == 0 and not path.exists()  # reading creates nothing
    conn = connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    conn.close()
    connect(path).close()  # a second process opening it migrates nothing twice


def _make_read_only(path: Path) -> None:
    """Read-only for everyone, root included (root ignores file modes, not the immutable flag)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    else:
        path.chmod(0o444)


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    path.chmod(0o644)


def test_a_read_only_database_costs_the_statistics_never_the_answer(index_dir, instance, caplog):
    first = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INSTANCE_DIR": str(instance)})
    first.test_client().get("/search?q=headspace")
    first.extensions["search_log"].close()  # checkpoints the WAL into the database file
    database = instance / SEARCH_LOG_FILE
    assert shutil.which("chattr") or os.geteuid() != 0
    _make_read_only(database)
    try:
        app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INSTANCE_DIR": str(instance)})
        client = app.test_client()
        with caplog.at_level(logging.ERROR, logger="kommunesog.searchlog"):
            for _ in range(3):
                assert client.get("/search?q=headspace").status_code == 200
                response = client.get("/api/search?q=headspace")
                assert response.status_code == 200 and response.get_json()["total"] == 2
                _flush(app)
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and "cannot be written" in errors[0], errors
        assert app.extensions["search_log"].dropped == 6
        app.extensions["search_log"].close()
    finally:
        _make_writable(database)


def test_a_locked_database_costs_the_statistics_never_the_answer(logged_app, instance, caplog, monkeypatch):
    client = logged_app.test_client()
    client.get("/search?q=headspace")
    _flush(logged_app)
    monkeypatch.setattr("searchapp.searchlog.BUSY_SECONDS", 0.1)
    logged_app.extensions["search_log"].close()  # reconnects with the short busy timeout
    other = sqlite3.connect(instance / SEARCH_LOG_FILE, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        with caplog.at_level(logging.ERROR, logger="kommunesog.searchlog"):
            for _ in range(3):
                assert client.get("/search?q=headspace").status_code == 200
                _flush(logged_app)
    finally:
        other.execute("ROLLBACK")
        other.close()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "(database is locked)" in errors[0], errors
    client.get("/search?q=headspace")  # once the lock is gone, counting goes on
    assert _stats(logged_app, 1).per_day[-1][1] == 2


def test_pending_writes_are_bounded_and_dropping_is_logged_once(tmp_path, caplog, monkeypatch):
    search_log = SearchLog(tmp_path / "log.sqlite3", queue_limit=5)
    monkeypatch.setattr(search_log, "_start", lambda: None)  # a writer that never catches up
    with caplog.at_level(logging.ERROR, logger="kommunesog.searchlog"):
        for n in range(50):
            search_log.record_search(f"søgning {n}", {}, 1)
    assert search_log._queue.qsize() == 5 and search_log.dropped == 45
    assert len(caplog.records) == 1 and "queue full" in caplog.records[0].getMessage()


def test_the_instance_folder_is_the_index_folders_parent_unless_named(tmp_path, runner, monkeypatch):
    monkeypatch.delenv("KOMMUNESOG_INSTANCE", raising=False)
    index = tmp_path / "srv" / "instance" / "index"
    log = SearchLog(tmp_path / "srv" / "instance" / SEARCH_LOG_FILE)
    for _ in range(3):
        log.record_search("parkering", {}, 4)
    log.close()

    def top(*args: str) -> list:
        result = runner.invoke(main, ["stats", "--json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["top"]

    assert top("--index", str(index)) == [{"query": "parkering", "count": 3}]
    assert top("--index", str(index), "--instance", str(tmp_path / "elsewhere")) == []
    monkeypatch.setenv("KOMMUNESOG_INSTANCE", str(tmp_path / "srv" / "instance"))
    assert top() == [{"query": "parkering", "count": 3}]


def test_stats_prints_searches_top_zero_results_and_not_opened(logged_app, runner, index_dir, instance):
    client = logged_app.test_client()
    for _ in range(3):
        client.get("/api/search?q=qwxyzzy")
    _flush(logged_app)
    result = runner.invoke(main, ["stats", "--instance", str(instance), "--days", "7", "--json"])
    shown = json.loads(result.output)
    assert list(shown)[:4] == ["searches", "top", "zero_results", "not_opened"]
    assert shown["zero_results"] == [{"query": "qwxyzzy", "count": 3}] and shown["searches"] == 3
    text = runner.invoke(main, ["stats", "--instance", str(instance)]).output
    assert "3 searches in the last 30 days" in text and "qwxyzzy" in text


def test_an_idle_writer_closes_the_database_and_the_next_search_starts_one(tmp_path, monkeypatch):
    monkeypatch.setattr("searchapp.searchlog.IDLE_SECONDS", 0.2)
    search_log = SearchLog(tmp_path / "log.sqlite3")
    search_log.record_search("parkering", {}, 1)
    search_log.flush()
    time.sleep(0.6)
    assert search_log._thread is None and search_log._conn is None
    search_log.record_search("parkering", {}, 1)
    search_log.close()
    assert read_stats(tmp_path / "log.sqlite3", 1, date.today(), minimum=1).top[0].count == 2
