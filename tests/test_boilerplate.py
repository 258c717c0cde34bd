"""Boilerplate is learned from what a site repeats, not from Gladsaxe's wording."""
from __future__ import annotations

import shutil

from ingest import ingest_folder
from tests.conftest import FIXTURES, RAW_PAGES, SEEDS

NORDBY = FIXTURES / "nordby_text"


def test_other_municipality_wording_is_learned():
    result = ingest_folder(NORDBY)
    body = [p for p in result.passages if p.kind != "site"]
    assert len(body) == 3
    for passage in body:
        assert "Spring til indhold" not in passage.text
        assert "Storegade 5" not in passage.text and "Cookies" not in passage.text
        assert passage.breadcrumb[0] == "Forside"
    sites = [p for p in result.passages if p.kind == "site"]
    assert len(sites) == 1 and "Storegade 5" in sites[0].text
    assert sites[0].page_title == "Nordby Kommune"
    skoler = next(p for p in body if p.page == "skoler.txt")
    assert skoler.breadcrumb == ["Forside", "Borger", "Skole og uddannelse"]
    assert skoler.page_title == "Skole og uddannelse"


def test_a_single_page_falls_back_to_address_patterns(tmp_path):
    shutil.copy(RAW_PAGES / SEEDS[1], tmp_path / SEEDS[1])
    result = ingest_folder(tmp_path)
    body = [p for p in result.passages if p.kind != "site"]
    assert len(body) == 15
    assert not any("Rådhus Allé 7" in p.text or "Torsdag 10-18" in p.text for p in body)
    assert [p.kind for p in result.passages].count("site") == 1


def test_a_changed_footer_on_every_page_is_still_learned(tmp_path):
    for name in SEEDS:
        text = (RAW_PAGES / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("Torsdag 10-18", "Torsdag 12-17"), encoding="utf-8")
    result = ingest_folder(tmp_path)
    site = [p for p in result.passages if p.kind == "site"]
    assert len(site) == 1 and "Torsdag 12-17" in site[0].text
    assert not any("Torsdag" in p.text for p in result.passages if p.kind != "site")


def test_a_body_line_that_is_not_repeated_is_kept(tmp_path):
    for name in SEEDS:
        shutil.copy(RAW_PAGES / name, tmp_path / name)
    extra = tmp_path / "ekstra.txt"
    extra.write_text("Skip til hoved indholdet\n    Hjem Nyheder Ny legeplads\n\nNy legeplads\n\n"
                     "Legepladsen i Bagsværd er åbnet.\n\nGladsaxe Kommune\nRådhus Allé 7\n", encoding="utf-8")
    result = ingest_folder(tmp_path)
    passages = result.passages_of("ekstra.txt")
    assert [p.text for p in passages if p.kind != "site"] == ["Legepladsen i Bagsværd er åbnet."]



def test_the_lines_beside_the_update_date_are_the_pages_facts_not_text(tmp_path):
    (tmp_path / "vandloeb.txt").write_text(
        "Vandløb\n\nÅerne renses hvert efterår af kommunens entreprenør.\n\n"
        "Opdateret 4. marts 2026.\nSiden er vist 517 gange\nAnsvarlig: Team Natur\n\n"
        "Solby Kommune\nKirkepladsen 2\n8830 Solby\nTelefon 87 11 11 11\n", encoding="utf-8")
    (tmp_path / "jagt.txt").write_text(
        "Jagt\n\nKommunen udlejer jagten på sine arealer.\n\n"
        "Sidst opdateret 2. februar 2026\nJagtlejen betales forud for hele perioden.\n\n"
        "Solby Kommune\nKirkepladsen 2\n8830 Solby\nTelefon 87 11 11 11\n", encoding="utf-8")
    passages = {p.page: p for p in ingest_folder(tmp_path).passages if p.kind != "site"}
    assert passages["vandloeb.txt"].text == "Åerne renses hvert efterår af kommunens entreprenør."
    assert passages["vandloeb.txt"].updated == "2026-03-04"
    assert "Jagtlejen betales forud for hele perioden." in passages["jagt.txt"].text


