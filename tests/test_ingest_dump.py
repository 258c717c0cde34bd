"""Pages dumped by a console browser (``lynx -dump``): a reader of the page never saw the link
numbers, the reference list at the end or where the terminal wrapped a paragraph."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ingest_folder
from ingest.dump import undumped

FOOTER = """\
   ______________________________________________________________________

   Skovby Kommune · Rådhuspladsen 4 · 4990 Skovby
   Telefon 54 11 22 33 · raadhus@skovby.dk
   CVR-nr. 12 34 56 78
   [{a}]Privatlivspolitik | [{b}]Tilgængelighed

References

{references}
   Hidden links:
   {hidden}. http://www.skovby.dk/stat.asp?id={page}
"""


def _dump(page: int, title: str, body: str, links: int) -> str:
    head = (f"URL: http://www.skovby.dk/side.asp?id={page}\n\n   [1]Spring til indhold\n\n"
            f"   [2]Forside | [3]Borger | [4]Erhverv\n\n{title}\n\n")
    references = "\n".join(f"   {n:>2}. http://www.skovby.dk/side.asp?id={n * 7}" for n in range(1, links + 3))
    return head + body + "\n" + FOOTER.format(a=links + 1, b=links + 2, references=references,
                                              hidden=links + 3, page=page)


@pytest.fixture
def dump_site(tmp_path: Path) -> Path:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "haveaffald.txt").write_text(_dump(31, "Haveaffald", """\
   Grene og blade kan du aflevere gratis på genbrugspladsen hele året, og
   i sommerhalvåret kan du også få dem [5]hentet ved din bolig hver anden
   uge.

Sådan bundter du grene

   Grenene må højst være 1,5 meter lange og skal bindes sammen med snor.
""", 5), encoding="utf-8")
    (folder / "vandmaaler.txt").write_text(_dump(32, "Vandmåler", """\
   Din vandmåler skal aflæses hvert år i december. Du kan aflæse den på
   [5]selvbetjeningen eller sende os et kort med tallet.
""", 5), encoding="utf-8")
    (folder / "kontakt.txt").write_text(_dump(33, "Kontakt", """\
   Skriv eller ring til os, hvis du har spørgsmål om din ejendom.
""", 4), encoding="utf-8")
    return folder


def test_link_numbers_and_the_reference_list_are_not_text(dump_site):
    passages = ingest_folder(dump_site).passages
    text = "\n".join(f"{p.title}\n{p.text}" for p in passages)
    assert "[5]" not in text and "http://www.skovby.dk/side.asp" not in text
    assert any("du kan aflæse den på selvbetjeningen eller sende" in " ".join(p.text.split()).lower()
               for p in passages)


def test_a_wrapped_paragraph_is_one_paragraph(dump_site):
    passages = [p for p in ingest_folder(dump_site).passages if p.page == "haveaffald.txt"]
    intro = next(p for p in passages if "Grene og blade" in p.text)
    assert intro.title == "Haveaffald"
    assert "Grene og blade kan du aflevere gratis på genbrugspladsen hele året, og i sommerhalvåret kan du " \
           "også få dem hentet ved din bolig hver anden uge." in intro.text.split("\n")
    assert any(p.title == "Sådan bundter du grene" and "1,5 meter" in p.text for p in passages)


def test_the_footer_above_the_reference_list_is_the_site_passage(dump_site):
    site = next(p for p in ingest_folder(dump_site).passages if p.kind == "site")
    assert site.title == "Skovby Kommune: kontakt og åbningstider"
    for fact in ("Rådhuspladsen 4", "4990 Skovby", "Telefon 54 11 22 33", "raadhus@skovby.dk", "CVR-nr. 12 34 56 78"):
        assert fact in site.text


def test_text_without_a_reference_list_keeps_its_brackets_and_lines():
    text = "Tilmelding [2] er nødvendig, og pladserne fordeles efter først til mølle-princippet hvert\nforår.\n"
    assert undumped(text) == text
