"""Query semantics a citizen expects, over the seed pages."""
from __future__ import annotations

import os
import re
from collections import Counter

import pytest

from index import Searcher, reindex
from index.analysis import WORD_PATTERN, lemma, normalise_word
from index.serving.synonyms import Synonyms
from tests.conftest import SEEDS
from tests.test_hostile_queries import assert_whole_answer


@pytest.fixture
def searcher(index_dir):
    return Searcher(index_dir)


def titles(result):
    return [hit.passage.title for hit in result.hits]


def test_headspace_finds_both_seed_pages(searcher):
    result = searcher.search("headspace")
    assert result.total == 2
    assert {hit.passage.kind for hit in result.hits} == {"case", "partnership"}
    assert result.hits[0].passage.title == "Headspace Gladsaxe"  # a title match ranks first


def test_two_words_must_both_match_unless_no_passage_has_both(searcher):
    both = searcher.search("genbrugssystem cykler")
    assert both.total == 1 and "genbrugssystem til cykler" in both.hits[0].passage.text
    assert both.hits[0].missing == []
    apart = searcher.search("headspace legepladser")  # no passage has both: each word alone, said so
    assert apart.total > 0 and all(len(hit.missing) == 1 for hit in apart.hits)
    assert {word for hit in apart.hits for word in hit.missing} == {"headspace", "legepladser"}


def test_opening_hours_are_found_once(searcher):
    result = searcher.search("borgerservice åbningstid")
    assert [hit.passage.kind for hit in result.hits] == ["site"]


def test_phrase(searcher):
    assert searcher.search('"mental sundhed"').total == 2  # ABC and Headspace
    assert searcher.search('"sundhed mental"').total == 0
    assert searcher.search('"gratis rådgivning"').total == 1


def test_minus_excludes(searcher):
    unge = searcher.search("unge", per_page=100)
    about_headspace = [h for h in unge.hits if "headspace" in h.passage.text.lower()]
    without = searcher.search("unge -headspace", per_page=100)
    assert len(about_headspace) == 2
    assert without.total == unge.total - 2
    assert not any("headspace" in hit.passage.text.lower() for hit in without.hits)


def test_field_prefix_for_staff(searcher):
    result = searcher.search("titel:verdensmål")
    whole_word = {"Aktion Verdensmål",
                  "Gladsaxe har lanceret en spritny talk-række om bæredygtighed og FNs Verdensmål"}
    # The compound "Verdensmålshuset" matches on its part, ranked below the titles with the whole word.
    assert set(titles(result)) == whole_word | {"Verdensmålshuset"}
    assert set(titles(result)[:2]) == whole_word
    assert searcher.search("verdensmål").total > result.total
    assert searcher.search("type:sag headspace").hits[0].passage.kind == "case"
    assert {h.passage.kind for h in searcher.search("type:partnerskab").hits} == {"partnership"}


def test_filters_and_facets(searcher):
    result = searcher.search("gladsaxe", kind="case", year=2020)
    assert result.total >= 1
    assert all(h.passage.kind == "case" and 2020 in h.passage.years for h in result.hits)
    # The kind facet still counts the other kinds, so a user can switch.
    assert result.facets["kind"]["partnership"] == 1
    assert result.facets["years"]["2020"] == result.total


def test_snippet_is_escaped_and_marks_matches(searcher):
    hit = searcher.search("headspace").hits[0]
    assert "<mark>Headspace</mark>" in hit.snippet or "<mark>headspace</mark>" in hit.snippet
    assert "<script" not in hit.snippet


@pytest.mark.parametrize("query", ['"unbalanced', "((", "AND", "titel:", "-", "foo:bar", "*", "a" * 5000,
                                   "\x00", "NOT OR AND", ")(", "år:abc", "🙂", "\u202e", "[x TO"])
def test_malformed_input_never_raises(searcher, query):
    result = searcher.search(query)
    assert_whole_answer(result.to_dict(), everything=searcher.search("").total)


def test_unbalanced_quote_still_searches_the_words(searcher):
    assert searcher.search('"headspace').total == 2


def test_spelling_suggestion(searcher):
    result = searcher.search("hedspace")
    assert result.suggestion == "headspace"


