"""HTML → RawPage with BeautifulSoup: the main content as blocks, headings marked, chrome removed.

Headings are what the markup says is a heading: ``h1``–``h6``, ``role=heading``, an element whose
class names a heading (``rte-heading``, ``accordion__title``, ``h3``, ``SubHead``), a ``<summary>`` or an
accordion's toggle button, and a paragraph that is wholly bold. Navigation is what reads as a list of
links: a block with two or more links and no other words, or three link-only blocks in a row (with
the short title above them). A ``<form>`` that wraps the page (ASP.NET WebForms) is a container; any
other form is chrome. What else repeats on a site's pages is learned across them
(``boilerplate.py``).
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.exceptions import ParserRejectedMarkup

from .boilerplate import is_page_step, is_pager
from .decode import clean_line
from .metadata import is_date_line, parse_date, without_updated_lines
from .passages import is_accordion_toggle, without_lead_marker
from .model import Block, PageError, RawPage

# Elements that never hold page content.
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "nav", "dialog", "select",
         "input", "textarea", "label")
# A <form> holding at least this share of the page's text wraps the page; a smaller one is chrome.
MIN_WRAPPING_FORM_SHARE = 0.5
# A layout table's cell holding at least this share of the page's text is the page's content column.
MIN_CONTENT_CELL_SHARE = 0.25
# A heading marked by a class, a role or bold type is short; longer text so marked is emphasis.
MAX_MARKED_HEADING_CHARS = 150
# Headings marked by a class, bold type or an accordion toggle are sub-headings unless they say more.
MARKED_HEADING_LEVEL = 3
# This many alike sibling elements (same tag and class) make a list whose items are read one by one.
MIN_LIST_ITEMS = 3
# This many link-only blocks in a row are a list of links (a menu, related links), not content.
MIN_LINK_RUN = 3
# A read-more link stands at most this many elements up from the card that holds its headline.
MAX_CARD_DEPTH = 3
# The title of a list of links ("Læs også") is a short line right above it.
MAX_LINK_LIST_TITLE_CHARS = 40
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}
_HEADING = {f"h{n}": n for n in range(1, 7)}
# Danish class names compound the words for heading and title ("mellemrubrik", "Underrubrik",
# "hovedoverskrift", "nyhedstitel", "kontaktboks-titel").
_HEADING_CLASS = re.compile(r"(?:(?:^|[-_])(?:h([1-6])|head|heading|header|title|subhead|subheader|subheading)|(?:overskrift|rubrik|titel))"
                            r"(?:$|[-_])", re.I)
_TOGGLE_CLASS = re.compile(r"accordion|toggle|collaps|expand", re.I)
_BOLD = ("b", "strong")
_TABLE_CELLS = ("td", "th")
# Inline elements that only style what they wrap, as word processors and old editors nest them.
_STYLE_WRAPPERS = ("span", "font")
# <summary> of an accordion (<details>) reads as a sub-heading.
_SUMMARY_LEVEL = 3
_SKIP_LINK = re.compile(r"^\s*(skip|spring|gå|hop|jump)\b.{0,30}\b(indhold|content|main|navigation)", re.I)
# Danish class names spell "brødkrumme" also without the ø ("brodkrumme", "broedkruemme").
_BREADCRUMB_ATTR = re.compile(r"breadcrumb|br(?:ø|o|oe)dkr(?:u|ue)mme|crumb", re.I)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|main|div|p|h[1-6])\b", re.I | re.S)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_CRUMB_SPLIT = re.compile(r"\s+[›»>/|·]\s+")
# Between a breadcrumb's items in its own element: an arrow, a slash, a bar, a dot, or a dash between
# spaces ("Forside - Borger - Ledsageordning"; "Miljø-portalen" is one item).
_CRUMB_SEPARATOR = re.compile(r"\s*[›»>/|·]\s*|\s+[-–]\s+")
_CRUMB_LABEL = re.compile(r"^[^:/›»>|]{1,25}:\s*")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))




def _lines(text: str) -> list[str]:
    return [line for line in (clean_line(part) for part in text.split("\n")) if line]


def _breadcrumb(soup: BeautifulSoup) -> list[str] | None:
    for tag in soup.find_all(True):
        label = " ".join([tag.get("aria-label") or "", " ".join(tag.get("class") or []), tag.get("id") or ""])
        if not _BREADCRUMB_ATTR.search(label):
            continue
        items = tag.find_all("li")
        if items:
            crumbs = [clean_line(item.get_text(" ")) for item in items]
        else:  # links and the current page's name, separated by › or similar, after a label ("Du er her:")
            crumbs = _CRUMB_SEPARATOR.split(_CRUMB_LABEL.sub("", clean_line(tag.get_text(" "))))
        crumbs = [c for c in crumbs if c and c not in {">", "/", "›", "»", "|"}]
        tag.decompose()
        if crumbs:
            return crumbs
    return None


def _text_breadcrumb(blocks: list[Block]) -> list[str] | None:
    """A breadcrumb written as text ("Du er her: Forside / Borger / Affald"): the last line above the
    title with two or more crumbs between separators, without its label."""
    for block in reversed(blocks):
        for line in reversed(block.lines):
            crumbs = [c for c in _CRUMB_SPLIT.split(_CRUMB_LABEL.sub("", line)) if c]
            if len(crumbs) >= 2 and _CRUMB_SPLIT.search(line) and len(line) <= 300:
                return crumbs
    return None


def _is_skip_link(tag: Tag) -> bool:
    classes = " ".join(tag.get("class") or [])
    href = tag.get("href") or ""
    return (href.startswith("#") and bool(_SKIP_LINK.match(tag.get_text(" ")))) or "skip" in classes.lower()


def _text_of(tag: Tag) -> str:
    return clean_line(tag.get_text(" "))


def _has_block_inside(tag: Tag) -> bool:
    return tag.find(list(_BLOCK | set(_HEADING))) is not None


def _marked_level(tag: Tag) -> int:
    """The level a role or class gives an element (before its text is looked at), else 0."""
    if tag.get("role") == "heading":
        level = str(tag.get("aria-level") or "")
        return int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2
    for name in tag.get("class") or []:
        match = _HEADING_CLASS.search(name)
        if match:
            return int(match.group(1)) if match.group(1) else MARKED_HEADING_LEVEL
    if tag.name in ("p", "div"):
        first = _first_child(tag)
        while isinstance(first, Tag) and first.name in _STYLE_WRAPPERS:  # <p><span style=…><b>
            first = _first_child(first)
        if isinstance(first, Tag) and first.name in _BOLD:
            return MARKED_HEADING_LEVEL  # if all of its text is bold: checked by the caller
    return 0


def _first_child(tag: Tag):
    return next((c for c in tag.contents if not (isinstance(c, NavigableString) and not c.strip())), None)


def _fills_a_cell(tag: Tag) -> bool:
    """Whether ``tag`` is all its table cell holds: a header row written as bold paragraphs is the
    table's, not headings (a cell of a layout table holds much more than its headings)."""
    cell = tag.find_parent(_TABLE_CELLS)
    return cell is not None and _text_of(cell) == _text_of(tag)


