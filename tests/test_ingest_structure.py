"""Passages right on pages written the way other municipal sites write them: headings start the
passage they name (in scraped text and in HTML from other CMSs), the chrome of pages without <main>
stays out, "Sidst opdateret" is page metadata, years are the years things happened, and the site
passage holds contact facts with a link."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest import ingest_folder
from tests.conftest import RAW_PAGES

FOOTER_TEXT = """Havby Kommune
Torvet 1
9999 Havby
Telefon 70 10 20 30
kommunen@havby.dk

Åbningstid
Mandag-fredag 10-14

Tilgængelighedserklæring Cookies Giv os feedback"""


def _text_page(folder: Path, name: str, crumbs: str, body: str) -> None:
    (folder / name).write_text(f"Spring til indhold\n{crumbs}\n\n{body.strip()}\n\n{FOOTER_TEXT}\n", encoding="utf-8")


@pytest.fixture
def text_site(tmp_path: Path) -> Path:
    folder = tmp_path / "text"
    folder.mkdir()
    _text_page(folder, "sundby.txt", "Forside Politik Mål, cases og projekter Sund by", """
Sund by

Havby vil være en kommune, hvor alle kan leve et sundt liv. Frem mod 2030 skal flere borgere røre sig dagligt.

Eksempler på Sund by:

Motionsbænke i parkerne

I 2021 blev der sat 40 motionsbænke op i kommunens parker.

Læs mere her.

Stavgang for nybagte mødre

Sundhedsplejen inviterer mødre på barsel til stavgang med barnevognen. Forløbet startede i 2022.

Cykelhjelme til alle 1. klasser

Siden 2019 har alle elever i 1. klasse fået en cykelhjelm og et kursus i trafik.
""")
    _text_page(folder, "hjaelpemidler.txt", "Forside Borger Sundhed Hjælpemidler", """
Hjælpemidler

Har du brug for et hjælpemiddel i hverdagen, kan du søge om det hos kommunen.

Kørestol og rollator

Hvis du har svært ved at gå, kan du låne en kørestol eller en rollator.

Hjælpemidlet udlånes gratis, så længe du har brug for det.

Boligændringer

Kommunen kan hjælpe med at ændre din bolig, fx fjerne dørtrin.

Høreapparater

Høreapparater får du via en privat høreklinik. Du kan få tilskud fra kommunen.

Sidst opdateret 12. marts 2024
""")
    return folder


def _titles_and_first_words(result, page: str) -> list[tuple[str, str]]:
    return [(p.title, " ".join(p.text.split()[:3])) for p in result.passages_of(page) if p.kind != "site"]


def test_each_headed_example_is_its_own_case_under_its_own_title(text_site):
    result = ingest_folder(text_site)
    assert _titles_and_first_words(result, "sundby.txt") == [
        ("Sund by", "Havby vil være"),
        ("Motionsbænke i parkerne", "I 2021 blev"),
        ("Stavgang for nybagte mødre", "Sundhedsplejen inviterer mødre"),
        ("Cykelhjelme til alle 1. klasser", "Siden 2019 har"),
    ]
    bench = result.passages_of("sundby.txt")[1]
    assert "Læs mere her." in bench.text and "Stavgang" not in bench.text
    assert {p.kind for p in result.passages_of("sundby.txt")} == {"case"}


def test_sections_of_an_info_page_are_passages_and_its_date_is_metadata(text_site):
    result = ingest_folder(text_site)
    passages = [p for p in result.passages_of("hjaelpemidler.txt") if p.kind != "site"]
    assert [(p.title, p.text.count("\n") + 1) for p in passages] == [
        ("Hjælpemidler", 1), ("Kørestol og rollator", 2), ("Boligændringer", 1), ("Høreapparater", 1)]
    assert all(p.updated == "2024-03-12" for p in passages)
    assert not any("Sidst opdateret" in p.text for p in result.passages)


def test_years_are_when_things_happened_not_targets(text_site):
    result = ingest_folder(text_site)
    assert [p.years for p in result.passages_of("sundby.txt") if p.kind != "site"] == [[], [2021], [2022], [2019]]


def test_site_passage_holds_contact_facts_and_no_footer_links(text_site):
    [site] = [p for p in ingest_folder(text_site).passages if p.kind == "site"]
    assert site.text.splitlines() == ["Havby Kommune", "Torvet 1", "9999 Havby", "Telefon 70 10 20 30",
                                      "kommunen@havby.dk", "Åbningstid", "Mandag-fredag 10-14"]
    assert site.url == "https://havby.dk/"  # no page gave its address: the e-mail's domain


def test_the_footers_links_after_its_last_fact_on_one_line_are_not_contact_facts(tmp_path):
    footer = ("<footer><p>Kragsø Kommune<br>Rådhuspladsen 4<br>4780 Kragsø</p><p>EAN 5798000456789 · "
              "CVR 29 18 94 11 · <a href='/tilg'>Tilgængelighedserklæring</a> · <a href='/pp'>Privatlivspolitik</a>"
              "</p></footer>")
    for name in ("kolonihaver", "svoemmehal"):
        (tmp_path / f"{name}.html").write_text(f"<html><body><main><h1>{name}</h1><p>Om {name}.</p></main>{footer}"
                                               "</body></html>", encoding="utf-8")
    [site] = [p for p in ingest_folder(tmp_path).passages if p.kind == "site"]
    assert site.text.splitlines() == ["Kragsø Kommune", "Rådhuspladsen 4", "4780 Kragsø",
                                      "EAN 5798000456789 · CVR 29 18 94 11"]


CHROME = ["Accepter alle cookies", "Vi bruger cookies til statistik", "Affald og genbrug", "Skole og SFO",
          "Veje og trafik", "Del på Facebook", "Var siden nyttig?", "Læs også", "Sidst opdateret",
          "Tilgængelighedserklæring", "Søg på siden", "Lyt til siden", "Du er her"]


def _div_soup(path: str, title: str, body: str, related: list[str], updated: str) -> str:
    """A page of a CMS that marks up nothing: no <main>, <nav>, <header> or <footer>."""
    menu = "".join(f'<div class="menu__item"><a href="/{n}">{label}</a></div>'
                   for n, label in enumerate(["Affald og genbrug", "Skole og SFO", "Veje og trafik",
                                              "Ældre og pleje", "Job og ledighed"]))
    links = "".join(f'<div class="related__link"><a href="/r{n}">{text}</a></div>' for n, text in enumerate(related))
    return f"""URL: https://www.havby.dk/{path}

<!DOCTYPE html><html lang="da"><head><title>{title} - Havby Kommune</title>
<script>var settings = {{}};</script></head><body>
<div class="cookie"><div class="cookie__text">Vi bruger cookies til statistik</div>
<a href="#" class="btn">Accepter alle cookies</a> <a href="#" class="btn">Kun nødvendige</a></div>
<div class="top"><div class="logo"><a href="/"><img alt="Havby Kommune" src="/logo.svg"></a></div>
<div class="search"><form action="/soeg"><input name="q" placeholder="Søg"><button type="submit">Søg på siden</button></form></div>
<div class="menu">{menu}</div></div>
<div class="path">Du er her: Forside / Borger / {title}</div>
<div class="content"><div class="col-8"><h1>{title}</h1>
<div class="tools"><a href="/lyt">Lyt til siden</a></div>
{body}
<div class="meta">Sidst opdateret {updated}</div>
<div class="share"><span>Del siden</span> <a href="https://facebook.com/x">Del på Facebook</a> <a href="https://linkedin.com/x">Del på LinkedIn</a></div>
<div class="rating"><div>Var siden nyttig?</div><a href="#">Ja</a> <a href="#">Nej</a></div>
</div><div class="col-4"><div class="related"><div class="related__title">Læs også</div>{links}</div></div></div>
<div class="bottom"><div>Havby Kommune</div><div>Torvet 1</div><div>9999 Havby</div><div>Telefon 70 10 20 30</div>
<div><a href="/tilgaengelighed">Tilgængelighedserklæring</a> <a href="/cookies">Cookies</a></div></div>
</body></html>"""


@pytest.fixture
def soup_site(tmp_path: Path) -> Path:
    folder = tmp_path / "soup"
    folder.mkdir()
    pages = {
        "pasning": ("Pasning af børn", """
<p>Havby Kommune tilbyder pasning i dagpleje og børnehave.</p>
<p><strong>Dagpleje</strong></p>
<p>I dagplejen bliver dit barn passet i et privat hjem.</p>
<p><strong>Bemærk:</strong> du skal skrive barnet op i god tid.</p>
<div class="rte-heading">Børnehave</div>
<p>Fra knap tre år går dit barn i børnehave. Læs om <a href="/bh">børnehaverne</a>.</p>""",
                    ["Pladsanvisningen", "Økonomisk friplads", "Skolestart"], "3. februar 2025"),
        "affald": ("Spørgsmål om affald", """
<p>Her er svar på det, vi oftest bliver spurgt om.</p>
<div class="accordion"><button type="button" class="accordion-button" aria-expanded="false">Hvornår tømmes min spand?</button>
<div class="accordion-body"><p>Restaffald tømmes hver anden uge.</p></div>
<button type="button" class="accordion-button" aria-expanded="false">Hvor afleverer jeg batterier?</button>
<div class="accordion-body"><p>Læg dem i en pose oven på låget.</p></div></div>""",
                   ["Genbrugsstationen", "Storskrald", "Haveaffald"], "8. januar 2025"),
        "parkering": ("Parkering", """
<p>I Havby er det gratis at parkere i tre timer.</p>
<h2>Beboerlicens</h2><p>Bor du i midtbyen, kan du købe en beboerlicens.</p>""",
                      ["Trafik", "Vejarbejde", "Cykelstier"], "12. marts 2024"),
    }
    for path, (title, body, related, updated) in pages.items():
        (folder / f"{path}.html").write_text(_div_soup(path, title, body, related, updated), encoding="utf-8")
    return folder


def test_div_soup_keeps_content_and_drops_menus_banners_widgets_and_related_links(soup_site):
    result = ingest_folder(soup_site)
    assert not result.rejected
    passages = [p for p in result.passages if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    for chrome in CHROME:
        assert chrome not in text, chrome
    assert "I dagplejen bliver dit barn passet i et privat hjem." in text
    assert "Fra knap tre år går dit barn i børnehave. Læs om børnehaverne." in text
    assert all(p.breadcrumb[-1] in ("Pasning af børn", "Spørgsmål om affald", "Parkering") for p in passages)
    assert {p.updated for p in result.passages_of("affald.html") if p.kind != "site"} == {"2025-01-08"}
    assert {p.breadcrumb[0] for p in passages} == {"Forside"}


def test_bold_paragraphs_and_heading_classes_are_headings(soup_site):
    result = ingest_folder(soup_site)
    assert _titles_and_first_words(result, "pasning.html") == [
        ("Pasning af børn", "Havby Kommune tilbyder"),
        ("Dagpleje", "I dagplejen bliver"),
        ("Børnehave", "Fra knap tre"),
    ]
    assert "Bemærk: du skal skrive barnet op i god tid." in result.passages_of("pasning.html")[1].text


def test_accordion_buttons_are_questions_with_their_answers(soup_site):
    result = ingest_folder(soup_site)
    assert _titles_and_first_words(result, "affald.html")[1:] == [
        ("Hvornår tømmes min spand?", "Restaffald tømmes hver"),
        ("Hvor afleverer jeg batterier?", "Læg dem i"),
    ]


def test_site_passage_of_html_pages_links_to_the_site(soup_site):
    [site] = [p for p in ingest_folder(soup_site).passages if p.kind == "site"]
    assert site.url == "https://www.havby.dk/" and "Tilgængelighedserklæring" not in site.text
    assert site.text.startswith("Havby Kommune\nTorvet 1")


def test_a_webforms_page_inside_one_form_is_read(tmp_path):
    folder = tmp_path / "webforms"
    folder.mkdir()
    (folder / "borgerservice.html").write_text("""URL: https://www.havby.dk/borgerservice.aspx

