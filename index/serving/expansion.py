"""Query expansion: what a parsed query also searches for, always weighted below the words typed.

- Synonyms (``expand_synonyms``): a word with synonyms becomes "the word OR its synonyms".
- Compounds (``expand_compounds``): a compound typed as one word also finds passages that have all
  its parts ("skolelegeplads" finds "skolernes legepladser"), as Danish writes the same thing
  both ways, also with one part in the page's title and the other in the section
  ("biblioteksåbningstider" finds "Åbningstider" on the page "Biblioteket"); a number range likewise
  ("12-25 år" finds "mellem 12 og 25 år").
- Unknown compounds (``unknown_compound``): a compound that no passage has, whole or in parts, is
  searched by any of its parts ("rottefænger" finds "rotter"), as the last resort before nothing.
- Compounds written apart (``join_written_apart``): two words in a row that Danish writes as one
  ("skole indskrivning") also find the compound, however the index splits it.
- Particle verbs (``join_particle_verbs``): a verb with its particle after it ("melder … ud",
  "skrives ind") also finds the one word Danish writes it as (udmelder, indskrives), as typed.
- Price questions (``expand_price_words``): a word that asks for a price ("hvad koster …", "priser")
  is also found by the answer's form, an amount in kroner ("380 kr.").

Both work on Whoosh query trees leaf by leaf and leave phrases and excluded words alone.
"""
from __future__ import annotations

import re

from whoosh.query import And, AndNot, Not, Or, Phrase, Term

from ..analysis import analyse, compound_split, compound_tail, range_parts, surface_analyzer
from ..schema import SEARCH_FIELDS

# Synonyms and compound parts count less than the words typed, so exact matches stay on top.
SYNONYM_BOOST = 0.7
# A synonym of several words leaves out its stop words ("hjælp i hjemmet" → hjælp, hjem), so its
# phrase allows one word between each two of its words.
SYNONYM_PHRASE_SLOP = 2
COMPOUND_PARTS_BOOST = 0.5
# A passage's own words and its page's title (not the breadcrumb a whole menu branch shares): where a
# compound's parts may stand apart, and what counts as having a word as typed.
OWN_FIELDS = ("title", "text", "page_title")
# A compound's parts found in different ones of those fields count half as much as in one field.
PARTS_ACROSS_FIELDS_BOOST = COMPOUND_PARTS_BOOST * 0.5
# Two words typed apart that make a compound: the compound counts in each word's clause at this
# weight, as much together as the compound typed whole. Danish joins parts directly or with a
# linking s or e (skole|indskrivning, erhverv|s|service, hund|e|skov).
WRITTEN_APART_BOOST = 0.5
COMPOUND_LINKS = ("", "s", "e")
# The adverbs a Danish verb takes as a particle, after it in a sentence ("melde sig ud") and in
# front of it as one word (udmelde).
VERB_PARTICLES = frozenset("ind ud op ned af over om på til frem bort hjem væk tilbage sammen".split())

_TEXT_FIELDS = frozenset(SEARCH_FIELDS)


def _expand_leaves(query, expand):
    """Apply ``expand`` to every Term of the searched (not excluded) part of ``query``."""
    if isinstance(query, Term):
        return expand(query)
    if isinstance(query, AndNot):
        return AndNot(_expand_leaves(query.a, expand), query.b)
    if isinstance(query, (Phrase, Not)) or query.is_leaf():
        return query
    return query.apply(lambda sub: _expand_leaves(sub, expand))


def _alternative(fieldname: str, terms: tuple[str, ...], boost: float):
    alternative = (Term(fieldname, terms[0]) if len(terms) == 1
                   else Phrase(fieldname, list(terms), slop=SYNONYM_PHRASE_SLOP))
    alternative.boost = boost * SYNONYM_BOOST
    return alternative


def expand_synonyms(query, table: dict[str | tuple[str, ...], tuple[tuple[str, ...], ...]]):
    """Each searched word that has synonyms becomes "the word OR its synonyms", the synonyms
    weighted lower (``SYNONYM_BOOST``); a synonym of several words is a phrase. Words in a row that
    are a synonym of several words ("skifte adresse") become "those words OR the synonyms"."""
    if not table:
        return query

    def expand(term: Term):
        alternatives = table.get(term.text) if term.fieldname in _TEXT_FIELDS else None
        if not alternatives:
            return term
        return Or([term, *(_alternative(term.fieldname, terms, term.boost) for terms in alternatives)])

    return _expand_word_runs(query, table, lambda sub: _expand_leaves(sub, expand))


def _word(query) -> tuple[str, list[str]] | None:
    """The one index term a query searches and its fields, when it searches one word (a Term, or
    the parser's OR of one Term per searched field)."""
    terms = [query] if isinstance(query, Term) else list(query.subqueries) if isinstance(query, Or) else []
    if not terms or not all(isinstance(t, Term) and t.fieldname in _TEXT_FIELDS for t in terms):
        return None
    texts = {t.text for t in terms}
    return (texts.pop(), [t.fieldname for t in terms]) if len(texts) == 1 else None


