"""What a passage is about, read off its text: years, a short human title, the page's kind, crumbs."""
from __future__ import annotations

import re

from .model import Block

# A "last updated" notice is one short line; longer lines are text (checked before the pattern).
MAX_UPDATED_LINE_CHARS = 80
# Years a municipal page talks about; four-digit numbers outside this range are postcodes, counts etc.
MIN_YEAR, MAX_YEAR = 1800, 2099
TITLE_MAX_CHARS = 90
# A cut at a comma or dash is preferred when it keeps at least this much; else cut at a word.
TITLE_MIN_CLAUSE_CHARS = 50
TITLE_MIN_CHARS = 25

_YEAR_DIGITS = re.compile(r"(?:18|19|20)\d\d")
# A year, not a decade ("1960'erne", "1960erne": the sixties).
# A year of the 1800s only after "i" or "fra" ("bygget i 1862", "stammer fra 1872"): alone, such a
# number is as often a price or a distance.
_YEAR = re.compile(r"(?<![\d.,:/-])(1[9]\d\d|20\d\d|(?<=\b[iI] )18\d\d|(?<=\b[fF]ra )18\d\d)(?![\d.,]\d)(?![’']?erne)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"“”])")
_CLAUSE = re.compile(r"[,;:–—]\s|\s-\s")
_CASE_WORDS = re.compile(r"\b(cases?|projekter|initiativer)\b", re.I)
_PARTNERSHIP_WORDS = re.compile(r"\bpartnerskab", re.I)
_CRUMB_SEPARATORS = re.compile(r"\s*(?:›|»|>|/|\||·|\u2022)\s*")
_CAPITALISED = re.compile(r"^[A-ZÆØÅ0-9]")
_LEAD_PREPOSITIONS = ("om ", "på ", "i ")


_MONTHS = {name: n for n, name in enumerate(
    ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
     "november", "december"], 1)}
# Danish abbreviations of the months ("3. feb. 2025", "12. sept. 2024"): the first three letters, or four.
_MONTH_ABBREVIATIONS = {**{name[:3]: n for name, n in _MONTHS.items()}, "sept": 9}
_DATE = re.compile(r"(?P<d>\d{1,2})\.?\s*(?P<month>[a-zæøå]+)\.?\s+(?P<y>(?:19|20)\d\d)"
                   r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>(?:19|20)\d\d)"
                   r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)"
                   r"|(?P<d4>\d{1,2})/(?P<m4>\d{1,2})\s+(?P<y4>(?:19|20)\d\d)", re.I)
# A line that says when the page changed is page metadata, not text to search: "Sidst opdateret 12.
# marts 2024", "Senest revideret: 03-02-2025", "Siden er sidst ændret 3. februar 2025 kl. 10.15",
# "Opdateret den 3/2 2025 af Webredaktionen", "Siden er senest opdateret tirsdag den 1. december 2026
# kl. 10.27". The words the notice is built of (the page as subject, sidst/senest, a verb of changing,
# ajourført, rettet and gennemgået among them; "Publiceret <date> – revideret <date>" gives both),
# then the date (a weekday may stand before it), then at most a time and who changed it. Plone's byline names who changed it first, and a dash: "af Redaktionen — sidst ændret
# 21.09.2026 10:47". A sentence of the text ("Reglerne er ændret 1. januar 2024.") has another subject
# and stays text.
_UPDATED_LINE = re.compile(
    r"^(?:af\s+\S+(?:\s+\S+){0,3}\s+[—–-]\s+)?"
    r"(?:(?:publiceret|udgivet|oprettet)\s+.{6,30}?\s+[—–-]\s+)?"
    r"(?:(?:siden|indholdet|denne side|artiklen|teksten)\s+(?:er|blev)\s+)?(?:(?:sidst|senest)\s+)?"
    r"(?:opdateret|ændret|rettet|redigeret|revideret|gennemgået|ajourført)(?:\s+(?:den|d\.))?\s*:?\s*"
    r"(?P<date>.{6,30}?)(?:,?\s+(?:kl\.?\s*)?\d{1,2}[.:]\d\d)?(?:\s+af\s+\S+(?:\s+\S+){0,3})?\s*\.?$", re.I)
# A date alone on its line, after a weekday or its abbreviation ("mandag d. 24. november 2025", "man. 24. nov. 2025").
# A news item's date may carry its label ("Udgivet: 3. december 2026", as Joomla writes it).
_DATE_LINE = re.compile(rf"^(?:(?:udgivet|publiceret|offentliggjort|dato)\s*:?\s*)?"
                        rf"(?:(?:man|tirs|ons|tors|fre|lør|søn)(?:dag|\.)\s+(?:d\.\s*|den\s+)?)?(?:{_DATE.pattern})$", re.I)


def _month(name: str) -> int | None:
    name = name.lower()
    return _MONTHS.get(name) or (_MONTH_ABBREVIATIONS.get(name) if len(name) <= 4 else None)


