"""Fuzzing: Hypothesis drives the query parser, the Searcher and /api/search with anything, and
schemathesis drives every operation of /openapi.json in process over WSGI. Nothing may raise, no
answer may be a 5xx, and every answer must match the API's own description."""
from __future__ import annotations

import shutil
import string
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from index import Searcher, reindex
from index.schema import SEARCH_FIELDS
from index.serving.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, parse_query
from index.serving.search import MAX_PER_PAGE
from searchapp import create_app
from tests.conftest import RAW_PAGES
from tests.test_hostile_queries import assert_whole_answer

TERMS_PER_WORD = 8  # generous: "a-b-c-d" is one typed word of four terms
# Example counts come from the Hypothesis profile (tests/conftest.py), like the ingest properties.
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.filter_too_much])
# Pieces of the query language and words of the seed pages, so generated queries reach the parser's
# corners (fields, ranges, wildcards, groups) and still find passages.
SYNTAX = ['"', "'", "(", ")", "[", "]", "{", "}", ":", "*", "?", "~", "^", "-", "+", "\\", "/", " TO ", " AND ",
          " OR ", " NOT ", " ANDNOT ", " ANDMAYBE ", "titel:", "tekst:", "type:", "år:", "side:", "sti:", "foo:",
          "\x00", "\ud800", "\u200f", "😀", "<script>", "&", "%", "=", ";", " "]
WORDS = ["headspace", "genbrug", "unge", "Søborg", "ældre", "partnerskab", "sag", "2020", "2019", "verdensmål",
         "cykler", "Gladsaxe", "hedspace", "a", "ø", "legepladser", "e", "*a", "ge*"]
query_texts = st.one_of(
    st.text(max_size=600),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=80).map("".join),
    st.lists(st.sampled_from(WORDS + [" OR ", " -", ' "', '" ']), max_size=40).map(" ".join),
)
numbers = st.one_of(st.integers(-10**30, 10**30).map(str), st.text(string.printable, max_size=30),
                    st.sampled_from(["", "0", "-1", "1e3", "NaN", "inf", "٣", "0x10", "9" * 5000]))


@pytest.fixture(scope="module")
def fuzz_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(RAW_PAGES, root / "pages")
    reindex(root / "pages", root / "index")
    return root / "index"


@pytest.fixture(scope="module")
def fuzz_app(fuzz_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(fuzz_index)})


@pytest.fixture(scope="module")
def searcher(fuzz_index):
    return Searcher(fuzz_index)


@pytest.fixture(scope="module")
def everything(searcher) -> int:
    return searcher.search("").total


@FUZZ
@given(query_texts)
def test_parser_never_fails_and_caps_every_query(text):
    query = parse_query(text)
    assert parse_query(text) == query  # one text, one search: the result cache is keyed by the text
    if hasattr(query, "leaves"):
        # Each typed word becomes at most a few terms in each searched field (compound parts,
        # spellings without æ/ø/å), whatever was typed.
        assert len(list(query.leaves())) <= MAX_QUERY_WORDS * len(SEARCH_FIELDS) * TERMS_PER_WORD


@FUZZ
@given(text=query_texts, page=st.integers(-5, 10**6), per_page=st.integers(-5, 10**6),
       sort=st.sampled_from(["relevance", "year"]))
def test_searcher_answers_anything(searcher, everything, text, page, per_page, sort):
    result = searcher.search(text, page=page, per_page=per_page, sort=sort)
    assert_whole_answer(result.to_dict(), everything)
    assert result.per_page <= MAX_PER_PAGE and len(result.query) <= MAX_QUERY_CHARS
    result.query.encode("utf-8")


@FUZZ
@given(text=query_texts, page=numbers, per_page=numbers, year=numbers, kind=st.text(max_size=20))
def test_api_search_answers_anything(fuzz_app, everything, text, page, per_page, year, kind):
    client = fuzz_app.test_client()
    args = "&".join(f"{name}={quote(value.encode('utf-8', 'surrogatepass'))}" for name, value in
                    (("q", text), ("page", page), ("per_page", per_page), ("year", year), ("kind", kind)))
    response = client.get(f"/api/search?{args}")
    assert response.status_code == 200
    data = response.get_json()
    assert 1 <= data["per_page"] <= MAX_PER_PAGE and data["page"] >= 1
    assert_whole_answer(data, everything)
    assert client.get(f"/api/suggest?q={quote(text.encode('utf-8', 'surrogatepass'))}").status_code == 200


# Operations without constrained parameters have no invalid input to make: positive cases only.
POSITIVE_ONLY = ["GET /api/passages/{id}", "GET /healthz"]
BOTH_MODES = ["GET /api/search", "GET /api/suggest", "GET /search.json", "GET /search.csv"]
OPERATIONS = POSITIVE_ONLY + BOTH_MODES
CASES = [(label, GenerationMode.POSITIVE) for label in OPERATIONS] + [
    (label, GenerationMode.NEGATIVE) for label in BOTH_MODES]


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", fuzz_app)


def test_fuzzing_covers_every_described_operation(api_schema):
    described = {result.ok().label for result in api_schema.get_all_operations()}
    assert described == set(OPERATIONS)  # /openapi.json itself is not fuzzed by schemathesis


# schemathesis' own pytest plugin (``schema.parametrize``) does not run under pytest 9, so its
# Hypothesis strategies are used directly, one operation and generation mode per test.
@pytest.mark.parametrize("label, mode", CASES)
def test_every_api_operation_keeps_its_description(api_schema, label, mode):
    """Cases that fit the description and cases that do not: never a 5xx, status codes, content
    types, headers and bodies as described. Invalid values are corrected (clamped or ignored) by
    design, not refused, so the check that they are refused is left out."""
    operation = next(r.ok() for r in api_schema.get_all_operations() if r.ok().label == label)

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(excluded_checks=[negative_data_rejection])

    check()
