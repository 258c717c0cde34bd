"""Installs reproduce: the venv the tests run in holds exactly the locked versions (requirements.lock,
plus requirements-bench.lock once `make bench` has added its extra), nothing more, nothing less."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
BENCH_LOCK = ROOT / "requirements-bench.lock"


def locked(path: Path) -> set[str]:
    """The ``name==version`` lines of a lock file."""
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def installed() -> set[str]:
    """``pip freeze`` of the running interpreter's environment, the editable project left out."""
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True)
    return {line.strip() for line in freeze.stdout.splitlines() if line.strip()}


def test_the_venv_holds_exactly_the_locked_versions():
    lock, bench = locked(LOCK), locked(BENCH_LOCK)
    venv = installed()
    expected = lock | bench if venv & bench else lock  # `make bench` installs its lock on top

    assert venv == expected, (
        f"the venv differs from {LOCK.name}"
        f"{' + ' + BENCH_LOCK.name if expected is not lock else ''}: "
        f"installed but not locked {sorted(venv - expected)}, locked but not installed "
        f"{sorted(expected - venv)}. After changing pyproject.toml's dependencies run `make lock`; "
        f"for a venv that drifted, `make clean test`.")


def test_the_locks_pin_every_package_once_and_whoosh3_as_pyproject_does():
    lock, bench = locked(LOCK), locked(BENCH_LOCK)
    names = [line.split("==")[0].lower().replace("_", "-") for line in lock | bench]
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]

    assert all("==" in line for line in lock | bench)
    assert len(names) == len(set(names))
    # The Whoosh internals the search reads are checked against exactly this release.
    assert [dep for dep in dependencies if dep.startswith("whoosh3")] == [
        line for line in lock if line.startswith("whoosh3==")]