def _wholly_bold(tag: Tag) -> bool:
    """Every word of the element stands in <b> or <strong> ("<p><strong>Dagpleje</strong></p>", not
    "<p><strong>Bemærk:</strong> du skal …</p>")."""
    for text in tag.find_all(string=True):
        if isinstance(text, _NOT_TEXT) or not text.strip():
            continue
        parent = text.parent
        while parent is not tag and parent.name not in _BOLD:
            parent = parent.parent
        if parent is tag:
            return False
    return True


def _heads_description(term: Tag) -> bool:
    """A definition list's term whose description says something (a sentence, paragraphs, a list):
    a question above its answer, not a label beside a fact ("Torsdag" beside "10.00-17.00")."""
    description = term.find_next_sibling()
    return (description is not None and description.name == "dd"
            and (description.find(["p", "ul", "ol"]) is not None or _text_of(description).endswith((".", "!", "?"))))


def _heads_lines_after(bold: Tag) -> bool:
    """Bold type that opens its paragraph and ends its line, with lines after it ("<p><strong>Ferie
    </strong><br>Du kan tage …</p>", "<b>Sådan søger du</b><br>Udfyld …"): their heading."""
    parent = bold.parent
    if parent is None or parent.name not in ("p", "div", "td", "dd") or _first_child(parent) is not bold:
        return False
    after = next((node for node in bold.next_siblings if not (isinstance(node, NavigableString) and not node.strip())),
                 None)
    if not isinstance(after, Tag) or after.name != "br":
        return False
    rest = "".join(node.get_text() if isinstance(node, Tag) else str(node) for node in after.next_siblings)
    return bool(clean_line(rest))


