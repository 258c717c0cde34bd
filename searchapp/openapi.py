"""The OpenAPI 3.1 description of the JSON API and the exports, kept beside the code that serves them.

Objects are closed (``additionalProperties: false``): a key added to a response must be described
here too, or tests/test_openapi.py fails.
"""
from __future__ import annotations

from index.serving.autocomplete import SUGGEST_LIMIT, SUGGEST_TITLES
from index.serving.search import GROUP_MORE, MAX_PER_PAGE, MAX_RESULT_WINDOW
from ingest.model import KINDS

from .export import CSV_COLUMNS
from .params import GROUP_BY_PAGE, SORTS


def _object(properties: dict, required: list[str] | None = None, **extra) -> dict:
    return {"type": "object", "required": list(properties) if required is None else required,
            "properties": properties, "additionalProperties": False, **extra}


_PASSAGE_FIELDS = {
    "id": {"type": "string", "description": "Stable across reindexes of an unchanged page."},
    "page": {"type": "string", "description": "The page file's name."},
    "kind": {"type": "string", "enum": list(KINDS)},
    "page_title": {"type": "string"},
    "title": {"type": "string"},
    "text": {"type": "string", "description": "Clean plain text."},
    "breadcrumb": {"type": "array", "items": {"type": "string"}},
    "years": {"type": "array", "items": {"type": "integer"}},
    "url": {"type": ["string", "null"], "description": "Source URL, or null when unknown."},
    "updated": {"type": ["string", "null"], "format": "date",
                "description": "When the page says it was last updated (ISO date), or null."},
}
_HIT_FIELDS = {
    **_PASSAGE_FIELDS,
    "score": {"type": "number"},
    "snippet": {"type": "string", "description": "HTML-escaped text with <mark> around matches."},
    "missing": {"type": "array", "items": {"type": "string"},
                "description": "Words of the query the passage lacks (shown as \"Mangler: …\"); empty when it has "
                               "them all."},
}
_GROUPED_HIT_FIELDS = {
    "more": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}, "maxItems": GROUP_MORE,
             "description": "With group=page: the page's next best passages."},
    "more_count": {"type": "integer", "minimum": 0,
                   "description": "With group=page: how many more passages of the page match beyond those."},
}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_KIND = {"type": "string", "description": "case, partnership, page or site (Danish names work too: sag, …)"}

SCHEMAS = {
    "Passage": _object(_PASSAGE_FIELDS),
    "Hit": _object({**_HIT_FIELDS, **_GROUPED_HIT_FIELDS}, required=list(_HIT_FIELDS)),
    "SearchResult": _object({
        "query": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "suggestion": {"type": ["string", "null"], "description": "A corrected query (\"Mente du\")."},
        "facets": _object({"kind": _COUNTS, "years": _COUNTS, "page": _COUNTS},
                          description="Counts per kind, year and page file; a chosen kind or year "
                                      "still counts the other choices."),
        "took_ms": {"type": "number", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "message": {"type": ["string", "null"], "description": "A note about the query, in Danish."},
        "best_bets": {"type": "array", "items": {"$ref": "#/components/schemas/BestBet"},
                      "description": "Answers staff pinned to this search (\"Anbefalet\"), shown above the "
                                     "hits; on page 1 only, else empty."},
        "answer": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Answer"}],
                   "description": "The contact facts a query about opening hours, phone, address or e-mail "
                                  "asks for; null for other queries, filtered searches and pages after the first."},
        "groups": {"type": "integer", "minimum": 0,
                   "description": "With group=page: how many pages the hits come from (page and per_page count "
                                  "these)."},
    }, required=["query", "total", "hits", "suggestion", "facets", "took_ms", "page", "per_page", "message",
                 "best_bets", "answer"]),
    "Answer": _object({
        "heading": {"type": "string", "description": "What the card answers: Åbningstider, Telefon, Adresse, "
                                                     "E-mail, or Kontakt for several."},
        "title": {"type": "string", "description": "Whose facts they are: the municipality, or the passage's title."},
        "lines": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                  "description": "The fact lines, each under the label lines above it (\"Åbningstid\")."},
        "url": {"type": "string", "description": "The source page, else the passage's page here."},
        "passage_id": {"type": "string", "description": "The passage the facts are read from."},
    }),
    "BestBet": _object({
        "text": {"type": "string", "description": "One line written by staff."},
        "url": {"type": "string", "description": "The passage's page, or the address staff gave."},
        "passage_id": {"type": ["string", "null"], "description": "The passage it points to, if any."},
    }),
    "Suggestions": _object({
        "suggestions": {"type": "array", "items": {"type": "string"}, "maxItems": SUGGEST_LIMIT,
                        "description": "Words and phrases (2-3 words that occur in the pages) completing the "
                                       "last word typed, best first; choosing one searches for it."},
        "passages": {"type": "array", "maxItems": SUGGEST_TITLES,
                     "description": "Passages whose title has a word starting as typed; choosing one opens "
                                    "the passage.",
                     "items": _object({"title": {"type": "string"}, "id": {"type": "string"},
                                       "url": {"type": "string", "description": "/passage/<id>: the passage page."}})},
    }),
    "Health": _object({"status": {"type": "string", "enum": ["ok", "degraded"]},
                       "generation": {"type": "string"},
                       "passages": {"type": "integer", "minimum": 0}}),
    "Export": _object({
        "query": {"type": "string"},
        "filters": _object({"kind": {"type": ["string", "null"]}, "year": {"type": ["integer", "null"]},
                            "source": {"type": ["string", "null"]}}),
        "sort": {"type": "string", "enum": list(SORTS)},
        "total": {"type": "integer", "minimum": 0},
        "exported": {"type": "integer", "minimum": 0, "maximum": MAX_RESULT_WINDOW},
        "hits": {"type": "array", "items": _object({
            **_HIT_FIELDS, "link": {"type": "string", "format": "uri", "description": "The passage page."}})},
    }),
    "Error": _object({"error": {"type": "string"}, "detail": {"type": "string"}}, required=["error"]),
}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again",
                                 "schema": {"type": "string", "pattern": "^[0-9]+$"}}}
