"""The benchmark's own parts that decide its figures: the query mix and the percentiles.
(The speed itself is measured by `make bench`, never asserted here.)"""
from __future__ import annotations

import re

import pytest

from bench.corpus import generate
from bench.measure import percentiles
from bench.queries import KINDS, PER_KIND, build_workload
from bench.views import PASSAGE_WARMUP, passage_sample, time_passage_page, time_timeline
from index import Searcher, reindex
from index.analysis import DANISH_STOPWORDS
from ingest import ingest_folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    generate(30, folder, seed=3)
    return folder


@pytest.fixture(scope="module")
def passages(corpus):
    return ingest_folder(corpus).passages


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


def test_view_figures_cover_the_whole_mix_and_passages_the_index_knows(corpus, passages, tmp_path):
    reindex(corpus, tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    workload = build_workload(passages, seed=1)
    timeline = time_timeline(searcher, workload)
    assert timeline["n"] == len(workload.queries) and timeline["no_query_ms"] > 0
    # The mix finds cases and partnerships: a timeline of nothing would time nothing.
    assert sum(timeline["empty"].values()) < len(KINDS) / 2
    ids = passage_sample(passages, seed=1, count=20)
    assert ids == passage_sample(passages, seed=1, count=20) and len(set(ids)) == 20
    assert all(p.kind != "site" for p in passages if p.id in ids)
    page = time_passage_page(searcher, ids)
    assert page["missing"] == 0 and page["n"] == len(ids) - PASSAGE_WARMUP
