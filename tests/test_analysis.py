"""The Danish analyzer (one definition, used by the index and the query parser) and the synonyms file."""
from __future__ import annotations

import os
import pickle

import pytest

from index.analysis import analyse, compound_split, danish_analyzer, range_parts
from index.serving.synonyms import Synonyms, parse_synonyms
from index.schema import SCHEMA


def test_inflected_forms_share_a_term():
    assert len(set(analyse("borger borgere borgerne"))) == 1
    assert analyse("Jobcentret") == analyse("jobcentrets")


def test_stop_words_are_dropped_but_content_words_kept():
    assert analyse("og i på at det") == []
    assert analyse("Kong Hans Have") != []
    assert "hav" in analyse("haven")


def test_case_unicode_and_possessives_are_normalised():
    decomposed = "A\u030abningstid"  # "Å" typed as A + combining ring
    assert analyse(decomposed) == analyse("Åbningstid") == analyse("åbningstid")
    assert analyse("FN’s") == analyse("FN's") == analyse("fn")


def test_hyphenated_words_are_found_whole_and_by_parts():
    terms = analyse("a-dagpenge")
    assert analyse("dagpenge")[0] in terms
    assert analyse("12-25") == ["12-25"]


def test_names_and_numbers_are_searchable_as_typed():
    assert analyse("KLAPjob") == ["klapjob"]
    assert analyse("UNICEF") == ["unicef"]
    assert analyse("2019") == ["2019"]


def test_the_schema_uses_this_analyzer_and_survives_pickling():
    # Whoosh stores the schema with the index; the analyzer must pickle (PyStemmer's object cannot).
    restored = pickle.loads(pickle.dumps(SCHEMA))
    assert [t.text for t in restored["text"].analyzer("Cyklerne")] == analyse("Cyklerne")
    assert restored["title"].analyzer == danish_analyzer()


def index_terms(text: str) -> list[str]:
    return analyse(text, mode="index")


def test_every_word_is_also_indexed_as_typed_without_danish_letters():
    # "ældre" has the lemma "gammel": the spellings must come from the word, not from its term.
    for word, typed in [("ældre", "aeldre"), ("Søborg", "soborg"), ("Søborg", "soeborg"),
                        ("åbningstider", "abningstid"), ("reparationscafé", "reparationscafe")]:
        assert analyse(typed)[0] in index_terms(word), (word, typed)
    assert analyse("mål") != analyse("mal")  # the query word itself is never folded


def test_compound_parts_are_found_also_without_danish_letters():
    assert analyse("fødselsdag")[0] in index_terms("børnefødselsdag")
    assert analyse("fodselsdag")[0] in index_terms("børnefødselsdag")


def test_a_compound_with_an_unknown_first_part_is_found_by_its_last_part():
    assert compound_split("gladsaxebørn") == ("gladsaxe", "barn")
    assert analyse("børn")[0] in index_terms("gladsaxebørn")


def test_a_compound_whose_last_part_is_a_particle_verb_noun_splits_after_its_known_head():
    # "indskrivning" (ind + skrivning) is in no lexicon of common words; "skoleind" is no word either.
    assert compound_split("skoleindskrivning") == ("skole", "indskrivning")
    assert analyse("skole")[0] in index_terms("skoleindskrivningen")
    assert compound_split("boligudbetaling") == ("bolig", "udbetaling")


def test_an_ellipsis_completes_also_when_the_last_part_is_not_in_the_lexicon():
    assert analyse("uddannelsesparathed")[0] in index_terms("uddannelses- eller erhvervsparathed")
    assert analyse("psykiatripolitik")[0] in index_terms("Psykiatri- og Handicappolitik")


def test_web_addresses_are_found_by_their_name_and_numbers_stay_whole():
    assert analyse("boblberg")[0] in index_terms("Boblberg.dk")
    assert index_terms("3.000") == ["3.000"]


