"""Every view searches the same way: the results page, the JSON API, the timeline and "Mere om samme
emne" find the same passages for the same words (the timeline shows the ones with years)."""
from __future__ import annotations

import pytest

from index.serving import browse
from tests.relevance.evaluate import JUDGEMENTS, load_judgements

QUERIES = [query["q"] for query in load_judgements(JUDGEMENTS)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from index import Searcher, reindex
    from searchapp import create_app
    from tests.relevance.evaluate import copy_corpus

    work = tmp_path_factory.mktemp("one-path")
    pages = copy_corpus(work / "pages")
    assert not reindex(pages, work / "index").rejected
    app = create_app({"TESTING": True, "INDEX_DIR": str(work / "index"), "SEARCH_LOG": False})
    return Searcher(work / "index"), app.test_client()


@pytest.mark.parametrize("kind", browse.TIMELINE_KINDS)
def test_the_timeline_shows_the_searchs_initiatives_with_years(corpus, kind):
    searcher, _ = corpus
    for query in QUERIES:
        found = searcher.search(query, kind=kind, per_page=100)
        searched = {hit.passage.id for hit in found.hits if hit.passage.years}
        shown = {p.id for group in browse.timeline(searcher, query, kind=kind).groups
                 if group.year is not None for p in group.passages}
        assert shown == searched, query


def test_the_api_and_the_results_page_find_what_the_searcher_finds(corpus):
    searcher, client = corpus
    for query in QUERIES[:60]:
        ids = [hit.passage.id for hit in searcher.search(query).hits]
        api = client.get("/api/search", query_string={"q": query}).get_json()
        assert [hit["id"] for hit in api["hits"]] == ids, query
        assert api["total"] == searcher.search(query).total


def test_more_on_the_same_topic_shares_the_passages_telling_words(corpus):
    searcher, _ = corpus
    headspace = searcher.search("headspace").hits[0].passage
    similar = browse.more_like_this(searcher, headspace.id)
    assert similar and headspace.id not in {p.id for p in similar}
    words = browse.key_words(searcher, f"{headspace.title}\n{headspace.text}")
    assert "headspace" in words
    assert all(any(word in f"{p.title} {p.text}".lower() for word in words) for p in similar)


def test_a_timeline_longer_than_its_limit_says_it_shows_the_best(corpus, monkeypatch):
    searcher, client = corpus
    full = browse.timeline(searcher, "gladsaxe")
    assert full.shown == full.total > 3
    monkeypatch.setattr(browse, "TIMELINE_LIMIT", 3)
    capped = browse.timeline(searcher, "gladsaxe")
    assert capped.total == full.total and capped.shown == 3
    assert len({p.id for group in capped.groups for p in group.passages}) == 3
    page = client.get("/tidslinje?q=gladsaxe").get_data(as_text=True)
    assert "Viser de 3 initiativer, der passer bedst" in page
