"""Shared fixtures: a temp copy of the pages, an index built from it, the app, its client, the CLI."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings


from index import reindex
from searchapp import create_app

ROOT = Path(__file__).resolve().parent.parent
RAW_PAGES = ROOT / "raw_pages"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = sorted(p.name for p in RAW_PAGES.glob("*.txt"))
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Property-based tests: a quick run by default; HYPOTHESIS_PROFILE=soak tries many more examples.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("soak", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def require(condition: bool, reason: str) -> None:
    """Skip a test whose tool is missing locally; under CI=true a missing tool is a failure."""
    if condition:
        return
    if CI:
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def pages_dir(tmp_path: Path) -> Path:
    """A temp copy of raw_pages/ that a test may edit."""
    target = tmp_path / "pages"
    shutil.copytree(RAW_PAGES, target)
    return target


@pytest.fixture
def index_dir(tmp_path: Path, pages_dir: Path) -> Path:
    target = tmp_path / "index"
    report = reindex(pages_dir, target)
    assert not report.rejected
    return target


@pytest.fixture
def app(index_dir: Path):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
