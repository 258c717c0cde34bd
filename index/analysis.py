"""The one Danish analyzer, shared by indexing and querying.

A chain of small filters in Whoosh's style, each doing one job and testable alone:

    tokenize → normalise (NFKC, lower case) → complete hyphen ellipses ("psykiatri- og
    handicappolitik" → psykiatripolitik) → split hyphenated and dotted words (a-dagpenge,
    boblberg.dk) → drop stop words →
    [index only] add compound parts (genbrugssystem → genbrug, system) at a lower weight →
    [index only] add spellings without æ/ø/å (søborg → soborg, soeborg) at a lower weight →
    lemmatise, then snowball-stem (cykler → cykel, bydelsmødre → bydelsmor), except where Snowball
    would merge unrelated words (farligt → farlig, not far).

The index-only filters look at Whoosh's ``mode``: a query word is analysed to the one term its
spelling means, so the query stays small and fast; the extra forms live in the index (a query's
compounds and synonyms are expanded on the query tree instead: ``index.serving.expansion``). Indexed text
keeps its real spelling (stored fields are untouched); only the terms are folded.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import lemmy
import snowballstemmer
from whoosh.analysis import Filter, RegexTokenizer, StopFilter, Token
from whoosh.lang import stopwords_for_language

# Bumped whenever analysis changes what is indexed; a different version forces a full rebuild.
ANALYSIS_VERSION = "4"

# Words: letters and digits, joined by inner hyphens or dots ("a-dagpenge", "boblberg.dk", "12-25"),
# with an optional possessive ("FN's"). A trailing hyphen is kept when a conjunction follows, so the
# ellipsis filter sees "psykiatri-" in "Psykiatri- og Handicappolitik".
# Combining marks count as letters, so a decomposed "å" (a + ring) stays inside its word.
_LETTER = r"[\w\u0300-\u036f]"
WORD_PATTERN = (rf"{_LETTER}+(?:[-.]{_LETTER}+)*(?:['’]s\b)?"
                r"(?:-(?=\s*,|\s+(?:og|eller|samt|og/eller|&)\s))?")
WORD = re.compile(WORD_PATTERN)

# Snowball's Danish stop list minus words that are content in municipal text ("Kong Hans Have",
# "have" = garden; "selv" in "selvforsørgelse" queries typed apart).
DANISH_STOPWORDS = frozenset(stopwords_for_language("da")) - {"have", "hans", "selv", "under", "mod"}

# Weights of the extra index terms relative to a word as written (1.0): a whole-word match ranks
# above a match on a part of a compound or on a spelling without æ/ø/å.
PART_BOOST = 0.3
FOLD_BOOST = 0.5

_ELLIPSIS_JOINERS = frozenset({"og", "eller", "samt", "og/eller", "&", ","})
_MAX_ELLIPSIS_RUN = 6  # "a-, b-, c- og d": how many tokens an ellipsis may hold back

_STEMMER = snowballstemmer.stemmer("danish")  # PyStemmer's C code when installed, else pure Python


def danish_stem(word: str) -> str:
    """Snowball's Danish stemmer through snowballstemmer (which hands out PyStemmer's C implementation
    when it is installed). A module-level function, so Whoosh
    can pickle the analyzer into the index schema."""
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=1)
def _lemmatizer():
    return lemmy.load("da")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a Danish word form (cyklerne → cykel, bydelsmødre → bydelsmor).

    Lemmy (rules learned from the Danish word list) may offer several lemmas without a part of
    speech. A word that is one of its own lemmas stays itself ("ledig" is not "lede", "lærer" not
    "lære"), unless it is the neuter -t form of another of them ("godt" → god, "lokalt" → lokal;
    "kort" stays, as "kor" is not offered); otherwise the shortest lemma is the most general
    ("cykler" → cykel, not cyklus). Measured on the corpus vocabulary this closes most of
    snowball's gaps while merging hardly any unrelated words (docs/relevance.md). Words with digits
    are kept as written."""
    if not word or any(c.isdigit() for c in word):
        return word
    candidates = _lemmatizer().lemmatize("", word)
    if not candidates:
        return word
    if word in candidates:
        return word[:-1] if word.endswith("t") and word[:-1] in candidates else word
    return min(candidates, key=lambda c: (len(c), c))


def _data_words(name: str) -> frozenset[str]:
    """The words of a packaged word list (``index/data/<name>``): one a line, ``#`` comments."""
    text = resources.files("index").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for w in (line.split("#", 1)[0].strip() for line in text.splitlines()) if w)


