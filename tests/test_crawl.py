"""The crawler against Havby Kommune's fixture site on 127.0.0.1: what lands in the pages folder,
what the site sees, and what a second crawl costs it."""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import crawl.crawler as crawler
from crawl import EXIT_FAILED, EXIT_OK, EXIT_SITE, CrawlBusy, TerminalProgress, crawl
from crawl.fetch import Fetcher
from crawl.naming import page_file_name
from crawl.state import STATE_FILE, CrawlLock
from ingest.reader import read_page
from searchapp.cli import EXIT_BUSY, EXIT_USAGE, main
from tests.conftest import RAW_PAGES, SEEDS
from tests.crawl_site.fixtures import no_proxies, options_for, quick_site, site, stored_pages  # noqa: F401
from tests.crawl_site.measure import cost
from tests.crawl_site.pages import PAGES, Page
from tests.crawl_site.server import DRIPPING, FLAKY, HANGING, HUGE_DECLARED, HUGE_STREAM, PDF, FixtureSite

DISALLOWED = "/intern/personalehaandbog"
# Every page of the site except the one robots.txt forbids: the sitemap-only page
# (/borger/sundhed/genoptraening), the link-only one (/kultur-og-fritid/svoemmehal) and the one only a
# hand-written link reaches after a 503 (/borger/ustabil-side) included.
EXPECTED = set(PAGES) - {DISALLOWED}


def page_hits(site, hits):
    return [hit for hit in hits if urlsplit(hit.path).path in site.pages]


def snapshot(pages: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(pages.glob("*.html"))}


def test_first_crawl_writes_every_allowed_page_under_a_readable_name_with_its_url(quick_site, tmp_path):
    pages = tmp_path / "pages"
    report = crawl(options_for(quick_site, pages))

    stored = stored_pages(pages)
    assert set(stored) == EXPECTED
    assert {urlsplit(url).path for url in report.new} == EXPECTED
    for path, file in stored.items():
        url = quick_site.origin + path
        assert file.name == page_file_name(url)
        assert file.read_bytes().startswith(f"URL: {url}\n\n<!DOCTYPE html>".encode())
        assert read_page(file).url == url  # the ingester reads the header, so passages link back
    assert stored["/borger/aeldre-og-pleje/hjemmehjaelp"].name.startswith(
        f"127.0.0.1-{urlsplit(quick_site.origin).port}_borger_aeldre-og-pleje_hjemmehjaelp_")
    assert stored["/"].name.split("_")[1] == "forside"


def test_a_page_listed_only_in_the_gzipped_sitemap_of_the_sitemap_index_is_found(quick_site, tmp_path):
    quick_site.pages["/politik/arkiv"] = Page("Arkiv", ["Gamle referater fra 2019."], linked=False)
    crawl(options_for(quick_site, tmp_path / "pages"))

    assert "/politik/arkiv" in stored_pages(tmp_path / "pages")
    requested = [urlsplit(hit.path).path for hit in quick_site.since()]
    assert {"/sitemap.xml", "/sitemaps/borger.xml", "/sitemaps/oevrige.xml.gz"} <= set(requested)


def test_robots_txt_is_obeyed_and_every_request_says_who_we_are(quick_site, tmp_path):
    report = crawl(options_for(quick_site, tmp_path / "pages", contact="mailto:drift@havby.dk"))

    hits = quick_site.since()
    assert urlsplit(hits[0].path).path == "/robots.txt"
    agents = {hit.user_agent for hit in hits}
    assert len(agents) == 1 and re.fullmatch(r"Kommunesoeg/\d+\.\d+\S* \(\+mailto:drift@havby\.dk\)", agents.pop())
    requested = {urlsplit(hit.path).path for hit in hits}
    assert DISALLOWED not in requested and "/soeg" not in requested
    reasons = {urlsplit(item["url"]).path: item["reason"] for item in report.skipped}
    assert reasons[DISALLOWED] == "disallowed by robots.txt"