def test_boxes_that_scraped_text_puts_below_the_page_are_no_content(tmp_path):
    """Below the text, from the widget every page repeats ("Del siden") to the footer: related links
    and a latest-news box that differ from page to page, and no sentence. A list in the text above
    the widget is the page's."""
    pages = {"pas.txt": ("Pas", "Du søger om pas i Borgerservice.", ["Kørekort", "Sundhedskort"]),
             "flytning.txt": ("Flytning", "Du melder flytning senest fem dage efter.", ["Adresseændring"]),
             "navn.txt": ("Navneændring", "Du søger om nyt navn på borger.dk.", ["Navnebevis", "Dåb"])}
    for n, (name, (title, text, related)) in enumerate(pages.items()):
        links = "\n".join(f"* {link}" for link in related)
        news = "\n".join(f"0{day}.11.2026 {headline}" for day, headline in
                         ((n + 1, "Ny cykelsti i Vestby"), (n + 3, "Rådhuset holder lukket fredag"))[: 1 + n % 2])
        (tmp_path / name).write_text(
            f"Spring til indhold\n\n{title}\n\n{text}\n\nMedbring til {title.lower()}\n\n* {title.lower()}sblanket\n* et foto\n\n"
            f"Del siden\n\nRelateret:\n\n{links}\n\nSeneste nyt\n\n{news}\nAlle nyheder\n\n"
            "Solby Kommune\nKirkepladsen 2\n8830 Solby\nTelefon 87 11 11 11\n", encoding="utf-8")
    passages = [p for p in ingest_folder(tmp_path).passages if p.kind != "site"]
    for name, (title, text, related) in pages.items():
        assert [p.text for p in passages if p.page == name] == [text, f"* {title.lower()}sblanket\n* et foto"]


def test_a_pager_line_with_its_steps_and_the_feed_link_below_a_scraped_news_list_are_no_content(tmp_path):
    items = ("Ny cykelsti i Vestby\n\n03.11.2026\n\nStien åbner i december.\n\n"
             "Rådhuset får solceller\n\n28.10.2026\n\nPanelerne sættes op i foråret.\n\n"
             "Badestrand får blåt flag\n\n21.10.2026\n\nStranden lever op til kravene.")
    pages = {"nyheder.txt": ("Nyheder", f"{items}\n\nSide 1 af 9   Næste side >>   Arkiv\n\nFølg nyhederne som RSS"),
             "pas.txt": ("Pas", "Du søger om pas i Borgerservice."),
             "flytning.txt": ("Flytning", "Du melder flytning senest fem dage efter.")}
    for name, (title, body) in pages.items():
        (tmp_path / name).write_text(f"Spring til indhold\n\n{title}\n\n{body}\n\nSelvbetjening\n\n* Bestil tid\n* Flyt\n\n"
                                     "Solby Kommune\nKirkepladsen 2\n8830 Solby\nTelefon 87 11 11 11\n", encoding="utf-8")
    news = [p for p in ingest_folder(tmp_path).passages_of("nyheder.txt") if p.kind != "site"]
    assert news[-1].title == "Badestrand får blåt flag"
    assert news[-1].text == "21.10.2026\nStranden lever op til kravene."


def test_a_line_a_page_repeats_after_each_section_is_a_control(tmp_path):
    answers = (("Hvornår er der åbent?", "Hver dag fra kl. 10."), ("Koster det noget?", "Nej, det er gratis."),
               ("Må hunde komme med?", "Ja, i snor."))
    faq = "\n\n".join(f"{q}\n\n{a}\n\nOp til start" for q, a in answers)
    (tmp_path / "faq.txt").write_text(f"Parken\n\nHer er svar om parken.\n\n{faq}\n\n"
                                      "Solby Kommune\nKirkepladsen 2\n8830 Solby\nTelefon 87 11 11 11\n", encoding="utf-8")
    passages = [(p.title, p.text) for p in ingest_folder(tmp_path).passages_of("faq.txt") if p.kind != "site"]
    assert passages == [("Parken", "Her er svar om parken."), *answers]
