"""``kommunesog update`` end to end: the fixture site → the pages folder → the index → what /api/search
returns, across changes on the site."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from crawl import EXIT_BUSY, EXIT_FAILED, EXIT_SITE, crawl, update
from crawl.state import CrawlLock
from index import Searcher
from index.store import ReindexLock
from searchapp import create_app
from searchapp.cli import main
from tests.crawl_site.fixtures import no_proxies, options_for, quick_site, stored_pages  # noqa: F401
from tests.crawl_site.server import FixtureSite

CHANGED = "/borger/parkering"
NEW_TEXT = ["Beboerlicens koster nu 250 kr. om året. Der er nye ladestandere på Torvet."]


def run_update(runner, site, tmp_path, *extra):
    args = ["update", "--site", site.url, "--pages", tmp_path / "pages", "--index", tmp_path / "index",
            "--delay", "0", "--timeout", "0.5", *extra]
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def api_search(index_dir, query: str) -> dict:
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_json()


def paths(hits) -> list[str]:
    return [urlsplit(hit["url"]).path for hit in hits]


def test_update_indexes_crawled_pages_and_every_passage_links_to_its_source(runner, quick_site, tmp_path,
                                                                            no_proxies):
    result = run_update(runner, quick_site, tmp_path, "--json")

    # The fixture site's redirect loop is one failed URL: exit 1, everything else done.
    assert result.exit_code == EXIT_FAILED, result.output
    report = json.loads(result.stdout)
    assert [urlsplit(item["url"]).path for item in report["crawl"]["failed"]] == ["/selvbetjening"]
    stored = stored_pages(tmp_path / "pages")
    assert sorted(report["reindex"]["added"]) == sorted(file.name for file in stored.values())
    assert report["reindex"]["rejected"] == [] and report["exit_code"] == EXIT_FAILED

    hits = api_search(tmp_path / "index", "beboerlicens")["hits"]
    assert paths(hits) == [CHANGED]
    assert hits[0]["url"] == quick_site.origin + CHANGED and hits[0]["page"] == stored[CHANGED].name
    hits = api_search(tmp_path / "index", "Søndergade")["hits"]  # the page the site sent as windows-1252
    assert paths(hits) == ["/borger/sundhed/tandpleje"]
    whoosh_searcher, _ = Searcher(tmp_path / "index").current()
    passages = list(whoosh_searcher.all_stored_fields())
    assert len(passages) > len(stored)
    # The footer's contact details are one passage for the whole site: it links to the site's contact
    # page (this site has one), else to its root.
    assert all(p.get("url") for p in passages)
    for passage in passages:
        if passage["kind"] != "site":
            assert stored[urlsplit(passage["url"]).path].name == passage["page"]
        else:
            assert urlsplit(passage["url"]).path == "/kontakt" and "/kontakt" in stored


def test_update_finds_the_changed_word_and_forgets_the_old_one_and_the_gone_page(runner, quick_site, tmp_path,
                                                                                no_proxies):
    assert run_update(runner, quick_site, tmp_path).exit_code == EXIT_FAILED
    assert paths(api_search(tmp_path / "index", "betale parkering")["hits"]) == [CHANGED]
    assert paths(api_search(tmp_path / "index", "sygesikringskort")["hits"]) == ["/borger/sygesikring"]
    quick_site.change(CHANGED, NEW_TEXT)
    quick_site.remove("/borger/sygesikring", 410)

    result = run_update(runner, quick_site, tmp_path, "--grace-days", "0", "--json")

    report = json.loads(result.stdout)
    # /borger changed too: its list of sub-pages no longer links to the gone page.
    assert sorted(urlsplit(url).path for url in report["crawl"]["changed"]) == ["/borger", CHANGED]
    assert [urlsplit(item["url"]).path for item in report["crawl"]["removed"]] == ["/borger/sygesikring"]
    assert len(report["reindex"]["changed"]) == 2 and len(report["reindex"]["removed"]) == 1
    assert report["reindex"]["added"] == []
    assert paths(api_search(tmp_path / "index", "ladestandere")["hits"]) == [CHANGED]
    # No passage has the old words together any more (a hit with one of them says it lacks the other).
    assert all(hit["missing"] for hit in api_search(tmp_path / "index", "betale parkering")["hits"])
    # The gone page's word is on no page now: whatever else has a part of it says it lacks it.
    gone = api_search(tmp_path / "index", "sygesikringskort")["hits"]
    assert "/borger/sygesikring" not in paths(gone) and all(hit["missing"] for hit in gone)


def test_a_gone_page_stays_searchable_until_its_grace_period_is_over(quick_site, tmp_path):
    pages, index, now = tmp_path / "pages", tmp_path / "index", 1_700_000_000.0
    options = options_for(quick_site, pages, grace_days=2.0)
    update(options, index, clock=lambda: now)
    quick_site.remove("/borger/vinterberedskab", 404)

    within = update(options, index, clock=lambda: now + 86400)
    assert [urlsplit(item["url"]).path for item in within.crawl.missing] == ["/borger/vinterberedskab"]
    assert paths(api_search(index, "saltvogne")["hits"]) == ["/borger/vinterberedskab"]

    after = update(options, index, clock=lambda: now + 3 * 86400)
    assert [urlsplit(item["url"]).path for item in after.crawl.removed] == ["/borger/vinterberedskab"]
    assert after.reindex.removed == [item["page"] for item in after.crawl.removed]
    assert api_search(index, "saltvogne")["total"] == 0


def test_a_second_update_of_an_unchanged_site_changes_nothing(runner, quick_site, tmp_path, no_proxies):
    run_update(runner, quick_site, tmp_path)
    result = run_update(runner, quick_site, tmp_path)

    assert result.exit_code == EXIT_FAILED  # the redirect loop, still
    assert "fetched: 1, unchanged: 32" in result.stdout  # /nyheder has no validators: one 200, same bytes
    assert "  unchanged: 32" in result.stdout and "added:" not in result.stdout
    assert "Crawled " in result.stdout and "Indexed into " in result.stdout


def test_update_of_a_site_that_is_down_keeps_pages_and_index(tmp_path):
    pages, index = tmp_path / "pages", tmp_path / "index"
    with FixtureSite(slow_traps=False) as served:
        options = options_for(served, pages, grace_days=0.0)
        update(options, index)
    files = {path: file.read_bytes() for path, file in stored_pages(pages).items()}

    report = update(options, index)

    assert report.exit_code == EXIT_SITE
    assert {path: file.read_bytes() for path, file in stored_pages(pages).items()} == files
    assert report.reindex is not None and report.reindex.removed == [] and report.reindex.added == []
    assert paths(api_search(index, "saltvogne")["hits"]) == ["/borger/vinterberedskab"]


def test_update_while_another_crawl_runs_does_nothing(runner, quick_site, tmp_path, no_proxies):
    pages = tmp_path / "pages"
    pages.mkdir()
    with CrawlLock(pages):
        result = run_update(runner, quick_site, tmp_path)
    assert result.exit_code == EXIT_BUSY and "another crawl is running" in result.stderr
    assert not (tmp_path / "index").exists() and quick_site.since() == []
    assert crawl(options_for(quick_site, pages)).new  # the lock is gone with its holder


def test_update_while_a_reindex_runs_keeps_the_crawl_and_leaves_the_index_to_the_next_run(quick_site, tmp_path):
    pages, index = tmp_path / "pages", tmp_path / "index"
    with ReindexLock(index):
        report = update(options_for(quick_site, pages), index)

    assert report.exit_code == EXIT_BUSY and report.reindex is None
    assert report.reindex_problem.startswith("reindex skipped: ")
    assert len(stored_pages(pages)) == len(report.crawl.new) > 10
    assert update(options_for(quick_site, pages), index).reindex.added  # the next run indexes them
