"""Index generations on disk, switched atomically, and the one-reindex-at-a-time lock.

    instance/index/
        CURRENT          the name of the live generation ("gen-000007"), replaced atomically
        gen-000007/      a complete Whoosh index plus manifest.json
        reindex.lock     held (flock) by the running reindex; holds its pid

A reindex builds the next generation beside the live one and publishes it by renaming a new CURRENT
over the old (atomic on POSIX). Readers open whatever CURRENT names, so they see the old index or the
new one, never a mix. A reindex killed half-way leaves only an unpublished directory, which the next
run removes.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher as WhooshSearcher

from . import postings
from .pidlock import PidLock

CURRENT = "CURRENT"
LOCK = "reindex.lock"
MANIFEST = "manifest.json"
# Generations kept besides the live one, for searchers that still have an older one open.
KEEP_OLD_GENERATIONS = 2
# Tries to open the live generation when reindexes keep switching it under a reader.
OPEN_ATTEMPTS = 5
_GENERATION = re.compile(r"^gen-(\d{6,})$")


class IndexMissing(Exception):
    """There is no published index in the directory."""


class ReindexBusy(Exception):
    """Another reindex holds the lock."""

    def __init__(self, pid: str):
        super().__init__(f"another reindex is running (pid {pid or 'unknown'})")
        self.pid = pid


@dataclass(frozen=True)
class Generation:
    name: str
    path: Path

    @property
    def number(self) -> int:
        return int(_GENERATION.match(self.name).group(1))


def current_generation(index_dir: Path) -> Generation | None:
    """The published generation, or None when nothing was ever published (or it was removed)."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    path = index_dir / name
    if not _GENERATION.match(name) or not path.is_dir():
        return None
    return Generation(name, path)


def _generations(index_dir: Path) -> list[Generation]:
    if not index_dir.is_dir():
        return []
    found = [Generation(p.name, p) for p in index_dir.iterdir() if _GENERATION.match(p.name) and p.is_dir()]
    return sorted(found, key=lambda g: g.number)


def new_generation(index_dir: Path) -> Generation:
    """An empty directory for the next generation, numbered after every existing one."""
    index_dir.mkdir(parents=True, exist_ok=True)
    existing = _generations(index_dir)
    number = existing[-1].number + 1 if existing else 1
    name = f"gen-{number:06d}"
    path = index_dir / name
    path.mkdir()
    return Generation(name, path)


def copy_generation(source: Generation, index_dir: Path) -> Generation:
    """A new generation that starts as a copy of ``source`` (for incremental updates).

    Files written once and never changed are linked, not copied: Whoosh's segment files (a new
    segment is a new file; deletions are kept in the table of contents) and the posting arrays. At
    100k passages that is 600 MB an incremental reindex no longer copies. The table of contents is
    copied; the manifest is not (the reindex writes a new one)."""
    target = new_generation(index_dir)
    for item in source.path.iterdir():
        if not item.is_file() or item.name.endswith("LOCK") or item.name == MANIFEST:
            continue  # Whoosh's MAIN_WRITELOCK is per writer
        if item.suffix == ".seg" or (item.name.startswith(postings.PREFIX) and item.suffix == ".npy"):
            try:
                os.link(item, target.path / item.name)
                continue
            except OSError:  # another file system, or links not allowed: copy
                pass
        shutil.copy2(item, target.path / item.name)
    return target


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(index_dir: Path, generation: Generation) -> None:
    """Make ``generation`` the live one, atomically and durably."""
    for item in generation.path.iterdir():
        if item.is_file():
            with open(item, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(generation.path)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(generation.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def remove_stale(index_dir: Path) -> list[str]:
    """Remove unpublished generations (left by a killed reindex) and generations older than the
    live one beyond KEEP_OLD_GENERATIONS. Call only while holding the reindex lock."""
    live = current_generation(index_dir)
    removed = []
    for generation in _generations(index_dir):
        too_old = live and generation.number < live.number - KEEP_OLD_GENERATIONS
        unpublished = not live or generation.number > live.number
        if too_old or unpublished:
            shutil.rmtree(generation.path, ignore_errors=True)
            removed.append(generation.name)
    for tmp in index_dir.glob(f".{CURRENT}.*.tmp"):
        tmp.unlink(missing_ok=True)
    return removed


def open_index(index_dir: Path):
    """The live Whoosh index. Raises IndexMissing when there is none."""
    return _open_generation(index_dir, current_generation(index_dir))


def _open_generation(index_dir: Path, generation: Generation | None):
    if generation is None or not whoosh_index.exists_in(generation.path):
        raise IndexMissing(f"no index in {index_dir}; run `kommunesog reindex` first")
    return whoosh_index.open_dir(generation.path), generation


def open_searcher(index_dir: Path) -> tuple[WhooshSearcher, Generation]:
    """A Whoosh searcher on the live generation. Raises IndexMissing when there is none."""
    searcher, _, generation = open_live(index_dir)
    return searcher, generation


def open_live(index_dir: Path) -> tuple[WhooshSearcher, object, Generation]:
    """The live generation: a Whoosh searcher on it, its Whoosh index (for more searchers) and
    which generation it is. Raises IndexMissing when there is none.

    Once open, a searcher holds its segment files open, so removing its generation's
    directory later does not disturb it (POSIX). Only the moment between reading CURRENT and opening
    the files is exposed: a reindex may publish and clean up just then. When opening fails and
    CURRENT has moved on meanwhile, the new generation is opened instead.
    """
    for _ in range(OPEN_ATTEMPTS - 1):
        generation = current_generation(index_dir)
        try:
            index, generation = _open_generation(index_dir, generation)
            return searcher_of(index), index, generation
        except (IndexMissing, OSError, whoosh_index.EmptyIndexError):
            if current_generation(index_dir) == generation:
                raise  # nothing moved: the index really is missing or unreadable
    index, generation = open_index(index_dir)
    return searcher_of(index), index, generation


def searcher_of(index) -> WhooshSearcher:
    """A Whoosh searcher on ``index`` that reads its files through file handles."""
    # Whoosh copies a memory-mapped segment into private memory for every searcher (its BufferFile
    # wraps the map in a BytesIO): about 500 MB per server thread at 100k passages. Reading through
    # file handles keeps one copy of the files, in the OS page cache (docs/benchmarks.md).
    index.storage.supports_mmap = False
    return index.searcher()


def passage_count(index) -> int:
    """The passages (undeleted documents) of a Whoosh index in a directory, from its table of
    contents: ``Index.doc_count`` opens a reader on every segment to add up the same figures
    (0.25 s at 100k passages, a tenth of an incremental reindex)."""
    return sum(segment.doc_count() for segment in postings.segments_of(index))


def read_manifest(generation: Generation | None) -> dict:
    if generation is None:
        return {}
    try:
        return json.loads((generation.path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(generation: Generation, manifest: dict) -> None:
    (generation.path / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True),
                                            encoding="utf-8")


class ReindexLock(PidLock):
    """One reindex per index directory at a time (``reindex.lock``)."""

    def __init__(self, index_dir: Path):
        super().__init__(index_dir / LOCK, ReindexBusy)
