"""What the results page and /api/search show for the way citizens ask: the words a hit lacks
("Mangler: …"), one result per page with its sub-results, and answer cards for opening hours,
phone numbers, addresses and e-mail addresses."""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from index import reindex
from searchapp import create_app
from searchapp.instance import BEST_BETS_FILE

SEED_PAGE = "000_da1a5ceea79bc89c.txt"
LIBRARY_PAGE = """Hovedbiblioteket

Åbningstider

Hovedbiblioteket holder åbent alle ugens dage. Med sundhedskort kan du låne bøger fra morgen til aften.

Betjent åbningstid
Mandag-fredag 10-19
Lørdag 10-14
Søndag lukket
"""


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _text(element) -> str:
    return " ".join(element.get_text().split())


def _args(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# --- "Mangler: …" ---------------------------------------------------------------------------------

QUESTION = "hvordan får jeg hjælp til mit barn med handicap"


def test_a_question_shows_hits_with_the_words_each_lacks_struck_through(client):
    page = _soup(client.get("/search?q=" + quote(QUESTION)))
    api = client.get("/api/search?group=page&q=" + quote(QUESTION)).get_json()
    hits = page.select("ol.hits > li.hit")
    assert len(hits) == len(api["hits"]) > 0
    shown = []
    for element, hit in zip(hits, api["hits"]):
        missing = element.select_one(".missing-words")
        if hit["missing"]:
            assert _text(missing).startswith("Mangler: ")
            assert [s.get_text() for s in missing.select("s")] == hit["missing"]
            shown.extend(hit["missing"])
        else:
            assert missing is None
    # The typed words, never a stem (words a synonym of several words covers are named together).
    assert shown and {word for label in shown for word in label.split()} <= set(QUESTION.split())


def test_a_hit_with_every_word_says_nothing_is_missing(client):
    page = _soup(client.get("/search?q=headspace"))
    assert page.select(".hit") and "Mangler" not in page.get_text()


def test_missing_is_a_key_of_every_api_hit(client):
    hits = client.get("/api/search?q=" + quote(QUESTION)).get_json()["hits"]
    assert hits and all(isinstance(hit["missing"], list) for hit in hits)
    assert any(hit["missing"] for hit in hits)
    assert all({word for label in hit["missing"] for word in label.split()} <= set(QUESTION.split()) for hit in hits)
    assert all(hit["missing"] == [] for hit in client.get("/api/search?q=headspace").get_json()["hits"])


# --- One result per page --------------------------------------------------------------------------

def test_the_results_page_shows_one_result_per_page_with_its_sub_results(client):
    page = _soup(client.get("/search?q=gladsaxe"))
    grouped = client.get("/api/search?q=gladsaxe&group=page").get_json()
    hits = page.select("ol.hits > li.hit")
    assert len(hits) == len(grouped["hits"]) == grouped["groups"] >= 2
    # Never two results of one page (the site's contact passage, stored with a page file, stands apart).
    assert len({(hit["page"], hit["kind"] == "site") for hit in grouped["hits"]}) == len(hits)
    for element, hit in zip(hits, grouped["hits"]):
        assert element.select_one(".hit-title a").get_text() == hit["title"]
        subs = element.select(".sub-hits .sub-hit a")
        assert [a.get_text() for a in subs] == [more["title"] for more in hit["more"]]
        assert all(a["href"].startswith("/passage/") for a in subs)
        more = element.select_one(".more-from-page a")
        if hit["more_count"]:
            assert _text(more).startswith(f"{hit['more_count']} flere fra samme side")
            assert _args(more["href"]) == {"q": ["gladsaxe"], "source": [hit["page"]]}
        else:
            assert more is None
    # The count still counts passages, and says how many pages they come from.
    assert _text(page.select_one(".count")) == f"{grouped['total']} resultater for »gladsaxe« fra {grouped['groups']} sider"


def test_n_more_from_the_same_page_leads_to_every_passage_of_that_page(client):
    page = _soup(client.get("/search?q=gladsaxe"))
    first = next(hit for hit in page.select("ol.hits > li.hit") if hit.select_one(".more-from-page a"))
    shown = 1 + len(first.select(".sub-hit")) + int(first.select_one(".more-from-page a").get_text().split()[0])
    narrowed = _soup(client.get(first.select_one(".more-from-page a")["href"]))
    # Narrowed to one page, its passages are listed one by one, none grouped under another.
    assert int(narrowed.select_one(".count strong").get_text().split()[0]) == shown
    assert len(narrowed.select("ol.hits > li.hit")) == min(10, shown) and not narrowed.select(".sub-hits")
    assert narrowed.select_one(".active-filters .chip").get_text().startswith("Side: ")


def test_paging_counts_pages_of_results_not_passages(client):
    grouped = client.get("/api/search?q=gladsaxe&group=page&per_page=1").get_json()
    first = _soup(client.get("/search?q=gladsaxe&per_page=1"))
    assert len(first.select(".pager li a:not([rel])")) == grouped["groups"]
    second = _soup(client.get(first.select_one(".pager a[rel=next]")["href"]))
    assert second.select_one("ol.hits")["start"] == "2"
    assert second.select_one(".hit-title a").get_text() == \
        client.get("/api/search?q=gladsaxe&group=page&per_page=1&page=2").get_json()["hits"][0]["title"]
    beyond = client.get(f"/search?q=gladsaxe&per_page=1&page={grouped['groups'] + 5}")
    assert beyond.status_code == 302 and _args(beyond.location)["page"] == [str(grouped["groups"])]


def test_facet_links_keep_working_on_grouped_results(client):
    page = _soup(client.get("/search?q=gladsaxe"))
    link = page.select_one(".facet-kind a")
    kind = _args(link["href"])["kind"][0]
    filtered = _soup(client.get(link["href"]))
    badges = {b.get_text() for b in filtered.select("ol.hits > li.hit .badge")}
    assert len(badges) == 1 and int(filtered.select_one(".count strong").get_text().split()[0]) == \
        client.get(f"/api/search?q=gladsaxe&kind={kind}").get_json()["total"]


def test_the_api_gives_one_row_per_passage_unless_asked_to_group(client):
    plain = client.get("/api/search?q=gladsaxe&per_page=100").get_json()
    assert "groups" not in plain and all("more" not in hit for hit in plain["hits"])
    assert len(plain["hits"]) == plain["total"]
    grouped = client.get("/api/search?q=gladsaxe&per_page=100&group=page").get_json()
    assert grouped["total"] == plain["total"]
    # Every passage is counted once: as a group's best, among its more, or in its more_count.
    assert sum(1 + len(hit["more"]) + hit["more_count"] for hit in grouped["hits"]) == plain["total"]
    assert [hit["id"] for hit in grouped["hits"]][0] == plain["hits"][0]["id"]


def test_exports_keep_one_row_per_passage(client):
    total = client.get("/api/search?q=gladsaxe").get_json()["total"]
    exported = json.loads(client.get("/search.json?q=gladsaxe&group=page").get_data(as_text=True))
    assert exported["exported"] == len(exported["hits"]) == total
    assert all("more" not in hit for hit in exported["hits"])
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv?q=gladsaxe").get_data(as_text=True)
                                           .lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == total


# --- Answer cards ---------------------------------------------------------------------------------

@pytest.fixture
def library_client(tmp_path, pages_dir):
    """The app over the seed pages plus a library page with its opening hours (and no source URL)."""
    (pages_dir / "biblioteket.txt").write_text(LIBRARY_PAGE, encoding="utf-8")
    reindex(pages_dir, tmp_path / "library-index")
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "library-index")}).test_client()


