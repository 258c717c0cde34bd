"""The Flask app: what /search, /passage, /api/* and /healthz actually return."""
from __future__ import annotations

import shutil

import pytest

from searchapp import create_app


def test_home_page_is_danish_with_a_search_form(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="da">' in page and 'name="q"' in page and "Gå til indhold" in page


def test_results_page_shows_titles_snippets_and_links(client):
    response = client.get("/search?q=headspace")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 resultater" in page and "Headspace Gladsaxe" in page
    assert "<mark>" in page and "/passage/" in page
    assert "Partnerskab" in page and "Sag" in page


def test_query_is_escaped_on_the_results_page(client):
    page = client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_suggestion_link_on_a_misspelt_query(client):
    page = client.get("/search?q=hedspace").get_data(as_text=True)
    # The typo is corrected in a "Mente du" link, and the fuzzy fallback already shows its hits.
    assert "Mente du" in page and "headspace" in page and "Headspace Gladsaxe" in page


def test_passage_page_and_404(client):
    hit = client.get("/api/search?q=genbrugslopperne").get_json()["hits"][0]
    page = client.get(f"/passage/{hit['id']}").get_data(as_text=True)
    assert "Genbrugslopperne" in page and "Partnerskaber" in page
    assert client.get("/passage/findes-ikke").status_code == 404


def test_api_search_contract(client):
    data = client.get("/api/search?q=headspace&per_page=1&page=2").get_json()
    assert set(data) >= {"query", "total", "hits", "suggestion", "facets", "took_ms", "page", "per_page"}
    assert data["total"] == 2 and len(data["hits"]) == 1 and data["page"] == 2
    assert data["facets"]["kind"] == {"case": 1, "partnership": 1}


def test_api_filters(client):
    data = client.get("/api/search?q=gladsaxe&kind=partnership&year=2020").get_json()
    assert data["total"] == 1 and data["hits"][0]["kind"] == "partnership"


@pytest.mark.parametrize("query", ["page=-5", "page=abc", "per_page=100000", "per_page=0", "year=x",
                                   "kind=%00", "q=%00", "q=" + "x" * 6000, "page=99999999999999999999"])
def test_api_absurd_parameters_get_a_normal_answer(client, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200
    assert response.get_json()["per_page"] <= 100


def test_api_suggest(client):
    data = client.get("/api/suggest?q=verd").get_json()
    assert "verdensmål" in data["suggestions"]


def test_api_passage(client):
    hit = client.get("/api/search?q=headspace").get_json()["hits"][0]
    data = client.get(f"/api/passages/{hit['id']}").get_json()
    assert data["title"] == hit["title"] and "score" not in data
    assert client.get("/api/passages/nope").status_code == 404


def test_healthz_reports_generation_and_count(client):
    data = client.get("/healthz").get_json()
    assert data["status"] == "ok" and data["passages"] == 40 and data["generation"].startswith("gen-")


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/search", "/api/suggest", "/api/passages/{id}", "/healthz"} <= set(spec["paths"])


def test_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


def test_missing_index_is_a_clear_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/search?q=headspace")
    assert response.status_code == 503 and "midlertidigt utilgængelig" in response.get_data(as_text=True)
    assert client.get("/api/search?q=x").status_code == 503
    assert client.get("/healthz").status_code == 503


def test_server_recovers_when_the_index_comes_back(tmp_path, index_dir):
    target = tmp_path / "moved"
    client = create_app({"TESTING": True, "INDEX_DIR": str(target)}).test_client()
    assert client.get("/api/search?q=headspace").status_code == 503
    shutil.copytree(index_dir, target)
    assert client.get("/api/search?q=headspace").get_json()["total"] == 2
