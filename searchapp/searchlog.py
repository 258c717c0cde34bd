"""The search log: what citizens search for, scrubbed of personal data and counted per day, so staff
can see which searches are common, which find nothing and which find hits nobody opens.

Nothing that identifies a person is stored: no IP address, cookie or user agent, and before a query
is kept, CPR numbers, e-mail addresses, Danish phone numbers and long digit runs are replaced by a
placeholder. Rows are counts per (day, normalised query, filters); rows older than ``KEEP_DAYS`` are
folded into per-day totals without queries. Statistics show a query only when at least
``MIN_SEARCHES`` searches made it. docs/privacy.md explains the policy.

The log is an SQLite file in the instance folder (WAL mode, so several ``serve`` processes can write
it), created on first use and migrated by version (``PRAGMA user_version``). Searches are handed to
a background writer through a bounded queue and written in batches: a search never waits for the
disk, and a locked, full or read-only database costs the statistics (one log line), never the answer.
"""
from __future__ import annotations

import json
import logging
import queue
import re
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

log = logging.getLogger("kommunesog.searchlog")

# Per-query rows are kept this many days, then folded into per-day totals.
KEEP_DAYS = 30
# A query is shown in statistics only when at least this many searches made it: one person's
# unusual search never shows.
MIN_SEARCHES = 3
# How many queries each list of the statistics holds.
LIST_LENGTH = 20
# Longest normalised query kept; longer ones are cut (nobody reads more in a list of queries).
MAX_QUERY_CHARS = 200
# Searches waiting for the writer at most; more are dropped (and counted in the log) so a stalled
# disk never grows the server's memory.
QUEUE_LIMIT = 10_000
# The writer collects searches for up to this many seconds and writes them in one transaction.
BATCH_SECONDS = 0.25
# How long a write waits for another process's lock before the batch is given up.
BUSY_SECONDS = 2.0
# A writer with nothing to write for this long stops and closes the database until the next search.
IDLE_SECONDS = 30.0

# Scrubbing, in this order: a token with an @ (e-mail addresses, also half-typed ones); CPR numbers
# (ddmmyy-xxxx, dash, space or nothing); Danish phone numbers (8 digits, grouped by spaces or dashes
# as people write them, with or without +45/0045); any other run of 5 or more digits.
_SCRUBBERS = (
    (re.compile(r"\S*@\S*"), "[e-mail]"),
    (re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)"), "[cpr-nummer]"),
    (re.compile(r"(?<![\d+])(?:(?:\+|00)\s?45[\s-]?)?(?:\d[\s-]?){7}\d(?!\d)"), "[telefonnummer]"),
    (re.compile(r"\d{5,}"), "[tal]"),
)

_MIGRATIONS = (
    # 1: counts per day and query, openings per day and query, per-day totals of folded days
    """
    CREATE TABLE searches (day TEXT NOT NULL, query TEXT NOT NULL, filters TEXT NOT NULL,
                           searches INTEGER NOT NULL, zero_results INTEGER NOT NULL,
                           PRIMARY KEY (day, query, filters)) WITHOUT ROWID;
    CREATE TABLE opens (day TEXT NOT NULL, query TEXT NOT NULL, opens INTEGER NOT NULL,
                        PRIMARY KEY (day, query)) WITHOUT ROWID;
    CREATE TABLE daily_totals (day TEXT PRIMARY KEY, searches INTEGER NOT NULL,
                               zero_results INTEGER NOT NULL, opens INTEGER NOT NULL);
    """,
)


def scrub(text: str) -> str:
    """``text`` with CPR numbers, e-mail addresses, phone numbers and long digit runs replaced."""
    for pattern, placeholder in _SCRUBBERS:
        text = pattern.sub(placeholder, text)
    return text


def normalise_query(text: str) -> str:
    """The query as it is counted: scrubbed, lower case, single spaces, at most ``MAX_QUERY_CHARS``."""
    return " ".join(scrub(text.replace("\x00", "")).casefold().split())[:MAX_QUERY_CHARS].strip()


def _filters_key(filters: dict) -> str:
    return json.dumps({name: scrub(str(value)) for name, value in sorted(filters.items())}, ensure_ascii=False)


@dataclass(frozen=True)
class SearchEvent:
    """One search as it is stored: already normalised and scrubbed."""

    day: str
    query: str
    filters: str
    hits: int


@dataclass(frozen=True)
class OpenEvent:
    """A hit opened from the results page of ``query`` (normalised)."""

    day: str
    query: str