def _is_control(tag: Tag) -> bool:
    """A form control a reader fills in or ticks (not a hidden field)."""
    return tag.name in ("input", "textarea", "select") and str(tag.get("type") or "").lower() != "hidden"


def _is_column_header(cell: Tag) -> bool:
    """A table cell beside other cells with text in its row: a column's header, not a heading."""
    row = cell.find_parent("tr")
    return row is not None and sum(1 for other in row.find_all(_TABLE_CELLS, recursive=False) if _text_of(other)) > 1


def heading_level(tag: Tag) -> int:
    """The level of a heading the markup marks, 0 for anything else."""
    if tag.name in _HEADING:
        return _HEADING[tag.name]
    if tag.name == "summary":
        return _SUMMARY_LEVEL
    if ((tag.name == "dt" and _heads_description(tag)) or (tag.name in _BOLD and _heads_lines_after(tag))
            or (tag.name == "legend" and tag.parent is not None and tag.parent.name == "fieldset")):
        text = _text_of(tag)
        return MARKED_HEADING_LEVEL if text and len(text) <= MAX_MARKED_HEADING_CHARS and not _has_block_inside(tag) \
            and not text.endswith((".", ":", ",", ";")) and tag.find_parent(list(_HEADING)) is None else 0
    if tag.name in _TABLE_CELLS and _is_column_header(tag):
        return 0
    if tag.name == "button" or ((tag.get("aria-expanded") is not None or _links_to_next_panel(tag))
                                and not _has_block_inside(tag)):
        return MARKED_HEADING_LEVEL  # an accordion's toggle: its text names the panel it opens
    level = _marked_level(tag)  # cheap tests first: a page may nest thousands of elements
    # A title class inside a heading (Drupal's <h1><span class="field--name-title">) styles that
    # heading's text: the heading keeps its own level.
    if not level or _has_block_inside(tag) or _fills_a_cell(tag) or tag.find_parent(list(_HEADING)):
        return 0
    text = _text_of(tag)
    if not text or len(text) > MAX_MARKED_HEADING_CHARS:
        return 0
    if tag.get("role") != "heading" and not any(_HEADING_CLASS.search(c) for c in tag.get("class") or []):
        if text.endswith((".", ":", ",", ";")) or not _wholly_bold(tag):
            return 0
    return level


def _links_to_next_panel(tag: Tag) -> bool:
    """A link to the element right after it, or right after its parent ("<dt><a href='#svar1'>
    Hvem kan søge?</a></dt><dd id='svar1'>…"): an accordion's toggle, named like the panel it opens."""
    href = str(tag.get("href") or "")
    if tag.name != "a" or len(href) < 2 or not href.startswith("#"):
        return False
    return any(node is not None and (following := node.find_next_sibling()) is not None
               and following.get("id") == href[1:] for node in (tag, tag.parent))


def _is_toggle(tag: Tag) -> bool:
    """An accordion's button (it opens a panel), as against a submit or menu button, and the button
    that opens all of its panels at once ("Fold alle svar ud"), which heads nothing."""
    return bool(tag.get("aria-expanded") or tag.get("aria-controls") or tag.get("data-toggle")
                or tag.get("data-bs-toggle") or _TOGGLE_CLASS.search(" ".join(tag.get("class") or []))
                ) and not is_accordion_toggle(_text_of(tag))


