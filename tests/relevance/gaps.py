"""How many inflected-form pairs of the corpus vocabulary Snowball leaves apart, and how many ours does.

The reference for "two forms of one word" is independent of our analysis: the Danish Hunspell
dictionary (Stavekontrolden, Debian ``hunspell-da``), whose affix rules give the dictionary form of
a word form (``hunspell -s``: cyklerne → cykel, regler → regel). Its answers for the corpus
vocabulary are kept in ``inflections.tsv`` beside this file, so the measurement runs without
Hunspell; after the corpus changes, refresh them (needs ``apt-get install hunspell hunspell-da``):

    .venv/bin/python -m tests.relevance.gaps --refresh

Two vocabulary words are an inflection pair when Hunspell gives them a common dictionary form that
starts like both (Hunspell stems a compound to its last part, "genbrugssystem" → system, which is
not an inflection). A pair is *left apart* by an analyzer that gives the two words different
terms. The other direction matters as much: word pairs our analysis merges that Snowball keeps apart
and Hunspell does not link are listed, to be read for unrelated words merged.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from index.analysis import DANISH_STOPWORDS, analyse, danish_stem, surface_analyzer
from ingest import ingest_folder

REFERENCE = Path(__file__).resolve().with_name("inflections.tsv")
SAME_START = 3  # a common dictionary form must start with this many letters of both words
SHOWN = 12  # examples listed per kind


def vocabulary(texts: list[str]) -> list[str]:
    """The distinct alphabetic words (3+ letters, not stop words) of ``texts``, normalised."""
    words = set()
    for text in texts:
        for token in surface_analyzer()(text):
            word = token.text
            if len(word) >= 3 and word.isalpha() and word not in DANISH_STOPWORDS:
                words.add(word)
    return sorted(words)


def read_reference(path: Path = REFERENCE) -> dict[str, frozenset[str]]:
    """Word → its dictionary forms according to Hunspell (words Hunspell does not know are absent)."""
    table = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, stems = line.partition("\t")
            table[word] = frozenset(stems.split())
    return table


def hunspell_stems(words: list[str]) -> dict[str, frozenset[str]]:
    """Ask ``hunspell -d da_DK -s`` for the dictionary forms of ``words``."""
    if not shutil.which("hunspell"):
        raise SystemExit("hunspell is not installed: apt-get install hunspell hunspell-da")
    out = subprocess.run(["hunspell", "-d", "da_DK", "-s"], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout
    asked = set(words)
    stems: dict[str, set[str]] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in asked:
            stems.setdefault(parts[0], set()).add(parts[1])
    return {word: frozenset(s) for word, s in stems.items()}


def _linked(a: str, b: str, reference: dict[str, frozenset[str]]) -> bool:
    common = reference.get(a, frozenset()) & reference.get(b, frozenset())
    return any(stem[:SAME_START] == a[:SAME_START] == b[:SAME_START] for stem in common)


def _terms(word: str) -> tuple[str, ...]:
    return tuple(analyse(word))


@dataclass
class Gaps:
    words: int
    known: int  # words the reference knows
    pairs: list[tuple[str, str]]
    snowball_apart: list[tuple[str, str]]
    ours_apart: list[tuple[str, str]]
    ours_merged: list[tuple[str, str]] = field(default_factory=list)  # merged, not linked by the reference

    def text(self) -> str:
        return "\n".join([
            f"inflection gaps: {self.words} vocabulary words, {self.known} known to Hunspell, "
            f"{len(self.pairs)} inflected-form pairs",
            f"  Snowball leaves apart {len(self.snowball_apart)} ({_share(self.snowball_apart, self.pairs)}), "
            f"ours {len(self.ours_apart)} ({_share(self.ours_apart, self.pairs)})",
            f"  ours still apart: {_examples(self.ours_apart)}",
            f"  merged by ours beyond Snowball and Hunspell: {len(self.ours_merged)}: {_examples(self.ours_merged)}",
        ])

    def markdown(self) -> str:
        closed = [p for p in self.snowball_apart if p not in self.ours_apart]
        return "\n".join([
            "### Inflection gaps on the corpus vocabulary", "",
            f"{self.words} distinct words (3+ letters, no stop words); Hunspell knows {self.known}; they form "
            f"{len(self.pairs)} pairs of inflected forms of one word.", "",
            "| analyzer | pairs left apart | share |", "|---|---:|---:|",
            f"| Snowball (baseline) | {len(self.snowball_apart)} | {_share(self.snowball_apart, self.pairs)} |",
            f"| Kommunesøg | {len(self.ours_apart)} | {_share(self.ours_apart, self.pairs)} |", "",
            f"Closed by our lemmas, e.g.: {_examples(closed)}.", "",
            f"Still apart in ours (all {len(self.ours_apart)}): {_examples(self.ours_apart, None)}.", "",
            f"Pairs ours merges that Snowball keeps apart and Hunspell does not link "
            f"(all {len(self.ours_merged)}; read them for unrelated words merged): "
            f"{_examples(self.ours_merged, None)}.",
        ])


def _share(part: list, whole: list) -> str:
    return f"{len(part) / len(whole):.0%}" if whole else "n/a"


def _examples(pairs: list[tuple[str, str]], shown: int | None = SHOWN) -> str:
    """Pairs as "a/b, c/d", the first ``shown`` of them (None: all)."""
    listed = ", ".join(f"{a}/{b}" for a, b in pairs[:shown])
    more = len(pairs) - shown if shown is not None and len(pairs) > shown else 0
    return (listed + (f", … ({more} more)" if more else "")) or "none"


def measure_gaps(texts: list[str], reference: dict[str, frozenset[str]] | None = None) -> Gaps:
    """Compare Snowball's and our terms on the inflection pairs of the vocabulary of ``texts``."""
    reference = read_reference() if reference is None else reference
    words = vocabulary(texts)
    pairs, snowball_apart, ours_apart, merged = [], [], [], []
    by_term: dict[tuple[str, ...], list[str]] = {}
    for word in words:
        by_term.setdefault(_terms(word), []).append(word)
    for a, b in combinations(words, 2):
        if a[:SAME_START] != b[:SAME_START] or not _linked(a, b, reference):
            continue
        pairs.append((a, b))
        if danish_stem(a) != danish_stem(b):
            snowball_apart.append((a, b))
        if _terms(a) != _terms(b):
            ours_apart.append((a, b))
    for group in by_term.values():
        for a, b in combinations(group, 2):
            if danish_stem(a) != danish_stem(b) and not _linked(a, b, reference):
                merged.append((a, b))
    return Gaps(len(words), sum(w in reference for w in words), pairs, snowball_apart, ours_apart, merged)


def corpus_texts() -> list[str]:
    """Titles and texts of the corpus passages (no index needed)."""
    from .evaluate import copy_corpus

    with tempfile.TemporaryDirectory() as tmp:
        passages = ingest_folder(copy_corpus(Path(tmp))).passages
    return [p.title for p in passages] + [p.text for p in passages]


def refresh(path: Path = REFERENCE) -> int:
    """Rewrite the Hunspell reference for the current corpus vocabulary; returns words written."""
    words = vocabulary(corpus_texts())
    stems = hunspell_stems(words)
    lines = ["# word<TAB>dictionary forms by `hunspell -d da_DK -s` (hunspell-da); "
             "regenerate: python -m tests.relevance.gaps --refresh"]
    lines += [f"{word}\t{' '.join(sorted(stems[word]))}" for word in words if word in stems]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Inflection gaps of Snowball vs Kommunesøg on the corpus")
    parser.add_argument("--refresh", action="store_true", help="re-ask Hunspell for the corpus vocabulary")
    args = parser.parse_args(argv)
    if args.refresh:
        print(f"wrote {refresh()} words to {REFERENCE}")
    print(measure_gaps(corpus_texts()).text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
