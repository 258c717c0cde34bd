"""One reindex at a time: a second one started meanwhile exits 3 naming the first one's pid and
changes nothing; a lock left behind by a process that is gone is taken over."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench.corpus import generate
from index import ReindexBusy, reindex, store
from searchapp.cli import EXIT_BUSY, EXIT_OK
from tests.conftest import ROOT
from tests.test_reindex import indexed, ingested

LOCK_WAIT_SECONDS = 60


def _command(pages, index, *extra) -> list[str]:
    return [sys.executable, "-m", "searchapp", "reindex", "--pages", str(pages), "--index", str(index), "--quiet",
            *extra]


def _wait_for_lock(process: subprocess.Popen, index) -> None:
    lock = index / store.LOCK
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not (lock.exists() and lock.read_text(encoding="ascii").strip() == str(process.pid)):
        assert process.poll() is None, "the first reindex ended before it took the lock"
        assert time.monotonic() < deadline, "the first reindex never took the lock"
        time.sleep(0.01)


@pytest.mark.parametrize("second", [[], ["--full"], ["--dry-run"]])
def test_a_second_reindex_exits_3_with_the_first_ones_pid_and_changes_nothing(tmp_path, second):
    pages, index = tmp_path / "pages", tmp_path / "index"
    generate(60, pages, seed=2)  # enough work that the first run holds the lock for seconds
    first = subprocess.Popen(_command(pages, index, "--full"), cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_lock(first, index)
        clash = subprocess.run(_command(pages, index, *second), cwd=ROOT, capture_output=True, text=True,
                               timeout=120)
        still_running = first.poll() is None
    finally:
        out, err = first.communicate(timeout=300)
    assert still_running, "the first reindex finished too soon for the test to mean anything"
    assert clash.returncode == EXIT_BUSY
    assert f"another reindex is running (pid {first.pid})" in clash.stderr
    assert clash.stdout == ""
    assert first.returncode == EXIT_OK, err
    assert [p.name for p in index.iterdir() if p.name.startswith("gen-")] == ["gen-000001"]
    assert indexed(index) == ingested(pages)


def test_two_reindexes_in_one_process_exclude_each_other_too(pages_dir, index_dir):
    with store.ReindexLock(index_dir):
        with pytest.raises(ReindexBusy, match=r"another reindex is running \(pid \d+\)"):
            reindex(pages_dir, index_dir)
    assert reindex(pages_dir, index_dir).unchanged  # released: the next one runs


def _dead_pid() -> str:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return str(gone.pid)


@pytest.mark.parametrize("left_behind", ["dead process", "live process that holds no lock", "garbage"])
def test_a_stale_lock_file_is_taken_over(pages_dir, index_dir, left_behind):
    content = {"dead process": _dead_pid(), "live process that holds no lock": "1",
               "garbage": "\x00not a pid\n"}[left_behind]
    (index_dir / store.LOCK).write_text(content, encoding="ascii")
    (pages_dir / "ny.txt").write_text((pages_dir / sorted(p.name for p in pages_dir.iterdir())[0]).read_text(
        encoding="utf-8").replace("Headspace", "Zqxv"), encoding="utf-8")
    result = subprocess.run(_command(pages_dir, index_dir, "--json"), cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == EXIT_OK, result.stderr
    assert '"added": [\n    "ny.txt"\n  ]' in result.stdout
    assert (index_dir / store.LOCK).read_text(encoding="ascii") == ""  # released, no pid left behind