class _BlockCollector:
    """Walks the content tree and cuts it into blocks at block-level elements, noting for each block
    how much of its text is link text (menus are lists of links)."""

    def __init__(self, items: set[int] = frozenset()) -> None:
        self.blocks: list[Block] = []
        self.link_only: list[int] = []  # per block: its number of links if it has no other words, else 0
        self._items = items  # ids of the elements that are items of a list of alike ones (news cards)
        self.items: list[tuple[int, int]] = []  # the blocks each such item gave: (first, end)
        self._buffer: list[str] = []
        self._words = 0  # characters of words outside links in the open block
        self._unlinked: list[str] = []  # the text outside links in the open block
        self._links = 0
        self._in_link = 0

    def flush(self, level: int = 0) -> None:
        lines = _lines("".join(self._buffer))
        if lines:
            if level:  # a heading is one line, however it was wrapped, without a toggle's arrow
                lines = [without_lead_marker(" ".join(lines))]
            self.blocks.append(Block(tuple(lines), level))
            # A date beside a link ("24/11/2026 Ny legeplads er klar" in a latest-news box) says when
            # the linked page was written: the entry is a link.
            dated = self._words and is_date_line(clean_line("".join(self._unlinked)))
            self.link_only.append(self._links if (not self._words or dated) and not level else 0)
        self._buffer, self._words, self._links, self._unlinked = [], 0, 0, []

    def walk(self, node: Tag) -> None:
        # An explicit stack, not recursion: a page nested 100,000 elements deep is read like any other.
        pending: list = list(reversed(node.contents))
        while pending:
            item = pending.pop()
            if isinstance(item, _Flush):
                self.flush(item.level)
            elif isinstance(item, _LinkEnd):
                self._in_link -= 1
            elif isinstance(item, _ItemEnd):
                self.flush()
                self.items.append((item.start, len(self.blocks)))
            elif isinstance(item, _NOT_TEXT):
                continue
            elif isinstance(item, NavigableString):
                self._buffer.append(str(item))
                if not self._in_link:
                    self._words += len(re.sub(r"[\W_]+", "", str(item)))
                    self._unlinked.append(str(item))
            elif isinstance(item, Tag):
                if item.name == "br":
                    self._buffer.append("\n")
                    continue
                if id(item) in self._items:
                    self.flush()
                    pending.append(_ItemEnd(len(self.blocks)))
                level = heading_level(item)
                if level:
                    self.flush()
                    pending.append(_Flush(level))
                elif item.name in _BLOCK:
                    self.flush()
                    pending.append(_Flush(0))
                if item.name == "a" and not self._in_link and item.get_text(strip=True):
                    self._links += 1
                if item.name == "a":
                    self._in_link += 1
                    pending.append(_LinkEnd())
                pending.extend(reversed(item.contents))


class _Flush:
    """On the walk's stack: end the block open when the element's children are read."""

    __slots__ = ("level",)

    def __init__(self, level: int) -> None:
        self.level = level


class _LinkEnd:
    """On the walk's stack: the end of a link's text."""

    __slots__ = ()


class _ItemEnd:
    """On the walk's stack: the end of an item of a list of alike elements, which began at block
    ``start``."""

    __slots__ = ("start",)

    def __init__(self, start: int) -> None:
        self.start = start


# Elements that separate a list's items and hold none (a rule between news items).
_SEPARATORS = ("hr", "br")


def list_items(root: Tag) -> set[int]:
    """Elements that are items of a list: at least ``MIN_LIST_ITEMS`` siblings of the same element
    and class (news cards, search results, people; not the rules between them), as ids. The first,
    the last or the open item often carries a class more than the others ("faq-item open" among
    "faq-item"): still an item."""
    items: set[int] = set()
    for parent in [root, *root.find_all(True)]:
        classed = [(child, frozenset(child["class"])) for child in parent.find_all(True, recursive=False)
                   if child.get("class") and child.name not in _SEPARATORS]
        exact = {(child.name, classes) for child, classes in classed}
        groups: dict[tuple, list[Tag]] = {}
        for child, classes in classed:
            keys = {(child.name, classes)} | {(child.name, classes - {name}) for name in classes
                                              if (child.name, classes - {name}) in exact}
            for key in keys:
                groups.setdefault(key, []).append(child)
        for group in groups.values():
            if len(group) >= MIN_LIST_ITEMS:
                items.update(id(child) for child in group)
    return items


