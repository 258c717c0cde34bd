"""Synthetic municipal pages for benchmarks and load tests, learned from the seed pages.

    python -m bench.corpus --pages 2000 --out /tmp/pages --seed 1

Every page looks like a scraped Gladsaxe page: the skip link, a breadcrumb line, the title, a body
of case-like or partnership-like paragraphs (or plain sections), and the site's shared footer, copied
from ``raw_pages/``. Words come from a word → next-word chain trained on the seed pages, so vocabulary,
sentence and paragraph lengths follow them. New Danish-style compounds ("borger" + "rådgivning") are
formed from the seeds' own words at the seeds' rate of long words, so the vocabulary keeps growing with
the corpus as a real site's does; a fixed word list would make large indexes unrealistically small.

Page ``i`` depends only on the seed and ``i``: a 1,000-page corpus is the first half of a 2,000-page
one, and ``write_page(…, variant=1)`` rewrites one paragraph of one page, as an editor would.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.analysis import DANISH_STOPWORDS
from ingest import ingest_folder, page_files, read_pages
from ingest.metadata import page_kind
from ingest.passages import is_link_line, site_name

RAW_PAGES = Path(__file__).resolve().parent.parent / "raw_pages"
# Shares of page kinds on a municipal site's strategy section; the rest are ordinary pages.
CASE_SHARE, PARTNERSHIP_SHARE = 0.45, 0.35
# Paragraph links: inline at the end of a case ("… Læs mere i nyheden her.") or on a line of their
# own. Kept rare enough that no body line recurs near the end of half the pages (which would make
# the boilerplate learner take it for footer).
INLINE_LINK_SHARE, LINK_LINE_SHARE = 0.2, 0.1
# A word this long is a compound in Danish. This share of the seeds' compounds is replaced by a new
# one, so long words keep the seeds' rate while the vocabulary grows with the corpus.
COMPOUND_MIN_CHARS = 13
NEW_COMPOUND_SHARE = 0.5
PART_CHARS = (4, 10)
MIN_ORDINARY_PARAGRAPHS, MAX_ORDINARY_PARAGRAPHS = 3, 12
MIN_ITEMS = 4
MAX_CONTINUATIONS = 2
# Danish compounds take a linking -s after these endings ("beskæftigelse" + s + "indsats").
_LINKING_S = ("ing", "else", "hed", "tion", "skab", "dom", "sion")
_SENTENCE_END = (".", "!", "?")
_WORD = re.compile(r"^[a-zæøå]+$")
_CONTINUATIONS = ("Målet med partnerskabet er", "Partnerskabet skal", "Projektet", "Samarbejdet har",
                  "Desuden")


@dataclass(frozen=True)
class SeedModel:
    """What the seed pages teach about how a page of the site reads."""

    chain: dict[str, tuple[str, ...]]  # word → the words seen after it
    starts: tuple[str, ...]  # words that open a paragraph
    lengths: dict[str, tuple[int, ...]]  # page kind → words per body paragraph
    items: dict[str, int]  # page kind → paragraphs on the seed page of that kind
    links: tuple[str, ...]  # link lines under cases ("Læs mere i nyheden her.")
    parts: tuple[str, ...]  # words new compounds are made of, most frequent first
    crumbs: tuple[str, ...]  # the breadcrumb the seed pages share
    case_crumb: str  # the section crumb above case pages ("Mål, cases og projekter")
    partnership_crumb: str
    skip_link: str
    footer: str  # the shared footer, verbatim
    site: str  # the organisation's short name ("Gladsaxe")


@lru_cache(maxsize=4)
def learn_model(pages_dir: Path = RAW_PAGES) -> SeedModel:
    """Learn the model from the seed pages in ``pages_dir``."""
    ingested = ingest_folder(pages_dir)
    raws, _ = read_pages(page_files(pages_dir))
    chain: dict[str, list[str]] = defaultdict(list)
    starts, links, words = [], [], []
    lengths: dict[str, list[int]] = defaultdict(list)
    items: dict[str, int] = {}
    crumbs: dict[str, list[str]] = {}
    for page in ingested.pages:
        kind = page_kind(page.breadcrumb, page.title)
        crumbs[kind] = page.breadcrumb
        items[kind] = len(ingested.passages_of(page.name))
        for block in page.blocks:
            for line in block.lines:
                if is_link_line(line):
                    if kind == "case":
                        links.append(line)
                    continue
                tokens = line.split()
                if len(tokens) < 4:
                    continue  # captions and sub-headings are not prose
                lengths[kind].append(len(tokens))
                starts.append(tokens[0])
                words.extend(tokens)
                for here, after in zip(tokens, tokens[1:]):
                    chain[here].append(after)
    # Parts of new compounds: common lower-case words; names (ever capitalised mid-sentence) are not.
    names = {w.strip(".,:;!?()”\"").lower() for here, w in zip(words, words[1:])
             if w[:1].isupper() and not here.endswith(_SENTENCE_END)}
    plain = [w.strip(".,:;!?()”\"") for w in words]
    counts = Counter(w for w in plain if _WORD.match(w))
    parts = [w for w, _ in counts.most_common() if PART_CHARS[0] <= len(w) <= PART_CHARS[1]
             and w not in DANISH_STOPWORDS and w not in names]
    first = ingested.pages[0]
    raw_text = (pages_dir / first.name).read_text(encoding="utf-8")
    footer_at = raw_text.rfind("\n".join(first.footer[:2]))
    shared = _common_prefix([crumbs[kind] for kind in crumbs])
    return SeedModel(
        chain={word: tuple(after) for word, after in chain.items()},
        starts=tuple(starts),
        lengths={kind: tuple(n) for kind, n in lengths.items()},
        items=items,
        links=tuple(dict.fromkeys(links)) or ("Læs mere i nyheden her.",),
        parts=tuple(parts),
        crumbs=tuple(shared),
        case_crumb=crumbs.get("case", shared + ["Cases"])[len(shared)],
        partnership_crumb=crumbs.get("partnership", shared + ["Partnerskaber"])[len(shared)],
        skip_link=raws[0].blocks[0].lines[0],
        footer=raw_text[footer_at:].strip() if footer_at > 0 else "\n\n".join(first.footer),
        site=site_name(first.footer) or "Kommunen",
    )


def _common_prefix(lists: list[list[str]]) -> list[str]:
    prefix = []
    for column in zip(*lists):
        if len(set(column)) > 1:
            break
        prefix.append(column[0])
    return prefix


class _Writer:
    """Draws the words of one page from the model with its own random stream."""

    def __init__(self, model: SeedModel, rng: random.Random):
        self.model = model
        self.rng = rng

    def zipf(self, items: tuple[str, ...]) -> str:
        # Log-uniform ranks: frequent words are picked far more often, like Zipf's law.
        return items[int(len(items) ** self.rng.random()) - 1]

    def compound(self) -> str:
        head, tail = self.zipf(self.model.parts), self.zipf(self.model.parts)
        return head + ("s" if head.endswith(_LINKING_S) else "") + tail

    def name(self) -> str:
        return f"{self.compound().capitalize()} {self.zipf(self.model.parts).capitalize()}"

    def prose(self, length: int, first: str | None = None) -> str:
        """About ``length`` words of chain text, ending at a sentence end."""
        model, rng = self.model, self.rng
        word = first or rng.choice(model.starts)
        out = [word]
        while len(out) < length or not out[-1].endswith(_SENTENCE_END):
            if len(out) > length + 40:
                out[-1] = out[-1].rstrip(",;:") + "."
                break
            following = model.chain.get(word)
            word = rng.choice(following) if following else rng.choice(model.starts)
            stem = word.rstrip(".,:;!?")
            if len(stem) >= COMPOUND_MIN_CHARS and _WORD.match(stem) and rng.random() < NEW_COMPOUND_SHARE:
                out.append(self.compound() + word[len(stem):])
            else:
                out.append(word)
        return " ".join(out)

    def paragraph_length(self, kind: str) -> int:
        lengths = self.model.lengths.get(kind) or self.model.lengths[next(iter(self.model.lengths))]
        return self.rng.choice(lengths)

    def title(self, kind: str, crumbs: list[str]) -> str:
        while True:
            words = self.prose(self.rng.randint(3, 7)).rstrip(".!?").split()[:7]
            title = " ".join(words).strip(" ,;:")
            title = title[:1].upper() + title[1:]
            if title and page_kind(crumbs + [title], title) == kind:
                return title


def _kind(rng: random.Random) -> str:
    roll = rng.random()
    return "case" if roll < CASE_SHARE else "partnership" if roll < CASE_SHARE + PARTNERSHIP_SHARE else "page"


def _body(writer: _Writer, kind: str) -> list[str]:
    """The body paragraphs of a page (each a block: lines joined by newlines)."""
    model, rng = writer.model, writer.rng
    if kind == "case":
        paragraphs = []
        for _ in range(rng.randint(MIN_ITEMS, max(MIN_ITEMS, model.items.get("case", 20)))):
            text = writer.prose(writer.paragraph_length("case"))
            roll = rng.random()
            if roll < INLINE_LINK_SHARE:
                text += " " + rng.choice(model.links)
            elif roll < INLINE_LINK_SHARE + LINK_LINE_SHARE:
                text += "\n" + rng.choice(model.links)
            paragraphs.append(text)
        return paragraphs
    if kind == "partnership":
        paragraphs = []
        for _ in range(rng.randint(MIN_ITEMS, max(MIN_ITEMS, model.items.get("partnership", 12)))):
            partner = writer.name()
            opening = f"{model.site} Kommune har indgået et partnerskab med {partner}."
            paragraphs.append(opening + " " + writer.prose(writer.paragraph_length("partnership")))
            for _ in range(rng.randint(0, MAX_CONTINUATIONS)):
                lead = rng.choice(_CONTINUATIONS)
                paragraphs.append(writer.prose(writer.paragraph_length("partnership"), first=lead))
            paragraphs.append(f"Læs mere om {partner}")
        return paragraphs
    count = rng.randint(MIN_ORDINARY_PARAGRAPHS, MAX_ORDINARY_PARAGRAPHS)
    return [writer.prose(writer.paragraph_length("partnership")) for _ in range(count)]


def page_name(index: int, seed: int) -> str:
    """The file name of page ``index`` (like the scraper's ``000_da1a5ceea79bc89c.txt``)."""
    digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
    return f"{index:06d}_{digest}.txt"


def page_text(index: int, seed: int = 0, variant: int = 0, model: SeedModel | None = None) -> str:
    """The text of page ``index``; ``variant`` > 0 is the same page with one paragraph rewritten."""
    model = model or learn_model()
    writer = _Writer(model, random.Random(f"{seed}:{index}"))
    kind = _kind(writer.rng)
    section = {"case": [model.case_crumb], "partnership": [model.partnership_crumb]}.get(
        kind, [writer.name().split()[0]])
    crumbs = list(model.crumbs) + section
    title = writer.title(kind, crumbs)
    body = _body(writer, kind)
    if variant:
        editor = _Writer(model, random.Random(f"{seed}:{index}:{variant}"))
        where = editor.rng.randrange(len(body))
        body[where] = editor.prose(editor.paragraph_length(kind))
    head = [model.skip_link, "    " + " ".join(crumbs + [title]), "", title, ""]
    return "\n".join(head) + "\n" + "\n\n".join(body) + "\n\n" + model.footer + "\n"


def write_page(out: Path, index: int, seed: int = 0, variant: int = 0) -> Path:
    """Write page ``index`` into ``out``; returns its path."""
    path = out / page_name(index, seed)
    path.write_text(page_text(index, seed, variant), encoding="utf-8")
    return path


def generate(pages: int, out: Path, seed: int = 0) -> list[Path]:
    """Write ``pages`` synthetic pages into ``out`` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    return [write_page(out, index, seed) for index in range(pages)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="how many pages to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same pages")
    args = parser.parse_args(argv)
    paths = generate(args.pages, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} pages ({size / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