@lru_cache(maxsize=1)
def unstemmed_words() -> frozenset[str]:
    """Dictionary forms kept whole because Snowball would merge them with an unrelated word
    ("billet" would become "bil"); ``index/data/unstemmed.txt``."""
    return _data_words("unstemmed.txt")


# An adjective or adverb in -ig/-lig with its endings (farligt, vigtige, tidligere, billigst). Snowball
# strips the -ig/-lig itself, which makes farlig "far", billig "bil", venlig "ven", tidlig "tid".
_IG_WORD = re.compile(r"(.{3,}ig)(?:t|e|ere|st|ste)?")


@lru_cache(maxsize=200_000)
def danish_term(word: str) -> str:
    """The index term of a word: its lemma, snowball-stemmed (so unknown words are still stemmed),
    except where Snowball would merge unrelated words: an -ig/-lig word keeps its -ig ("farligt" →
    farlig, not far), and a few lemmas listed in ``index/data/unstemmed.txt`` stay whole."""
    base = lemma(word)
    if base in unstemmed_words():
        return base
    adjective = _IG_WORD.fullmatch(base)
    return adjective.group(1) if adjective else danish_stem(base)


@lru_cache(maxsize=100_000)
def normalise_word(word: str) -> str:
    """NFKC (ligatures, full-width letters, composed å), lower case, no possessive ("FN's" → "fn")."""
    word = unicodedata.normalize("NFKC", word).casefold()
    return word[:-2] if word.endswith(("'s", "’s")) else word


# --- ASCII spellings ------------------------------------------------------------------------------

# How Danish letters are typed without a Danish keyboard: as digraphs (the old spelling "aa", and
# "ae", "oe") or as the bare vowel ("abningstid", "Soborg"; æ as "a" or "e").
# Accented letters of loan words ("café", "idé", "allé") are typed without their accent.
_FOLDINGS = {"æ": ("ae", "a", "e"), "ø": ("oe", "o"), "å": ("aa", "a"), "é": ("e",), "è": ("e",),
             "ü": ("ue", "u"), "ö": ("oe", "o"), "ä": ("ae", "a")}


@lru_cache(maxsize=100_000)
def ascii_spellings(word: str) -> tuple[str, ...]:
    """The ways ``word`` may be typed without æ/ø/å (or accents: "café" → cafe), digraph spellings
    first ("søborg" → soeborg, soborg). Empty for a word without those letters. Mixed typings are
    left out: people who lack the letters use one habit per word."""
    if len(word) < 3 or not any(c in _FOLDINGS for c in word):
        return ()
    spellings = []
    for style in range(3):  # 0 digraphs, 1 bare vowel (æ→a), 2 bare vowel (æ→e)
        folded = "".join(_FOLDINGS[c][min(style, len(_FOLDINGS[c]) - 1)] if c in _FOLDINGS else c
                         for c in word)
        if folded not in spellings:
            spellings.append(folded)
    return tuple(spellings)


# --- Compounds ------------------------------------------------------------------------------------

# Heads that are prefixes rather than words in a compound ("genbrug" is not gen + brug, "forbedre"
# is not for + bedre, "indsats" is not ind + sats).
_PREFIX_HEADS = frozenset(
    "af an be bet des efter er for fore frem fri gen gennem hen hver ind kon med mis mod om op over "
    "pro sam til u ud under van ved".split())
# Tails that are derivational suffixes in a compound-looking word ("sundhed" is not sund + hed).
# Three-letter tails that end derived words ("institut-ion", "sorte-ring") are refused as well.
_SUFFIX_TAILS = frozenset("dom else ere hed ighed ion isme lig ning ring skab ter".split())
_LINKS = ("", "s", "e")  # the linking element between parts: verden-s-mål, børn-e-hus
MIN_PART = 3
MIN_SPLIT = 6  # shorter words are never compounds worth splitting
MIN_SPLIT_KNOWN = 10  # a word that is itself in the lexicon is split only when this long
MAX_SPLIT = 40
# A compound whose first part is no dictionary word ("Gladsaxebørn", "Havbygården") is split before
# its last part when that is a known word of at least MIN_TAIL letters; only in words this long.
MIN_TAIL = 4
MIN_UNKNOWN_HEAD = 5
MIN_SPLIT_UNKNOWN_HEAD = 9


@lru_cache(maxsize=1)
def compound_lexicon() -> frozenset[str]:
    """Known compound parts (``index/data/compound_parts.txt``, see ``learn_parts.py`` there)."""
    return _data_words("compound_parts.txt")


