"""Learned site chrome: skip links at the top, the breadcrumb line, the footer repeated on every page.

Nothing here knows Gladsaxe's words. What repeats at the top or the end of many pages of one site is
learned from the pages themselves; a few language-level patterns (a "skip to content" link, an
organisation's address block) cover a site with a single page.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Collection, Iterable
from urllib.parse import urlsplit

from .contents import headings_from_contents
from .metadata import is_date_line, split_breadcrumb
from .page_tools import (back_link, feedback_widgets, is_list_step, is_page_tool, is_placeholder, link_boxes,
                         list_filters, without_addresses)
from .passages import (MAX_RUN_ON_LINES, ORGANISATION, contact_facts, is_accordion_toggle, is_contact_fact,
                       is_link_line, is_list_filter, without_lead_marker)
from .model import Block, Page, RawPage

# How far from the top a repeated line may stand and still be page chrome: skip links, a cookie
# banner, the top menu. The chrome is the run of lines from the top that the site repeats, however
# long, up to this many (a scraped mega menu is a few dozen lines). Beyond the first few lines (skip
# links, a logo), a line counts as chrome only when more pages repeat it (MIN_WIDGET_PAGES): two
# pages of a small site that copy each other's text do not make their text chrome.
HEAD_WINDOW_LINES = 60
HEAD_NEAR_LINES = 3
# How far from the end a repeated line may stand and still belong to the footer.
TAIL_WINDOW_LINES = 60
# An address a page gives under its own name may end with this many of the footer's lines (street,
# postcode and town, phone, e-mail, opening hours); a longer run of them inside a paragraph is the
# footer itself.
MAX_ADDRESS_LINES = 6
# A line is chrome when at least this share of a site's pages repeat it, and at least MIN_PAGES do.
MIN_SHARE = 0.5
MIN_PAGES = 2
# Titles longer than this are body text, not a title line.
MAX_TITLE_CHARS = 200
# A widget's label ("Lyt til siden", "Del siden", "Var siden nyttig?") is a short line that is not a
# sentence; repeated on most of a site's pages, anywhere on them, it is chrome. Learned from at least
# this many pages, since two pages share ordinary lines by chance.
MAX_WIDGET_CHARS = 80
MIN_WIDGET_PAGES = 3

_SKIP_LINK = re.compile(
    r"^(skip|spring|gå|hop|jump)( direkte| straks)? (til|to|over)\b.{0,40}$", re.I)
_HOME_CRUMB = re.compile(r"^(hjem|forside|startside|home|front ?page)\b", re.I)
_CRUMB_SEPARATOR = re.compile(r"\s(›|»|>|/|\|)\s")
_POSTCODE = re.compile(r"^(DK-)?\d{4}\s+[A-ZÆØÅ]")
_CONTACT = re.compile(r"\b(CVR|Tlf|Telefon|E-?mail|EAN)\b|@", re.I)


def normalise(line: str) -> str:
    return " ".join(line.lower().split())


# A web address in a line: a printout names the page it was printed from in its footer ("Siden er
# udskrevet fra: https://…/sundhedskort"), a line every page repeats but for its own address.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+", re.I)


def line_key(line: str) -> str:
    """What a line is compared by: a short hash of it normalised, any web address in it left out.
    Signatures keep these rather than the lines (a page's last 60 lines are mostly its text): at
    10,000 pages the manifest an incremental reindex reads and writes was 72 MB of them."""
    return hashlib.blake2b(_ADDRESS.sub("<address>", normalise(line)).encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class PageSignature:
    """What boilerplate learning needs to know of one page: its first and last lines (``line_key``),
    each part without repeats (``head_far`` holds none of ``head``'s), so the parts can be counted
    as they are.

    Small enough to keep in the index manifest, so an incremental reindex can relearn a site's
    boilerplate without reading the pages that did not change; read back as tuples (the manifest
    lists each part sorted), which costs a tenth of making sets of 10,000 pages' keys.
    """

    site: str
    head: Collection[str]  # the first HEAD_NEAR_LINES lines
    tail: Collection[str]
    widgets: Collection[str] = ()  # short non-sentence lines anywhere on the page
    head_far: Collection[str] = ()  # the rest of the first HEAD_WINDOW_LINES lines, less those of head
    title_parts: Collection[str] = ()  # the title's first and last part ("Nyheder | Havby Kommune")
    headings: Collection[str] = ()  # short headings ("Kontakt", "Se også")

    def to_json(self) -> dict:
        return {"site": self.site, "head": sorted(self.head), "tail": sorted(self.tail),
                "widgets": sorted(self.widgets), "head_far": sorted(self.head_far),
                "title_parts": sorted(self.title_parts), "headings": sorted(self.headings)}

    @classmethod
    def from_json(cls, data: dict) -> "PageSignature":
        return cls(data["site"], tuple(data["head"]), tuple(data["tail"]), tuple(data.get("widgets", ())),
                   tuple(data.get("head_far", ())), tuple(data.get("title_parts", ())),
                   tuple(data.get("headings", ())))


def _is_widget_label(line: str) -> bool:
    """A button's or box's label: short, no sentence, no date (a news date that a "latest news" box
    repeats on every page is the news list's content)."""
    return len(line) <= MAX_WIDGET_CHARS and not line.endswith(".") and not is_date_line(line)


# Terms listed under a label ("Arkiveret under: Parkering, Trafik", "Emneord: Affald, Genbrug"): the
# page's keywords. The label is what the site repeats; the terms change from page to page. No digits
# (a phone number, opening hours) and no sentence: a fact of the page is no keyword.
_TERM_LIST = re.compile(r"^(?P<label>[^\W\d_][^\d:.!?]{0,40}):\s+[^\d.!?:]+$")


def _term_list_label(line: str) -> str | None:
    """The label of a line of terms ("Arkiveret under:"), None for any other line."""
    match = _TERM_LIST.match(line)
    return match.group("label") + ":" if match else None


def _box_title(block: Block, html: bool) -> str | None:
    """What may title a box: a short heading, or in scraped text (which marks no headings) a label
    that opens a paragraph of more lines ("Kontakt" above a department's name and phone)."""
    title = block.text if html else block.lines[0]
    if (block.level if html else len(block.lines) > 1) and _is_widget_label(title):
        return title
    return None


def page_signature(page: RawPage) -> PageSignature:
    lines = [line for block in page.blocks for line in block.lines]
    head = frozenset(line_key(line) for line in lines[:HEAD_NEAR_LINES])
    return PageSignature(
        site=page.site,
        head=head,
        # An HTML page's content is found by its structure (main, h1, navigation): only its first
        # lines are compared; what precedes the text of a scraped page is learned from the site.
        head_far=frozenset() if page.html else
        frozenset(line_key(line) for line in lines[HEAD_NEAR_LINES:HEAD_WINDOW_LINES]) - head,
        tail=frozenset(line_key(line) for line in lines[-TAIL_WINDOW_LINES:]),
        widgets=frozenset(line_key(line) for block in page.blocks if not block.level
                          for line in block.lines if _is_widget_label(line))
        | frozenset(line_key(label) for block in page.blocks if not block.level
                    for line in block.lines if (label := _term_list_label(line))),
        title_parts=frozenset(line_key(part) for part in _title_ends(page.title or _first_line(page))),
        headings=frozenset(line_key(label) for block in page.blocks if (label := _box_title(block, page.html))),
    )


def _first_line(page: RawPage) -> str:
    """A scraped page's first line, which may be its <title> ("Fritidspas | Lindkær Kommune")."""
    return "" if page.html or not page.blocks else page.blocks[0].lines[0]


# How a page's <title> joins the page's name and the site's: "Nyheder | Havby Kommune".
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")


def _title_ends(title: str) -> tuple[str, ...]:
    """The first and the last part of a title its separators cut in parts, else nothing."""
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    return (title[:cuts[0].start()], title[cuts[-1].end():]) if cuts else ()


def _without_site_name(title: str, learned: frozenset[str]) -> str:
    """The title without the part the site puts in every page's title, at its end or its start."""
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    if cuts and line_key(title[cuts[-1].end():]) in learned:
        return title[:cuts[-1].start()]
    if cuts and line_key(title[:cuts[0].start()]) in learned:
        return title[cuts[0].end():]
    return title


@dataclass(frozen=True)
class Boilerplate:
    """What one site repeats: lines near the top (``head``) and near the end (``tail``) of its pages,
    by ``line_key``."""

    head: frozenset[str] = frozenset()
    tail: frozenset[str] = frozenset()
    widgets: frozenset[str] = frozenset()
    pages: int = 0
    titles: frozenset[str] = frozenset()  # what the site's pages put in every title beside its name
    box_titles: frozenset[str] = frozenset()  # headings most pages repeat: titles of boxes ("Kontakt")

    @property
    def learned(self) -> bool:
        return self.pages >= MIN_PAGES


def learn_boilerplate(signatures: Iterable[PageSignature]) -> Boilerplate:
    """Learn the lines a site repeats at the top and the end of its pages."""
    signatures = list(signatures)
    count = len(signatures)
    if count < MIN_PAGES:
        return Boilerplate(pages=count)
    # One count per part over all pages (an incremental reindex of a 10,000-page site relearns
    # from every page's signature: Counter's C loop over a chain, not an update per page).
    near = Counter(chain.from_iterable(s.head for s in signatures))
    head = near.copy()  # the lines of the whole head window: head_far repeats none of head's
    head.update(chain.from_iterable(s.head_far for s in signatures))
    needed = max(MIN_PAGES, math.ceil(MIN_SHARE * count))
    needed_far = max(needed, MIN_WIDGET_PAGES)

    def repeated(part: str, at_least: int) -> frozenset[str]:
        counts = Counter(chain.from_iterable(getattr(s, part) for s in signatures))
        return frozenset(line for line, n in counts.items() if n >= at_least)

    return Boilerplate(
        head=frozenset(line for line, n in head.items() if n >= needed_far or near.get(line, 0) >= needed),
        tail=repeated("tail", needed),
        widgets=repeated("widgets", needed) if count >= MIN_WIDGET_PAGES else frozenset(),
        pages=count,
        titles=repeated("title_parts", needed_far),
        box_titles=repeated("headings", needed) if count >= MIN_WIDGET_PAGES else frozenset(),
    )


def _footer_start_by_pattern(lines: list[str]) -> int:
    """For a site we cannot learn from: the footer starts at an organisation's address block
    ("X Kommune" followed closely by a postcode or contact line) near the end. Returns len(lines)
    when there is none."""
    first = max(0, len(lines) - TAIL_WINDOW_LINES)
    for i in range(first, len(lines)):
        if ORGANISATION.match(lines[i]) and any(
            _POSTCODE.match(line) or _CONTACT.search(line) for line in lines[i + 1 : i + 4]
        ):
            return i
    return len(lines)


def _is_breadcrumb(line: str, next_line: str | None) -> bool:
    if len(line) > 300:
        return False
    if _HOME_CRUMB.match(line) or _CRUMB_SEPARATOR.search(line):
        return True
    # Scraped breadcrumbs end with the page's own title, which follows on the next line.
    return bool(next_line) and normalise(line).endswith(normalise(next_line)) and len(line) > len(next_line)


# A line that is nothing but a breadcrumb's separator.
_SEPARATOR_LINE = re.compile(r"^\s*[»›>/|]\s*$")


def _crumbs_a_line_each(items: list[tuple[int, str]], start: int) -> tuple[str, int]:
    """The breadcrumb at ``start`` as one line ("Borger » Ældre og handicap » Hjælpemidler") when a
    scraper wrote each crumb on a line of its own, and how many lines it took: with a separator on a
    line between each two, or with none, a run of short lines, each a paragraph of its own, the last
    of which the page's title under it repeats or begins with ("Bolig og byggeri", "Skadedyr",
    "Rotter" over "Rotter – anmeld og bekæmp"). Else the line at ``start`` and 1."""
    end = start + 1
    while end + 1 < len(items) and _SEPARATOR_LINE.match(items[end][1]) and not _SEPARATOR_LINE.match(items[end + 1][1]):
        end += 2
    if end > start + 1:
        return " ".join(line.strip() for _, line in items[start:end]), end - start
    run = start
    while run < len(items) and run - start < MAX_CRUMBS and _is_crumb(items[run][1]) and _alone(items, run):
        run += 1
        following = items[run][1] if run < len(items) else ""
        if run - start >= 2 and _is_crumb(following, MAX_TITLE_CHARS) and normalise(following).startswith(
                normalise(items[run - 1][1])):
            return " › ".join(line.strip() for _, line in items[start:run]), run - start
    return items[start][1], 1


# A breadcrumb has this many crumbs at most; a crumb is this long at most.
MAX_CRUMBS = 7
MAX_CRUMB_CHARS = 50


def _alone(items: list[tuple[int, str]], at: int) -> bool:
    """Whether the line at ``at`` is the only line of its paragraph."""
    return all(not 0 <= other < len(items) or items[other][0] != items[at][0] for other in (at - 1, at + 1))


def _is_crumb(line: str, longest: int = MAX_CRUMB_CHARS) -> bool:
    return 0 < len(line) <= longest and not line.rstrip().endswith((".", "!", "?", ":", ","))


def _looks_like_title(items: list[tuple[int, str]], i: int) -> bool:
    """A title line stands alone in its paragraph and is not a sentence."""
    block, line = items[i]
    alone = (i + 1 == len(items) or items[i + 1][0] != block)
    return alone and len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ",", ";"))


_PAGE_NUMBER = re.compile(r"\d{1,3}")
# Which of a list's items or pages a page shows, of how many, and the steps beside it: "Viser 1-6 af
# 84 nyheder", "Resultat 11-20 af 58", "Side 1 af 14 Næste side >> Nyhedsarkiv" (a dump's one line).
_PAGE_COUNT = re.compile(r"^[^\W\d_]+:?\s+\d{1,4}(?:\s*[-–]\s*\d{1,4})?\s+af\s+\d+(?:\s+[^\d\s.]+){0,4}$", re.I)
_WORD = re.compile(r"[^\W\d_]+")


def is_pager(line: str) -> bool:
    """A list's page links as a scraper sees them ("« Forrige 1 2 3 … 9 Næste »", "Side 1 af 6
    Næste >>", "Viser 1-6 af 84 nyheder"): page numbers counting up from the first pages, and at
    most three words."""
    if len(line) > 60:
        return False
    if _PAGE_COUNT.match(line.strip().removeprefix("(").removesuffix(")")):  # "(side 1 af 31)" too
        return True
    tokens = line.split()
    # A step may say how many items the next page shows ("Næste 8 emner »", Plone's): no page number.
    tokens = [t for n, t in enumerate(tokens) if not (
        0 < n < len(tokens) - 1 and _PAGE_NUMBER.fullmatch(t) and _WORD.fullmatch(tokens[n - 1]) and _WORD.fullmatch(tokens[n + 1]))]
    numbers = [int(t) for t in tokens if _PAGE_NUMBER.fullmatch(t)]
    words = [t for t in tokens if _WORD.fullmatch(t)]
    return (len(numbers) >= 2 and numbers[0] <= 2 and numbers == sorted(numbers) and len(words) <= 3
            and len(numbers) + len(words) + sum(not any(c.isalnum() for c in t) for t in tokens) == len(tokens))


_PAGE_STEP = re.compile(r"^[‹«<←]\s*\S+(?:\s+\S+)?$|^\S+(?:\s+\S+)?\s*[›»>→]$")


def is_page_step(line: str) -> bool:
    """A pager's link to the next or the previous page: a word or two with an arrow ("« Forrige")."""
    return bool(_PAGE_STEP.match(line))


def _pager_lines(block: Block) -> set[int]:
    """The lines of a pager in a paragraph: the pager line, and beside it the links to the next or
    the previous page, one or two words with an arrow ("Næste side ›", "« Forrige"). A paragraph of
    nothing but a pager and labels (no sentence, no date) is the list's pager and controls whole
    ("Viser 6 af 148 nyheder", "Vis flere nyheder", "Abonner på nyheder")."""
    pager = [is_pager(line) for line in block.lines]
    if not any(pager):
        return set()
    if all(is_page or _is_widget_label(line) for line, is_page in zip(block.lines, pager)):
        return set(range(len(block.lines)))
    return {i for i, line in enumerate(block.lines) if pager[i] or is_page_step(line)}


def _link_boxes(blocks: list[Block], boilerplate: Boilerplate) -> set[int]:
    """Blocks under a label the site repeats ("Læs også") that hold only short lines that are no
    sentences: a box of related links in scraped text, which differs from page to page. A contact box
    under a name the site repeats ("Kultur og Fritid", also a menu item) gives a phone number or an
    address: content."""
    return {n for n, block in enumerate(blocks)
            if len(block.lines) >= 2 and line_key(block.lines[0]) in boilerplate.widgets
            and all(_is_widget_label(line) and not is_contact_fact(line) for line in block.lines[1:])}


def _section_menus(groups: list[tuple[int, list[str]]], title: str) -> set[int]:
    """The section's menu in scraped text: above the line that repeats the page's title, a paragraph
    of short labels, no sentences, that names the page itself among its neighbours ("Vandværker /
    Egen brønd / <this page> / Sløjfning af brønde"): a menu marks where the reader is. Returns the
    indexes of such paragraphs in ``groups``."""
    own = normalise(title)
    title_line = next((i for i, (_, lines) in enumerate(groups) if len(lines) == 1 and normalise(lines[0]) == own),
                      None)
    if title_line is None:
        return set()
    menus = set()
    for i, (_, lines) in enumerate(groups[:title_line]):
        items = [normalise(without_lead_marker(line)) for line in lines]  # "* Dagtilbud"
        if len(lines) >= 2 and own in items and all(_is_widget_label(line) for line, item in zip(lines, items)
                                                     if item != own):
            menus.add(i)
    return menus


# A paragraph of one short line that a page repeats this often ("Til toppen" after every answer) is
# a control of the page, not its text.
MIN_CONTROL_REPEATS = 3


def _repeated_controls(blocks: list[Block]) -> set[int]:
    """The paragraphs of one short line, no sentence nor read-more link, that the page itself
    repeats at least ``MIN_CONTROL_REPEATS`` times: a link back to the top after every section."""
    lone = [(n, normalise(block.lines[0])) for n, block in enumerate(blocks)
            if len(block.lines) == 1 and not block.level and _is_widget_label(block.lines[0])
            and not is_link_line(block.lines[0])]
    counts = Counter(line for _, line in lone)
    return {n for n, line in lone if counts[line] >= MIN_CONTROL_REPEATS}


def _repeated_pointers(blocks: list[Block]) -> set[str]:
    """Read-more lines that end ``MIN_CONTROL_REPEATS`` or more of a page's paragraphs alike ("Læs
    mere", "Læs nyheden"): the links of a list's items to their articles, no text of theirs; the same
    words under every item name none of them."""
    run_on = len(blocks) == 1 or max((len(block.lines) for block in blocks), default=0) > MAX_RUN_ON_LINES
    # A scrape without blank lines runs the items into one paragraph: each item's link is a line.
    ends = (line for block in blocks for line in (block.lines if run_on else block.lines[-1:]))
    counts = Counter(normalise(bare) for bare in map(without_addresses, ends) if is_link_line(bare))
    return {line for line, n in counts.items() if n >= MIN_CONTROL_REPEATS}


def _is_box_line(line: str) -> bool:
    """A line of a box beside the text (a link, a dated headline, a label): no sentence, and no
    contact fact but a weekday ("Rådhuset holder lukket fredag"): a phone number, an address or
    opening hours below the text are the page's own contact box."""
    return not line.rstrip().endswith((".", "!")) and not contact_facts(line) - {"weekday"}


def _boxes_below_text(blocks: list[Block], numbers: list[int], controls: set[int]) -> int | None:
    """Scraped text puts the boxes beside a page's text below it (related links, a latest-news box,
    the site's self-service links): from the first of the site's widgets or a pager after the page's
    text (``controls``: block numbers) to the footer, nothing but lines of boxes. Returns the first
    block of that run among ``numbers`` (the page's blocks in order), None when there is none."""
    first = None
    for n in reversed(numbers):
        block = blocks[n]
        if n in controls and not block.level:
            first = n
        elif block.level or not all(_is_box_line(line) for line in block.lines):
            break
    if first is None:
        return None
    before = numbers[:numbers.index(first)]
    said = any(not blocks[n].level and not all(_is_box_line(line) for line in blocks[n].lines) for n in before)
    return first if said else None


def _boxes_below_updated(blocks: list[Block], numbers: list[int], controls: set[int], below: int | None) -> int | None:
    """A scraped page's "last updated" line closes its text: when the paragraphs between it and the
    footer hold no sentence (the site's widgets, ``controls``, aside), they are the boxes beside the
    text (a contact box, related links), however little the site repeats them. Returns the first of
    them among ``numbers`` (the page's blocks in order), None when that is not so."""
    later = [n for n in numbers if below is not None and n >= below]
    said = any(not _is_box_line(line) for n in numbers if below is None or n < below for line in blocks[n].lines)
    if not later or not said or any(
            line.rstrip().endswith((".", "!", "?")) for n in later if n not in controls for line in blocks[n].lines):
        return None
    return later[0]


def _titled_boxes_after_text(blocks: list[Block], items: list[tuple[int, str]], boilerplate: Boilerplate) -> set[int]:
    """The boxes after a page's text under titles the site repeats as headings on most pages
    ("Kontakt" above the department a page belongs to, "Se også"): from the first such heading after
    which every heading is one or stands right under one, to the end of ``items`` (the page's lines,
    by block). Their lines change from page to page, their titles do not; the page's own sections
    have titles of their own."""
    numbers = list(dict.fromkeys(n for n, _ in items))
    titles = {n for n in numbers if blocks[n].level and line_key(blocks[n].text) in boilerplate.box_titles}
    first = None
    for at in range(len(numbers) - 1, -1, -1):
        n = numbers[at]
        if n in titles:
            first = n
        elif blocks[n].level and not (at and numbers[at - 1] in titles):  # a box's own first line in bold
            break
    if first is None or not any(not blocks[n].level for n in numbers[:numbers.index(first)]):
        return set()
    return set(numbers[numbers.index(first):])


def _past_section_menu(items: list[tuple[int, str]], start: int, crumbs: list[str]) -> int:
    """Where the page goes on after the section's menu that a dump shows between the breadcrumb and
    the title (Plone's navigation portlet, in the page's text before its content): the section's
    name, a crumb of the breadcrumb, alone in its paragraph (unless it went as a line the site
    repeats), over a paragraph of list items that names the page's own crumb among them. ``start``
    when no such menu stands there."""
    if start >= len(items):
        return start
    # The section's name may have gone already, as a line the site repeats at the top.
    named = normalise(items[start][1]) in {normalise(crumb) for crumb in crumbs[:-1]}
    first = start + 1 if named else start
    menu = [i for i, (n, _) in enumerate(items) if first < len(items) and n == items[first][0]]
    entries = [items[i][1] for i in menu]
    if (first < len(items) and (not named or items[first][0] != items[start][0]) and menu and menu[0] == first
            and all(without_lead_marker(entry) != entry for entry in entries)
            and normalise(crumbs[-1]) in {normalise(without_lead_marker(entry)) for entry in entries}):
        return menu[-1] + 1
    return start


# The list's own link after its pager (its feed, its archive) is this short at most.
MAX_LIST_LINK_CHARS = 40


def _links_after_pagers(blocks: list[Block], pagers: dict[int, set[int]]) -> set[int]:
    """The paragraph of one short line, no sentence, right after a paragraph that is a pager and
    nothing else ("Abonnér på nyheder via RSS" under "1 2 3 … 25 Næste »"): the list's own link, as
    in HTML, not the last item's."""
    return {n + 1 for n, lines in pagers.items() if lines and len(lines) == len(blocks[n].lines)
            and n + 1 < len(blocks) and len(blocks[n + 1].lines) == 1 and not blocks[n + 1].level
            and len(blocks[n + 1].lines[0]) <= MAX_LIST_LINK_CHARS and _is_box_line(blocks[n + 1].lines[0])}


def _is_widget(line: str, boilerplate: Boilerplate) -> bool:
    """A label the site repeats, or terms listed under one (the page's keywords)."""
    label = _term_list_label(line)
    return line_key(line) in boilerplate.widgets or (label is not None and line_key(label) in boilerplate.widgets)


def _run_in_paragraph(items: list[tuple[int, str]], end: int) -> int:
    """How many lines from ``end`` on stand in the paragraph of the line above ``end``."""
    if not 0 < end < len(items):
        return 0
    return sum(1 for n, _ in items[end:] if n == items[end - 1][0])


# How many of a page's first paragraphs may stand above its title (the crumbs and tools a scrape
# runs into one per line).
TITLE_WINDOW_GROUPS = 8
_DANISH_TO_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})
_DANISH_TO_VOWEL = str.maketrans({"æ": "a", "ø": "o", "å": "a", "é": "e"})


