"""Changes staff make from the staff area: a synonym group or a best bet appended to the same plain
files staff can also edit by hand, each checked first (a malformed line is refused with a Danish
message and the file is left as it was), written atomically, and recorded in the change log.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

from index.serving.synonyms import parse_synonyms

log = logging.getLogger("kommunesog.staff")

MAX_LINE_CHARS = 500
# One writer at a time per process: two staff saving at once must not lose one of the edits.
_write_lock = threading.Lock()


class RefusedEdit(ValueError):
    """An edit that is not made; the message is Danish, for staff."""


def synonym_group(text: str) -> str:
    """``text`` as a line of the synonyms file (words separated by commas), or RefusedEdit."""
    words = [" ".join(word.split()) for word in text.split(",")]
    line = ", ".join(word for word in words if word)
    if "\n" in text or "#" in text or len(line) > MAX_LINE_CHARS:
        raise RefusedEdit(f"En synonymgruppe er én linje på højst {MAX_LINE_CHARS} tegn, uden #.")
    if not parse_synonyms(line):
        raise RefusedEdit("En synonymgruppe skal have mindst to forskellige ord, adskilt af komma "
                          "(fx »skrald, affald«), og ikke kun fyldord.")
    return line


def append_line(path: Path, line: str) -> None:
    """Add ``line`` at the end of the file at ``path`` (created when missing) by writing a new copy
    and renaming it over the old one: a reader sees the old file or the new one, never half of it."""
    with _write_lock:
        try:
            old = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            old = ""
        if old and not old.endswith("\n"):
            old += "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(old + line + "\n", encoding="utf-8")
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)


def record_change(changes_file: Path, what: str) -> None:
    """Add a line to the staff change log (UTC time, then what changed) and to the server's log."""
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    text = " ".join(what.split())
    log.info("staff change: %s", text)
    changes_file.parent.mkdir(parents=True, exist_ok=True)
    with open(changes_file, "a", encoding="utf-8") as fh:
        fh.write(f"{stamp} {text}\n")


def recent_changes(changes_file: Path, count: int = 20) -> list[str]:
    """The last ``count`` lines of the change log, newest first."""
    try:
        with open(changes_file, encoding="utf-8", errors="replace") as fh:
            return list(reversed(deque((line.rstrip("\n") for line in fh), maxlen=count)))
    except FileNotFoundError:
        return []
