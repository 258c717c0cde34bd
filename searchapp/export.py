"""Export of the current search's results (every hit, not just the page on screen) as CSV or JSON,
for staff who collect past initiatives in a spreadsheet or pass them on; and of every indexed passage
as OpenSearch/Elasticsearch bulk NDJSON, for moving an index that outgrows Whoosh to a cluster
(docs/scaling.md)."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from index import Hit, Searcher
from index.documents import from_document
from index.serving.search import MAX_PER_PAGE, MAX_RESULT_WINDOW
from ingest.model import Passage

from .params import KIND_LABELS, SearchParams

# Danish Excel opens ";"-separated files with a BOM directly in columns, with æ, ø and å intact.
CSV_DELIMITER = ";"
CSV_COLUMNS = ("id", "type", "titel", "side", "sidefil", "placering", "årstal", "kilde", "link", "score",
               "tekst")
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The index name bulk action lines target; the template in docs/opensearch/ matches it.
BULK_INDEX = "kommunesog"


@dataclass
class Export:
    """All hits of one search, in its order, capped at the deepest result a client may page to."""

    params: SearchParams
    total: int
    hits: list[Hit]

    @property
    def truncated(self) -> bool:
        return len(self.hits) < self.total


def collect(searcher: Searcher, params: SearchParams) -> Export:
    """Every hit of the search ``params`` describes (up to MAX_RESULT_WINDOW), page by page."""
    hits: list[Hit] = []
    total = 0
    for page in range(1, MAX_RESULT_WINDOW // MAX_PER_PAGE + 1):
        kwargs = {**params.search_kwargs(), "page": page, "per_page": MAX_PER_PAGE}
        result = searcher.search(params.q, **kwargs)
        total = result.total
        hits.extend(result.hits)
        if len(hits) >= total or not result.hits:
            break
    return Export(params=params, total=total, hits=hits)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(export: Export, passage_link: Callable[[str], str]) -> str:
    """One row per hit with Danish column names; ``passage_link(id)`` gives the absolute link to the
    passage page. Starts with a BOM so spreadsheet programs read UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in export.hits:
        p = hit.passage
        writer.writerow([_cell(str(value)) for value in (
            p.id, KIND_LABELS.get(p.kind, p.kind).lower(), p.title, p.page_title, p.page, " › ".join(p.breadcrumb),
            ", ".join(map(str, p.years)), p.url or "", passage_link(p.id), f"{hit.score:.4f}", p.text)])
    return "\ufeff" + out.getvalue()


def to_json(export: Export, passage_link: Callable[[str], str]) -> dict:
    """The search, its filters and every hit as in /api/search, each with a ``link`` to its page."""
    params = export.params
    return {
        "query": params.q,
        "filters": {"kind": params.kind, "year": params.year, "source": params.source},
        "sort": params.sort,
        "total": export.total,
        "exported": len(export.hits),
        "hits": [{**hit.to_dict(), "link": passage_link(hit.passage.id)} for hit in export.hits],
    }


def filename(params: SearchParams, extension: str) -> str:
    """``kommunesog-<query words>.<ext>``, ASCII only, safe in a Content-Disposition header."""
    folded = params.q.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    slug = "-".join(re.findall(r"[a-z0-9]+", folded))[:60].strip("-")
    return f"kommunesog-{slug or 'alle'}.{extension}"


def indexed_passages(searcher: Searcher) -> Iterator[tuple[Passage, int]]:
    """Every passage in the live generation with its position on its page, in page order."""
    whoosh_searcher, _ = searcher.current()
    stored = sorted(whoosh_searcher.reader().all_stored_fields(),
                    key=lambda f: (f["page"], f.get("order") or 0, f["id"]))
    for fields in stored:
        yield from_document(fields), fields.get("order") or 0


def to_bulk(passages: Iterator[tuple[Passage, int]], index: str = BULK_INDEX) -> Iterator[str]:
    """OpenSearch/Elasticsearch ``_bulk`` NDJSON: for each passage an ``index`` action line naming
    its id, then its source line (the passage as /api/passages returns it, plus ``order``). Every
    line ends with a newline, as the bulk API requires of the last one too."""
    for passage, order in passages:
        action = {"index": {"_index": index, "_id": passage.id}}
        source = {**passage.to_dict(), "order": order}
        yield json.dumps(action, ensure_ascii=False) + "\n"
        yield json.dumps(source, ensure_ascii=False) + "\n"
