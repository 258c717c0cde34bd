"""Portal CMSs (SharePoint, Kentico) on ASP.NET WebForms: content and chrome boxes share one web-part
markup, and every control is a script link; what a reader sees as content stays, the rest goes."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ingest_folder

FOOTER = ("<div id='bund'><p>Lyngby Kommune<br>Kirkestien 3<br>2800 Lyngby<br>Telefon 45 45 45 45</p></div>")


def _webforms_site(folder: Path, pages: dict[str, str]) -> None:
    for name, content in pages.items():
        (folder / name).write_text(
            "<html><body><form id='aspnetForm' action='./side.aspx' method='post'>"
            "<div class='topmenu'><a href='/borger'>Borger</a> <a href='/erhverv'>Erhverv</a></div>"
            f"<h1>{name.split('.')[0].capitalize()}</h1><div class='indhold'>{content}</div>{FOOTER}"
            "</form></body></html>", encoding="utf-8")


def test_a_question_whose_script_link_stands_in_a_heading_heads_its_answer(tmp_path):
    questions = (("Hvornår tømmes containeren?", "Hver anden tirsdag."), ("Hvad koster det?", "Det er gratis."),
                 ("Kan jeg få en større?", "Ja, mod et gebyr."))
    faq = "".join(f"<div class='spg'><h3><a href='javascript:;' onclick='vis(this);return false;'>{q}</a></h3>"
                  f"<div class='svar' style='display:none'><p>{a}</p></div></div>" for q, a in questions)
    _webforms_site(tmp_path, {"papir.html": f"<p>Svar om papircontaineren.</p>{faq}"})
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("papir.html") if p.kind != "site"]
    assert passages == [("Papir", "Svar om papircontaineren."), *questions]


def test_a_poll_inside_the_pages_form_is_no_content(tmp_path):
    poll = ("<div class='boks'><h3 class='bokstitel'>Din mening</h3><div class='boksindhold'>"
            "<div>Hvor tilfreds er du med svømmehallens åbningstider?</div>"
            "<ul><li><input type='radio' name='svar' id='s1' value='1'><label for='s1'>Meget tilfreds</label></li>"
            "<li><input type='radio' name='svar' id='s2' value='2'><label for='s2'>Mindre tilfreds</label></li></ul>"
            "<input type='submit' name='afgiv' value='Afgiv stemme'><a href='/resultat'>Vis stemmerne</a></div></div>")
    _webforms_site(tmp_path, {"svoemmehal.html": "<h2>Åbningstider</h2><p>Hallen har åbent alle dage kl. 6-21.</p>"
                                                 + poll})
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("svoemmehal.html") if p.kind != "site"]
    assert passages == [("Åbningstider", "Hallen har åbent alle dage kl. 6-21.")]


NUMBERED_PAGER = ("<div class='sider'><a href='?s=1'>‹ Tilbage</a> <a href='?s=1'>1</a> <span>2</span> "
                  "<a href='?s=3'>3</a> <a href='?s=3'>Frem ›</a> <span>Side 2 af 3</span></div>")
# A count beside postback steps, no page numbers, after items that rules separate.
COUNTED_PAGER = ("<div class='pager'><span>Side 1 af 18</span> <a href=\"javascript:__doPostBack('naeste','')\">"
                 "Næste side &gt;</a> <a href=\"javascript:__doPostBack('sidste','')\">Sidste side &gt;&gt;</a></div>")


# On the first page the step back links nowhere, and the count stands in parentheses.
FIRST_PAGE_PAGER = ("<div class='Pager'><span class='disabled'>&laquo; Forrige</span> <span class='valgt'>1</span> "
                    "<a href=\"javascript:__doPostBack('pager','2')\">2</a> <a href=\"javascript:__doPostBack('pager','3')\">3</a> "
                    "<a href=\"javascript:__doPostBack('pager','2')\">Næste &raquo;</a> <span>(side 1 af 31)</span></div>")


@pytest.mark.parametrize("rule, pager", [("", NUMBERED_PAGER), ("<hr class='skillelinje'>", COUNTED_PAGER),
                                         ("", FIRST_PAGE_PAGER)])
def test_a_pager_of_numbered_links_and_the_feed_link_after_the_list_are_no_content(tmp_path, rule, pager):
    items = "".join(f"<div class='nyhed'><h2><a href='/n/{n}'>{t}</a></h2><span class='dato'>{d}</span><p>{x}</p></div>{rule}"
                    for n, (t, d, x) in enumerate((("Ny bro over åen", "03.11.2026", "Broen åbner til jul."),
                                                   ("Biblioteket udvider", "28.10.2026", "Der kommer 200 m² mere."),
                                                   ("Vejarbejde på Storegade", "21.10.2026", "Arbejdet varer en uge."))))
    _webforms_site(tmp_path, {"nyheder.html": f"{items}{pager}<p><a href='/feed'>Følg nyhederne som feed</a></p>"})
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.html") if p.kind != "site"]
    assert [p.title for p in passages] == ["Ny bro over åen", "Biblioteket udvider", "Vejarbejde på Storegade"]
    assert passages[-1].text == "21.10.2026\nArbejdet varer en uge."


@pytest.mark.parametrize("after, kept", [
    ("<div class='hoejre'><div class='boks'><div class='titel'>Presse</div><p>Pressechef Ulla Brix<br>"
     "Tlf. 96 38 10 20</p></div></div>", False),
    ("<div class='hoejre'><div class='boks'><div class='titel'>Næste møde</div><p>Byrådet mødes igen "
     "den 14. januar 2027 på rådhuset.</p></div></div>", True)])
def test_the_boxes_after_a_news_lists_pager_are_beside_the_list(tmp_path, after, kept):
    """The pager closes the list: a box after it of names and numbers (a press contact) stands beside
    the list. One that says something in a sentence is left to the other rules."""
    items = "".join(f"<div class='nyhed'><h2><a href='/n/{n}'>{t}</a></h2><span class='dato'>{d}</span><p>{x}</p></div>"
                    for n, (t, d, x) in enumerate((("Ny bro over åen", "03.11.2026", "Broen åbner til jul."),
                                                   ("Biblioteket udvider", "28.10.2026", "Der kommer 200 m² mere."),
                                                   ("Vejarbejde på Storegade", "21.10.2026", "Arbejdet varer en uge."))))
    _webforms_site(tmp_path, {"nyheder.html": f"<div class='liste'>{items}{NUMBERED_PAGER}</div>{after}"})
    result = ingest_folder(tmp_path)
    text = "\n".join(f"{p.title}\n{p.text}" for p in result.passages_of("nyheder.html") if p.kind != "site")
    assert "Broen åbner til jul." in text
    assert ("Pressechef Ulla Brix" in text or "Byrådet mødes igen" in text) == kept
    site = next(p for p in result.passages if p.kind == "site")
    assert "Kirkestien 3" in site.text and "Ulla Brix" not in site.text


def test_a_link_that_only_runs_script_is_a_control_and_a_toggle_beside_its_answer_is_a_question(tmp_path):
    accordion = "".join(f"<div class='fold'><a href='#' class='foldknap' onclick='return fold(this);'>{q}</a>"
                        f"<div class='foldindhold' style='display:none'><p>{a}</p></div></div>"
                        for q, a in (("Hvem må fiske i søen?", "Alle med fisketegn."),
                                     ("Må jeg bade i søen?", "Ja, ved badebroen."),
                                     ("Er der toiletter?", "Ja, ved parkeringen.")))
    _webforms_site(tmp_path, {"soeen.html": f"<p class='alle'><a href='#' onclick='return aabnAlle();'>Åbn alle svar</a>"
                                            f"</p>{accordion}"})
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("soeen.html") if p.kind != "site"]
    assert passages == [("Hvem må fiske i søen?", "Alle med fisketegn."), ("Må jeg bade i søen?", "Ja, ved badebroen."),
                        ("Er der toiletter?", "Ja, ved parkeringen.")]


def test_a_breadcrumb_whose_items_a_dash_separates_is_the_pages_place_not_its_text(tmp_path):
    crumb = ("<div class='brodkrumme'>Du er her: <a href='/'>Forside</a> - <a href='/borger'>Borger</a> - "
             "Ledsageordning</div>")
    _webforms_site(tmp_path, {"ledsageordning.html": f"{crumb}<p>Du kan få en ledsager nogle timer om måneden.</p>"})
    passages = [p for p in ingest_folder(tmp_path).passages_of("ledsageordning.html") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [("Ledsageordning", "Du kan få en ledsager nogle timer om måneden.")]
    assert passages[0].breadcrumb == ["Forside", "Borger", "Ledsageordning"]


def test_a_box_after_the_text_under_a_title_every_page_repeats_is_no_content(tmp_path):
    """The department's contact box beside each page's text, titled "Kontakt" on every page, changes
    from page to page; the page's own contact section under a title of its own stays."""
    pages = {"kolonihaver.html": ("<h2>Venteliste</h2><p>Det koster 150 kr. at blive skrevet op.</p>", "Kultur og Fritid"),
             "svoemmehal.html": ("<h2>Priser</h2><p>En voksenbillet koster 45 kr.</p>", "Kragsø Svømmehal"),
             "turisme.html": ("<h2>Kontakt turismekonsulenten</h2><p>Ring til Mia Holm på 58 42 21 10.</p>",
                              "Erhverv og Turisme")}
    _webforms_site(tmp_path, {name: f"{text}<div class='kontaktboks'><div class='boks-titel'>Kontakt</div>"
                                    f"<strong>{department}</strong><br>Tlf. 58 42 20 40</div>"
                              for name, (text, department) in pages.items()})
    result = ingest_folder(tmp_path)
    for name, (text, department) in pages.items():
        passages = [(p.title, p.text) for p in result.passages_of(name) if p.kind != "site"]
        heading, paragraph = text[4:].split("</h2><p>")
        assert passages == [(heading, paragraph.removesuffix("</p>"))]


