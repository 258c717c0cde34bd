"""The staff area in Chromium, like the public pages: axe-core finds no WCAG 2.1 A/AA violation on the
statistics and the edit page at phone and desktop width, everything works by keyboard, and a synonym
group and a best bet can be added with JavaScript off. Screenshots: test-artifacts/screenshots/staff-*."""
from __future__ import annotations

import shutil
import urllib.parse
import urllib.request

import pytest

from bench.serve import servers
from index.serving.synonyms import default_path
from tests.conftest import RAW_PAGES

from .conftest import Tab, _cli, api
from .test_accessibility import WIDTHS, _describe, screenshot_and_axe

PASSWORD = "korrekt hest batteri hæfteklamme"
CREDENTIALS = {"username": "personale", "password": PASSWORD}
# Searches citizens made: each at least three times, so the statistics show them.
SEARCHES = {"headspace": 4, "genbrug": 3, "kaffemaskine": 3, "termokande": 3}


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory) -> str:
    """``kommunesog serve`` with a staff password, its own synonyms file and a few logged searches."""
    root = tmp_path_factory.mktemp("staff")
    pages, index = root / "pages", root / "instance" / "index"
    shutil.copytree(RAW_PAGES, pages)
    built = _cli("reindex", "--pages", str(pages), "--index", str(index), "--quiet")
    assert built.returncode == 0, built.stderr
    configured = _cli("staff-password", "--index", str(index), input=PASSWORD + "\n")
    assert configured.returncode == 0, configured.stderr
    synonyms = root / "synonyms.txt"
    shutil.copy(default_path(), synonyms)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KOMMUNESOG_SYNONYMS", str(synonyms))
        with servers(index, threads=4, log_paths=[root / "server.log"]) as [(port, _)]:
            base = f"http://127.0.0.1:{port}"
            for query, times in SEARCHES.items():
                for _ in range(times):
                    urllib.request.urlopen(f"{base}/search?{urllib.parse.urlencode({'q': query})}", timeout=10).read()
            yield base


def _staff_tab(browser, **options) -> Tab:
    return Tab(browser, http_credentials=CREDENTIALS, **options)


def _wait_for_statistics(page, base: str) -> None:
    """The log is written a quarter of a second after the searches: reload until they show."""
    for _ in range(20):
        page.goto(base + "/personale/")
        if page.locator(".zero-results").count():
            return
        page.wait_for_timeout(250)
    raise AssertionError("the logged searches never showed")


STAFF_PAGES = {"staff-stats": "/personale/", "staff-edits": "/personale/rettelser"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_have_no_wcag_violations(browser, staff_server, axe_script, name, width):
    tab = _staff_tab(browser, viewport=WIDTHS[width], bypass_csp=True)
    try:
        page = tab.page
        _wait_for_statistics(page, staff_server)
        page.goto(staff_server + STAFF_PAGES[name], wait_until="load")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # forms too
        results = screenshot_and_axe(page, axe_script, name, width)
        assert results["violations"] == [], _describe(results["violations"])
        assert results["passes"], "axe checked nothing"
        assert tab.errors == []
    finally:
        tab.close()


def test_statistics_show_the_logged_searches_and_a_chart(browser, staff_server):
    tab = _staff_tab(browser, viewport=WIDTHS["1280"])
    try:
        page = tab.page
        _wait_for_statistics(page, staff_server)
        assert int(page.locator(".total").inner_text()) >= sum(SEARCHES.values())
        assert page.locator("figure.chart svg rect.bar").count() == 30
        zero = page.locator(".zero-results tbody td:first-child").all_inner_texts()
        assert set(zero) == {"kaffemaskine", "termokande"}
        assert tab.errors == []  # under the site's own CSP: the inline SVG needs no inline style
    finally:
        tab.close()


def test_period_and_a_synonym_group_by_keyboard_alone(browser, staff_server):
    tab = _staff_tab(browser, viewport=WIDTHS["1280"])
    try:
        page = tab.page
        _wait_for_statistics(page, staff_server)
        page.locator("#dage").focus()
        page.keyboard.press("ArrowUp")  # 30 → 7 days
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Vis"
        page.keyboard.press("Enter")
        page.wait_for_url("**/personale/?dage=7")
        summary = page.locator(".zero-results summary").first
        summary.focus()
        page.keyboard.press("Enter")  # opens the row's forms
        field = page.locator(".zero-results details[open] input[name=gruppe]")
        field.focus()
        assert field.input_value() == "kaffemaskine, "
        page.keyboard.press("End")
        page.keyboard.type("kaffekande")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "gemt=synonymer" in page.url, page.locator("main").inner_text()
        assert "Synonymgruppen er gemt" in page.locator("[role=status]").inner_text()
        assert tab.errors == []
    finally:
        tab.close()


def test_a_best_bet_is_added_without_javascript_and_shown_first(browser, staff_server):
    tab = _staff_tab(browser, viewport=WIDTHS["375"], java_script_enabled=False)
    try:
        page = tab.page
        _wait_for_statistics(page, staff_server)
        target = api(staff_server, "/api/search?q=headspace")["hits"][0]["id"]
        row = page.locator(".zero-results tr", has_text="termokande")
        row.locator("summary").click()
        form = row.locator("form[action='/personale/anbefalinger']")
        form.locator("input[name=maal]").fill(target)
        form.locator("input[name=tekst]").fill("Spørg headspace")
        form.locator("button").click()
        page.wait_for_url("**gemt=anbefaling")
        page.wait_for_timeout(1100)  # the best-bets file is checked once a second
        page.goto(staff_server + "/search?q=termokande")
        assert page.locator(".best-bets h2").inner_text() == "Anbefalet"
        assert page.locator(".best-bets a").inner_text() == "Spørg headspace"
        page.goto(staff_server + "/personale/rettelser")
        assert "best bet added" in page.locator("#aendringer ~ ul, section[aria-labelledby=aendringer]").first.inner_text()
        assert tab.errors == []
    finally:
        tab.close()