def _head_kind(head: str) -> int:
    """0: a known word; 1: a known word in a compound's shape (arbejd-s-marked: "arbejde" loses its
    e; børn-e-hus: "børn" is a form of barn); 2: not a head."""
    if len(head) < MIN_PART or head in _PREFIX_HEADS:
        return 2
    lexicon = compound_lexicon()
    if head in lexicon:
        return 0
    if (len(head) >= 5 and head + "e" in lexicon) or (len(head) >= 4 and lemma(head) in lexicon):
        return 1
    return 2


@lru_cache(maxsize=100_000)
def _split_from(word: str, start: int) -> tuple[tuple[int, int], ...] | None:
    """The best split of ``word[start:]`` into known parts, as (start, end) offsets in ``word``;
    fewest parts first, then heads known as written, then the longest shortest part (avoids silly
    splits into short words)."""
    best, best_key = None, None
    lexicon = compound_lexicon()
    for cut in range(start + MIN_PART, len(word) - MIN_PART + 1):
        head_kind = _head_kind(word[start:cut])
        if head_kind == 2:
            continue
        for link in _LINKS:
            if not word.startswith(link, cut):
                continue
            tail_start = cut + len(link)
            tail = word[tail_start:]
            if len(tail) < MIN_PART or tail in _SUFFIX_TAILS:
                continue
            if tail in lexicon:
                parts = ((start, cut), (tail_start, len(word)))
            else:
                rest = _split_from(word, tail_start)
                if not rest:
                    continue
                parts = ((start, cut), *rest)
            key = (len(parts), head_kind, -min(end - begin for begin, end in parts))
            if best_key is None or key < best_key:
                best, best_key = parts, key
    return best


def _compound_split(word: str) -> tuple[str, tuple[tuple[int, int], ...] | None]:
    """The dictionary form of ``word`` and its split into known parts (None: not a compound)."""
    base = lemma(word)
    if not (MIN_SPLIT <= len(base) <= MAX_SPLIT) or not base.isalpha():
        return base, None
    if base in compound_lexicon() and len(base) < MIN_SPLIT_KNOWN:
        return base, None
    return base, _split_from(base, 0) or _split_before_prefixed_tail(base) or _split_before_known_tail(base)


def _split_before_prefixed_tail(base: str) -> tuple[tuple[int, int], ...] | None:
    """Split a known head from a last part that is a known word behind a verb particle, as Danish
    derives nouns from particle verbs ("skoleindskrivning" → skole, ind+skrivning; "boligudbetaling"
    → bolig, ud+betaling): the lexicon has common words, not every such derivation."""
    lexicon = compound_lexicon()
    for cut, rest in _known_head_cuts(base, _LINKS):
        tail = base[rest:]
        if any(tail.startswith(prefix) and tail[len(prefix):] in lexicon and len(tail) - len(prefix) >= MIN_TAIL
               for prefix in _PREFIX_HEADS):
            return ((0, cut), (rest, len(base)))
    return None


def _split_before_known_tail(base: str) -> tuple[tuple[int, int], ...] | None:
    """Split an unknown head from the longest known last part ("gladsaxebørn" → gladsaxe, børn)."""
    if len(base) < MIN_SPLIT_UNKNOWN_HEAD:
        return None
    lexicon = compound_lexicon()
    for cut in range(MIN_UNKNOWN_HEAD, len(base) - MIN_TAIL + 1):
        tail = base[cut:]
        if (tail in lexicon or lemma(tail) in lexicon) and tail not in _SUFFIX_TAILS \
                and base[:cut] not in _PREFIX_HEADS:
            return ((0, cut), (cut, len(base)))
    return None


def _known_head_cuts(base: str, links: tuple[str, ...]):
    """Where a known head ends and, after one of ``links``, a last part of at least ``MIN_TAIL``
    letters begins: (end of the head, start of the last part), the longest head first."""
    for cut in range(len(base) - MIN_TAIL, MIN_PART - 1, -1):
        if _head_kind(base[:cut]) == 2:
            continue
        for link in links:
            if base.startswith(link, cut) and len(base) - cut - len(link) >= MIN_TAIL:
                yield cut, cut + len(link)


def _cut_after_known_head(base: str) -> int | None:
    """Where the last part starts after the longest known head and its linking letter
    ("erhvervsparathed" → 8, before "parathed"), for words whose last part is not in the lexicon."""
    return next((rest for _, rest in _known_head_cuts(base, ("s", "e", ""))), None)