def parse_date(text: str) -> str | None:
    """A Danish date ("3. februar 2025", "3. feb. 2025", "03-02-2025", "3/2 2025", "2025-02-03") as ISO,
    or None."""
    match = _DATE.search(text)
    if not match:
        return None
    if match.group("y"):
        month = _month(match.group("month"))
        day, year = int(match.group("d")), int(match.group("y"))
    elif match.group("y2"):
        month, day, year = int(match.group("m2")), int(match.group("d2")), int(match.group("y2"))
    elif match.group("y4"):
        month, day, year = int(match.group("m4")), int(match.group("d4")), int(match.group("y4"))
    else:
        month, day, year = int(match.group("m3")), int(match.group("d3")), int(match.group("y3"))
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def updated_date(line: str) -> str | None:
    """The date of a "last updated" line, None for any other line."""
    match = _UPDATED_LINE.match(" ".join(line.split()))
    return parse_date(match.group("date")) if match else None


def is_date_line(line: str) -> bool:
    """A line that is only a date ("21. maj 2025", "12.02.2025"), as news items carry."""
    return bool(_DATE_LINE.match(" ".join(line.split()).rstrip(".")))


# A year right after these words is a target ("frem mod 2030", "inden udgangen af 2028"), not a year
# something happened in.
_TARGET_BEFORE = re.compile(r"\b(?:inden|frem mod|frem til|senest(?: i)?|målet for|til og med)(?: udgangen af)?\s*$",
                            re.I)
# A year in the clause that says when an organisation was founded ("der blev stiftet i 1987", "som
# tre virksomheder grundlagde i 2004").
_FOUNDED_BEFORE = re.compile(r"\b(?:stiftet|grundlagt|oprettet|dannet|stiftede|grundlagde|oprettede|dannede)\b"
                             r"[^.;,]{0,25}$", re.I)
_CONTEXT_CHARS = 40


def years_in(text: str, reference: int | None = None) -> list[int]:
    """The years something happened in that a text mentions, sorted, each once (``2019``, ``i
    2020``, the year of a date; not ``2860 Søborg``). Target years ("frem mod 2030"), founding years
    ("stiftet i 1987") and, given the ``reference`` year the text was written in, later years (plans)
    are left out."""
    years = set()
    if not _YEAR_DIGITS.search(text):  # most passages name no year: skip the slower patterns
        return []
    for match in _DATE.finditer(text):  # "12.02.2025", "3. februar 2025"
        date = parse_date(match.group(0))
        if date:
            years.add(int(date[:4]))
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        following = text[match.end() : match.end() + 3]
        before = text[max(0, match.start() - _CONTEXT_CHARS) : match.start()]
        # "2860 Søborg": a four-digit number followed by a capitalised word is a postcode.
        if re.match(r" [A-ZÆØÅ][a-zæøå]", following) and year > 2030:
            continue
        if _TARGET_BEFORE.search(before) or _FOUNDED_BEFORE.search(before):
            continue
        if MIN_YEAR <= year <= MAX_YEAR:
            years.add(year)
    if reference:
        years = {year for year in years if year <= reference}
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


def _is_page_fact(line: str) -> bool:
    """A line that may stand beside a "last updated" line in the page's facts box: short, no
    sentence ("Denne side er vist 2.317 gange", "Ansvarlig: Team Vej")."""
    return len(line) <= MAX_UPDATED_LINE_CHARS and not line.rstrip().endswith((".", "!", "?"))


def without_updated_lines(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Take the "Sidst opdateret …" lines out of the text; return the blocks left and that date.
    A paragraph made of such a line and other short lines that are no sentences is the page's
    facts box (how often it was viewed, who reviewed it): it goes whole."""
    kept, found, _ = updated_lines_taken_out(blocks)
    return kept, found


def updated_lines_taken_out(blocks: list[Block]) -> tuple[list[Block], str | None, int | None]:
    """As ``without_updated_lines``, and where the first "last updated" line stood: the number of
    the first block left below it (None without one). The notice closes the page's text: a copy that
    writes no blank line between blocks (a browser's innerText) puts the lines after it (share and
    feedback widgets, the boxes beside the text) in the paragraph of the text's last lines, and they
    go into a paragraph of their own."""
    found = None
    below = None
    kept = []
    for block in blocks:
        dates = [updated_date(line) if len(line) <= MAX_UPDATED_LINE_CHARS else None for line in block.lines]
        date = next((date for date in dates if date), None)
        facts_box = date and not block.level and all(d or _is_page_fact(line) for line, d in zip(block.lines, dates))
        lines = [] if facts_box else [line for line, d in zip(block.lines, dates) if not d]
        first = date and found is None
        # Where the block is cut: at the notice when it is the first, else nowhere.
        at = sum(1 for d in dates[:dates.index(date)] if not d) if first else len(lines)
        for part in (lines[:at], lines[at:]):
            if part:
                kept.append(Block(tuple(part), block.level))
            if first and found is None:
                found, below = date, len(kept)
    return kept, found, below
