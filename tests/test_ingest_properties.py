"""Property-based tests (Hypothesis) of cleaning and splitting: never crash, never lose a paragraph
that is not boilerplate, and cleaning already-clean text changes nothing."""
from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import PageError, ingest_pages
from ingest.reader import parse_page

WORDS = ["borger", "cykler", "genbrug", "Søborg", "Headspace", "partnerskab", "unge", "ældre", "åbent",
         "legepladser", "Gladsaxe", "jobcentret", "Verdensmålshuset", "indsats", "2019", "12-25", "år",
         "læs", "mere", "om", "Det", "Målet", "deltager", "i", "og", "har", "indgået", "med", "UNICEF"]
FOOTER_WORDS = ["Kommune", "Torvet", "Telefon", "CVR", "Åbningstid", "Mandag", "Tilgængelighed"]
# Example counts come from the Hypothesis profile (tests/conftest.py: "default", or "soak" for more).
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])

counter = iter(range(10**9))


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
    end = draw(st.sampled_from([".", ".", "", ":", "?"]))
    # A unique token keeps every body line distinct, so none of them is legitimately boilerplate.
    return " ".join(words).capitalize() + f" x{next(counter)}" + end


@st.composite
def paragraph(draw) -> list[str]:
    kind = draw(st.sampled_from(["text", "text", "text", "link", "caption"]))
    if kind == "link":
        return [f"Læs mere om {draw(st.sampled_from(WORDS))} x{next(counter)}"]
    if kind == "caption":
        return [f"{draw(st.sampled_from(WORDS)).capitalize()} x{next(counter)}"]
    return draw(st.lists(sentence(), min_size=1, max_size=3))


@st.composite
def site(draw):
    footer = draw(st.lists(st.lists(st.sampled_from(FOOTER_WORDS), min_size=1, max_size=4).map(" ".join),
                           min_size=0, max_size=6, unique=True))
    section = draw(st.sampled_from(["Partnerskaber", "Mål, cases og projekter", "Nyheder"]))
    count = draw(st.integers(1, 4))
    if count == 1 and footer:  # one page teaches nothing: its footer must look like an address block
        footer = ["Havby Kommune", "Torvet 1", "9999 Havby", "Telefon 70 10 20 30"] + footer
    pages = []
    for n in range(count):
        title = f"Side {next(counter)}"
        body = draw(st.lists(paragraph(), min_size=1, max_size=10))
        head = ["Skip til hoved indholdet", f"    Hjem {section} {title}", "", title, ""]
        text = "\n".join(head + ["\n".join(p) + "\n" for p in body] + footer)
        pages.append((f"p{n}.txt", text, title, body))
    return pages


def _lines(passages):
    return Counter(line for p in passages if p.kind != "site" for line in p.text.split("\n"))


@SETTINGS
@given(site())
def test_every_body_line_is_kept_exactly_once(pages):
    raws = [parse_page(name, text.encode()) for name, text, _, _ in pages]
    result = ingest_pages(raws)
    expected = Counter(line for _, _, _, body in pages for p in body for line in p)
    assert _lines(result.passages) == expected
    assert {p.page_title for p in result.passages if p.kind != "site"} <= {t for _, _, t, _ in pages}


@SETTINGS
@given(site())
def test_cleaning_clean_text_changes_nothing(pages):
    first = ingest_pages([parse_page(name, text.encode()) for name, text, _, _ in pages])
    again = []
    for page in first.pages:
        passages = [p for p in first.passages_of(page.name) if p.kind != "site"]
        body = "\n\n".join(p.text for p in passages)
        again.append(parse_page(page.name, f"{page.title}\n\n{body}\n".encode()))
    second = ingest_pages(again)
    assert _lines(second.passages) == _lines(first.passages)


@SETTINGS
@given(st.text(max_size=3000))
def test_any_text_is_processed_or_rejected_with_a_reason(text):
    for name in ("x.txt", "x.html"):
        try:
            raws = [parse_page(name, text.encode("utf-8", "surrogatepass"))]
        except PageError as err:
            assert str(err)
            continue
        result = ingest_pages(raws)
        assert result.passages or result.rejected


TAGS = ["p", "div", "h1", "h2", "h3", "main", "nav", "footer", "header", "script", "li", "ul", "details",
        "summary", "br", "b", "a", "table", "td"]


@st.composite
def tag_soup(draw) -> str:
    parts = draw(st.lists(st.one_of(
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.text(alphabet="abcæøå ÆØÅ.,<>&;\"'=/", max_size=30),
    ), max_size=60))
    return "<html><body>" + "".join(parts)


@SETTINGS
@given(tag_soup())
def test_any_tag_soup_is_processed_or_rejected(html):
    try:
        raws = [parse_page("x.html", html.encode())]
    except PageError:
        return
    result = ingest_pages(raws)
    for passage in result.passages:
        assert passage.title and "<script" not in passage.text.lower()