def test_paging(searcher):
    first = searcher.search("gladsaxe", per_page=5)
    second = searcher.search("gladsaxe", per_page=5, page=2)
    assert first.total == second.total > 10
    assert not {h.passage.id for h in first.hits} & {h.passage.id for h in second.hits}


def test_autocomplete(searcher):
    suggestions = searcher.suggest("verd")
    assert "verdensmål" in suggestions
    assert all("verd" in s.lower() for s in suggestions)


def _passages_with_word(searcher) -> Counter:
    """How many passages have each word written on its own: not as a piece of a hyphenated word
    ("a-dagpenge") nor as the first word of a hyphen ellipsis ("Psykiatri- og …")."""
    whoosh_searcher, _ = searcher.current()
    counts: Counter = Counter()
    for fields in whoosh_searcher.all_stored_fields():
        counts.update({normalise_word(m.group(0)) for name in ("title", "text")
                       for m in re.finditer(WORD_PATTERN, fields.get(name) or "") if not m.group(0).endswith("-")})
    return counts


@pytest.mark.parametrize(("typed", "word"), [("virk", "virksomhed"), ("borg", "borger")])
def test_autocomplete_offers_a_word_once_in_the_form_most_passages_have(searcher, typed, word):
    written = {form: count for form, count in _passages_with_word(searcher).items() if lemma(form) == word}
    assert len(written) >= 2  # the pages have several forms of it (virksomheder, virksomheden, …)
    offered = [s for s in searcher.suggest(typed) if lemma(s) == word]
    assert len(offered) == 1 and written[offered[0]] == max(written.values())


@pytest.mark.parametrize("typed", ["ung", "psyk", "dag", "borg", "virk"])
def test_autocomplete_offers_only_words_written_on_their_own(searcher, typed):
    written = _passages_with_word(searcher)
    words = [s for s in searcher.suggest(typed) if " " not in s]
    assert words and all(written[word] for word in words)


def test_autocomplete_leaves_out_pieces_of_words(searcher):
    assert "ungeenheds" not in searcher.suggest("ung")  # "Ungeenheds mentor-" beside "Ungeenheden"
    assert "psykiatri" not in searcher.suggest("psyk")  # only in "Psykiatri- og Handicappolitik"


def test_autocomplete_completes_phrases_that_occur_in_the_pages(searcher):
    whoosh_searcher, _ = searcher.current()
    texts = " ".join(f"{fields['title']}\n{fields['text']}" for fields in whoosh_searcher.all_stored_fields())
    phrases = [s for s in searcher.suggest("borg") if " " in s]
    assert phrases
    for phrase in phrases:
        words = phrase.split()
        assert 2 <= len(words) <= 3 and words[0].startswith("borg")
        assert re.search(r"(?<!\w)" + r"[ \t]+".join(map(re.escape, words)) + r"(?!\w)", texts, re.IGNORECASE), phrase
    # The phrase being typed is completed first by what follows it in the pages.
    assert searcher.suggest("Headspace g")[0] == "Headspace gladsaxe"


def test_autocomplete_titles_carry_the_passage_they_open(searcher):
    completions = searcher.completions("headsp")
    assert completions.passages
    for suggestion in completions.passages:
        assert searcher.passage(suggestion.passage_id).title == suggestion.title
        assert any(word.lower().startswith("headsp") for word in suggestion.title.split())
        assert suggestion.title not in completions.suggestions  # a title opens its passage, it does not search
    assert completions.suggestions == searcher.suggest("headsp")


def test_a_repeated_search_sees_the_next_reindex(pages_dir, index_dir):
    searcher = Searcher(index_dir)  # one searcher, as a running server has
    assert searcher.search("zqxv").total == 0
    assert searcher.search("zqxv").total == 0  # asked again: same answer
    page = pages_dir / SEEDS[1]
    page.write_text(page.read_text(encoding="utf-8").replace("Genbrugslopperne", "Zqxv"), encoding="utf-8")
    reindex(pages_dir, index_dir)
    assert searcher.search("zqxv").total == 1


