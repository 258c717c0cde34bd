"""Words of a query that name the site searched, not what a passage is about.

A citizen types the municipality's name or "kommune" beside the topic ("aabningstid borgerservice
gladsaxe", "hvad koster et pas i kragsø", "kan kommunen hjælpe"). On one municipality's site every
page is the municipality's, so the name says nothing about which section answers; in an index of
several municipalities it says which site's pages do. Either way it is no topic word: a passage that
repeats the name (the site's contact passage, "Kragsø Kommune: kontakt og åbningstider", a news item
about "Kragsø Havn") is no better an answer for it. The names are the owners of the sites' contact
passages ("Kragsø Kommune"), learned from the index, never listed here.
"""
from __future__ import annotations

from ..analysis import analyse, ascii_spellings, normalise_word

# The word for the site's owner itself, in any inflection ("kommunen", "kommunens").
OWNER_WORD = "kommune"


def site_names(snapshot) -> dict[str, int]:
    """Each site's own name, as the term a query word of it is analysed to (also typed without
    æ/ø/å: "kragsoe"), → the site's code in the facet table. Built once per generation."""
    return snapshot.derived(_site_names)


def _site_names(snapshot) -> dict[str, int]:
    table = snapshot.arrays.facets
    if "site" not in table.kinds:
        return {}
    codes = {site: n for n, site in enumerate(table.sites)}
    stored = snapshot.searcher().reader().stored_fields
    names: dict[str, int] = {}
    for docnum in (table.kind == table.kinds.index("site")).nonzero()[0]:
        fields = stored(int(docnum))
        words = (fields.get("page_title") or "").split()
        if words and analyse(words[-1]) == analyse(OWNER_WORD):
            words = words[:-1]  # "Kragsø Kommune" → Kragsø
        code = codes.get(fields.get("site") or "")
        if len(words) != 1 or code is None:  # a name of several words is no one query word
            continue
        name = normalise_word(words[0])
        for spelling in (name, *ascii_spellings(name)):
            terms = analyse(spelling)
            if terms:
                names.setdefault(terms[0], code)
    return names


def own_site_words(words: list[str], names: dict[str, int]) -> tuple[list[str], set[int]]:
    """``words`` (a query's content words) without those that name the site (a site's name,
    "kommune"), and the codes of the sites named. A name with "kommune" after it ("gladsaxe kommune
    adresse") names the organisation, whose contact passage answers: both are kept, the site still
    chosen. A query of nothing but such words ("gladsaxe kommune") is about the site itself: kept whole."""
    owner = analyse(OWNER_WORD)
    terms = [analyse(word) for word in words]
    kept, sites = [], set()
    for n, (word, term) in enumerate(zip(words, terms)):
        if len(term) == 1 and term[0] in names:
            sites.add(names[term[0]])
            if n + 1 < len(words) and terms[n + 1] == owner:  # "gladsaxe kommune": the organisation
                kept += [word, words[n + 1]]
        elif term != owner:
            kept.append(word)
    return (kept, sites) if kept else (words, set())
