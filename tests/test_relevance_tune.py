"""The third judged set (tests/relevance/tune_judgements.toml, all tune, over the tuning sites of the
held-out corpus) may not silently get worse: its nDCG@10 stays above the floor in
tests/relevance/floor.toml, above the plain baseline, and every question and everyday query is
answered."""
from __future__ import annotations

import pytest

from tests.relevance import evaluate
from tests.test_relevance import FLOOR


@pytest.fixture(scope="module")
def third_set():
    return evaluate.run_third_set()


def test_the_third_set_is_judged_over_the_tuning_sites_only(third_set):
    assert len(third_set.results) >= 100
    pages = {passage.page for passage in third_set.passages.values()}
    assert all(page.split("_", 1)[0].endswith(evaluate.TUNE_SITES) for page in pages)
    assert all(result.half == "tune" for result in third_set.results)


def test_the_third_set_holds_its_floor_and_answers_every_question(third_set):
    _, ours, plain = third_set.summary()
    assert ours.ndcg >= FLOOR["third_set"]["ndcg_at_10"], evaluate.text_table(third_set)
    assert ours.ndcg > plain.ndcg
    for tag in evaluate.SECOND_SET_TAGS:
        assert third_set.summary(tag)[1].recall >= evaluate.HARD_RECALL, evaluate.text_table(third_set)
    checks = dict((label.split(":")[0], ok) for label, ok in evaluate.second_set_targets(third_set))
    assert checks["queries with content words in the index answered with 0 hits"]


@pytest.fixture(scope="module")
def fourth_set():
    return evaluate.run_fourth_set()


def test_the_fourth_set_is_judged_over_the_later_tuning_sites_only(fourth_set):
    assert len(fourth_set.results) >= 100
    pages = {passage.page for passage in fourth_set.passages.values()}
    assert all(page.split("_", 1)[0].endswith(evaluate.FOURTH_SITES) for page in pages)
    assert all(result.half == "tune" for result in fourth_set.results)


def test_the_fourth_set_holds_its_floor_and_answers_every_question(fourth_set):
    _, ours, plain = fourth_set.summary()
    assert ours.ndcg >= FLOOR["fourth_set"]["ndcg_at_10"], evaluate.text_table(fourth_set)
    assert ours.ndcg > plain.ndcg
    for tag in evaluate.SECOND_SET_TAGS:
        assert fourth_set.summary(tag)[1].recall >= evaluate.HARD_RECALL, evaluate.text_table(fourth_set)