def test_a_repeated_search_sees_an_edited_synonyms_file(index_dir, tmp_path):
    path = tmp_path / "synonymer.txt"
    path.write_text("skrald, affald\n", encoding="utf-8")
    synonyms = Synonyms(path)
    synonyms.CHECK_SECONDS = 0  # read the file again on every search
    searcher = Searcher(index_dir, synonyms)
    assert searcher.search("sindsro").total == 0
    path.write_text("sindsro, headspace\n", encoding="utf-8")
    os.utime(path, (1, 1))  # a new modification time, however fast the test runs
    assert searcher.search("sindsro").total == 2


def test_grouped_by_page_each_page_once_and_the_site_contact_apart(searcher):
    result = searcher.search("gladsaxe", group=True, per_page=50)
    pages = [(hit.passage.page, hit.passage.kind == "site") for hit in result.hits]
    assert len(pages) == len(set(pages)) == result.groups
    site = [hit for hit in result.hits if hit.passage.kind == "site"]
    assert site and site[0].more == [] and site[0].more_count == 0
    for hit in result.hits:
        assert all(more.passage.page == hit.passage.page and more.passage.kind != "site" for more in hit.more)
    assert sum(1 + len(hit.more) + hit.more_count for hit in result.hits) == result.total


def _faq_page(folder):
    """A page about one word: an introduction under the page's title, and questions that each
    name the word in their heading and repeat it more than the introduction does."""
    folder.mkdir()
    (folder / "sygedagpenge.txt").write_text(
        "Sygedagpenge\n\n"
        "Her svarer vi på det, borgere oftest spørger jobcentret om sygedagpenge og sygemelding.\n\n"
        "Skat af sygedagpenge\n\n"
        "Sygedagpenge er skattepligtige. Der trækkes skat af sygedagpenge som af løn, og "
        "sygedagpenge tæller med i din årsopgørelse.\n\n"
        "Varighed af sygedagpenge\n\n"
        "Du kan få sygedagpenge i 22 uger. Derefter vurderer vi, om dine sygedagpenge kan "
        "forlænges, og hvad der skal ske med dine sygedagpenge.\n", encoding="utf-8")
    return folder


def test_the_page_about_a_word_is_found_at_its_introduction(tmp_path):
    assert not reindex(_faq_page(tmp_path / "pages"), tmp_path / "index").rejected
    searcher = Searcher(tmp_path / "index")
    result = searcher.search("sygedagpenge")
    assert result.total == 3
    assert titles(result)[0] == "Sygedagpenge"
    # A question about more than the page's title is answered by the section, not the introduction.
    assert titles(searcher.search("skat af sygedagpenge"))[0] == "Skat af sygedagpenge"


def test_a_misspelt_word_ranks_the_sections_about_the_word_it_meant(tmp_path):
    assert not reindex(_faq_page(tmp_path / "pages"), tmp_path / "index").rejected
    result = Searcher(tmp_path / "index").search("sygedagpenje")
    assert result.suggestion == "sygedagpenge"
    assert titles(result)[0] == "Sygedagpenge"


def test_a_compound_no_passage_has_finds_and_ranks_the_passages_with_its_parts_first(tmp_path):
    assert not reindex(_faq_page(tmp_path / "pages"), tmp_path / "index").rejected
    searcher = Searcher(tmp_path / "index")
    # "skatteregler" is on no page, whole or as "skat" and "regler" together; "skat" is.
    result = searcher.search("sygedagpenge skatteregler")
    assert titles(result)[0] == "Skat af sygedagpenge"
    assert all(hit.missing == ["skatteregler"] for hit in result.hits)  # the word itself was not found
    # Typed alone it finds the passages with its parts rather than nothing, and says it is missing.
    alone = searcher.search("skatteregler")
    assert titles(alone)[0] == "Skat af sygedagpenge"
    assert all(hit.missing == ["skatteregler"] for hit in alone.hits)
    assert searcher.search("sneplovsregler").total == 0  # no part of it is on any page: nothing


