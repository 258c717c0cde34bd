"""Query semantics, named in one place (as Elasticsearch's ``match`` query names its options).

- ``MINIMUM_SHOULD_MATCH`` ("2<75%"): a query of up to two content words needs them all; a longer one
  needs three quarters of them (rounded down). Passages with every word rank first; when fewer than
  ``RELAX_BELOW`` passages have them all, passages with most of them follow, ranked by how many and
  how rare the words they have are; while those are still fewer than ``RELAX_BELOW``, a query of
  more than two words is relaxed one word at a time, down to half of its words
  (``fewest_matches``), passages with more of the words first. A query whose content words are in
  the index never answers 0 hits: as a last resort any one of them will do.
- ``QUESTION_WORDS``: the words of a question or a sentence that say how it is asked, not what it is
  about (interrogatives, pronouns, modal and auxiliary verbs). They never decide whether a passage
  matches and are never spelling-corrected. The stop words of the analyzer are not searched at all.
- Only plain words are relaxed: a query with a phrase, ``-word``, ``OR``, ``+word`` or a field prefix
  keeps its exact meaning (every word must match).
"""
from __future__ import annotations

import re

from ..analysis import DANISH_STOPWORDS, normalise_word
from .expansion import with_danish_letters

MINIMUM_SHOULD_MATCH = "2<75%"
RELAX_BELOW = 10
# A query of up to this many words, none of them a question word ("affald", "beboer licens"), asks for
# the page about them: the introduction of a page on which at least ``ABOUT_PAGE_SHARE`` of the
# passages (``ABOUT_PAGE_PASSAGES`` or more) have every word ranks first.
ABOUT_PAGE_WORDS = 2
ABOUT_PAGE_SHARE = 0.75
ABOUT_PAGE_PASSAGES = 3
# The question words that are indexed (not stop words) still add to a match's score, at this weight:
# "hvornår skal mit barn starte i skole" ranks the FAQ entry "Hvornår skal mit barn begynde i skole?"
# above others about school start.
QUESTION_WORD_WEIGHT = 0.5

# The interrogatives: which kind of answer a question wants (a time, a way, a person, a reason).
INTERROGATIVES = frozenset("hvad hvem hvor hvordan hvornår hvorfor hvilken hvilket hvilke hvis hvorledes "
                           "hvorhen hvortil mon".split())
# Interrogatives, personal and possessive pronouns, modal and auxiliary verbs: how Danish asks a
# question, chosen from the grammar, not from queries that failed.
QUESTION_WORDS = INTERROGATIVES | frozenset("""
jeg mig min mit mine du dig din dit dine vi os vores man en ens i jer jeres han hun den det de dem
deres sin sit sine
kan kunne må måtte skal skulle vil ville bør burde gør gøre gjorde får få fik fået har have havde
er være var været bliver blive blev
nogen noget nogle gerne bare lige også altså egentlig please
""".split())

# What the query parser reads as syntax ("km/t" and "12-25" are words).
_SYNTAX = re.compile(r"[\"()\[\]{}:^~*?]|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b|(?:^|\s)[-+]\S")
_MSM = re.compile(r"^(\d+)<(\d+)%$")


def is_plain(text: str) -> bool:
    """Plain words only: no phrase, exclusion, OR, field prefix or wildcard."""
    return not _SYNTAX.search(text)


def is_question_word(word: str) -> bool:
    """A question word, also typed without æ/ø/å ("hvornaar", "maa", "vaere")."""
    plain = normalise_word(word)
    return plain in QUESTION_WORDS or with_danish_letters(plain) in QUESTION_WORDS


def _stop_word_without_danish_letters(word: str) -> bool:
    """A stop word typed without æ/ø/å ("paa", "naar"): the analyzer drops it only as written
    with them."""
    plain = normalise_word(word)
    return with_danish_letters(plain) != plain and with_danish_letters(plain) in DANISH_STOPWORDS


def content_words(text: str) -> list[str]:
    """The words of a plain query that say what it is about (all of them when every word is a
    question word: "hvad kan jeg" is then searched as typed). Question and stop words typed
    without æ/ø/å are left out like those typed with them."""
    words = re.findall(r"\w[\w.'’-]*\w|\w", text)
    content = [word for word in words if not is_question_word(word) and not _stop_word_without_danish_letters(word)]
    return content or words


def required_matches(clauses: int, setting: str = MINIMUM_SHOULD_MATCH) -> int:
    """How many of ``clauses`` searched words a passage needs ("2<75%": all of up to 2, else 75%)."""
    match = _MSM.match(setting)
    if not match:
        return clauses
    upto, percent = int(match.group(1)), int(match.group(2))
    return clauses if clauses <= upto else max(1, clauses * percent // 100)


def fewest_matches(clauses: int, setting: str = MINIMUM_SHOULD_MATCH) -> int:
    """How few of ``clauses`` searched words a passage may have when even "most of them" finds fewer
    than ``RELAX_BELOW`` passages: half of a query longer than the setting's all-words limit (its
    words then say more together than any one does), else what ``required_matches`` says."""
    match = _MSM.match(setting)
    if not match or clauses <= int(match.group(1)):
        return required_matches(clauses, setting)
    return min(required_matches(clauses, setting), max(1, clauses // 2))