_UNAVAILABLE = {**_json("Error", "The index is missing or unreadable."), "headers": _RETRY_AFTER}
_TOO_LONG = _json("Error", "The query string is longer than the server accepts (64 KiB).")
_SEARCH_PARAMETERS = [
    _query("q", {"type": "string", "maxLength": 500},
           "The query: words, \"phrases\", -exclude, OR, titel:…; longer queries are cut to 500 characters."),
    _query("kind", _KIND, "Only passages of this kind"),
    _query("year", {"type": "integer"}, "Only passages mentioning this year"),
    _query("source", {"type": "string"}, "Only passages from this page file"),
    _query("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"},
           "relevance, or year: newest year mentioned first"),
]
_GROUP_PARAMETER = _query(
    "group", {"type": "string", "enum": [GROUP_BY_PAGE]},
    "page: one hit per page (its best passage, with up to two more of the page as more, and more_count); "
    "page and per_page then count pages. Without it, one hit per passage.")
# Out-of-range or non-numeric paging values are clamped or ignored, never an error.
_PAGING_PARAMETERS = [
    _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Result page, from 1"),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
           f"Hits per page, 1-{MAX_PER_PAGE}"),
]


def openapi_spec() -> dict:
    """The OpenAPI 3.1 document served at /openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kommunesøg API", "version": "1.1.0",
                 "description": "Danish full-text search over a municipality's pages. Bad parameter "
                                "values are corrected or ignored, never an error."},
        "paths": {
            "/api/search": {"get": {
                "operationId": "search", "summary": "Search passages",
                "parameters": _SEARCH_PARAMETERS + [_GROUP_PARAMETER] + _PAGING_PARAMETERS,
                "responses": {"200": _json("SearchResult", "Ranked hits"), "414": _TOO_LONG,
                              "503": _UNAVAILABLE},
            }},
            "/api/suggest": {"get": {
                "operationId": "suggest", "summary": "Autocomplete",
                "parameters": [_query("q", {"type": "string"}, "What the user has typed so far")],
                "responses": {"200": _json("Suggestions", "Completions: words and phrases, and passage titles"),
                              "414": _TOO_LONG, "503": _UNAVAILABLE},
            }},
            "/api/passages/{id}": {"get": {
                "operationId": "passage", "summary": "One passage",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json("Passage", "The passage"), "404": _json("Error", "No such passage"),
                              "503": _UNAVAILABLE},
            }},
            "/healthz": {"get": {
                "operationId": "health", "summary": "Health and index generation",
                "responses": {"200": _json("Health", "Serving"), "503": {
                    "description": "The index is missing or unreadable (Error), or holds no passage (Health, "
                                   "status degraded).",
                    "content": {"application/json": {"schema": {"oneOf": [
                        {"$ref": "#/components/schemas/Health"}, {"$ref": "#/components/schemas/Error"}]}}}}},
            }},
            "/search.json": {"get": {
                "operationId": "exportJson", "summary": "Every hit of a search (up to 1000) as a JSON download",
                "parameters": _SEARCH_PARAMETERS,
                "responses": {"200": _json("Export", "All hits in the search's order, each with a link"),
                              "503": _UNAVAILABLE},
            }},
            "/search.csv": {"get": {
                "operationId": "exportCsv",
                "summary": "Every hit of a search (up to 1000) as CSV for spreadsheets",
                "description": "UTF-8 with a byte order mark, ';'-separated, Danish column names: "
                               + ", ".join(CSV_COLUMNS) + ".",
                "parameters": _SEARCH_PARAMETERS,
                "responses": {"200": {"description": "One row per hit after a header row",
                                      "content": {"text/csv": {"schema": {"type": "string"}}}},
                              "503": {"description": "The index is missing or unreadable (a Danish HTML page).",
                                      "headers": _RETRY_AFTER,
                                      "content": {"text/html": {"schema": {"type": "string"}}}}},
            }},
            "/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": SCHEMAS},
    }