def test_the_crawl_stays_on_the_site_and_skips_what_is_not_html(quick_site, tmp_path):
    report = crawl(options_for(quick_site, tmp_path / "pages"))

    hits = quick_site.since()
    assert {hit.host for hit in hits} == {urlsplit(quick_site.origin).netloc}  # not localhost, not borger.dk
    requested = [urlsplit(hit.path).path for hit in hits]
    assert "/filer/takstblad.pdf" not in requested  # its suffix says it is no page: not even asked
    assert requested.count(PDF) == 1  # a PDF behind a page-like URL: asked once, not stored
    reasons = {urlsplit(item["url"]).path: item["reason"] for item in report.skipped}
    assert reasons[PDF] == "not a page: content type application/pdf"
    assert "https://www.borger.dk/digital-post: off the site" in reasons["/borger/digital-post"]
    assert all("pdf" not in p.name and "digital-post" not in p.name for p in (tmp_path / "pages").iterdir())


def test_second_crawl_asks_conditionally_gets_304s_and_rewrites_nothing(quick_site, tmp_path):
    pages = tmp_path / "pages"
    crawl(options_for(quick_site, pages))
    before = snapshot(pages)
    first = cost(quick_site, quick_site.since())[0]

    mark = quick_site.mark()
    report = crawl(options_for(quick_site, pages))
    hits = quick_site.since(mark)
    second = cost(quick_site, hits)[0]

    assert snapshot(pages) == before  # same bytes, same mtime: the reindex sees nothing to do
    assert report.new == report.changed == [] and report.removed == []
    assert {urlsplit(url).path for url in report.unchanged} == EXPECTED
    for hit in page_hits(quick_site, hits):
        validators = quick_site.pages[urlsplit(hit.path).path].validators
        if validators == "none":  # nothing to be conditional with: a 200, identical, not rewritten
            assert hit.if_none_match is hit.if_modified_since is None and hit.status == 200
            continue
        assert hit.if_modified_since and hit.status == 304
        assert (hit.if_none_match is not None) == (validators == "both")
    robots_and_sitemaps = [hit for hit in hits if hit.path.startswith(("/robots.txt", "/sitemap"))]
    assert len(robots_and_sitemaps) == 4 and {hit.status for hit in robots_and_sitemaps} == {304}
    assert second.requests <= first.requests and second.bytes_out * 4 < first.bytes_out


def test_a_changed_page_is_rewritten_and_only_that_page(quick_site, tmp_path):
    pages = tmp_path / "pages"
    crawl(options_for(quick_site, pages))
    before = snapshot(pages)
    quick_site.change("/borger/parkering", ["Beboerlicens koster nu 250 kr. om året."])

    report = crawl(options_for(quick_site, pages))

    assert [urlsplit(url).path for url in report.changed] == ["/borger/parkering"]
    after = snapshot(pages)
    changed = {name for name in after if after[name] != before[name]}
    file = stored_pages(pages)["/borger/parkering"]
    assert changed == {file.name}
    text = file.read_text(encoding="utf-8")
    assert "nu 250 kr." in text and "200 kr." not in text


def test_a_gone_page_is_kept_through_the_grace_period_then_removed(quick_site, tmp_path):
    pages, now = tmp_path / "pages", 1_700_000_000.0
    options = options_for(quick_site, pages, grace_days=1.0)
    crawl(options, clock=lambda: now)
    gone = {"/borger/vinterberedskab": 404, "/borger/sygesikring": 410}
    files = {path: stored_pages(pages)[path] for path in gone}
    for path, status in gone.items():
        quick_site.remove(path, status)

    within = crawl(options, clock=lambda: now + 3600)
    assert {urlsplit(item["url"]).path: item["reason"] for item in within.missing} == \
        {"/borger/vinterberedskab": "HTTP 404", "/borger/sygesikring": "HTTP 410"}
    assert within.removed == [] and all(file.exists() for file in files.values())

    after = crawl(options, clock=lambda: now + 86400 + 7200)
    assert {item["page"] for item in after.removed} == {file.name for file in files.values()}
    assert not any(file.exists() for file in files.values())
    state = json.loads((pages / STATE_FILE).read_text(encoding="utf-8"))
    assert not any(urlsplit(url).path in gone for url in state["pages"])


