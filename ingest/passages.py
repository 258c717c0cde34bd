"""Cleaned page → passages, the way a reader sees them.

Headings start the passages they name. HTML marks its headings; in scraped text a heading is a short
line standing alone between blank lines, without sentence punctuation, followed by body text (a short
line directly under its paragraph, with no blank line between, is that paragraph's caption).

A page that lists cases is cut into items: every headed example is one case, every paragraph outside
a heading is one (with its "Læs mere…" line or caption attached). Other pages (partnerships, ordinary
pages) are cut into sections: a new section starts at a heading, or at a paragraph that opens a new
topic once the previous one has ended. A paragraph opens a topic when the site itself speaks in its
first sentence ("Gladsaxe Kommune har indgået …"), or when that sentence names something the passage
so far does not and the next paragraph goes on about it ("Stengård Skole deltager i Aktion
Verdensmål." followed by "Aktion Verdensmål er …"); paragraphs that point back ("Målet med
partnerskabet …") or name the passage's own subject stay with it. On a page whose items end with
read-more links rather than start with headings, the few heading-like lines in scraped text are
sub-headings inside an item, not items of their own.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .metadata import derive_title, first_sentence, is_date_line, page_kind, parse_date, years_in
from .model import Block, Page, Passage
from .page_tools import is_every_kind_option

# A caption or sub-heading: one short line that is not a sentence.
MAX_CAPTION_CHARS = 80
# A heading in scraped text: one line of at most this many characters between blank lines.
MAX_TEXT_HEADING_CHARS = 100
# A page whose items end with read-more links (at least this many, and more than its heading-like
# lines) uses paragraphs, not headings, to separate its items.
MIN_ITEM_LINKS = 3
# A page with at least this many paragraphs that start with a headline line reads them as items.
MIN_HEADED_ITEMS = 3
# The level a heading found in scraped text gets (the page title above it being level 1).
TEXT_HEADING_LEVEL = 2
# A link line ("Læs mere om Headspace Gladsaxe") is short.
MAX_LINK_CHARS = 120
# Ordinary pages without headings are cut into sections of about this size, at paragraph ends.
MAX_SECTION_CHARS = 1500
# A capitalised word is a distinctive name when at most this share of a page's paragraphs use it.
MAX_NAME_SHARE = 0.15
# A name repeated this often in one passage may title it ("Vild Med Vilje", "Genbrugslopperne").
MIN_NAME_REPEATS = 3
# Shorter names ("ABC") make poor titles on their own.
MIN_TITLE_NAME_CHARS = 5

# The arrows and plus signs a site sets before an accordion's question ("► Hvornår …", "+ Hvem kan
# søge?"), and with list bullets before a link ("» Læs mere om …"): characters of a character class.
TOGGLE_MARKERS = "►▶▸▹›»→>+"
LEAD_MARKERS = TOGGLE_MARKERS + "•◦·*–—\\-"
_LEAD_MARKER = re.compile(rf"^[{LEAD_MARKERS}]+\s+")
_TOGGLE_MARKER = re.compile(rf"^[{TOGGLE_MARKERS}]+\s+")


# The button above an accordion that opens or closes all its answers at once ("Åbn alle", "Fold alle
# ud", "Skjul alle", "Vis alle svar"): an imperative of showing or hiding, "alle" and at most two
# words more. A scraped text keeps only its words, a link to "#" its words and nowhere to go.
_TOGGLE_VERBS = "åbn|luk|fold|skjul|vis|udvid|klap"
_ACCORDION_TOGGLE = re.compile(
    rf"^[{LEAD_MARKERS}▼▲−\s]*(?:{_TOGGLE_VERBS}|expand|collapse|show|hide)\s+(?:alle|all)"
    r"(?:\s+[\w-]+){0,2}\s*$", re.I)


def is_accordion_toggle(line: str) -> bool:
    """An accordion's open-all or close-all button ("Åbn alle", "Fold alle ud", "Skjul alle svar"), or
    the two run together on one line ("Vis alle svar Skjul alle svar", "Åbn alle | Luk alle")."""
    if _ACCORDION_TOGGLE.match(line):
        return True
    parts = [part for part in _TOGGLE_START.split(line) if part.strip(" |/·")]
    return len(parts) > 1 and all(_ACCORDION_TOGGLE.match(part.strip(" |/·")) for part in parts)


# Where a second button begins on a line of two ("Vis alle svar | Skjul alle svar").
_TOGGLE_START = re.compile(rf"(?=\b(?:{_TOGGLE_VERBS})\s+alle\b)", re.I)
# A list's filter as a scraper copies it: the select's label and the option it shows, "Alle" and the
# kind of thing listed ("Vælg emne" / "Alle emner"), at most this many short lines; a filter of
# several facets (the labels, a select's year, check boxes of kinds, a reset) at most the other.
MAX_FILTER_LINES = 3
MAX_FACETS_LINES = 15


def is_list_filter(lines: tuple[str, ...] | list[str], max_lines: int = MAX_FILTER_LINES) -> bool:
    """A list's filter or sort control in scraped text: a paragraph of at most ``max_lines`` short
    labels, no sentence nor date, one of them a select's shown option that takes every kind ("Alle
    emner", "Alle år")."""
    return (len(lines) <= max_lines and any(is_every_kind_option(line) for line in lines)
            and not any(line.rstrip().endswith((".", "!", "?")) or len(line) > 60 or is_date_line(line)
                        for line in lines))


