"""A page's own table of contents in scraped text ("Indhold på siden", "På denne side", "Spring til
afsnit:" over the section headings as links): no text of the page, and the surest sign of which of
its lines are headings, since it names each of them once more. Known by its structure alone: a run
of short lines, no sentences, each of which stands again, in the same order, further down the page.
"""
from __future__ import annotations

from .model import Block
from .passages import TEXT_HEADING_LEVEL, without_lead_marker

# A contents list names at least this many sections (fewer is a pair of links, not a list), at most
# the other, and stands this near the top of the page (its first line among the page's first lines).
MIN_CONTENTS_ENTRIES = 3
MAX_CONTENTS_ENTRIES = 40
MAX_CONTENTS_START = 150
# An entry of a contents list, and its label above it, is a heading's length at most.
MAX_ENTRY_CHARS = 100
MAX_LABEL_CHARS = 40


def _key(line: str) -> str:
    """An entry compared with the heading it names: without a list's bullet, case or a colon."""
    return " ".join(without_lead_marker(line.strip()).lower().split()).rstrip(":")


def _is_entry(line: str) -> bool:
    return 0 < len(line) <= MAX_ENTRY_CHARS and not line.rstrip().endswith((".", "!", ",", ";"))


def _recurrences(keys: list[str], start: int, end: int) -> list[int] | None:
    """Where the entries ``keys[start:end]`` stand again after ``end``, in their order; None when one
    of them does not."""
    found, at = [], end
    for entry in keys[start:end]:
        at = next((n for n in range(at, len(keys)) if keys[n] == entry), None)
        if at is None:
            return None
        found.append(at)
        at += 1
    return found


def _contents_list(lines: list[str]) -> tuple[range, list[int]] | None:
    """The first contents list among ``lines`` (the page's lines in order): the run of entries, and
    where each of them stands again (the headings it names)."""
    keys = [_key(line) for line in lines]
    for start in range(min(len(lines), MAX_CONTENTS_START)):
        end = start
        # The list ends where an entry stands again (the first heading right under the list) or a
        # line is no entry.
        while (end < len(lines) and end - start < MAX_CONTENTS_ENTRIES and _is_entry(lines[end])
               and keys[end] not in keys[start:end]):
            end += 1
        if end - start < MIN_CONTENTS_ENTRIES:
            continue
        headings = _recurrences(keys, start, end)
        if headings is not None:
            return range(start, end), headings
    return None


def headings_from_contents(blocks: list[Block], title: str) -> list[Block]:
    """``blocks`` without the page's contents list (and the label right above it, unless that is
    the page's ``title``), each line the list names made a heading of its own. Unchanged when the
    page has no contents list."""
    lines = [(n, line) for n, block in enumerate(blocks) for line in block.lines]
    found = _contents_list([line for _, line in lines])
    if found is None:
        return blocks
    entries, headings = found
    dropped = set(entries)
    above = entries.start - 1
    if (above >= 0 and len(lines[above][1]) <= MAX_LABEL_CHARS and _is_entry(lines[above][1])
            and _key(lines[above][1]) != _key(title)):
        dropped.add(above)
    out: list[Block] = []
    run: list[str] = []
    for at, (n, line) in enumerate(lines):
        if run and lines[at - 1][0] != n:  # a paragraph ends
            out.append(Block(tuple(run), blocks[lines[at - 1][0]].level))
            run = []
        if at in dropped:
            continue
        if at in headings and not blocks[n].level:
            if run:
                out.append(Block(tuple(run), blocks[n].level))
            out.append(Block((line,), TEXT_HEADING_LEVEL))
            run = []
        else:
            run.append(line)
    if run:
        out.append(Block(tuple(run), blocks[lines[-1][0]].level))
    return out
