"""The staff area at /personale/: off until a password is set, then Basic auth that slows guessing;
statistics with a period, a chart and a CSV; synonym groups and best bets added by a form POST with a
CSRF token, checked first, recorded in the change log; and no public page links to it."""
from __future__ import annotations

import base64
import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from index.serving.synonyms import default_path
from searchapp import create_app
from searchapp.cli import main
from searchapp.instance import STAFF_CHANGES_FILE, STAFF_PASSWORD_FILE
from searchapp.staff_auth import FREE_ATTEMPTS

PASSWORD = "korrekt hest batteri hæfteklamme"


def _auth(user: str = "personale", password: str = PASSWORD) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


STAFF = _auth()


@pytest.fixture
def synonyms_file(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the synonyms file the searcher reads (never the packaged one: staff edits write it)."""
    path = tmp_path / "synonyms.txt"
    path.write_bytes(default_path().read_bytes())
    monkeypatch.setenv("KOMMUNESOG_SYNONYMS", str(path))
    return path


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def app(index_dir: Path, instance: Path, synonyms_file: Path):
    created = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INSTANCE_DIR": str(instance)})
    yield created
    created.extensions["search_log"].close()


@pytest.fixture
def staff_client(app, runner, instance):
    result = runner.invoke(main, ["staff-password", "--instance", str(instance)], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    return app.test_client()


def _token(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def _search(client, query: str, times: int = 3) -> None:
    for _ in range(times):
        client.get("/search", query_string={"q": query})
    client.application.extensions["search_log"].flush()


def test_the_staff_area_is_404_until_a_password_is_configured(app):
    client = app.test_client()
    for path in ("/personale/", "/personale/statistik.csv", "/personale/rettelser"):
        assert client.get(path, headers=STAFF).status_code == 404
    assert client.post("/personale/synonymer", data={"gruppe": "a, b"}).status_code == 404


def test_without_or_with_a_wrong_password_401_with_it_200(staff_client):
    refused = staff_client.get("/personale/")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith('Basic realm="Kommunesøg personale"')
    assert "Kun for personale" in refused.get_data(as_text=True)
    assert staff_client.get("/personale/", headers=_auth(password="forkert")).status_code == 401
    assert staff_client.get("/personale/", headers=_auth(user="admin")).status_code == 401
    page = staff_client.get("/personale/", headers=STAFF)
    assert page.status_code == 200 and "<h1>Søgestatistik</h1>" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_the_password_is_stored_only_as_a_salted_hash(staff_client, runner, instance):
    stored = (instance / STAFF_PASSWORD_FILE).read_text()
    assert PASSWORD not in stored and json.loads(stored)["algorithm"] == "scrypt"
    assert (instance / STAFF_PASSWORD_FILE).stat().st_mode & 0o077 == 0
    runner.invoke(main, ["staff-password", "--instance", str(instance)], input=PASSWORD + "\n")
    again = json.loads((instance / STAFF_PASSWORD_FILE).read_text())
    assert again["salt"] != json.loads(stored)["salt"] and again["hash"] != json.loads(stored)["hash"]
    short = runner.invoke(main, ["staff-password", "--instance", str(instance)], input="kort\n")
    assert short.exit_code == 2 and "at least 12 characters" in short.output
    assert staff_client.get("/personale/", headers=STAFF).status_code == 200  # the good one still holds
    off = runner.invoke(main, ["staff-password", "--instance", str(instance), "--off"])
    assert off.exit_code == 0 and staff_client.get("/personale/", headers=STAFF).status_code == 404


def test_wrong_passwords_are_slowed_down(staff_client, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("searchapp.staff_auth.time.monotonic", lambda: now[0])
    for _ in range(FREE_ATTEMPTS):
        assert staff_client.get("/personale/", headers=_auth(password="gæt")).status_code == 401
    assert staff_client.get("/personale/", headers=_auth(password="gæt")).status_code == 401
    # Locked now: not even the right password is checked until the wait is over.
    locked = staff_client.get("/personale/", headers=STAFF)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
    assert "For mange forkerte adgangskoder" in locked.get_data(as_text=True)
    now[0] += 1.5
    assert staff_client.get("/personale/", headers=_auth(password="gæt")).status_code == 401
    now[0] += 1.5  # each wrong one doubles the wait
    assert staff_client.get("/personale/", headers=STAFF).status_code == 429
    now[0] += 1
    assert staff_client.get("/personale/", headers=STAFF).status_code == 200


def test_statistics_show_queries_made_three_times_with_chart_period_and_csv(staff_client):
    _search(staff_client, "headspace", 3)
    _search(staff_client, "kaffemaskine", 3)
    _search(staff_client, "genbrug", 2)
    _search(staff_client, '=HYPERLINK("http://ondt.example")', 3)
    page = BeautifulSoup(staff_client.get("/personale/?dage=7", headers=STAFF).get_data(as_text=True), "html.parser")
    assert page.select_one(".total").get_text() == "11"
    assert page.select_one("#dage option[selected]")["value"] == "7"
    top = [row.select("td")[0].get_text() for row in page.select("section[aria-labelledby=mest-soegt] tbody tr")]
    assert "headspace" in top and "kaffemaskine" in top and "genbrug" not in top
    zero = [row.select("td")[0].get_text() for row in page.select(".zero-results tbody tr")]
    assert "kaffemaskine" in zero and "headspace" not in zero
    svg = page.select_one("figure.chart svg")
    assert svg["role"] == "img" and len(svg.select("rect.bar")) == 7
    assert svg.select("rect.bar")[-1].select_one("title").get_text().endswith(": 11")
    assert page.select_one("a[download]")["href"] == "/personale/statistik.csv?dage=7"
    assert "genbrug" not in page.get_text()
    download = staff_client.get("/personale/statistik.csv?dage=7", headers=STAFF)
    assert download.mimetype == "text/csv" and "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ["søgninger i alt", "7 dage", "11"]
    assert ["uden resultater", "kaffemaskine", "3"] in rows
    assert all(not row[1].startswith("=") for row in rows)  # a citizen's formula is not run by Excel
    assert staff_client.get("/personale/?dage=abc", headers=STAFF).status_code == 200


def test_a_zero_result_query_becomes_a_synonym_group_from_its_row(staff_client, synonyms_file, instance):
    _search(staff_client, "kaffemaskine", 3)
    page = staff_client.get("/personale/", headers=STAFF).get_data(as_text=True)
    form = BeautifulSoup(page, "html.parser").select_one(".zero-results form[action='/personale/synonymer']")
    fields = {field["name"]: field.get("value", "") for field in form.select("input")}
    assert fields["gruppe"] == "kaffemaskine, "  # the query, ready for the word the pages use
    saved = staff_client.post("/personale/synonymer", data={**fields, "gruppe": "kaffemaskine, headspace"},
                              headers=STAFF)
    assert saved.status_code == 303 and saved.headers["Location"].startswith("/personale/?dage=30&gemt=synonymer")
    assert synonyms_file.read_text(encoding="utf-8").endswith("\nkaffemaskine, headspace\n")
    assert "Synonymgruppen er gemt" in staff_client.get(saved.headers["Location"], headers=STAFF).get_data(as_text=True)
    time.sleep(1.1)  # the synonyms file is checked once a second
    assert staff_client.get("/api/search?q=kaffemaskine").get_json()["total"] == 2
    changes = (instance / STAFF_CHANGES_FILE).read_text(encoding="utf-8").splitlines()
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 synonym group added to .*: kaffemaskine, headspace$",
                    changes[-1])
    assert "kaffemaskine, headspace" in staff_client.get("/personale/rettelser", headers=STAFF).get_data(as_text=True)


@pytest.mark.parametrize("group", ["kaffemaskine", "kaffe, kaffe", "og, i", "a, b # kommentar", "a\nb, c"])
def test_a_malformed_synonym_group_is_refused_in_danish_and_the_file_is_left_as_it_was(
        staff_client, synonyms_file, group):
    before = synonyms_file.read_bytes()
    token = _token(staff_client.get("/personale/rettelser", headers=STAFF).get_data(as_text=True))
    refused = staff_client.post("/personale/synonymer", data={"csrf": token, "gruppe": group}, headers=STAFF)
    assert refused.status_code == 400
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    assert page.select_one("[role=alert]").get_text().startswith("En synonymgruppe")
    assert synonyms_file.read_bytes() == before


def test_a_zero_result_query_gets_a_best_bet_that_shows_first(staff_client, instance):
    _search(staff_client, "kaffemaskine", 3)
    page = staff_client.get("/personale/", headers=STAFF).get_data(as_text=True)
    form = BeautifulSoup(page, "html.parser").select_one(".zero-results form[action='/personale/anbefalinger']")
    fields = {field["name"]: field.get("value", "") for field in form.select("input")}
    assert fields["soegeord"] == "kaffemaskine"
    target = staff_client.get("/api/search?q=headspace").get_json()["hits"][0]["id"]
    saved = staff_client.post("/personale/anbefalinger", headers=STAFF,
                              data={**fields, "maal": target, "tekst": "Spørg i headspace"})
    assert saved.status_code == 303
    time.sleep(1.1)
    results = BeautifulSoup(staff_client.get("/search?q=kaffemaskine").get_data(as_text=True), "html.parser")
    assert results.select_one(".best-bets a").get_text() == "Spørg i headspace"
    assert "best bet added" in (instance / STAFF_CHANGES_FILE).read_text(encoding="utf-8")
    missing = staff_client.post("/personale/anbefalinger", headers=STAFF,
                                data={**fields, "maal": "0000deadbeef", "tekst": "Forkert"})
    assert missing.status_code == 400 and "Der er ingen passage" in missing.get_data(as_text=True)


def test_a_form_without_its_token_or_from_another_site_is_refused(staff_client, synonyms_file):
    before = synonyms_file.read_bytes()
    token = _token(staff_client.get("/personale/rettelser", headers=STAFF).get_data(as_text=True))
    assert staff_client.post("/personale/synonymer", data={"gruppe": "a1, b1"}, headers=STAFF).status_code == 403
    assert staff_client.post("/personale/synonymer", data={"gruppe": "a1, b1", "csrf": "0" * 64},
                             headers=STAFF).status_code == 403
    foreign = staff_client.post("/personale/synonymer", data={"gruppe": "a1, b1", "csrf": token},
                                headers={**STAFF, "Sec-Fetch-Site": "cross-site"})
    assert foreign.status_code == 403 and "Ikke gemt" in foreign.get_data(as_text=True)
    assert staff_client.post("/personale/synonymer", data={"gruppe": "a1, b1", "csrf": token}).status_code == 401
    assert synonyms_file.read_bytes() == before


def test_public_pages_never_link_to_the_staff_area(staff_client):
    passage = staff_client.get("/api/search?q=headspace").get_json()["hits"][0]["id"]
    for path in ("/", "/search?q=headspace", "/search?q=kaffemaskine", f"/passage/{passage}", "/tidslinje",
                 "/openapi.json", "/search.csv?q=headspace"):
        assert "personale" not in staff_client.get(path).get_data(as_text=True).lower(), path


def test_a_damaged_search_log_leaves_the_staff_page_working_with_a_danish_note(staff_client, instance):
    (instance / "searchlog.sqlite3").write_bytes(b"dette er ikke en database" * 100)
    page = staff_client.get("/personale/", headers=STAFF)
    assert page.status_code == 200 and "Søgeloggen kan ikke læses" in page.get_data(as_text=True)
    assert staff_client.get("/search?q=headspace").status_code == 200