def _expand_word_runs(query, table, expand_rest):
    """Each run of required words that is a synonym of several words becomes "the run OR its
    synonyms"; ``expand_rest`` expands every other part (and the run itself)."""
    if isinstance(query, AndNot):
        return AndNot(_expand_word_runs(query.a, table, expand_rest), query.b)
    if not isinstance(query, And):
        return expand_rest(query)
    subs = list(query.subqueries)
    words = [_word(sub) for sub in subs]
    runs = sorted((key for key in table if isinstance(key, tuple)), key=len, reverse=True)
    out, i = [], 0
    while i < len(subs):
        for run in runs:
            found = words[i:i + len(run)]
            if len(found) == len(run) and all(w and w[0] == t for w, t in zip(found, run)):
                fields = found[0][1]
                alternatives = [Or([_alternative(f, terms, 1.0) for f in fields]) for terms in table[run]]
                out.append(Or([expand_rest(And(subs[i:i + len(run)])), *alternatives]))
                i += len(run)
                break
        else:
            out.append(expand_rest(subs[i]))
            i += 1
    return And(out) if len(out) > 1 else out[0]


def clause_terms(clause) -> set[str]:
    """The index terms a clause searches (a phrase's words among them)."""
    terms = set()
    for leaf in clause.leaves() if hasattr(clause, "leaves") else [clause]:
        if isinstance(leaf, Phrase):
            terms.update(leaf.words)
        elif hasattr(leaf, "text"):
            terms.add(str(leaf.text))
    return terms


def _word_fields(clause, term: str) -> list[str]:
    """The fields in which ``clause`` searches ``term`` itself."""
    return sorted({leaf.fieldname for leaf in clause.leaves() if isinstance(leaf, Term) and leaf.text == term})


def _with_alternatives(query, clauses: list, extra: dict[int, list]):
    """``query`` (an AND of ``clauses``, or one clause) with each clause ``i`` also finding ``extra[i]``."""
    if not extra:
        return query
    out = [Or([clause, *extra[i]]) if i in extra else clause for i, clause in enumerate(clauses)]
    return And(out) if len(out) > 1 else out[0]


def join_written_apart(query, text: str):
    """Each two words of ``text`` in a row that are the searched words of two clauses in a row of
    ``query`` also find the compound they make ("skole indskrivning" finds "Skoleindskrivning",
    "beboer licens" "beboerlicens"), in both clauses at ``WRITTEN_APART_BOOST``: Danish writes
    compounds as one word, citizens often type them apart, and the index may split the compound
    into other parts (skoleind + skrivning) or none. A compound no passage has matches nothing."""
    if not isinstance(query, And):
        return query
    clauses = list(query.subqueries)
    terms = [clause_terms(clause) for clause in clauses]
    words = re.findall(r"\w+", text.lower())
    extra: dict[int, list] = {}
    for first, second in zip(words, words[1:]):
        ends = analyse(first), analyse(second)
        if not (first.isalpha() and second.isalpha() and len(ends[0]) == len(ends[1]) == 1):
            continue
        for i in range(len(clauses) - 1):
            if ends[0][0] in terms[i] and ends[1][0] in terms[i + 1] and ends[0][0] not in terms[i + 1]:
                joined = {term for link in COMPOUND_LINKS if not first.endswith(link) or not link
                          for term in analyse(first + link + second)}
                alternatives = [Term(field, term, boost=WRITTEN_APART_BOOST) for term in sorted(joined)
                                for field in _word_fields(clauses[i], ends[0][0])]
                extra.setdefault(i, []).extend(alternatives)
                extra.setdefault(i + 1, []).extend(alternatives)
    return _with_alternatives(query, clauses, extra)


def join_particle_verbs(query, text: str):
    """Each searched word of ``text`` followed, later in ``text``, by a verb particle also finds the
    particle and the word as one word, as if typed so ("hvordan melder jeg mit barn ud" finds
    "udmelder", "skrives ind" "indskrives"): Danish puts the particle after the verb in a sentence
    and before it in one word. A word no passage has matches nothing."""
    clauses = list(query.subqueries) if isinstance(query, And) else [query] if _word(query) else []
    terms = [clause_terms(clause) for clause in clauses]
    words = re.findall(r"\w+", text.lower())
    extra: dict[int, list] = {}
    for at, particle in enumerate(words):
        if particle not in VERB_PARTICLES:
            continue
        for word in words[:at]:
            own, joined = analyse(word), analyse(particle + word)
            if not word.isalpha() or len(own) != 1 or len(joined) != 1:
                continue
            for i, clause_term_set in enumerate(terms):
                if own[0] in clause_term_set:
                    extra.setdefault(i, []).extend(Term(field, joined[0])
                                                   for field in _word_fields(clauses[i], own[0]))
    return _with_alternatives(query, clauses, extra)


