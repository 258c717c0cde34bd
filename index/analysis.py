"""The one Danish analyzer, shared by indexing and querying.

A chain of small filters in Whoosh's style: tokenize → normalise (Unicode NFKC, lower case) → split
hyphenated words into their parts too → drop Danish stop words → snowball-stem. Each filter does one
job and can be tested alone; ``danish_analyzer()`` assembles them in one place.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import Stemmer
from whoosh.analysis import Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

# Bumped whenever analysis changes what is indexed; a different version forces a full rebuild.
ANALYSIS_VERSION = "1"

# Words: letters and digits, joined by inner hyphens or dots ("a-dagpenge", "boblberg.dk", "12-25"),
# with an optional possessive ("FN's", "LIFEs" is left to the stemmer).
# Combining marks count as letters, so a decomposed "å" (a + ring) stays inside its word.
_LETTER = r"[\w\u0300-\u036f]"
WORD_PATTERN = rf"{_LETTER}+(?:[-.]{_LETTER}+)*(?:['’]s\b)?"

# Snowball's Danish stop list minus words that are content in municipal text ("Kong Hans Have",
# "have" = garden; "selv" in "selvforsørgelse" queries typed apart).
DANISH_STOPWORDS = frozenset(stopwords_for_language("da")) - {"have", "hans", "selv", "under", "mod"}

_STEMMER = Stemmer.Stemmer("danish")


def danish_stem(word: str) -> str:
    """Snowball's Danish stemmer (PyStemmer's C implementation). A module-level function, so Whoosh
    can pickle the analyzer into the index schema."""
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=100_000)
def normalise_word(word: str) -> str:
    """NFKC (ligatures, full-width letters, composed å), lower case, no possessive ("FN's" → "fn")."""
    word = unicodedata.normalize("NFKC", word).casefold()
    return word[:-2] if word.endswith(("'s", "’s")) else word


class NormaliseFilter(Filter):
    """Unicode NFKC and case folding, so "Aa", "ﬁ" and decomposed "å" compare as typed."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = normalise_word(t.text)
            yield t


class HyphenPartsFilter(Filter):
    """Index "a-dagpenge" as itself and as "a" + "dagpenge", all at one position, so either is found."""

    def __call__(self, tokens):
        for t in tokens:
            yield t
            if "-" in t.text and not t.text.replace("-", "").isdigit():
                whole = t.text
                for part in whole.split("-"):
                    if part:
                        t.text = part
                        yield t
                t.text = whole


def danish_analyzer():
    """The analyzer for every text field and for every query."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | NormaliseFilter()
        | HyphenPartsFilter()
        | StopFilter(stoplist=DANISH_STOPWORDS, minsize=1, renumber=False)
        | StemFilter(stemfn=danish_stem, cachesize=100_000)
    )


def surface_analyzer():
    """Words as written (normalised, not stemmed, stop words kept): the vocabulary for spelling
    suggestions ("Mente du: …") and autocomplete."""
    return RegexTokenizer(WORD_PATTERN) | NormaliseFilter() | HyphenPartsFilter()


def analyse(text: str) -> list[str]:
    """The terms the analyzer makes of a text (for tests and for explaining matches)."""
    return [t.text for t in danish_analyzer()(text)]
