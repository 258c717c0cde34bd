"""Everything the internet can type into the search box, through the Searcher, /api/search, /search
and /api/suggest: each gets a normal answer (results or a friendly Danish note), never a 5xx, and
quickly, because query length, words, wildcard/prefix/range expansions and the result window are
capped. Page text and queries that carry HTML or script are shown as text, never as markup."""
from __future__ import annotations

import shutil
import time
from urllib.parse import quote

import pytest
from whoosh.query import Every, Prefix, TermRange, Wildcard

from index import Searcher, reindex
from index.schema import SEARCH_FIELDS
from index.serving.query import MAX_EXPANSIONS, MAX_QUERY_CHARS, MAX_QUERY_WORDS, parse_query
from index.serving.search import MAX_PER_PAGE, MAX_RESULT_WINDOW
from searchapp import create_app
from tests.conftest import RAW_PAGES

# A hang guard, far above what any of these takes (tens of milliseconds); speed itself is measured
# by `make soak` and bench/, not here.
SECONDS_PER_QUERY = 5
LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

HOSTILE_QUERIES = [
    # unbalanced quotes and brackets
    '"headspace', 'headspace"', '"""', "'", "((headspace", "headspace))", "(", ")", "[", "]", "{", "}",
    "[headspace", "{a TO", '"(unge"', "titel:(unge", ")(", "((((((((((((((((((((a",
    # bare operators and odd syntax
    "AND", "OR", "NOT", "AND OR NOT", "ANDNOT", "ANDMAYBE", "headspace AND", "OR headspace", "NOT NOT NOT",
    "-", "+", "--", "-headspace", "+-+-", "^", "headspace^100", "~", "headspace~5", "word~5", "a~1000",
    ":", "::", "titel:", ":headspace", "\\", "\\\\\\", "/", "/regex.*/", "!", "!=", "==", "a b c -a -b -c",
    # unknown and odd fields
    "foo:bar", "id:x", "url:http://x", "page:x", "spell:x", "latest_year:2020", "order:1", "TITEL:unge",
    "titel:titel:titel:unge", "år:abc", "år:[2000 TO 3000]", "år:{* TO *}", "type:ingen", "type:sag",
    # wildcards and huge expansions
    "*", "**", "?", "???", "*?*?*", "a*", "*a", "?a", "a?", "ge*", "*ning", "s*g", "[a TO z]", "[* TO *]",
    "tekst:*", "titel:*a*", " ".join(f"{c}*" for c in LETTERS), " ".join(f"{c}{d}*" for c in "abgs" for d in "aeiou"),
    " ".join(f"{c}~5" for c in LETTERS), "a* " * 200, "[a TO ø] [b TO å] [c TO z]", '"unge kant"~99999',
    '"' + "unge " * 100 + '"~5', "titel:[a TO å] tekst:[a TO å] side:[a TO å] sti:[a TO å]",
    # size
    "x" * 5000, "headspace " * 500, "ø" * 5000, "a " * 2500, "😀" * 5000, " " * 5000, "-" * 5000, "(" * 5000,
    '"' * 5001, "*" * 5000,
    # characters
    "\x00", "head\x00space", "\x00" * 100, "\ud800", "head\udfffspace", "\udced\udca0\udc80", "\x1b[31mrød",
    "\u200f\u202eecapsdaeh", "\u200b\u200c\u200d\ufeff", "😀", "👩‍👩‍👧 familie", "🇩🇰", "ﬁ", "ｈｅａｄｓｐａｃｅ",
    "Ⓗeadspace", "e\u0301\u0301\u0301", "𝕳𝖊𝖆𝖉", "ąčęėįšųūž", "日本語", "مرحبا", "\t\n\r\v\f",
    # payloads
    "{{7*7}}", "${7*7}", "<%= 7*7 %>", "#{7*7}", "{% raw %}", "' OR 1=1 --", "'; DROP TABLE passages; --",
    '" OR ""="', "1; SELECT * FROM users", SCRIPT, IMG, '"><script>alert(1)</script>',
    "javascript:alert(1)", "<svg onload=alert(1)>", "&lt;script&gt;", "%3Cscript%3E", "../../etc/passwd",
    "$(rm -rf /)", "`id`", "\"; alert(1); //", "{{config}}", "__import__('os')",
]
# Raw query strings a browser or a script may send, some not even valid UTF-8 once decoded.
RAW_QUERY_STRINGS = [
    "q=%ED%A0%80", "q=%ED%B3%BF", "q=%FF%FE", "q=%C0%AF", "q=%E2%82", "q=%", "q=%%", "q=%zz", "q=%00", "q=a%00b",
    "q=a&q=b", "q[]=x", "q=&q=", "q", "=x", "&&&&", "q=%2A", "q=" + "%F0%9F%98%80" * 5000, "q=%E2%80%AE%E2%80%8F",
    "q=" + quote(SCRIPT), "q=" + quote(IMG), "kind=" + quote(SCRIPT), "source=" + quote(SCRIPT) + "&q=unge",
]
ABSURD_PARAMETERS = [
    "page=-1", "page=0", f"page={10**30}", "page=abc", "page=1e3", "page=%20%202", "page=٣", "page=0x10", "page=NaN",
    "page=inf", "page=" + "9" * 5000, "page=1.5", "page=", "per_page=-1", "per_page=0", f"per_page={10**30}",
    "per_page=abc", "per_page=" + "9" * 5000, "page=-1&per_page=-1", f"page={10**30}&per_page={10**30}",
    "year=-1", f"year={10**30}", "year=abc", "year=٢٠٢٠", "kind=%00", "kind=" + "x" * 5000, "sort=" + "x" * 5000,
    "sort=year;drop", "source=../../etc/passwd", "source=%00",
]
HOSTILE_INPUTS = len(HOSTILE_QUERIES) + len(RAW_QUERY_STRINGS) + len(ABSURD_PARAMETERS)
# Hostile queries that are one word in stray syntax, odd letters or repeats: the word is searched.
WRAPPED_WORDS = {'"headspace': "headspace", 'headspace"': "headspace", "((headspace": "headspace",
                 "headspace))": "headspace", "[headspace": "headspace", ":headspace": "headspace",
                 "OR headspace": "headspace", "headspace " * 500: "headspace", "ｈｅａｄｓｐａｃｅ": "headspace",
                 '"(unge"': "unge", "👩‍👩‍👧 familie": "familie"}


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    """The seed pages plus a page whose scraped text carries script and HTML payloads."""
    root = tmp_path_factory.mktemp("hostile")
    pages = root / "pages"
    shutil.copytree(RAW_PAGES, pages)
    (pages / "farlig.txt").write_text(
        "Skip til hoved indholdet\n    Hjem Nyheder Farlig side\n\nFarlig side\n\n"
        f"Borgerne skrev {SCRIPT} i formularen om legepladser.\n\n"
        f"Et billede {IMG} blev vist ved legepladser i Søborg.\n", encoding="utf-8")
    index_dir = root / "index"
    report = reindex(pages, index_dir)
    assert not report.rejected
    return index_dir