<html><body><form name="aspnetForm" method="post" action="./borgerservice.aspx" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTk2">
<div id="ctl00_Search"><input type="text" name="ctl00$Search$q"><input type="submit" value="Søg"></div>
<ul id="ctl00_TopMenu"><li><a href="/borger">Borger</a></li><li><a href="/erhverv">Erhverv</a></li></ul>
<div id="ctl00_Content"><h1>Borgerservice</h1>
<p>I Borgerservice kan du få hjælp til pas, kørekort og sygesikring.</p>
<h2>Pas</h2><p>Du skal bestille tid, før du kommer for at få nyt pas.</p></div>
</form></body></html>""", encoding="utf-8")
    result = ingest_folder(folder)
    assert not result.rejected
    assert _titles_and_first_words(result, "borgerservice.html") == [
        ("Borgerservice", "I Borgerservice kan"), ("Pas", "Du skal bestille")]


def test_seed_pages_still_give_24_cases_and_15_partnerships(tmp_path):
    shutil.copytree(RAW_PAGES, tmp_path / "pages")
    kinds = [p.kind for p in ingest_folder(tmp_path / "pages").passages]
    assert kinds.count("case") == 24 and kinds.count("partnership") == 15 and kinds.count("site") == 1


def test_a_long_repeated_head_of_cookie_banner_and_menu_stays_out(tmp_path):
    """Scraped pages that open with a skip link, a cookie banner and a top menu (nine lines the site
    repeats on every page) lose all of it, and the breadcrumb under it is read as the breadcrumb."""
    head = ("Spring til indhold\n\nVi bruger cookies til statistik.\nAccepter cookies\nAfvis cookies\n\n"
            "Borger\nErhverv\nKultur og fritid\nPolitik\nSøg på havby.dk\n\n")
    topics = {"parkering": ("Beboerparkering", "Med en beboerlicens kan du parkere i din egen zone."),
              "vielse": ("Borgerlig vielse", "Du kan blive gift på rådhuset eller i byens park."),
              "bibliotek": ("Biblioteket", "Biblioteket har åbent hver dag fra 8 til 22."),
              "affald": ("Storskrald", "Storskrald hentes ved skel hver anden uge.")}
    for name, (title, text) in topics.items():
        (tmp_path / f"{name}.txt").write_text(
            f"{head}Forside / Borger / {title}\n\n{title}\n\n{text}\n\n{FOOTER_TEXT}\n", encoding="utf-8")
    result = ingest_folder(tmp_path)
    for name, (title, text) in topics.items():
        passages = [p for p in result.passages_of(f"{name}.txt") if p.kind != "site"]
        assert [(p.title, p.text) for p in passages] == [(title, text)]
        assert passages[0].breadcrumb == ["Forside", "Borger", title]


@pytest.mark.parametrize("line, date", [
    ("Sidst opdateret 3. feb. 2025", "2025-02-03"),
    ("Siden er sidst ændret 3. februar 2025 kl. 10.15", "2025-02-03"),
    ("Opdateret den 3/2 2025 af Webredaktionen", "2025-02-03"),
    ("Senest revideret: 03-02-2025", "2025-02-03"),
    ("Redigeret 2025-02-03", "2025-02-03"),
    ("Ajourført: 4. marts 2025", "2025-03-04"),
    ("Sidst rettet: onsdag, 18. november 2026 08:47", "2026-11-18"),
    ("Sidst gennemgået 4. december 2026", "2026-12-04"),
    ("Publiceret 12. februar 2025 – revideret 30. september 2026", "2026-09-30"),
    ("Siden er senest opdateret onsdag den 4. marts 2025 kl. 11.05", "2025-03-04"),
    ("Reglerne er ændret 1. januar 2024.", None),  # a sentence of the text, not the page's date
])
def test_last_updated_notices_in_the_ways_sites_write_them(tmp_path, line, date):
    (tmp_path / "side.txt").write_text(f"Storskrald\n\nStorskrald hentes hver anden uge.\n\n{line}\n", encoding="utf-8")
    passage = ingest_folder(tmp_path).passages_of("side.txt")[0]
    assert passage.updated == date
    assert (line in passage.text) == (date is None)


def test_icon_font_glyphs_are_not_text(tmp_path):
    (tmp_path / "faq.txt").write_text("Kørsel\n\nHvem kan få kørsel til læge? \ue5cf\n\n"
                                       "Du kan få kørsel, hvis du ikke kan tage bussen.\n", encoding="utf-8")
    passages = ingest_folder(tmp_path).passages_of("faq.txt")
    assert "Hvem kan få kørsel til læge?" in "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert not any("\ue5cf" in f"{p.title}{p.text}" for p in passages)


def test_soft_hyphens_do_not_split_words(tmp_path):
    """A page pasted from Word or written with &shy; keeps its long words whole, so a search for
    the word finds it."""
    (tmp_path / "nyt.txt").write_text("Skov på grusgraven\n\nEleverne har plantet skov på det gamle "
                                       "grusgravs\u00adareal ved Bakkehuse.\n", encoding="utf-8")
    (tmp_path / "side.html").write_text("<main><h1>Vandløb</h1><p>Grødeskæring i vand&shy;løbene sker "
                                        "to gange om året.</p></main>", encoding="utf-8")
    texts = [p.text for name in ("nyt.txt", "side.html") for p in ingest_folder(tmp_path).passages_of(name)]
    assert any("grusgravsareal" in text for text in texts)
    assert any("vandløbene" in text for text in texts)
    assert not any("\u00ad" in text for text in texts)


FAQ_ANSWERS = [("Hvordan skifter jeg læge?", "Du skifter læge på borger.dk med MitID."),
               ("Hvad koster det?", "Det koster 345 kr. at skifte læge.")]


@pytest.mark.parametrize("toggle", ["Åbn alle", "Fold alle ud", "Skjul alle svar", "+ Vis alle"])
def test_an_accordions_open_all_button_is_not_a_question_nor_text(tmp_path, toggle):
    """Scraped as its own paragraph, or as one line of a paragraph (a scrape of one text node per
    line), the button that opens or closes every answer is neither a heading nor text."""
    apart = "\n\n".join(f"{q}\n\n{a}" for q, a in FAQ_ANSWERS)
    run_together = "\n".join(line for q, a in FAQ_ANSWERS for line in (q, a))
    for name, body in (("apart", f"\n\n{toggle}\n\n{apart}"), ("run-together", f"\n{toggle}\n{run_together}")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "faq.txt").write_text(f"Lægevalg\n\nDu vælger selv din læge.{body}\n", encoding="utf-8")
        passages = [p for p in ingest_folder(tmp_path / name).passages_of("faq.txt") if p.kind != "site"]
        assert [p.title for p in passages] == ["Lægevalg", *(q for q, _ in FAQ_ANSWERS)], name
        assert not any(toggle in f"{p.title}\n{p.text}" for p in passages), name


NEWS_ITEMS = (("Ny badebro er indviet", "30. november 2026", "Broen er 90 meter lang og kan bruges af kørestolsbrugere."),
              ("Biblioteket får makerspace", "3. december 2026", "Det gamle bogmagasin er bygget om til et værksted."),
              ("Vejarbejde på Storegade", "21. oktober 2026", "Arbejdet varer en uge, og bussen kører en omvej."))


@pytest.mark.parametrize("control", ["Vælg emne\nAlle emner", "Filtrer nyheder\nAlle emner\nexpand_more",
                                     "Vis nyheder fra\nAlle år"])
def test_a_news_lists_filter_copied_as_text_is_no_content(tmp_path, control):
    """A scraper copies a select as its label and the option it shows ("Alle emner"): a control of
    the list. A list of short items that says whom a thing is for ("Alle børn") is text."""
    items = "\n\n".join("\n".join(item) for item in NEWS_ITEMS)
    (tmp_path / "nyheder.txt").write_text(f"Nyheder\n\n{control}\n\n{items}\n", encoding="utf-8")
    (tmp_path / "tilbud.txt").write_text("Tilbud\n\nMadpakker om sommeren\n\nTilbuddet gælder for:\n"
                                        "Alle børn i 0.-3. klasse\nAlle unge under 18\n", encoding="utf-8")
    result = ingest_folder(tmp_path)
    passages = [p for p in result.passages_of("nyheder.txt") if p.kind != "site"]
    assert [p.title for p in passages] == [title for title, _, _ in NEWS_ITEMS]
    assert not any(line in f"{p.title}\n{p.text}" for p in passages for line in control.split("\n"))
    assert "Alle unge under 18" in "\n".join(p.text for p in result.passages_of("tilbud.txt"))


def test_a_link_to_nowhere_that_opens_all_answers_is_a_control(tmp_path):
    """html2text writes the accordion's button as "[Åbn alle svar](#)": a link that leads nowhere.
    A "#" link that names a thing ("Til toppen" aside) is left to the other rules."""
    qa = "".join(f"<h2>{q}</h2><p>{a}</p>" for q, a in FAQ_ANSWERS)
    (tmp_path / "faq.html").write_text(
        "<html><body><main><h1>Lægevalg</h1><p>Du vælger selv din læge.</p>"
        f'<p><a href="#">Åbn alle svar</a></p>{qa}</main></body></html>', encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("faq.html") if p.kind != "site"]
    assert [p.title for p in passages] == ["Lægevalg", *(q for q, _ in FAQ_ANSWERS)]
    assert not any("Åbn alle svar" in p.text for p in passages)


def test_word_processor_headings_and_arrowed_read_more_links(tmp_path):
    """Headings an old editor wrote as <p class="Underrubrik"><span style><b>…</b></span></p> start
    their case, and "» Læs mere om …" stays with the case it follows instead of titling the next."""
    cases = [("Erhvervspraktik i 8. klasse", "Siden 2022 har elever i 8. klasse været i praktik."),
             ("Mentorer på erhvervsskolen", "I 2023 fik 85 elever en fast mentor."),
             ("Ungeguiden", "Ungeguiden er en app til at booke en samtale.")]
    body = "".join(f'<p class="Underrubrik"><span style="font-size:13pt"><b>{title}</b></span></p><p>{text}</p>'
                   f'<p><a href="/x">&raquo; Læs mere om {title.lower()}</a></p>' for title, text in cases)
    (tmp_path / "maal.html").write_text(
        f"<html><head><title>Mål, cases og projekter - Unge</title></head><body><main><h1>Mål, cases og projekter - Unge</h1>"
        f"<p>Målet er, at flere unge tager en uddannelse.</p>{body}</main></body></html>", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("maal.html") if p.kind != "site"]
    by_title = {p.title: p.text for p in passages}
    for title, text in cases:
        assert by_title[title].startswith(text) and f"Læs mere om {title.lower()}" in by_title[title]


def _html_site(folder: Path, pages: dict[str, str]) -> None:
    footer = ("<footer><p>Havby Kommune<br>Torvet 1<br>9999 Havby<br>Telefon 70 10 20 30</p>"
              "<p>Tilgængelighedserklæring</p></footer>")
    for name, main in pages.items():
        (folder / name).write_text(f"<html><body><nav><a href='/'>Borger</a> <a href='/k'>Kultur og fritid</a></nav>"
                                   f"<main>{main}</main>{footer}</body></html>", encoding="utf-8")


def test_what_a_page_says_is_kept_when_the_footer_repeats_part_of_it(tmp_path):
    """An address the page gives ends with the postcode line every footer repeats; a contact box is
    headed by a department the menu names; a table's header row is bold; an accordion button carries
    an icon. All of it is the page's text, whole, and the icon is not."""
    _html_site(tmp_path, {
        "kontakt.html": "<h1>Kontakt os</h1><p>Ring eller skriv til os.</p><h2>Adresse</h2>"
                        "<p>Sundhedsplejen<br>Parkvej 8<br>9999 Havby</p>",
        "priser.html": "<h1>Priser</h1><p>Priserne gælder for et år.</p><table><tr><td><p><b>Gravsted</b></p></td>"
                       "<td><p><b>Pris</b></p></td></tr><tr><td>Urnegravsted</td><td>1.200 kr.</td></tr></table>",
        "faq.html": "<h1>Spørgsmål og svar</h1><p>Her er svarene.</p><h3><button aria-expanded='false'>Hvem kan søge?"
                    "<span aria-hidden='true'>+</span></button></h3><div><p>Alle kan søge.</p></div>",
        "om.html": "<h1>Om kommunen</h1><p>Havby har 40.000 indbyggere.</p>",
    })
    result = ingest_folder(tmp_path)
    text = {name: "\n".join(f"{p.title}\n{p.text}" for p in result.passages_of(name) if p.kind != "site")
            for name in ("kontakt.html", "priser.html", "faq.html")}
    assert "Sundhedsplejen\nParkvej 8\n9999 Havby" in text["kontakt.html"]
    assert all(cell in text["priser.html"].split("\n")[2:] for cell in ("Gravsted", "Pris", "Urnegravsted"))
    assert [p.title for p in result.passages_of("faq.html") if p.kind != "site"][-1] == "Hvem kan søge?"


def test_a_contact_box_under_a_name_the_menu_repeats_is_kept(tmp_path):
    for n, (name, title) in enumerate((("a.txt", "Foreninger"), ("b.txt", "Haller"), ("c.txt", "Tilskud"))):
        (tmp_path / name).write_text(
            f"Spring til indhold\nBorger\nKultur og Fritid\n\n{title}\n\nOm {title.lower()} i Havby.\n\n"
            f"Kontakt os\n\nKultur og Fritid\nTelefon 75 30 44 1{n}\n{title.lower()}@havby.dk\n\n{FOOTER_TEXT}\n",
            encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("a.txt") if p.kind != "site"]
    assert "Telefon 75 30 44 10\nforeninger@havby.dk" in "\n".join(p.text for p in passages)


def test_a_read_aloud_button_and_a_pager_are_not_text_but_a_read_more_link_is(tmp_path):
    for n, title in enumerate(("Nyheder", "Affald", "Skoler")):
        (tmp_path / f"{n}.txt").write_text(
            f"Spring til indhold\n\n{title}\n\nLæs op\n\n{title} i Havby er for alle.\n\nLæs mere her\n\n"
            f"Mere om {title.lower()} følger.\n\n« Forrige 1 2 3 … 9 Næste »\n\n{FOOTER_TEXT}\n", encoding="utf-8")
    text = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("0.txt") if p.kind != "site")
    assert "Læs op" not in text and "Næste" not in text
    assert "Nyheder i Havby er for alle.\nLæs mere her" in text


def test_a_latest_news_box_on_every_page_does_not_empty_the_news_list(tmp_path):
    """Every page repeats the newest items (title and date) in a sidebar box; on the news list they
    are the content: each item keeps its date, and an accordion's arrow is not part of a question."""
    news = [("Ny skov ved Lindholm", "02-12-2026", "Byrådet har købt jord til skov."),
            ("Havnen fik Blå Flag", "16-11-2026", "Havnen har haft flaget siden 2017."),
            ("Frakørsel lukker om natten", "28-10-2026", "Vejen får nyt slidlag.")]
    box = "<div class='box'><h3>Seneste nyheder</h3>" + "".join(
        f"<p class='boxitem'><a href='/n'>{t}</a><br>{d}</p>" for t, d, _ in news) + "</div>"
    items = "".join(f"<div class='nyhed'><h2><a href='/n'>{t}</a></h2><span class='dato'>{d}</span><p>{x}</p></div>"
                    for t, d, x in news)
    pages = {"aktuelt.html": f"<h1>Aktuelt</h1>{items}",
             "faq.html": "<h1>Spørgsmål</h1><p>Svar på det, vi oftest bliver spurgt om.</p>"
                         "<h3>&#9658; Hvornår skal mit barn indskrives?</h3><p>I december.</p>",
             "a.html": "<h1>Affald</h1><p>Affald hentes hver uge.</p>",
             "b.html": "<h1>Biblioteket</h1><p>Biblioteket har åbent hver dag.</p>"}
    for name, main in pages.items():
        (tmp_path / name).write_text(f"<html><body><form id='aspnetForm'>{box}<div id='indhold'>{main}</div>"
                                     f"<div id='footer'>Havby Kommune, Torvet 1, 9999 Havby</div></form></body></html>",
                                     encoding="utf-8")
    result = ingest_folder(tmp_path)
    passages = {p.title: p.text for p in result.passages_of("aktuelt.html") if p.kind != "site"}
    for title, date, text in news:
        assert date in passages[title].split("\n") and text in passages[title]
    assert "Hvornår skal mit barn indskrives?" in [p.title for p in result.passages_of("faq.html")]


def test_a_scraped_pages_title_line_above_the_cookie_banner_is_its_title_and_the_banner_goes(tmp_path):
    """A scraper that copies the <title> first ("Beboerparkering | Havby Kommune", the site's name on
    every page) leaves the page's title, and the banner the site repeats under it still goes."""
    head = "Gå til hovedindhold\nVi bruger cookies til statistik.\nAccepter alle\nKun nødvendige\n\n"
    topics = {"parkering": ("Beboerparkering", "Med en beboerlicens kan du parkere i din egen zone."),
              "vielse": ("Borgerlig vielse", "Du kan blive gift på rådhuset eller i byens park."),
              "bibliotek": ("Biblioteket", "Biblioteket har åbent hver dag fra 8 til 22.")}
    for name, (title, text) in topics.items():
        (tmp_path / f"{name}.txt").write_text(f"{title} | Havby Kommune\n{head}{title}\n{text}\n\n{FOOTER_TEXT}\n",
                                              encoding="utf-8")
    result = ingest_folder(tmp_path)
    for name, (title, text) in topics.items():
        passages = [p for p in result.passages_of(f"{name}.txt") if p.kind != "site"]
        assert [(p.page_title, p.title, p.text) for p in passages] == [(title, title, text)]