def without_lead_marker(line: str) -> str:
    """The line without the arrow or bullet before it ("► Hvornår …" → "Hvornår …")."""
    return _LEAD_MARKER.sub("", line) or line


# A link line may open with such a marker.
_LINK = re.compile(
    rf"^[{LEAD_MARKERS}\s]*(læs|se|hør|download|find|bestil|klik|gå til|du kan (også )?(læse|se|finde|høre)|read|watch)\b|"
    r"^(https?://|www\.)", re.I)
_LINK_TARGET = re.compile(r"\b(?:om|på)\s*:?\s+(\S.*?)\s*(?:\bher)?\s*[.!]?$", re.I)
_INLINE_LINK = re.compile(r"[.!?]\s+(Læs|Se) (mere|også)\b[^.!?]{0,80}[.!?]?$")
# Paragraphs that point back to what came before continue the same topic.
_CONTINUES = re.compile(
    r"^(det|den|de|der|dette|disse|denne|her|han|hun|de|målet|formålet|visionen|ambitionen|desuden|"
    r"derudover|samtidig|også|partnerskabet|partnerne|samarbejdet|projektet|indsatsen|initiativet|"
    r"et andet|en anden|eksempler|eksempelvis|fx|for eksempel|overskuddet|herudover|endelig)\b", re.I)
# Danish puts the verb second: "Som en af de første har Gladsaxe indgået …" has the site as subject.
_AUXILIARIES = r"(?:har|er|var|vil|skal|kan|blev|bliver|får|fik)"
_NAME = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ’'-]*[\wæøåÆØÅ]")
_NAME_RUN = re.compile(r"(?:[A-ZÆØÅ][\wæøåÆØÅ-]+)(?:\s+(?:[A-ZÆØÅ][\wæøåÆØÅ-]+))*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)([A-ZÆØÅ][\wæøåÆØÅ’'-]*)")


# A sentence ends inside a line: a full stop, "!" or "?" followed by a capitalised word.
_INNER_SENTENCE_END = re.compile(r"[.!?]\s+[A-ZÆØÅ]")


def is_link_line(line: str) -> bool:
    """A read-more line: short, one sentence, opening with a link verb ("Læs mere om …", "Du kan
    læse mere på …"). "Du kan læse din post på borger.dk. Du logger på med MitID." is text."""
    return len(line) <= MAX_LINK_CHARS and bool(_LINK.match(line)) and not _INNER_SENTENCE_END.search(line)


def is_caption(block: Block) -> bool:
    return (len(block.lines) == 1 and len(block.lines[0]) <= MAX_CAPTION_CHARS
            and not block.lines[0].endswith((".", "!", "?", ":")) and not is_link_line(block.lines[0]))


def is_lead_in(block: Block) -> bool:
    return len(block.lines) == 1 and block.lines[0].endswith(":") and len(block.lines[0]) <= 200


def ends_with_link(block: Block) -> bool:
    last = block.lines[-1]
    return is_link_line(last) or bool(_INLINE_LINK.search(last))


def link_target(line: str) -> str | None:
    """The name a link line points to ("Læs mere om Headspace Gladsaxe" → "Headspace Gladsaxe")."""
    if not is_link_line(line):
        return None
    match = _LINK_TARGET.search(line)
    return match.group(1).strip() if match else None


@dataclass
class _Draft:
    blocks: list[Block] = field(default_factory=list)
    heading: str | None = None
    level: int = 0  # the heading's level, 0 without a heading
    sections: list[str] = field(default_factory=list)  # enclosing headings without text of their own
    ended: bool = False  # a link line closed it: what follows is a new topic unless it names ours

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def _after_sentence_end(text: str, at: int) -> bool:
    """Whether ``text[at]`` follows a sentence's end (".", "!", "?" or ":" and white space)."""
    at -= 1
    while at >= 0 and text[at].isspace():
        at -= 1
    return at >= 0 and text[at] in ".!?:"