def test_a_page_that_comes_back_within_the_grace_period_is_not_removed(quick_site, tmp_path):
    pages, now = tmp_path / "pages", 1_700_000_000.0
    options = options_for(quick_site, pages, grace_days=1.0)
    crawl(options, clock=lambda: now)
    quick_site.statuses["/borger/sygesikring"] = 404
    crawl(options, clock=lambda: now + 3600)
    del quick_site.statuses["/borger/sygesikring"]
    crawl(options, clock=lambda: now + 7200)
    quick_site.statuses["/borger/sygesikring"] = 404

    report = crawl(options, clock=lambda: now + 86400 + 3600)  # gone again, but only for a moment

    assert report.removed == [] and "/borger/sygesikring" in stored_pages(pages)


def test_a_failed_fetch_never_deletes_the_page_on_disk(quick_site, tmp_path):
    pages, now = tmp_path / "pages", 1_700_000_000.0
    options = options_for(quick_site, pages, grace_days=0.0)
    crawl(options, clock=lambda: now)
    before = snapshot(pages)
    quick_site.statuses["/borger/parkering"] = 500
    quick_site.hang("/erhverv/udbud")
    mark = quick_site.mark()

    report = crawl(options, clock=lambda: now + 30 * 86400)

    reasons = {urlsplit(item["url"]).path: item["reason"] for item in report.failed}
    assert reasons["/borger/parkering"] == "HTTP 500 (tried 2 times)"
    assert reasons["/erhverv/udbud"].startswith("timed out after 0.5 s")
    assert [hit.status for hit in quick_site.since(mark) if hit.path == "/borger/parkering"] == [500, 500]
    assert snapshot(pages) == before and report.removed == []


def test_faults_are_retried_or_reported_and_never_stop_the_crawl(site, tmp_path):
    pages = tmp_path / "pages"
    report = crawl(options_for(site, pages, total_timeout=1.0))

    assert set(stored_pages(pages)) == EXPECTED
    reasons = {urlsplit(item["url"]).path: item["reason"] for item in report.failed}
    assert reasons[HANGING] == "timed out after 0.5 s (ReadTimeout) (tried 2 times)"
    assert reasons[DRIPPING] == "response took longer than 1 s"
    assert reasons[HUGE_STREAM] == f"response is more than the {256 * 1024} bytes allowed"
    assert reasons[HUGE_DECLARED] == f"response is {500 * 1024 * 1024} bytes, more than the {256 * 1024} allowed"
    assert reasons["/selvbetjening"].startswith("redirect loop: ")
    assert set(reasons) == {HANGING, DRIPPING, HUGE_STREAM, HUGE_DECLARED, "/selvbetjening"}
    assert [hit.status for hit in site.since() if hit.path == FLAKY] == [503, 200]  # retried, then stored
    assert report.bytes_received < 4 * 256 * 1024 + 512 * 1024  # the huge bodies were cut off
    assert report.seconds < 20  # the hanging page would hold a request for 30 s


def test_mis_encoded_pages_are_stored_as_utf8_text(quick_site, tmp_path):
    pages = tmp_path / "pages"
    report = crawl(options_for(quick_site, pages))

    stored = stored_pages(pages)
    tandpleje = stored["/borger/sundhed/tandpleje"].read_text(encoding="utf-8")  # sent as windows-1252
    assert "Tandlægen på Søndergade" in tandpleje
    foreninger = stored["/kultur-og-fritid/foreninger"].read_text(encoding="utf-8")  # cp1252 in a UTF-8 page
    assert "Søg lokaler" in foreninger and "en ildsjæl i foreningslivet" in foreninger
    assert "Gå direkte til indhold" in foreninger  # the UTF-8 template around it survived too
    assert [urlsplit(item["url"]).path for item in report.repaired] == ["/kultur-og-fritid/foreninger"]


