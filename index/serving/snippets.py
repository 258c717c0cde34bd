"""Snippets: the part of a hit's text that shows why it was found, with the searched words marked,
starting at a sentence or clause and without the sentence its title repeats."""
from __future__ import annotations

import html
import re

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.searching import Searcher as WhooshSearcher

from ingest.model import Passage

from ..analysis import WORD, index_forms
from ..schema import SCHEMA

SNIPPET_CHARS = 240


class _MarkFormatter(highlight.HtmlFormatter):
    """Escaped text with plain ``<mark>`` around matched words."""

    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


def highlight_words(query, searcher: WhooshSearcher) -> frozenset[str]:
    """The index terms of the text field that ``query`` searches (wildcards expanded), for snippets."""
    field = SCHEMA["text"]
    try:
        terms = query.existing_terms(searcher.reader(), fieldname="text", expand=True)
    except Exception:
        return frozenset()
    return frozenset(field.from_bytes(text) for _, text in terms)


_FRAGMENTER = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
_HIGHLIGHTER = highlight.Highlighter(fragmenter=_FRAGMENTER, formatter=_MarkFormatter(between=" … "))
_WINDOW_SLACK = 60  # characters beyond the fragmenter's reach still tokenized (a long word's width)




def _index_tokens(text: str, words: frozenset[str]):
    """The tokens the text analyzer makes of ``text`` at index time with stop words kept (what
    Whoosh's highlighter re-analyses a hit with), each word's terms taken from a cache
    (``index_forms``) instead of through the filter chain, and only near the searched ``words``:
    the fragmenter keeps a token only within ``surround`` characters before a match or in the
    ``maxchars`` of a fragment, so the tokens it would pass over are never made. A text with a
    hyphen ellipsis, where a word's terms depend on its neighbours, goes through the chain."""
    found = list(WORD.finditer(text))
    if any(m.group(0).endswith("-") for m in found):
        yield from SCHEMA["text"].analyzer(text, positions=True, chars=True, mode="index", removestops=False)
        return
    forms = [index_forms(m.group(0)) for m in found]
    before, after = _FRAGMENTER.surround + _WINDOW_SLACK, _FRAGMENTER.maxchars + _WINDOW_SLACK
    windows = [(m.start() - before, m.start() + after) for m, terms in zip(found, forms)
               if any(term in words for term, _ in terms)]
    token = Token(positions=True, chars=True, removestops=False, mode="index")
    window = 0
    for match, terms in zip(found, forms):
        while window < len(windows) and windows[window][1] < match.start():
            window += 1
        if window == len(windows):
            return
        if match.start() < windows[window][0]:
            continue
        token.startchar, token.endchar = match.start(), match.end()
        for token.text, token.boost in terms:
            yield token


def _marked(text: str, words: frozenset[str], top: int = 2) -> str:
    """The best ``top`` fragments of ``text`` with the searched words marked, as Whoosh's
    highlighter makes them for a hit (re-analysing the text, as it does), each starting where a
    sentence or clause does."""
    tokens = _HIGHLIGHTER._merge_matched_tokens(highlight.set_matched_filter(_index_tokens(text, words), words))
    fragments = _HIGHLIGHTER.fragmenter.fragment_tokens(text, tokens)
    fragments = highlight.top_fragments(fragments, top, _HIGHLIGHTER.scorer, _HIGHLIGHTER.order, minscore=1)
    for fragment in fragments:
        fragment.startchar = _clause_start(text, fragment.startchar, min(m.startchar for m in fragment.matches))
    return _HIGHLIGHTER.formatter.format(fragments)


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