def test_a_long_query_that_few_passages_mostly_match_also_finds_those_with_half_its_words(tmp_path):
    assert not reindex(_faq_page(tmp_path / "pages"), tmp_path / "index").rejected
    searcher = Searcher(tmp_path / "index")
    # Three of the four words are in one passage only; two ("sygedagpenge", "uger") in the next.
    result = searcher.search("sygedagpenge skat løn uger")
    assert titles(result) == ["Skat af sygedagpenge", "Varighed af sygedagpenge"]
    assert result.hits[1].missing == ["skat", "løn"]
    # Two words still need both, as long as some passage has both.
    assert titles(searcher.search("skat løn")) == ["Skat af sygedagpenge"]


def test_a_section_headed_by_a_word_ranks_before_a_section_of_a_page_titled_by_it(tmp_path):
    pages = _faq_page(tmp_path / "pages")
    with (pages / "sygedagpenge.txt").open("a", encoding="utf-8") as page:
        page.write("\nKontakt jobcentret\n\n"
                   "Har du spørgsmål om sygedagpenge, om dine sygedagpenge eller om at søge sygedagpenge, "
                   "så ring til os.\n")
    (pages / "nyheder.txt").write_text(
        "Nyheder\n\nNye regler for sygedagpenge\n\n"
        "Fra næste år gælder nye regler, når kommunen vurderer, om du kan få forlænget din ydelse "
        "under sygdom, og reglerne om opfølgning og samtaler i jobcentret bliver enklere for alle.\n",
        encoding="utf-8")
    assert not reindex(pages, tmp_path / "index").rejected
    found = titles(Searcher(tmp_path / "index").search("sygedagpenge"))
    assert found.index("Nye regler for sygedagpenge") < found.index("Kontakt jobcentret")


def test_a_compound_typed_without_danish_letters_finds_its_parts_written_apart(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "cykler.txt").write_text(
        "Cykler\n\nTag din cykel med til værkstedet i kælderen, så hjælper de frivillige dig med at "
        "lappe og smøre den.\n", encoding="utf-8")
    assert not reindex(pages, tmp_path / "index").rejected
    result = Searcher(tmp_path / "index").search("cykelvaerksted")
    assert result.total == 1 and "værkstedet" in result.hits[0].passage.text


def test_a_heading_that_asks_the_same_question_ranks_first(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "udbetaling.txt").write_text(
        "Udbetaling\n\nHer kan du læse om udbetaling af ydelser fra kommunen.\n\n"
        "Sådan udbetales sygedagpenge\n\n"
        "Sygedagpenge udbetales til din NemKonto. Sygedagpenge udbetales bagud, og sygedagpenge "
        "udbetales også, når du er sygemeldt fra et fleksjob. Har du spørgsmål om sygedagpenge, kan "
        "du ringe til jobcentret.\n\n"
        "Hvornår udbetales sygedagpenge\n\n"
        "Pengene kommer den sidste hverdag i måneden for den måned, der er gået, sammen med en "
        "opgørelse, som du kan se i Digital Post, og som viser hvad du har fået.\n", encoding="utf-8")
    assert not reindex(pages, tmp_path / "index").rejected
    found = titles(Searcher(tmp_path / "index").search("hvornår udbetales sygedagpenge"))
    assert found[0] == "Hvornår udbetales sygedagpenge"