def test_a_table_row_whose_click_opens_the_answer_row_below_it_is_the_question(tmp_path):
    """An FAQ as table rows: a question row whose onclick shows the row after it, the question a
    postback link; the answer rows (one with a price table) are the questions' text."""
    answers = (("Hvad koster det at svømme?", "<table><tr><th>Billet</th><th>Pris</th></tr>"
                                              "<tr><td>Voksen</td><td>45 kr.</td></tr></table>", "Billet\nPris\nVoksen\n45 kr."),
               ("Skal børn kunne svømme?", "<p>Børn under 10 år skal være sammen med en voksen.</p>",
                "Børn under 10 år skal være sammen med en voksen."),
               ("Må jeg tage billeder?", "<p>Nej, af hensyn til de andre gæster.</p>", "Nej, af hensyn til de andre gæster."))
    rows = "".join(f"<tr class='spm' onclick=\"vis('svar_{n}');\"><td><img src='plus.gif' alt='+'></td><td>"
                   f"<a href=\"javascript:__doPostBack('spm{n}','')\" onclick='return false;'>{question}</a></td></tr>"
                   f"<tr id='svar_{n}' class='svar' style='display:none'><td></td><td>{answer}</td></tr>"
                   for n, (question, answer, _) in enumerate(answers))
    _webforms_site(tmp_path, {"svoemmehal.html": f"<p>Svar om svømmehallen.</p><table class='faq'>{rows}</table>"})
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("svoemmehal.html") if p.kind != "site"]
    assert passages == [("Svoemmehal", "Svar om svømmehallen."), *((q, text) for q, _, text in answers)]