@pytest.fixture(scope="module")
def searcher(hostile_index):
    return Searcher(hostile_index)


@pytest.fixture(scope="module")
def everything(searcher) -> int:
    """How many passages the index holds (what an empty search lists)."""
    return searcher.search("").total


@pytest.fixture(scope="module")
def hostile_client(hostile_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(hostile_index)}).test_client()


def _q(query: str) -> str:
    """``q=…`` as a client sends it: UTF-8, percent-encoded; a lone surrogate as the bytes a broken
    client would send for it (%ED%A0%80)."""
    return "q=" + quote(query.encode("utf-8", "surrogatepass"))


def _timed(call):
    started = time.monotonic()
    result = call()
    assert time.monotonic() - started < SECONDS_PER_QUERY
    return result


def assert_whole_answer(answer: dict, everything: int) -> None:
    """What a user is shown adds up (``answer`` as /api/search gives it, or ``SearchResult.to_dict()``):
    the page holds the hits the count promises (the last page the rest, none when the count is 0),
    each passage once and with text to read, and the count is never more than the index holds."""
    on_page = min(answer["per_page"], max(0, answer["total"] - (answer["page"] - 1) * answer["per_page"]))
    assert len(answer["hits"]) == on_page
    assert len({hit["id"] for hit in answer["hits"]}) == on_page
    assert all(hit["snippet"].strip() for hit in answer["hits"])
    assert 0 <= answer["total"] <= everything