class _Names:
    """Distinctive names on a page (partners, places, projects), for telling whether two paragraphs
    talk about the same thing."""

    def __init__(self, blocks: list[Block], chrome: list[str] = ()):
        texts = [block.text for block in blocks]
        starts = Counter()
        inside = Counter()
        df = Counter()
        for text in texts:
            initial = {m.group(1).lower() for m in _SENTENCE_START.finditer(text)}
            found = {m.group(0).lower() for m in _NAME.finditer(text)}
            starts.update(initial)
            df.update(found)
            for m in _NAME.finditer(text):
                if m.start() and text[m.start() - 1] not in "\n" and not _after_sentence_end(text, m.start()):
                    inside[m.group(0).lower()] += 1
        limit = max(2, MAX_NAME_SHARE * len(texts))
        # A word capitalised only at the start of sentences is an ordinary word, not a name.
        # The site's own name ("Gladsaxe Kommune" in the footer) says nothing about the topic.
        site_words = {m.group(0).lower() for line in chrome for m in _NAME.finditer(line)}
        self.distinctive = {w for w, n in df.items()
                            if n <= limit and inside[w] and len(w) >= 3 and w not in site_words}

    def of(self, text: str) -> set[str]:
        return {m.group(0).lower() for m in _NAME.finditer(text)} & self.distinctive


def _subject(text: str, names: _Names) -> str | None:
    """The first distinctive name run of a paragraph's first sentence ("Headspace Danmark er …")."""
    for run in _NAME_RUN.finditer(first_sentence(text)):
        if names.of(run.group(0)):
            return run.group(0)
    return None


def _starts_new_topic(block: Block, following: Block | None, draft: _Draft, names: _Names,
                      site_name: str | None) -> bool:
    text = block.text
    if _CONTINUES.match(text):
        return False
    subject = _subject(text, names)
    if subject and subject.lower() in draft.text.lower():
        return False  # it goes on about the passage's own subject
    first = first_sentence(text)
    if site_name and re.search(rf"(^|\b{_AUXILIARIES}\s+){re.escape(site_name)}\b", first, re.I):
        return True  # the site itself is the subject: "Gladsaxe Kommune har indgået …", "… har Gladsaxe …"
    introduced = {run.group(0).lower() for run in _NAME_RUN.finditer(first) if names.of(run.group(0))}
    introduced = {name for name in introduced if name not in draft.text.lower()}
    if following is not None and any(name in following.text.lower() for name in introduced):
        return True  # a new name, and the next paragraph goes on about it
    # After a closing link, only a paragraph naming the same partner continues the topic.
    return draft.ended and not (names.of(text) & names.of(draft.text))


def _heading_draft(block: Block, drafts: list[_Draft]) -> None:
    """Start a section at a heading. A heading with nothing under it but deeper headings
    ("Ofte stillede spørgsmål" above its questions) becomes part of their breadcrumb instead."""
    sections: list[str] = []
    if drafts and drafts[-1].heading and not drafts[-1].blocks and drafts[-1].level < block.level:
        parent = drafts.pop()
        sections = parent.sections + [parent.heading]
    elif drafts and drafts[-1].sections and drafts[-1].level >= block.level:
        sections = [s for s in drafts[-1].sections]
        # a heading as high as an enclosing one closes it
        sections = sections[: max(0, len(sections) - (drafts[-1].level - block.level))]
    drafts.append(_Draft(heading=block.text, level=block.level, sections=sections))


def _cut_items(blocks: list[Block]) -> list[_Draft]:
    """One item per headed example (all its paragraphs), one per paragraph outside a heading; on a
    page with headings, what stands above the first one is its introduction, one passage."""
    drafts: list[_Draft] = []
    first_heading = next((n for n, block in enumerate(blocks) if block.level), None)
    for n, block in enumerate(blocks):
        if block.level:
            _heading_draft(block, drafts)
        elif drafts and (is_link_line(block.lines[0]) or is_caption(block) or is_lead_in(block)
                         or drafts[-1].heading or (first_heading is not None and n < first_heading)):
            drafts[-1].blocks.append(block)
        else:
            drafts.append(_Draft(blocks=[block]))
    return drafts


def _cut_sections(blocks: list[Block], names: _Names, site_name: str | None, by_size: bool) -> list[_Draft]:
    drafts: list[_Draft] = []
    for n, block in enumerate(blocks):
        current = drafts[-1] if drafts else None
        following = next((b for b in blocks[n + 1:] if not b.level), None)
        if block.level:
            _heading_draft(block, drafts)
            continue
        if current is None:
            drafts.append(_Draft(blocks=[block], ended=ends_with_link(block)))
            continue
        if is_link_line(block.lines[0]) and len(block.lines) == 1:
            # A read-more link closes the text it follows; a link right under a heading, before any
            # text, is that section's own ("Bestil tid", then "Bestil tid i Borgerservice").
            follows_text = bool(current.blocks)
            _attach_link(block, drafts)
            current.ended = follows_text
            continue
        # A news item's dateline under its heading is not yet its text: what follows it is.
        begun = any(not _is_date_block(b) for b in current.blocks)
        new = begun and not is_caption(block) and (
            _starts_new_topic(block, following, current, names, site_name)
            or (by_size and len(current.text) + len(block.text) > MAX_SECTION_CHARS and not current.heading))
        if new:
            drafts.append(_Draft(blocks=[block], ended=ends_with_link(block)))
        else:
            current.blocks.append(block)
            current.ended = ends_with_link(block)
    return drafts