# The nouns that name a price, alone or as a compound's part (musikskolepriser, affaldsgebyr), and the
# verb that asks one only as a verb ("kost" is also diet: "sund kost").
PRICE_NOUNS = ("pris", "takst", "gebyr")
PRICE_VERB_FORMS = ("koster", "koste", "kostede", "kostet")
# How a price is stated: "kr.", "kroner" (both the one index term).
AMOUNT_WORD = "kroner"


def expand_price_words(query, text: str):
    """Each searched word that asks for a price ("koster", "priser", "taksten") also finds an amount
    in kroner, weighted as a synonym (``SYNONYM_BOOST``): a price is answered by the section that
    states it ("Priser pr. sæson … 1.200 kr."), which seldom repeats the question's verb."""
    asking = {term for noun in PRICE_NOUNS for term in analyse(noun)}
    if any(word in PRICE_VERB_FORMS for word in re.findall(r"\w+", text.lower())):
        asking.update(analyse(PRICE_VERB_FORMS[0]))
    amount = analyse(AMOUNT_WORD)
    if not amount:
        return query

    def expand(term: Term):
        if term.text not in asking or term.fieldname not in _TEXT_FIELDS:
            return term
        return Or([term, Term(term.fieldname, amount[0], boost=term.boost * SYNONYM_BOOST)])

    return _expand_leaves(query, expand)


# How æ, ø and å are typed without them (the reverse of the index's spellings without them).
_ASCII_DANISH = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


def with_danish_letters(word: str) -> str:
    """``word`` as written with æ/ø/å where it was typed as ae/oe/aa ("cykelvaerksted" →
    cykelværksted): its compound parts are found in the Danish spelling, while the letters as
    typed split into nonsense (cykelvaerk + sted)."""
    for typed, letter in _ASCII_DANISH:
        word = word.replace(typed, letter)
    return word


def compound_terms(text: str) -> dict[str, tuple[str, ...]]:
    """Index term of each compound word (or number range) in ``text`` → the index terms of its parts."""
    found = {}
    for token in surface_analyzer()(text):
        terms = analyse(token.text)
        parts = (compound_split(with_danish_letters(token.text)) or compound_split(token.text)
                 or range_parts(token.text))
        if len(terms) == 1 and parts:
            part_terms = tuple(t for part in parts for t in analyse(part))
            if len(part_terms) > 1:
                found[terms[0]] = part_terms
    return found


def expand_compounds(query, text: str):
    """Each compound word of ``text`` searched in ``query`` becomes "the compound OR all of its
    parts", the parts weighted lower (``COMPOUND_PARTS_BOOST``); a searched word also finds its parts
    spread over a passage's ``OWN_FIELDS`` (``PARTS_ACROSS_FIELDS_BOOST``): a section "Priser" on the
    page "Musikskolen" is about "musikskolepriser"."""
    table = compound_terms(text)
    if not table:
        return query

    def across_fields(sub):
        word = _word(sub)
        fields = [field for field in OWN_FIELDS if word and field in word[1]]
        if len(fields) < 2 or word[0] not in table:  # one field (titel:…): its parts are in it or not
            return sub
        spread = And([Or([Term(field, part) for field in fields]) for part in table[word[0]]])
        spread.boost = PARTS_ACROSS_FIELDS_BOOST
        return Or([sub, spread])

    if isinstance(query, And):
        query = And([across_fields(sub) for sub in query.subqueries])
    else:
        query = across_fields(query)

    def expand(term: Term):
        parts = table.get(term.text) if term.fieldname in _TEXT_FIELDS else None
        if not parts:
            return term
        together = And([Term(term.fieldname, part) for part in parts])
        together.boost = term.boost * COMPOUND_PARTS_BOOST
        return Or([term, together])

    return _expand_leaves(query, expand)


def unknown_compound(word: str, fields=SEARCH_FIELDS):
    """A compound ``word`` searched by any one of its parts, weighted as parts are
    (``COMPOUND_PARTS_BOOST``): the known parts of the lexicon, else a known first part and what
    follows it ("rottefænger" → rotte, fænger). None when ``word`` is no compound."""
    if not word.isalpha():
        return None
    parts = compound_split(with_danish_letters(word)) or compound_split(word)
    if not parts:
        tail = compound_tail(word)
        parts = (word[:len(word) - len(tail)], tail) if tail else ()
    terms = list(dict.fromkeys(t for part in parts for t in analyse(part)))
    if len(parts) < 2 or not terms:
        return None
    return Or([Term(field, term, boost=COMPOUND_PARTS_BOOST) for term in terms for field in fields])
