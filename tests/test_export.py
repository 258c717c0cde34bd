"""`kommunesog export --format opensearch-bulk`: every indexed passage as bulk NDJSON a cluster can
ingest, and the index template that gives such a cluster our Danish analysis (docs/scaling.md)."""
from __future__ import annotations

import json
from pathlib import Path

from index import Searcher, reindex
from index.analysis import DANISH_STOPWORDS
from searchapp.cli import EXIT_OK, EXIT_USAGE, main
from tests.conftest import ROOT

TEMPLATE = ROOT / "docs" / "opensearch" / "kommunesog-template.json"


def export(runner, *args):
    return runner.invoke(main, ["export", "--format", "opensearch-bulk", *map(str, args)], catch_exceptions=False)


def pairs(text: str) -> list[tuple[dict, dict]]:
    assert text.endswith("\n"), "the bulk API needs a newline after the last line too"
    lines = text.split("\n")[:-1]
    assert len(lines) % 2 == 0
    return [(json.loads(action), json.loads(source)) for action, source in zip(lines[::2], lines[1::2])]


def test_bulk_file_has_one_action_and_source_per_indexed_passage(runner, index_dir, tmp_path):
    out = tmp_path / "bulk.ndjson"
    result = export(runner, "--index", index_dir, "--out", out)
    assert result.exit_code == EXIT_OK
    exported = pairs(out.read_text(encoding="utf-8"))
    assert len(exported) == Searcher(index_dir).stats()["passages"]
    ids = []
    for action, source in exported:
        assert list(action) == ["index"] and action["index"]["_index"] == "kommunesog"
        assert action["index"]["_id"] == source["id"]
        assert set(source) == {"id", "page", "kind", "page_title", "title", "text", "breadcrumb", "years", "url",
                               "updated", "order"}
        ids.append(source["id"])
    assert len(set(ids)) == len(ids)
    # Each passage's source is exactly what the API serves for it.
    searcher = Searcher(index_dir)
    action, source = exported[3]
    assert searcher.passage(source["id"]).to_dict() == {k: v for k, v in source.items() if k != "order"}


def test_bulk_keeps_danish_letters_and_goes_to_stdout_without_out(runner, index_dir, tmp_path):
    out = tmp_path / "bulk.ndjson"
    export(runner, "--index", index_dir, "--out", out)
    result = export(runner, "--index", index_dir, "--index-name", "gladsaxe")
    assert result.exit_code == EXIT_OK
    exported = pairs(result.stdout)
    assert {a["index"]["_index"] for a, _ in exported} == {"gladsaxe"}
    assert [s for _, s in exported] == [s for _, s in pairs(out.read_text(encoding="utf-8"))]
    assert "Søborg" in result.stdout and "\\u00f8" not in result.stdout


def test_bulk_follows_reindex_and_leaves_out_removed_pages(runner, pages_dir, index_dir, tmp_path):
    removed = sorted(pages_dir.glob("*.txt"))[0]
    removed.unlink()
    reindex(pages_dir, index_dir, allow_shrink=True)  # half the passages go with the page
    exported = pairs(export(runner, "--index", index_dir).stdout)
    assert exported and removed.name not in {s["page"] for _, s in exported}
    assert len(exported) == Searcher(index_dir).stats()["passages"]


def test_missing_index_is_a_usage_error_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "bulk.ndjson"
    result = export(runner, "--index", tmp_path / "none", "--out", out)
    assert result.exit_code == EXIT_USAGE and "reindex" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_index_template_has_our_stop_words_compound_parts_and_synonyms():
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    analysis = template["template"]["settings"]["analysis"]
    filters = analysis["filter"]
    assert set(filters["danish_stop"]["stopwords"]) == DANISH_STOPWORDS
    assert filters["danish_stemmer"] == {"type": "stemmer", "language": "danish"}
    # The cluster reads the very files Kommunesøg uses, copied into its config folder.
    assert Path(filters["danish_compounds"]["word_list_path"]).name == "compound_parts.txt"
    assert (ROOT / "index" / "data" / "compound_parts.txt").exists()
    assert Path(filters["danish_synonyms"]["synonyms_path"]).name == "synonyms.txt"
    index_chain = analysis["analyzer"]["danish_index"]["filter"]
    assert index_chain.index("danish_compounds") < index_chain.index("danish_stemmer")
    assert "danish_spellings" in index_chain
    assert "danish_synonyms" in analysis["analyzer"]["danish_search"]["filter"]
    mappings = template["template"]["mappings"]["properties"]
    for name in ("title", "text", "page_title", "breadcrumb"):
        assert mappings[name]["analyzer"] == "danish_index" and mappings[name]["search_analyzer"] == "danish_search"
