"""Reindexing: incremental by manifest, ids stable, the footer learned across pages, and the result
always the same as cleaning the whole folder afresh."""
from __future__ import annotations

import importlib
import json
import os
import random
import re

import pytest

from bench.corpus import generate, write_page
from index import Searcher, reindex, store
from index.documents import from_document
from ingest import ingest_folder
from tests.conftest import SEEDS

reindex_module = importlib.import_module("index.batch.reindex")  # `index.batch.reindex` is also the function's name

_THURSDAY = re.compile(r"Torsdag \d+-\d+")


def ids(index_dir):
    searcher = Searcher(index_dir)
    return {h.passage.id for h in searcher.search("", per_page=100).hits}


def indexed(index_dir) -> set[str]:
    """Every passage in the live generation, as comparable JSON."""
    whoosh_searcher, _ = Searcher(index_dir).current()
    return {json.dumps(from_document(fields).to_dict(), sort_keys=True) for fields in whoosh_searcher.documents()}


def ingested(pages_dir) -> set[str]:
    """What cleaning the whole folder from scratch gives."""
    return {json.dumps(p.to_dict(), sort_keys=True) for p in ingest_folder(pages_dir).passages}


def test_unchanged_pages_are_not_reprocessed_and_ids_are_stable(pages_dir, index_dir, monkeypatch):
    before = ids(index_dir)
    parsed = []
    real_parse = reindex_module.parse_page
    monkeypatch.setattr(reindex_module, "parse_page", lambda name, data: parsed.append(name) or real_parse(name, data))
    live = store.current_generation(index_dir)
    report = reindex(pages_dir, index_dir)
    assert report.unchanged == SEEDS and not (report.added or report.changed or report.removed)
    assert parsed == [] and store.current_generation(index_dir) == live  # nothing read, nothing written
    assert ids(index_dir) == before
    full = reindex(pages_dir, index_dir, full=True)
    assert full.full and ids(index_dir) == before


def _count_reads(monkeypatch) -> list[str]:
    read = []
    real_read = reindex_module.read_page_bytes
    monkeypatch.setattr(reindex_module, "read_page_bytes", lambda path: read.append(path.name) or real_read(path))
    return read