def test_a_scrape_with_one_text_node_per_line_keeps_its_breadcrumb_and_its_headings(tmp_path):
    """get_text('\\n') writes every text node on a line of its own: breadcrumb items between lone "/"
    lines, and headings with no blank line around them; a heading after a sentence still heads its
    text, as does one between an address and a contact box, while a list's items under a lead-in, a short line after them, a phone number and a sentence
    broken at its link stay text."""
    _text_page(tmp_path, "fritidspas.txt", "Forside\n/\nBorger\n/\nFritidspas", """
Fritidspas

Med et fritidspas kan børn få tilskud til kontingentet i en forening.
Du kan også
søge om fritidspas online
med MitID.
Hvem kan få et fritidspas?
Fritidspasset er for børn og unge, der:
bor i Havby Kommune
ikke går til en fritidsaktivitet i forvejen
Fritidsguiden
En fritidsguide kan følge dit barn til de første træninger.
Ring til os
Vi svarer alle hverdage.
Telefon 70 10 20 40
Vi ringer tilbage inden for to hverdage.

Besøgsadresse
Fritidsteamet
Rådhusvej 5, indgang C
9999 Havby
Afdelingsleder
Karen Dam
Telefon 70 10 20 50
kada@havby.dk
""")
    passages = [p for p in ingest_folder(tmp_path).passages_of("fritidspas.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [
        ("Fritidspas", "Med et fritidspas kan børn få tilskud til kontingentet i en forening.\n"
                       "Du kan også\nsøge om fritidspas online\nmed MitID."),
        ("Hvem kan få et fritidspas?", "Fritidspasset er for børn og unge, der:\nbor i Havby Kommune\n"
                                       "ikke går til en fritidsaktivitet i forvejen\nFritidsguiden\n"
                                       "En fritidsguide kan følge dit barn til de første træninger."),
        ("Ring til os", "Vi svarer alle hverdage.\nTelefon 70 10 20 40\nVi ringer tilbage inden for to hverdage."),
        ("Besøgsadresse", "Fritidsteamet\nRådhusvej 5, indgang C\n9999 Havby"),
        ("Afdelingsleder", "Karen Dam\nTelefon 70 10 20 50\nkada@havby.dk")]
    assert passages[0].breadcrumb == ["Forside", "Borger", "Fritidspas"]


def test_a_scraped_news_items_category_above_its_headline_and_its_bare_read_more_are_no_text(tmp_path):
    """Each item of a scraped news list: a category label, the headline, the date, the teaser and a
    "Læs mere" that names nothing; the headline above the date heads the item, and the date says
    when the item was written."""
    items = (("Kultur", "Biblioteket får længere åbningstid", "3. december 2026", "Biblioteket åbner kl. 7."),
             ("Trafik", "Ny rundkørsel ved Skolevej", "30. november 2026", "Rundkørslen erstatter et kryds."),
             ("Politik", "Byrådet vedtager budget 2027", "12. november 2026", "Budgettet giver flere penge til skoler."))
    _text_page(tmp_path, "nyheder.txt", "Forside / Nyheder", "Nyheder\n\n" + "\n\n".join(
        f"{category}\n{headline}\n{date}\n{teaser}\nLæs mere" for category, headline, date, teaser in items))
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert passages == [(headline, f"{date}\n{teaser}") for _, headline, date, teaser in items]
    budget = next(p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.title.startswith("Byrådet"))
    assert budget.years == [2026]  # the year it was written in, not the budget's year to come


def test_the_site_name_every_title_carries_is_not_the_page_title(tmp_path):
    for name in ("Tandpleje", "Skolestart", "Affald"):
        (tmp_path / f"{name}.html").write_text(
            f"<html><head><title>{name} - Havby Kommune</title></head><body><div>{name} i Havby er for alle.</div>"
            f"<div>Læs om {name.lower()} her på siden.</div></body></html>", encoding="utf-8")
    (tmp_path / "Havby.html").write_text("<html><head><title>Om Havby - en by ved havet</title></head>"
                                         "<body><div>Havby ligger ved havet.</div></body></html>", encoding="utf-8")
    result = ingest_folder(tmp_path)
    assert {p.page_title for p in result.passages if p.kind != "site"} == {
        "Tandpleje", "Skolestart", "Affald", "Om Havby - en by ved havet"}


def test_the_open_question_of_an_accordion_is_a_question_like_the_others(tmp_path):
    """The first (or the open) item of a list carries a class more than its siblings: it is still
    an item, and its question titles its answer."""
    questions = [("Hvornår åbner svømmehallen?", "Klokken seks."), ("Koster det noget?", "Nej, det er gratis."),
                 ("Må jeg tage mit barn med?", "Ja, børn er velkomne.")]
    items = "".join(f"<div class='spm{' spm-aaben' if n == 0 else ''}'><a href='#'>{q}</a><div><p>{a}</p></div></div>"
                    for n, (q, a) in enumerate(questions))
    _html_site(tmp_path, {"faq.html": f"<h1>Svømmehallen</h1><p>Svar på det, vi oftest bliver spurgt om.</p>{items}"})
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("faq.html") if p.kind != "site"}
    for question, answer in questions:
        assert passages[question] == answer