def _attach_link(block: Block, drafts: list[_Draft]) -> None:
    """A link belongs to the passage it names ("Læs mere om Verdensmålshuset her." after another
    partnership still belongs to Verdensmålshuset); otherwise to the passage it follows."""
    target = link_target(block.lines[0])
    current = drafts[-1]
    # Only a name moves a link ("Verdensmålshuset"); "Læs mere om partnerskabet" stays where it is.
    if target and target[:1].isupper() and target.lower() not in current.text.lower():
        for draft in reversed(drafts[:-1]):
            if target.lower() in draft.text.lower():
                draft.blocks.append(block)
                return
    current.blocks.append(block)


def _title(draft: _Draft, names_on_page: set[str]) -> str:
    if draft.heading:
        return draft.heading
    first = draft.blocks[0]
    if len(first.lines) > 1 and is_caption(Block((first.lines[0],))):
        return first.lines[0]
    for block in draft.blocks:
        if is_caption(block):
            return block.text
    for block in draft.blocks:
        target = link_target(block.lines[-1])
        name = _NAME_RUN.match(target or "")
        if name and len(name.group(0)) >= MIN_TITLE_NAME_CHARS:
            return name.group(0)
    text = draft.text
    runs = Counter(m.group(0) for m in _NAME_RUN.finditer(text) if m.group(0).lower() in names_on_page
                   or any(w.lower() in names_on_page for w in m.group(0).split()))
    if runs:
        name, count = runs.most_common(1)[0]
        if count >= MIN_NAME_REPEATS and len(name) >= MIN_TITLE_NAME_CHARS:
            return name
    body = next((b.text for b in draft.blocks if not is_caption(b) and not is_link_line(b.lines[0])), text)
    return derive_title(body)


def _is_heading_line(block: Block) -> bool:
    """A line that may head what follows it. A question alone between blank lines is one: every
    such question in the scraped pages of the tuning corpus heads its answer, also a page's only one
    ("Hvem kan få en ældrebolig?" on an information page)."""
    line = block.lines[0]
    return (len(block.lines) == 1 and "\t" not in line and not is_date_line(line) and len(line) <= MAX_TEXT_HEADING_CHARS and not is_link_line(line)
            and not line.endswith((".", "!", ":", ";", ",")) and bool(re.match(r"[\w\"“”]", line))
            and not line[:1].islower())  # a list's item, not a heading: headings begin with a capital


# Words that point a link somewhere ("Læs mere", "Se her", "Læs op") rather than name a thing.
_POINTERS = {"mere", "her", "op", "også", "videre", "alle", "flere"}


def _is_action_heading(block: Block, following: Block) -> bool:
    """A heading that reads like a link, a verb and what it acts on ("Bestil tid"), alone above the
    paragraph that tells how ("Du skal bestille tid …"): that paragraph names the same thing."""
    words = block.lines[0].lower().split()
    return (len(block.lines) == 1 and len(words) == 2 and is_link_line(block.lines[0])
            and words[1] not in _POINTERS and re.search(rf"\b{re.escape(words[1])}\b", following.text.lower()) is not None)


def _is_body(block: Block) -> bool:
    return not block.level and not _is_heading_line(block) and not is_link_line(block.lines[0])


def _is_date_block(block: Block) -> bool:
    return len(block.lines) == 1 and is_date_line(block.lines[0])


def datelines_under_headings(blocks: list[Block]) -> list[Block]:
    """A news card shows its date above its headline: the date belongs to the item the heading
    starts, so it moves below the heading."""
    moved = list(blocks)
    for n in range(len(moved) - 1):
        if _is_date_block(moved[n]) and not moved[n].level and moved[n + 1].level:
            moved[n], moved[n + 1] = moved[n + 1], moved[n]
    return moved


def _without_toggle_marker(block: Block) -> Block:
    """A paragraph whose first line is a heading behind an accordion's arrow or plus ("+ Hvem kan
    søge?"), without the marker; list bullets ("* Dagtilbud") are kept."""
    line = block.lines[0]
    bare = _TOGGLE_MARKER.sub("", line)
    if bare != line and _is_heading_line(Block((bare,))):
        return Block((bare, *block.lines[1:]), block.level)
    return block


def _is_contact_box(block: Block) -> bool:
    """A paragraph whose lines below its first state contact facts (a phone number, a postcode,
    opening hours) and are no sentences: a person's or a place's contact box, or a timetable."""
    rest = block.lines[1:]
    return any(is_contact_fact(line) for line in rest) and not any(line.endswith(".") for line in rest)