def _pagers(blocks: list[Block], link_only: list[int], items: list[tuple[int, int]]) -> set[int]:
    """The lone short link right after a list of alike items ("Vis flere nyheder", "Næste 5 »"):
    the list's pager, not content. A link between two items ("Se målingerne fra projektet") is the
    item's own."""
    firsts = {first for first, _ in items}
    return {end for _, end in items
            if end not in firsts and end + 1 not in firsts and end < len(blocks) and link_only[end] == 1
            and len(blocks[end].lines) == 1
            and len(blocks[end].text) <= MAX_LINK_LIST_TITLE_CHARS
            and (end + 1 == len(blocks) or not link_only[end + 1])}  # a list of links is judged as one


def _item_titles(blocks: list[Block], link_only: list[int], items: list[tuple[int, int]],
                 dropped: set[int] = frozenset()) -> tuple[list, list]:
    """An item of a list of alike elements whose first line is short and no sentence ("Ny svømmehal
    åbner", then its date and teaser) is headed by that line: each card is its own passage. Blocks
    in ``dropped`` are left out."""
    starts = {first: end for first, end in items if end > first}
    out_blocks, out_links = [], []
    for n, (block, links) in enumerate(zip(blocks, link_only)):
        if n in dropped:
            continue
        line = block.lines[0]
        more = len(block.lines) > 1 or starts.get(n, n) - n >= 2
        if (n in starts and not block.level and more and len(line) <= MAX_MARKED_HEADING_CHARS
                and not line.endswith((".", ":", ";", ",")) and not is_date_line(line)):
            out_blocks.append(Block((without_lead_marker(line),), MARKED_HEADING_LEVEL))
            out_links.append(0)
            if len(block.lines) > 1:
                out_blocks.append(Block(block.lines[1:]))
                out_links.append(0)
        else:
            out_blocks.append(block)
            out_links.append(links)
    return out_blocks, out_links


def _without_link_lists(blocks: list[Block], link_only: list[int]) -> list[Block]:
    """Drop what reads as a list of links: a block of two or more links and no other words, a run
    of ``MIN_LINK_RUN`` link-only blocks, and the short title line right above such a list. A single
    link in the text ("Læs mere her") is content."""
    drop = [links >= 2 for links in link_only]
    n = 0
    while n < len(blocks):
        end = n
        while end < len(blocks) and link_only[end]:
            end += 1
        if end - n >= MIN_LINK_RUN:
            for k in range(n, end):
                drop[k] = True
        n = end + 1 if end == n else end
    for n in range(len(blocks) - 1):
        title = blocks[n]
        if (drop[n + 1] and not drop[n] and len(title.lines) == 1 and not link_only[n]
                and len(title.text) <= MAX_LINK_LIST_TITLE_CHARS and not title.text.endswith((".", "?", "!"))
                and not re.search(r"\d", title.text)):  # "Fredag 9-12" above a link row is a fact
            drop[n] = True
    return [block for block, dropped in zip(blocks, drop) if not dropped]


def _is_link_box(tag: Tag) -> bool:
    """A box beside the text (``<aside>``, ``role=complementary``) whose words are all link text but
    for its heading: related links ("Se også", "Relateret indhold"), not the page's content. A fact
    box says something of its own."""
    if not (tag.name == "aside" or tag.get("role") == "complementary") or tag.find("a") is None:
        return False
    for text in tag.find_all(string=True):
        if isinstance(text, _NOT_TEXT) or not re.search(r"\w", text):
            continue
        parent = text.parent
        while parent is not tag and parent.name != "a" and parent.name not in _HEADING:
            parent = parent.parent
        if parent is tag:
            return False
    return True


# Where a card names what it links to: a heading, or the <header> of an <article> (Plone's news
# items put the headline's link in a <span> there).
_HEADLINE = [*_HEADING, "header"]


def _headlines(tag: Tag) -> list[Tag]:
    return [found for found in tag.find_all(_HEADLINE) if found.name != "header" or found.find_parent("article")]


def _repeats_headline_link(link: Tag, headline_hrefs: set[str]) -> bool:
    """A link outside a heading to where a heading's link beside it leads ("Læs hele nyheden" under a
    news card's linked headline): the card's second way to its article, not its text.
    ``headline_hrefs`` holds where the page's headings link to."""
    href = link.get("href")
    if href not in headline_hrefs or link.find_parent(_HEADLINE):
        return False
    item = link.parent
    for _ in range(MAX_CARD_DEPTH):
        if item is None:
            return False
        if any(other.get("href") == href for heading in _headlines(item) for other in heading.find_all("a")):
            return True
        item = item.parent
    return False


