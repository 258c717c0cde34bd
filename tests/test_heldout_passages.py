"""Cleaning and splitting on pages nobody tuned to: the held-out corpus (tests/heldout/) keeps its
boundary F1, loses no paragraph, lets no chrome in and rejects no page (floors in floor.toml)."""
from __future__ import annotations

import tomllib

import pytest

from tests.heldout.evaluate import HALVES, ROOT, evaluate, totals

FLOOR = tomllib.loads((ROOT / "floor.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores():
    return evaluate()


@pytest.mark.parametrize("half", HALVES)
def test_passages_of_each_half_hold_their_floor(scores, half):
    floor, total = FLOOR[half], totals(scores, half)
    assert total.pages >= 25
    assert total.f1 >= floor["f1"], f"{half}: boundary F1 {total.f1:.3f}"
    assert total.lost <= floor["max_lost"], [n for n in total.notes if "lost" in n]
    assert total.leaked <= floor["max_leaked"], [n for n in total.notes if "leaked" in n]
    assert total.rejected <= floor["max_rejected"], [n for n in total.notes if "rejected" in n]


@pytest.mark.parametrize("half", HALVES)
def test_dated_pages_give_their_date_and_every_site_its_contact_facts(scores, half):
    floor, total = FLOOR[half], totals(scores, half)
    assert total.dated - total.dated_right <= floor["max_wrong_dates"], [n for n in total.notes if "updated" in n]
    assert total.contact_found == total.contact and total.noise == 0, [n for n in total.notes if "site:" in n]


def test_every_style_is_in_both_halves(scores):
    styles = {half: {style for h, style in scores if h == half} for half in HALVES}
    assert styles["tune"] == styles["heldout"] >= {"os2web", "umbraco", "webforms", "sitecore", "text"}
