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


def _text_page(folder, name: str, title: str, body: str, widget: str) -> None:
    (folder / name).write_text(
        f"Spring til indhold\nForside > Borger > {title}\n\n{title}\n\n{body}\n\n{widget}\n\nDel siden\n\n"
        "Solby Kommune\nKirkepladsen 2\n8830 Solby\nTelefon 87 11 11 11\n", encoding="utf-8")


def test_a_widget_that_names_its_page_is_learned_by_its_opening(tmp_path):
    pages = {"vandloeb.txt": ("Vandløb", "Åerne renses hvert efterår af kommunens entreprenør.", "Team Natur"),
             "hundeskov.txt": ("Hundeskove", "Der er fire hundeskove, hvor hunden må gå løs.", "Park og Vej"),
             "jagt.txt": ("Jagt", "Kommunen udlejer jagten på sine arealer for fem år ad gangen.", "Team Natur"),
             "faerge.txt": ("Færgen", "Færgen sejler hver time fra kl. 6 til kl. 23.", "Havnekontoret")}
    for name, (title, body, owner) in pages.items():
        _text_page(tmp_path, name, title, body, f"Indholdet på denne side vedligeholdes af {owner}")
    passages = [p for p in ingest_folder(tmp_path).passages if p.kind != "site"]
    assert {p.text for p in passages} == {body for _, body, _ in pages.values()}


def test_a_line_the_pages_only_begin_alike_is_kept(tmp_path):
    openings = {"vandloeb.txt": ("Vandløb", "I kommunen er åerne renset i år"),
                "hundeskov.txt": ("Hundeskove", "I kommunen er hundeskovene indhegnet"),
                "jagt.txt": ("Jagt", "I kommunen er jagten udlejet til foreninger"),
                "faerge.txt": ("Færgen", "I kommunen er færgen gratis for beboere")}
    for name, (title, line) in openings.items():
        _text_page(tmp_path, name, title, "Læs om ordningen herunder.", line)
    passages = [p for p in ingest_folder(tmp_path).passages if p.kind != "site"]
    assert all(line in "\n".join(p.text for p in passages) for _, line in openings.values())
