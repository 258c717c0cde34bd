"""Synonyms staff can edit: a plain text file of word groups, read again when it changes.

Format (``index/data/synonyms.txt`` is the default; ``KOMMUNESOG_SYNONYMS`` names another file): one
group per line, words separated by commas, ``#`` starts a comment. Every word of a group finds the
others. A group member of several words is searched as a phrase, and typed as words in a row it
finds the others too ("skifte adresse" finds "flytning"). Words are analysed like queries, so "børn"
also covers "børnene".
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..analysis import analyse, ascii_spellings, compound_lexicon, lemma, normalise_word
from .watched_file import WatchedFile

ENV_VAR = "KOMMUNESOG_SYNONYMS"
MAX_ALTERNATIVES = 8  # keeps query expansion bounded however long a group grows


def default_path() -> Path:
    """The synonyms file: ``$KOMMUNESOG_SYNONYMS`` or the packaged ``index/data/synonyms.txt``."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else Path(str(resources.files("index").joinpath("data/synonyms.txt")))


def parse_synonyms(text: str) -> dict[str | tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Index term of a one-word synonym (or the tuple of terms of a synonym of several words) → the
    terms of its alternatives (a tuple of terms each; more than one term is a phrase)."""
    table: dict[str | tuple[str, ...], list[tuple[str, ...]]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        members, typed = [], []
        for word in line.split(","):
            terms = tuple(analyse(word))
            if terms and terms not in members:
                members.append(terms)
                typed += _typed_without_danish_letters(word, terms)
        for member in members:
            alternatives = table.setdefault(member[0] if len(member) == 1 else member, [])
            alternatives += [other for other in members if other != member and other not in alternatives]
        for key in typed:  # "hjemmehjelp" finds the group of "hjemmehjælp", that word included
            if key not in table:
                table[key] = list(members)
    return {term: tuple(alts[:MAX_ALTERNATIVES]) for term, alts in table.items() if alts}


def _typed_without_danish_letters(word: str, terms: tuple[str, ...]) -> list[str]:
    """The terms of a one-word member typed without æ/ø/å ("hjemmehjelp"), leaving out spellings
    that are Danish words of their own ("aldre" is a form of alder, not of ældre)."""
    if len(terms) != 1:
        return []
    lexicon = compound_lexicon()
    keys = []
    for spelling in ascii_spellings(normalise_word(word.strip())):
        if spelling not in lexicon and lemma(spelling) not in lexicon:
            keys += [t for t in analyse(spelling) if t != terms[0] and t not in keys]
    return keys


class Synonyms(WatchedFile):
    """The synonym table of one file, re-read when the file's modification time changes (checked at
    most once a second, so a busy server does not stat the file on every query)."""

    def __init__(self, path: Path | None = None):
        super().__init__(Path(path) if path else default_path(), parse_synonyms, dict, "synonyms")

    def table(self, now: float) -> dict[str | tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """The current table (``now``: a monotonic clock reading)."""
        return self.value(now)