def _mark_script_toggles(soup: BeautifulSoup) -> list[Tag]:
    """Elements whose ``onclick`` script names the id of the element right after them (a table row
    that shows the answer row below it: ``onclick="visSvar('trSvar_0')"``) are an accordion's
    toggles: the innermost element holding all of a toggle's text is marked as one (it heads the
    panel it opens, like a link to the next panel). Returns the panels, which are no cards."""
    panels = []
    for tag in soup.find_all(onclick=True):
        panel = tag.find_next_sibling()
        text = _text_of(tag)
        if (panel is None or not panel.get("id") or str(panel["id"]) not in str(tag["onclick"]) or not text
                or len(text) > MAX_MARKED_HEADING_CHARS or tag.find(list(_HEADING)) is not None):
            continue
        inner = tag
        while (child := next((c for c in inner.find_all(True, recursive=False) if _text_of(c) == text), None)):
            inner = child
        inner["aria-expanded"] = "false"
        panels.append(panel)
    return panels


def _is_script_control(tag: Tag) -> bool:
    """A link that runs the page's script ("javascript:__doPostBack(…)", or "#" with an ``onclick``:
    "Vis alle svar", "Udskriv"), or a link to "#" that opens or closes all answers of an accordion
    ("Åbn alle svar"), and is all its element holds: a control of the page, not a way to
    more text. A question that is such a link stands beside its answer, holds a heading or stands in
    one, and stays."""
    href = str(tag.get("href") or "").strip().lower()
    if tag.name != "a" or not (href.startswith("javascript:")
                               or (href in ("", "#") and (tag.get("onclick") or is_accordion_toggle(_text_of(tag))))):
        return False
    return (tag.parent is not None and _text_of(tag.parent) == _text_of(tag) and tag.get("aria-expanded") is None
            and tag.find(list(_HEADING)) is None and tag.find_parent(list(_HEADING)) is None
            and not any(heading_level(inner) for inner in tag.find_all(True)))


# A link to a page of a list by its number ("2"), and a step to the next or previous page ("Næste
# side", "« Forrige"): at most this many words.
_PAGE_NUMBER = re.compile(r"\d{1,4}")
MAX_PAGE_STEP_WORDS = 2


def _is_pager_element(tag: Tag) -> bool:
    """A list's pager as an element: two or more links to pages by number, other links that are
    steps of a word or two, and besides them no words but a count ("Side 2 af 9", "Viser 1-6 af 84
    nyheder", "(side 1 af 31)") and steps with an arrow that link nowhere on the first or last page."""
    if tag.name not in ("div", "p", "ul", "ol"):
        return False
    links = tag.find_all("a")
    numbered = [link for link in links if _PAGE_NUMBER.fullmatch(_text_of(link))]
    # Words, not the count of items a step may carry ("Næste 8 emner »").
    if not links or any(len(re.findall(r"[^\W\d_]+", _text_of(link))) > MAX_PAGE_STEP_WORDS for link in links):
        return False
    counted = False
    for text in tag.find_all(string=True):
        words = clean_line(str(text))
        if isinstance(text, _NOT_TEXT) or text.find_parent("a") is not None or not re.search(r"[^\W\d_]", words):
            continue
        if is_page_step(words):  # a step that is no link on the first or the last page ("« Forrige")
            continue
        if not is_pager(words):
            return False
        counted = True
    return len(numbered) >= 2 or counted  # pages by number, or a count beside steps ("Side 1 af 18")


def _is_lone_short_link(tag: Tag) -> bool:
    """An element that holds one short link and no other words."""
    links = tag.find_all("a")
    text = _text_of(tag)
    return (len(links) == 1 and 0 < len(text) <= MAX_LINK_LIST_TITLE_CHARS and _text_of(links[0]) == text)


# A short text with digits, which may count a list's pages ("Side 1 af 18").
_COUNT_LIKE = re.compile(r"^\s*\S.{0,58}\d.{0,58}$", re.S)


