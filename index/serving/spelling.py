"""Fast spelling correction and word completion over one field of an index generation.

Whoosh's own corrector compares the typed word with every index word sharing its first letter in
pure Python (about a second per unknown word at 100k passages). This keeps each field's words of a
generation in memory once (its ``index.serving.snapshot.Snapshot`` holds them), shared by all threads, and
measures edit distances with rapidfuzz (C++), ranking exactly as Whoosh's ``ReaderCorrector`` on a
one-segment index does: any word within ``maxdist`` Levenshtein edits (its automaton counts a swap
of two letters as two), the most frequent first, then alphabetically. (On an index of several
segments Whoosh falls back to a slower scan that counts a swap as one edit; here every index
corrects alike.)
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from ..postings import SegmentVocabulary, segment_vocabularies

# A word at least this common (Zipf scale: 3 is once per million words) in Danish or in English is a
# word, not a typo, whether or not the index has it: "koster", "svært", "library" are never corrected.
COMMON_WORD_ZIPF = 3.0


def is_common_word(word: str) -> bool:
    """A word people write often in Danish or English (wordfreq's measured frequencies)."""
    return max(zipf_frequency(word, "da"), zipf_frequency(word, "en")) >= COMMON_WORD_ZIPF


class Vocabulary:
    """The words of one field of one generation with their frequencies."""

    def __init__(self, frequency: dict[str, float], doc_frequency: dict[str, int]):
        self.words = sorted(frequency)  # index order
        self.frequency = frequency
        self.doc_frequency = doc_frequency
        by_initial: dict[str, list[str]] = defaultdict(list)
        for word in self.words:
            by_initial[word[:1]].append(word)
        self._by_initial = dict(by_initial)

    @classmethod
    def of_segments(cls, segments: Iterable[SegmentVocabulary]) -> "Vocabulary":
        """From each segment's words and statistics (``index.postings.segment_vocabularies``)."""
        frequency: dict[str, float] = {}
        doc_frequency: dict[str, int] = {}
        for segment in segments:
            if frequency:
                segment.add_to(frequency, doc_frequency)
            else:  # the first segment's words as they are; the others' added to them
                frequency, doc_frequency = segment.counts()
        return cls(frequency, doc_frequency)

    @classmethod
    def of_reader(cls, reader, fieldname: str) -> "Vocabulary":
        """From a Whoosh reader alone, every segment's vocabulary built from it, none read from disk."""
        return cls.of_segments(segment_vocabularies(reader, None, fieldname))

    def suggest(self, text: str, limit: int = 1, maxdist: int = 2, prefix: int = 1) -> list[str]:
        """Like Whoosh's ``Corrector.suggest``: up to ``limit`` words within ``maxdist`` edits that
        share the first ``prefix`` letters (``prefix`` ≤ 1 here), never ``text`` itself."""
        choices = self._by_initial.get(text[:1], []) if prefix else self.words
        found = process.extract(text, choices, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
        words = [word for word, _, _ in found if word != text]
        return sorted(words, key=lambda w: (-self.frequency[w], w))[:limit]

    def completions(self, prefix: str, scan: int) -> list[str]:
        """The first ``scan`` words (in index order) that start with ``prefix``."""
        at = bisect.bisect_left(self.words, prefix)
        found = []
        for word in self.words[at:at + scan]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found
