"""The server survives a deleted or damaged index: a clear 503 in the caller's language (JSON or a
Danish page), one log line and no stack trace, and it answers again once a good index is back."""
from __future__ import annotations

import http.client
import logging
import os
import shutil

import pytest

from bench.load import get, reindex as cli_reindex, serving
from index import reindex, store
from searchapp import UNAVAILABLE_MESSAGE, create_app

ENDPOINTS = ["/api/search?q=headspace", "/api/suggest?q=head", "/healthz", "/api/passages/x", "/search?q=headspace",
             "/passage/x", "/", "/tidslinje?q=unge", "/search.json?q=unge"]


def _delete_index(index_dir):
    shutil.rmtree(index_dir)


def _delete_current(index_dir):
    (index_dir / store.CURRENT).unlink()


def _garbage_current(index_dir):
    (index_dir / store.CURRENT).write_bytes(b"\xff\xfe../../etc/passwd\n")


def _damaged_generation(damage):
    """A new generation, copied from the live one and then damaged, is published (as a reindex
    that went wrong, or a disk fault, would leave it)."""
    def publish_damaged(index_dir):
        generation = store.copy_generation(store.current_generation(index_dir), index_dir)
        damage(generation.path)
        store.publish(index_dir, generation)
    return publish_damaged


def _each(pattern, change):
    def damage(path):
        files = list(path.glob(pattern))
        assert files
        for file in files:
            change(file)
    return damage


FAULTS = {
    "index folder deleted": _delete_index,
    "CURRENT deleted": _delete_current,
    "CURRENT garbage": _garbage_current,
    "generation emptied": _damaged_generation(lambda path: [f.unlink() for f in path.iterdir()]),
    "table of contents garbage": _damaged_generation(_each("*.toc", lambda f: f.write_bytes(os.urandom(300)))),
    "table of contents empty": _damaged_generation(_each("*.toc", lambda f: f.write_bytes(b""))),
    "segment garbage": _damaged_generation(_each("*.seg", lambda f: f.write_bytes(os.urandom(f.stat().st_size)))),
    "segment truncated": _damaged_generation(_each("*.seg", lambda f: f.write_bytes(f.read_bytes()[:100]))),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_damaged_index_is_a_clear_503_with_one_log_line_then_recovers(pages_dir, index_dir, caplog, fault):
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/api/search?q=headspace").get_json()["total"] == 2  # searchers are open and cached
    FAULTS[fault](index_dir)
    for path in ENDPOINTS:
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="kommunesog"):
            response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"]
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and "File \"" not in body
        if response.mimetype == "application/json":
            assert response.get_json() == {"error": "index unavailable", "detail": UNAVAILABLE_MESSAGE}
        else:
            assert "Søgningen er midlertidigt utilgængelig" in body and '<html lang="da">' in body
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and errors[0].getMessage().startswith("search unavailable: "), path
        assert errors[0].exc_info is None and "\n" not in errors[0].getMessage()

    report = reindex(pages_dir, index_dir, full=True)  # what the log line tells the operator to run
    assert report.passages == 40
    assert client.get("/api/search?q=headspace").get_json()["total"] == 2
    assert client.get("/healthz").status_code == 200
    assert client.get("/search?q=headspace").status_code == 200


def test_unavailable_log_line_names_the_remedy(tmp_path, caplog):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    with caplog.at_level(logging.ERROR, logger="kommunesog"):
        client.get("/api/search?q=x")
    assert "kommunesog reindex" in caplog.records[0].getMessage()


def test_a_bug_is_still_a_500_with_its_stack_trace_in_the_log_only(index_dir, caplog, monkeypatch):
    """Only a damaged index is a 503: a fault in the app itself stays a 500, logged in full."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(app.extensions["searcher"], "search", broken)
    with caplog.at_level(logging.ERROR, logger="kommunesog"):
        response = app.test_client().get("/search?q=headspace")
    assert response.status_code == 500 and "Der opstod en fejl" in response.get_data(as_text=True)
    assert "ZeroDivisionError" not in response.get_data(as_text=True)
    assert caplog.records[-1].exc_info is not None


def test_real_server_survives_a_deleted_index_and_recovers(tmp_path, pages_dir, index_dir):
    log_path = tmp_path / "server.log"
    with serving(index_dir, log_path, threads=2) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        assert get(conn, "/api/search?q=headspace")[0] == 200
        shutil.rmtree(index_dir)
        status, body = get(conn, "/api/search?q=headspace")
        assert status == 503 and UNAVAILABLE_MESSAGE in body.decode()
        status, body = get(conn, "/search?q=headspace")
        assert status == 503 and "midlertidigt utilgængelig" in body.decode()
        assert cli_reindex(pages_dir, index_dir, "--full").returncode == 0
        status, body = get(conn, "/api/search?q=headspace")
        assert status == 200 and b'"total":2' in body.replace(b" ", b"")
        conn.close()
    log = log_path.read_text()
    assert log.count("search unavailable") == 2 and "Traceback" not in log