def _pager_elements(soup: BeautifulSoup) -> list[Tag]:
    """The pagers of a page: looked for only around links to pages by number (a list's items, "<li><a>2")
    and around counts of pages, so a page nested thousands deep is not searched from every element."""
    marks = [*(link for link in soup.find_all("a") if _PAGE_NUMBER.fullmatch(_text_of(link))),
             *(text.parent for text in soup.find_all(string=_COUNT_LIKE) if is_pager(clean_line(str(text))))]
    around = {id(node): node for mark in marks
              for node in (mark.parent, mark.parent.parent if mark.parent else None) if node is not None}
    return [tag for tag in around.values() if _is_pager_element(tag)]


def _choice_widgets(soup: BeautifulSoup) -> list[Tag]:
    """Small forms inside the page's form (a poll, a rating): the element that holds a submit button
    beside two or more radio buttons or check boxes, with the box title above it when that is all
    its box holds besides. A WebForms page wraps everything in one <form>, so such a widget has no
    <form> of its own; its question and answers are no content."""
    widgets = []
    for submit in soup.find_all(["input", "button"], type=re.compile(r"^(submit|image)$", re.I)):
        box = submit.parent
        if box is None or len(box.find_all("input", type=re.compile(r"^(radio|checkbox)$", re.I))) < 2:
            continue
        outer = box.parent
        if outer is not None and outer.name not in ("form", "body") and all(
                child is box or heading_level(child) or not re.search(r"\w", child.get_text())
                for child in outer.find_all(True, recursive=False)):
            box = outer
        widgets.append(box)
    return widgets


def _lines_of(tags: list[Tag]) -> list[str]:
    """The lines a reader sees in ``tags``, block by block (a footer, the boxes after a list)."""
    collector = _BlockCollector()
    for tag in tags:
        collector.walk(tag)
        collector.flush()
    return [line for block in collector.blocks for line in block.lines]


def _boxes_after_list(pager: Tag) -> list[str]:
    """A list's pager closes the list: when nothing after it in the page holds a sentence or a date,
    what follows is the boxes beside the list (a press contact, related links) and the site's
    footer, taken out of the page and returned as footer lines, as a ``<footer>``'s are. An item
    after a pager has its date or its teaser."""
    after, node = [], pager
    while node.parent is not None and node.name != "body":
        after += [sibling for sibling in node.next_siblings if isinstance(sibling, Tag)]
        node = node.parent
    for tag in after:
        for hidden in tag.find_all(_DROP):
            hidden.decompose()
    lines = _lines_of(after)
    if any(line.endswith((".", "!", "?")) or is_date_line(line) for line in lines):
        return []
    for tag in after:
        tag.decompose()
    return lines


def _columns_beside_content(soup: BeautifulSoup, body_chars: int) -> list[Tag]:
    """A layout table's columns beside the page's text: in a row whose one cell holds more text than
    the others together and at least ``MIN_CONTENT_CELL_SHARE`` of the page's, the other cells that
    hold blocks (menus, boxes of links, a press contact) are columns of chrome, as <aside> and <nav>
    are. A data table's row holds a small part of a page's text."""
    columns = []
    for row in soup.find_all("tr"):
        cells = row.find_all(_TABLE_CELLS, recursive=False)
        if len(cells) < 2:
            continue
        sizes = [len(_text_of(cell)) for cell in cells]
        content = max(range(len(cells)), key=sizes.__getitem__)
        if sizes[content] >= max(sum(sizes) - sizes[content], MIN_CONTENT_CELL_SHARE * body_chars):
            columns += [cell for n, cell in enumerate(cells) if n != content and _has_block_inside(cell)]
    return columns


def _is_wrapper(form: Tag, body_chars: int) -> bool:
    return len(_text_of(form)) >= MIN_WRAPPING_FORM_SHARE * body_chars


