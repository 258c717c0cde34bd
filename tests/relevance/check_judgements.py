"""Check tests/relevance/judgements.toml against the passages of the relevance corpus.

The corpus is raw_pages/, tests/relevance/pages/ and tests/fixtures/havby_html/, cleaned and split
by `kommunesog passages --json` (no search index is involved). Every judged phrase must occur,
whitespace-normalised and verbatim, in exactly one passage's text; within one query no two phrases
may name the same passage. Prints the number of queries, queries per tag and the passages named,
and exits 1 when any judgement is broken.

    .venv/bin/python tests/relevance/check_judgements.py
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JUDGEMENTS = ROOT / "tests" / "relevance" / "judgements.toml"
CORPUS_DIRS = [ROOT / "raw_pages", ROOT / "tests" / "relevance" / "pages", ROOT / "tests" / "fixtures" / "havby_html"]
TAGS = ("exact", "inflection", "compound", "ellipsis", "ascii", "typo", "synonym", "phrase")
MIN_QUERIES = 100
MIN_PER_TAG = 10
MIN_PHRASE_WORDS = 4


def normalise(text: str) -> str:
    return " ".join(text.split())


def corpus_passages() -> list[dict]:
    """The passages of the whole corpus, as `kommunesog passages --json` gives them."""
    cli = Path(sys.executable).with_name("kommunesog")
    with tempfile.TemporaryDirectory() as tmp:
        for folder in CORPUS_DIRS:
            for page in folder.iterdir():
                if page.is_file():
                    shutil.copy(page, Path(tmp) / page.name)
        out = subprocess.run([str(cli), "passages", "--pages", tmp, "--json"],
                             check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    if result["rejected"]:
        raise SystemExit(f"corpus pages rejected: {result['rejected']}")
    return result["passages"]


def check(queries: list[dict], passages: list[dict]) -> list[str]:
    """Everything wrong with the judgements, one message each."""
    texts = [normalise(p["text"]) for p in passages]
    errors = []
    seen_queries = set()
    for n, query in enumerate(queries, 1):
        q = query.get("q", "")
        where = f"query {n} {q!r}"
        if not isinstance(q, str) or not q.strip():
            errors.append(f"{where}: empty q")
        if q in seen_queries:
            errors.append(f"{where}: duplicate query")
        seen_queries.add(q)
        tags = query.get("tags", [])
        if not tags or any(t not in TAGS for t in tags):
            errors.append(f"{where}: tags must be a non-empty subset of {TAGS}, got {tags}")
        relevant, partial = query.get("relevant", []), query.get("partial", [])
        if not relevant:
            errors.append(f"{where}: no relevant passage")
        named: dict[int, str] = {}
        for phrase in [*relevant, *partial]:
            phrase_n = normalise(phrase)
            if len(phrase_n.split()) < MIN_PHRASE_WORDS:
                errors.append(f"{where}: phrase {phrase!r} has fewer than {MIN_PHRASE_WORDS} words")
            hits = [i for i, text in enumerate(texts) if phrase_n in text]
            if len(hits) != 1:
                errors.append(f"{where}: phrase {phrase!r} occurs in {len(hits)} passages, not exactly 1")
                continue
            if hits[0] in named:
                errors.append(f"{where}: phrases {named[hits[0]]!r} and {phrase!r} name the same passage")
            named[hits[0]] = phrase
    return errors


def main() -> int:
    queries = tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8")).get("query", [])
    passages = corpus_passages()
    errors = check(queries, passages)
    per_tag = Counter(tag for query in queries for tag in query.get("tags", []))
    named = sum(len(q.get("relevant", [])) + len(q.get("partial", [])) for q in queries)
    print(f"{len(queries)} queries over {len(passages)} passages; {named} judged (query, passage) pairs")
    for tag in TAGS:
        print(f"  {tag:<10} {per_tag[tag]:>3}")
    if len(queries) < MIN_QUERIES:
        errors.append(f"only {len(queries)} queries, at least {MIN_QUERIES} wanted")
    errors += [f"tag {tag!r} has {per_tag[tag]} queries, at least {MIN_PER_TAG} wanted"
               for tag in TAGS if per_tag[tag] < MIN_PER_TAG]
    for error in errors:
        print("ERROR", error)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
