"""The `kommunesog` command, end to end on a temp copy of the pages."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from searchapp.cli import EXIT_BUSY, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, main
from tests.conftest import ROOT, SEEDS


def run(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_reindex_json_then_search_json(runner, pages_dir, tmp_path):
    index = tmp_path / "ix"
    result = run(runner, "reindex", "--pages", pages_dir, "--index", index, "--json")
    assert result.exit_code == EXIT_OK
    report = json.loads(result.stdout)
    assert sorted(report["added"]) == SEEDS
    for key in ("changed", "removed", "unchanged", "rejected"):
        assert report[key] == []
    assert report["passages"] == 40 and report["seconds"] >= 0

    result = run(runner, "search", "headspace", "--index", index, "--json")
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "total", "hits", "suggestion", "facets", "took_ms"}
    assert data["total"] == 2
    hit = data["hits"][0]
    assert set(hit) >= {"id", "page", "kind", "page_title", "title", "text", "breadcrumb", "years", "url",
                        "score", "snippet"}

    result = run(runner, "search", "headspace", "--index", index, "--kind", "case", "--limit", "1")
    assert "2 results" not in result.stdout and "Headspace Gladsaxe tilbyder" in result.stdout


def test_second_reindex_is_incremental(runner, pages_dir, tmp_path):
    index = tmp_path / "ix"
    run(runner, "reindex", "--pages", pages_dir, "--index", index, "--json")
    report = json.loads(run(runner, "reindex", "--pages", pages_dir, "--index", index, "--json").stdout)
    assert sorted(report["unchanged"]) == SEEDS and report["added"] == [] and report["passages"] == 40


def test_rejected_page_gives_exit_code_1_and_the_rest_is_indexed(runner, pages_dir, tmp_path):
    (pages_dir / "tom.txt").write_bytes(b"")
    (pages_dir / "binaer.html").write_bytes(bytes(range(256)) * 10)
    result = run(runner, "reindex", "--pages", pages_dir, "--index", tmp_path / "ix", "--json")
    assert result.exit_code == EXIT_REJECTED
    report = json.loads(result.stdout)
    assert {r["page"] for r in report["rejected"]} == {"tom.txt", "binaer.html"}
    assert all(r["reason"] for r in report["rejected"])
    assert report["passages"] == 40


def test_missing_pages_folder_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["reindex", "--pages", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == EXIT_USAGE
    assert "pages folder not found" in result.output


def test_busy_reindex_exits_3(runner, pages_dir, tmp_path):
    from index.store import ReindexLock

    index = tmp_path / "ix"
    with ReindexLock(index):
        result = runner.invoke(main, ["reindex", "--pages", str(pages_dir), "--index", str(index)])
    assert result.exit_code == EXIT_BUSY
    assert "another reindex is running (pid" in result.output


def test_passages_json_lists_cases_partnerships_and_one_site(runner, pages_dir):
    result = run(runner, "passages", "--pages", pages_dir, "--json")
    kinds = [p["kind"] for p in json.loads(result.stdout)["passages"]]
    assert kinds.count("case") == 24 and kinds.count("partnership") == 15 and kinds.count("site") == 1


def test_passages_of_named_files(runner, pages_dir):
    result = run(runner, "passages", "--pages", pages_dir, pages_dir / SEEDS[1], "--json")
    pages = {p["page"] for p in json.loads(result.stdout)["passages"]}
    assert pages == {SEEDS[1]}


def test_search_without_index_says_so(runner, tmp_path):
    result = runner.invoke(main, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code == EXIT_USAGE and "kommunesog reindex" in result.output


def test_installed_console_script_and_module_entry_point():
    script = Path(sys.executable).parent / "kommunesog"
    for command in ([str(script), "--help"], [sys.executable, "-m", "searchapp", "--help"]):
        out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 0 and "reindex" in out.stdout and "serve" in out.stdout
