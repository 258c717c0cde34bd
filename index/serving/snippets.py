"""Snippets: the part of a hit's text that shows why it was found, with the searched words marked,
starting at a sentence or clause and without the sentence its title repeats.

A hit's text is read once: each word's index terms come from a cache (``index_terms``), the marked
words are grouped into fragments, and the best two are shown. (Whoosh's highlighter did the same
through a token object per term of every word and took half the time of a search request.)
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from whoosh.searching import Searcher as WhooshSearcher

from ingest.model import Passage

from ..analysis import WORD, index_terms
from ..schema import SCHEMA

SNIPPET_CHARS = 240
# A fragment reaches this far before its first marked word and after its last one, and holds the
# marked words that fit in SNIPPET_CHARS; the best FRAGMENTS are shown.
SURROUND_CHARS = 70
FRAGMENTS = 2


def highlight_words(query, searcher: WhooshSearcher) -> frozenset[str]:
    """The index terms of the text field that ``query`` searches (wildcards expanded), for snippets."""
    field = SCHEMA["text"]
    try:
        terms = query.existing_terms(searcher.reader(), fieldname="text", expand=True)
    except Exception:
        return frozenset()
    return frozenset(field.from_bytes(text) for _, text in terms)


@dataclass
class _Fragment:
    start: int
    end: int
    marks: list[tuple[int, int]]  # character spans of the marked words
    terms: set[str]               # the searched terms they matched

    def score(self) -> tuple[int, int]:
        """More of the searched words first, then more marks (as Whoosh's highlighter ranks them)."""
        return len(self.terms), len(self.marks)


def _matches(text: str, words: frozenset[str]) -> list[tuple[int, int, frozenset[str]]]:
    """Where ``text`` has a word whose index terms (its inflections, compound parts and spellings
    without æ/ø/å) include a searched one, with those terms."""
    matches = []
    for match in WORD.finditer(text):
        word = match.group(0)
        terms = (_ellipsis_terms(text, match.start()) if word.endswith("-") else index_terms(word)) & words
        if terms:
            matches.append((match.start(), match.end(), terms))
    return matches



# How much text after a hyphen ellipsis' first word is read for the word that completes it.
ELLIPSIS_CONTEXT = 120


def _ellipsis_terms(text: str, at: int) -> frozenset[str]:
    """The index terms of the first word of a hyphen ellipsis, which depend on the words after it
    ("Psykiatri- og Handicappolitik": psykiatri and psykiatripolitik)."""
    context = text[at:at + ELLIPSIS_CONTEXT]
    return frozenset(t.text for t in SCHEMA["text"].analyzer(context, chars=True, mode="index", removestops=False)
                     if t.startchar == 0)


def _fragments(text: str, matches: list[tuple[int, int, frozenset[str]]]) -> list[_Fragment]:
    """The marked words grouped into fragments of at most SNIPPET_CHARS: each from SURROUND_CHARS
    before its first mark to SURROUND_CHARS after its last, cut between words."""
    fragments: list[_Fragment] = []
    for start, end, terms in matches:
        current = fragments[-1] if fragments else None
        if current and start < current.end:  # a piece of the word just marked ("a-dagpenge")
            current.marks[-1] = (current.marks[-1][0], max(end, current.end))
            current.terms |= terms
            current.end = current.marks[-1][1]
        elif current and end - current.start <= SNIPPET_CHARS - SURROUND_CHARS:
            current.marks.append((start, end))
            current.terms |= terms
            current.end = end
        else:
            fragments.append(_Fragment(_word_start(text, start - SURROUND_CHARS), end, [(start, end)], set(terms)))
    for fragment in fragments:
        fragment.end = _word_end(text, min(fragment.end + SURROUND_CHARS, fragment.start + SNIPPET_CHARS),
                                 fragment.end)
    return fragments


def _word_start(text: str, at: int) -> int:
    """Where the first word that starts at or after ``at`` starts (0 before the text)."""
    if at <= 0:
        return 0
    space = text.find(" ", at - 1)
    return space + 1 if space >= 0 else at


def _word_end(text: str, at: int, least: int) -> int:
    """Where the last word that ends by ``at`` ends, never before ``least``."""
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", least, at + 1)
    return space if space >= 0 else least


def _marked(text: str, words: frozenset[str], top: int = FRAGMENTS) -> str:
    """The best ``top`` fragments of ``text`` in the order they come, with the searched words marked,
    each starting where a sentence or clause does."""
    matches = _matches(text, words)
    if not matches:
        return ""
    best = sorted(_fragments(text, matches), key=_Fragment.score, reverse=True)[:top]
    shown = []
    for fragment in sorted(best, key=lambda f: f.start):
        at = _clause_start(text, fragment.start, fragment.marks[0][0])
        pieces = []
        for start, end in fragment.marks:
            pieces += [html.escape(text[at:start], quote=False), "<mark>",
                       html.escape(text[start:end], quote=False), "</mark>"]
            at = end
        pieces.append(html.escape(text[at:fragment.end], quote=False))
        shown.append("".join(pieces))
    return " … ".join(shown)


# A snippet starts at a sentence or clause: moved back to one at most this far, else forward to one
# before its first match, else it starts at a word.
SNIPPET_BACK_CHARS = 80
_BOUNDARY = re.compile(r"(?:[.!?:;]\s+|\n|,\s+|\s[–—-]\s)")


def _clause_start(text: str, start: int, first_match: int) -> int:
    """Where a fragment starting at ``start`` should start: after the nearest sentence or clause
    boundary before it (within ``SNIPPET_BACK_CHARS``), or after the first one between it and its
    first match."""
    if start == 0:
        return 0
    back = [m.end() for m in _BOUNDARY.finditer(text, max(0, start - SNIPPET_BACK_CHARS), start + 1)]
    if back:
        return back[-1]
    if max(0, start - SNIPPET_BACK_CHARS) == 0:
        return 0
    ahead = _BOUNDARY.search(text, start, first_match)
    if ahead:
        return ahead.end()
    space = text.rfind(" ", 0, start)
    return space + 1 if space >= 0 else start


_SENTENCE_END = re.compile(r"[.!?](?:\s+|$)|\n")


def _without_title(text: str, title: str) -> str:
    """``text`` without the sentence its title was made from (a passage without a heading is titled
    by its first sentence, shortened: the snippet shows the rest), or all of it when nothing else is
    left or the title is a heading of its own."""
    end = _SENTENCE_END.search(text)
    first = " ".join(text[: end.start() if end else len(text)].split())
    head = " ".join(title.split())
    made_from_it = (first.startswith(head.removesuffix("…").strip()) if head.endswith("…")
                    else first.rstrip(".") == head.rstrip("."))
    rest = text[end.end():].strip() if end and made_from_it else ""
    return rest or text


def snippet(passage: Passage, words: frozenset[str]) -> str:
    # The title shows what its sentence says: a snippet without matches in the rest shows the rest.
    body = _without_title(passage.text, passage.title)
    try:
        marked = _marked(body, words) if words else ""
    except Exception:
        marked = ""
    if marked:
        return marked
    text = " ".join(body.split())
    if len(text) > SNIPPET_CHARS:
        cut = text.rfind(" ", 0, SNIPPET_CHARS)
        text = text[: cut if cut > 0 else SNIPPET_CHARS] + " …"
    return html.escape(text, quote=False)
