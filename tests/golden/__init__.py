"""Golden files for cleaning and splitting: ``tests/golden/<page>.passages.txt``.

Each file lists a seed page's passages as a reviewer reads them. After an intended change to
cleaning or splitting, regenerate them with ``make golden`` (``python -m tests.golden``) and review
the diff like any other change.
"""
from __future__ import annotations

from pathlib import Path

from ingest import Passage, ingest_folder

GOLDEN = Path(__file__).resolve().parent
RAW_PAGES = GOLDEN.parent.parent / "raw_pages"


def render(passages: list[Passage]) -> str:
    parts = []
    for p in passages:
        years = ", ".join(map(str, p.years)) or "-"
        parts.append(f"=== {p.kind} {p.id}\ntitle: {p.title}\nyears: {years}\n{p.text}\n")
    return "\n".join(parts)


def golden_path(page: str) -> Path:
    return GOLDEN / f"{page}.passages.txt"


def rendered_pages(pages_dir: Path = RAW_PAGES) -> dict[str, str]:
    """Each seed page's passages (its site passage counted with the page that carries it)."""
    result = ingest_folder(pages_dir)
    return {page.name: render(result.passages_of(page.name)) for page in result.pages}