def test_a_title_class_inside_the_h1_leaves_it_the_page_title(tmp_path):
    """Without <main> the content starts at the <h1>, also when its text sits in a span whose class
    says title; the banner above it stays out (on a page of its own, where nothing is learned)."""
    (tmp_path / "affald.html").write_text(
        "<html><body><div class='banner'><p>Vi gemmer data om dit besøg. Du vælger selv hvilke.</p></div>"
        "<div class='region'><h1><span class='field--name-title'>Affald</span></h1>"
        "<p>Om affald i Havby.</p></div></body></html>", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("affald.html") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [("Affald", "Om affald i Havby.")]


def test_danish_title_classes_head_a_contact_box_and_news_rows(tmp_path):
    rows = "".join(f"<tr><td class='dato'>{d}</td><td class='tekst'><a class='nyhedstitel' href='/n'>{t}</a><br>"
                   f"<span>{x}</span></td></tr>"
                   for d, t, x in (("3. maj 2026", "Ny bro over åen", "Broen åbner til sommer."),
                                   ("2. april 2026", "Torvet får nye bænke", "Der kommer tolv bænke."),
                                   ("1. marts 2026", "Vinterbadning ved stranden", "Klubben har fået et saunahus.")))
    _html_site(tmp_path, {
        "aktuelt.html": f"<h1>Aktuelt</h1><table>{rows}</table>",
        "vej.html": "<h1>Vejarbejde</h1><p>Du skal søge om lov, før du graver.</p><h2>Pris</h2><p>Det er gratis.</p>"
                    "<div class='boks'><span class='boks-titel'>Kontakt Vejafdelingen</span><br>Telefon 70 11 22 33</div>",
    })
    result = ingest_folder(tmp_path)
    news = {p.title: p.text for p in result.passages_of("aktuelt.html") if p.kind != "site"}
    assert news["Torvet får nye bænke"] == "2. april 2026\nDer kommer tolv bænke."
    road = {p.title: p.text for p in result.passages_of("vej.html") if p.kind != "site"}
    assert road["Pris"] == "Det er gratis." and road["Kontakt Vejafdelingen"] == "Telefon 70 11 22 33"


def test_a_box_of_related_links_beside_the_text_is_not_content_but_a_fact_box_is(tmp_path):
    _html_site(tmp_path, {"bibliotek.html": (
        "<h1>Biblioteket</h1><p>Biblioteket har åbent hver dag.</p>"
        "<aside><h2>Relaterede sider</h2><ul><li><a href='/a'>Lektiecafé</a></li><li><a href='/b'>E-bøger</a></li></ul></aside>"
        "<aside><h2>Godt at vide</h2><p>Du kan låne op til 30 bøger ad gangen.</p><a href='/c'>Lånerregler</a></aside>")})
    text = "\n".join(f"{p.title}\n{p.text}" for p in ingest_folder(tmp_path).passages_of("bibliotek.html")
                     if p.kind != "site")
    assert "Lektiecafé" not in text and "Relaterede sider" not in text
    assert "Du kan låne op til 30 bøger ad gangen." in text


def test_a_section_menu_above_the_title_line_of_a_scraped_page_is_not_text(tmp_path):
    """The menu of a section names the page among its neighbours, above the page's own title line;
    a list of short lines in the text that does not name the page is text."""
    _text_page(tmp_path, "tilskud.txt", "Forside › Kultur › Tilskud til foreninger", """
Foreningsliv
Tilskud til foreninger
Lokaler og haller

Tilskud til foreninger

Havby giver tilskud til foreninger med medlemmer under 25 år.

Du skal sende
Regnskab
Medlemstal
""")
    passages = [p for p in ingest_folder(tmp_path).passages_of("tilskud.txt") if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "Foreningsliv" not in text and "Lokaler og haller" not in text
    assert passages[0].title == "Tilskud til foreninger"
    assert "Havby giver tilskud til foreninger med medlemmer under 25 år." in text
    assert "Du skal sende\nRegnskab\nMedlemstal" in text


def test_a_pages_only_question_between_blank_lines_heads_its_answer(tmp_path):
    _text_page(tmp_path, "hjaelpemidler.txt", "Forside › Sundhed › Hjælpemidler", """
Hjælpemidler

Et hjælpemiddel gør det lettere at klare hverdagen, fx en rollator eller et badebræt.

Hvem kan låne et hjælpemiddel?

Du kan låne, hvis du har en varig nedsat funktionsevne. Kommunen vurderer dit behov.
""")
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("hjaelpemidler.txt") if p.kind != "site"}
    assert passages["Hvem kan låne et hjælpemiddel?"] == (
        "Du kan låne, hvis du har en varig nedsat funktionsevne. Kommunen vurderer dit behov.")
    assert "Hvem kan låne" not in passages["Hjælpemidler"]


def test_faq_questions_marked_as_subheads_or_as_links_to_their_answers_head_them(tmp_path):
    """A question in a SubHead span (DotNetNuke's class for a heading), and a question that links to
    the answer right below it (an accordion without scripts), each title their answer."""
    table = ("<table>" + "".join(f"<tr><td><a href='#'><span class='SubHead'>{q}</span></a><div>{a}</div></td></tr>"
                                 for q, a in (("Hvem må fiske i søen?", "Alle med et fisketegn."),
                                              ("Hvad koster et dagkort?", "Et dagkort koster 50 kr.")))
             + "</table>")
    terms = "<dl>" + "".join(f"<dt><a href='#svar{n}'>{q}</a></dt><dd id='svar{n}'><p>{a}</p></dd>"
                             for n, (q, a) in enumerate((("Hvornår er der fodring?", "Hver dag klokken ti."),
                                                         ("Må hunde komme med?", "Kun i snor.")))) + "</dl>"
    _html_site(tmp_path, {"fiskeri.html": f"<h1>Fiskeri</h1><p>Søen har gedder og aborrer.</p>{table}",
                          "dyrepark.html": f"<h1>Dyreparken</h1><p>Parken har 40 arter.</p>{terms}"})
    result = ingest_folder(tmp_path)
    titled = {p.title: p.text for p in result.passages if p.kind != "site"}
    assert titled["Hvad koster et dagkort?"] == "Et dagkort koster 50 kr."
    assert titled["Hvornår er der fodring?"] == "Hver dag klokken ti."
    assert titled["Må hunde komme med?"] == "Kun i snor."


def test_a_latest_news_box_of_dates_and_links_is_a_list_of_links(tmp_path):
    box = ("<div class='boks'><h2>Nyt fra Havby</h2><ul>" + "".join(
        f"<li><span>{d}</span><br><a href='/n'>{t}</a></li>" for d, t in (
            ("02/12/2026", "Ny skov ved Lindholm"), ("16/11/2026", "Havnen fik Blå Flag"),
            ("28/10/2026", "Frakørsel lukker om natten"))) + "</ul><a href='/nyheder'>Alle nyheder</a></div>")
    _html_site(tmp_path, {"sport.html": f"<h1>Sport</h1><p>Havby har tre idrætshaller.</p>{box}"})
    passages = [p for p in ingest_folder(tmp_path).passages_of("sport.html") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [("Sport", "Havby har tre idrætshaller.")]


def test_a_long_share_line_every_page_repeats_is_not_text(tmp_path):
    share = "Del siden på Facebook | Del på LinkedIn | Send som e-mail | Udskriv"
    for name, text in (("Svømning", "Svømmehallen har åbent hver dag."), ("Tennis", "Der er fire baner ved skolen."),
                       ("Ridning", "Rideskolen har 30 heste.")):
        _text_page(tmp_path, f"{name}.txt", f"Forside › Fritid › {name}", f"{name}\n\n{share}\n\n{text}")
    passages = [p for p in ingest_folder(tmp_path).passages_of("Tennis.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [("Tennis", "Der er fire baner ved skolen.")]


def test_scraped_faq_questions_behind_a_plus_and_a_bulleted_section_menu(tmp_path):
    questions = [("Hvornår kan jeg søge?", "Fra 1. marts."), ("Hvor meget kan jeg få?", "Op til 5.000 kr."),
                 ("Hvem afgør sagen?", "Kulturudvalget.")]
    faq = "\n\n".join(f"+ {q}\n{a}" for q, a in questions)
    _text_page(tmp_path, "pulje.txt", "Forside / Kultur / Kulturpuljen", f"""
Kultur
* Biblioteker
* Kulturpuljen
* Museer

Kulturpuljen

Puljen støtter kulturelle arrangementer i Havby.

{faq}
""")
    passages = [p for p in ingest_folder(tmp_path).passages_of("pulje.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [
        ("Kulturpuljen", "Puljen støtter kulturelle arrangementer i Havby."), *questions]


def test_link_addresses_a_converter_wrote_after_link_texts_are_not_text(tmp_path):
    _text_page(tmp_path, "pulje.txt", "Forside / Kultur / Kulturpuljen", """
Kulturpuljen

Puljen støtter kulturelle arrangementer i Havby.
Læs om puljens regler <https://www.havby.dk/kultur/regler>
""")
    passages = [p for p in ingest_folder(tmp_path).passages_of("pulje.txt") if p.kind != "site"]
    assert passages[0].text == "Puljen støtter kulturelle arrangementer i Havby.\nLæs om puljens regler"


def test_an_answer_of_two_sentences_that_opens_like_a_link_is_text(tmp_path):
    _text_page(tmp_path, "faq.txt", "Forside / Affald / Spørgsmål om affald", """
Spørgsmål om affald

Hvornår bliver mit affald hentet?

Restaffald hentes hver anden uge.

Hvor finder jeg min tømmekalender?

Du kan se kalenderen på havby.dk. Den opdateres hver december.
""")
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("faq.txt") if p.kind != "site"}
    assert passages["Hvornår bliver mit affald hentet?"] == "Restaffald hentes hver anden uge."
    assert passages["Hvor finder jeg min tømmekalender?"] == "Du kan se kalenderen på havby.dk. Den opdateres hver december."


def test_a_pagers_count_of_shown_items_is_not_text_but_a_range_in_the_text_is(tmp_path):
    _html_site(tmp_path, {"priser.html": "<h1>Priser</h1><p>Børn 1-2 år</p><p>Gratis adgang.</p>"
                                         "<div class='pager'><span>Viser 1-3 af 40 nyheder</span></div>"})
    text = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("priser.html") if p.kind != "site")
    assert "Børn 1-2 år" in text and "Viser" not in text


def test_a_read_more_link_to_the_article_the_headline_links_to_is_not_text(tmp_path):
    cards = "".join(f"<div class='kort'><h2><a href='/n/{n}'>{t}</a></h2><p>{x}</p><a href='/n/{n}'>Læs hele artiklen</a></div>"
                    for n, (t, x) in enumerate((("Ny skov ved Lindholm", "Byrådet har købt jord til skov."),
                                                ("Havnen fik Blå Flag", "Vandet er rent nok til badning."),
                                                ("Frakørsel lukker om natten", "Vejen får nyt slidlag."))))
    _html_site(tmp_path, {"nyheder.html": f"<h1>Nyheder</h1>{cards}",
                          "skov.html": "<h1>Skov</h1><h2><a href='/skov'>Lindholm Skov</a></h2><p>Skoven er ny.</p>"
                                       "<p><a href='/plan'>Læs skovplanen</a></p>"})
    result = ingest_folder(tmp_path)
    news = {p.title: p.text for p in result.passages_of("nyheder.html") if p.kind != "site"}
    assert news["Havnen fik Blå Flag"] == "Vandet er rent nok til badning."
    forest = {p.title: p.text for p in result.passages_of("skov.html") if p.kind != "site"}
    assert forest["Lindholm Skov"] == "Skoven er ny.\nLæs skovplanen"


def test_a_first_heading_that_ends_with_the_page_title_is_a_heading_not_a_breadcrumb(tmp_path):
    (tmp_path / "bad.html").write_text("<html><body><main><h1>Bad</h1><h2>Søbad</h2><p>Badet åbner i juni.</p>"
                                       "</main></body></html>", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("bad.html") if p.kind != "site"]
    assert [(p.title, p.text, p.breadcrumb) for p in passages] == [("Søbad", "Badet åbner i juni.", [])]


def test_the_next_page_link_beside_a_pager_line_is_the_pagers(tmp_path):
    _text_page(tmp_path, "nyheder.txt", "Forside / Nyheder", """
Nyheder

Nyt tag på hallen
2. marts 2026
Hallen får nyt tag i foråret.

Side 1 af 4
Næste side ›
""")
    text = "\n".join(f"{p.title}\n{p.text}" for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site")
    assert "Hallen får nyt tag i foråret." in text and "Næste side" not in text and "Side 1 af 4" not in text


def test_the_link_after_a_list_of_dated_news_leads_to_more_news_and_is_not_the_last_items(tmp_path):
    news = "\n\n".join(f"{t}\n{d}\n{x}" for t, d, x in (
        ("Nyt tag på hallen", "2. marts 2026", "Hallen får nyt tag i foråret."),
        ("Torvet får bænke", "1. februar 2026", "Der kommer tolv nye bænke."),
        ("Biblioteket holder lukket", "5. januar 2026", "Biblioteket maler og holder lukket i to uger.")))
    _text_page(tmp_path, "nyheder.txt", "Forside / Nyheder", f"Nyheder\n\n{news}\n\nSe flere nyheder")
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"}
    assert passages["Biblioteket holder lukket"] == "5. januar 2026\nBiblioteket maler og holder lukket i to uger."
    assert "Se flere nyheder" not in "\n".join(passages.values())


def test_a_heading_that_reads_like_a_link_heads_the_paragraph_about_the_same_thing(tmp_path):
    _text_page(tmp_path, "kontakt.txt", "Forside / Kontakt / Kontakt Teknik", """
Kontakt Teknik

Teknik svarer på spørgsmål om veje, affald og byggeri.

Bestil møde

Vil du tale med en byggesagsbehandler, skal du bestille et møde på forhånd.

Læs mere

Byggesager behandles i den rækkefølge, de kommer ind.
""")
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("kontakt.txt") if p.kind != "site"}
    assert passages["Bestil møde"] == "Vil du tale med en byggesagsbehandler, skal du bestille et møde på forhånd.\nLæs mere"
    assert "Læs mere" not in passages


def test_a_script_link_alone_is_a_control_but_a_question_that_opens_its_answer_is_not(tmp_path):
    """WebForms pages write buttons as links that post back: "Fold alle ud" alone is a control; a
    question written the same way beside its answer heads it. A breadcrumb's label is no crumb."""
    items = "".join(f"<div class='spm'><a href=\"javascript:__doPostBack('q{n}','')\">{q}</a><div class='svar'>{a}</div></div>"
                    for n, (q, a) in enumerate((("Hvornår er der fodring?", "Hver dag klokken ti."),
                                                ("Må hunde komme med?", "Kun i snor."),
                                                ("Er der en café?", "Ja, ved indgangen."))))
    (tmp_path / "dyrepark.html").write_text(
        "<html><body><form id='aspnetForm'><div class='breadcrumbs'>Du er her: Forside › Fritid › Dyreparken</div>"
        "<h1>Dyreparken</h1><p>Parken har 40 arter.</p>"
        f"<div class='vaerktoej'><a href=\"javascript:__doPostBack('alle','')\">Fold alle ud</a></div>{items}"
        "</form></body></html>", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("dyrepark.html") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [
        ("Dyreparken", "Parken har 40 arter."), ("Hvornår er der fodring?", "Hver dag klokken ti."),
        ("Må hunde komme med?", "Kun i snor."), ("Er der en café?", "Ja, ved indgangen.")]
    assert passages[0].breadcrumb == ["Forside", "Fritid", "Dyreparken"]


def test_a_news_items_teaser_stays_under_its_headline_and_dateline(tmp_path):
    """The teaser opens with a name the town's own name starts ("Havby Skole …"): under a headline
    and its dateline it is still the item's text, not a new topic; "1960'erne" is a decade, no year."""
    items = "".join(f"<div class='nyhed'><h2>{t}</h2><p class='dato'>{d}</p><p>{x}</p></div>" for t, d, x in (
        ("Ny skov ved Lindholm", "2. december 2026", "Byrådet har købt jord til skov."),
        ("Havnen fik Blå Flag", "16. november 2026", "Havnen har haft flaget siden 2017."),
        ("Skole bliver medborgerhus", "28. oktober 2026",
         "Havby Skole, der blev bygget i 1960'erne, bliver medborgerhus. Arbejdet begynder til foråret.")))
    _html_site(tmp_path, {"nyheder.html": f"<h1>Nyheder</h1>{items}"})
    passages = {p.title: p for p in ingest_folder(tmp_path).passages_of("nyheder.html") if p.kind != "site"}
    school = passages["Skole bliver medborgerhus"]
    assert school.text.startswith("28. oktober 2026\nHavby Skole, der blev bygget")
    assert school.years == [2026]


def test_a_link_right_under_a_heading_does_not_close_its_section(tmp_path):
    _html_site(tmp_path, {"kontakt.html": "<h1>Kontakt</h1><p>Vi svarer på dine spørgsmål.</p><h2>Bestil tid</h2>"
                                          "<p><a href='/tid'>Bestil tid hos os</a></p>"
                                          "<p>Du skal bestille tid til pas og kørekort. Andet kræver ingen tid.</p>"})
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("kontakt.html") if p.kind != "site"}
    assert passages["Bestil tid"] == "Bestil tid hos os\nDu skal bestille tid til pas og kørekort. Andet kræver ingen tid."


def test_contact_boxes_under_headings_in_scraped_text_are_their_text(tmp_path):
    """Three paragraphs that each open with a short line (a table's header, a place, a name) are no
    list of items when each stands under a heading of its own and gives contact facts."""
    _text_page(tmp_path, "kontakt.txt", "Forside Kontakt Vej og Park", """
Vej og Park

Vej og Park passer kommunens veje, stier og grønne områder.

Telefontid

Dag Tid
Mandag-torsdag 9.00-15.00
Fredag 9.00-12.00

Besøgsadresse

Materielgården
Industrivej 9
9999 Havby

Afdelingsleder

Jonas Krogh
Telefon 70 10 20 99
jkr@havby.dk
""")
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("kontakt.txt") if p.kind != "site"}
    assert passages["Telefontid"] == "Dag Tid\nMandag-torsdag 9.00-15.00\nFredag 9.00-12.00"
    assert passages["Besøgsadresse"] == "Materielgården\nIndustrivej 9\n9999 Havby"
    assert passages["Afdelingsleder"] == "Jonas Krogh\nTelefon 70 10 20 99\njkr@havby.dk"


def test_a_founding_year_told_in_the_past_tense_is_no_year_of_the_partnership(tmp_path):
    _html_site(tmp_path, {"partnerskaber.html": "<h1>Partnerskaber om naturpleje</h1><p>Vi samarbejder med foreninger.</p>"
                                                "<h2>Engens Venner</h2><p>Foreningen, som fire naboer stiftede i 1994, "
                                                "har plejet engen siden. I 2025 slog den 12 hektar.</p>"})
    passage = next(p for p in ingest_folder(tmp_path).passages_of("partnerskaber.html") if p.title == "Engens Venner")
    assert passage.years == [2025]


def test_a_year_of_the_1800s_counts_after_i_or_fra_but_not_as_a_price(tmp_path):
    _html_site(tmp_path, {"nyheder.html": "<h1>Nyheder</h1><h2>Kirken får nyt tag</h2><p>12.10.2026</p>"
                                          "<p>Kirken blev bygget i 1874. Taget koster 1850 kr. pr. m².</p>",
                          "moellen.html": "<h1>Møllen</h1><p>Møllen er fra 1868 og males i år.</p>"})
    passages = [p for p in ingest_folder(tmp_path).passages if p.kind != "site"]
    assert next(p for p in passages if p.title == "Kirken får nyt tag").years == [1874, 2026]
    assert next(p for p in passages if p.page == "moellen.html").years == [1868]


MARKDOWN_CHROME = """[Gå til indhold](#main)

[![Havby Kommune](/logo.svg)](/)

[Selvbetjening](/selvbetjening) | [Kontakt](/kontakt) | [Presse](/presse)

  * [Borger](/borger)
  * [Erhverv](/erhverv)
"""
MARKDOWN_FOOTER = """Fandt du det, du søgte?

[Ja](#ja)

[Nej](#nej)

* * *

**Havby Kommune**  
Torvet 1  
9999 Havby  
Telefon 70 10 20 30
"""


def test_a_markdown_page_is_read_as_its_markup_says(tmp_path):
    """A page html2text made into Markdown: '#' lines are headings, '**…**' above text heads it, a pipe
    table's rows are lines of their cells, link and image syntax and escapes are no text, and the
    breadcrumb and menus above the '#' title and the repeated footer stay out."""
    pages = {"hunde.txt": ("Hunde", """# Hunde i byen

Hunde skal føres i snor i byens parker. ![](/media/hund.jpg)

## Hundeskov

| Skov | Åben | Parkering  
---|---|---  
| Nordskoven | Hele året | Ja  
| Engen | Maj til august | Nej  
  
**Hundeposer**

Poser findes ved indgangen. Læs om [affald](/affald).

### Regler

1\\. marts til 1. juli skal hunde altid i snor.
"""), "katte.txt": ("Katte", """# Katte

Katte må gerne gå frit.

## Kattehjem

Herreløse katte kan afleveres på kattehjemmet.
"""), "heste.txt": ("Heste", """# Heste

Heste må ride på ridestierne.

## Ridestier

Ridestierne er markeret med gule skilte.
""")}
    for name, (crumb, body) in pages.items():
        (tmp_path / name).write_text(f"URL: https://www.havby.dk/{name[:-4]}\n\n{MARKDOWN_CHROME}\n"
                                     f"[Forside](/) > [Borger](/borger) > {crumb}\n\n{body}\n{MARKDOWN_FOOTER}",
                                     encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("hunde.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [
        ("Hunde i byen", "Hunde skal føres i snor i byens parker."),
        ("Hundeskov", "Skov Åben Parkering\nNordskoven Hele året Ja\nEngen Maj til august Nej"),
        ("Hundeposer", "Poser findes ved indgangen. Læs om affald."),
        ("Regler", "1. marts til 1. juli skal hunde altid i snor.")]
    assert passages[0].breadcrumb == ["Forside", "Borger", "Hunde"]


def test_a_copied_pages_icon_names_and_tools_under_its_breadcrumb_are_no_text(tmp_path):
    """A browser's copy of a page keeps the names of its icon-font glyphs ("chevron_right" between
    the breadcrumb's items, "headphones" above "Lyt til teksten"): they are no words, and the tools
    under the breadcrumb that every page repeats are chrome like the menus above it."""
    for name, title, text in (("affald.txt", "Affald", "Tømning hver anden uge."),
                              ("vand.txt", "Vand", "Vandet er rent."),
                              ("veje.txt", "Veje", "Vi salter om vinteren.")):
        (tmp_path / name).write_text(
            f"Spring til indhold\nHavby Kommune\nmenu\nMenu\nBorger Erhverv Politik\n"
            f"Forside chevron_right Borger chevron_right {title}\nheadphones\nLyt til teksten\nprint\nPrint\n\n"
            f"{title}\n\n{text}\n\nSe kort over {title.lower()}\narrow_forward\n\n{FOOTER_TEXT}\n", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("vand.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [("Vand", "Vandet er rent.\nSe kort over vand")]
    assert passages[0].breadcrumb == ["Forside", "Borger", "Vand"]


def test_a_copied_tables_rows_are_no_headings(tmp_path):
    """A browser's copy writes a table's cells with TABs between them: its header row is a row like
    the others, under the heading above the table, and a reader sees the cells side by side."""
    _text_page(tmp_path, "badevand.txt", "Forside Borger Badevand", """
Badevand

Kommunen har tre strande.

Strande med livredder

Strand\tLivredder\tHandicapadgang
Nordstranden\tjuli\tja
Sydstranden\tjuli og august\tnej

Hunde på stranden

Hunde skal være i snor.
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("badevand.txt") if p.kind != "site"]
    assert passages == [
        ("Badevand", "Kommunen har tre strande."),
        ("Strande med livredder", "Strand Livredder Handicapadgang\nNordstranden juli ja\nSydstranden juli og august nej"),
        ("Hunde på stranden", "Hunde skal være i snor.")]


def test_boxes_between_a_scraped_pages_updated_line_and_its_footer_are_no_text(tmp_path):
    """Below "Sidst opdateret" a copied page shows its department's contact box and related links
    before the footer: no sentence, nothing of the page's text, though each page names another
    department. The page's own contact lines above the line stay."""
    for name, title, department, leader in (("pension.txt", "Pension", "Pensionsteamet", "Birgitte Dall"),
                                            ("boliger.txt", "Boliger", "Boligteamet", "Ole Holm"),
                                            ("hjemmehjaelp.txt", "Hjemmehjælp", "Visitationen", "Sara Lund")):
        _text_page(tmp_path, name, f"Forside Borger {title}", f"""
{title}

Vi hjælper dig med {title.lower()}.

Leder af {department}

{leader}
Tlf. 70 10 {len(leader)} 40

Sidst opdateret: 27/10/2026 10:05

Kontakt
{department}
Tlf. 70 10 {len(department)} 41

Relaterede links
{title} på borger.dk
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("pension.txt") if p.kind != "site"]
    assert passages == [("Pension", "Vi hjælper dig med pension."), ("Leder af Pensionsteamet", "Birgitte Dall\nTlf. 70 10 13 40")]


def test_a_scraped_news_lists_item_links_and_pager_controls_are_no_text(tmp_path):
    """Every item of a copied news list ends with the same link ("Læs nyheden"), and the list ends
    with its count and controls in one paragraph: neither belongs to an item."""
    items = "\n\n".join(f"{headline}\n{date}\n{teaser}\nLæs nyheden" for headline, date, teaser in (
        ("Ny skov ved Lindholm", "3. dec. 2026", "Byrådet har købt jord til skov."),
        ("Havnen fik Blå Flag", "1. dec. 2026", "Havnen har haft flaget siden 2017."),
        ("Nyt tag på skolen", "27. nov. 2026", "Taget bliver lagt i foråret.")))
    _text_page(tmp_path, "nyheder.txt", "Forside Nyheder", f"""
Nyheder

{items}

Viser 3 af 48 nyheder
Vis flere nyheder
Abonner på nyheder
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert passages == [("Ny skov ved Lindholm", "3. dec. 2026\nByrådet har købt jord til skov."),
                        ("Havnen fik Blå Flag", "1. dec. 2026\nHavnen har haft flaget siden 2017."),
                        ("Nyt tag på skolen", "27. nov. 2026\nTaget bliver lagt i foråret.")]


def test_a_box_under_a_title_the_scraped_site_repeats_is_no_text(tmp_path):
    """Most pages of a scraped site end their text with a box titled "Kontakt" (its lines name each
    page's department): on a page without an updated line the box is still the site's, not text."""
    for name, title, department in (("affald.txt", "Affald", "Affald og Genbrug"), ("veje.txt", "Veje", "Vej og Park"),
                                    ("skoler.txt", "Skoler", "Skoleafdelingen")):
        _text_page(tmp_path, name, f"Forside Borger {title}", f"""
{title}

Her kan du læse om {title.lower()} i kommunen.

Kontakt
{department}
Tlf. 70 10 {len(department)} 00
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("veje.txt") if p.kind != "site"]
    assert passages == [("Veje", "Her kan du læse om veje i kommunen.")]


def test_the_lone_link_after_a_pager_is_the_lists_own(tmp_path):
    """A news list's feed link stands right after its pager: it belongs to the list, not to the last
    item above the pager (a list whose items are only headings, dates and teasers, no marked cards)."""
    items = "".join(f"<h3><a href='/n/{n}'>{t}</a></h3><p>{d}</p><p>{x}</p>" for n, (t, d, x) in enumerate((
        ("Ny bro over åen", "3/11-2026", "Broen åbner til jul."),
        ("Biblioteket udvider", "28/10-2026", "Der kommer 200 m² mere."))))
    pager = "<p><strong>1</strong> <a href='?p=2'>2</a> <a href='?p=3'>3</a> <a href='?p=2'>Næste side »</a></p>"
    _html_site(tmp_path, {"nyheder.html": f"<h1>Nyheder</h1>{items}{pager}<p><a href='/rss'>Nyheder som RSS</a></p>"})
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.html") if p.kind != "site"]
    assert passages[-1].title == "Biblioteket udvider"
    assert passages[-1].text == "28/10-2026\nDer kommer 200 m² mere."


def test_a_list_under_an_answers_lead_in_is_the_answers_text(tmp_path):
    """Copied open accordions put each answer right under its question: a list after an answer that
    ends in a lead-in is that answer's, its first item no question of its own."""
    _text_page(tmp_path, "skybrud.txt", "Forside Borger Skybrud", """
Skybrud

Svar på det, vi oftest bliver spurgt om.

Hvem skal jeg ringe til?
Ring til dit forsikringsselskab først.

Kan jeg få hjælp til en højvandslukke?
Forsyningen giver gratis råd om:

højvandslukke på kloakstikket
pumpebrønd
faskine til regnvand

Må jeg pumpe vandet ud på vejen?
Nej. Vandet skal ledes til kloakken.
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("skybrud.txt") if p.kind != "site"]
    assert passages == [
        ("Skybrud", "Svar på det, vi oftest bliver spurgt om."),
        ("Hvem skal jeg ringe til?", "Ring til dit forsikringsselskab først."),
        ("Kan jeg få hjælp til en højvandslukke?",
         "Forsyningen giver gratis råd om:\nhøjvandslukke på kloakstikket\npumpebrønd\nfaskine til regnvand"),
        ("Må jeg pumpe vandet ud på vejen?", "Nej. Vandet skal ledes til kloakken.")]


def test_a_console_dump_without_links_listed_is_read_as_wrapped_paragraphs_and_drawn_tables(tmp_path):
    """``w3m -dump`` lists no links at the end, but wraps every paragraph at 80 columns, draws a
    table with box characters and a form's fields in brackets: a wrapped paragraph is one, the first
    of its lines no heading, a table is its rows of cells under the heading above it, and a form's
    rows are no text. Plone's byline ("af <who> — sidst ændret
    <date> <time>") says when the page changed."""
    _text_page(tmp_path, "svoemmehal.txt", "Forside › Fritid › Svømmehal", """
Svømmehallen

af Kultur og Fritid — sidst ændret 04.11.2026 09:15

Svømmehallen ligger ved siden af skolen og har et bassin på 25 meter og et
varmtvandsbassin til de mindste. Alle kan købe en billet i døren eller på
nettet, og børn under tre år svømmer gratis hele året.

Søg i billetter [                    ] [Søg]
[ ] kun børnebilletter
Sortér efter: [Laveste pris ]

Priser

┌─────────┬────────┐
│Billet   │Pris    │
├─────────┼────────┤
│Voksen   │45 kr.  │
├─────────┼────────┤
│Barn     │25 kr.  │
└─────────┴────────┘

Hvornår er der fri svømning?

Der er fri svømning alle hverdage fra kl. 15 til 20 og i weekenden fra kl. 9
til 14. I skolernes ferier åbner vi allerede kl. 10 på hverdage, så der er god
tid til at lære at svømme.
""")
    passages = [p for p in ingest_folder(tmp_path).passages_of("svoemmehal.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [
        ("Svømmehallen", "Svømmehallen ligger ved siden af skolen og har et bassin på 25 meter og et "
                         "varmtvandsbassin til de mindste. Alle kan købe en billet i døren eller på nettet, "
                         "og børn under tre år svømmer gratis hele året."),
        ("Priser", "Billet Pris\nVoksen 45 kr.\nBarn 25 kr."),
        ("Hvornår er der fri svømning?",
         "Der er fri svømning alle hverdage fra kl. 15 til 20 og i weekenden fra kl. 9 til 14. I skolernes "
         "ferier åbner vi allerede kl. 10 på hverdage, så der er god tid til at lære at svømme.")]
    assert {p.updated for p in passages} == {"2026-11-04"}


def test_a_browser_copy_that_runs_the_pages_last_box_into_its_boxes_and_footer_keeps_only_the_box(tmp_path):
    """A browser's innerText writes no blank line between blocks that are no paragraphs: the page's
    own contact box, "Sidst opdateret", the share and feedback widgets, the boxes beside the text
    (other on every page) and the footer run together in one paragraph. The box is the page's; what
    follows the updated line is not, and the footer's facts are the site's."""
    footer = ("Havby Kommune\nTorvet 1\n9999 Havby\nTelefon 70 10 20 30\nkommunen@havby.dk\nCVR 11 22 33 44\n"
              "Mandag-fredag 10-14\nPrivatlivspolitik\nTil toppen")
    for name, title, role, person, aside in (
            ("skolebus.txt", "Skolebus", "Kørselsleder", "Jonas Krogh", "Kommende møder\nForældremøde i hallen\nHallen, Skolevej 3"),
            ("dagpleje.txt", "Dagpleje", "Dagplejeleder", "Mette Dal", "Relaterede sider\nVuggestuer\nBørnehaver"),
            ("tandpleje.txt", "Tandpleje", "Klinikleder", "Sofie Bro", "Mest søgte\nPas\nFlytning")):
        (tmp_path / name).write_text(
            f"Gå til indhold\nHavby Kommune\nMenu\nForside\nBorger\n{title}\n\n"
            f"Her kan du læse om {title.lower()} i kommunen, og hvordan du søger.\n\n"
            f"{role}\n{person}\nTlf. 70 10 {len(person)} 00\nSidst opdateret 2. november 2026\n"
            f"Del siden\nKopiér link\nHjalp siden dig?\nJa\nNej\n{aside}\n{footer}\n", encoding="utf-8")
    result = ingest_folder(tmp_path)
    lines = [line for p in result.passages_of("skolebus.txt") if p.kind != "site"
             for line in (p.title, *p.text.split("\n"))]
    assert lines == ["Skolebus", "Her kan du læse om skolebus i kommunen, og hvordan du søger.",
                     "Kørselsleder", "Jonas Krogh", "Tlf. 70 10 11 00"]
    site = next(p for p in result.passages if p.kind == "site")
    assert "Torvet 1" in site.text and "CVR 11 22 33 44" in site.text


def test_a_pager_step_that_counts_the_next_pages_items_is_the_pagers(tmp_path):
    """Plone's pager ends with a step that says how many items the next page shows ("Næste 5 emner
    »"): the line is the list's pager, not the last item's text, and the lone link after it is the
    list's feed, as in HTML."""
    items = "\n\n".join(f"{headline}\n{date}\n\n{teaser}" for headline, date, teaser in (
        ("Ny skøjtebane på torvet", "01.12.2026", "Banen åbner første weekend i december."),
        ("Biblioteket holder juleåbent", "28.11.2026", "Der er åbent alle dage undtagen juleaften."),
        ("Vandværket får nyt filter", "24.11.2026", "Arbejdet giver ikke afbrydelser af vandet.")))
    _text_page(tmp_path, "nyheder.txt", "Forside › Nyheder", f"""
Nyheder

{items}

1 2 3 … 12 Næste 5 emner »

Nyheder som RSS
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert passages[-1] == ("Vandværket får nyt filter", "24.11.2026\nArbejdet giver ikke afbrydelser af vandet.")


def test_a_heading_a_browser_copy_sets_right_under_a_block_heads_the_paragraph_below(tmp_path):
    """innerText sets blank lines around paragraphs only: a heading follows the address above it on
    the next line, with a blank line between it and its own text."""
    _text_page(tmp_path, "genbrug.txt", "Forside Borger Genbrugspladsen", """
Genbrugspladsen

Genbrugspladsen tager imod affald fra private husstande i hele kommunen, også haveaffald.

Adresse
Genbrugspladsen Nord
Industrivej 4
9999 Havby
Haveaffald i sække

Sække med haveaffald skal tømmes i containeren, og sækken tager du med hjem igen bagefter.
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("genbrug.txt") if p.kind != "site"]
    assert passages[-1] == ("Haveaffald i sække", "Sække med haveaffald skal tømmes i containeren, og sækken tager "
                                                   "du med hjem igen bagefter.")
    assert "Industrivej 4\n9999 Havby" in passages[-2][1]


def test_the_sections_menu_between_a_dumps_breadcrumb_and_title_is_no_text(tmp_path):
    """A console dump of a Plone page shows the section's navigation before the content: the
    section's name (a crumb of the breadcrumb; a site may repeat it above every page) over its pages
    as list items, the page's own among them. The title is the line after that menu, and the menu is
    no text of the page."""
    _text_page(tmp_path, "vejarbejde.txt", "Du er her: Forside › Borger › Veje › Vejarbejde", """
Veje

  • Vejarbejde
  • Snerydning
      ◦ Ruter for saltbiler
  • Parkering

Vejarbejde i kommunen

Når vi graver i vejen, skilter vi omkørsel mindst en uge før.
""")
    _text_page(tmp_path, "snerydning.txt", "Du er her: Forside › Borger › Veje › Snerydning", """
  • Vejarbejde
  • Snerydning
  • Parkering

Snerydning og glatførebekæmpelse

Vi rydder de store veje først og villavejene bagefter.
""")
    result = ingest_folder(tmp_path)
    passages = [(p.title, p.text) for p in result.passages_of("vejarbejde.txt") if p.kind != "site"]
    assert passages == [("Vejarbejde i kommunen", "Når vi graver i vejen, skilter vi omkørsel mindst en uge før.")]
    passages = [(p.title, p.text) for p in result.passages_of("snerydning.txt") if p.kind != "site"]
    assert passages == [("Snerydning og glatførebekæmpelse", "Vi rydder de store veje først og villavejene bagefter.")]


def test_a_keyword_line_under_a_label_the_site_repeats_is_no_text(tmp_path):
    """Plone writes the page's keywords under the text ("Arkiveret under: Parkering, Trafik"); other
    CMSs say "Emneord:". The label is the same on every page, the terms differ: no text of the page.
    A line of the page's own under a label ("Mødested: Stiervej 22") has what keywords have not."""
    for name, title, terms in (("hunde.txt", "Hunde", "Dyr, Parker"), ("skove.txt", "Skove", "Natur, Friluftsliv"),
                               ("stier.txt", "Stier", "Natur, Trafik, Cykling")):
        _text_page(tmp_path, name, f"Forside Borger {title}", f"""
{title}

Her kan du læse om {title.lower()} i kommunen.

Mødested: {title}vej {len(terms)}

Emneord: {terms}
""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("stier.txt") if p.kind != "site"]
    assert passages == [("Stier", "Her kan du læse om stier i kommunen.\nMødested: Stiervej 22")]


def test_a_box_whose_title_a_dump_sets_apart_from_its_lines_is_no_text(tmp_path):
    """A console dump sets a blank line between a side box's title and its lines: "Kontakt", which
    the site repeats, alone in its paragraph, over the department each page names. The box is the
    site's, and the page's own contact lines in its text stay."""
    for name, title, department, leader in (
            ("affald.txt", "Affald", "Affald og Genbrug", "Driftsleder\nOle Bak"),
            ("veje.txt", "Veje", "Vej og Park", "Vejchef\nIda Holm"),
            ("skoler.txt", "Skoler", "Skoleafdelingen", "Skolechef\nAnne Lund")):
        _text_page(tmp_path, name, f"Forside › Borger › {title}", f"""
{title}

Her kan du læse om {title.lower()} i kommunen.

{leader}
Tlf. 70 10 {len(title)}0 00

Kontakt

{department}
Tlf. 70 10 {len(department)} 00
Telefontid hverdage 9-12
""")
    lines = [line for p in ingest_folder(tmp_path).passages_of("veje.txt") if p.kind != "site"
             for line in (p.title, *p.text.split("\n"))]
    assert lines == ["Veje", "Her kan du læse om veje i kommunen.", "Vejchef", "Ida Holm", "Tlf. 70 10 40 00"]


def test_a_browser_copys_news_items_run_on_from_the_item_above_and_the_lists_filter(tmp_path):
    """innerText sets blank lines around each teaser (a <p>) only: an item's category, headline and
    date run on from the teaser above, and the first item's from the list's filter (its labels, the
    shown options, the kinds to tick). The headline heads its date and teaser; the category, which
    the page shows above other items and in the filter, and the filter are no text."""
    items = "\n".join(f"{kind}\n{headline}\n{date}\n\n{teaser}\n" for kind, headline, date, teaser in (
        ("Veje", "Broen over åen åbner igen", "2. december 2026", "Broen har været lukket siden foråret, men nu er den klar."),
        ("Skoler", "Ny lærer i musik", "30. november 2026", "Skolen har ansat en lærer til orkestret og korene."),
        ("Veje", "Cykelsti ved havnen", "27. november 2026", "Stien bliver bygget i løbet af vinteren og foråret.")))
    _text_page(tmp_path, "nyheder.txt", "Forside\nNyheder", f"""
Nyheder

Her er de seneste nyheder fra kommunen og pressemeddelelser.

Filtrer
Emne
Alle emner
Veje
Skoler
Nulstil
{items}""")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert passages == [
        ("Nyheder", "Her er de seneste nyheder fra kommunen og pressemeddelelser."),
        ("Broen over åen åbner igen", "2. december 2026\nBroen har været lukket siden foråret, men nu er den klar."),
        ("Ny lærer i musik", "30. november 2026\nSkolen har ansat en lærer til orkestret og korene."),
        ("Cykelsti ved havnen", "27. november 2026\nStien bliver bygget i løbet af vinteren og foråret.")]


def test_the_last_item_of_a_browser_copys_list_does_not_head_the_text_after_it(tmp_path):
    """innerText writes a list's items one a line without a blank line, so the last item stands
    where a heading would, over the next paragraph; it names nothing that paragraph says."""
    _text_page(tmp_path, "storskrald.txt", "Forside Borger Storskrald", """
Storskrald

Vi henter storskrald ved dit hus to gange om året, når du har bestilt det.

Det henter vi
Møbler
Hvidevarer
Cykler og barnevogne

Tingene skal stå ved vejen senest klokken seks om morgenen på dagen, hvor vi kører i dit område.
""")
    titles = [p.title for p in ingest_folder(tmp_path).passages_of("storskrald.txt") if p.kind != "site"]
    assert "Cykler og barnevogne" not in titles


@pytest.mark.parametrize("counter", ["Visninger: 1.142", "2.318 visninger", "Siden er vist 5.840 gange"])
def test_a_count_of_the_pages_views_is_not_its_text(tmp_path, counter):
    (tmp_path / "side.txt").write_text(f"Skolekørsel\n\nDit barn kan få gratis kørsel til skolen.\n\n{counter}\n",
                                        encoding="utf-8")
    passages = ingest_folder(tmp_path).passages_of("side.txt")
    assert [p.text for p in passages] == ["Dit barn kan få gratis kørsel til skolen."]


def test_open_all_and_close_all_on_one_line_are_no_question(tmp_path):
    apart = "\n\n".join(f"{q}\n\n{a}" for q, a in FAQ_ANSWERS)
    (tmp_path / "faq.txt").write_text(f"Lægevalg\n\nDu vælger selv din læge.\n\nVis alle svar Skjul alle svar\n\n{apart}\n",
                                       encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("faq.txt") if p.kind != "site"]
    assert [p.title for p in passages] == ["Lægevalg", *(q for q, _ in FAQ_ANSWERS)]
    assert not any("alle svar" in p.text for p in passages)


def test_a_drupal_filters_any_option_is_no_content(tmp_path):
    items = "\n\n".join("\n".join(item) for item in NEWS_ITEMS)
    (tmp_path / "nyheder.txt").write_text(f"Nyheder\n\nEmne\n- Alle -\n\n{items}\n", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert [p.title for p in passages] == [title for title, _, _ in NEWS_ITEMS]
    assert not any("Alle -" in p.text for p in passages)


def test_a_news_date_with_its_label_is_the_items_date_not_its_heading(tmp_path):
    items = "\n\n".join(f"{t}\n\nUdgivet: {d}\n\n{x}" for t, d, x in NEWS_ITEMS)
    (tmp_path / "nyheder.txt").write_text(f"Nyheder\n\n{items}\n", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert [p.title for p in passages] == [title for title, _, _ in NEWS_ITEMS]


def test_a_line_underlined_with_equals_or_dashes_is_a_heading(tmp_path):
    """pandoc's plain text and Markdown underline a heading; the underline is no text."""
    (tmp_path / "side.txt").write_text(
        "Skolekørsel\n===========\n\nDit barn kan få gratis kørsel til skolen, hvis vejen er lang.\n\n"
        "Farlig skolevej\n---------------\nEr vejen farlig, kan barnet få kørsel uanset afstanden.\n", encoding="utf-8")
    passages = ingest_folder(tmp_path).passages_of("side.txt")
    assert [(p.title, p.text) for p in passages] == [
        ("Skolekørsel", "Dit barn kan få gratis kørsel til skolen, hvis vejen er lang."),
        ("Farlig skolevej", "Er vejen farlig, kan barnet få kørsel uanset afstanden.")]
    # pandoc wraps its lines at 72 columns: the underline is no wrapped part of the heading above it.
    wrapped = ("Har dit barn langt til skole, eller er skolevejen farlig, kan barnet få\n"
               "gratis kørsel til og fra distriktsskolen, også efter sommerferien, og\n"
               "ordningen gælder for alle klassetrin på alle kommunens skoler i dag.\n\n")
    (tmp_path / "side.txt").write_text(
        f"Skolekørsel\n===========\n\n{wrapped}Hvem kan få gratis skolekørsel i kommunen i dette skoleår\n"
        "-----------------------------------------------------------\n\n" + wrapped, encoding="utf-8")
    titles = [p.title for p in ingest_folder(tmp_path).passages_of("side.txt")]
    assert titles == ["Skolekørsel", "Hvem kan få gratis skolekørsel i kommunen i dette skoleår"]


def test_links_and_pipe_tables_an_extractor_writes_into_text_read_as_a_reader_sees_them(tmp_path):
    (tmp_path / "side.txt").write_text(
        "Vintertjeneste\n\nVejene er delt i to klasser, som ryddes i rækkefølge.\n\n"
        "| Klasse | Ryddet senest |\n|---|---|\n| 1 | kl. 6.00 |\n| 2 | kl. 10.00 |\n\n"
        "På [vinterkortet](/vinterkort/) kan du se, hvilken klasse din vej hører til.\n", encoding="utf-8")
    text = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("side.txt"))
    assert "Klasse Ryddet senest\n1 kl. 6.00\n2 kl. 10.00" in text
    assert "På vinterkortet kan du se, hvilken klasse din vej hører til." in text
    assert "---" not in text and "](" not in text


@pytest.mark.parametrize("line", ["Var denne side nyttig?", "Fandt du det, du søgte?", "Ansvarlig: Visitationen",
                                  "Redaktør: Kirsten Lau, Vej og Park"])
def test_what_the_cms_says_about_the_page_is_not_its_text(tmp_path, line):
    """One page of a site, so nothing repeats: the feedback widget's question and the page's byline
    are known by their words. A question of the text ("Kan jeg få hjælp?") stays."""
    (tmp_path / "side.txt").write_text(f"Hjemmehjælp\n\nKan jeg få hjælp?\n\nDu kan få hjælp til rengøring.\n\n{line}\n",
                                        encoding="utf-8")
    passages = ingest_folder(tmp_path).passages_of("side.txt")
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "Kan jeg få hjælp?" in text and "Du kan få hjælp til rengøring." in text
    assert line not in text


def test_markdown_without_links_is_read_by_its_headings(tmp_path):
    """html2text with its links left out writes '#' headings, '**bold**' and '* ' items, and no link:
    a Markdown text all the same."""
    (tmp_path / "side.md.txt").write_text(
        "* Borger\n* Erhverv\n\n# Parkeringskort\n\nMed et parkeringskort kan du parkere tæt på, hvor du skal hen.\n\n"
        "## Hvem kan få et kort?\n\nDu kan få et kort, hvis du har svært ved at gå.\n\n"
        "## Priser\n\nKort | Pris\n---|---\nBilist | 170 kr.\n\n**Søg digitalt**\n\n"
        "Du søger på borger.dk med MitID.\n", encoding="utf-8")
    passages = ingest_folder(tmp_path).passages_of("side.md.txt")
    assert [p.title for p in passages] == ["Parkeringskort", "Hvem kan få et kort?", "Priser", "Søg digitalt"]
    assert passages[2].text == "Kort Pris\nBilist 170 kr."


def test_a_heading_run_on_after_a_list_or_a_table_heads_the_text_below(tmp_path):
    """A page pasted into Word and saved as text writes a line per paragraph and no blank line: a
    heading right after a list's last item heads the sentence below it."""
    (tmp_path / "side.txt").write_text(
        "Vandløb\n\nKommunen vedligeholder de offentlige vandløb, så vandet kan løbe frit.\nSom lodsejer skal du:\n"
        "•\tholde en bræmme langs vandløbet\n•\tgive os adgang med maskiner\n"
        "Oversvømmelse eller tilstoppet rør\nOpdager du, at et vandløb er stoppet til, så ring til os med det samme.\n",
        encoding="utf-8")
    titles = [p.title for p in ingest_folder(tmp_path).passages_of("side.txt")]
    assert titles == ["Vandløb", "Oversvømmelse eller tilstoppet rør"]


def test_a_text_page_without_a_title_line_takes_its_title_from_its_first_heading_or_its_address(tmp_path):
    """Not the file's name: the heading underlined with "=" above the text, else the line that spells
    the last part of the page's URL, as CMSs name a page's address after its title (here run into
    the menu the site repeats, which lists every page)."""
    (tmp_path / "skolekoersel.txt").write_text(
        "URL: https://www.havby.dk/borger/skolekoersel\n\nSkolekørsel\n===========\n\n"
        "Har dit barn langt til skole, kan barnet få gratis kørsel.\n", encoding="utf-8")
    pages = {"storskrald": ("Storskrald og haveaffald", "Du kan få hentet storskrald to gange om året."),
             "genbrugspladsen": ("Genbrugspladsen", "Genbrugspladsen har åbent alle dage fra kl. 7 til 19."),
             "madaffald": ("Madaffald", "Madaffald sorterer du i den grønne pose i køkkenet.")}
    menu = "\n".join(title for title, _ in pages.values())
    for name, (title, text) in pages.items():
        (tmp_path / f"{name}.txt").write_text(
            f"URL: https://www.havby.dk/borger/affald/{name.replace('storskrald', 'storskrald-og-haveaffald')}\n\n"
            f"Menu\n{menu}\nLyt\n{title}\n\n{text}\n", encoding="utf-8")
    result = ingest_folder(tmp_path)
    assert {p.page_title for p in result.passages_of("skolekoersel.txt")} == {"Skolekørsel"}
    for name, (title, text) in pages.items():
        assert [(p.page_title, p.text) for p in result.passages_of(f"{name}.txt")] == [(title, text)]


@pytest.mark.parametrize("byline, date", [("Af Kultur og Fritid · 22. september 2026", "2026-09-22"),
                                          ("Redigeret af Pladsanvisningen den 3. oktober 2026", "2026-10-03"),
                                          ("Af Borgerservice, Saltvig Kommune", None)])
def test_a_reader_views_header_gives_the_title_and_date_not_text(tmp_path, byline, date):
    """A browser's reader view heads the article with the site's address, the title, a byline and
    the time it takes to read: the page's title and its date, none of it text."""
    (tmp_path / "dagpleje.txt").write_text(
        f"saltvig.dk\nSpørgsmål og svar om dagpleje\n{byline}\n2–3 minutter\n\n"
        "Her har vi samlet svar om dagpleje.\n\nHvor mange børn passer en dagplejer?\n\n"
        "En dagplejer passer som regel fire børn.\n", encoding="utf-8")
    passages = ingest_folder(tmp_path).passages_of("dagpleje.txt")
    assert {p.page_title for p in passages} == {"Spørgsmål og svar om dagpleje"}
    assert {p.updated for p in passages} == {date}
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "minutter" not in text and "saltvig.dk" not in text and byline not in text


def test_a_news_list_pasted_without_blank_lines_is_an_item_per_headline(tmp_path):
    """A page pasted into Word and saved as text has no blank line in its news list: each headline
    over its date over its teaser still heads its own item, under its own title."""
    items = [("Ny bro over åen åbner", "3. december 2026", "Den gamle bro blev bygget i 1952 og er revet ned."),
             ("Ældrerådet fylder 25 år", "30. november 2026", "Det første ældreråd blev valgt i 2001."),
             ("Svømmehallen lukker for renovering", "24. november 2026", "Hallen blev indviet i 1976.")]
    lines = "\n".join(f"{headline}\n{date}\n{teaser}\nLæs mere" for headline, date, teaser in items)
    _text_page(tmp_path, "nyheder.txt", "Forside\nNyheder", f"Nyheder\nHer finder du kommunens nyheder.\n{lines}\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    by_title = {p.title: p for p in passages}
    for headline, date, teaser in items:
        assert teaser in by_title[headline].text and date in by_title[headline].text
    assert by_title["Svømmehallen lukker for renovering"].years == [1976, 2026]


def test_one_label_over_a_date_in_a_paragraph_is_no_heading(tmp_path):
    """A single short line over a date inside a paragraph (a label over a dated note) is the
    paragraph's text: only a run of such items is a list of headlines."""
    _text_page(tmp_path, "vej.txt", "Forside\nVejarbejde", "Vejarbejde på Storegade\n\n"
               "Vi lægger ny asfalt på hele strækningen.\nSidste arbejdsdag\n12. marts 2026\n"
               "Herefter er vejen åben igen for alle.\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("vej.txt") if p.kind != "site"]
    assert [p.title for p in passages] == ["Vejarbejde på Storegade"]
    assert "Sidste arbejdsdag" in passages[0].text


def test_a_scrapes_image_and_button_placeholders_are_no_text(tmp_path):
    """A word processor writes "[Billede: …]" where a picture stood, a text browser "[Søg]" for a
    button: a line in square brackets is no text; the text around it is kept whole."""
    _text_page(tmp_path, "vandloeb.txt", "Forside\nVandløb", "Vandløb\n\n[Søg]\n\n"
               "Kommunen vedligeholder 120 km offentlige vandløb.\n\n[Billede: Grødeskæring med båd i åen]\n\n"
               "Grødeskæring\n\nVi skærer grøde to gange om året, i juni og i september.\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("vandloeb.txt") if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "[" not in text and "Grødeskæring med båd" not in text
    assert [(p.title, p.text) for p in passages] == [
        ("Vandløb", "Kommunen vedligeholder 120 km offentlige vandløb."),
        ("Grødeskæring", "Vi skærer grøde to gange om året, i juni og i september.")]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_pages_own_contents_list_is_no_text_and_names_its_headings(tmp_path, gap):
    """A page's table of contents repeats its section headings as links: the list and its label
    are no text, and each line it names heads its own section, also in a scrape with no blank
    lines at all (get_text of every text node)."""
    sections = [("Hvornår skal du søge?", "Du skal søge, når du vil bygge et nyt hus eller bygge til."),
                ("Sådan søger du", "Du søger digitalt med MitID, og du får en kvittering med det samme."),
                ("Sagsbehandlingstider", "Vi behandler de fleste sager inden for 40 dage."),
                ("Hvis du er uenig", "Du kan klage over afgørelsen inden for fire uger.")]
    contents = gap.join(["Indhold på siden", *(heading for heading, _ in sections)])
    body = gap.join(f"{heading}{gap}{text}{gap}Til toppen" for heading, text in sections)
    _text_page(tmp_path, "byg.txt", "Forside\nByggetilladelse",
               f"Byggetilladelse{gap}Her kan du læse om byggetilladelser.{gap}{contents}{gap}{body}")
    passages = [p for p in ingest_folder(tmp_path).passages_of("byg.txt") if p.kind != "site"]
    assert [p.title for p in passages] == ["Byggetilladelse", *(heading for heading, _ in sections)]
    assert passages[0].text.endswith("Her kan du læse om byggetilladelser.")
    assert not any("Indhold på siden" in f"{p.title}\n{p.text}" for p in passages)
    for passage, (_, text) in zip(passages[1:], sections):
        assert passage.text.startswith(text)


@pytest.mark.parametrize("tool", ["Del på Facebook", "Del via mail", "Send som e-mail", "Del siden: Facebook LinkedIn E-mail",
                                  "Til toppen", "↑ Tilbage til toppen", "Tags: trivsel, skole, mobning",
                                  "Emneord: Natur, Biodiversitet", "Fik du svar på dit spørgsmål?",
                                  "Tak for din tilbagemelding. Vi bruger den til at gøre siden bedre.",
                                  "Lyt Udskriv Del", "Udskriv denne side", "Næste side »",
                                  "Kortet kan ikke vises, fordi du ikke har accepteret cookies.", "Acceptér og vis kort",
                                  "« Forrige", "Næste ›", "Indlæs flere", "Abonnér på nyheder", "RSS-feed med nyheder",
                                  "Af Natur og Miljø", "Tilføj til kalender", "Få rutevejledning", "Foto: Colourbox",
                                  "Lyt med", "Læs teksten højt", "Download siden som PDF", "Skjul svar",
                                  "Tilbage til oversigten", "Afspil video", "Tillad YouTube-cookies",
                                  "Videoen kan ikke afspilles, fordi du har fravalgt statistik-cookies.",
                                  "Se ældre nyheder", "Se alle arrangementer", "Nyhedsarkiv 2025",
                                  "Jeg vil gerne modtage nyhedsbrevet", "Kortdata © OpenStreetMap-bidragydere",
                                  "Klik her for at åbne kortet"])
def test_a_cms_tool_on_one_page_only_is_no_text(tmp_path, tool):
    """A share bar, the link back to the top, the page's tags and the feedback widget stand on some
    pages only, so learning what the site repeats does not find them: their standard wording
    does. The sentences around them are kept."""
    _text_page(tmp_path, "trivsel.txt", "Forside\nTrivsel", "Trivsel i skolen\n\n"
               f"Alle elever skal trives i skolen.\n\n{tool}\n\nMobning\n\nVi har en plan mod mobning på alle skoler.\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("trivsel.txt") if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert tool not in text
    assert "Alle elever skal trives i skolen." in text and "Vi har en plan mod mobning på alle skoler." in text


@pytest.mark.parametrize("label", ["Se også", "Selvbetjening", "Genveje"])
@pytest.mark.parametrize("layout", ["paragraph", "line per paragraph", "no blank lines"])
def test_a_box_of_links_to_other_pages_is_no_text(tmp_path, layout, label):
    """"Se også" over the titles of other pages, between two sections, is a box beside the text,
    however the scraper laid it out; the next section keeps its heading and text."""
    box = [label, "Lokalplaner og byggeregler", "Carporte og udhuse"]
    before = ["Sådan søger du", "Du søger digitalt med MitID."]
    after = ["Sagsbehandlingstid", "Vi behandler de fleste sager inden for 40 dage."]
    if layout == "paragraph":
        body = "\n\n".join([*before, "\n".join(box), *after])
    elif layout == "line per paragraph":
        body = "\n\n".join([*before, *box, *after])
    else:
        body = "\n".join([*before, *box, *after])
    _text_page(tmp_path, "byg.txt", "Forside\nByggetilladelse", f"Byggetilladelse\n\nHer kan du læse om byggeri.\n\n{body}")
    passages = [p for p in ingest_folder(tmp_path).passages_of("byg.txt") if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert not any(line in text for line in box)
    assert ("Sagsbehandlingstid", "Vi behandler de fleste sager inden for 40 dage.") in [(p.title, p.text) for p in passages]


def test_a_list_under_a_heading_that_points_nowhere_is_text(tmp_path):
    """A section's own list of short lines is text: only a label that points to other pages
    ("Se også", "Relaterede sider") opens a box of links."""
    _text_page(tmp_path, "affald.txt", "Forside\nGenbrugsplads", "Genbrugspladsen\n\nHer kan du aflevere affald.\n\n"
               "Det kan du aflevere\n\nPap og papir\nMetal\nHaveaffald\n\nÅbningstider\n\nVi har åbent alle dage fra 7 til 19.\n")
    text = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("affald.txt"))
    assert "Pap og papir" in text and "Haveaffald" in text


def test_a_breadcrumb_with_each_crumb_and_separator_on_a_line_of_its_own(tmp_path):
    """get_text("\\n") of a breadcrumb writes each crumb and each "»" between them on a line (and
    paragraph) of its own: it is still the breadcrumb, not the page's first passage."""
    crumbs = "\n\n»\n\n".join(["Forside", "Borger", "Ældre og handicap", "Hjælpemidler"])
    (tmp_path / "hjaelpemidler.txt").write_text(
        f"Hop til indhold\n\n{crumbs}\n\nHjælpemidler\n\nDu kan låne hjælpemidler, når du har brug for det.\n\n"
        f"{FOOTER_TEXT}\n", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages_of("hjaelpemidler.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [("Hjælpemidler", "Du kan låne hjælpemidler, når du har brug for det.")]
    assert passages[0].breadcrumb[:3] == ["Forside", "Borger", "Ældre og handicap"]


def test_the_press_contact_beside_a_news_list_is_no_text_but_a_contact_box_in_the_text_is(tmp_path):
    """The press contact a news list shows beside its items is a box of the list page; a
    department's contact box inside an ordinary page's text, and the press's phone on the contact
    page, are that page's content."""
    items = "\n\n".join(f"{headline}\n{date}\n\n{teaser}" for headline, date, teaser in (
        ("Ny bro åbner", "3. december 2026", "Broen over åen er klar til brug fra mandag."),
        ("Svømmehallen lukker", "24. november 2026", "Hallen lukker for renovering fra februar."),
        ("Nye træer på Kirkevej", "16. november 2026", "De gamle træer bliver fældet i januar.")))
    _text_page(tmp_path, "nyheder.txt", "Forside\nNyheder", f"Nyheder\n\n{items}\n\nPressekontakt\n\n"
               "Jens Holm\nPressechef\nTlf. 86 94 30 15\n")
    _text_page(tmp_path, "visitation.txt", "Forside\nVisitation", "Hjemmehjælp\n\nDu kan søge om hjælp i hjemmet.\n\n"
               "Kontakt Visitationen\n\nAnne Berg\nVisitator\nTlf. 86 94 30 40\n")
    news = "\n".join(f"{p.title}\n{p.text}" for p in ingest_folder(tmp_path).passages_of("nyheder.txt"))
    assert "Jens Holm" not in news and "86 94 30 15" not in news and "Pressekontakt" not in news
    assert "De gamle træer bliver fældet i januar." in news
    page = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("visitation.txt"))
    assert "Anne Berg" in page and "Tlf. 86 94 30 40" in page
    _text_page(tmp_path, "kontakt.txt", "Forside\nKontakt", "Kontakt\n\nSkriv eller ring til os.\n\n"
               "Presse\n\nMarie Dal\nKommunikationschef\nTlf. 86 94 30 99\n")
    contact = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("kontakt.txt"))
    assert "Marie Dal" in contact and "Tlf. 86 94 30 99" in contact  # a contact page's press line is its own


@pytest.mark.parametrize("control", ["Vis nyheder om\n\nAlle emner\n\nSorter efter\n\nNyeste først",
                                     "Filtrer nyheder\nEmne\nAlle emner\nÅr\n2026\nTrafik og veje\nSkoler\nNulstil filter",
                                     "Filtrer efter emne: Alle · Trafik · Skole · Natur og miljø",
                                     "Emne: Alle emner År: 2026 Vis"])
def test_a_news_lists_filter_is_no_text_however_it_is_copied(tmp_path, control):
    """A list's filter and sort controls, copied a line or a paragraph each or on one line, are no
    text of the list; its items keep their headlines and teasers."""
    items = "\n\n".join(f"{headline}\n{date}\n\n{teaser}" for headline, date, teaser in (
        ("Ny bro åbner", "3. december 2026", "Broen over åen er klar til brug fra mandag."),
        ("Svømmehallen lukker", "24. november 2026", "Hallen lukker for renovering fra februar."),
        ("Nye træer på Kirkevej", "16. november 2026", "De gamle træer bliver fældet i januar.")))
    _text_page(tmp_path, "nyheder.txt", "Forside\nNyheder", f"Nyheder\n\nSe de seneste nyheder.\n\n{control}\n\n{items}")
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "Alle" not in text and "Nyeste først" not in text and "Nulstil" not in text
    assert [p.title for p in passages][-3:] == ["Ny bro åbner", "Svømmehallen lukker", "Nye træer på Kirkevej"]


def test_a_sentence_or_heading_about_everyone_is_no_filter(tmp_path):
    """"Alle …" is a filter's option only among labels: as a heading over its text, or in a
    sentence, it is the page's own."""
    _text_page(tmp_path, "tilbud.txt", "Forside\nTilbud", "Tilbud til seniorer\n\nMålgruppe: Alle borgere over 65 år.\n\n"
               "Alle borgere\n\nAlle kan deltage i motionsholdene uden tilmelding.\n")
    text = "\n".join(f"{p.title}\n{p.text}" for p in ingest_folder(tmp_path).passages_of("tilbud.txt"))
    assert "Målgruppe: Alle borgere over 65 år." in text and "Alle borgere" in text


def test_a_read_more_link_under_every_item_of_a_list_without_blank_lines_is_no_text(tmp_path):
    """A list scraped with no blank lines runs its items into one paragraph: the same read-more
    link under each of them ("Læs nyheden") is still the items' link, not their text."""
    items = [(f"Nyt fra {place}", f"{day}. november 2026", f"Kommunen har åbnet en ny legeplads i {place}.")
             for day, place in enumerate(["Vestby", "Østby", "Nørreby", "Sønderby", "Havby", "Skovby", "Engby",
                                          "Bakkeby", "Strandby", "Mosby", "Lundby"], start=10)]
    lines = "\n".join(f"{headline}\n{date}\n{teaser}\nLæs nyheden" for headline, date, teaser in items)
    _text_page(tmp_path, "nyheder.txt", "Forside\nNyheder", f"Nyheder\nHer er kommunens nyheder.\n{lines}")
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    text = "\n".join(p.text for p in passages)
    assert "Læs nyheden" not in text
    assert all(teaser in text for _, _, teaser in items)


def test_an_events_label_between_its_date_and_teaser_does_not_join_it_to_the_item_above(tmp_path):
    """In a list pasted with no blank lines, an event shows a label ("Arrangement") between its date
    and its teaser: it still heads an item of its own."""
    items = [("Ny bro åbner", "3. december 2026", "", "Broen over åen er klar til brug fra mandag."),
             ("Foredrag om jernbanen", "1. december 2026", "Arrangement\n", "Banen åbnede i 1894 og lukkede i 1971."),
             ("Svømmehallen lukker", "24. november 2026", "", "Hallen lukker for renovering fra februar.")]
    lines = "\n".join(f"{headline}\n{date}\n{label}{teaser}" for headline, date, label, teaser in items)
    _text_page(tmp_path, "nyheder.txt", "Forside\nNyheder", f"Nyheder\nHer er kommunens nyheder.\n{lines}\n")
    by_title = {p.title: p for p in ingest_folder(tmp_path).passages_of("nyheder.txt")}
    assert "Foredrag om jernbanen" in by_title
    assert "1894" not in by_title["Ny bro åbner"].text and by_title["Ny bro åbner"].years == [2026]
    assert any("Banen åbnede i 1894" in p.text and p.years == [1894, 1971, 2026] for p in by_title.values())


def test_the_boxes_after_a_lists_step_to_its_next_page_are_no_text(tmp_path):
    """What follows a list's "Næste side »" with no sentence (the sidebar's categories) stands
    beside the list, not under its last item."""
    sidebar = "\n\n".join(["Næste side »", "Kategorier", "Børn og unge", "Kultur og fritid", "Trafik og veje"])
    pages = {"nyheder.txt": (("Ny bro åbner", "3. december 2026", "Broen over åen er klar til brug fra mandag."),
                             ("Svømmehallen lukker", "24. november 2026", "Hallen lukker for renovering fra februar."),
                             ("Nye træer på Kirkevej", "16. november 2026", "De gamle træer bliver fældet i januar.")),
             "arkiv.txt": (("Ny skole i Vestby", "3. marts 2025", "Skolen åbner efter sommerferien."),
                           ("Ny hal i Østby", "2. februar 2025", "Hallen står klar til foråret."))}
    for name, items in pages.items():  # two pages of the site (its footer is learned); one has the sidebar
        listed = "\n\n".join(f"{headline}\n\n{date}\n\n{teaser}" for headline, date, teaser in items)
        aside = sidebar if name == "nyheder.txt" else ""
        _text_page(tmp_path, name, "Forside\nNyheder", f"Nyheder\n\nDe seneste nyheder.\n\n{listed}\n\n{aside}")
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "Kategorier" not in text and "Kultur og fritid" not in text
    assert "De gamle træer bliver fældet i januar." in text


def test_a_ratings_answers_go_with_its_question(tmp_path):
    """Under the feedback widget's question stand its answers ("Ja, tak", "Meget tilfreds", "Send
    vurdering") and a field's hint: none of them is text; the answer above the widget is kept."""
    _text_page(tmp_path, "vielse.txt", "Forside\nVielse", "Vielse\n\nHvad koster en vielse?\n\n"
               "En borgerlig vielse på rådhuset er gratis.\n\nHvor tilfreds er du med siden?\n\nMeget tilfreds\n\n"
               "Mindre tilfreds\n\nSkriv, hvad vi kan gøre bedre (valgfrit)\n\nSend vurdering\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("vielse.txt") if p.kind != "site"]
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "tilfreds" not in text and "Send vurdering" not in text and "valgfrit" not in text
    assert ("Hvad koster en vielse?", "En borgerlig vielse på rådhuset er gratis.") in [(p.title, p.text) for p in passages]


def test_a_heading_right_above_a_table_heads_it(tmp_path):
    """A browser copy sets no blank line between a heading and the table under it: the heading
    still starts the section the table is in, even on a page with few such headings."""
    _text_page(tmp_path, "madservice.txt", "Forside\nMadservice", "Madservice\n\nDu kan få mad bragt hjem.\n\n"
               "Levering\n\nMaden bliver leveret tirsdag og fredag.\n\nPriser\nYdelse\tPris\nHovedret\t58 kr.\n"
               "Biret\t16 kr.\n\nPriserne fastsættes af byrådet hvert år.\n")
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("madservice.txt")}
    assert "Hovedret 58 kr." in passages["Priser"].replace("\t", " ")
    assert "Hovedret" not in passages["Levering"]


def test_a_crawlers_breadcrumb_a_crumb_a_paragraph_with_no_separators(tmp_path):
    """A crawler that writes every block on its own writes each crumb as a paragraph, with no
    separator between them: the run of short paragraphs whose last the title under it begins with
    is the breadcrumb, not a passage."""
    crumbs = "\n\n".join(["Borger", "Bolig og byggeri", "Skadedyr", "Rotter"])
    _text_page(tmp_path, "rotter.txt", "Spring over navigation",
               f"{crumbs}\n\nRotter – anmeld og bekæmp\n\nSer du rotter, skal du anmelde det til kommunen.\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("rotter.txt") if p.kind != "site"]
    assert [(p.title, p.text) for p in passages] == [
        ("Rotter – anmeld og bekæmp", "Ser du rotter, skal du anmelde det til kommunen.")]
    assert passages[0].breadcrumb[-2:] == ["Skadedyr", "Rotter"]


def test_a_list_item_a_paragraph_of_its_own_heads_nothing(tmp_path):
    """A crawler writes each item of a list as a paragraph: an item that begins with a small letter
    is the list's, not a heading over the text after the list."""
    _text_page(tmp_path, "rotter.txt", "Forside\nRotter", "Rotter\n\nSådan forebygger du rotter\n\n"
               "Du kan selv gøre meget:\n\nluk huller i fundamentet\n\nhold orden i skuret\n\n"
               "Rotter kan komme ind gennem huller på størrelse med en mønt.\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("rotter.txt") if p.kind != "site"]
    by_title = {p.title: p.text for p in passages}
    assert "hold orden i skuret" not in by_title
    assert "hold orden i skuret" in by_title["Sådan forebygger du rotter"]
    assert "Rotter kan komme ind" in by_title["Sådan forebygger du rotter"]


def test_a_heading_over_a_contact_box_inside_a_run_on_paragraph(tmp_path):
    """A scrape with no blank lines runs a contact page's sections together: a short line after a
    sentence, over opening hours or an address, heads them; a sentence that gives a phone number
    heads nothing."""
    _text_page(tmp_path, "kontakt.txt", "Forside\nKontakt", "\n".join([
        "Kontakt Jobcentret", "Du kan ringe, skrive eller møde op.", "Telefontid", "Mandag-onsdag", "8.30-15.00",
        "Ring, hvis du har spørgsmål til din sag.", "Besøgsadresse", "Jobcentret", "Stationsvej 9", "6650 Havby",
        "Der er gratis parkering bag bygningen.", "Send en besked", "Akut hjælp",
        "Om natten kan du ringe til vagten på 87 65 49 99."]))
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("kontakt.txt")}
    assert passages["Telefontid"].startswith("Mandag-onsdag")
    assert passages["Besøgsadresse"].startswith("Jobcentret\nStationsvej 9")
    assert "Send en besked" not in passages


def test_headings_of_a_page_scraped_with_no_blank_line_at_all(tmp_path):
    """get_text of every text node without blank lines: a short capitalised line over a sentence or
    over a list's first item heads its section, also after a list or a group heading."""
    lines = ["Mål, cases og projekter: Flere på cykel", "Kommunen vil gøre det nemmere at cykle.",
             "Det vil vi", "bygge flere cykelstier", "gøre skolevejene sikre", "skabe flere cykelparkeringer",
             "Eksempler fra kommunen", "Cykelstien langs Åvej", "Cykelstien blev anlagt i 2021.",
             "Trafikken er faldet siden.", "Cykelsmart på skolen", "Fra 2022 deltog alle elever i cykeltræning.",
             "Andelen af cyklister steg.", "Værkstedet på biblioteket", "Cykelklubben åbnede et værksted i 2025.",
             "Værkstedet har haft 900 besøg.", "Næste skridt", "I 2027 går anlægget af en ny sti i gang.",
             "Vi vil også undersøge nye ruter.", "Det er et stort arbejde.", "Følg med her på siden.",
             "Vi skriver, når der er nyt."]
    _text_page(tmp_path, "cykel.txt", "Forside\nCykel", "\n".join(lines))
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("cykel.txt")}
    assert passages["Det vil vi"].startswith("bygge flere cykelstier")
    assert passages["Cykelstien langs Åvej"].startswith("Cykelstien blev anlagt i 2021.")
    assert passages["Cykelsmart på skolen"].startswith("Fra 2022 deltog")
    assert "Næste skridt" in passages


def test_a_page_printed_to_pdf_and_converted_to_text(tmp_path):
    """pdftotext of a printed page: the browser's print header and footer (date and time, title,
    address, "1/2") on every printed page are no text, a paragraph the page break cut in two is one
    again, and a paragraph's printed lines are one line."""
    head = "08.12.2026 10.42\nParkering | Havby Kommune\n"
    foot = "https://www.havby.dk/parkering\n{n}/2\n"
    wide = "Du kan købe en beboerlicens, hvis du bor i zonen og har en bil, der er indregistreret på din"
    page1 = (f"{head}\nParkering\n\nHer kan du læse om parkering i byen.\n\nBeboerlicens\n\n{wide}\n"
             "adresse. Licensen koster 300 kr. om året, og du søger den digitalt med MitID, når du er flyttet\n"
             "ind i zonen og har\n\n" + foot.format(n=1))
    page2 = (f"{head}\nfået din nye bil.\n\nGæster\n\nDine gæster kan parkere gratis i tre timer.\n\n"
             + foot.format(n=2))
    (tmp_path / "parkering.txt").write_text(f"{page1}\f{page2}\f", encoding="utf-8")
    passages = {p.title: p.text for p in ingest_folder(tmp_path).passages_of("parkering.txt")}
    assert passages["Beboerlicens"] == (
        f"{wide} adresse. Licensen koster 300 kr. om året, og du søger den digitalt med MitID, når du er "
        "flyttet ind i zonen og har fået din nye bil.")
    assert passages["Gæster"] == "Dine gæster kan parkere gratis i tre timer."
    text = "\n".join(passages.values())
    assert "10.42" not in text and "1/2" not in text and "https://www.havby.dk/parkering" not in text


def test_a_print_friendly_copy_with_each_links_address_after_it(tmp_path):
    """A print stylesheet writes each link's address after its words: the site's footer is still
    learned though each page's last line names its own address, the news items' read-more links
    and a "Se også" box are still no text, and a link in the text keeps its address."""
    footer = "Havby Kommune\nTorvet 1\n9999 Havby\nTlf. 70 10 20 30\n\nSiden er udskrevet fra: https://www.havby.dk/{slug}"
    items = "\n\n".join(f"{headline}\n\n{date}\n\n{teaser}\n\nLæs mere (https://www.havby.dk/nyheder/{n})"
                        for n, (headline, date, teaser) in enumerate((
                            ("Ny bro åbner", "3. december 2026", "Broen over åen er klar til brug fra mandag."),
                            ("Svømmehallen lukker", "24. november 2026", "Hallen lukker for renovering fra februar."),
                            ("Nye træer på Kirkevej", "16. november 2026", "De gamle træer bliver fældet i januar."))))
    pages = {"nyheder": f"Nyheder\n\n{items}",
             "pas": "Pas\n\nDu søger om pas i Borgerservice.\n\nBestil tid (https://www.havby.dk/tid)\n\n"
                    "Se også\nKørekort (https://www.havby.dk/koerekort)\nFlytning (https://www.havby.dk/flytning)\n\n"
                    "Pris\n\nEt pas koster 763 kr.",
             "affald": "Affald\n\nVi henter dit affald hver anden uge."}
    for slug, body in pages.items():
        (tmp_path / f"{slug}.txt").write_text(f"{body}\n\n{footer.format(slug=slug)}\n", encoding="utf-8")
    result = ingest_folder(tmp_path)
    site = [p for p in result.passages if p.kind == "site"]
    assert site and "Tlf. 70 10 20 30" in site[0].text
    news = "\n".join(p.text for p in result.passages_of("nyheder.txt") if p.kind != "site")
    assert "Læs mere" not in news and "Siden er udskrevet" not in news and "De gamle træer" in news
    pas = "\n".join(p.text for p in result.passages_of("pas.txt") if p.kind != "site")
    assert "Bestil tid (https://www.havby.dk/tid)" in pas
    assert "Kørekort" not in pas and "Se også" not in pas


def test_a_mobile_layouts_arrow_back_to_the_page_above_is_its_breadcrumb(tmp_path):
    """A phone's layout shows "‹ Forside" where a breadcrumb would stand: it names the page above,
    and is neither the page's title nor its text."""
    _text_page(tmp_path, "nyheder.txt", "‹ Forside", "Nyheder\n\nHer er de seneste nyheder fra kommunen.\n")
    passages = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert [(p.page_title, p.text) for p in passages] == [("Nyheder", "Her er de seneste nyheder fra kommunen.")]
    assert passages[0].breadcrumb[0] == "Forside"


def test_a_quotation_in_guillemets_is_text(tmp_path):
    """A line that opens with a guillemet is a quotation, not a link back: only "‹" and "←" point
    to the page above."""
    _text_page(tmp_path, "nyt.txt", "Forside\nNyheder", "Ny bro\n\nBroen er åbnet.\n\n«Vi er glade for broen»\n\n"
               "Sådan siger borgmesteren om den nye bro.\n")
    text = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("nyt.txt"))
    assert "«Vi er glade for broen»" in text


def test_text_near_the_words_of_page_tools_is_kept(tmp_path):
    """A heading that begins with "Del" and names a way to send is text, not a share bar; the
    heading and phone line right after a rating widget are the page's contact box, not answers."""
    _text_page(tmp_path, "ansoeg.txt", "Forside\nAnsøgning", "Ansøgning\n\nDu kan søge på to måder.\n\n"
               "Del 1: Ansøgning via e-mail\n\nSend skemaet til os, når det er udfyldt.\n\n"
               "Var siden nyttig?\n\nJa\n\nNej\n\nKontakt os\n\nTlf. 70 10 20 30\n")
    text = "\n".join(f"{p.title}\n{p.text}" for p in ingest_folder(tmp_path).passages_of("ansoeg.txt"))
    assert "Del 1: Ansøgning via e-mail" in text
    assert "Kontakt os" in text and "Tlf. 70 10 20 30" in text
    assert "Var siden nyttig?" not in text


def test_a_sections_topics_under_emner_are_text(tmp_path):
    """"Emner" over a list may be what a course is about: only labels that point to other pages
    open a box of links."""
    _text_page(tmp_path, "kursus.txt", "Forside\nKursus", "Kursus i sund kost\n\nKurset varer fire uger.\n\n"
               "Emner\nKost og måltider\nMotion i hverdagen\nSøvn og stress\n\nTilmelding\n\nDu tilmelder dig hos Sundhedscentret.\n")
    text = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("kursus.txt"))
    assert "Kost og måltider" in text and "Søvn og stress" in text


def test_a_sentence_about_the_newsletter_is_text(tmp_path):
    """A newsletter's sign-up lines are a widget; a sentence that tells about the newsletter is text."""
    _text_page(tmp_path, "nyt.txt", "Forside\nNyheder", "Nyheder\n\n"
               "Du kan tilmelde dig vores nyhedsbrev på forsiden.\n\nTilmeld nyhedsbrev\n")
    text = "\n".join(p.text for p in ingest_folder(tmp_path).passages_of("nyt.txt"))
    assert "Du kan tilmelde dig vores nyhedsbrev på forsiden." in text and "Tilmeld nyhedsbrev" not in text
