"""The README's layout table is how a newcomer finds a module: it must name every module of the
package folders it lists, and nothing that is not there."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["ingest", "index", "index/batch", "index/serving", "searchapp", "crawl"]


def _layout_rows() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return {m.group(1).rstrip("/"): m.group(2) for m in re.finditer(r"^\| `([^`]+)` \| (.*) \|$", section, re.M)}


def _modules(folder: str) -> set[str]:
    return {p.stem for p in (ROOT / folder).glob("*.py") if p.stem not in {"__init__", "__main__"}}


def test_every_package_folder_has_a_row():
    rows = _layout_rows()
    assert [f for f in PACKAGES if f not in rows] == []
    assert [f for f in rows if not (ROOT / f).exists()] == []


def test_index_rows_name_exactly_the_modules_there():
    rows = _layout_rows()
    for folder in ("index", "index/batch", "index/serving"):
        named = set(re.findall(r"`([a-z_]+)`", rows[folder]))
        assert _modules(folder) - named == set(), f"{folder}: modules missing from the README"
        assert named - _modules(folder) == set(), f"{folder}: README names modules that are not there"


def test_other_rows_name_only_modules_that_exist():
    rows = _layout_rows()
    for folder in ("ingest", "searchapp"):
        named = {n.rstrip("*") for n in re.findall(r"`([a-z_]+\*?)`", rows[folder])}
        modules = _modules(folder)
        missing = {n for n in named if not any(m.startswith(n) for m in modules)} - {"create_app", "kommunesog"}
        assert missing == set(), f"{folder}: README names modules that are not there"
