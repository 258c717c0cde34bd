"""Answer cards: a query about opening hours, a phone number, an address or an e-mail address
("hvornår har borgerservice åbent", "telefon borgerservice", "hvor ligger rådhuset") is answered with
the matching contact facts above the hits.

The intent is read from a small named set of Danish words per fact type (``INTENT_WORDS``); the
facts are the lines of a passage that state one (``ingest.passages.contact_facts``). Candidates come
from the one query path, ``Searcher.search``: the query's own best hits, then the site passages
(kind ``site``: the footer's contact box) that have the query's other words. A candidate that lacks
one of those other words (``Hit.missing``) never answers: the hours of the town hall are no answer to
"åbningstid biblioteket".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from ingest.model import Passage
from ingest.passages import contact_facts, is_contact_fact

from ..analysis import DANISH_STOPWORDS, ascii_spellings, normalise_word
from .semantics import is_plain, is_question_word

# The words that ask for a fact, by fact type; a trailing "*" also takes the word's compounds and
# inflections ("åbningstiderne", "telefonnummer", "mailadressen"). Checked in this order, so
# "telefontid" asks for hours and "mailadresse" for an e-mail address.
INTENT_WORDS = {
    "hours": ("åbningstid*", "telefontid*", "åbent", "åben", "åbne", "åbner", "lukket", "lukker", "lukke"),
    "phone": ("telefon*", "tlf*", "ring", "ringe", "ringer"),
    "email": ("e-mail*", "email*", "mail*"),
    "address": ("adresse*", "ligger", "beliggenhed"),
}
# "hvor" asks where something is only when it opens a short question ("hvor er borgerservice",
# "hvor finder jeg rådhuset"); "hvor mange" or "hvor kan jeg få hjælp" ask something else.
WHERE_WORD = "hvor"
WHERE_VERBS = frozenset({"er", "ligger", "finder", "finde"})
MAX_WHERE_QUESTION_WORDS = 5
# The card's heading: one fact type, or several ("telefon og adresse").
HEADINGS = {"hours": "Åbningstider", "phone": "Telefon", "email": "E-mail", "address": "Adresse"}
MIXED_HEADING = "Kontakt"
# Hits of each search looked at for a card.
ANSWER_CANDIDATES = 5
# A fact stands on a short line of its own (a contact box, a table of hours); a long line is prose.
MAX_FACT_LINE_CHARS = 80
# A label names the facts under it ("Borgerservice", "Telefontid", a street above its postcode).
MAX_LABEL_CHARS = 40
MAX_LABEL_LINES = 2

_QUERY_WORD = re.compile(r"\w[\w'’-]*\w|\w")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass(frozen=True)
class Intent:
    """What a query asks for: the fact types, and its other words (what it asks them about)."""

    facts: tuple[str, ...]
    topic: str


@dataclass(frozen=True)
class AnswerLine:
    text: str
    label: bool = False  # names the facts below it, rather than stating one


@dataclass
class Answer:
    """The card shown above the hits."""

    heading: str
    title: str  # whose facts these are: the site's owner or the passage's title
    lines: list[AnswerLine]
    url: str | None  # the passage's source page, or None (link to the passage page instead)
    passage_id: str

    def to_dict(self) -> dict:
        return {"heading": self.heading, "title": self.title, "lines": [line.text for line in self.lines],
                "url": self.url, "passage_id": self.passage_id}


def _spellings(form: str) -> tuple[str, ...]:
    return (form, *ascii_spellings(form))


_INTENT_SPELLINGS = {fact: [(spelling, form.endswith("*")) for form in forms
                            for spelling in _spellings(form.rstrip("*"))]
                     for fact, forms in INTENT_WORDS.items()}


def fact_asked(word: str) -> str | None:
    """The fact type ``word`` asks for ("åbningstider" → hours), or None."""
    word = normalise_word(word)
    for fact, spellings in _INTENT_SPELLINGS.items():
        if any(word.startswith(spelling) if prefix else word == spelling for spelling, prefix in spellings):
            return fact
    return None


def query_intent(query: str) -> Intent | None:
    """The facts a plain query asks for, or None when it asks for none (or uses search syntax)."""
    if not is_plain(query):
        return None
    words = _QUERY_WORD.findall(query)
    folded = [normalise_word(word) for word in words]
    facts: list[str] = []
    topic = []
    for n, word in enumerate(words):
        fact = fact_asked(word)
        if (fact is None and folded[n] == WHERE_WORD and len(words) <= MAX_WHERE_QUESTION_WORDS
                and n + 1 < len(words) and folded[n + 1] in WHERE_VERBS):
            fact = "address"
        if fact:
            if fact not in facts:
                facts.append(fact)
        elif not is_question_word(word) and folded[n] not in DANISH_STOPWORDS:
            topic.append(word)
    return Intent(tuple(facts), " ".join(topic)) if facts else None


def _is_fact_of(kinds: frozenset[str], fact: str) -> bool:
    if fact == "phone":
        return "phone" in kinds and "number" not in kinds  # a CVR number has eight digits too
    if fact == "email":
        return "email" in kinds
    if fact == "address":
        return "postcode" in kinds
    return "weekday" in kinds


def _is_label(line: str) -> bool:
    return len(line) <= MAX_LABEL_CHARS and not is_contact_fact(line) and not _SENTENCE_END.search(line)


def fact_lines(text: str, facts: tuple[str, ...]) -> list[AnswerLine]:
    """The lines of ``text`` that state one of ``facts``, each run of them under the label lines
    just above it. Opening hours are the lines naming a weekday, with a time span on a line next
    to one ("Mandag" / "kl. 10-14"); an address is its postcode line under the street above it."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    kinds = [contact_facts(line) if len(line) <= MAX_FACT_LINE_CHARS else frozenset() for line in lines]
    picked = {n for n, found in enumerate(kinds) if any(_is_fact_of(found, fact) for fact in facts)}
    if "hours" in facts:
        picked |= {n for n, found in enumerate(kinds)
                   if "time_span" in found and {n - 1, n + 1} & picked}
    labels = set()
    for n in sorted(picked):
        if n - 1 in picked:
            continue  # inside a run: its labels stand above the run's first line
        above = n - 1
        while above >= 0 and n - above <= MAX_LABEL_LINES and above not in picked and _is_label(lines[above]):
            labels.add(above)
            above -= 1
    return [AnswerLine(lines[n], n in labels) for n in sorted(picked | labels)]