def test_a_number_range_is_indexed_by_its_ends_but_searched_as_the_range():
    assert index_terms("12-25") == ["12-25", "12", "25"]
    assert analyse("12-25") == ["12-25"]
    assert range_parts("12-25") == ("12", "25") and range_parts("a-dagpenge") == ()


def test_unrelated_words_keep_their_own_terms():
    for a, b in [("job", "jord"), ("skole", "skov"), ("regel", "regn"), ("bydelsmor", "bydel"),
                 ("cykel", "cyklus"), ("ledig", "lede"), ("lærer", "lære")]:
        assert analyse(a) != analyse(b), (a, b)


def test_synonym_groups_find_each_other_also_typed_without_danish_letters():
    table = parse_synonyms("# kommentar\nskrald, affald  # skraldespande\nhjemmehjælp, hjælp i hjemmet\n")
    assert table[analyse("skrald")[0]] == (tuple(analyse("affald")),)
    assert table[analyse("hjemmehjælp")[0]] == (("hjælp", "hjem"),)  # several words: a phrase
    assert table[("hjælp", "hjem")] == ((analyse("hjemmehjælp")[0],),)  # typed as words in a row
    assert (analyse("hjemmehjælp")[0],) in table[analyse("hjemmehjelp")[0]]
    assert analyse("skraldespande")[0] not in table  # a comment is no synonym


def test_the_synonyms_file_is_read_again_when_it_changes_and_may_go_missing(tmp_path):
    path = tmp_path / "synonymer.txt"
    path.write_text("skrald, affald\n", encoding="utf-8")
    synonyms = Synonyms(path)
    assert analyse("skrald")[0] in synonyms.table(now=0.0)
    path.write_text("unge, ungdom\n", encoding="utf-8")
    os.utime(path, (1, 1))  # a new modification time, however fast the test runs
    assert synonyms.table(now=0.5) is synonyms.table(now=0.0)  # checked at most once a second
    assert set(synonyms.table(now=2.0)) == {analyse("unge")[0], analyse("ungdom")[0]}
    path.unlink()
    assert synonyms.table(now=4.0) == {}


def test_adjective_forms_share_a_term_without_merging_into_unrelated_words():
    assert analyse("godt") == analyse("gode") == analyse("god")
    assert analyse("lokalt") == analyse("lokal")
    assert analyse("kort") != analyse("kor")  # "kort" is no -t form of "kor"
    assert analyse("farligt") == analyse("farlige") == analyse("farlig")
    for adjective, unrelated in [("farlig", "far"), ("billig", "bil"), ("venlig", "ven"), ("tidlig", "tid")]:
        assert analyse(adjective) != analyse(unrelated), adjective
    assert analyse("billetter") != analyse("bil")  # index/data/unstemmed.txt


@pytest.mark.parametrize("mode, removestops", [("index", True), ("index", False), ("query", True)])
def test_words_remembered_give_what_the_filter_chain_gives(mode, removestops):
    """The analyzer runs the per-word filters once per distinct word; terms, positions, character
    spans, weights and stop marks must be those of the filters run token by token."""
    from whoosh.analysis import RegexTokenizer

    from index import analysis

    chain = (RegexTokenizer(analysis.WORD_PATTERN) | analysis.NormaliseFilter() | analysis.EllipsisFilter()
             | analysis.HyphenPartsFilter() | analysis.word_filters())
    text = ("Psykiatri- og Handicappolitik for lærer- og pædagoguddannelserne: a-dagpenge til 12-25-årige, "
            "se boblberg.dk og FN's verdensmål. Søborg Genbrugssystemet og cyklerne i Gladsaxe er det og de")

    def tokens(analyzer):
        return [(t.text, t.pos, round(t.boost, 6), t.startchar, t.endchar, t.stopped)
                for t in analyzer(text, positions=True, chars=True, boosts=True, mode=mode, removestops=removestops)]

    assert tokens(danish_analyzer()) == tokens(chain) != []