# A list's item or a table's row (bullet, number, TABs between cells): what a heading may follow.
_ENDS_LIST_OR_TABLE = re.compile(rf"^\s*(?:[{LEAD_MARKERS}]|\d{{1,2}}[.)])\s|.*\t")
# A paragraph this many lines long is a page scraped with no blank line at all.
MAX_RUN_ON_LINES = 20
# A line a scraper wrote for each text node: a heading inside a paragraph is at most this long.
MAX_INNER_HEADING_CHARS = 80
_SENTENCE_END = (".", "!", "?")


def _is_sentence(line: str) -> bool:
    """A line that begins with a capital and ends like a sentence (or a lead-in)."""
    return line[:1].isupper() and line.endswith((*_SENTENCE_END, ":"))


def _heads_inside(lines: tuple[str, ...], n: int) -> bool:
    """Whether line ``n`` (not the first) of a paragraph is a heading a scraper ran into the text
    around it, one text node per line: a short capitalised line without a full stop (a table's
    header row has "pr."), no sentence but for a question, and no phone number or address; after a
    sentence's end (or under the paragraph's first line, a heading without text of its own) and
    followed by a sentence, or after an address and above a contact box of its own (a name, then
    contact lines, under "Afdelingsleder")."""
    line, before = lines[n], lines[n - 1]
    if (n + 1 == len(lines) or len(line) > MAX_INNER_HEADING_CHARS or not line[:1].isupper() or "." in line
            or not _is_heading_line(Block((line,))) or is_contact_fact(line)):
        return False
    if is_contact_fact(before) and _is_contact_box(Block(lines[n:])):
        return True
    if before.endswith(_SENTENCE_END) and any(is_contact_fact(fact) and not fact.endswith(_SENTENCE_END)
                                              for fact in lines[n + 1:n + 4]):
        return True  # after a sentence, over a contact box of its own (opening hours, an address, a person)
    if len(lines) > MAX_RUN_ON_LINES and (_is_sentence(lines[n + 1]) or lines[n + 1][:1].islower()):
        # A page scraped with no blank line at all: every text node is a line, and a short capitalised
        # line over a sentence, or over a list's first item, heads them, whatever stands above it.
        return True
    return _is_sentence(lines[n + 1]) and (before.endswith(_SENTENCE_END) or line.endswith("?")
                                           or (n == 1 and _is_heading_line(Block((before,))))
                                           or _ENDS_LIST_OR_TABLE.match(before) is not None)


def _heads_next(block: Block, following: Block | None) -> bool:
    """Whether the last line of a paragraph of several is the heading of the paragraph below it: a
    browser's innerText sets a blank line around each <p> only, so a heading stands right under the
    block above it (an address, a list) and a blank line above its text. A short capitalised line, no
    sentence nor contact fact, over a paragraph that opens with a sentence about what it names."""
    if block.level or len(block.lines) < 2 or following is None or following.level:
        return False
    line = block.lines[-1]
    return (len(line) <= MAX_INNER_HEADING_CHARS and line[:1].isupper() and "." not in line
            and _is_heading_line(Block((line,))) and not is_contact_fact(line) and _is_sentence(following.lines[0])
            and len(following.lines[0]) > MAX_INNER_HEADING_CHARS and _names_subject_of(line, following.lines[0]))


# Danish words of three letters that name nothing ("Hjælp til dig"): a heading's word of substance
# is longer or another.
_FUNCTION_WORDS = {"med", "for", "til", "fra", "ved", "den", "det", "der", "som", "har", "kan", "vil", "men",
                   "din", "dit", "dig", "hos", "mod", "når", "hvad", "hvem", "hvor", "jeg", "man", "ikke"}
# Words that share this many first letters are one word in other forms ("Pas" / "Passet",
# "Cykelstien" / "cykelsti").
STEM_LETTERS = 5


def _names_subject_of(heading: str, text: str) -> bool:
    """Whether a heading names what a text is about: a word of it of three letters or more (not a
    function word) stands in the text, in some form. The last item of a list ("Metal og jern") names
    nothing the text after the list says."""
    stems = {word[:STEM_LETTERS] for word in re.findall(r"[^\W\d_]{3,}", heading.lower()) if word not in _FUNCTION_WORDS}
    return any(word.startswith(stem) for word in re.findall(r"[^\W\d_]{3,}", text.lower()) for stem in stems)


def _item_head(block: Block, following: Block | None) -> int | None:
    """Where a list item's head begins at the end of a paragraph of several lines: its headline over
    its date, right above its teaser. A browser's innerText sets a blank line around the teaser (a
    <p>) only, so the head runs on from the item above (its teaser's link, its category)."""
    lines = block.lines
    if (block.level or len(lines) < 3 or following is None or not _is_body(following)
            or not is_date_line(lines[-1]) or is_date_line(lines[-2]) or not _is_heading_line(Block(lines[-2:-1]))):
        return None
    return len(lines) - 2


