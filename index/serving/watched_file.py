"""A plain text file staff edit by hand (synonyms, best bets), parsed again when it changes.

The file's modification time is checked at most once a ``CHECK_SECONDS``, so a busy server does not
stat it on every query, and an edit is seen within that time: no restart, no reindex.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable, Generic, TypeVar

log = logging.getLogger(__name__)

Parsed = TypeVar("Parsed")


class WatchedFile(Generic[Parsed]):
    """``parse(text)`` of the file at ``path``, read again when its modification time changes. A
    missing file is ``empty()``; an unreadable one keeps what was read before (``what`` names the
    file in log lines, e.g. "synonyms")."""

    CHECK_SECONDS = 1.0

    def __init__(self, path: Path, parse: Callable[[str], Parsed], empty: Callable[[], Parsed], what: str):
        self.path = Path(path)
        self._parse, self._empty, self._what = parse, empty, what
        self._lock = threading.Lock()
        self._mtime: tuple[int, int] | None = None  # (mtime in ns, size)
        self._checked = float("-inf")
        self._value: Parsed = empty()

    def value(self, now: float) -> Parsed:
        """What the file holds now (``now``: a monotonic clock reading). The same object is
        returned until the file changes, so callers may cache by identity."""
        if now - self._checked < self.CHECK_SECONDS:
            return self._value
        with self._lock:
            self._checked = now
            try:
                stat = self.path.stat()
            except OSError:
                if self._mtime is not None:
                    log.warning("%s file %s is gone; searching without it", self._what, self.path)
                    self._value = self._empty()
                self._mtime = None
                return self._value
            mtime = (stat.st_mtime_ns, stat.st_size)
            if mtime != self._mtime:
                try:
                    self._value = self._parse(self.path.read_text(encoding="utf-8", errors="replace"))
                    log.info("loaded %s file %s: %d entries", self._what, self.path, len(self._value))
                except OSError as err:
                    log.warning("cannot read %s file %s: %s", self._what, self.path, err)
                self._mtime = mtime
        return self._value
