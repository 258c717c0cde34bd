"""Best bets: the answer staff pin to a search shows first, as "Anbefalet", on the page and in the API;
edits are seen within a second; a best bet whose passage is gone is never a broken link."""
from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from searchapp import create_app
from searchapp.bestbets import BadBestBet, best_bet, matching, parse_best_bets
from searchapp.instance import BEST_BETS_FILE


@pytest.fixture
def best_bets_file(tmp_path: Path) -> Path:
    return tmp_path / "instance" / BEST_BETS_FILE


@pytest.fixture
def app(index_dir: Path, best_bets_file: Path):
    created = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INSTANCE_DIR": str(best_bets_file.parent),
                          "SEARCH_LOG": False})
    created.extensions["best_bets"].CHECK_SECONDS = 0  # read the file on every search
    return created


def _passage_id(client, query: str, n: int = 0) -> str:
    return client.get(f"/api/search?q={query}").get_json()["hits"][n]["id"]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_best_bet_appears_first_with_its_own_heading_and_in_the_api(client, best_bets_file):
    last = client.get("/api/search?q=gladsaxe").get_json()["hits"][-1]
    _write(best_bets_file, f"# søgeord | mål | tekst\ngladsaxe, kommunen | {last['id']} | Læs det vigtigste først\n")
    page = BeautifulSoup(client.get("/search?q=Gladsaxe").get_data(as_text=True), "html.parser")
    pinned = page.select_one(".results-main > *")  # the first thing above the hits
    assert pinned.name == "section" and pinned.select_one("h2").get_text() == "Anbefalet"
    link = pinned.select_one("a")
    assert link.get_text() == "Læs det vigtigste først" and link["href"] == f"/passage/{last['id']}"
    assert client.get(link["href"]).status_code == 200
    answer = client.get("/api/search?q=gladsaxe").get_json()
    assert answer["best_bets"] == [{"text": "Læs det vigtigste først", "url": f"http://localhost/passage/{last['id']}",
                                    "passage_id": last["id"]}]
    assert client.get("/api/search?q=headspace").get_json()["best_bets"] == []
    assert client.get("/api/search?q=gladsaxe&page=2").get_json()["best_bets"] == []


def test_a_best_bet_helps_a_search_that_finds_nothing(client, best_bets_file):
    _write(best_bets_file, "kaffemaskine | https://www.gladsaxe.dk/kontakt | Spørg borgerservice\n")
    page = BeautifulSoup(client.get("/search?q=kaffemaskinen").get_data(as_text=True), "html.parser")
    link = page.select_one(".best-bets a")
    assert link["href"] == "https://www.gladsaxe.dk/kontakt" and link.get_text() == "Spørg borgerservice"


def test_an_edited_file_is_read_again_within_a_second(index_dir, best_bets_file):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INSTANCE_DIR": str(best_bets_file.parent),
                      "SEARCH_LOG": False})
    client = app.test_client()
    target = _passage_id(client, "headspace")
    assert client.get("/api/search?q=headspace").get_json()["best_bets"] == []
    _write(best_bets_file, f"headspace | {target} | Rådgivning for unge\n")
    time.sleep(1.1)
    assert [b["text"] for b in client.get("/api/search?q=headspace").get_json()["best_bets"]] == ["Rådgivning for unge"]
    _write(best_bets_file, f"headspace | {target} | Gratis rådgivning for unge\n")
    time.sleep(1.1)
    assert [b["text"] for b in client.get("/api/search?q=headspace").get_json()["best_bets"]] == [
        "Gratis rådgivning for unge"]


def test_a_best_bet_whose_passage_is_gone_is_dropped_with_a_warning(client, best_bets_file, caplog):
    target = _passage_id(client, "headspace")
    _write(best_bets_file, "headspace | 0000deadbeef | Findes ikke længere\n"
                           f"headspace | {target} | Findes\n")
    with caplog.at_level(logging.WARNING, logger="kommunesog.bestbets"):
        for _ in range(2):
            page = client.get("/search?q=headspace").get_data(as_text=True)
            answer = client.get("/api/search?q=headspace").get_json()
    assert "Findes ikke længere" not in page and "0000deadbeef" not in page
    assert [b["text"] for b in answer["best_bets"]] == ["Findes"]
    warnings = [r.getMessage() for r in caplog.records if "0000deadbeef" in r.getMessage()]
    assert len(warnings) == 1 and "not in the index" in warnings[0]


def test_a_malformed_line_is_skipped_and_the_others_still_work(client, best_bets_file, caplog):
    target = _passage_id(client, "headspace")
    _write(best_bets_file, "headspace uden streger\n"
                           "headspace | javascript:alert(1) | Ondt\n"
                           f"headspace | {target} | God\n")
    with caplog.at_level(logging.WARNING, logger="kommunesog.bestbets"):
        answer = client.get("/api/search?q=headspace").get_json()
    assert [b["text"] for b in answer["best_bets"]] == ["God"]
    assert sum("best bets line" in r.getMessage() for r in caplog.records) == 2


def test_a_best_bet_matches_every_word_of_one_of_its_search_words_in_any_form():
    bets = parse_best_bets("skifte adresse, flytning | https://www.borger.dk/flyt | Meld flytning\n")
    assert matching(bets, "Hvordan melder jeg flytningen") == bets
    assert matching(bets, "skifter adresse i dag") == bets
    assert matching(bets, "adresse") == [] and matching(bets, "") == []


@pytest.mark.parametrize("words, target, text", [
    ("", "abc123", "Tekst"),
    ("og i", "abc123", "Tekst"),
    ("affald", "ftp://example.dk", "Tekst"),
    ("affald", "abc 123", "Tekst"),
    ("affald", "abc123", ""),
    ("affald", "abc123", "a | b"),
    ("affald", "abc123", "x" * 201),
])
def test_an_unusable_best_bet_is_refused_in_danish(words, target, text):
    with pytest.raises(BadBestBet) as refused:
        best_bet(words, target, text)
    assert any(word in str(refused.value) for word in ("Skriv", "Målet", "Teksten"))
