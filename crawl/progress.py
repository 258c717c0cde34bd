"""A crawl's progress on a terminal: pages requested out of those known so far (the total grows as
links are found). Silent when the stream is not a terminal, so cron mail stays clean."""
from __future__ import annotations

import sys
from typing import TextIO


class TerminalProgress:
    """Callable as ``progress(done, total)``; writes one self-overwriting line to a TTY."""

    def __init__(self, label: str = "Crawling", stream: TextIO | None = None, enabled: bool | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        total = max(total, done, 1)
        width = 30
        filled = width * done // total
        self.stream.write(f"\r{self.label} [{'#' * filled}{'-' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False
