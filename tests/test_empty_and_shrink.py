"""A reindex that the cleaner no longer understands: an empty index still answers searches (200, a
Danish note) and says it is degraded; a reindex that would drop most passages is not published."""
from __future__ import annotations

from pathlib import Path

from index import Searcher, reindex, store
from searchapp import create_app
from searchapp.cli import EXIT_SHRINK, main


def _error_pages(pages_dir: Path) -> None:
    """What a crawl that only met a failing server writes: one short error text per page."""
    for path in pages_dir.iterdir():
        path.write_text(f"Fejl 503\n\nSiden {path.stem} kunne ikke vises lige nu. Prøv igen om lidt.\n",
                        encoding="utf-8")


def test_search_over_an_index_without_passages_answers_with_a_danish_note(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "menu.html").write_text("<html><body><nav><a href='/'>Forside</a></nav></body></html>",
                                     encoding="utf-8")
    report = reindex(pages, tmp_path / "index")
    assert report.rejected and report.passages == 0
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()

    api = client.get("/api/search?q=affald")
    assert api.status_code == 200
    assert api.get_json()["total"] == 0 and "ingen sider" in api.get_json()["message"]
    page = client.get("/search?q=affald")
    assert page.status_code == 200 and "ingen sider at søge i" in page.get_data(as_text=True)
    assert client.get("/tidslinje?q=affald").status_code == 200
    assert client.get("/api/suggest?q=aff").get_json() == {"suggestions": [], "passages": []}

    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["status"] == "degraded"
    assert health.get_json()["passages"] == 0


def test_healthz_is_ok_with_passages(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["status"] == "ok"


def test_a_reindex_of_error_pages_is_not_published(pages_dir, index_dir, runner):
    live = store.current_generation(index_dir).name
    before = Searcher(index_dir).search("headspace").total
    assert before > 0
    _error_pages(pages_dir)

    result = runner.invoke(main, ["reindex", "--pages", str(pages_dir), "--index", str(index_dir), "--json"])
    assert result.exit_code == EXIT_SHRINK
    assert "not published" in result.output and "--allow-shrink" in result.output
    assert store.current_generation(index_dir).name == live  # the live index keeps serving
    assert Searcher(index_dir).search("headspace").total == before

    forced = runner.invoke(main, ["reindex", "--pages", str(pages_dir), "--index", str(index_dir),
                                  "--allow-shrink"])
    assert forced.exit_code == 0, forced.output
    assert store.current_generation(index_dir).name != live
    assert Searcher(index_dir).search("headspace").total == 0


def test_a_dry_run_says_it_would_be_refused(pages_dir, index_dir):
    _error_pages(pages_dir)
    report = reindex(pages_dir, index_dir, dry_run=True)
    assert report.refused and report.passages < report.passages_before / 2


def test_losing_a_few_pages_still_publishes(pages_dir, index_dir):
    first = sorted(pages_dir.iterdir())[0]
    before = store.current_generation(index_dir).name
    first.write_text(first.read_text(encoding="utf-8") + "\nEt nyt afsnit om cykler.\n", encoding="utf-8")
    report = reindex(pages_dir, index_dir)
    assert report.refused is None and report.generation != before