def test_headings_of_an_editor_without_heading_elements_head_their_text(tmp_path):
    """An old editor's headings: bold type ending its line above lines of text, a content fieldset's
    legend, a definition list's term above an answer, a layout table's header row; a bold lead-in
    ("Bemærk:"), a data table's header cells, a term beside a fact and a form's legend are not."""
    content = (
        "<p><strong>Ferie</strong><br>Du kan tage ledsageren med på ferie.</p>"
        "<div><b>Sådan søger du</b><br>Udfyld skemaet.<br>Vi svarer inden for fire uger.</div>"
        "<p><strong>Bemærk:</strong><br>Skemaet skal underskrives.</p>"
        "<table border='1'><tr><td class='header'><b>Udgift</b></td><td class='header'><b>Hvem betaler</b></td></tr>"
        "<tr><td>Ledsagerens løn</td><td>Kommunen</td></tr></table>"
        "<fieldset class='kontaktboks'><legend>Besøgsadresse</legend>Rådhusvej 1<br>4370 Birkely</fieldset>"
        "<dl><dt>Hvornår kører bussen?</dt><dd><p>Bussen kører hver morgen kl. 7.</p></dd>"
        "<dt>Torsdag</dt><dd>10.00-17.00</dd></dl>"
        "<table class='cases'><tr><td class='header'>Rådhuset</td></tr><tr><td class='tekst'>Nye vinduer i 2025.</td></tr>"
        "</table>"
        "<fieldset class='feedback'><legend>Hjalp denne side dig?</legend><input type='text' name='svar'></fieldset>")
    _webforms_site(tmp_path, {"ledsageordning.html": f"<p>Du kan få en ledsager.</p>{content}"})
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("ledsageordning.html") if p.kind != "site"]
    assert passages == [
        ("Ledsageordning", "Du kan få en ledsager."),
        ("Ferie", "Du kan tage ledsageren med på ferie."),
        ("Sådan søger du", "Udfyld skemaet.\nVi svarer inden for fire uger.\nBemærk:\nSkemaet skal underskrives.\n"
                           "Udgift\nHvem betaler\nLedsagerens løn\nKommunen"),
        ("Besøgsadresse", "Rådhusvej 1\n4370 Birkely"),
        ("Hvornår kører bussen?", "Bussen kører hver morgen kl. 7.\nTorsdag\n10.00-17.00"),
        ("Rådhuset", "Nye vinduer i 2025.")]


