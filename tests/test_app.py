"""The Flask app: what /search, /passage, /api/* and /healthz actually return."""
from __future__ import annotations

import html
import re
import shutil
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from index import reindex
from searchapp import create_app
from tests.conftest import FIXTURES


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


PAYLOAD = '"><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("path", ["/search?q={p}", "/search?q=headspace+{p}", "/search?q=headspace&kind={p}",
                                  "/search?q=gladsaxe&source={p}", "/tidslinje?q={p}",
                                  "/tidslinje?q=genbrug&source={p}", "/search?q=genbrug&sort={p}"])
def test_echoed_input_is_escaped_everywhere(client, path):
    response = client.get(path.format(p=quote(PAYLOAD)))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<img" not in page  # escaped, "&lt;img", wherever it is echoed


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


def test_api_suggest_titles_open_their_passage(client):
    data = client.get("/api/suggest?q=headsp").get_json()
    assert "headspace" in data["suggestions"] and all(isinstance(s, str) for s in data["suggestions"])
    assert data["passages"]
    for passage in data["passages"]:
        assert passage["url"] == f"/passage/{passage['id']}"
        page = client.get(passage["url"])
        assert page.status_code == 200 and html.escape(passage["title"]) in page.get_data(as_text=True)


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


def _csp(headers) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive → sources."""
    parts = (d.split() for d in headers["Content-Security-Policy"].split(";") if d.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("path", ["/", "/search?q=headspace", "/search?q=kaffemaskine", "/tidslinje",
                                  "/passage/findes-ikke", "/api/search?q=headspace", "/healthz",
                                  "/search.csv?q=genbrug", "/static/style.css"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = _csp(headers)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("no-referrer", "same-origin", "strict-origin",
                                          "strict-origin-when-cross-origin")


@pytest.mark.parametrize("path", ["/", "/search?q=headspace", "/search?q=hedspace+kaffemaskine",
                                  "/search?q=gladsaxe&kind=case&page=2", "/tidslinje", "/passage/findes-ikke"])
def test_pages_hold_no_inline_script_or_style(client, path):
    """The strict CSP would block them: every script and style must be a file of our own."""
    page = client.get(path).get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page
    assert re.findall(r"\s(?:style|on[a-z]+)=", page) == []


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


@pytest.fixture
def havby_client(tmp_path, pages_dir):
    """The app over the seed pages plus HTML pages that carry their source URL."""
    for page in (FIXTURES / "havby_html").iterdir():
        shutil.copy(page, pages_dir / page.name)
    reindex(pages_dir, tmp_path / "havby-index")
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "havby-index")}).test_client()


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_a_hit_shows_kind_page_title_breadcrumb_and_source(havby_client):
    hit = _soup(havby_client.get("/search?q=genbrugsstationen")).select_one(".hit")
    assert hit.select_one(".hit-title a").get_text() == "Genbrugsstationen"
    assert hit.select_one(".hit-title a")["href"].startswith("/passage/")
    assert hit.select_one(".badge").get_text() == "Side"
    assert hit.select_one(".snippet mark").get_text() == "Genbrugsstationen"
    assert hit.select_one(".page-name").get_text() == "Affald og genbrug"
    assert " ".join(hit.select_one(".crumbs-inline").get_text().split()) == \
        "Placering: Forside › Borger › Affald og genbrug"
    assert hit.select_one("a.source")["href"] == "https://www.havby.dk/borger/affald-og-genbrug"


def test_hits_show_their_years_and_no_source_link_without_a_url(client):
    hits = _soup(client.get("/search?q=gladsaxe&kind=partnership&year=2020")).select(".hit")
    assert len(hits) == 1 and "2020" in hits[0].select_one(".years").get_text()
    assert hits[0].select_one(".page-name").get_text() == "Partnerskaber"
    assert hits[0].select_one("a.source") is None


def test_paging_numbers_the_hits_and_marks_the_current_page(client):
    # Narrowed to one page the results list its passages one by one (else one result per page).
    search = "/search?q=gladsaxe&source=000_da1a5ceea79bc89c.txt"
    page = _soup(client.get(search + "&page=2"))
    assert page.select_one("ol.hits")["start"] == "11"
    assert page.select_one(".pager [aria-current=page]").get_text() == "Side 2"
    assert page.select_one(".pager a[rel=prev]")["href"] == search
    last = -(-client.get("/api/search" + search[7:]).get_json()["total"] // 10)
    beyond = client.get(search + "&page=500")
    assert beyond.status_code == 302 and beyond.location.endswith(f"page={last}")


def test_zero_results_offer_popular_topics(client):
    page = _soup(client.get("/search?q=espresso+cappuccino"))
    assert page.select_one("#ingen-titel").get_text() == "Ingen resultater for »espresso cappuccino«"
    assert len(page.select(".topics a.chip")) >= 3


def test_a_word_the_index_lacks_leaves_the_others_searched(client):
    hits = client.get("/api/search?q=genbrg+kaffemaskine").get_json()["hits"]
    # The misspelt word is found corrected; the word found nowhere is named as missing, not a dead end.
    assert hits and all(hit["missing"] == ["kaffemaskine"] for hit in hits)
    assert any("genbrug" in hit["text"].lower() for hit in hits)


def test_zero_results_with_filters_offer_the_words_without_them(client):
    page = _soup(client.get("/search?q=headspace&kind=page"))
    offer = page.select_one(".alternatives a")
    assert offer.get_text() == "»headspace« uden filtre" and offer["href"] == "/search?q=headspace"


def test_configured_popular_topics_replace_the_index_headings(index_dir):
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir),
                         "POPULAR_TOPICS": ["Affald", "Pas og kørekort"]}).test_client()
    page = _soup(client.get("/search?q=kaffemaskine"))
    assert page.select_one("#emner-titel").get_text() == "Populære emner"
    assert [a.get_text() for a in page.select(".topics a.chip")] == ["Affald", "Pas og kørekort"]


def test_a_compound_no_page_has_shows_the_pages_with_its_parts_and_says_so(client):
    page = _soup(client.get("/search?q=legepladsb%C3%A6nke"))  # "legepladser" is on a seed page
    assert page.select_one(".notice").get_text() == (
        "Ingen sider nævner »legepladsbænke«. Her er sider med dele af ordet.")
    assert page.select(".hit") and page.select_one("#ingen-titel") is None
    hits = client.get("/api/search?q=legepladsb%C3%A6nke").get_json()["hits"]
    assert hits and all(hit["missing"] == ["legepladsbænke"] for hit in hits)
    assert any("legeplads" in hit["text"].lower() for hit in hits)


def test_words_found_apart_are_shown_with_what_each_hit_lacks(client):
    hits = client.get("/api/search?q=verdensm%C3%A5l+kaffemaskine+cykel").get_json()["hits"]
    assert hits and all("kaffemaskine" in hit["missing"] for hit in hits)