def _dated_item_heads(block: Block) -> set[int]:
    """The lines that head a list's items in a paragraph that holds the whole list (a page pasted
    with no blank lines): a short line over a date over a sentence (or over a label, an event's
    "Arrangement", then the sentence), the same shape at least ``MIN_HEADED_ITEMS`` times. One such
    line alone may be a label over a dated note; a run of them is a list of dated items, each headed
    by its headline."""
    lines = block.lines

    def teaser_at(n: int) -> bool:
        return n < len(lines) and (_is_sentence(lines[n]) or (
            n + 1 < len(lines) and _is_heading_line(Block(lines[n:n + 1])) and _is_sentence(lines[n + 1])))

    heads = {n for n in range(len(lines) - 2)
             if _is_heading_line(Block(lines[n:n + 1])) and is_date_line(lines[n + 1]) and teaser_at(n + 2)}
    return heads if len(heads) >= MIN_HEADED_ITEMS and not block.level else set()


def _split_at_inner_headings(blocks: list[Block]) -> tuple[list[Block], set[int]]:
    """Paragraphs cut at the headings a scraper ran into them ("…med MitID.", "Hvem kan få et
    fritidspas?", "Fritidspasset er for …"), and the paragraphs (by number) that such a heading
    opens. A list item's category above its headline ("Trafik og veje"), a label the page shows
    elsewhere too (above other items, in the list's filter), is neither the item's nor the text's;
    nor is the list's filter in the lines above the head."""
    cut: list[Block] = []
    opened: set[int] = set()
    shown = Counter(" ".join(line.lower().split()) for block in blocks for line in block.lines)
    heads = [_item_head(block, blocks[at + 1] if at + 1 < len(blocks) else None) for at, block in enumerate(blocks)]
    # Items whose head has a label right above it: when most items of a list do, it is their category.
    labelled = sum(1 for block, head in zip(blocks, heads) if head and _is_heading_line(Block(block.lines[head - 1:head])))
    for at, block in enumerate(blocks):
        following = blocks[at + 1] if at + 1 < len(blocks) else None
        head = heads[at]
        if head is not None:
            above = list(block.lines[:head])
            label = " ".join(above[-1].lower().split())
            if (shown[label] > 1 or labelled >= MIN_HEADED_ITEMS) and _is_heading_line(Block(above[-1:])):
                above.pop()
            if above and not is_list_filter(above, MAX_FACETS_LINES):  # the list's filter above its first item
                cut.append(Block(tuple(above), block.level))
            opened.add(len(cut))
            cut.append(Block(block.lines[head:], block.level))
            continue
        lines, start = block.lines, 0
        dated = _dated_item_heads(block)
        for n in range(1, len(lines)) if not block.level else ():
            if n in dated or _heads_inside(lines, n):
                cut.append(Block(lines[start:n], block.level))
                opened.add(len(cut))
                start = n
        if _heads_next(Block(lines[start:], block.level), following):
            cut.append(Block(lines[start:-1], block.level))
            start = len(lines) - 1
        cut.append(Block(lines[start:], block.level))
    return cut, opened


def mark_text_headings(blocks: list[Block]) -> list[Block]:
    """Headings of a page that marks none (scraped text): a short line standing alone, without
    sentence punctuation but for a question mark, followed by body text. A page whose items end with
    read-more links keeps such lines as sub-headings in text."""
    blocks, opened = _split_at_inner_headings(blocks)
    blocks = [_without_toggle_marker(block) for block in blocks]
    undated = [n for n, block in enumerate(blocks) if not _is_date_block(block)]  # a dateline is the item's
    found = [n for n, after in zip(undated, undated[1:])
             if (_is_heading_line(blocks[n]) or _is_action_heading(blocks[n], blocks[after])) and _is_body(blocks[after])]
    # Items written as one paragraph each, headline first ("Ny legeplads er klar", its date, its
    # teaser): on a page with several, the first line heads its item. A contact box right under a
    # heading (a name above phone lines under "Leder", a table's header above its hours under
    # "Telefontid") is that heading's text; so is a list under a lead-in ("… gratis råd om:").
    headed = [n for n, block in enumerate(blocks)
              if len(block.lines) > 1 and _is_heading_line(Block(block.lines[:1]))
              and not (n - 1 in found and _is_contact_box(block))
              and not (n and blocks[n - 1].lines[-1].endswith(":"))
              and _is_body(Block(block.lines[1:]) if not is_date_line(block.lines[1]) or len(block.lines) < 3
                           else Block(block.lines[2:]))]
    if len(headed) < MIN_HEADED_ITEMS:  # unless a heading inside a paragraph opened them, or heads a table
        headed = [n for n in headed if n in opened or all("\t" in line for line in blocks[n].lines[1:])]
    links = sum(1 for b in blocks if is_link_line(b.lines[-1]))
    if links >= MIN_ITEM_LINKS and links > len(found) + len(headed):
        return blocks
    marked: list[Block] = []
    for n, block in enumerate(blocks):
        if n in found:
            marked.append(Block(block.lines, TEXT_HEADING_LEVEL))
        elif n in headed:
            # A label above the headline ("Kultur", then the headline, then its date) is the
            # item's category, not its headline nor its text: the headline is the line above the date.
            first = int(len(block.lines) > 3 and is_date_line(block.lines[2]) and not is_date_line(block.lines[1])
                        and _is_heading_line(Block(block.lines[1:2])))
            marked += [Block(block.lines[first:first + 1], TEXT_HEADING_LEVEL), Block(block.lines[first + 1:])]
        else:
            marked.append(block)
    return marked