def test_pages_untouched_since_the_last_run_are_not_even_read(pages_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(reindex_module, "STAMP_MARGIN_NS", 0)  # no waiting out a file system's clock tick
    index_dir = tmp_path / "stamped"
    reindex(pages_dir, index_dir)
    edited = pages_dir / SEEDS[1]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Genbrugslopperne", "Loppeholdet"), encoding="utf-8")
    read = _count_reads(monkeypatch)
    report = reindex(pages_dir, index_dir)
    assert read == [SEEDS[1]] and report.changed == [SEEDS[1]] and report.unchanged == [SEEDS[0]]
    assert Searcher(index_dir).search("loppeholdet").total == 1
    read.clear()
    assert reindex(pages_dir, index_dir).unchanged == SEEDS and read == []


def test_an_edit_that_keeps_size_and_modification_time_is_still_found(pages_dir, tmp_path, monkeypatch):
    """A copy that restores the old modification time (cp -p, rsync -t) cannot restore the change
    time: the page is read again."""
    monkeypatch.setattr(reindex_module, "STAMP_MARGIN_NS", 0)
    index_dir = tmp_path / "stamped"
    reindex(pages_dir, index_dir)
    edited = pages_dir / SEEDS[1]
    before = edited.stat()
    edited.write_text(edited.read_text(encoding="utf-8").replace("Genbrugslopperne", "Genbrugsloppernx"), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (edited.stat().st_size, edited.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    report = reindex(pages_dir, index_dir)
    assert report.changed == [SEEDS[1]]
    assert Searcher(index_dir).search("genbrugsloppernx").total == 1


def test_a_page_changed_just_before_the_last_run_read_it_is_read_again(pages_dir, index_dir, monkeypatch):
    """Within a clock tick of the last run's reading, a file's times cannot tell an edit apart."""
    read = _count_reads(monkeypatch)
    report = reindex(pages_dir, index_dir)  # the fixture's run read the pages a moment ago
    assert sorted(read) == SEEDS and report.unchanged == SEEDS


def test_a_rejected_edit_is_reported_again_on_the_next_run(pages_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(reindex_module, "STAMP_MARGIN_NS", 0)
    index_dir = tmp_path / "stamped"
    reindex(pages_dir, index_dir)
    (pages_dir / SEEDS[1]).write_bytes(b"\x00\x01\x02" * 100)
    for _ in range(2):
        report = reindex(pages_dir, index_dir)
        assert [r["page"] for r in report.rejected] == [SEEDS[1]]
        assert Searcher(index_dir).search("genbrugslopperne").total == 1


def test_edited_added_and_deleted_pages(pages_dir, index_dir):
    cases, partnerships = (pages_dir / name for name in SEEDS)
    text = partnerships.read_text(encoding="utf-8")
    partnerships.write_text(text.replace("Genbrugslopperne", "Loppeholdet"), encoding="utf-8")
    (pages_dir / "ny.txt").write_text(cases.read_text(encoding="utf-8").replace("Headspace", "Zqxv"),
                                      encoding="utf-8")
    cases.unlink()
    report = reindex(pages_dir, index_dir)
    assert report.changed == [SEEDS[1]] and report.added == ["ny.txt"] and report.removed == [SEEDS[0]]
    searcher = Searcher(index_dir)
    assert not any("Genbrugslopperne" in p for p in indexed(index_dir))
    assert searcher.search("loppeholdet").total == 1
    assert {h.passage.page for h in searcher.search("zqxv").hits} == {"ny.txt"}
    assert SEEDS[0] not in {h.passage.page for h in searcher.search("", per_page=100).hits}
    assert searcher.search("borgerservice åbningstid").total == 1
    assert indexed(index_dir) == ingested(pages_dir)


def test_footer_changed_on_every_page_updates_the_site_passage(pages_dir, index_dir):
    for name in SEEDS:
        path = pages_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace("Torsdag 10-18", "Torsdag 12-19"),
                        encoding="utf-8")
    reindex(pages_dir, index_dir)
    searcher = Searcher(index_dir)
    hits = searcher.search("torsdag").hits
    assert len(hits) == 1 and "Torsdag 12-19" in hits[0].passage.text


def test_footer_changed_on_every_page_of_a_larger_site(tmp_path):
    pages, index = tmp_path / "pages", tmp_path / "index"
    generate(24, pages, seed=3)
    reindex(pages, index)
    for path in pages.iterdir():
        path.write_text(_THURSDAY.sub("Torsdag 8-20", path.read_text(encoding="utf-8")), encoding="utf-8")
    report = reindex(pages, index)
    assert len(report.changed) == 24 and not report.full
    hits = Searcher(index).search("torsdag", per_page=100).hits
    assert [h.passage.kind for h in hits] == ["site"] and "Torsdag 8-20" in hits[0].passage.text
    assert indexed(index) == ingested(pages)


def test_footer_changed_on_most_pages_redoes_the_unchanged_rest(tmp_path):
    """When only some pages change but that moves what the site's boilerplate is, the unchanged
    pages are cleaned again with the new boilerplate (the old footer line is now part of their text)."""
    pages, index = tmp_path / "pages", tmp_path / "index"
    paths = generate(12, pages, seed=4)
    reindex(pages, index)
    for path in paths[:9]:
        path.write_text(_THURSDAY.sub("Torsdag 7-21", path.read_text(encoding="utf-8")), encoding="utf-8")
    report = reindex(pages, index)
    assert sorted(report.redone) == sorted(p.name for p in paths[9:])
    assert indexed(index) == ingested(pages)


def test_random_edits_incremental_equals_a_fresh_clean(tmp_path):
    """Rounds of random edits, additions, deletions and footer changes: after each incremental run
    the index holds exactly what cleaning the whole folder from scratch gives, and the report names
    exactly the pages that were added, changed and removed (as a dry run just before foretold)."""
    rng = random.Random(7)
    pages, index = tmp_path / "pages", tmp_path / "index"
    generate(20, pages, seed=5)
    next_page = 20
    reindex(pages, index)
    for round_number in range(1, 6):
        before = {p.name: p.read_bytes() for p in pages.iterdir()}
        names = sorted(before)
        for name in rng.sample(names, 3):  # an editor rewrites a paragraph
            write_page(pages, int(name[:6]), seed=5, variant=round_number)
        for _ in range(rng.randint(0, 2)):
            write_page(pages, next_page, seed=5)
            next_page += 1
        for name in rng.sample(names, rng.randint(0, 2)):
            (pages / name).unlink()
        footer_share = rng.choice([0.0, 0.3, 1.0])
        for path in pages.iterdir():
            if rng.random() < footer_share:
                text = path.read_text(encoding="utf-8")
                path.write_text(_THURSDAY.sub(f"Torsdag {round_number}-19", text), encoding="utf-8")
        after = {p.name: p.read_bytes() for p in pages.iterdir()}

        dry = reindex(pages, index, dry_run=True)
        report = reindex(pages, index)
        assert (dry.added, dry.changed, dry.removed, dry.passages) == (report.added, report.changed,
                                                                        report.removed, report.passages)
        assert not report.full and not report.rejected
        assert report.added == sorted(set(after) - set(before))
        assert report.removed == sorted(set(before) - set(after))
        assert report.changed == sorted(n for n in after if n in before and after[n] != before[n])
        assert indexed(index) == ingested(pages), f"round {round_number}"
        assert report.passages == len(indexed(index))


def test_a_page_that_breaks_keeps_its_old_passages_and_is_reported(pages_dir, index_dir):
    (pages_dir / SEEDS[1]).write_bytes(b"\x00\x01\x02" * 100)
    report = reindex(pages_dir, index_dir)
    assert [r["page"] for r in report.rejected] == [SEEDS[1]]
    assert Searcher(index_dir).search("genbrugslopperne").total == 1


def test_dry_run_writes_nothing(pages_dir, index_dir):
    (pages_dir / SEEDS[0]).unlink()
    live = store.current_generation(index_dir)
    report = reindex(pages_dir, index_dir, dry_run=True)
    assert report.removed == [SEEDS[0]] and report.dry_run
    assert Searcher(index_dir).search("headspace").total == 2
    assert store.current_generation(index_dir) == live
    assert [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")] == [live.name]
    assert report.passages_before == 40 and report.passages == 16  # what the real run will give
    assert report.refused  # more than half of the passages would go: the shrink guard will stop it
    assert reindex(pages_dir, index_dir, allow_shrink=True).passages == report.passages


@pytest.mark.parametrize("what", ["analysis", "schema"])
def test_a_new_analysis_or_schema_version_rebuilds_everything(pages_dir, index_dir, monkeypatch, what):
    old = reindex_module.VERSION
    monkeypatch.setattr(reindex_module, "VERSION", old.replace(f"{what}-", f"{what}-next-"))
    report = reindex(pages_dir, index_dir)
    assert report.full and report.added == SEEDS and not report.unchanged
    manifest = store.read_manifest(store.current_generation(index_dir))
    assert manifest["version"] == reindex_module.VERSION
    assert reindex(pages_dir, index_dir).unchanged == SEEDS  # and the next run is incremental again


def test_a_lost_or_damaged_manifest_rebuilds_everything(pages_dir, index_dir):
    manifest = store.current_generation(index_dir).path / store.MANIFEST
    manifest.write_text("{not json", encoding="utf-8")
    report = reindex(pages_dir, index_dir)
    assert report.full and report.added == SEEDS
    assert indexed(index_dir) == ingested(pages_dir)


def test_a_new_page_with_the_text_of_an_unchanged_one_is_rejected_as_a_duplicate(pages_dir, index_dir):
    (pages_dir / "kopi.txt").write_bytes((pages_dir / SEEDS[0]).read_bytes())
    report = reindex(pages_dir, index_dir)
    assert report.rejected == [{"page": "kopi.txt", "reason": f"same content as {SEEDS[0]}"}]
    assert report.added == [] and Searcher(index_dir).search("headspace").total == 2