def _searcher_over(tmp_path, pages: dict[str, str]) -> Searcher:
    """A searcher over a new index of ``pages`` (file name → what the file holds)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, content in pages.items():
        (folder / name).write_text(content, encoding="utf-8")
    assert not reindex(folder, tmp_path / "index").rejected
    return Searcher(tmp_path / "index")


def test_among_passages_with_as_many_of_the_words_the_rarer_word_ranks_first(tmp_path):
    # The town's name is on three of sixteen pages, said often; "borgmester" on one, in passing.
    pages = {f"{topic.lower()}.txt": f"{topic} i Egeby\n\n{topic} i Egeby passes af Egeby Kommune. Egeby har "
                                     f"mange af dem, og Egeby vil have flere.\n"
             for topic in ("Vejene", "Skolerne", "Parkerne")}
    pages.update({f"side{n}.txt": f"Side {n}\n\nOm emne nummer {n} og andre ting.\n" for n in range(12)})
    pages["nyheder.txt"] = (
        "Nyheder\n\nByrådet har valgt ny borgmester\n\n"
        "På det konstituerende møde i december valgte byrådet en ny borgmester for de næste fire år. "
        "Mødet blev holdt i byrådssalen på rådhuset, og mange borgere fulgte det på tilhørerpladserne og "
        "over nettet. Efter valget takkede den nye formand for byrådet sin forgænger for et godt samarbejde "
        "og lovede at lytte til foreninger, virksomheder og borgere i hele kommunen.\n")
    result = _searcher_over(tmp_path, pages).search("hvem er borgmester i egeby")  # no passage has both
    assert titles(result)[0] == "Byrådet har valgt ny borgmester"
    assert result.hits[0].missing == ["egeby"] and len(result.hits) == 4


def _page_under(path: str, title: str, sections: dict[str, str],
                intro: str = "Egeby Kommune arbejder sammen med byens virksomheder.") -> str:
    """An HTML page whose breadcrumb is ``path`` (words separated by " › "), with an introduction
    and a section under each heading of ``sections``."""
    crumbs = " › ".join(f"<a href='/{n}'>{crumb}</a>" for n, crumb in enumerate(path.split(" › ")))
    body = "".join(f"<h2>{heading}</h2><p>{text}</p>" for heading, text in sections.items())
    return (f"URL: https://www.egeby.dk/{title.lower().replace(' ', '-')}\n\n<!DOCTYPE html><html lang='da'>"
            f"<head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav class='breadcrumb' aria-label='Du er her'>{crumbs}</nav>"
            f"<main><h1>{title}</h1><p>{intro}</p>{body}</main>"
            "</body></html>")


def test_a_word_only_in_the_breadcrumb_ranks_below_a_passage_that_says_it(tmp_path):
    searcher = _searcher_over(tmp_path, {
        "klynger.html": _page_under("Forside › Erhverv › Erhvervsservice", "Grønne klynger", {
            "Solenergi": "Fem virksomheder deler et solcelleanlæg.",
            "Fjernvarme": "Overskudsvarme fra bageriet varmer skolen op."}),
        "foreninger.html": _page_under("Forside › Erhverv › Foreninger", "Erhvervsforeninger", {
            "Egeby Handelsforening": "Handelsforeningen samler byens butikker og har siden 2019 haft en aftale med "
                                     "kommunen om fælles erhvervsservice, netværksmøder, kurser for nye "
                                     "butiksejere og en årlig messe på torvet."})})
    found = titles(searcher.search("erhvervsservice", per_page=20))
    assert found[0] == "Egeby Handelsforening"
    assert {"Solenergi", "Fjernvarme"} <= set(found[1:])  # still found, under their menu path


def test_a_heading_that_repeats_the_question_ranks_before_one_with_more_of_its_topic(tmp_path):
    searcher = _searcher_over(tmp_path, {"haveaffald.html": _page_under("Forside › Affald", "Haveaffald", {
        "Haveaffald på genbrugsstationen": "På genbrugsstationen kan du aflevere haveaffald i containeren til grønt. "
                                           "Haveaffald bliver til kompost, som du kan hente gratis.",
        "Hvornår kan jeg komme med haveaffald?": "Du kan aflevere haveaffald på genbrugsstationen hver dag fra kl. 7 "
                                                 "til 20."}, intro="Sådan kommer du af med grene, blade og græs.")})
    found = titles(searcher.search("hvornår kan jeg aflevere haveaffald på genbrugsstationen"))
    assert found[:2] == ["Hvornår kan jeg komme med haveaffald?", "Haveaffald på genbrugsstationen"]


def test_two_words_typed_apart_find_the_compound_a_page_writes(tmp_path):
    searcher = _searcher_over(tmp_path, {"klubber.txt": (
        "Fritidsklubber\n\nKlubberne har åbent hver dag efter skole, og klubben har mange tilbud.\n\n"
        "Sådan gør du\n\nKlubindmeldelse sker digitalt på selvbetjeningen senest en måned før start.\n")})
    result = searcher.search("klub indmeldelse")
    assert titles(result)[0] == "Sådan gør du" and result.hits[0].missing == []
    assert "<mark>Klubindmeldelse</mark>" in result.hits[0].snippet


def test_a_price_question_finds_the_section_that_states_the_price(tmp_path):
    searcher = _searcher_over(tmp_path, {"svoemmehal.txt": (
        "Svømmehallen\n\nSvømmehallen ligger ved skolen og har åbent alle dage fra kl. 6 til 21.\n\n"
        "Billetter\n\nEn enkeltbillet til svømmehallen er 45 kr. for voksne og 25 kr. for børn.\n")})
    result = searcher.search("hvad koster svømmehallen")
    assert titles(result)[0] == "Billetter" and result.hits[0].missing == []
    assert titles(searcher.search("priser svømmehallen"))[0] == "Billetter"
    assert searcher.search("kost").total == 0  # "kost" (diet) asks no price


def test_question_and_stop_words_typed_without_danish_letters_decide_nothing(tmp_path):
    searcher = _searcher_over(tmp_path, {"bibliotek.txt": (
        "Biblioteket\n\nBiblioteket åbner kl. 10 på hverdage, og du kan låne bøger med dit sundhedskort.\n")})
    for query in ("hvornaar aabner biblioteket", "hvornår åbner biblioteket", "kan jeg laane boeger paa biblioteket"):
        result = searcher.search(query)
        assert titles(result) == ["Biblioteket"] and result.hits[0].missing == [], query


def test_a_compound_finds_a_section_whose_page_title_holds_one_part_and_its_heading_the_other(tmp_path):
    hours = {"Biblioteket": "Udlånet har åbent hverdage fra kl. 10 til 18, og med dit sundhedskort kan du komme "
                            "ind fra kl. 7 til 22.",
             "Svømmehallen": "Bassinet er åbent for motionister fra kl. 6, og om lørdagen er der familiesvømning "
                             "fra kl. 9 til 12."}
    searcher = _searcher_over(tmp_path, {
        f"{title.lower()}.txt": f"{title}\n\nVelkommen til {title.lower()} i Egeby.\n\nÅbningstider\n\n{text}\n"
        for title, text in hours.items()})
    result = searcher.search("biblioteksåbningstider")
    assert [(hit.passage.page_title, hit.passage.title) for hit in result.hits][:1] == [("Biblioteket", "Åbningstider")]
    assert "Svømmehallen" not in {hit.passage.page_title for hit in result.hits}


def test_a_verb_typed_with_its_particle_after_it_finds_the_word_written_together(tmp_path):
    searcher = _searcher_over(tmp_path, {"madservice.txt": (
        "Madservice\n\nMadservice bringer varm mad ud til ældre, der ikke selv kan lave mad. Du melder dig "
        "til hos visitationen, som vurderer, om du kan få madservice.\n\n"
        "Hvordan afmelder jeg madservice?\n\nDu afmelder madservice på telefon 12 34 56 78 senest kl. 12 dagen før.\n")})
    result = searcher.search("hvordan melder jeg madservice af")
    assert titles(result)[0] == "Hvordan afmelder jeg madservice?" and result.hits[0].missing == []


def test_a_short_query_finds_the_introduction_of_the_page_about_it_first(tmp_path):
    searcher = _searcher_over(tmp_path, {
        "hunde.txt": (
            "Hunde i byen\n\nI Egeby er der tre indhegnede hundeskove, hvor din hund må løbe frit.\n\n"
            "Hvor er hundeskoven?\n\nDen største hundeskov ligger ved Møllesøen, de to andre ved skolerne.\n\n"
            "Må min hund løbe løs i hundeskoven?\n\nJa, i hundeskoven må hunden løbe løs, hvis den kommer, når du "
            "kalder.\n\nRegler i hundeskoven\n\nSaml op efter din hund, og luk lågen til hundeskoven efter dig.\n"),
        "nyheder.txt": (
            "Nyheder\n\nNy bænk i hundeskoven\n\nForeningen har sat en ny bænk op i hundeskoven ved Møllesøen.\n\n"
            "Nyt tag på skolen\n\nSkolen får nyt tag i sommerferien.\n")})
    assert titles(searcher.search("hundeskov"))[0] == "Hunde i byen"
    # A question asks for the section that answers it.
    assert titles(searcher.search("må min hund løbe løs i hundeskoven"))[0] == "Må min hund løbe løs i hundeskoven?"


def _municipal_page(host: str, town: str, title: str, sections: dict[str, str]) -> str:
    """An HTML page of ``town`` Kommune's site at ``host``, with its contact footer."""
    body = "".join(f"<h2>{heading}</h2><p>{text}</p>" for heading, text in sections.items())
    return (f"URL: https://{host}/{title.lower().replace(' ', '-')}\n\n<!DOCTYPE html><html lang='da'>"
            f"<head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<main><h1>{title}</h1><p>Her kan du læse om {title.lower()}.</p>{body}</main>"
            f"<footer><p>{town} Kommune<br>Torvet 1<br>4000 {town}<br>Tlf. 40 40 40 40<br>"
            f"post@{host}</p></footer></body></html>")