@dataclass
class QueryCount:
    query: str
    count: int


@dataclass
class SearchStats:
    """The statistics of the last ``days`` days (today included)."""

    days: int
    searches: int = 0
    per_day: list[tuple[str, int]] = field(default_factory=list)  # every day of the period, oldest first
    top: list[QueryCount] = field(default_factory=list)
    zero_results: list[QueryCount] = field(default_factory=list)
    not_opened: list[QueryCount] = field(default_factory=list)  # found hits, none opened

    @property
    def busiest(self) -> int:
        """The most searches on one day of the period."""
        return max((n for _, n in self.per_day), default=0)

    def summary(self) -> str:
        """The statistics as text for a terminal."""
        lines = [f"{self.searches} searches in the last {self.days} days "
                 f"(queries shown when made at least {MIN_SEARCHES} times)"]
        for title, items in (("top queries", self.top), ("zero results", self.zero_results),
                             ("hits, none opened", self.not_opened)):
            lines.append(f"\n{title}:")
            lines += [f"  {item.count:>6}  {item.query}" for item in items] or ["  (none)"]
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"searches": self.searches,
                **{name: [asdict(item) for item in getattr(self, name)]
                   for name in ("top", "zero_results", "not_opened")},
                "days": self.days, "per_day": [{"day": day, "count": n} for day, n in self.per_day]}