def assert_suggestions(suggestions: list) -> None:
    """Autocomplete offers distinct words or titles to pick, never blanks."""
    assert all(isinstance(s, str) and s.strip() for s in suggestions)
    assert len({s.casefold() for s in suggestions}) == len(suggestions)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_searcher_answers_any_query(searcher, everything, query):
    result = _timed(lambda: searcher.search(query))
    assert_whole_answer(result.to_dict(), everything)
    assert "\x00" not in result.query and len(result.query) <= MAX_QUERY_CHARS
    result.query.encode("utf-8")  # echoable: no lone surrogates left
    if len(query) > MAX_QUERY_CHARS:
        assert "forkortet" in result.message
    assert_suggestions(_timed(lambda: searcher.suggest(query)))


@pytest.mark.parametrize(("query", "word"), WRAPPED_WORDS.items(), ids=lambda v: repr(v)[:30])
def test_a_word_in_stray_syntax_finds_what_the_word_alone_finds(searcher, query, word):
    plain = searcher.search(word)
    found = searcher.search(query)

    assert plain.total > 0
    assert found.total == plain.total
    assert {hit.passage.id for hit in found.hits} == {hit.passage.id for hit in plain.hits}


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_api_search_and_suggest_answer_any_query(hostile_client, everything, query):
    response = _timed(lambda: hostile_client.get(f"/api/search?{_q(query)}"))
    assert response.status_code == 200
    data = response.get_json()
    assert_whole_answer(data, everything)
    assert data["per_page"] <= MAX_PER_PAGE
    suggest = _timed(lambda: hostile_client.get(f"/api/suggest?{_q(query)}"))
    assert suggest.status_code == 200
    assert_suggestions(suggest.get_json()["suggestions"])


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_results_page_answers_any_query_and_shows_it_as_text(hostile_client, query):
    response = _timed(lambda: hostile_client.get(f"/search?{_q(query)}", follow_redirects=True))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="da">' in page
    # Hits under their count, or the Danish note that nothing was found (with what to try), or for a
    # query with nothing searchable left (blanks, NUL), the start page: one of the three, never none.
    total = hostile_client.get(f"/api/search?{_q(query)}").get_json()["total"]
    shown = {"hits": '<p class="count">' in page and '<li class="hit">' in page,
             "note": "<h2 id=\"ingen-titel\">Ingen resultater" in page,
             "start": "<h1>Søg i kommunen</h1>" in page}
    assert list(shown.values()).count(True) == 1, shown
    assert shown["hits"] == (total > 0 and not shown["start"])
    for payload in ("<script>alert", "<img src=x", "<svg onload", '"><script'):
        assert payload not in page


@pytest.mark.parametrize("raw", RAW_QUERY_STRINGS)
@pytest.mark.parametrize("path", ["/api/search", "/search", "/api/suggest", "/tidslinje"])
def test_raw_query_strings_never_fail(hostile_client, path, raw):
    response = _timed(lambda: hostile_client.get(f"{path}?{raw}", follow_redirects=True))
    assert response.status_code == 200
    if response.mimetype == "text/html":  # JSON may carry the text as typed: it is data, not markup
        assert "<script>alert" not in response.get_data(as_text=True)


@pytest.mark.parametrize("params", ABSURD_PARAMETERS)
@pytest.mark.parametrize("path", ["/api/search", "/search", "/search.json", "/tidslinje"])
def test_absurd_paging_and_filters_get_a_normal_answer(hostile_client, path, params):
    response = _timed(lambda: hostile_client.get(f"{path}?q=legepladser&{params}", follow_redirects=True))
    assert response.status_code == 200
    if path == "/api/search":
        data = response.get_json()
        assert 1 <= data["per_page"] <= MAX_PER_PAGE and data["page"] * data["per_page"] <= MAX_RESULT_WINDOW


def test_result_window_is_capped(searcher):
    result = searcher.search("", page=10**9, per_page=10**9)
    assert result.per_page == MAX_PER_PAGE and result.page * result.per_page <= MAX_RESULT_WINDOW


