"""Nobody gets in: no endpoint writes over HTTP but the staff area's forms, requests are bounded in size, debug mode is off."""
from __future__ import annotations

import pytest

from searchapp import MAX_CONTENT_LENGTH, MAX_QUERY_STRING_BYTES, create_app
from searchapp.staff import staff_form_urls

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def _snapshot(index_dir) -> dict:
    return {str(p.relative_to(index_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(index_dir.rglob("*")) if p.is_file()}


def _urls(app) -> list[str]:
    """One concrete URL for every route the app has (the static route with a real file)."""
    urls = []
    for rule in app.url_map.iter_rules():
        values = {name: "style.css" if rule.endpoint == "static" else "x" for name in rule.arguments}
        with app.test_request_context():
            from flask import url_for
            urls.append(url_for(rule.endpoint, **values))
    return urls


def test_every_route_refuses_every_write_method_and_the_index_is_untouched(app, index_dir):
    client = app.test_client()
    before = _snapshot(index_dir)
    urls = _urls(app)
    assert {"/", "/search", "/api/search", "/api/suggest", "/healthz", "/openapi.json"} <= set(urls)
    with app.test_request_context():
        staff_forms = set(staff_form_urls())  # the staff area's own POST routes: tests/test_staff.py
    for url in urls:
        for method in WRITE_METHODS:
            if method == "POST" and url in staff_forms:
                continue
            response = client.open(url, method=method, data={"q": "x", "pages": "/etc"})
            assert response.status_code == 405, (method, url)
            allowed = {"POST", "OPTIONS"} if url in staff_forms else {"GET", "HEAD", "OPTIONS"}
            assert set(response.headers["Allow"].split(", ")) <= allowed
    assert _snapshot(index_dir) == before
    assert client.get("/api/search?q=headspace").get_json()["total"] == 2


def test_write_is_refused_in_danish_and_in_json(client):
    page = client.post("/search").get_data(as_text=True)
    assert "Det kan man ikke her" in page
    assert client.delete("/api/search").get_json() == {"error": "method not allowed"}


def test_a_request_body_over_the_limit_is_refused(client):
    response = client.get("/api/search?q=x", data=b"x" * (MAX_CONTENT_LENGTH + 1))
    assert response.status_code == 413 and response.get_json() == {"error": "request entity too large"}
    assert client.get("/search", data=b"x" * (MAX_CONTENT_LENGTH + 1)).status_code == 413


def test_an_overlong_query_string_is_refused_but_a_long_query_is_not(client):
    response = client.get("/search?q=" + "x" * MAX_QUERY_STRING_BYTES)
    assert response.status_code == 414 and "Adressen er for lang" in response.get_data(as_text=True)
    assert client.get("/api/search?q=" + "x" * MAX_QUERY_STRING_BYTES).status_code == 414
    assert client.get("/api/search?q=" + "%F0%9F%98%80" * 5000).status_code == 200  # 5,000 emoji


@pytest.mark.parametrize("flag", ["1", "true"])
def test_debug_is_off_whatever_the_environment_says(index_dir, monkeypatch, flag):
    monkeypatch.setenv("FLASK_DEBUG", flag)
    app = create_app({"INDEX_DIR": str(index_dir)})  # as `kommunesog serve` creates it
    assert app.debug is False and app.config["PROPAGATE_EXCEPTIONS"] is not True
