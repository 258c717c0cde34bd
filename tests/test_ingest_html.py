"""HTML pages: main content only, headings as titles, chrome dropped, charsets decoded."""
from __future__ import annotations

import pytest

from ingest import ingest_folder
from ingest.reader import parse_page
from tests.conftest import FIXTURES

HAVBY = FIXTURES / "havby_html"


@pytest.fixture(scope="module")
def havby():
    return ingest_folder(HAVBY)


def _all_text(result) -> str:
    return "\n".join(f"{p.title}\n{p.text}\n{' '.join(p.breadcrumb)}" for p in result.passages if p.kind != "site")


def test_headings_become_passage_titles(havby):
    titles = [p.title for p in havby.passages_of("affald.html")]
    assert titles == ["Affald og genbrug", "Genbrugsstationen",
                      "Hvornår bliver mit affald hentet?", "Kan jeg få en ekstra beholder?"]
    station = havby.passages_of("affald.html")[1]
    assert station.text == ("Genbrugsstationen på Havnevej 12 har åbent alle dage fra 7 til 19.\n"
                            "Du kan aflevere storskrald, haveaffald og farligt affald gratis.")


def test_accordion_questions_are_passages_under_their_section(havby):
    question = havby.passages_of("affald.html")[2]
    assert question.text == "Se din tømmekalender på Mit Affald. Kalenderen for 2024 er klar."
    assert question.breadcrumb[-1] == "Ofte stillede spørgsmål"
    assert question.years == [2024]


def test_scripts_styles_navigation_skip_links_and_footer_are_not_content(havby):
    text = _all_text(havby)
    for chrome in ("dataLayer", "display: none", "Hovedmenu", "Erhverv", "Gå direkte til indhold",
                   "Spring til indhold", "Torvet 1", "post@havby.dk"):
        assert chrome not in text


def test_breadcrumb_from_markup_and_url_from_header(havby):
    passage = havby.passages_of("affald.html")[0]
    assert passage.breadcrumb == ["Forside", "Borger", "Affald og genbrug"]
    assert passage.url == "https://www.havby.dk/borger/affald-og-genbrug"
    assert havby.passages_of("partnerskaber.html")[0].breadcrumb == ["Forside", "Politik", "Partnerskaber"]


def test_kind_comes_from_the_page_not_the_file_name(havby):
    assert {p.kind for p in havby.passages_of("partnerskaber.html")} == {"partnership"}
    assert {p.kind for p in havby.passages_of("affald.html")} == {"page"}
    assert [p.title for p in havby.passages_of("partnerskaber.html")][1:] == ["Grøn Havn", "Unge i job"]


def test_windows_1252_page_is_decoded(havby):
    texts = [p.text for p in havby.passages_of("aeldre.html")]
    assert texts[0] == "Hjælp i hjemmet til ældre borgere i Sønderby og Åby."
    assert "Havbygården – også i weekenden" in texts[1]


def test_footer_element_is_kept_once_as_site_passage(havby):
    sites = [p for p in havby.passages if p.kind == "site"]
    assert len(sites) == 1
    assert "Borgerservice har åbent mandag til fredag 9-15" in sites[0].text
    assert sites[0].page_title == "Havby Kommune"


@pytest.mark.parametrize("data, expected", [
    ("<p>Grøn å</p>".encode("utf-8"), "Grøn å"),
    (b"\xef\xbb\xbf<p>Gr\xc3\xb8n \xc3\xa5</p>", "Grøn å"),  # UTF-8 with BOM
    ("<p>Grøn å</p>".encode("cp1252"), "Grøn å"),  # undeclared windows-1252
    ('<meta charset="iso-8859-1"><p>Grøn å</p>'.encode("latin-1"), "Grøn å"),
    ("<p>Grøn å</p>".encode("utf-16"), "Grøn å"),  # UTF-16 with BOM
])
def test_encodings(data, expected):
    page = parse_page("x.html", data)
    assert page.blocks[0].text == expected


def test_text_page_without_url_header_has_no_url():
    page = parse_page("x.txt", "Telefon: 39 57 50 00\n\nBorgerservice".encode())
    assert page.url is None
    assert page.blocks[0].text == "Telefon: 39 57 50 00"