def _without_list_link(blocks: list[Block]) -> list[Block]:
    """Without the link that ends a list of dated items ("Se ældre nyheder") when none of the items
    ends with a link of its own: it leads to more items, like a pager, and is not the last item's."""
    headings = [n for n, block in enumerate(blocks) if block.level]
    last = blocks[-1] if blocks else None
    if (len(headings) < MIN_HEADED_ITEMS or last is None or last.level or len(last.lines) != 1
            or not is_link_line(last.lines[0]) or headings[-1] != len(blocks) - 3
            or not all(n + 1 < len(blocks) and is_date_line(blocks[n + 1].lines[0]) for n in headings)):
        return blocks
    # Each item's last paragraph: the one before the next heading.
    ends = [blocks[n - 1] for n in headings[1:]]
    if any(not end.level and is_link_line(end.lines[-1]) for end in ends):
        return blocks
    return blocks[:-1]


def _written_in(draft: _Draft, page: Page) -> int | None:
    """The year a passage was written in: its own dateline's (a news item; the dateline may open the
    paragraph of its teaser), else the page's update."""
    for block in draft.blocks:
        if is_date_line(block.lines[0]):
            date = parse_date(block.lines[0])
            if date:
                return int(date[:4])
    return int(page.updated[:4]) if page.updated else None


def passage_id(page: str, text: str, seen: Counter) -> str:
    """Stable across reindexes of an unchanged page: a hash of the page name and the passage text."""
    digest = hashlib.sha1(f"{page}\n{text}".encode("utf-8")).hexdigest()[:12]
    seen[digest] += 1
    return digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def split_passages(page: Page) -> list[Passage]:
    """Cut a cleaned page into passages; every paragraph ends up in exactly one of them."""
    kind = page_kind(page.breadcrumb, page.title)
    # A paragraph without a letter or digit ("·", "—") carries nothing to search or read.
    blocks = [b for b in page.blocks if b.lines and re.search(r"\w", b.text)]
    if not page.html:
        blocks = _without_list_link(mark_text_headings(blocks))
    blocks = datelines_under_headings(blocks)
    names = _Names(blocks, page.footer)
    if kind == "case":
        drafts = _cut_items(blocks)
    else:
        drafts = _cut_sections(blocks, names, site_name(page.footer), by_size=(kind == "page"))
    passages = []
    seen: Counter = Counter()
    headed = any(draft.heading for draft in drafts)
    for n, draft in enumerate(drafts):
        # What stands above a page's first heading is the page's own introduction; so is the start
        # of an ordinary page without headings (a list page's first item is an item, not an intro).
        intro = n == 0 and not draft.heading and (headed or kind == "page")
        # A table row's cells (TAB-separated in scraped text) read as words side by side.
        title = ((page.title if intro else _title(draft, names.distinctive)) or page.title).replace("\t", " ")
        body = (draft.text or title).replace("\t", " ")  # a heading with nothing under it is still searchable
        passages.append(Passage(
            id=passage_id(page.name, f"{title}\n{body}", seen),
            page=page.name,
            kind=kind,
            page_title=page.title,
            title=title,
            text=body,
            breadcrumb=list(page.breadcrumb) + draft.sections,
            years=years_in(f"{draft.heading or ''}\n{body}", _written_in(draft, page)),
            url=page.url,
            updated=page.updated,
        ))
    return passages


def site_name(footer: list[str]) -> str | None:
    """The organisation a footer belongs to ("Gladsaxe Kommune" → "Gladsaxe")."""
    for line in footer[:3]:
        match = re.search(r"(\S+)\s+(Kommune|Region|Municipality)$", line_parts(line)[0])
        if match:
            return match.group(1)
    return None


