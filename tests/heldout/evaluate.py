"""Measure cleaning and splitting against the hand-written gold passages of the held-out corpus.

    .venv/bin/python -m tests.heldout.evaluate            # table per half and per site style
    .venv/bin/python -m tests.heldout.evaluate --notes tune  # also what went wrong on the tune half
    make passages-eval                                    # the same as the first line

The corpus (``tests/heldout/sites/<site>/``) holds realistic pages of several site styles, written by
someone who never saw the cleaner or the splitter; ``tests/heldout/gold/<site>/<page>.json`` holds the
passages a reader would expect, written from the page alone. ``split.toml`` divides the sites in two:
the cleaner may be tuned on ``tune`` and is only ever measured on ``heldout``.

Each site folder is ingested on its own, as ``kommunesog passages`` does, so what repeats across a
site's pages is learned from that site. Figures:

- **F1**: boundary F1. A gold page is a sequence of items (each passage's heading when it is a
  visible heading, then its paragraphs); every item is found in the passage that holds it; a boundary
  lies between two items in different passages. F1 of the predicted boundaries against the gold ones,
  summed over pages.
- **titles**: share of gold headings that title the passage holding their first paragraph.
- **lost**: gold paragraphs found in no passage. **leaked**: chrome lines (menus, banners, share and
  feedback widgets, breadcrumbs, "Sidst opdateret …", footers) found in a passage of the page.
- **rejected**: pages that gave no passage. **updated**: share of pages with a gold "last updated"
  date whose passages all carry it. **years**: share of gold passages with years whose passage has
  exactly those years. **contact**: share of the sites' contact facts in their site passage, and
  **noise**: footer link texts found in it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ingest import ingest_folder
from ingest.model import Passage

ROOT = Path(__file__).resolve().parent
SITES = ROOT / "sites"
GOLD = ROOT / "gold"
SPLIT = ROOT / "split.toml"
HALVES = ("tune", "heldout")
# A chrome line this long is leaked when it stands anywhere inside a passage's line; shorter ones
# ("Del siden") only when they are a whole line, as ordinary words in a sentence are not chrome.
MIN_SUBSTRING_CHROME = 25


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").lower().split())


@dataclass
class Score:
    """Counts that add up over pages, sites and styles."""

    pages: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    headings: int = 0
    titles_right: int = 0
    paragraphs: int = 0
    lost: int = 0
    leaked: int = 0
    rejected: int = 0
    dated: int = 0
    dated_right: int = 0
    with_years: int = 0
    years_right: int = 0
    contact: int = 0
    contact_found: int = 0
    noise: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name, value in vars(other).items():
            if name == "notes":
                self.notes.extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    @property
    def f1(self) -> float:
        total = 2 * self.tp + self.fp + self.fn
        return 1.0 if total == 0 else 2 * self.tp / total

    @staticmethod
    def share(part: int, whole: int) -> float:
        return 1.0 if whole == 0 else part / whole


def load_split() -> dict[str, str]:
    """Site → half."""
    data = tomllib.loads(SPLIT.read_text(encoding="utf-8"))
    return {site: half for half in HALVES for site in data[half]}


def _lines(passage: Passage) -> list[str]:
    return [normalise(passage.title), *(normalise(line) for line in passage.text.split("\n"))]


def _locate(items: list[tuple[str, str, int]], passages: list[Passage]) -> list[int]:
    """The passage (index) that holds each gold item, -1 - i for an item found nowhere."""
    texts = [normalise(p.text) for p in passages]
    titles = [normalise(p.title) for p in passages]
    lines = [set(_lines(p)) for p in passages]
    found: list[int] = []
    for i, (kind, text, _) in enumerate(items):
        wanted = normalise(text)
        if kind == "heading":
            candidates = [n for n, title in enumerate(titles) if title == wanted]
            candidates += [n for n, ls in enumerate(lines) if wanted in ls and n not in candidates]
            following = next((normalise(t) for k, t, _ in items[i + 1:] if k == "paragraph"), None)
            if following is not None:  # the heading's own passage is the one holding its text
                candidates.sort(key=lambda n: following not in texts[n])
        else:
            candidates = [n for n, body in enumerate(texts) if wanted in body]
            candidates += [n for n, title in enumerate(titles) if title == wanted and n not in candidates]
        previous = next((f for f in reversed(found) if f >= 0), -1)
        if previous in candidates:
            found.append(previous)
        elif candidates:
            later = [n for n in candidates if n > previous]
            found.append(later[0] if later else candidates[0])
        else:
            found.append(-1 - i)
    return found


def score_page(gold: dict, passages: list[Passage]) -> Score:
    score = Score(pages=1)
    name = gold["page"]
    if not passages:
        score.rejected = 1
        score.notes.append(f"{name}: rejected")
    items = []
    for j, gold_passage in enumerate(gold["passages"]):
        if gold_passage.get("heading"):
            items.append(("heading", gold_passage["title"], j))
        items += [("paragraph", text, j) for text in gold_passage["paragraphs"]]
    located = _locate(items, passages)
    for (kind, text, _), where in zip(items, located):
        if kind == "paragraph":
            score.paragraphs += 1
            if where < 0:
                score.lost += 1
                score.notes.append(f"{name}: lost {text[:70]!r}")
    for (a, b) in zip(range(len(items)), range(1, len(items))):
        gold_cut = items[a][2] != items[b][2]
        our_cut = located[a] != located[b]
        score.tp += gold_cut and our_cut
        score.fp += our_cut and not gold_cut
        score.fn += gold_cut and not our_cut
    holding = {}  # gold passage → the passage holding its first paragraph
    for (kind, _, j), where in zip(items, located):
        if kind == "paragraph" and j not in holding and where >= 0:
            holding[j] = passages[where]
    for j, gold_passage in enumerate(gold["passages"]):
        ours = holding.get(j)
        if gold_passage.get("heading"):
            score.headings += 1
            right = ours is not None and normalise(ours.title) == normalise(gold_passage["title"])
            score.titles_right += right
            if not right:
                score.notes.append(f"{name}: heading {gold_passage['title']!r} titles "
                                   f"{(ours.title if ours else None)!r}")
        if gold_passage.get("years"):
            score.with_years += 1
            right = ours is not None and list(ours.years) == sorted(gold_passage["years"])
            score.years_right += right
            if not right:
                score.notes.append(f"{name}: years {gold_passage['years']} got {ours.years if ours else None}")
    page_lines = [(p, _lines(p)) for p in passages]
    for chrome in gold.get("chrome", []):
        wanted = normalise(chrome)
        if not wanted:
            continue
        for passage, lines in page_lines:
            if wanted in lines or (len(wanted) >= MIN_SUBSTRING_CHROME and any(wanted in line for line in lines)):
                score.leaked += 1
                score.notes.append(f"{name}: leaked {chrome[:60]!r} into {passage.title[:40]!r}")
                break
    if gold.get("updated"):
        score.dated = 1
        score.dated_right = int(bool(passages) and all(getattr(p, "updated", None) == gold["updated"]
                                                        for p in passages))
        if not score.dated_right:
            score.notes.append(f"{name}: updated {gold['updated']} got "
                               f"{sorted({str(getattr(p, 'updated', None)) for p in passages})}")
    return score


def score_site(site_gold: dict, passages: list[Passage]) -> Score:
    score = Score()
    site = [p for p in passages if p.kind == "site"]
    text = normalise("\n".join(p.text for p in site))
    for fact in site_gold.get("contact", []):
        score.contact += 1
        found = normalise(fact) in text
        score.contact_found += found
        if not found:
            score.notes.append(f"site: contact fact missing {fact!r}")
    for noise in site_gold.get("not_contact", []):
        if normalise(noise) in text:
            score.noise += 1
            score.notes.append(f"site: footer link {noise!r} in the site passage")
    return score


def evaluate(sites_dir: Path = SITES, gold_dir: Path = GOLD, by_site: bool = False) -> dict[tuple[str, str], Score]:
    """Scores by (half, style), or by (half, site) with ``by_site``, every site of the corpus
    ingested on its own."""
    split = load_split()
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    for site_dir in sorted(p for p in sites_dir.iterdir() if p.is_dir()):
        site = site_dir.name
        half = split.get(site)
        if half is None:
            raise SystemExit(f"{site}: not in {SPLIT.name}; put it in one half")
        result = ingest_folder(site_dir)
        by_page: dict[str, list[Passage]] = defaultdict(list)
        for passage in result.passages:
            if passage.kind != "site":
                by_page[passage.page].append(passage)
        site_gold = json.loads((gold_dir / site / "_site.json").read_text(encoding="utf-8"))
        style = site_gold["style"]
        for gold_file in sorted((gold_dir / site).glob("*.json")):
            if gold_file.name == "_site.json":
                continue
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            page_score = score_page(gold, by_page.get(gold["page"], []))
            page_score.notes = [f"{site}/{note}" for note in page_score.notes]
            scores[(half, site if by_site else style)].add(page_score)
        site_score = score_site(site_gold, result.passages)
        site_score.notes = [f"{site}/{note}" for note in site_score.notes]
        scores[(half, site if by_site else style)].add(site_score)
    return dict(scores)


COLUMNS = ("pages", "F1", "titles", "lost", "leaked", "rejected", "updated", "years", "contact", "noise")


def row(label: str, s: Score) -> list[str]:
    return [label, str(s.pages), f"{s.f1:.3f}", f"{Score.share(s.titles_right, s.headings):.0%}",
            f"{s.lost}/{s.paragraphs}", str(s.leaked), str(s.rejected),
            f"{s.dated_right}/{s.dated}", f"{s.years_right}/{s.with_years}",
            f"{s.contact_found}/{s.contact}", str(s.noise)]


def totals(scores: dict[tuple[str, str], Score], half: str) -> Score:
    total = Score()
    for (h, _), score in scores.items():
        if h == half:
            total.add(score)
    return total


def table(scores: dict[tuple[str, str], Score], label: str = "style") -> str:
    rows = [[f"half / {label}", *COLUMNS]]
    for half in HALVES:
        for (h, style), score in sorted(scores.items()):
            if h == half:
                rows.append(row(f"{half} / {style}", score))
        rows.append(row(f"{half} (all)", totals(scores, half)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", choices=HALVES, help="also list what went wrong on this half's pages")
    parser.add_argument("--by-site", action="store_true", help="a row per site rather than per style")
    args = parser.parse_args(argv)
    scores = evaluate(by_site=args.by_site)
    print(table(scores, "site" if args.by_site else "style"))
    if args.notes:
        print()
        for (half, style), score in sorted(scores.items()):
            if half == args.notes:
                for note in score.notes:
                    print(f"{style}: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