def _spells(line: str, slug_words: list[str], exactly: bool) -> bool:
    """Whether a short line, no sentence, has the words of a URL's last segment (``exactly``: those
    and no others), in either of the ways CMSs write æ/ø/å ("Skolekørsel" for …/skolekoersel;
    "Kontakt Borgerservice" has the words of /kontakt/borgerservice)."""
    if len(line.split()) > MAX_TITLE_WORDS or line.rstrip().endswith((".", "!")):
        return False
    lower = line.lower()
    for table in (_DANISH_TO_ASCII, _DANISH_TO_VOWEL):
        words = re.findall(r"[a-z0-9]+", lower.translate(table))
        if words == slug_words if exactly else set(slug_words) <= set(words):
            return True
    return False


def _title_in_text(groups: list[tuple[int, list[str]]], levels: list[int], url: str | None,
                   head: list[str]) -> tuple[str | None, list[tuple[int, list[str]]]]:
    """The title of a page that names none in markup, a breadcrumb or a title line: its first
    paragraph when that is a heading of the first rank ("Skolekørsel" underlined with "="), else the
    line among its first paragraphs that spells the last segment of its URL, as CMSs name a page's
    address after its title (what stands above it is the crumbs and tools a scrape ran into the
    page; of two such lines, the crumb that names the page and the title, the last), or the last
    line that has the segment's words in the ``head`` the site repeats above its pages, which the
    title ran into. Returns the title (None: not found) and the paragraphs under it."""
    if groups and levels[groups[0][0]] == 1 and len(groups[0][1]) == 1:
        return groups[0][1][0], groups[1:]
    path = urlsplit(url or "").path.rstrip("/")
    slug = re.sub(r"\.[a-z]{2,5}$", "", path.rsplit("/", 1)[-1].lower())
    wanted = re.findall(r"[a-z0-9]+", slug)
    if len("".join(wanted)) < MIN_SLUG_CHARS:
        return None, groups
    for at, (n, lines) in enumerate(groups[:TITLE_WINDOW_GROUPS]):
        spelled = [i for i, line in enumerate(lines) if _spells(line, wanted, exactly=True)]
        if spelled:  # the last of them: a crumb that names the page stands above its title
            rest = lines[spelled[-1] + 1:]
            return lines[spelled[-1]], ([(n, rest)] if rest else []) + groups[at + 1:]
    spelled = [line for line in head if _spells(line, wanted, exactly=False)]
    return (spelled[-1] if spelled else None), groups


