"""Broken, hostile and odd page files: each is indexed (repaired) or rejected with a reason, and the
good pages beside it are still processed."""
from __future__ import annotations

import os
import shutil
import time

import pytest

from ingest import ingest_folder
from ingest.reader import MAX_PAGE_BYTES, parse_page
from tests.conftest import RAW_PAGES, SEEDS

GOOD_PASSAGES = 40  # the two seeds: 24 cases, 15 partnerships, 1 site passage


@pytest.fixture
def folder(tmp_path):
    for name in SEEDS:
        shutil.copy(RAW_PAGES / name, tmp_path / name)
    return tmp_path


def page_text(title: str, body: str) -> str:
    return f"Skip til hoved indholdet\n    Hjem Nyheder {title}\n\n{title}\n\n{body}\n"


def rejected(result) -> dict[str, str]:
    return {r.page: r.reason for r in result.rejected}


def test_mojibake_is_repaired(folder):
    (folder / "groen.txt").write_text(page_text("GrÃ¸nne omrÃ¥der", "Vi passer pÃ¥ de grÃ¸nne omrÃ¥der i SÃ¸borg."),
                                      encoding="utf-8")
    result = ingest_folder(folder)
    passage = result.passages_of("groen.txt")[0]
    assert passage.page_title == "Grønne områder"
    assert passage.text == "Vi passer på de grønne områder i Søborg."


@pytest.mark.parametrize("encoding", ["cp1252", "iso-8859-1", "utf-8-sig", "utf-16"])
def test_encodings_of_text_pages(folder, encoding):
    (folder / "side.txt").write_bytes(page_text("Ældre", "Hjælp til ældre i Søborg og Åby.").encode(encoding))
    passage = ingest_folder(folder).passages_of("side.txt")[0]
    assert passage.text == "Hjælp til ældre i Søborg og Åby."


@pytest.mark.parametrize("name, data, reason", [
    ("tom.txt", b"", "empty file"),
    ("blank.html", b"  \n\n \t ", "empty file"),
    ("binaer.txt", bytes(range(256)) * 40, "binary file"),
    ("nul.html", b"<p>Hej</p>\x00\x00\x00", "binary file"),
    ("kun-chrome.html", b"<html><body><nav>Menu</nav><script>x()</script></body></html>", "no text"),
])
def test_unusable_files_are_rejected_with_a_reason(folder, name, data, reason):
    (folder / name).write_bytes(data)
    result = ingest_folder(folder)
    assert reason in rejected(result)[name]
    assert len(result.passages) == GOOD_PASSAGES


def test_page_with_only_boilerplate_is_rejected(folder):
    footer = (RAW_PAGES / SEEDS[0]).read_text(encoding="utf-8").split("Gladsaxe Kommune\nRådhus Allé 7")[1]
    (folder / "kun-sidefod.txt").write_text("Skip til hoved indholdet\n\nGladsaxe Kommune\nRådhus Allé 7" + footer,
                                            encoding="utf-8")
    result = ingest_folder(folder)
    assert "no content" in rejected(result)["kun-sidefod.txt"]
    assert len(result.passages) == GOOD_PASSAGES


def test_duplicate_page_is_indexed_once(folder):
    shutil.copy(folder / SEEDS[1], folder / "zz-kopi.txt")
    result = ingest_folder(folder)
    assert rejected(result) == {"zz-kopi.txt": f"same content as {SEEDS[1]}"}
    assert len(result.passages) == GOOD_PASSAGES


def test_broken_html_keeps_its_text(folder):
    (folder / "brudt.html").write_text(
        "<html><body><main><h1>Legepladser</h1><p>Nye legepladser i <b>Bagsværd<p>og <i>Søborg</main"
        "<div><p>Åbent hele året", encoding="utf-8")
    passages = ingest_folder(folder).passages_of("brudt.html")
    text = " ".join(p.text for p in passages)
    assert "Nye legepladser i Bagsværd" in text and "Søborg" in text and "Åbent hele året" in text


def test_truncated_html(folder):
    (folder / "afkortet.html").write_text("<html><body><main><h1>Affald</h1><p>Storskrald hentes hver", encoding="utf-8")
    passages = ingest_folder(folder).passages_of("afkortet.html")
    assert passages and passages[0].text == "Storskrald hentes hver"


def test_enormous_page_is_rejected_before_it_is_read(folder):
    with open(folder / "kaempe.html", "wb") as fh:
        fh.truncate(MAX_PAGE_BYTES + 1)  # sparse: no disk or memory spent
    started = time.monotonic()
    result = ingest_folder(folder)
    assert "bytes allowed" in rejected(result)["kaempe.html"]
    assert time.monotonic() - started < 10
    assert len(result.passages) == GOOD_PASSAGES


def test_large_but_allowed_page_is_processed_in_bounded_time(folder):
    paragraph = "Borgere i Gladsaxe kan få hjælp til genbrug af cykler og møbler. " * 20
    body = "\n\n".join(f"{paragraph} Afsnit {n}." for n in range(2000))  # about 2.7 MB
    (folder / "stor.txt").write_text(page_text("Stor side", body), encoding="utf-8")
    started = time.monotonic()
    result = ingest_folder(folder)
    assert time.monotonic() - started < 60
    assert sum(p.text.count("Afsnit") for p in result.passages_of("stor.txt")) == 2000


def test_file_names_with_spaces_and_danish_letters(folder):
    (folder / "Grønne områder i Søborg.txt").write_text(page_text("Grønne områder", "Parkerne er åbne."),
                                                        encoding="utf-8")
    passages = ingest_folder(folder).passages_of("Grønne områder i Søborg.txt")
    assert passages[0].text == "Parkerne er åbne."


def test_unreadable_entries_are_reported_not_skipped(folder):
    os.symlink(folder / "findes-ikke.txt", folder / "brudt-link.txt")
    os.mkfifo(folder / "fifo.html")  # reading it would block forever
    result = ingest_folder(folder)
    assert rejected(result) == {"brudt-link.txt": "broken link or file vanished", "fifo.html": "not a regular file"}
    assert len(result.passages) == GOOD_PASSAGES


def test_url_header_with_odd_values():
    page = parse_page("x.txt", "URL: https://gladsaxe.dk/a b\n\nTekst.".encode())
    assert page.url is None  # a space is not part of a URL; never invent or half-keep one
    page = parse_page("x.txt", "URL: HTTPS://Gladsaxe.dk/side?x=1#y\n\nTekst.".encode())
    assert page.url == "HTTPS://Gladsaxe.dk/side?x=1#y"
