"""What a citizen or a member of staff does on the real pages, in Chromium, under the site's own
Content-Security-Policy: search, pick a suggestion by keyboard, filter, page, follow "Mente du", open
a passage and its neighbours, read the timeline, download the results. Every test ends with no
console error and no uncaught exception (a CSP violation is a console error)."""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import DESKTOP, PHONE, Tab, api

pytestmark = pytest.mark.usefixtures("live_server")


def _args(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _total(page) -> int:
    """The count the results page shows: "12 resultater" or "1 resultat"."""
    return int(page.locator(".count strong").inner_text().split()[0])


def _hit_titles(page) -> list[str]:
    return page.locator(".hit-title a").all_inner_texts()


def test_typing_a_query_and_pressing_enter_shows_highlighted_results(tab, live_server):
    page = tab.page
    page.goto(live_server + "/")
    page.locator("#q").fill("headspace")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/search?q=headspace")
    assert _total(page) == api(live_server, "/api/search?q=headspace")["total"] == 2
    assert page.locator(".hit").count() == 2
    first = page.locator(".hit").first
    assert first.locator(".snippet mark").first.inner_text().lower() == "headspace"
    assert first.locator(".badge").inner_text() in ("Sag", "Partnerskab", "Side")
    assert first.locator(".where").inner_text().strip()
    assert page.title().startswith("headspace – Søgeresultater")
    assert tab.errors == []


def test_autocomplete_is_operable_by_keyboard(tab, live_server):
    from playwright.sync_api import expect  # here: the browser fixture skips (or fails) without it

    page = tab.page
    page.goto(live_server + "/")
    field = page.locator("#q")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("verd")
    options = page.locator("#q-forslag [role=option]")
    found = api(live_server, "/api/suggest?q=verd")
    expected = found["suggestions"]
    # Words first, then the passages ("Gå til …"). Waits out any list shown for "ver" while the
    # answer for "verd" was on its way.
    expect(options).to_have_text(expected + [f"Gå til {p['title']}" for p in found["passages"]])
    assert field.get_attribute("aria-expanded") == "true"
    assert "forslag" in page.locator("#q-status").inner_text()

    field.press("ArrowDown")
    field.press("ArrowDown")
    second = options.nth(1)
    assert field.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    field.press("ArrowUp")
    assert field.get_attribute("aria-activedescendant") == options.first.get_attribute("id")

    field.press("Escape")
    assert page.locator("#q-forslag").is_hidden() and field.get_attribute("aria-expanded") == "false"
    assert field.input_value() == "verd"  # Escape closes the list and keeps what was typed

    field.press("ArrowDown")  # reopens the list on the first suggestion
    assert options.first.get_attribute("aria-selected") == "true"
    with page.expect_navigation():
        field.press("Enter")
    assert _args(page.url)["q"] == [expected[0]]
    assert page.locator("#q").input_value() == expected[0]
    assert _total(page) > 0
    assert tab.errors == []


def test_a_title_suggestion_opens_its_passage(tab, live_server):
    from playwright.sync_api import expect

    page = tab.page
    page.goto(live_server + "/")
    field = page.locator("#q")
    field.press_sequentially("headsp")
    found = api(live_server, "/api/suggest?q=headsp")
    titles = page.locator("#q-forslag .combo-passage")
    expect(titles).to_have_text([f"Gå til {p['title']}" for p in found["passages"]])
    first = found["passages"][0]
    # By keyboard: down past the words to the first title, Enter opens the passage (no search).
    for _ in range(len(found["suggestions"]) + 1):
        field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == titles.first.get_attribute("id")
    with page.expect_navigation():
        field.press("Enter")
    assert urlsplit(page.url).path == first["url"] == f"/passage/{first['id']}"
    assert page.locator("h1").inner_text() == first["title"]

    # By mouse: the same from the results page.
    page.goto(live_server + "/search?q=x")
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("headsp")
    last = found["passages"][-1]
    with page.expect_navigation():
        page.locator("#q-forslag .combo-passage").last.click()
    assert urlsplit(page.url).path == last["url"]
    assert page.locator("h1").inner_text() == last["title"]
    assert tab.errors == []


def _layout_shift(page) -> float:
    """Chromium's cumulative layout shift of the page so far (0: nothing ever jumped)."""
    return page.evaluate("""() => new Promise(resolve => {
        new PerformanceObserver(list => resolve(list.getEntries().reduce((sum, e) => sum + e.value, 0)))
            .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => resolve(0), 300);  // no entry at all: no shift
    })""")


def test_the_suggestion_list_does_not_move_the_page(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=genbrug")
    below = page.locator("#q-hint")
    before = below.bounding_box()
    page.locator("#q").press("End")
    page.locator("#q").press_sequentially("s")
    page.locator("#q-forslag [role=option]").first.wait_for()
    assert page.locator("#q-forslag").is_visible()
    assert below.bounding_box() == before
    assert _layout_shift(page) == 0
    assert tab.errors == []


def test_sorting_by_year_puts_the_newest_first(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=gladsaxe&kind=case")
    page.locator(".sort a", has_text="Nyeste år først").click()
    page.wait_for_url("**sort=year**")
    assert _args(page.url) == {"q": ["gladsaxe"], "kind": ["case"], "sort": ["year"]}
    newest = [max(int(y) for y in years.replace("Årstal:", "").split(",")) for years in
              page.locator(".hit .years").all_inner_texts()]
    assert newest and newest == sorted(newest, reverse=True)
    assert page.locator(".sort .current").inner_text() == "Nyeste år først"
    assert tab.errors == []


def test_facets_filter_combine_and_live_in_the_url(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=gladsaxe")
    everything = _total(page)
    # Every count sits on one line, however long the label beside it.
    heights = [box["height"] for box in (c.bounding_box() for c in page.locator(".facet-count").all())]
    assert max(heights) < 1.5 * min(heights)
    partnership = page.locator(".facet-kind a", has_text="Partnerskab")
    shown = int(partnership.locator(".facet-count").inner_text().split()[0])
    partnership.click()
    page.wait_for_url("**kind=partnership**")
    assert _total(page) == shown < everything
    assert page.locator(".hit .badge").all_inner_texts() == ["Partnerskab"] * page.locator(".hit").count()
    assert page.locator(".facet-kind a.selected").get_attribute("aria-current") == "true"

    year = page.locator(".facet-year a").first
    year_value = year.locator(".facet-label").inner_text()
    year_count = int(year.locator(".facet-count").inner_text().split()[0])
    year.click()
    page.wait_for_url(f"**year={year_value}**")
    assert _args(page.url) == {"q": ["gladsaxe"], "kind": ["partnership"], "year": [year_value]}
    assert _total(page) == year_count
    assert all(year_value in years for years in page.locator(".hit .years").all_inner_texts())

    # The filtered URL is a bookmark: opened afresh it shows the same search.
    bookmark = page.url
    page.goto(bookmark)
    assert _total(page) == year_count and page.locator(".active-filters .chip").count() == 2

    page.locator(".active-filters .chip", has_text="Type").click()
    page.wait_for_url(lambda url: "kind=" not in url)
    assert _args(page.url) == {"q": ["gladsaxe"], "year": [year_value]}
    page.locator(".clear-filters").click()
    page.wait_for_url(lambda url: "year=" not in url)
    assert _total(page) == everything
    assert tab.errors == []


def test_paging_to_page_two_and_back(tab, live_server):
    page = tab.page
    # Narrowed to one page, whose passages are listed one by one (else one result per page).
    page.goto(live_server + "/search?q=gladsaxe&source=000_da1a5ceea79bc89c.txt")
    total = _total(page)
    assert total > 10
    first_page = _hit_titles(page)
    page.locator(".pager a[rel=next]").click()
    page.wait_for_url("**page=2**")
    assert page.locator(".pager a[aria-current=page]").inner_text().endswith("2")
    assert page.locator("ol.hits").get_attribute("start") == "11"
    second_page = _hit_titles(page)
    assert len(second_page) == min(10, total - 10) and not set(second_page) & set(first_page)
    assert _total(page) == total and "side 2" in page.title()
    page.locator(".pager a[rel=prev]").click()
    page.wait_for_url(lambda url: "page=" not in url)
    assert _hit_titles(page) == first_page
    assert tab.errors == []


def test_following_mente_du_searches_the_corrected_spelling(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=genbrg")
    suggestion = page.locator(".suggestion a")
    assert suggestion.inner_text() == "genbrug"
    suggestion.click()
    page.wait_for_url("**q=genbrug")
    assert page.locator("#q").input_value() == "genbrug"
    assert page.locator(".suggestion").count() == 0
    assert _total(page) == api(live_server, "/api/search?q=genbrug")["total"] > 0
    assert tab.errors == []


def test_zero_results_offer_topics_and_a_word_found_alone_says_what_is_missing(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=espresso+cappuccino")
    assert page.locator("#ingen-titel").inner_text() == "Ingen resultater for »espresso cappuccino«"
    topic = page.locator(".topics a.chip").first
    name = topic.inner_text()
    topic.click()
    page.wait_for_url("**/search?q=*")
    assert page.locator("#q").input_value() == name and _total(page) > 0
    # A misspelt word is found corrected, and the word found nowhere is named on each hit.
    page.goto(live_server + "/search?q=hedspace+kaffemaskine")
    assert _total(page) > 0 and "Mangler" in page.locator(".hit").first.inner_text()
    assert tab.errors == []


def test_a_passage_page_shows_its_text_source_and_similar_passages(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=genbrugsstationen")
    title = _hit_titles(page)[0]
    page.locator(".hit-title a").first.click()
    page.wait_for_url("**/passage/**")
    assert page.locator("h1").inner_text() == title
    assert page.locator(".passage-text p").count() >= 1
    assert page.locator(".crumbs li").all_inner_texts()[0] == "Forside"
    assert page.locator(".source-button a").get_attribute("href").startswith("https://www.havby.dk/")
    similar = page.locator(".similar li a")
    assert similar.count() >= 1
    neighbour = similar.first.inner_text()
    similar.first.click()
    page.wait_for_url("**/passage/**")
    assert page.locator("h1").inner_text() == neighbour != title
    page.go_back()
    page.locator(".back a").click()  # back to the very search the reader came from
    page.wait_for_url("**/search?q=genbrugsstationen")
    assert tab.errors == []


def test_the_timeline_narrowed_by_a_query_and_a_kind(tab, live_server):
    page = tab.page
    page.goto(live_server + "/tidslinje")
    count = lambda: int(page.locator(".count strong").inner_text().split()[0])  # noqa: E731
    everything = count()
    page.locator("#q").fill("uddannelse")
    page.locator(".search-form button[type=submit]").click()
    page.wait_for_url("**/tidslinje?q=uddannelse")
    narrowed = count()
    assert 0 < narrowed < everything
    years = [int(h.split()[0]) for h in page.locator(".timeline .year h2").all_inner_texts()
             if h.split()[0].isdigit()]
    assert years == sorted(years, reverse=True)
    page.locator(".kind-switch a", has_text="Sager").click()
    page.wait_for_url("**kind=case**")
    assert set(page.locator(".initiative .badge").all_inner_texts()) <= {"Sag"}
    assert count() <= narrowed
    assert tab.errors == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_links_download_every_hit_of_the_filtered_search(tab, live_server, fmt):
    page = tab.page
    page.goto(live_server + "/search?q=gladsaxe&kind=case")
    total = _total(page)
    link = page.locator(".export-links a", has_text="CSV" if fmt == "csv" else "JSON")
    href = link.get_attribute("href")
    assert _args(href) == {"q": ["gladsaxe"], "kind": ["case"]}
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename == f"kommunesog-gladsaxe.{fmt}"
    body = download.path().read_text(encoding="utf-8-sig")
    response = page.request.get(live_server + href)
    assert response.ok
    if fmt == "csv":
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
        assert len(rows) == total and {row["type"] for row in rows} == {"sag"}
        assert all(row["link"].startswith(live_server + "/passage/") for row in rows)
    else:
        assert response.headers["content-type"].startswith("application/json")
        data = json.loads(body)
        assert data["total"] == data["exported"] == len(data["hits"]) == total
        assert {hit["kind"] for hit in data["hits"]} == {"case"}
    assert tab.errors == []


def test_the_page_works_without_javascript(browser, live_server):
    tab = Tab(browser, viewport=PHONE, java_script_enabled=False)
    try:
        page = tab.page
        page.goto(live_server + "/")
        field = page.locator("#q")
        assert field.get_attribute("role") is None  # no script ran: a plain search field
        field.fill("genbrug")
        page.locator(".search-form button[type=submit]").click()
        page.wait_for_url("**/search?q=genbrug")
        assert _total(page) > 0 and page.locator(".hit mark").count() > 0
        page.locator(".facet-kind a").first.click()
        page.wait_for_url("**kind=**")
        # The hidden filter fields ride along when the form is sent again with new words.
        page.locator("#q").fill("genbrugsstationen")
        page.locator(".search-form button[type=submit]").click()
        page.wait_for_url("**q=genbrugsstationen**")
        assert "kind" in _args(page.url)
        assert page.locator("#q-forslag").is_hidden()
        assert tab.errors == []
    finally:
        tab.close()


def test_an_injected_inline_script_is_refused_by_the_csp(tab, live_server):
    page = tab.page
    page.goto(live_server + "/")
    ran = page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.head.appendChild(script);
        return window.injected === true;
    }""")
    assert ran is False
    assert any("Content Security Policy" in error for error in tab.errors)


@pytest.mark.parametrize("path", ["/", "/search?q=gladsaxe", "/search?q=hedspace+kaffemaskine",
                                  "/tidslinje", "/passage/{passage}"])
def test_a_phone_never_scrolls_sideways(browser, live_server, path):
    passage = api(live_server, "/api/search?q=genbrugsstationen")["hits"][0]["id"]
    tab = Tab(browser, viewport=PHONE)
    try:
        tab.page.goto(live_server + path.format(passage=passage))
        width = tab.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        assert tab.errors == []
    finally:
        tab.close()


def test_the_skip_link_is_the_first_stop_and_visible_on_focus(tab, live_server):
    page = tab.page
    page.goto(live_server + "/search?q=headspace")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "indhold"
    page.keyboard.press("Tab")  # into the page: the search field, with a focus ring to see
    assert page.evaluate("() => document.activeElement.id") == "q"
    ring = page.locator("#q").evaluate("el => { const s = getComputedStyle(el); "
                                       "return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert ring[0] == "solid" and ring[1] == "3px" and ring[2] != "none"
    assert tab.errors == []
