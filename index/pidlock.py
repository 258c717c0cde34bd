"""One-at-a-time locks for batch jobs (the reindex, the crawl): an exclusive, non-blocking flock on
a lock file that also holds the holder's pid, so the one turned away can say who is running.

The kernel releases a flock when its holder dies, so a lock left by ``kill -9`` is never stale.
"""
from __future__ import annotations

import fcntl
import os
import signal
import time
from pathlib import Path
from typing import Callable

# A job writes its pid just after taking the lock; one turned away waits this long to read it.
PID_WAIT_SECONDS = 0.5

# Locks this process holds. A child forked while one is held (a full reindex writes in worker
# processes) closes its copy at once: a flock lasts while any copy of the file is open, so a copy
# in a child would outlive a holder killed with -9 and turn every later run away. The child also
# asks to be killed when its parent dies: Whoosh's writer processes wait for work from the parent
# forever, so a holder killed with -9 left them behind.
_held: set = set()
_PR_SET_PDEATHSIG = 1


def _close_inherited() -> None:
    if not _held:
        return
    for fh in list(_held):
        try:
            fh.close()
        except OSError:
            pass
    _held.clear()
    parent = os.getppid()
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_inherited)


def _holder_pid(fh) -> str:
    """The pid the lock's holder wrote into the lock file (it may be just about to write it)."""
    deadline = time.monotonic() + PID_WAIT_SECONDS
    while True:
        fh.seek(0)
        pid = fh.read().strip()
        if pid or time.monotonic() > deadline:
            return pid
        time.sleep(0.02)


class PidLock:
    """``with PidLock(path, busy):`` holds the lock for the block, or raises ``busy(pid)`` at once
    when another process holds it."""

    def __init__(self, path: Path, busy: Callable[[str], Exception]):
        self.path = path
        self._busy = busy
        self._fh = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="ascii")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _holder_pid(fh)
            fh.close()
            raise self._busy(pid) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        _held.add(fh)
        return self

    def __exit__(self, *exc) -> None:
        if self._fh:
            self._fh.seek(0)
            self._fh.truncate()
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            _held.discard(self._fh)
            self._fh = None