@lru_cache(maxsize=100_000)
def compound_split(word: str) -> tuple[str, ...]:
    """The parts of a compound's dictionary form, without linking letters ("skolelegepladsen" →
    skole, legeplads; "gladsaxebørn" → gladsaxe, barn). Empty when the word is not a compound of
    known parts, or of an unknown first part and a known last part."""
    base, split = _compound_split(word)
    return tuple(base[begin:end] for begin, end in split) if split else ()


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The known parts of a compound's dictionary form, and every run of neighbouring parts except
    the whole ("verdensmålshuset" → verden, verdensmål, mål, målshus, hus). Empty when the word is
    not a compound of known parts."""
    base, split = _compound_split(word)
    if not split:
        return ()
    runs = []
    for first in range(len(split)):
        for last in range(first, len(split)):
            if (first, last) != (0, len(split) - 1):
                runs.append(base[split[first][0]:split[last][1]])
    return tuple(dict.fromkeys(runs))


@lru_cache(maxsize=100_000)
def compound_tail(word: str) -> str | None:
    """The last part of a compound as written in ``word`` ("pædagoguddannelserne" → uddannelserne,
    "erhvervsparathed" → parathed), or None when ``word`` does not start with a known part."""
    base = lemma(word)
    if not (MIN_SPLIT <= len(base) <= MAX_SPLIT) or not base.isalpha():
        return None
    split = _split_from(base, 0)
    cut = split[-1][0] if split else _cut_after_known_head(base)
    if cut is None:
        return None
    return word[cut:] if word.startswith(base[:cut]) and len(word) - cut >= MIN_PART else None


# --- Filters --------------------------------------------------------------------------------------


class NormaliseFilter(Filter):
    """Unicode NFKC and case folding, so "Aa", "ﬁ" and decomposed "å" compare as typed."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = normalise_word(t.text)
            yield t


class EllipsisFilter(Filter):
    """Complete Danish hyphen ellipses: in "psykiatri- og handicappolitik" the first word means
    "psykiatripolitik", in "lærer- og pædagoguddannelserne" it means "læreruddannelserne". The
    completed word is added at the first word's position (the word itself stays too). Without a
    recognisable compound after the conjunction, the words are passed on as written."""

    def __call__(self, tokens):
        held = []
        for t in tokens:
            if held:
                held.append(t.copy())
                if t.text.endswith("-") or t.text in _ELLIPSIS_JOINERS:
                    if len(held) <= _MAX_ELLIPSIS_RUN:
                        continue
                    yield from self._flush(held, None)
                else:
                    yield from self._flush(held[:-1], t.text)
                    yield held[-1]
                held = []
            elif t.text.endswith("-") and len(t.text) > 1:
                held = [t.copy()]
            else:
                yield t
        if held:
            yield from self._flush(held, None)

    @staticmethod
    def _flush(held, last_word):
        tail = compound_tail(last_word) if last_word else None
        for t in held:
            if not t.text.endswith("-"):
                yield t
                continue
            t.text = t.text.rstrip("-")
            completed = None
            if tail:  # copied before ``t`` is yielded: later filters change it in place
                completed = t.copy()
                completed.text = t.text + tail
            yield t
            if completed:
                yield completed


_JOINED = re.compile(r"[-.]")
_NUMBER_RANGE = re.compile(r"(\d+)-(\d+)")


def range_parts(word: str) -> tuple[str, ...]:
    """The two ends of a number range ("12-25" → 12, 25), else empty."""
    match = _NUMBER_RANGE.fullmatch(word)
    return match.groups() if match else ()


class HyphenPartsFilter(Filter):
    """Index "a-dagpenge" as itself and as "a" + "dagpenge", all at one position, so either is found;
    likewise a web address ("boblberg.dk"). A number ("3.000") stays whole; a range ("12-25") is
    indexed by its ends too, but a query for it means the range (see ``index.serving.expansion``)."""

    def __call__(self, tokens):
        for t in tokens:
            whole = t.text  # read before yielding: later filters change the token in place
            yield t
            if _JOINED.search(whole) and (not _JOINED.sub("", whole).isdigit()
                                          or (t.mode == "index" and range_parts(whole))):
                for part in _JOINED.split(whole):
                    if part:
                        t.text = part
                        yield t
                t.text = whole


class _IndexVariantsFilter(Filter):
    """At index time, add other forms of a word at its position with a lower weight; a query word
    is passed on as typed. Subclasses say which forms (``variants``), of which tokens (``wants``)."""

    def __init__(self, boost: float):
        self.boost = boost

    def variants(self, word: str) -> tuple[str, ...]:
        raise NotImplementedError

    def wants(self, boost: float) -> bool:
        return True

    def __call__(self, tokens):
        for t in tokens:
            whole, boost = t.text, t.boost  # read before yielding: later filters change the token
            yield t
            if t.mode != "index" or not self.wants(boost):
                continue
            for variant in self.variants(whole):
                t.text, t.boost = variant, boost * self.boost
                yield t
            t.text, t.boost = whole, boost