def _card(client, query: str):
    return _soup(client.get("/search?q=" + quote(query))).select_one(".answer-card")


def _card_lines(card) -> list[str]:
    return [_text(li) for li in card.select(".answer-lines li")]


@pytest.mark.parametrize("query", ["hvornår har borgerservice åbent", "åbningstid borgerservice",
                                   "abningstider borgerservice"])
def test_a_question_about_opening_hours_shows_them_in_a_card_above_the_hits(client, query):
    page = _soup(client.get("/search?q=" + quote(query)))
    card = page.select_one(".answer-card")
    assert card.find("h2").get_text() == "Åbningstider"
    assert card["aria-labelledby"] == card.find("h2")["id"]
    assert _text(card.select_one(".answer-owner")) == "Gladsaxe Kommune"
    assert _card_lines(card) == ["Borgerservice", "Telefontid", "Mandag-fredag: 9-14", "Åbningstid",
                                 "Mandag-onsdag og fredag 10-14", "Torsdag 10-18"]
    assert [s.get_text() for s in card.select(".answer-lines strong")] == ["Borgerservice", "Telefontid", "Åbningstid"]
    assert card.select_one(".answer-source a")["href"] == "https://gladsaxe.dk/"
    # Above the hits, which still follow.
    assert page.select_one(".results-main > .answer-card + h2 + ol.hits") is not None