def test_max_pages_stops_the_crawl_and_says_so(quick_site, tmp_path):
    report = crawl(options_for(quick_site, tmp_path / "pages", max_pages=5))

    assert len(page_hits(quick_site, quick_site.since())) <= 5
    assert len(stored_pages(tmp_path / "pages")) == len(report.new) <= 5
    assert report.stopped == "--max-pages 5 reached" and report.not_visited > 0


def test_requests_are_spaced_by_the_polite_delay(quick_site, tmp_path):
    crawl(options_for(quick_site, tmp_path / "pages", delay=0.2, max_pages=3))

    arrivals = [hit.at for hit in quick_site.since()]
    assert len(arrivals) >= 6
    # As the site sees it, on average: a loaded machine may delay one arrival more than the next, but
    # not make the requests come faster overall.
    assert (arrivals[-1] - arrivals[0]) / (len(arrivals) - 1) >= 0.19


def test_the_client_waits_the_delay_between_any_two_requests(quick_site):
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    settings = options_for(quick_site, Path("unused"), delay=3.0).fetch_settings()
    with Fetcher(settings, clock=lambda: now[0], sleep=sleep) as fetcher:
        for path in ("/", "/borger", "/nowhere", "/erhverv"):
            fetcher.get(quick_site.origin + path)
            now[0] += 0.5  # the time a response and its handling take

    assert waits == [2.5, 2.5, 2.5]


def test_a_lost_state_file_costs_validators_but_rewrites_nothing(quick_site, tmp_path):
    pages = tmp_path / "pages"
    crawl(options_for(quick_site, pages))
    before = snapshot(pages)
    (pages / STATE_FILE).write_text("{not json", encoding="utf-8")

    report = crawl(options_for(quick_site, pages))

    assert report.notes and "unreadable" in report.notes[0]
    assert snapshot(pages) == before and report.new == report.changed == []