def html_to_rawpage(name: str, html: str, url: str | None) -> RawPage:
    """Parse an HTML page: take ``<main>`` when present, drop chrome, keep headings as headings."""
    try:
        soup = BeautifulSoup(html, "html.parser")
    except ParserRejectedMarkup as err:  # e.g. "<![0": a declaration Python's parser cannot read
        raise PageError(f"the HTML cannot be parsed: {str(err).splitlines()[0]}") from err
    if url is None:
        canonical = soup.find("link", rel="canonical")
        href = canonical.get("href") if canonical else None
        if href and re.match(r"^https?://", href):
            url = href
    for tag in soup.find_all("a"):
        if _is_skip_link(tag):
            tag.decompose()
    breadcrumb = _breadcrumb(soup)
    footer: list[str] = []
    for tag in soup.find_all("footer"):
        if tag.find_parent("article") is None:  # an <article>'s own footer is content
            footer += _lines_of([tag])
            tag.decompose()
    for tag in _choice_widgets(soup):
        tag.decompose()
    panels = {id(panel) for panel in _mark_script_toggles(soup)}
    for tag in _pager_elements(soup):
        after = tag.find_next_sibling()
        if after is not None and _is_lone_short_link(after):  # the list's feed or archive ("Nyheder som RSS")
            after.decompose()
        footer += _boxes_after_list(tag)
        tag.decompose()
    # A fieldset of controls is a form of its own inside a WebForms page's one <form> (feedback).
    forms = [tag for tag in soup.find_all("fieldset") if tag.find(_is_control) is not None]
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"aria-hidden": "true"}):
        if not re.search(r"\w", tag.get_text()):  # an icon ("+", "›"), not a collapsed panel
            tag.decompose()
    for tag in soup.find_all("button"):
        if not _is_toggle(tag):
            tag.decompose()
    for tag in soup.find_all(_is_link_box):
        tag.decompose()
    for tag in soup.find_all(_is_script_control):
        tag.decompose()
    headline_hrefs = {str(link["href"]) for heading in _headlines(soup)
                      for link in heading.find_all("a", href=True)
                      if not str(link["href"]).startswith(("#", "javascript:"))}
    for tag in soup.find_all("a") if headline_hrefs else ():
        if _repeats_headline_link(tag, headline_hrefs):
            tag.decompose()
    body_chars = len(_text_of(soup.body or soup))
    for tag in [*soup.find_all("form"), *forms]:
        if not _is_wrapper(tag, body_chars):  # a search box or a feedback form
            tag.decompose()
    for tag in soup.find_all("header"):
        if tag.find_parent(["main", "article"]) is None:  # the site header, not an article's own
            tag.decompose()
    for tag in _columns_beside_content(soup, body_chars):
        tag.decompose()
    # The page's article may hold articles of its own (a news list's items): the outermost is the content.
    articles = [tag for tag in soup.find_all("article") if tag.find_parent("article") is None]
    root = (soup.find("main") or soup.find(attrs={"role": "main"}) or (articles[0] if len(articles) == 1 else None)
            or soup.body or soup)
    collector = _BlockCollector(list_items(root) - panels)
    collector.walk(root)
    collector.flush()
    updated, blocks, link_only = None, [], []
    pagers = _pagers(collector.blocks, collector.link_only, collector.items)
    for block, links in zip(*_item_titles(collector.blocks, collector.link_only, collector.items, pagers)):
        rest, date = without_updated_lines([block])  # before its line could pass for a list's title
        updated = updated or date
        if rest:
            blocks.append(rest[0])
            link_only.append(links)
    blocks = _without_link_lists(blocks, link_only)
    title = None
    h1 = next((i for i, block in enumerate(blocks) if block.level == 1), None)
    if h1 is not None and root is soup.body:
        # Without <main> the page's content starts at its title: above it stand the banners, menus
        # and the breadcrumb ("Du er her: Forside / Borger / Affald"), which says where the page is.
        breadcrumb = breadcrumb or _text_breadcrumb(blocks[:h1])
        blocks, h1 = blocks[h1:], 0
    if h1 is not None:
        title = blocks.pop(h1).text
    elif soup.title and clean_line(soup.title.get_text()):
        title = clean_line(soup.title.get_text())
    return RawPage(name=name, url=url, blocks=blocks, title=title, breadcrumb=breadcrumb, footer=footer, html=True,
                   updated=updated or _modified(soup))


def _modified(soup: BeautifulSoup) -> str | None:
    """The page's modification date from its metadata, when it states one."""
    for attrs in ({"property": "article:modified_time"}, {"name": re.compile(r"^(dcterms|dc)\.modified$", re.I)},
                  {"itemprop": "dateModified"}):
        tag = soup.find("meta", attrs=attrs)
        if tag and parse_date(str(tag.get("content") or "")[:10]):
            return parse_date(str(tag.get("content"))[:10])
    return None
