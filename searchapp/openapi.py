"""The OpenAPI 3.1 description of the JSON API, kept beside the code that serves it."""
from __future__ import annotations

from index.search import MAX_PER_PAGE

_PASSAGE = {
    "type": "object",
    "required": ["id", "page", "kind", "page_title", "title", "text", "breadcrumb", "years", "url"],
    "properties": {
        "id": {"type": "string", "description": "Stable across reindexes of an unchanged page."},
        "page": {"type": "string", "description": "The page file's name."},
        "kind": {"type": "string", "enum": ["case", "partnership", "page", "site"]},
        "page_title": {"type": "string"},
        "title": {"type": "string"},
        "text": {"type": "string", "description": "Clean plain text."},
        "breadcrumb": {"type": "array", "items": {"type": "string"}},
        "years": {"type": "array", "items": {"type": "integer"}},
        "url": {"type": ["string", "null"], "description": "Source URL, or null when unknown."},
    },
}
_HIT = {
    "allOf": [
        {"$ref": "#/components/schemas/Passage"},
        {"type": "object", "required": ["score", "snippet"], "properties": {
            "score": {"type": "number"},
            "snippet": {"type": "string", "description": "HTML-escaped text with <mark> around matches."},
        }},
    ]
}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
_SEARCH_RESULT = {
    "type": "object",
    "required": ["query", "total", "hits", "suggestion", "facets", "took_ms", "page", "per_page"],
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "suggestion": {"type": ["string", "null"], "description": "A corrected query (\"Mente du\")."},
        "facets": {"type": "object", "properties": {"kind": _COUNTS, "years": _COUNTS, "page": _COUNTS}},
        "took_ms": {"type": "number"},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "message": {"type": ["string", "null"]},
    },
}
_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"},
                                                               "detail": {"type": "string"}}}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


_UNAVAILABLE = _json("Error", "The index is missing or unreadable.")


def openapi_spec() -> dict:
    query = lambda name, schema, description: {  # noqa: E731 - a table of parameters reads best
        "name": name, "in": "query", "required": False, "schema": schema, "description": description}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kommunesøg API", "version": "1.0.0",
                 "description": "Danish full-text search over a municipality's pages."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search passages",
                "parameters": [
                    query("q", {"type": "string"}, "The query: words, \"phrases\", -exclude, titel:…"),
                    query("kind", {"type": "string"}, "case, partnership, page or site"),
                    query("year", {"type": "string"}, "Only passages mentioning this year"),
                    query("source", {"type": "string"}, "Only passages from this page file"),
                    query("page", {"type": "string"}, "Result page, from 1"),
                    query("per_page", {"type": "string"}, f"Hits per page, 1-{MAX_PER_PAGE}"),
                ],
                "responses": {"200": _json("SearchResult", "Ranked hits"), "503": _UNAVAILABLE},
            }},
            "/api/suggest": {"get": {
                "summary": "Autocomplete",
                "parameters": [query("q", {"type": "string"}, "What the user has typed so far")],
                "responses": {"200": {"description": "Completions", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["suggestions"],
                    "properties": {"suggestions": {"type": "array", "items": {"type": "string"}}}}}}},
                    "503": _UNAVAILABLE},
            }},
            "/api/passages/{id}": {"get": {
                "summary": "One passage",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json("Passage", "The passage"), "404": _json("Error", "No such passage"),
                              "503": _UNAVAILABLE},
            }},
            "/healthz": {"get": {
                "summary": "Health and index generation",
                "responses": {"200": {"description": "Serving", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status", "generation", "passages"],
                    "properties": {"status": {"type": "string"}, "generation": {"type": "string"},
                                   "passages": {"type": "integer"}}}}}},
                    "503": _UNAVAILABLE},
            }},
        },
        "components": {"schemas": {"Passage": _PASSAGE, "Hit": _HIT, "SearchResult": _SEARCH_RESULT,
                                   "Error": _ERROR}},
    }