@pytest.mark.parametrize("query, heading, lines", [
    ("telefon borgerservice", "Telefon", ["Telefon: 39 57 50 00"]),
    ("hvor ligger rådhuset", "Adresse", ["Rådhus Allé 7", "2860 Søborg"]),
    ("e-mail til kommunen", "E-mail", ["kommunen@gladsaxe.dk"]),
    ("telefon og adresse", "Kontakt", ["Rådhus Allé 7", "2860 Søborg", "Telefon: 39 57 50 00"]),
])
def test_phone_address_and_e_mail_questions_show_those_facts(client, query, heading, lines):
    card = _card(client, query)
    assert card.find("h2").get_text() == heading and _card_lines(card) == lines
    assert "62761113" not in card.get_text()  # the CVR number is no phone number


@pytest.mark.parametrize("query", ["headspace", "hvor mange unge", "åbningstid headspace", "genbrug"])
def test_other_questions_get_no_card(client, query):
    assert _card(client, query) is None
    assert client.get("/api/search?q=" + quote(query)).get_json()["answer"] is None


def test_the_card_is_on_the_first_unfiltered_page_only(client):
    query = quote("åbningstid borgerservice")
    assert _card(client, "åbningstid borgerservice") is not None
    assert client.get(f"/api/search?q={query}&kind=case").get_json()["answer"] is None
    assert client.get(f"/api/search?q={query}&page=2&per_page=1").get_json()["answer"] is None


def test_the_api_gives_the_card_as_answer(client):
    answer = client.get("/api/search?q=" + quote("hvornår har borgerservice åbent")).get_json()["answer"]
    site = client.get("/api/search?kind=site").get_json()["hits"][0]
    assert answer == {"heading": "Åbningstider", "title": "Gladsaxe Kommune",
                      "lines": ["Borgerservice", "Telefontid", "Mandag-fredag: 9-14", "Åbningstid",
                                "Mandag-onsdag og fredag 10-14", "Torsdag 10-18"],
                      "url": "https://gladsaxe.dk/", "passage_id": site["id"]}


def test_a_page_with_opening_hours_answers_for_itself_and_links_to_its_passage(library_client):
    card = _card(library_client, "hvornår har biblioteket åbent")
    assert _text(card.select_one(".answer-owner")) == "Hovedbiblioteket – Åbningstider"
    assert _card_lines(card) == ["Betjent åbningstid", "Mandag-fredag 10-19", "Lørdag 10-14", "Søndag lukket"]
    link = card.select_one(".answer-source a")
    assert link["href"].startswith("/passage/") and link.get_text() == "Hovedbiblioteket – Åbningstider"
    assert library_client.get(link["href"]).status_code == 200
    answer = library_client.get("/api/search?q=" + quote("åbningstid biblioteket")).get_json()["answer"]
    assert answer["url"] == "http://localhost" + link["href"] and answer["passage_id"] == link["href"].split("/")[-1]
    # The town hall's hours are no answer to a question about the library, and the reverse.
    assert "Torsdag 10-18" not in card.get_text()
    assert "Søndag lukket" not in _card(library_client, "åbningstid borgerservice").get_text()


def test_best_bets_and_the_card_are_shown_together(index_dir, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / BEST_BETS_FILE).write_text(
        "åbningstid | https://gladsaxe.dk/borgerservice | Bestil tid i Borgerservice\n", encoding="utf-8")
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "INSTANCE_DIR": str(instance),
                      "SEARCH_LOG": False})
    page = _soup(app.test_client().get("/search?q=" + quote("åbningstid borgerservice")))
    assert page.select_one(".best-bets a")["href"] == "https://gladsaxe.dk/borgerservice"
    assert page.select_one(".best-bets + .answer-card h2").get_text() == "Åbningstider"
