"""axe-core on the pages people meet, at phone and desktop width: zero WCAG 2.1 A/AA violations.
Full-page screenshots of each land in test-artifacts/screenshots/ for a person to look at."""
from __future__ import annotations

import json

import pytest

from .conftest import ARTIFACTS, AXE_SUMMARY, DESKTOP, PHONE, Tab, api, record_timing

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"375": PHONE, "1280": DESKTOP}


def _passage_path(base: str, query: str) -> str:
    return "/passage/" + api(base, f"/api/search?q={query}")["hits"][0]["id"]


PAGES = {
    "home": lambda base: "/",
    "results": lambda base: "/search?q=headspace",
    "results-filtered": lambda base: "/search?q=gladsaxe&kind=case&source=000_da1a5ceea79bc89c.txt&page=2",
    "results-grouped": lambda base: "/search?q=gladsaxe",
    "results-question": lambda base: "/search?q=hvordan får jeg hjælp til mit barn med handicap",
    "results-answer": lambda base: "/search?q=hvornår har borgerservice åbent",
    "zero-results": lambda base: "/search?q=hedspace+kaffemaskine",
    "passage": lambda base: _passage_path(base, "genbrugsstationen"),
    "timeline": lambda base: "/tidslinje",
}


def run_axe(page, axe_script) -> dict:
    page.add_script_tag(path=str(axe_script))
    return page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                      resultTypes: ['violations']})""", WCAG_TAGS)


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     + ", ".join(str(node["target"]) for node in v["nodes"][:5]) for v in violations)


def screenshot_and_axe(page, axe_script, name: str, width: str) -> dict:
    """A full-page screenshot and an axe run of the page as it is now, both kept under test-artifacts/
    and in the session's axe summary; returns axe's results."""
    record_timing(f"{name}@{width}", page)
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    results = run_axe(page, axe_script)
    AXE_SUMMARY[f"{name}@{width}"] = {"url": page.url, "violations": len(results["violations"]),
                                      "passes": len(results["passes"]),
                                      "incomplete": len(results["incomplete"])}
    reports = ARTIFACTS / "axe"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / f"{name}-{width}.json").write_text(json.dumps(results["violations"], indent=2))
    return results


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(browser, live_server, axe_script, name, width):
    # axe is injected as an inline script, which the site's CSP rightly forbids: this context lets it
    # in. The CSP itself is exercised by the flow tests, which fail on any console error.
    tab = Tab(browser, viewport=WIDTHS[width], bypass_csp=True)
    try:
        page = tab.page
        page.goto(live_server + PAGES[name](live_server), wait_until="load")
        results = screenshot_and_axe(page, axe_script, name, width)
        assert results["violations"] == [], _describe(results["violations"])
        assert results["passes"], "axe checked nothing"
        assert tab.errors == []
    finally:
        tab.close()


def test_open_suggestion_list_has_no_wcag_violations(browser, live_server, axe_script):
    tab = Tab(browser, viewport=PHONE, bypass_csp=True)
    try:
        page = tab.page
        page.goto(live_server + "/")
        page.locator("#q").press_sequentially("verd")
        page.locator("#q-forslag [role=option]").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.screenshot(path=str(ARTIFACTS / "screenshots" / "autocomplete-375.png"))
        results = run_axe(page, axe_script)
        AXE_SUMMARY["autocomplete-open@375"] = {"url": page.url, "violations": len(results["violations"]),
                                                "passes": len(results["passes"]),
                                                "incomplete": len(results["incomplete"])}
        assert results["violations"] == [], _describe(results["violations"])
    finally:
        tab.close()
