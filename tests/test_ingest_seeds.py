"""Cleaning and splitting the two Gladsaxe seed pages, as a reader and a reviewer see them."""
from __future__ import annotations

import pytest

from ingest import ingest_folder
from tests.conftest import RAW_PAGES, SEEDS
from tests.golden import golden_path, rendered_pages

CASES_PAGE, PARTNERSHIPS_PAGE = SEEDS


@pytest.fixture(scope="module")
def seeds():
    return ingest_folder(RAW_PAGES)


def _lines(text: str) -> list[str]:
    return [" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()]


@pytest.mark.parametrize("page", SEEDS)
def test_passages_match_the_reviewed_golden_file(page):
    """If this fails after an intended change, run `make golden` and review the diff."""
    assert rendered_pages()[page] == golden_path(page).read_text(encoding="utf-8")


def test_one_passage_per_case_and_per_partnership(seeds):
    kinds = [p.kind for p in seeds.passages_of(CASES_PAGE) if p.kind != "site"]
    assert kinds == ["case"] * 24
    kinds = [p.kind for p in seeds.passages_of(PARTNERSHIPS_PAGE) if p.kind != "site"]
    assert kinds == ["partnership"] * 15


def test_multi_paragraph_partnerships_stay_whole(seeds):
    by_title = {p.title: p for p in seeds.passages_of(PARTNERSHIPS_PAGE)}
    vild = by_title["Vild Med Vilje"].text
    for part in ("Ny måde at tænke grønne områder på", "Ti områder, der er vilde i Gladsaxe",
                 "Du kan også være med", "Læs mere på www.vildmedvilje.dk/gladsaxe"):
        assert part in vild
    headspace = by_title["Headspace Gladsaxe"].text
    for part in ("I Gladsaxe skal vi skabe rammen", "Læs mere om Headspace Gladsaxe",
                 "Headspace Danmark er et projekt", "Læs mere om samarbejdet med Headspace"):
        assert part in headspace
    # The "read more" link that the page puts after another partnership belongs to the one it names.
    assert "Læs mere om Verdensmålshuset her." in by_title["Verdensmålshuset"].text


def test_case_keeps_its_read_more_line_and_caption(seeds):
    texts = [p.text for p in seeds.passages_of(CASES_PAGE)]
    politik = next(t for t in texts if "Psykiatri- og Handicappolitik" in t)
    assert politik.endswith("Læs mere i nyheden her.")
    bydelsmoedre = next(t for t in texts if t.startswith("Bydelsmødrene"))
    assert "Høje Gladsaxes bydelsmødre, der i 2019 modtog Gladsaxes integrationspris." in bydelsmoedre


def test_no_skip_link_breadcrumb_or_footer_inside_cases_and_partnerships(seeds):
    footer_lines = {"Rådhus Allé 7", "CVR: 62761113", "Telefontid", "Åbningstid", "Torsdag 10-18",
                    "Få teksten læst op Tilgængelighedserklæring Giv os feedback"}
    for passage in seeds.passages:
        if passage.kind == "site":
            continue
        assert "Skip til hoved indholdet" not in passage.text
        assert "Hjem Politik" not in passage.text
        assert not footer_lines & set(_lines(passage.text)), passage.title


def test_footer_contact_details_are_kept_once_as_a_site_passage(seeds):
    sites = [p for p in seeds.passages if p.kind == "site"]
    assert len(sites) == 1
    for detail in ("Rådhus Allé 7", "39 57 50 00", "Åbningstid", "Torsdag 10-18", "Borgerservice"):
        assert detail in sites[0].text
    assert sum("Rådhus Allé 7" in p.text for p in seeds.passages) == 1


def test_breadcrumb_and_title_become_metadata(seeds):
    page = next(p for p in seeds.pages if p.name == CASES_PAGE)
    assert page.title == "Lige muligheder for et godt liv"
    assert page.breadcrumb == ["Hjem", "Politik", "Planer, politikker og visioner", "Gladsaxestrategien",
                               "Mål, cases og projekter", "Lige muligheder for et godt liv"]
    passage = seeds.passages_of(CASES_PAGE)[0]
    assert passage.breadcrumb == page.breadcrumb and passage.page_title == page.title
    assert passage.url is None  # the seeds carry no URL header, and none is invented


@pytest.mark.parametrize("page", SEEDS)
def test_every_paragraph_ends_up_in_exactly_one_passage(seeds, page):
    """The page file's lines = skip link + breadcrumb + title + passages (disjoint) + footer."""
    raw = [line for line in _lines((RAW_PAGES / page).read_text(encoding="utf-8")) if line]
    passages = [p for p in seeds.passages_of(page) if p.kind != "site"]
    footer = next(p for p in seeds.pages if p.name == page).footer
    body = raw[3 : len(raw) - len(footer)]
    assert raw[len(raw) - len(footer):] == footer
    from_passages = [line for p in passages for line in _lines(p.text)]
    assert sorted(from_passages) == sorted(body)


def test_titles_are_short_and_never_cut_mid_word(seeds):
    for passage in seeds.passages:
        assert 3 <= len(passage.title) <= 92, passage.title
        if passage.title.endswith("…"):
            stem = passage.title[:-1].rstrip()
            assert stem in " ".join(passage.text.split())
            next_char = " ".join(passage.text.split())[len(stem) : len(stem) + 1]
            assert next_char in (" ", ",", ""), passage.title


def test_years_mentioned_are_metadata(seeds):
    by_start = {p.text[:30]: p for p in seeds.passages}
    boliger = next(p for k, p in by_start.items() if k.startswith("De fleste af Gladsaxes"))
    assert boliger.years == [2019, 2020]
    site = next(p for p in seeds.passages if p.kind == "site")
    assert site.years == []  # "2860 Søborg" is a postcode, not a year


def test_ids_are_stable_and_unique(seeds):
    again = ingest_folder(RAW_PAGES)
    assert [p.id for p in seeds.passages] == [p.id for p in again.passages]
    assert len({p.id for p in seeds.passages}) == len(seeds.passages)


def test_passages_of_one_named_file_use_what_the_folder_teaches():
    alone = ingest_folder(RAW_PAGES, [RAW_PAGES / PARTNERSHIPS_PAGE])
    assert {p.page for p in alone.passages} == {PARTNERSHIPS_PAGE}
    assert not any("Rådhus Allé 7" in p.text for p in alone.passages if p.kind != "site")