# The contact facts a line may state, by type: a phone number, an e-mail address, a postcode and
# town, a CVR/EAN number, a weekday or a time span (opening hours).
CONTACT_FACT_PATTERNS = {
    "phone": re.compile(r"\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b"),
    "email": re.compile(r"@"),
    "postcode": re.compile(r"^(DK-)?\d{4} [A-ZÆØÅ]", re.I),
    "number": re.compile(r"\b(CVR|EAN|P-nr)\b", re.I),
    "weekday": re.compile(r"\b(man|tirs|ons|tors|fre|lør|søn)dag", re.I),
    "time_span": re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?\b"),
}
# An organisation's name on a line of its own ("Gladsaxe Kommune"): where a contact box begins.
ORGANISATION = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ.\- ]{1,60}\s(Kommune|Region|Municipality)$")
_EMAIL_DOMAIN = re.compile(r"@([\w-]+(?:\.[\w-]+)+)")
# The organisation's name stands at most this many lines above its first contact fact.
MAX_NAME_ABOVE_FACTS = 3


# Where a footer line joins several facts ("Havby Kommune · Torvet 2 · 8380 Havby").
_FACT_SEPARATOR = re.compile(r"\s+[·•|]\s+")


def line_parts(line: str) -> list[str]:
    """The parts of a line that joins several facts with a middle dot or a bar; else the line."""
    return _FACT_SEPARATOR.split(line)


def contact_facts(line: str) -> frozenset[str]:
    """The types of contact fact ``line`` states (keys of ``CONTACT_FACT_PATTERNS``); empty for none."""
    return frozenset(kind for kind, pattern in CONTACT_FACT_PATTERNS.items()
                     if any(pattern.search(part) for part in line_parts(line)))


def is_contact_fact(line: str) -> bool:
    """Whether ``line`` states a contact fact (phone, e-mail, postcode, CVR, weekday, time span),
    also as one of the parts it joins."""
    return any(pattern.search(part) for part in line_parts(line) for pattern in CONTACT_FACT_PATTERNS.values())


def contact_lines(footer: list[str]) -> list[str]:
    """The contact box of a footer: from the organisation's name (or its first contact fact) to its
    last contact fact (where a line joins it to links, to that fact). Link rows, share buttons and
    feedback widgets around it are left out."""
    facts = [n for n, line in enumerate(footer) if is_contact_fact(line)]
    if not facts:
        return []
    start = facts[0]
    for n in range(max(0, facts[0] - MAX_NAME_ABOVE_FACTS), facts[0]):
        if ORGANISATION.match(footer[n]):
            start = n
            break
    return [*footer[start:facts[-1]], _to_last_fact(footer[facts[-1]])]


def _to_last_fact(line: str) -> str:
    """A line that joins facts up to its last fact: the links a footer's last line joins after them
    ("CVR 29 18 94 11 · Tilgængelighedserklæring · Privatlivspolitik") are no contact facts."""
    parts = line_parts(line)
    last = max(n for n, part in enumerate(parts) if is_contact_fact(part))
    if last == len(parts) - 1:
        return line
    cut = list(_FACT_SEPARATOR.finditer(line))[last]
    return line[:cut.start()]


@dataclass
class SiteFooter:
    """What a page tells about its site's contact box: its footer lines, and where it is."""

    page: str
    site: str
    footer: list[str]
    url: str | None = None
    title: str = ""


def site_url(footers: list[SiteFooter], lines: list[str]) -> str | None:
    """Where the site's contact facts are read: its contact page when one is among the pages, else
    the site's root (from the pages' addresses, or from the e-mail domain its footer gives)."""
    with_url = sorted((f for f in footers if f.url), key=lambda f: f.page)
    for footer in with_url:
        if re.search(r"kontakt", f"{footer.title} {urlsplit(footer.url).path}", re.I):
            return footer.url
    if with_url:
        parts = urlsplit(with_url[0].url)
        return f"{parts.scheme}://{parts.netloc}/"
    for line in lines:
        match = _EMAIL_DOMAIN.search(line)
        if match:
            return f"https://{match.group(1).lower()}/"
    return None


def site_passage(footers: list[SiteFooter]) -> Passage | None:
    """The contact box a site repeats in its footer, kept once (the most common version) as a
    ``site`` passage, with the contact facts and nothing else."""
    read: dict[tuple[str, ...], list[str]] = {}  # most pages share one footer: each is read once
    boxes = []
    for footer in footers:
        key = tuple(footer.footer)
        if key not in read:
            read[key] = contact_lines(footer.footer)
        boxes.append((read[key], footer))
    counts = Counter("\n".join(lines) for lines, _ in boxes if lines)
    if not counts:
        return None
    text, _ = counts.most_common(1)[0]
    lines, first = min(((lines, f) for lines, f in boxes if "\n".join(lines) == text), key=lambda b: b[1].page)
    name = site_name(lines)
    owner = f"{name} Kommune" if name else lines[0]
    return Passage(
        id=passage_id(f"site:{first.site}", text, Counter()),
        page=first.page,
        kind="site",
        page_title=owner,
        title=f"{owner}: kontakt og åbningstider",
        text=text,
        breadcrumb=[],
        years=years_in(text),
        url=site_url(footers, lines),
    )
