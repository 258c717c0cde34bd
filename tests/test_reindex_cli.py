"""What an operator sees of `kommunesog reindex` run as a real process (as cron runs it): the human
summary, one log line per run, the exit code, a progress bar only on a terminal, and --dry-run."""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from index import Searcher, store
from searchapp.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from tests.conftest import ROOT, SEEDS

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ kommunesog (INFO|WARNING|ERROR) (.*)$")


def _reindex(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searchapp", "reindex", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _log_lines(stderr: str) -> list[tuple[str, str]]:
    return [m.groups() for m in map(LOG_LINE.match, stderr.splitlines()) if m]


def test_summary_log_line_and_exit_codes_through_a_day_of_runs(pages_dir, tmp_path):
    index = tmp_path / "index"
    first = _reindex("--pages", pages_dir, "--index", index)
    assert first.returncode == EXIT_OK
    assert first.stdout.splitlines()[0] == "Indexed (full rebuild) into gen-000001"
    assert "  added: 2: " + ", ".join(SEEDS) in first.stdout and "  passages: 0 -> 40" in first.stdout
    assert re.search(r"^  seconds: \d+\.\d\d$", first.stdout, re.M)
    assert first.stderr.count("\n") == 1 and "Reading pages" not in first.stderr  # not a terminal: no bar
    [(level, text)] = _log_lines(first.stderr)
    assert level == "INFO" and re.fullmatch(r"reindex gen-000001: 2 added, 0 changed, 0 removed, 0 unchanged, "
                                            r"0 rejected; passages 0 -> 40; \d+\.\d\ds", text)

    edited = pages_dir / SEEDS[1]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Genbrugslopperne", "Loppeholdet"),
                      encoding="utf-8")
    (pages_dir / "tom.txt").write_bytes(b"")
    dry = _reindex("--pages", pages_dir, "--index", index, "--dry-run")
    assert dry.returncode == EXIT_REJECTED
    assert dry.stdout.splitlines()[0] == "Dry run: would index into gen-000001"
    assert f"  changed: 1: {SEEDS[1]}" in dry.stdout and "  unchanged: 1" in dry.stdout
    assert "  rejected: tom.txt: empty file" in dry.stdout
    [(level, text)] = _log_lines(dry.stderr)
    assert level == "WARNING" and text.startswith("reindex (dry run) gen-000001: 0 added, 1 changed")
    assert store.current_generation(index).name == "gen-000001"
    assert not Searcher(index).search("loppeholdet").words_found  # nothing was written

    real = _reindex("--pages", pages_dir, "--index", index)
    assert real.returncode == EXIT_REJECTED
    assert real.stdout.splitlines()[0] == "Indexed into gen-000002"
    [(level, text)] = _log_lines(real.stderr)
    assert level == "WARNING" and text.startswith("reindex gen-000002: 0 added, 1 changed, 0 removed, 1 unchanged, "
                                                  "1 rejected; passages 40 -> 40;")
    assert Searcher(index).search("loppeholdet").total == 1

    missing = _reindex("--pages", tmp_path / "nope", "--index", index)
    assert missing.returncode == EXIT_USAGE
    assert [level for level, _ in _log_lines(missing.stderr)] == ["ERROR"]
    assert "pages folder not found" in missing.stderr


def _on_a_terminal(*args) -> tuple[int, str]:
    """Run reindex with its stderr on a pseudo-terminal; returns the exit code and what it showed."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "searchapp", "reindex", *map(str, args)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return process.wait(timeout=300), shown.decode("utf-8", "replace")


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bar_only_on_a_terminal_and_not_when_quiet(pages_dir, tmp_path, quiet):
    code, shown = _on_a_terminal("--pages", pages_dir, "--index", tmp_path / "index", *(["--quiet"] if quiet else []))
    assert code == EXIT_OK
    assert ("Reading pages" in shown) is not quiet
    assert "reindex gen-000001: 2 added" in shown  # the log line is there either way
