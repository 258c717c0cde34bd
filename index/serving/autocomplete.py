"""Completions for what a visitor is typing: words, phrases and passage titles for a typed prefix.

- **Words**: the index words that continue the last typed word, one per lemma (the analyzer's term:
  virksomhed, virksomheder, virksomhederne are one), shown in the form that occurs in most passages.
  Only words as passages write them (``index.analysis.written_words``): not the pieces the analyzer
  makes of a word (the first word of a hyphen ellipsis, "psykiatri" of "Psykiatri- og
  Handicappolitik", the parts of "a-dagpenge"), which are no word to search for.
- **Phrases**: two or three words that follow each other in passage texts and titles, ranked by the
  number of passages that have them, counted on an even sample of the passages with the word (so a
  common word costs no more than a rare one).
- **Passage titles** with a word starting as typed; they open the passage instead of searching.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from whoosh.searching import Searcher as WhooshSearcher

from ..analysis import DANISH_STOPWORDS, WORD, analyse, ascii_spellings, normalise_word
from ..postings import WORDS
from .snapshot import Snapshot

SUGGEST_LIMIT = 8  # words and phrases offered
SUGGEST_TITLES = 3  # passage titles offered beside them
SUGGEST_SCAN = 400  # index words looked at per prefix (bounds the time of short prefixes)
SUGGEST_TITLE_MIN = 3  # shortest prefix that also completes passage titles
TITLE_CANDIDATES = 16  # passages whose titles are read to find SUGGEST_TITLES that start as typed
SUGGEST_PHRASES = 3  # of SUGGEST_LIMIT, at most this many are phrases
PHRASE_WORDS = 3  # longest phrase offered
PHRASE_SAMPLE = 32  # passages read for phrases
PHRASE_SEEDS = 3  # most used words whose passages are read for phrases of a one-word prefix
MIN_PHRASE_PASSAGES = 2  # a phrase must occur in this many sampled passages: once may be chance
MIN_PHRASE_END = 4  # shortest last word of a phrase (shorter ones are mostly function words)

_GAP = re.compile(r"[ \t]+")  # words of a phrase stand on one line, with no punctuation between


@dataclass(frozen=True)
class TitleSuggestion:
    """A passage whose title completes the typed word: choosing it opens the passage."""
    title: str
    passage_id: str


@dataclass
class Completions:
    """What to offer for a typed prefix: ``suggestions`` (words and phrases) run a search,
    ``passages`` open a passage."""
    suggestions: list[str] = field(default_factory=list)
    passages: list[TitleSuggestion] = field(default_factory=list)


@lru_cache(maxsize=100_000)
def lemma_key(word: str) -> tuple[str, ...]:
    """What makes forms of one word one suggestion: the terms the analyzer searches a word by
    ("virksomhederne" → virksom); a stop word, which has none, stands for itself."""
    return tuple(analyse(word)) or (word,)


def complete(prefix: str, snapshot: Snapshot, limit: int = SUGGEST_LIMIT) -> Completions:
    """Completions for ``prefix`` as typed so far, from the index generation ``snapshot``. The last
    word is completed; the text before it is kept as typed. A prefix that ends with a space
    completes nothing (no word is begun)."""
    typed = list(WORD.finditer(prefix))
    if not typed or prefix.endswith(" ") or limit < 1:
        return Completions()
    searcher, arrays = snapshot.searcher(), snapshot.arrays
    last = normalise_word(typed[-1].group(0))
    head = prefix[: typed[-1].start()]
    anchor = _anchor(prefix, typed)
    forms = _word_forms(snapshot, last, limit)
    phrases = _phrases(searcher, arrays, last, anchor, forms, head)
    words = [f"{head}{w}" for w in forms if w != last]
    if anchor:  # a phrase the index has comes before two words that merely both occur in it
        ordered = [*phrases, *words]
    else:
        kept = limit - min(len(phrases), SUGGEST_PHRASES)
        ordered = [*words[:kept], *phrases, *words[kept:]]
    titles = _title_completions(searcher, arrays, last) if len(last) >= SUGGEST_TITLE_MIN else []
    return Completions(_distinct(ordered)[:limit], titles)


def _anchor(prefix: str, typed: list[re.Match]) -> list[str]:
    """The typed words before the last that a phrase completion continues: the last word before it
    that is no stop word, and the stop words after that ("unge med k" → unge, med), when only spaces
    part them; empty when there is none within a phrase's length."""
    anchor: list[str] = []
    for before, after in zip(reversed(typed[:-1]), reversed(typed[1:])):
        if len(anchor) + 1 >= PHRASE_WORDS or not _GAP.fullmatch(prefix, before.end(), after.start()):
            return []
        anchor.insert(0, normalise_word(before.group(0)))
        if anchor[0] not in DANISH_STOPWORDS:
            return anchor
    return []


def _distinct(suggestions: list[str]) -> list[str]:
    """Suggestions that differ only in case are one to a reader; the first is kept."""
    unique: dict[str, str] = {}
    for suggestion in suggestions:
        unique.setdefault(suggestion.casefold(), suggestion)
    return list(unique.values())