def test_long_queries_are_cut_with_a_danish_note(hostile_client):
    words = " ".join(f"ord{n}" for n in range(MAX_QUERY_WORDS + 10))
    data = hostile_client.get("/api/search", query_string={"q": words}).get_json()
    assert data["query"].split() == words.split()[:MAX_QUERY_WORDS]
    assert data["message"] == f"Søgningen er forkortet til de første {MAX_QUERY_WORDS} ord."
    page = hostile_client.get("/search", query_string={"q": "legepladser " + "x" * 6000}).get_data(as_text=True)
    assert f"de første {MAX_QUERY_CHARS} tegn" in page


def _leaves(query):
    return list(query.leaves()) if not query.is_leaf() else [query]


@pytest.mark.parametrize("query", [q for q in HOSTILE_QUERIES if any(c in q for c in "*?[{")])
def test_every_expanding_query_is_bounded(searcher, query):
    """Wildcards, prefixes and ranges expand to at most MAX_EXPANSIONS index words each, the number
    of them is bounded by the word cap, and a bare "*" is the cheap "every passage"."""
    leaves = _leaves(parse_query(query))
    expanding = [leaf for leaf in leaves if isinstance(leaf, (Prefix, Wildcard, TermRange))]
    assert len(expanding) <= MAX_QUERY_WORDS * len(SEARCH_FIELDS)
    whoosh_searcher, _ = searcher.current()
    reader = whoosh_searcher.reader()
    for leaf in expanding:
        assert len(list(leaf._btexts(reader))) <= MAX_EXPANSIONS
    assert all(leaf.field() is None for leaf in leaves if isinstance(leaf, Every))


def test_wildcards_need_two_letters_and_still_find_words(searcher):
    assert searcher.search("legepl*").total == searcher.search("legepladser").total > 0
    assert str(parse_query("*a")) == str(parse_query("a")) == str(parse_query("a*"))
    assert searcher.search("*").total == searcher.search("").total  # everything, as an empty query


def test_short_prefix_expansion_is_capped_on_a_large_vocabulary(searcher):
    whoosh_searcher, _ = searcher.current()
    reader = whoosh_searcher.reader()
    plain = sum(1 for _ in reader.expand_prefix("text", "s"))
    assert plain > MAX_EXPANSIONS  # the seed pages alone have more words starting with "s"
    bounded = [leaf for leaf in _leaves(parse_query("titel:s* tekst:sa* tekst:sk?* [a TO å]"))
               if isinstance(leaf, (Prefix, Wildcard, TermRange))]
    assert len(bounded) == 2 + len(SEARCH_FIELDS)  # "s*" is the word "s"
    assert all(len(list(leaf._btexts(reader))) <= MAX_EXPANSIONS for leaf in bounded)
    assert any(len(list(leaf._btexts(reader))) == MAX_EXPANSIONS for leaf in bounded)


def test_stored_script_and_html_in_page_text_are_shown_as_text(hostile_client):
    page = hostile_client.get("/search?q=formularen").get_data(as_text=True)
    assert "Farlig side" in page
    assert SCRIPT not in page and IMG not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    data = hostile_client.get("/api/search?q=billede+legepladser").get_json()
    hit = next(h for h in data["hits"] if h["page"] == "farlig.txt")
    assert IMG in hit["text"]  # the API gives the text as it is, as data
    assert "<img" not in hit["snippet"] and "&lt;img src=x onerror=alert(1)&gt;" in hit["snippet"]
    passage = hostile_client.get(f"/passage/{hit['id']}").get_data(as_text=True)
    assert IMG not in passage and "&lt;img src=x onerror=alert(1)&gt;" in passage


@pytest.mark.parametrize("payload", [SCRIPT, IMG, '"><script>alert(1)</script>', "'><svg onload=alert(1)>"])
@pytest.mark.parametrize("path", ["/search", "/tidslinje"])
def test_queries_are_echoed_escaped(hostile_client, path, payload):
    page = hostile_client.get(path, query_string={"q": payload}).get_data(as_text=True)
    assert payload not in page
    assert "&lt;" in page and ("&#34;" in page or "&quot;" in page or '"' not in payload)


def test_hostile_inputs_tried():
    """How many hostile queries and parameter sets this module tries (reported in the issue)."""
    assert HOSTILE_INPUTS >= 150
    print(f"hostile queries: {len(HOSTILE_QUERIES)}, raw query strings: {len(RAW_QUERY_STRINGS)}, "
          f"absurd parameter sets: {len(ABSURD_PARAMETERS)}")