def test_hand_made_pages_in_the_folder_are_never_touched(quick_site, tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(RAW_PAGES, pages)
    crawl(options_for(quick_site, pages, grace_days=0.0))

    for name in SEEDS:
        assert (pages / name).read_bytes() == (RAW_PAGES / name).read_bytes()


def test_without_readable_robots_txt_nothing_is_fetched(quick_site, tmp_path):
    quick_site.statuses["/robots.txt"] = 503

    report = crawl(options_for(quick_site, tmp_path / "pages"))

    assert report.exit_code == EXIT_SITE
    assert report.site_problem == "robots.txt unavailable (HTTP 503 (tried 2 times)); nothing may be fetched"
    assert {hit.path for hit in quick_site.since()} == {"/robots.txt"}


def test_a_site_that_stopped_answering_is_a_site_problem_and_keeps_the_pages(tmp_path):
    pages = tmp_path / "pages"
    with FixtureSite(slow_traps=False) as served:
        options = options_for(served, pages, grace_days=0.0)
        crawl(options)
    before = snapshot(pages)

    report = crawl(options)  # the server is gone: every request is refused

    assert report.exit_code == EXIT_SITE and "stopped answering" in report.site_problem
    assert all("ConnectError" in item["reason"] for item in report.failed)
    assert snapshot(pages) == before and report.removed == []


def test_two_crawls_of_one_folder_do_not_run_at_once(quick_site, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    with CrawlLock(pages), pytest.raises(CrawlBusy):
        crawl(options_for(quick_site, pages))


def test_progress_is_drawn_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    piped, terminal = io.StringIO(), Terminal()
    for stream in (piped, terminal):
        progress = TerminalProgress(stream=stream)
        progress(3, 10)
        progress.close()
    assert piped.getvalue() == ""
    assert terminal.getvalue() == "\rCrawling [#########---------------------] 3/10\n"


# --- the command -------------------------------------------------------------------------------


def run(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_crawl_command_json_summary_and_exit_code(runner, quick_site, tmp_path, no_proxies):
    pages = tmp_path / "pages"
    args = ["crawl", "--site", quick_site.url, "--pages", pages, "--prefix", "/borger", "--delay", "0",
            "--timeout", "0.5", "--json"]
    result = run(runner, *args)
    assert result.exit_code == EXIT_OK, result.output
    first = json.loads(result.stdout)
    assert {"fetched", "unchanged", "new", "removed", "failed", "skipped", "requests", "exit_code"} <= set(first)
    assert first["failed"] == [] and len(first["new"]) == len(first["fetched"]) > 10
    assert all(path == "/borger" or path.startswith("/borger/") for path in stored_pages(pages))
    requested = {urlsplit(hit.path).path for hit in page_hits(quick_site, quick_site.since())}
    assert requested - {"/"} and all(path == "/borger" or path.startswith("/borger/") for path in requested - {"/"})
    assert "\r" not in result.output  # no progress bar when the output is not a terminal

    second = json.loads(run(runner, *args).stdout)
    assert second["new"] == second["fetched"] == [] and sorted(second["unchanged"]) == sorted(first["new"])
    assert second["statuses"]["304"] >= len(first["new"])


def test_crawl_command_usage_errors(runner, quick_site, tmp_path, no_proxies):
    result = run(runner, "crawl", "--site", "ftp://havby.dk/", "--pages", tmp_path / "p")
    assert result.exit_code == EXIT_USAGE and "not an http(s) URL" in result.stderr

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run(runner, "crawl", "--site", quick_site.url, "--pages", blocker)
    assert result.exit_code == EXIT_USAGE and "cannot use pages folder" in result.stderr

    pages = tmp_path / "pages"
    pages.mkdir()
    with CrawlLock(pages):
        result = run(runner, "crawl", "--site", quick_site.url, "--pages", pages)
    assert result.exit_code == EXIT_BUSY and "another crawl is running" in result.stderr
    assert quick_site.since() == []


def test_robots_txt_rules_for_our_own_token_and_its_crawl_delay_are_followed(quick_site, tmp_path):
    quick_site.robots_txt = ("User-agent: Kommunesoeg\nDisallow: /erhverv/\nCrawl-delay: 7\n\n"
                             "User-agent: *\nDisallow: /\n")
    waits: list[float] = []

    report = crawl(options_for(quick_site, tmp_path / "pages"), sleep=waits.append)

    stored = stored_pages(tmp_path / "pages")
    assert "/borger/parkering" in stored and not any(path.startswith("/erhverv/") for path in stored)
    assert report.delay == 7.0
    # Nothing really sleeps: each request after the first page waits 7 s less the real time since the
    # one before, so together they wait at least 7 s apiece less the crawl's whole real duration.
    assert sum(waits) >= 7.0 * (report.requests - 2) - report.seconds


def test_a_dropped_connection_is_retried(quick_site, tmp_path):
    quick_site.drop_once("/borger/parkering")

    report = crawl(options_for(quick_site, tmp_path / "pages"))

    assert [hit.status for hit in quick_site.since() if hit.path == "/borger/parkering"] == [0, 200]
    assert "/borger/parkering" in {urlsplit(url).path for url in report.new}


def test_a_start_page_that_redirects_to_another_site_is_a_failure_not_a_quiet_skip(quick_site, tmp_path):
    options = options_for(quick_site, tmp_path / "pages")
    options.site = quick_site.origin + "/borger/digital-post"

    report = crawl(options)

    assert report.failed[0] == {
        "url": quick_site.origin + "/borger/digital-post",
        "reason": "the start page redirects to https://www.borger.dk/digital-post: off the site; "
                  "crawl that site with --site instead"}
    assert report.exit_code == EXIT_FAILED


def test_an_unforeseen_error_on_one_page_costs_that_page_only(quick_site, tmp_path, monkeypatch):
    real = crawler.read_links

    def read_links(html, base):
        if base.endswith("/borger/parkering"):
            raise RecursionError("maximum recursion depth exceeded")  # as a pathological page might
        return real(html, base)

    monkeypatch.setattr(crawler, "read_links", read_links)
    report = crawl(options_for(quick_site, tmp_path / "pages"))

    assert {"url": quick_site.origin + "/borger/parkering",
            "reason": "internal error: RecursionError: maximum recursion depth exceeded"} in report.failed
    assert set(stored_pages(tmp_path / "pages")) == EXPECTED - {"/borger/parkering"}
