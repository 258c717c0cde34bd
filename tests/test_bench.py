"""The benchmark's own parts that decide its figures: the query mix and the percentiles.
(The speed itself is measured by `make bench`, never asserted here.)"""
from __future__ import annotations

import re

import pytest

from bench.corpus import generate
from bench.measure import percentiles
from bench.queries import KINDS, PER_KIND, build_workload
from index.analysis import DANISH_STOPWORDS
from ingest import ingest_folder


@pytest.fixture(scope="module")
def passages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    generate(30, folder, seed=3)
    return ingest_folder(folder).passages


def test_query_mix_is_deterministic_varied_and_large_enough(passages):
    workload = build_workload(passages, seed=1)
    assert workload == build_workload(passages, seed=1)
    assert workload != build_workload(passages, seed=2)
    texts = [q.text for q in workload.queries]
    assert len(texts) >= 200 and len(set(texts)) == len(texts)
    assert {kind: sum(q.kind == kind for q in workload.queries) for kind in KINDS} == dict.fromkeys(KINDS, PER_KIND)
    assert not set(workload.warmup) & set(texts)


def test_each_kind_of_query_is_what_it_says(passages):
    workload = build_workload(passages, seed=1)
    words = {w for p in passages for w in re.findall(r"[a-zæøå]+", p.text.lower())}
    for query in workload.queries:
        if query.kind == "phrase":
            assert re.fullmatch(r'"\S+ \S+"', query.text)
        elif query.kind == "words":
            assert 2 <= len(query.text.split()) <= 3
        elif query.kind == "ascii":
            assert not re.search("[æøå]", query.text)
        elif query.kind == "typo":
            assert query.text not in words
        elif query.kind == "compound":
            assert len(query.text) >= 13 and query.text in words
        if query.kind in ("single", "inflected"):
            assert query.text in words and query.text not in DANISH_STOPWORDS


def test_percentiles_are_nearest_rank():
    figures = percentiles([float(n) for n in range(100, 0, -1)])
    assert (figures["p50"], figures["p95"], figures["p99"], figures["n"]) == (50.0, 95.0, 99.0, 100)
    assert percentiles([7.0])["p99"] == 7.0 and percentiles([])["n"] == 0