def connect(path: Path) -> sqlite3.Connection:
    """The search log at ``path``, created and migrated to the current version when needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        _migrate(conn)
    except Exception:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= len(_MIGRATIONS):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
            for statement in filter(str.strip, script.split(";")):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise


def write(conn: sqlite3.Connection, events: list[SearchEvent | OpenEvent], today: date) -> None:
    """Add ``events`` to the counts in one transaction, and fold rows older than ``KEEP_DAYS``."""
    searches = Counter((e.day, e.query, e.filters) for e in events if isinstance(e, SearchEvent))
    zero = Counter((e.day, e.query, e.filters) for e in events if isinstance(e, SearchEvent) and not e.hits)
    opens = Counter((e.day, e.query) for e in events if isinstance(e, OpenEvent))
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "INSERT INTO searches VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
            "searches = searches + excluded.searches, zero_results = zero_results + excluded.zero_results",
            [(*key, n, zero[key]) for key, n in searches.items()])
        conn.executemany("INSERT INTO opens VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET opens = opens + excluded.opens",
                         [(*key, n) for key, n in opens.items()])
        _fold(conn, today)
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise


def _fold(conn: sqlite3.Connection, today: date) -> None:
    """Per-query rows older than ``KEEP_DAYS`` become per-day totals (no query kept)."""
    cutoff = (today - timedelta(days=KEEP_DAYS)).isoformat()
    conn.execute(
        "INSERT INTO daily_totals (day, searches, zero_results, opens) "
        "SELECT day, SUM(searches), SUM(zero_results), 0 FROM searches WHERE day < ? GROUP BY day "
        "ON CONFLICT DO UPDATE SET searches = searches + excluded.searches, "
        "zero_results = zero_results + excluded.zero_results", (cutoff,))
    conn.execute(
        "INSERT INTO daily_totals (day, searches, zero_results, opens) "
        "SELECT day, 0, 0, SUM(opens) FROM opens WHERE day < ? GROUP BY day "
        "ON CONFLICT DO UPDATE SET opens = opens + excluded.opens", (cutoff,))
    conn.execute("DELETE FROM searches WHERE day < ?", (cutoff,))
    conn.execute("DELETE FROM opens WHERE day < ?", (cutoff,))


def read_stats(path: Path, days: int, today: date, minimum: int = MIN_SEARCHES,
               limit: int = LIST_LENGTH) -> SearchStats:
    """The statistics of the last ``days`` days; empty when nothing was logged yet (the file is not
    created by reading)."""
    days = max(1, days)
    first = today - timedelta(days=days - 1)
    stats = SearchStats(days=days)
    counts = dict.fromkeys(((first + timedelta(days=n)).isoformat() for n in range(days)), 0)
    if path.exists():
        conn = connect(path)
        try:
            since = first.isoformat()
            rows = conn.execute("SELECT day, SUM(searches) FROM searches WHERE day >= ? GROUP BY day UNION ALL "
                                "SELECT day, searches FROM daily_totals WHERE day >= ?", (since, since))
            for day, n in rows:
                if day in counts:
                    counts[day] += n

            def ranked(sql: str) -> list[QueryCount]:
                return [QueryCount(q, n) for q, n in conn.execute(sql, (since, minimum, limit))]

            stats.top = ranked("SELECT query, SUM(searches) AS n FROM searches WHERE day >= ? AND query != '' "
                               "GROUP BY query HAVING n >= ? ORDER BY n DESC, query LIMIT ?")
            stats.zero_results = ranked(
                "SELECT query, SUM(zero_results) AS n FROM searches WHERE day >= ? AND query != '' "
                "GROUP BY query HAVING n >= ? ORDER BY n DESC, query LIMIT ?")
            stats.not_opened = ranked(
                "SELECT query, SUM(searches - zero_results) AS n FROM searches WHERE day >= ?1 AND query != '' "
                "AND query NOT IN (SELECT query FROM opens WHERE day >= ?1) "
                "GROUP BY query HAVING n >= ?2 ORDER BY n DESC, query LIMIT ?3")
        finally:
            conn.close()
    stats.per_day = list(counts.items())
    stats.searches = sum(counts.values())
    return stats


_STOP = object()


class SearchLog:
    """Hands searches and openings to a background writer that stores them in batches.

    ``record_search`` and ``record_open`` never block and never raise: when the queue is full the
    event is dropped, and when the database cannot be written the batch is given up; each of those
    is logged once until writing works again.
    """

    def __init__(self, path: Path, *, clock: Callable[[], date] = date.today, queue_limit: int = QUEUE_LIMIT):
        self.path = Path(path)
        self.clock = clock
        self._queue: queue.Queue = queue.Queue(maxsize=queue_limit)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self._failing = False
        self._dropping = False
        self.dropped = 0  # events lost to a full queue or a failed write

    def record_search(self, query: str, filters: dict, hits: int) -> None:
        """Count one search (its query and filter values are scrubbed here, before anything keeps them)."""
        self._put(SearchEvent(self.clock().isoformat(), normalise_query(query), _filters_key(filters), int(hits)))

    def record_open(self, query: str) -> None:
        """Count one hit opened from the results of ``query``."""
        self._put(OpenEvent(self.clock().isoformat(), normalise_query(query)))

    def flush(self) -> None:
        """Wait until everything recorded so far was written (or given up)."""
        if self._thread is not None:
            self._queue.join()

    def close(self) -> None:
        """Write what is pending and stop the writer."""
        with self._lock:
            if self._thread is not None:
                self._queue.put(_STOP)
                self._thread.join()
                self._thread = None

    def _put(self, event: SearchEvent | OpenEvent) -> None:
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self.dropped += 1
            if not self._dropping:
                self._dropping = True
                log.error("search log queue full (%d waiting): searches are not counted until the writer "
                          "catches up", self._queue.qsize())
        # After the put: a writer that is just leaving (idle) has seen an empty queue, so a new one starts.
        self._start()

    def _start(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="kommunesog-searchlog", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                batch = [self._queue.get(timeout=IDLE_SECONDS)]
            except queue.Empty:
                if self._leave_when_idle():
                    return
                continue
            deadline = time.monotonic() + BATCH_SECONDS
            while batch[-1] is not _STOP and (left := deadline - time.monotonic()) > 0:
                try:
                    batch.append(self._queue.get(timeout=left))
                except queue.Empty:
                    break
            try:
                self._write([event for event in batch if event is not _STOP])
            finally:
                for _ in batch:
                    self._queue.task_done()
            if batch[-1] is _STOP:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                return

    def _leave_when_idle(self) -> bool:
        """Stop the writer (and close the database) while nobody searches; the next search starts one.
        Never waits for the lock: ``close`` may hold it while it waits for this thread."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if not self._queue.empty():
                return False
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._thread = None
            return True
        finally:
            self._lock.release()

    def _write(self, events: list[SearchEvent | OpenEvent]) -> None:
        if not events:
            return
        try:
            if self._conn is None:
                self._conn = connect(self.path)
            write(self._conn, events, self.clock())
        except (sqlite3.Error, OSError) as err:
            self.dropped += len(events)
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if not self._failing:
                self._failing = True
                log.error("search log %s cannot be written (%s): searches go on without statistics",
                          self.path, err)
            return
        if self._failing or self._dropping:
            log.info("search log %s is written again", self.path)
        self._failing = self._dropping = False