class DecompoundFilter(_IndexVariantsFilter):
    """At index time, add the parts of a compound at its position with a lower weight, so "genbrug"
    finds "genbrugssystem" but a passage saying "genbrug" itself ranks higher. Only words as written
    are split (not terms another filter added)."""

    def __init__(self, boost: float = PART_BOOST):
        super().__init__(boost)

    def variants(self, word: str) -> tuple[str, ...]:
        return compound_parts(word)

    def wants(self, boost: float) -> bool:
        return boost == 1.0


class AsciiFoldFilter(_IndexVariantsFilter):
    """At index time, add the spellings of a word (or of a compound part) without æ/ø/å at its
    position with a lower weight: "Søborg" is found by "Soborg" and "Soeborg", "børnefødselsdag" by
    "fodselsdag". A query word is never folded, so "mål" finds only "mål", while "mal" (typed
    without å) finds both."""

    def __init__(self, boost: float = FOLD_BOOST):
        super().__init__(boost)

    def variants(self, word: str) -> tuple[str, ...]:
        return ascii_spellings(word)


class DanishTermFilter(Filter):
    """Every word to its index term: lemma, then snowball stem (``danish_term``)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = danish_term(t.text)
            yield t


def word_filters():
    """The filters whose output depends on one word alone: stop words, compound parts, spellings
    without æ/ø/å, index terms."""
    return (StopFilter(stoplist=DANISH_STOPWORDS, minsize=1, renumber=False)
            | DecompoundFilter()
            | AsciiFoldFilter()
            | DanishTermFilter())


@lru_cache(maxsize=200_000)
def _word_forms(word: str, mode: str, removestops: bool) -> tuple[tuple[str, float, bool], ...]:
    """What ``word_filters()`` make of ``word``: (term, weight, stopped) for each token they yield."""
    token = Token(positions=False, chars=False, boosts=True, removestops=removestops, mode=mode)
    token.text, token.boost = word, 1.0
    return tuple((t.text, t.boost, t.stopped) for t in word_filters()([token]))


class WordFormsFilter(Filter):
    """``word_filters()`` run once per distinct word and remembered: a site repeats its words (2.1M
    tokens of 40k distinct words at 10k passages), and the chain of four generators per token was
    a third of the analysis time of a full reindex. The same terms, positions and weights (tokens
    reach it with weight 1.0: the compound filter splits only those)."""

    def __call__(self, tokens):
        for t in tokens:
            word, boost = t.text, t.boost  # restored after: an earlier filter may yield ``t`` again
            for t.text, weight, t.stopped in _word_forms(word, t.mode, t.removestops):
                t.boost = boost * weight
                yield t
            t.text, t.boost = word, boost


def danish_analyzer():
    """The analyzer for every text field and for every query."""
    return RegexTokenizer(WORD_PATTERN) | NormaliseFilter() | EllipsisFilter() | HyphenPartsFilter() | WordFormsFilter()


def written_words(text: str) -> list[str]:
    """The words of a text as a reader sees them (``normalise_word``: not stemmed, stop words kept),
    for spelling suggestions and completion. A word's pieces are no words of their own: not the
    parts of "a-dagpenge" or "borger.dk", not the first word of a hyphen ellipsis ("Psykiatri- og
    Handicappolitik")."""
    words = WORD.findall(unicodedata.normalize("NFKC", text).casefold())  # as normalise_word, at once
    return [word[:-2] if word.endswith(("'s", "’s")) else word for word in words if not word.endswith("-")]


def surface_analyzer():
    """Words as written (normalised, not stemmed, stop words kept): the vocabulary for spelling
    suggestions ("Mente du: …") and autocomplete."""
    return RegexTokenizer(WORD_PATTERN) | NormaliseFilter() | EllipsisFilter() | HyphenPartsFilter()


@lru_cache(maxsize=100_000)
def index_terms(word: str) -> frozenset[str]:
    """The terms the analyzer indexes one word as the tokenizer found it, with stop words kept
    ("Genbrugssystemet" → genbrugssystem, genbrug, system, …): for marking it in snippets. They
    depend on the word alone, except in a hyphen ellipsis ("psykiatri- og"), whose first word needs
    the words after it (``EllipsisFilter``)."""
    return frozenset(t.text for t in danish_analyzer()(word, mode="index", removestops=False))


def analyse(text: str, mode: str = "query") -> list[str]:
    """The terms the analyzer makes of a text: as a query (default) or as indexed (``mode="index"``,
    with compound parts and spellings without æ/ø/å)."""
    return [t.text for t in danish_analyzer()(text, mode=mode)]