ALLOTMENTS = {"Leje af kolonihave": "Du kan leje en kolonihave for 1.200 kr. om året.",
              "Overnatning": "Du må overnatte i havehuset om sommeren."}


def test_the_municipalitys_name_in_a_query_says_which_site_not_what_about(tmp_path):
    """"… i Kragsø" searches Kragsø's pages, and ranks them by the other words: the site's contact
    passage, which names Kragsø in its title, does not come first for it, and no hit misses it."""
    searcher = _searcher_over(tmp_path, {
        "kragsoe-kolonihaver.html": _municipal_page("www.kragsoe.dk", "Kragsø", "Kolonihaver", ALLOTMENTS),
        "kragsoe-pas.html": _municipal_page("www.kragsoe.dk", "Kragsø", "Pas", {"Pris": "Et pas koster 744 kr."}),
        "havby-kolonihaver.html": _municipal_page("www.havby.dk", "Havby", "Kolonihaver", ALLOTMENTS),
        "havby-affald.html": _municipal_page("www.havby.dk", "Havby", "Affald", {"Tømning": "Vi tømmer hver uge."})})
    for query in ("må man overnatte i kolonihaven i kragsø", "overnatte kolonihave kragsoe"):
        result = searcher.search(query)
        assert titles(result)[0] == "Overnatning", query
        assert {hit.passage.url.split("/")[2] for hit in result.hits} == {"www.kragsoe.dk"}, query
        assert not any(hit.missing for hit in result.hits[:2]), query
    # The name alone, or with "kommune", asks for the site itself: its contact passage.
    assert searcher.search("kragsø kommune").hits[0].passage.kind == "site"
    # A site with nothing on the words: every site's pages answer rather than none.
    elsewhere = searcher.search("pas i havby").hits
    assert elsewhere and {hit.passage.url.split("/")[2] for hit in elsewhere} == {"www.kragsoe.dk"}


