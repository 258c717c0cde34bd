"""Reindexing: incremental by default, ids stable, the footer learned across pages."""
from __future__ import annotations

from index import Searcher, reindex
from tests.conftest import SEEDS


def ids(index_dir):
    searcher = Searcher(index_dir)
    return {h.passage.id for h in searcher.search("", per_page=100).hits}


def test_unchanged_pages_are_not_reprocessed_and_ids_are_stable(pages_dir, index_dir):
    before = ids(index_dir)
    report = reindex(pages_dir, index_dir)
    assert report.unchanged == SEEDS and not (report.added or report.changed or report.removed)
    assert ids(index_dir) == before
    full = reindex(pages_dir, index_dir, full=True)
    assert full.full and ids(index_dir) == before


def test_edited_added_and_deleted_pages(pages_dir, index_dir):
    cases, partnerships = (pages_dir / name for name in SEEDS)
    text = partnerships.read_text(encoding="utf-8")
    partnerships.write_text(text.replace("Genbrugslopperne", "Loppeholdet"), encoding="utf-8")
    (pages_dir / "ny.txt").write_text(cases.read_text(encoding="utf-8").replace("Headspace", "Ungeliv"),
                                      encoding="utf-8")
    cases.unlink()
    report = reindex(pages_dir, index_dir)
    assert report.changed == [SEEDS[1]] and report.added == ["ny.txt"] and report.removed == [SEEDS[0]]
    searcher = Searcher(index_dir)
    assert searcher.search("genbrugslopperne").total == 0
    assert searcher.search("loppeholdet").total == 1
    assert {h.passage.page for h in searcher.search("ungeliv").hits} == {"ny.txt"}
    assert searcher.search("borgerservice åbningstid").total == 1


def test_footer_changed_on_every_page_updates_the_site_passage(pages_dir, index_dir):
    for name in SEEDS:
        path = pages_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace("Torsdag 10-18", "Torsdag 12-19"),
                        encoding="utf-8")
    reindex(pages_dir, index_dir)
    searcher = Searcher(index_dir)
    hits = searcher.search("torsdag").hits
    assert len(hits) == 1 and "Torsdag 12-19" in hits[0].passage.text


def test_a_page_that_breaks_keeps_its_old_passages_and_is_reported(pages_dir, index_dir):
    (pages_dir / SEEDS[1]).write_bytes(b"\x00\x01\x02" * 100)
    report = reindex(pages_dir, index_dir)
    assert [r["page"] for r in report.rejected] == [SEEDS[1]]
    assert Searcher(index_dir).search("genbrugslopperne").total == 1


def test_dry_run_writes_nothing(pages_dir, index_dir):
    (pages_dir / SEEDS[0]).unlink()
    report = reindex(pages_dir, index_dir, dry_run=True)
    assert report.removed == [SEEDS[0]] and report.dry_run
    assert Searcher(index_dir).search("headspace").total == 2