# A URL's last segment this short ("/", "/da") names no page; a title is at most this many words.
MIN_SLUG_CHARS = 4
MAX_TITLE_WORDS = 10


def clean_page(raw: RawPage, boilerplate: Boilerplate) -> Page:
    """Remove skip links, the breadcrumb, the title line and the repeated footer from a page."""
    # Work on (block number, line) pairs so the paragraph structure survives the cuts.
    items = [(n, line) for n, block in enumerate(raw.blocks) for line in block.lines]
    levels = [block.level for block in raw.blocks]

    start = 0
    title = raw.title
    # A scraper that copies the page's <title> puts it first, the site's name beside the page's
    # ("Fritidspas | Lindkær Kommune"): the page's title, above the banners the site repeats.
    title_line = title is None and bool(items) and bool(_title_ends(items[0][1])) and \
        _without_site_name(items[0][1], boilerplate.titles) != items[0][1]
    if title_line:
        title, start = items[0][1], 1
    while start < min(len(items), HEAD_WINDOW_LINES):
        line = items[start][1]
        if line_key(line) in boilerplate.head or _SKIP_LINK.match(line):
            start += 1
        else:
            break

    breadcrumb = raw.breadcrumb or []
    if raw.breadcrumb is None and start < len(items) and not levels[items[start][0]]:  # a heading is no breadcrumb
        line, used = _crumbs_a_line_each(items, start)
        following = items[start + used][1] if start + used < len(items) else None
        back = back_link(line)
        if back:  # a mobile layout's arrow back to the page above stands for the breadcrumb
            breadcrumb = [back]
            start += used
        elif _is_breadcrumb(line, title or following):
            breadcrumb = split_breadcrumb(line, title or following)
            start += used
            # Tools the site puts under its breadcrumb ("Lyt til teksten", "Print", "Del") are more
            # of the head it repeats.
            while start < min(len(items), HEAD_WINDOW_LINES) and line_key(items[start][1]) in boilerplate.head:
                start += 1
    if title is None and breadcrumb:
        start = _past_section_menu(items, start, breadcrumb)
    if title is None and start < len(items) and _looks_like_title(items, start):
        title = items[start][1]
        start += 1
    elif title_line and start < len(items) and line_key(items[start][1]) == line_key(
            _without_site_name(title, boilerplate.titles)):
        start += 1  # the page's heading under the banners repeats the title line's name

    lines = [line for _, line in items]
    if boilerplate.learned:
        end = len(items)
        while end > start and line_key(items[end - 1][1]) in boilerplate.tail:
            end -= 1
        # The footer begins at a paragraph's start: a paragraph whose last lines the footer repeats
        # ("7560 Skovhøj" under an address the page gives) is kept whole. A copy that writes no
        # blank line between blocks (a browser's innerText) runs the page's last box into the footer:
        # a run of more repeated lines than an address has is the footer, wherever it starts.
        if _run_in_paragraph(items, end) <= MAX_ADDRESS_LINES:
            while start < end < len(items) and items[end][0] == items[end - 1][0]:
                end += 1
    else:
        end = max(start, _footer_start_by_pattern(lines))
    footer = list(raw.footer) + lines[end:]

    boxes = _link_boxes(raw.blocks, boilerplate) | _titled_boxes_after_text(raw.blocks, items[start:end], boilerplate)
    # A widget stands on its own: a paragraph of nothing but repeated labels. The same short line
    # inside a paragraph of other lines is content ("6640 Havby" in an address the page gives, which
    # the footer of every page repeats).
    alone = {n for n, block in enumerate(raw.blocks) if all(_is_widget(line, boilerplate) for line in block.lines)}
    pointers = set()
    if not raw.html:
        alone |= _repeated_controls(raw.blocks)
        alone |= {n for n, block in enumerate(raw.blocks) if not block.level and is_list_filter(block.lines)}
        pointers = _repeated_pointers(raw.blocks)
    pagers = {n: _pager_lines(block) for n, block in enumerate(raw.blocks)}
    if not raw.html:
        alone |= _links_after_pagers(raw.blocks, pagers)
    if not raw.html and boilerplate.learned:
        numbers = list(dict.fromkeys(n for n, _ in items[start:end]))
        # A box under a title the site repeats ("Kontakt") is the site's, whatever its lines; a label
        # the page's menu above shows too names a part of the site ("Kultur og Fritid" over its phone).
        menu = {line_key(line) for _, line in items[:start]}
        titled = {n for n in numbers if (label := _box_title(raw.blocks[n], False))
                  and line_key(label) in boilerplate.box_titles and line_key(label) not in menu}
        # A dump sets a blank line between a box's title and its lines: a label the site repeats
        # alone in its paragraph titles the paragraph below it when that holds no sentence (and does
        # not open with a part of the site the menu names).
        titled |= {below for n, below in zip(numbers, numbers[1:]) if n in alone and len(raw.blocks[n].lines) == 1
                   and not {line_key(raw.blocks[n].lines[0]), line_key(raw.blocks[below].lines[0])} & menu
                   and not any(line.rstrip().endswith((".", "!", "?")) for line in raw.blocks[below].lines)}
        steps = {n for n in numbers if all(is_list_step(line) for line in raw.blocks[n].lines)}
        controls = alone | titled | steps | {n for n, lines in pagers.items() if lines}
        boxes_from = min((n for n in (_boxes_below_text(raw.blocks, numbers, controls),
                                      _boxes_below_updated(raw.blocks, numbers, controls, raw.below_updated))
                          if n is not None), default=None)
        if boxes_from is not None:  # dropped: the footer is what follows them
            end = next(i for i, (n, _) in enumerate(items) if n == boxes_from)
    groups: list[tuple[int, list[str]]] = []
    places = [place for block in raw.blocks for place in range(len(block.lines))]  # each line's place in its paragraph
    shown = [without_addresses(line) for _, line in items[start:end]]
    boxed = {start + at for at in link_boxes(shown, [n for n, _ in items[start:end]]) | list_filters(shown)
             | feedback_widgets(shown)}
    for at, ((n, line), place) in enumerate(zip(items[start:end], places[start:end]), start):
        # A repeated read-more line ("Læs mere her") is the link of the text it follows: kept. One
        # that follows no text (a "Læs op" button above the first paragraph) is a widget.
        follows_text = bool(groups) and not levels[groups[-1][0]]
        if ((n in alone and not levels[n] and not (is_link_line(line) and follows_text)) or n in boxes
                or place in pagers[n] or normalise(shown[at - start]) in pointers
                or (not raw.html and (is_accordion_toggle(line) or is_placeholder(line)))
                or is_page_tool(shown[at - start]) or at in boxed):
            continue
        if groups and groups[-1][0] == n:
            groups[-1][1].append(line)
        else:
            groups.append((n, [line]))
    if title:
        title = _without_site_name(title, boilerplate.titles)
    if not title and not breadcrumb:
        title, groups = _title_in_text(groups, levels, raw.url, [line for _, line in items[:start]])
    title = title or (breadcrumb[-1] if breadcrumb else raw.name)
    if groups and levels[groups[0][0]] and normalise(" ".join(groups[0][1])) == normalise(title):
        groups = groups[1:]  # the page's title in a heading of a lower rank (a label styled as the title)
    menus = _section_menus(groups, title)
    blocks = [Block(tuple(ls), levels[n]) for i, (n, ls) in enumerate(groups) if i not in menus]
    return Page(
        name=raw.name,
        url=raw.url,
        title=title,
        breadcrumb=breadcrumb,
        blocks=blocks if raw.html else headings_from_contents(blocks, title),
        footer=footer,
        site=raw.site,
        html=raw.html,
        updated=raw.updated,
    )
