"""Property-based tests (Hypothesis) of decoding, cleaning and splitting: never crash, never lose a
paragraph that is not boilerplate (text and HTML pages), and cleaning already-clean text changes
nothing; mojibake of Danish text is always repaired, and clean text is never touched."""
from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest import PageError, ingest_pages
from ingest.decode import decode_page, repair_mojibake
from ingest.decode import clean_line
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


def _lines(passages, source: set[str] = frozenset()):
    """Every line a reader finds in the passages: their text, and the headings that title them (a
    title that is a line of the ``source`` pages but not of the passage's own text, nor the page's
    title, which an introduction carries)."""
    found = Counter()
    for p in passages:
        if p.kind == "site":
            continue
        lines = p.text.split("\n")
        found.update(lines)
        if p.title in source and p.title not in lines and p.title != p.page_title:
            found[p.title] += 1
    return found


@SETTINGS
@given(site())
def test_every_body_line_is_kept_exactly_once(pages):
    raws = [parse_page(name, text.encode()) for name, text, _, _ in pages]
    result = ingest_pages(raws)
    expected = Counter(line for _, _, _, body in pages for p in body for line in p)
    assert _lines(result.passages, set(expected)) == expected
    assert {p.page_title for p in result.passages if p.kind != "site"} <= {t for _, _, t, _ in pages}


@SETTINGS
@given(site())
def test_cleaning_clean_text_changes_nothing(pages):
    first = ingest_pages([parse_page(name, text.encode()) for name, text, _, _ in pages])
    source = {line for _, text, _, _ in pages for line in text.split("\n")}
    again = []
    for page in first.pages:
        passages = [p for p in first.passages_of(page.name) if p.kind != "site"]
        # A heading is written back above its passage, as the page showed it (an introduction
        # carries the page's title, which is written once, at the top).
        body = "\n\n".join((f"{p.title}\n\n" if p.title in source and p.title not in p.text.split("\n")
                             and p.title != page.title else "")
                           + p.text for p in passages)
        again.append(parse_page(page.name, f"{page.title}\n\n{body}\n".encode()))
    second = ingest_pages(again)
    assert _lines(second.passages, source) == _lines(first.passages, source)


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


@st.composite
def html_site(draw):
    """Pages of one site as HTML: shared chrome (header, nav, footer, scripts) around a <main> of
    headings and paragraphs with inline markup."""
    pages = []
    for n in range(draw(st.integers(1, 3))):
        title = f"Side {next(counter)}"
        body = draw(st.lists(st.lists(sentence(), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=8))
        markup = "".join(draw(st.sampled_from(["<p>{}</p>", "<p><b>{}</b></p>", "<div>{}</div>", "<li>{}</li>",
                                               "<p>{}<!-- note --></p>", "<section><p>{}</p></section>"]))
                         .format(html_escape(text)) for text in body)
        page = ("<html><head><title>Gladsaxe</title><script>track()</script></head><body>"
                "<header><a href='#main'>Gå til indhold</a><nav>Borger Erhverv Politik</nav></header>"
                f"<main id='main'><h1>{title}</h1>{markup}</main>"
                "<footer>Gladsaxe Kommune<br>Rådhus Allé 7<br>2860 Søborg</footer></body></html>")
        pages.append((f"p{n}.html", page, title, body))
    return pages


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@SETTINGS
@given(html_site())
def test_every_html_paragraph_is_kept_exactly_once(pages):
    result = ingest_pages([parse_page(name, text.encode()) for name, text, _, _ in pages])
    expected = Counter(text for _, _, _, body in pages for text in body)
    assert _lines(result.passages, set(expected)) == expected
    for passage in result.passages:
        assert "Borger Erhverv Politik" not in passage.text and "track()" not in passage.text


DANISH_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéü0123456789 .,:;!?-–()\n",
                      min_size=1, max_size=400).filter(str.strip)


@SETTINGS
@given(DANISH_TEXT)
def test_mojibake_repair_restores_danish_text_and_leaves_clean_text_alone(text):
    assert repair_mojibake(text) == text
    broken = text.encode("utf-8").decode("cp1252")
    assert repair_mojibake(broken) == text
    assert repair_mojibake(repair_mojibake(broken)) == text


@SETTINGS
@given(DANISH_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]))
def test_decoding_gives_back_the_text_in_any_supported_encoding(text, encoding):
    if encoding in ("utf-16-le", "utf-16-be"):
        # Without a BOM, UTF-16 is known by the NUL bytes of Latin letters; a text made mostly of
        # other characters (only dashes) cannot be told from binary data.
        assume(sum(ord(ch) < 0x100 for ch in text) >= len(text) / 2)
    data = text.encode(encoding)
    if encoding == "cp1252":
        # UTF-8 is tried first: the rare windows-1252 bytes that also form valid UTF-8 ("Å–" is
        # C5 96, "Ŗ" in UTF-8) are read as UTF-8, as browsers do.
        try:
            assume(data.decode("utf-8") == text)
        except UnicodeDecodeError:
            pass
    assert decode_page(data) == text


@SETTINGS
@given(st.text(max_size=300))
def test_cleaning_a_line_twice_changes_nothing(line):
    once = clean_line(line)
    assert clean_line(once) == once and "\u00a0" not in once and "  " not in once
