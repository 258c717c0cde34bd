"""/openapi.json is a valid OpenAPI 3.1 document, and what the server really answers matches it:
every documented path and status code is requested below and its body checked against the schema
the document gives for it."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from searchapp import create_app
from searchapp.export import CSV_COLUMNS


@dataclass(frozen=True)
class Case:
    path: str  # the path as documented, e.g. /api/passages/{id}
    url: str  # what is requested; "{id}" becomes a real passage id
    status: int
    index: bool = True  # False: the app is started without an index

    def __str__(self) -> str:
        url = self.url if len(self.url) <= 60 else self.url[:57] + "..."
        return f"{url}->{self.status}{'' if self.index else ' (no index)'}"


CASES = [
    Case("/api/search", "/api/search?q=headspace", 200),
    Case("/api/search", "/api/search?q=gladsaxe&kind=partnership&year=2020", 200),
    Case("/api/search", "/api/search?q=sag&kind=sag&sort=year", 200),
    Case("/api/search", "/api/search?q=gladsaxe&page=2&per_page=5", 200),
    Case("/api/search", "/api/search?q=gladsaxe&page=99", 200),
    Case("/api/search", "/api/search?source=000_da1a5ceea79bc89c.txt", 200),
    Case("/api/search", "/api/search?q=", 200),
    Case("/api/search", "/api/search?q=hedspace", 200),
    Case("/api/search", "/api/search?q=gladsaxe&group=page&per_page=1&page=2", 200),
    Case("/api/search", "/api/search?q=%C3%A5bningstid+borgerservice", 200),
    Case("/api/search", "/api/search?q=hvordan+f%C3%A5r+jeg+hj%C3%A6lp+til+mit+barn+med+handicap", 200),
    Case("/api/search", "/api/search?q=kaffemaskine", 200),
    Case("/api/search", "/api/search?q=" + "genbrug " * 100, 200),
    Case("/api/search", "/api/search?q=%22unpaired&page=abc&per_page=100000", 200),
    Case("/api/search", "/api/search?q=" + "x" * 70_000, 414),
    Case("/api/search", "/api/search?q=headspace", 503, index=False),
    Case("/api/suggest", "/api/suggest?q=verd", 200),
    Case("/api/suggest", "/api/suggest?q=", 200),
    Case("/api/suggest", "/api/suggest?q=qqqqq", 200),
    Case("/api/suggest", "/api/suggest?q=" + "%C3%A6" * 12_000, 414),
    Case("/api/suggest", "/api/suggest?q=verd", 503, index=False),
    Case("/api/passages/{id}", "/api/passages/{id}", 200),
    Case("/api/passages/{id}", "/api/passages/findes-ikke", 404),
    Case("/api/passages/{id}", "/api/passages/findes-ikke", 503, index=False),
    Case("/healthz", "/healthz", 200),
    Case("/healthz", "/healthz", 503, index=False),
    Case("/search.json", "/search.json?q=gladsaxe&kind=case", 200),
    Case("/search.json", "/search.json?q=kaffemaskine", 200),
    Case("/search.json", "/search.json?q=gladsaxe", 503, index=False),
    Case("/search.csv", "/search.csv?q=genbrug", 200),
    Case("/search.csv", "/search.csv?q=genbrug", 503, index=False),
    Case("/openapi.json", "/openapi.json", 200),
]


@pytest.fixture(scope="module")
def spec() -> dict:
    app = create_app({"TESTING": True, "INDEX_DIR": "/nonexistent"})
    response = app.test_client().get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1.")
    validate(spec, cls=OpenAPIV31SpecValidator)


def test_every_documented_status_code_is_exercised(spec):
    documented = {(path, int(status)) for path, item in spec["paths"].items()
                  for status in item["get"]["responses"]}
    assert documented == {(case.path, case.status) for case in CASES}


def _response_doc(spec: dict, case: Case) -> dict:
    responses = spec["paths"][case.path]["get"]["responses"]
    assert str(case.status) in responses, f"{case.status} is not documented for {case.path}"
    return responses[str(case.status)]


def _check_against(spec: dict, schema: dict, instance) -> None:
    # The component schemas refer to each other as #/components/schemas/…: resolve against the spec.
    validator = Draft202012Validator({**schema, "components": spec["components"]},
                                     format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_responses_match_the_document(spec, case, app, tmp_path):
    client = (app if case.index else create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")})
              ).test_client()
    url = case.url
    if "{id}" in url:
        url = url.format(id=client.get("/api/search?q=genbrugslopperne").get_json()["hits"][0]["id"])
    response = client.get(url)
    assert response.status_code == case.status, response.get_data(as_text=True)[:300]
    documented = _response_doc(spec, case)
    for header in documented.get("headers", {}):
        assert header in response.headers, f"{header} missing from {case}"
        _check_against(spec, documented["headers"][header]["schema"], response.headers[header])
    content = documented["content"]
    assert response.mimetype in content, f"{response.mimetype} not documented for {case}"
    body = response.get_json() if response.mimetype == "application/json" else response.get_data(as_text=True)
    _check_against(spec, content[response.mimetype]["schema"], body)
    if response.mimetype == "text/csv":
        header = next(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
        assert tuple(header) == CSV_COLUMNS


def test_the_schemas_reject_an_undocumented_key(spec, client):
    """The check above has teeth: a response with a key the document does not describe fails it."""
    data = client.get("/api/search?q=headspace").get_json()
    schema = spec["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    with pytest.raises(AssertionError):
        _check_against(spec, schema, {**data, "surprise": 1})
    with pytest.raises(AssertionError):
        _check_against(spec, schema, {**data, "hits": [{**data["hits"][0], "kind": "blog"}]})
