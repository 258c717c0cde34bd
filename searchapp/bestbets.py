"""Best bets: the answer staff pin to a search, shown above the hits as "Anbefalet".

A plain text file staff can edit (``best_bets.txt`` in the instance folder; the staff area appends
to it), one best bet per line, ``#`` starts a comment::

    # søgeord, flere søgeord | passage-id eller https-adresse | én linje tekst
    affald, skrald | 1f3a9c0d2b7e | Sådan sorterer du dit affald
    flytning | https://www.borger.dk/flytning | Meld flytning på borger.dk

A search matches a best bet when it contains every word of one of its search words (analysed like
queries, so "affaldet" matches "affald"). The file is read again when it changes (within a second).
A best bet whose passage is no longer in the index is left out with a warning, never shown as a
broken link; a malformed line is skipped with a warning, and the staff area refuses to write one.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from index.analysis import analyse
from index.serving.watched_file import WatchedFile

log = logging.getLogger("kommunesog.bestbets")

# Best bets shown for one search at most: a pinned answer, not a second result list.
MAX_SHOWN = 3
MAX_TEXT_CHARS = 200
_URL = re.compile(r"^https?://[^\s/|]+[^\s|]*$")
_PASSAGE_ID = re.compile(r"^[\w-]{1,64}$")


class BadBestBet(ValueError):
    """A best bet that cannot be kept; the message is Danish, for staff."""


@dataclass(frozen=True)
class BestBet:
    keywords: tuple[str, ...]  # as written in the file
    target: str  # a passage id or an http(s) URL
    text: str
    terms: tuple[tuple[str, ...], ...] = ()  # each keyword's analysed terms

    @property
    def is_url(self) -> bool:
        return bool(_URL.match(self.target))

    def line(self) -> str:
        """The best bet as a line of the file."""
        return f"{', '.join(self.keywords)} | {self.target} | {self.text}"


def best_bet(keywords: str, target: str, text: str) -> BestBet:
    """A checked best bet from its three parts; raises BadBestBet (in Danish) when one is unusable."""
    words = tuple(w for w in (" ".join(k.split()) for k in keywords.split(",")) if w)
    terms = tuple(t for t in (tuple(analyse(w)) for w in words) if t)
    if not words or "|" in keywords or len(terms) < len(words):
        raise BadBestBet("Skriv mindst ét søgeord (flere adskilles med komma), uden lodret streg og "
                         "ikke kun fyldord som »og« eller »i«.")
    target = target.strip()
    if not (_URL.match(target) or _PASSAGE_ID.match(target)):
        raise BadBestBet("Målet skal være et passage-id eller en adresse, der begynder med https://.")
    text = " ".join(text.split())
    if not text or "|" in text or len(text) > MAX_TEXT_CHARS:
        raise BadBestBet(f"Teksten skal være én linje på højst {MAX_TEXT_CHARS} tegn, uden lodret streg.")
    return BestBet(words, target, text, terms)


def parse_best_bets(text: str) -> list[BestBet]:
    """The best bets of a file's text, in file order; malformed lines are skipped with a warning."""
    bets = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split("|")
        try:
            if len(parts) != 3:
                raise BadBestBet("expected: words | passage id or URL | text")
            bets.append(best_bet(*parts))
        except BadBestBet as err:
            log.warning("best bets line %d skipped (%s): %s", number, err, line)
    return bets


def matching(bets: list[BestBet], query: str) -> list[BestBet]:
    """The best bets whose search words are all in ``query`` (one of a bet's search words suffices)."""
    if not bets:
        return []  # the usual case: no analysis of the query needed
    typed = set(analyse(query))
    if not typed:
        return []
    return [bet for bet in bets if any(set(terms) <= typed for terms in bet.terms)]


class BestBets(WatchedFile):
    """The best bets of one file, read again when it changes."""

    def __init__(self, path: Path):
        super().__init__(path, parse_best_bets, list, "best bets")
        self._warned: set[str] = set()

    def for_query(self, query: str, passage_exists: Callable[[str], bool]) -> list[BestBet]:
        """The best bets to show for ``query``: those whose passage is gone are left out (warned
        about once per target)."""
        shown = []
        for bet in matching(self.value(time.monotonic()), query):
            if bet.is_url or passage_exists(bet.target):
                shown.append(bet)
            elif bet.target not in self._warned:
                self._warned.add(bet.target)
                log.warning("best bet %r for %s points to passage %s, which is not in the index; not shown",
                            bet.text, ", ".join(bet.keywords), bet.target)
        return shown[:MAX_SHOWN]
