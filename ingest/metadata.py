"""What a passage is about, read off its text: years, a short human title, the page's kind, crumbs."""
from __future__ import annotations

import re

# Years a municipal page talks about; four-digit numbers outside this range are postcodes, counts etc.
MIN_YEAR, MAX_YEAR = 1900, 2099
TITLE_MAX_CHARS = 90
# A cut at a comma or dash is preferred when it keeps at least this much; else cut at a word.
TITLE_MIN_CLAUSE_CHARS = 50
TITLE_MIN_CHARS = 25

_YEAR = re.compile(r"(?<![\d.,:/-])(1[9]\d\d|20\d\d)(?![\d.,]\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"“”])")
_CLAUSE = re.compile(r"[,;:–—]\s|\s-\s")
_CASE_WORDS = re.compile(r"\b(cases?|sager|projekter|initiativer|eksempler)\b", re.I)
_PARTNERSHIP_WORDS = re.compile(r"\bpartnerskab", re.I)
_CRUMB_SEPARATORS = re.compile(r"\s*(?:›|»|>|/|\||·|\u2022)\s*")
_CAPITALISED = re.compile(r"^[A-ZÆØÅ0-9]")
_LEAD_PREPOSITIONS = ("om ", "på ", "i ")


def years_in(text: str) -> list[int]:
    """The years a text mentions, sorted, each once (``2019``, ``i 2020``; not ``2860 Søborg``)."""
    years = set()
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        following = text[match.end() : match.end() + 3]
        # "2860 Søborg": a four-digit number followed by a capitalised word is a postcode.
        if re.match(r" [A-ZÆØÅ][a-zæøå]", following) and year > 2030:
            continue
        if MIN_YEAR <= year <= MAX_YEAR:
            years.add(year)
    return sorted(years)


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """Shorten at a clause or word boundary, never mid-word; an ellipsis marks a cut."""
    text = " ".join(text.split()).rstrip(" .:")
    if len(text) <= limit:
        return text
    clauses = [m.start() for m in _CLAUSE.finditer(text) if TITLE_MIN_CLAUSE_CHARS <= m.start() <= limit]
    if clauses:
        return text[: clauses[-1]].rstrip() + " …"
    cut = text.rfind(" ", 0, limit)
    if cut < TITLE_MIN_CHARS:
        cut = limit
    return text[:cut].rstrip(" ,;:–-") + " …"


def derive_title(text: str) -> str:
    """A short title for a passage without a heading: its first sentence, shortened at a boundary."""
    return shorten(first_sentence(text))


def page_kind(breadcrumb: list[str], title: str) -> str:
    """``case`` or ``partnership`` for the pages that list them, else ``page`` (from crumbs and title)."""
    where = [title] + list(reversed(breadcrumb[-2:]))
    for label in where:
        if _PARTNERSHIP_WORDS.search(label):
            return "partnership"
        if _CASE_WORDS.search(label):
            return "case"
    return "page"


def split_breadcrumb(line: str, title: str | None) -> list[str]:
    """A breadcrumb line → crumbs.

    With separators (›, >, /, |) they decide. Scraped text often loses them ("Hjem Politik Planer,
    politikker og visioner Mål, cases og projekter"): then the page title is the last crumb and each
    other crumb starts with a capital letter, continuing across lower-case words and commas.
    """
    line = " ".join(line.split())
    if _CRUMB_SEPARATORS.search(line):
        return [c for c in _CRUMB_SEPARATORS.split(line) if c]
    tail: list[str] = []
    if title and line.lower().endswith(title.lower()) and len(line) > len(title):
        line, tail = line[: -len(title)].rstrip(), [line[-len(title) :]]
    elif title and line.lower() == title.lower():
        return [line]
    crumbs: list[str] = []
    for word in line.split(" "):
        joins_previous = crumbs and (crumbs[-1].endswith(",") or not _CAPITALISED.match(word)
                                     or crumbs[-1].endswith((" og", " i", " for")))
        if joins_previous:
            crumbs[-1] += " " + word
        else:
            crumbs.append(word)
    return [c for c in crumbs if c] + tail