def _owner(passage: Passage) -> str:
    """Whose facts a passage gives: the organisation's (a site passage), else its page's and section's
    ("Hovedbiblioteket – Åbningstider")."""
    if passage.kind == "site" or passage.title == passage.page_title or not passage.page_title:
        return passage.page_title or passage.title
    return f"{passage.page_title} – {passage.title}"


def _about_the_topic(missing: list[str], topic: str) -> bool:
    """Whether a hit has every word the query asks the facts about (it may lack the fact words)."""
    asked = {normalise_word(word) for word in _QUERY_WORD.findall(topic)}
    return not any(normalise_word(word) in asked for label in missing for word in label.split())


def answer_for(searcher, query: str) -> Answer | None:
    """The answer card for ``query``, or None when it asks for no contact fact or no passage that
    is about its topic states one. ``searcher`` is an ``index.Searcher``."""
    intent = query_intent(query)
    if intent is None:
        return None
    asked = searcher.search(query, per_page=ANSWER_CANDIDATES).hits
    sites = searcher.search(intent.topic, kind="site", per_page=ANSWER_CANDIDATES).hits
    for hit in [*asked, *sites]:
        if not _about_the_topic(hit.missing, intent.topic):
            continue
        owner = _owner(hit.passage)
        # The owner's name above its address is the card's title already.
        lines = [line for line in fact_lines(hit.passage.text, intent.facts) if line.text != owner]
        if any(not line.label for line in lines):
            heading = HEADINGS[intent.facts[0]] if len(intent.facts) == 1 else MIXED_HEADING
            return Answer(heading, owner, lines, hit.passage.url, hit.passage.id)
    return None