def test_url_header_is_not_taken_from_a_bad_value():
    page = parse_page("x.txt", "URL: javascript:alert(1)\n\nTekst her.".encode())
    assert page.url is None


def test_a_news_list_inside_the_pages_article_keeps_its_side_column_and_second_links_out(tmp_path):
    """Plone's news list is the page's <article> holding an <article> per item, each item's headline
    a link in its <header> and a "Læs mere…" link to the same news; a pager that says how many items
    its next step shows ("Næste 10 emner »"), the list's feed link after it; a column of boxes beside the article (a press contact,
    coming events with dates). Only the items are the page's text."""
    items = "".join(
        f"<article class='entry'><header><span class='summary'><a href='/nyt/{n}'>{headline}</a></span></header>"
        f"<div class='byline'>{date}</div><p>{teaser}</p><a href='/nyt/{n}' class='more'>Læs mere…</a></article>"
        for n, (headline, date, teaser) in enumerate((
            ("Ny sti langs stranden", "2. december 2026", "Stien bliver tre kilometer lang."),
            ("Musikskolen flytter", "28. november 2026", "Skolen flytter ind i den gamle posthal."),
            ("Færgen sejler igen", "25. november 2026", "Reparationen tog tre uger."))))
    pager = ("<div class='listingBar'><span>1</span> <a href='?b=10'>2</a> <a href='?b=20'>3</a> "
             "<span>…</span> <a href='?b=90'>10</a> <span class='next'><a href='?b=10'>Næste 10 emner »</a></span></div>"
             "<div><a href='/rss'>Nyheder som RSS</a></div>")
    side = ("<div id='column-two'><aside class='portlet'><header><a href='#'>Pressekontakt</a></header><p>Lene Krag<br>"
            "Pressechef<br>Tlf. 70 10 20 99</p></aside><aside class='portlet'><header><a href='#'>Nyhedsbrev</a></header>"
            "<p>Få nyt fra kommunen hver fredag.</p></aside><dl class='portlet'><dt><a href='#'>Arrangementer</a></dt>"
            "<dd><a href='/a'>Julemarked på torvet</a> <span>12.12.2026</span> <span>Torvet</span></dd>"
            "<dd><a href='/a'>Alle arrangementer</a></dd></dl></div>")
    (tmp_path / "nyheder.html").write_text(
        f"<html><body><div id='top'><a href='/'>Forside</a> <a href='/b'>Borger</a></div><div class='row'>"
        f"<div id='column-content'><article id='content'><h1>Nyheder</h1><p>Nyt fra kommunen.</p>{items}{pager}"
        f"</article></div>{side}</div><footer><p>Havby Kommune<br>Torvet 1<br>9999 Havby</p></footer></body></html>",
        encoding="utf-8")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("nyheder.html") if p.kind != "site"]
    assert passages == [("Nyheder", "Nyt fra kommunen."),
                        ("Ny sti langs stranden", "2. december 2026\nStien bliver tre kilometer lang."),
                        ("Musikskolen flytter", "28. november 2026\nSkolen flytter ind i den gamle posthal."),
                        ("Færgen sejler igen", "25. november 2026\nReparationen tog tre uger.")]


def test_an_accordions_open_all_button_heads_nothing(tmp_path):
    """The button above an accordion that opens all its answers carries an accordion's class like
    the questions' buttons, but it is the page's control, no question."""
    faq = "".join(f"<button class='accordion-button' aria-controls='s{n}'>{q}</button><div id='s{n}'><p>{a}</p></div>"
                  for n, (q, a) in enumerate((("Hvornår åbner hallen?", "Hallen åbner kl. 7."),
                                              ("Kan jeg leje banen?", "Ja, på hjemmesiden."))))
    (tmp_path / "hal.html").write_text(
        f"<html><body><main><h1>Hallen</h1><p>Svar om hallen.</p><p><button type='button' class='btn expand-all'>"
        f"Fold alle svar ud</button></p>{faq}</main></body></html>", encoding="utf-8")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("hal.html") if p.kind != "site"]
    assert passages == [("Hallen", "Svar om hallen."), ("Hvornår åbner hallen?", "Hallen åbner kl. 7."),
                        ("Kan jeg leje banen?", "Ja, på hjemmesiden.")]
