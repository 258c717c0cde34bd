"""What citizens and staff type → a Whoosh query: capped, tidied, parsed, and expanded.

Query language: plain words; ``"a phrase"``; ``-word`` excludes; ``OR``; field prefixes for staff
(``titel:``, ``tekst:``, ``type:``, ``år:``). Malformed input never raises: it is searched as plain
words. Every wildcard, prefix and range expands to few index words. How plain words match (how
many must, question words) is ``semantics.py``'s; running the query is ``search.py``'s.
"""
from __future__ import annotations

import re
from itertools import islice

from whoosh import qparser
from whoosh.query import And, Every, NullQuery, Phrase, Prefix, Term, TermRange, Wildcard

from ..analysis import DANISH_STOPWORDS, analyse, normalise_word
from .expansion import (clause_terms, expand_compounds, expand_price_words, expand_synonyms, join_particle_verbs,
                        join_written_apart)
from ..schema import SCHEMA, SEARCH_FIELDS

MAX_QUERY_CHARS = 500
# Caps that keep any typed query cheap (like Elasticsearch's max_clause_count and max_expansions):
# words searched, index words one wildcard, prefix or range may stand for, and letters a wildcard
# needs before its "*" or "?" ("a*" and "*a" are searched as the word "a").
MAX_QUERY_WORDS = 32
MAX_EXPANSIONS = 64
MIN_WILDCARD_PREFIX = 2
FIELD_ALIASES = {
    "title": ["titel", "overskrift"],
    "text": ["tekst"],
    "kind": ["type", "art"],
    "years": ["år", "aar", "year", "aarstal"],
    "page_title": ["side"],
    "breadcrumb": ["sti"],
}
KIND_ALIASES = {"sag": "case", "sager": "case", "cases": "case", "partnerskab": "partnership",
                 "partnerskaber": "partnership", "side": "page", "sider": "page", "kontakt": "site"}
_SYNTAX = re.compile(r"[\"'()\[\]{}:^~*?+\\/<>=!]|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
WORD = re.compile(r"\w+", re.U)
_STRAY_OPERATOR = re.compile(r"^(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)$")


def _parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), SCHEMA, group=qparser.AndGroup)
    # + and - are operators only at the start of a word: "a-dagpenge" and "12-25" are words.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?:^|(?<=[\s(]))\+", minusexpr=r"(?:^|(?<=[\s(]))-"))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.remove_plugin_class(qparser.BoostPlugin)  # "^" is typed by accident more than on purpose
    return parser


_PARSER = _parser()


_FIELD_PREFIX = re.compile(r"(\w+):")
_KNOWN_FIELDS = set(SCHEMA.names()) | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}


# A word with a wildcard, after any field prefix and opening marks: "titel:(sk*" → "sk*".
_WILDCARD_WORD = re.compile(r"(?<![^\s:(\"+-])([^\s:()\"]*[*?][^\s:()\"]*)")
_WILDCARD = re.compile(r"[*?\[]")


# Control characters (NUL breaks Whoosh terms and log lines) and lone surrogates (they cannot be
# written as UTF-8, so echoing them would fail) are never part of a word.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def cap_query(text: str) -> tuple[str, str | None]:
    """The part of a query that is searched, and a Danish note for the user when some was cut:
    at most ``MAX_QUERY_CHARS`` characters and ``MAX_QUERY_WORDS`` words, no control characters."""
    text = _UNPRINTABLE.sub(" ", text or "")
    message = None
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        message = f"Søgningen er forkortet til de første {MAX_QUERY_CHARS} tegn."
    words = text.split()
    if len(words) > MAX_QUERY_WORDS:
        text = " ".join(words[:MAX_QUERY_WORDS])
        message = f"Søgningen er forkortet til de første {MAX_QUERY_WORDS} ord."
    return text, message


