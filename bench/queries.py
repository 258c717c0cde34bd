"""The benchmark's query mix and autocomplete prefixes, derived from the corpus vocabulary.

Seven kinds of query, as citizens type them: single words, two or three words from one passage,
quoted phrases, inflected forms, compounds, spellings without æ/ø/å, and typos. Everything is drawn
with one seeded random stream from the sorted vocabulary, so the same passages and seed give the
same queries, and every engine in a run is asked the same ones.
"""
from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from index.analysis import DANISH_STOPWORDS, ascii_spellings, danish_stem
from ingest.model import Passage

KINDS = ("single", "words", "phrase", "inflected", "compound", "ascii", "typo")
PER_KIND = 36  # 7 × 36 = 252 queries
PREFIXES = 120
WARMUP = 20  # queries run before timing (not part of the mix)
MIN_WORD = 4
COMPOUND_MIN = 13  # as in bench.corpus: a Danish word this long is a compound
TOP_WORDS = 3000  # single words and prefixes come from the most used words
_TOKEN = re.compile(r"[a-zæøå]+")


@dataclass(frozen=True)
class Query:
    kind: str
    text: str


@dataclass(frozen=True)
class Workload:
    queries: tuple[Query, ...]
    prefixes: tuple[str, ...]
    warmup: tuple[str, ...]


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _content(word: str) -> bool:
    return len(word) >= MIN_WORD and word not in DANISH_STOPWORDS


def _zipf(rng: random.Random, items: list[str]) -> str:
    # Log-uniform ranks: popular words are asked for far more often, as in real query logs.
    return items[int(len(items) ** rng.random()) - 1]


def _typo(rng: random.Random, word: str) -> str:
    """One edit away, never at the first letter (people seldom mistype that)."""
    at = rng.randrange(1, len(word) - 1)
    edit = rng.randrange(3)
    if edit == 0:  # swapped neighbours
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if edit == 1:  # a letter dropped
        return word[:at] + word[at + 1:]
    return word[:at] + rng.choice("aeiourstnl".replace(word[at], "")) + word[at + 1:]


def _misspelt(rng: random.Random, words: list[str], known: Counter) -> str:
    """A typo of a popular word that is not itself a word of the corpus ("kommunen" → "kommuner" is
    a word, not a typo)."""
    for _ in range(50):
        typo = _typo(rng, _zipf(rng, words))
        if typo not in known:
            return typo
    return typo


def build_workload(passages: list[Passage], seed: int = 1) -> Workload:
    """The query mix (``PER_KIND`` of each kind in ``KINDS``), autocomplete prefixes and warm-up
    queries for ``passages``."""
    rng = random.Random(f"queries:{seed}")
    texts = [p.text for p in passages if p.kind != "site"]
    counts = Counter(w for text in texts for w in _words(text))
    vocabulary = sorted(counts, key=lambda w: (-counts[w], w))
    common = [w for w in vocabulary if _content(w)][:TOP_WORDS]
    by_stem: dict[str, list[str]] = defaultdict(list)
    for word in common:
        by_stem[danish_stem(word)].append(word)
    inflected = sorted({form for forms in by_stem.values() if len(forms) > 1 for form in forms[1:]})
    compounds = [w for w in vocabulary if len(w) >= COMPOUND_MIN]
    accented = [w for w in common if ascii_spellings(w)]
    typo_bases = [w for w in common if len(w) >= 6]

    def from_passage(pick) -> str:
        for _ in range(50):
            words = [w for w in _words(rng.choice(texts))]
            found = pick(words)
            if found:
                return found
        return _zipf(rng, common)

    def several(words: list[str]) -> str | None:
        content = sorted(set(filter(_content, words)))
        return " ".join(rng.sample(content, rng.choice((2, 3)))) if len(content) >= 3 else None

    def phrase(words: list[str]) -> str | None:
        pairs = [(a, b) for a, b in zip(words, words[1:]) if _content(a) and _content(b)]
        return f'"{" ".join(rng.choice(pairs))}"' if pairs else None

    makers = {
        "single": lambda: _zipf(rng, common),
        "words": lambda: from_passage(several),
        "phrase": lambda: from_passage(phrase),
        "inflected": lambda: rng.choice(inflected or common),
        "compound": lambda: rng.choice(compounds or common),
        "ascii": lambda: rng.choice(ascii_spellings(rng.choice(accented))) if accented else _zipf(rng, common),
        "typo": lambda: _misspelt(rng, typo_bases or common, counts),
    }
    queries: list[Query] = []
    seen: set[str] = set()
    for kind in KINDS:
        made = 0
        for _ in range(PER_KIND * 20):
            if made == PER_KIND:
                break
            text = makers[kind]()
            if text not in seen:
                seen.add(text)
                queries.append(Query(kind, text))
                made += 1
    prefixes = []
    for _ in range(PREFIXES):
        word = _zipf(rng, common)
        prefix = word[: rng.randint(2, min(6, len(word)))]
        # Some users type a second word before autocomplete helps: "borger ind".
        prefixes.append(f"{_zipf(rng, common)} {prefix}" if rng.random() < 0.25 else prefix)
    warmup = tuple(w for w in (_zipf(rng, common) for _ in range(WARMUP * 3)) if w not in seen)[:WARMUP]
    return Workload(tuple(queries), tuple(prefixes), warmup)