def test_the_pages_title_in_a_label_styled_as_a_heading_is_its_title_not_a_section(tmp_path):
    """Without <h1>, the page's title stands in a label with a title class; on a news list it heads
    nothing but the items, each under a headline of its own."""
    news = "".join(f"<div class='nyhed'><a class='nyhed-overskrift' href='/n/{n}'>{headline}</a><br>"
                   f"<span>0{n}-12-2026</span><br><span>{teaser}</span></div>"
                   for n, (headline, teaser) in enumerate((("Vandtårnet åbner", "Der er udsigt fra toppen."),
                                                           ("Ny cykelsti", "Stien åbnede i maj."),
                                                           ("Rengøring på skolerne", "Et nyt firma gør rent."))))
    pages = {"nyheder.html": ("Nyheder og pressemeddelelser", news),
             "ledsageordning.html": ("Ledsageordning", "<p>Du kan få en ledsager.</p>"),
             "skolekoersel.html": ("Skolekørsel", "<p>Dit barn kan få kørsel.</p>")}
    for name, (title, content) in pages.items():
        (tmp_path / name).write_text(
            f"<html><head><title>{title} - Birkely Kommune</title></head><body><form id='aspnetForm'>"
            f"<span class='sideoverskrift'>{title}</span><div class='indhold'>{content}</div>{FOOTER}</form></body></html>",
            encoding="utf-8")
    result = ingest_folder(tmp_path)
    assert [p.title for p in result.passages_of("nyheder.html") if p.kind != "site"] == [
        "Vandtårnet åbner", "Ny cykelsti", "Rengøring på skolerne"]
    assert [(p.title, p.text) for p in result.passages_of("ledsageordning.html") if p.kind != "site"] == [
        ("Ledsageordning", "Du kan få en ledsager.")]


def test_the_cells_beside_a_layout_tables_content_cell_are_columns_of_chrome(tmp_path):
    """A table laid out in columns: the boxes of the right-hand cell (a press contact) are not the
    page's text; a data table's cells in the text, paragraphs in them, are."""
    text = ("<p>Birkely Kommune sender nyheder ud hver uge, og her finder du de seneste nyheder og "
            "pressemeddelelser om alt fra veje og skoler til kultur og natur i kommunen.</p>"
            "<table class='priser'><tr><td><p>Voksen</p></td><td><p>45 kr.</p></td></tr></table>")
    (tmp_path / "nyheder.html").write_text(
        "<html><body><form id='aspnetForm'><table id='layout'><tr>"
        "<td id='venstre'><div class='boks'>Selvbetjening<br><a href='/a'>Søg om pas</a></div></td>"
        f"<td id='indhold'><h1>Nyheder</h1>{text}</td>"
        "<td id='hoejre'><div class='hoejreboks'><div class='hoejreboks-top'>Pressekontakt</div>"
        "<p>Kommunikationschef Mette Lund<br>Tlf. 59 26 40 10</p></div></td>"
        f"</tr></table>{FOOTER}</form></body></html>", encoding="utf-8")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("nyheder.html") if p.kind != "site"]
    assert passages == [("Nyheder", "Birkely Kommune sender nyheder ud hver uge, og her finder du de seneste "
                                    "nyheder og pressemeddelelser om alt fra veje og skoler til kultur og natur i "
                                    "kommunen.\nVoksen\n45 kr.")]