def _tidy(text: str) -> str:
    """Make typed input safe for the parser: an unknown "field:" is just a word, an unpaired quote
    or bracket is dropped, a wildcard with fewer than ``MIN_WILDCARD_PREFIX`` letters before it is
    dropped (it would stand for a large part of the vocabulary)."""
    text = _WILDCARD_WORD.sub(_short_wildcard_as_words, text)
    text = _FIELD_PREFIX.sub(
        lambda m: m.group(1).lower() + ":" if m.group(1).lower() in _KNOWN_FIELDS else m.group(1) + " ", text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    if text.count("(") != text.count(")"):
        text = text.replace("(", " ").replace(")", " ")
    # An operator with nothing on one side ("OR headspace") joins nothing: it is left out.
    previous = None
    while previous != text:
        previous, text = text, _STRAY_OPERATOR.sub(" ", text).strip()
    return text


def _short_wildcard_as_words(match: re.Match) -> str:
    word = match.group(1)
    literal = _WILDCARD.split(word, 1)[0]
    if word == "*" or len(literal) >= MIN_WILDCARD_PREFIX:
        return word
    return re.sub(r"[*?]+", " ", word)


_PHRASE = re.compile(r'"([^"]*)"(?!~)')


def _stop_word_slop(text: str) -> str:
    """Let a quoted phrase match across the stop words inside it ("unge med kant"): stop words are
    not indexed, so each leaves a gap the phrase must allow."""
    def with_slop(match: re.Match) -> str:
        run = longest = 0
        for word in WORD.findall(match.group(1)):
            if normalise_word(word) in DANISH_STOPWORDS:
                run += 1
            else:  # a gap counts between two searched words, not at the phrase's ends
                longest, run = max(longest, run), 0
        return f"{match.group(0)}~{longest + 1}" if longest else match.group(0)
    return _PHRASE.sub(with_slop, text)


def parse_query(text: str):
    """Parse a query string; syntax that cannot be parsed is searched as plain words. The query is
    capped (``cap_query``), and every wildcard, prefix and range expands to few index words."""
    text = _stop_word_slop(_tidy(cap_query(text)[0]))
    try:
        query = _PARSER.parse(text)
    except Exception:
        query = None
    if query is None or query is NullQuery or _has_errors(query):
        words = _SYNTAX.sub(" ", text)
        query = _PARSER.parse(" ".join(words.split()))
    return _bounded(_normalise_kind_terms(query))


class _BoundedPrefix(Prefix):
    def _btexts(self, ixreader):
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


class _BoundedWildcard(Wildcard):
    def _btexts(self, ixreader):
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


class _BoundedRange(TermRange):
    def _btexts(self, ixreader):
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


def _bounded(query):
    """``query`` with every expanding leaf limited to ``MAX_EXPANSIONS`` index words, and a bare
    ``*`` (every passage with some word in a field) made the cheap "every passage"."""
    if isinstance(query, Every):
        return Every()
    if type(query) is Prefix:
        return _BoundedPrefix(query.fieldname, query.text, boost=query.boost)
    if type(query) is Wildcard:
        return _BoundedWildcard(query.fieldname, query.text, boost=query.boost)
    if type(query) is TermRange:
        return _BoundedRange(query.fieldname, query.start, query.end, query.startexcl, query.endexcl,
                             boost=query.boost)
    if query.is_leaf() or isinstance(query, Phrase):
        return query
    return query.apply(_bounded)


def _has_errors(query) -> bool:
    return any(type(q).__name__ == "ErrorQuery" for q in query.leaves()) if hasattr(query, "leaves") else False


def _normalise_kind_terms(query):
    """``type:sag`` means ``kind:case``: staff type the Danish names of kinds."""
    for leaf in list(query.leaves()) if hasattr(query, "leaves") else []:
        if isinstance(leaf, Term) and leaf.fieldname == "kind":
            leaf.text = KIND_ALIASES.get(str(leaf.text).lower(), str(leaf.text).lower())
    return query


def parse_words(text: str):
    """The query as the citizen typed it (``parse_query``), with a verb and its particle typed apart
    also as the one word Danish writes them as ("melder … ud": udmelder)."""
    return join_particle_verbs(parse_query(text), text)


def build_query(text: str, synonyms: dict[str | tuple[str, ...], tuple[tuple[str, ...], ...]]):
    """The query searched for ``text``: parsed, compounds also by their parts, words also by their
    synonyms."""
    return expand_query(parse_words(text), text, synonyms)


def expand_query(parsed, text: str, synonyms: dict[str | tuple[str, ...], tuple[tuple[str, ...], ...]]):
    """``parsed`` (the query ``text`` parses to, left as it is) with compounds also found by their
    parts, words also by their synonyms, two words in a row also by the compound they make, and a
    word that asks for a price also by an amount in kroner."""
    expanded = expand_synonyms(expand_compounds(parsed, text), synonyms)
    return expand_price_words(join_written_apart(expanded, text), text)


def word_clauses(query) -> list | None:
    """The searched words of a plain query, one clause each (with its inflections, parts, synonyms
    and corrections); None for a query that matches everything."""
    if isinstance(query, Every):
        return None
    return list(query.subqueries) if isinstance(query, And) else [query]


def clause_words(query, words: list[str]) -> list[str]:
    """The typed word (or words, for a synonym of several) each clause of ``query`` searches."""
    labels = []
    for clause in word_clauses(query) or []:
        terms = clause_terms(clause)
        typed = [word for word in words if set(analyse(word)) & terms]
        labels.append(" ".join(typed) or min(terms, default=""))
    return labels