def _word_forms(snapshot: Snapshot, prefix: str, limit: int) -> list[str]:
    """Index words that start with ``prefix``, one per lemma in the form most passages have, most
    used first; only forms that occur as words of their own, and no stop words."""
    known = snapshot.vocabulary(WORDS)  # in memory: no index lookup per word scanned
    found = sorted(known.completions(prefix, SUGGEST_SCAN), key=lambda w: (-known.doc_frequency[w], w))
    chosen, lemmas = [], set()
    for word in found:
        if word in DANISH_STOPWORDS:
            continue  # never searched: it would find nothing
        key = lemma_key(word)
        if key in lemmas:
            continue  # a rarer form of a word already offered
        lemmas.add(key)
        chosen.append(word)
        if len(chosen) > limit:  # one spare: the typed word itself is not offered
            break
    return chosen


def _phrases(searcher: WhooshSearcher, arrays, last: str, anchor: list[str], forms: list[str],
             head: str) -> list[str]:
    """Phrases of two or three words that complete the typed text, as they occur in the sampled
    passages, the most frequent first: after typed words (``anchor``), they and a word starting with
    ``last``; else one of the most used words ``forms`` (any form of its lemma) and what follows."""
    seeds = anchor[:1] if anchor else forms[:PHRASE_SEEDS]
    lemmas = {lemma_key(seed) for seed in seeds}
    # The passages of a word's term: "borger.dk" by that term, not also by every passage with "dk".
    passages = _sample(arrays, searcher, sorted({key[0] for key in lemmas}))
    start = re.compile(r"(?<![\w\-.])" + _GAP.pattern.join(map(re.escape, [*anchor, last])), re.IGNORECASE)
    counts: dict[str, int] = {}
    for docnum in passages:
        stored = searcher.stored_fields(docnum)
        found = set()
        for name in ("title", "text"):
            text = stored.get(name) or ""
            for match in start.finditer(text):
                words = _phrase_at(text, match.start(), max(len(anchor) + 1, 2))
                if words and (anchor or lemma_key(words[0]) in lemmas):
                    found.add(" ".join(words[len(anchor):]))
        for phrase in found:
            counts[phrase] = counts.get(phrase, 0) + 1
    ranked = sorted((p for p, n in counts.items() if n >= MIN_PHRASE_PASSAGES), key=lambda p: (-counts[p], p))
    return [f"{head}{phrase}" for phrase in ranked]  # the typed text before the last word stays as typed


def _phrase_at(text: str, at: int, least: int) -> list[str] | None:
    """The words of the phrase that starts at ``at``: at least ``least`` words, up to the first
    that ends a phrase (``_ends_phrase``), ``PHRASE_WORDS`` at most; None when there is no such
    word, or a word is only part of a word ("Ungeenheds- og")."""
    words, end = [], at
    while len(words) < PHRASE_WORDS:
        match = WORD.match(text, end)
        if not match or match.group(0).endswith("-"):
            return None
        words.append(normalise_word(match.group(0)))
        end = match.end()
        if len(words) >= least and _ends_phrase(words[-1]):
            return words
        gap = _GAP.match(text, end)
        if not gap:
            return None
        end = gap.end()
    return None


def _ends_phrase(word: str) -> bool:
    """Whether a phrase may end on ``word``: not a stop word or a short function word ("ved",
    "kan"), and not a bare number ("unge mellem 13")."""
    return len(word) >= MIN_PHRASE_END and word not in DANISH_STOPWORDS and not word.isdigit()


def _sample(arrays, searcher: WhooshSearcher, terms: list[str]) -> list[int]:
    """About ``PHRASE_SAMPLE`` passages with one of ``terms`` in their text (a passage's title is
    mostly said again in its text), spread evenly over each term's passages: picked from the sorted
    postings, so a common term costs no more than a rare one."""
    picked: set[int] = set()
    for term in terms:
        ids = arrays.term("text", term, searcher)[0]
        if len(ids):
            at = np.linspace(0, len(ids) - 1, min(len(ids), max(1, PHRASE_SAMPLE // len(terms))))
            picked.update(ids[at.astype(np.int64)].tolist())
    return sorted(picked)


def _title_completions(searcher: WhooshSearcher, arrays, prefix: str) -> list[TitleSuggestion]:
    """Passages whose title has a word starting with ``prefix`` as written or typed without æ/ø/å,
    each title once."""
    found: dict[str, TitleSuggestion] = {}
    # Title terms are stems: "virksomhede" is found under "virksom", the part it shares with its term.
    shared = os.path.commonprefix([prefix, lemma_key(prefix)[0]])
    probe = shared if len(shared) >= SUGGEST_TITLE_MIN else prefix
    # The first matching passages in index order, as a scored search would rank them (a prefix
    # scores every match alike), without scoring the thousands a short prefix matches.
    for docnum in arrays.first_with_prefix("title", probe, TITLE_CANDIDATES):
        stored = searcher.stored_fields(int(docnum))
        title = stored["title"]
        words = [normalise_word(w) for w in WORD.findall(title)]
        if title.casefold() not in found and any(form.startswith(prefix) for w in words
                                                 for form in (w, *ascii_spellings(w))):
            found[title.casefold()] = TitleSuggestion(title, stored["id"])
            if len(found) == SUGGEST_TITLES:
                break
    return list(found.values())
