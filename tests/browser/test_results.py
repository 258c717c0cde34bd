"""The results page as a citizen who asks in sentences sees it, in Chromium under the site's own CSP:
hits that say which words they lack, one result per page with sub-results, and the answer card for
opening hours, with JavaScript on and off. Every test ends with no console error."""
from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from .conftest import ARTIFACTS, DESKTOP, PHONE, Tab, api

pytestmark = pytest.mark.usefixtures("live_server")

QUESTION = "hvordan får jeg hjælp til mit barn med handicap"
HOURS_QUESTION = "hvornår har borgerservice åbent"


def _args(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _count(page) -> int:
    return int(page.locator(".count strong").inner_text().split()[0])


def test_a_question_shows_hits_that_say_which_words_they_lack(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=" + quote(QUESTION))
    expected = api(live_server, "/api/search?group=page&q=" + quote(QUESTION))["hits"]
    hits = page.locator("ol.hits > li.hit")
    assert hits.count() == len(expected) > 0
    lacking = [n for n, hit in enumerate(expected) if hit["missing"]]
    assert lacking
    for n in lacking:
        missing = hits.nth(n).locator(".missing-words")
        assert missing.is_visible()
        assert " ".join(missing.inner_text().split()) == "Mangler: " + ", ".join(expected[n]["missing"])
        # Struck through, and said in words too ("Mangler"), so not by the line alone.
        struck = missing.locator("s").first.evaluate("el => getComputedStyle(el).textDecorationLine")
        assert "line-through" in struck
    assert tab.errors == []


def test_the_hours_question_shows_the_answer_card_above_the_hits(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=" + quote(HOURS_QUESTION))
    answer = api(live_server, "/api/search?q=" + quote(HOURS_QUESTION))["answer"]
    card = page.get_by_role("region", name="Åbningstider")
    assert card.is_visible()
    assert card.get_by_role("heading", level=2).inner_text() == "Åbningstider"
    assert card.locator(".answer-lines li").all_inner_texts() == answer["lines"]
    assert any("dag" in line for line in answer["lines"])  # a weekday: the hours themselves
    assert card.locator(".answer-owner").inner_text() == answer["title"]
    assert card.locator(".answer-source a").get_attribute("href") == answer["url"]
    # The card comes before the first hit, on screen and in reading order.
    first_hit = page.locator("ol.hits > li.hit").first
    assert card.bounding_box()["y"] + card.bounding_box()["height"] <= first_hit.bounding_box()["y"]
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "answer-card-hours-1280.png"), full_page=True)
    assert tab.errors == []


def test_the_answer_card_needs_no_javascript(browser, live_server):
    tab = Tab(browser, viewport=PHONE, java_script_enabled=False)
    try:
        page = tab.page
        page.goto(live_server + "/search?q=" + quote("telefon borgerservice"))
        card = page.locator(".answer-card")
        assert card.locator("h2").inner_text() == "Telefon"
        assert card.locator(".answer-lines li").all_inner_texts() == ["Telefon: 39 57 50 00"]
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert tab.errors == []
    finally:
        tab.close()


def test_results_are_grouped_by_page_with_sub_results_and_a_link_to_the_rest(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=gladsaxe")
    grouped = api(live_server, "/api/search?q=gladsaxe&group=page")
    hits = page.locator("ol.hits > li.hit")
    assert hits.count() == grouped["groups"] and _count(page) == grouped["total"]
    # The first page with sub-results (the site's contact passage, alone, may come before it).
    at = next(n for n, hit in enumerate(grouped["hits"]) if hit["more"])
    group = grouped["hits"][at]
    first = hits.nth(at)
    subs = first.locator(".sub-hits .sub-hit a")
    assert subs.all_inner_texts() == [more["title"] for more in group["more"]]
    shown = subs.count()
    assert shown == 2
    # Indented under the best passage of the page.
    assert subs.first.bounding_box()["x"] > first.locator(".hit-title a").bounding_box()["x"]
    more = first.locator(".more-from-page a")
    n = group["more_count"]
    assert more.inner_text().startswith(f"{n} flere fra samme side")
    more.click()
    page.wait_for_url("**source=**")
    assert _args(page.url) == {"q": ["gladsaxe"], "source": [group["page"]]}
    assert _count(page) == 1 + shown + n
    assert page.locator(".sub-hits").count() == 0  # one page: its passages one by one
    assert page.locator(".active-filters .chip", has_text="Side").is_visible()
    page.go_back()
    subs.first.click()  # a sub-result opens its passage
    page.wait_for_url("**/passage/**")
    assert page.locator("h1").inner_text() == group["more"][0]["title"]
    assert tab.errors == []


def test_grouped_results_fit_a_phone(browser, live_server):
    tab = Tab(browser, viewport=PHONE)
    try:
        tab.page.goto(live_server + "/search?q=gladsaxe")
        assert tab.page.locator(".sub-hit").first.is_visible()
        assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert tab.errors == []
    finally:
        tab.close()


def test_sub_results_are_reached_by_keyboard_in_reading_order(tab, live_server):
    page = tab.page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/search?q=gladsaxe")
    page.locator("ol.hits > li.hit .hit-title a").first.focus()
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("() => document.activeElement.closest('.sub-hit, .more-from-page, .where')"
                                   "?.className || document.activeElement.className"))
    # The source link of the hit (if any), then its sub-results, then "N flere fra samme side".
    tail = [name for name in order if name in ("sub-hit", "more-from-page")]
    assert tail[:3] == ["sub-hit", "sub-hit", "more-from-page"]
    assert tab.errors == []
