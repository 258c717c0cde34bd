"""Text a console browser dumped (``lynx -dump``, ``w3m -dump``): link numbers, references, wrapping.

Such a dump numbers every link in the text ("[12]Forside"), lists where each number leads at the end
("References", then "   12. http://…"), and wraps paragraphs at the width of a terminal. None of that
is on the page a reader sees: the numbers and the list go, and a paragraph's wrapped lines become one.
A dump without a reference list (``w3m -dump``) is known by its wrapping alone. A table drawn with
box-drawing characters is its rows, in any text. Any other text is left as it is: its brackets and
line breaks are the page's own.
"""
from __future__ import annotations

import re

# One entry of the reference list: its number and one address ("  12. http://www.x.dk/side").
_REFERENCE = re.compile(r"^\s*(\d{1,5})\.\s+[a-z][a-z0-9+.-]*:\S*$", re.I)
# A link's number in the text, where the dump put it before the link's words.
_LINK_NUMBER = re.compile(r"\[(\d{1,5})\]")
# A dump fills a paragraph's lines up to its width (lynx's 76-79 columns, w3m's 80) and wraps there:
# a line is a wrapped one when the next line's first word would have reached past this column after
# it. A few columns short of the width, as dumps made with a narrower screen wrap earlier; lines of
# their own (an address, a table row) stand well inside it.
WRAP_COLUMNS = 72
# No dump is wider than this: a longer line (a row of links) was never wrapped by it.
DUMP_WIDTH = 80
# A list item starts a line of its own, however long the line above (w3m draws "•" and "◦").
_LIST_ITEM = re.compile(r"^\s*[*+o•◦-]\s")
# A dump without a reference list (``w3m -dump`` writes none) is known by its wrapping: this many
# lines wrapped, and no line with a sentence's end in it wider than a dump. A text copied from a
# browser has a paragraph on one line, mostly wider than that.
MIN_WRAPPED_LINES = 3
_SENTENCE_END = re.compile(r"[.!?](\s|$)")
# A table a dump draws with box-drawing characters (w3m's ``border="1"`` tables): the rules between
# rows are lines of nothing else, and a row's cells stand between vertical bars. A text written with
# pipes ("| Klasse | Veje |", an extractor's or Markdown's) draws one the same way, a row of two
# cells or more, with "|---|---|" under its header.
_BOX_RULE = re.compile(r"^\s*[┌┬┐├┼┤└┴┘─│╔╦╗╠╬╣╚╩╝═║+\s-]*[─═][┌┬┐├┼┤└┴┘─│╔╦╗╠╬╣╚╩╝═║+\s-]*$"
                       r"|^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_BOX_ROW = re.compile(r"^\s*[│║](.*)[│║]\s*$|^\s*\|((?:[^|]*\|){1,}[^|]*)\|\s*$")
_BOX_BAR = re.compile(r"[│║|]")
# A form's control as a dump draws it: a text field, a check box opening the line, a drop-down.
_FORM_CONTROL = re.compile(r"\[[ _]{3,}\]|^\s*\[[ xX*]\]\s|\[[^\[\]]*\S \]\s*$")


def reference_list_start(lines: list[str]) -> int | None:
    """Where the list of link addresses at the end of a dump begins (its label line above the first
    entry, "References"), or None when the text does not end with such a list numbered from 1.
    Labels inside it ("Hidden links:") stand right above entries; entries and labels run to the end."""
    start = None
    above_entry = False  # whether the next non-blank line below is an entry
    first_number = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.strip():
            continue
        entry = _REFERENCE.match(line)
        if entry:
            first_number = int(entry.group(1))
            above_entry = True
        elif above_entry and len(line.strip()) <= 40:
            above_entry = False  # a label: only one stands above entries
        else:
            break
        start = i
    return start if first_number == 1 else None


# A line of "=" or "-" under a line of text: the heading underline of pandoc's plain text and of
# Markdown (setext), "=" under a title, "-" under a section's heading.
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")


def is_underline(line: str) -> bool:
    """A heading's underline ("=======", "-------"): no text, and no wrapped part of the line above."""
    return bool(_UNDERLINE.match(line))


def _wraps(previous: str, line: str) -> bool:
    """Whether the dump wrapped ``previous`` before ``line``: the next line's first word would not
    have fitted after the previous line, which is no wider than a dump."""
    words = line.split()
    return bool(previous.strip() and words and not _LIST_ITEM.match(line) and not _BOX_ROW.match(line)
                and not is_underline(line)
                and len(previous) <= DUMP_WIDTH and len(previous) + 1 + len(words[0]) > WRAP_COLUMNS)


def _join_wrapped(lines: list[str]) -> list[str]:
    """A paragraph's lines as one line where the dump wrapped them."""
    joined: list[str] = []
    previous = ""  # the line above as the dump wrote it
    for line in lines:
        if _wraps(previous, line):
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
        previous = line
    return joined


def is_wrapped(lines: list[str]) -> bool:
    """Whether a text without a reference list is a dump all the same: ``MIN_WRAPPED_LINES`` of its
    lines wrapped in the middle of a sentence (the next line goes on in lower case), and none that
    ends a sentence runs past a dump's width. Lines a text breaks itself begin a sentence or a name."""
    if any(len(line) > DUMP_WIDTH and _SENTENCE_END.search(line) for line in lines):
        return False
    return sum(_wraps(previous, line) and line.strip()[:1].islower()
               for previous, line in zip(lines, lines[1:])) >= MIN_WRAPPED_LINES


def _box_table_rows(lines: list[str]) -> list[str]:
    """A table drawn with box-drawing characters or pipes as its rows: the rules go, and a row's
    cells are written with TABs between them, as a copy writes a table row (the reader keeps a row
    one line)."""
    rows = []
    for line in lines:
        row = _BOX_ROW.match(line)
        if _BOX_RULE.match(line) and line.strip():
            continue
        if row:
            rows.append("\t".join(cell.strip() for cell in _BOX_BAR.split(row.group(1) or row.group(2))))
        else:
            rows.append(line)
    return rows


def undumped(text: str) -> str:
    """``text`` as a reader saw the page, when it is a console browser's dump (it ends with a
    reference list, or its lines wrap as a dump wraps them): without the list and the link numbers,
    wrapped lines joined, without the rows of forms, tables drawn with box characters as rows of
    cells. Any other text is
    returned unchanged but for such tables."""
    lines = text.split("\n")
    if any(_BOX_BAR.search(line) for line in lines):
        lines = _box_table_rows(lines)
    start = reference_list_start(lines)
    if start is None:
        return "\n".join(_without_forms(_join_wrapped(lines)) if is_wrapped(lines) else lines)
    references = sum(1 for line in lines[start:] if _REFERENCE.match(line))

    def without_number(match: re.Match) -> str:
        return "" if 1 <= int(match.group(1)) <= references else match.group(0)

    return "\n".join(_LINK_NUMBER.sub(without_number, line) for line in _without_forms(_join_wrapped(lines[:start])))


def _without_forms(lines: list[str]) -> list[str]:
    """A dump's lines without the rows of forms: a dump draws a text field as brackets around blanks
    or underscores ("Søg [          ] [Søg]"), a check box as "[ ]" or "[X]" before its label, and a
    drop-down as the option it shows, padded, in brackets ("Sortér efter: [Nyeste først ]"). A reader
    saw controls there, no text."""
    return [line for line in lines if not _FORM_CONTROL.search(line)]