def test_the_word_kommune_names_the_site_not_the_topic(tmp_path):
    searcher = _searcher_over(tmp_path, {
        "kolonihaver.html": _municipal_page("www.kragsoe.dk", "Kragsø", "Kolonihaver", ALLOTMENTS),
        "pas.html": _municipal_page("www.kragsoe.dk", "Kragsø", "Pas", {"Pris": "Et pas koster 744 kr."})})
    result = searcher.search("kan kommunen leje en kolonihave ud")
    assert titles(result)[0] == "Leje af kolonihave"
    assert all(hit.passage.kind != "site" for hit in result.hits)


def test_a_query_naming_the_municipality_as_an_organisation_finds_its_contact_passage(tmp_path):
    """"Kragsø Kommune adresse" asks for the organisation's own address; "oversætter kommunen"
    (a word no page has) still finds what the site's word finds rather than nothing."""
    searcher = _searcher_over(tmp_path, {
        "kolonihaver.html": _municipal_page("www.kragsoe.dk", "Kragsø", "Kolonihaver", ALLOTMENTS),
        "adresser.html": _municipal_page("www.kragsoe.dk", "Kragsø", "Adresser",
                                         {"Vejnavne": "Hver adresse får et husnummer af kommunen."})})
    assert searcher.search("kragsø kommune adresse").hits[0].passage.kind == "site"
    assert searcher.search("oversætter hos kommunen").hits
