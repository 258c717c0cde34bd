"""Each index segment's postings as NumPy arrays: what lets a search score every match at once.

Whoosh walks and scores matches one at a time in Python: at 100k passages a common word matches
most of them, and a Danish query becomes many terms (fields, synonyms, compound parts), so a search
took over a second. Read once into arrays, a term's passages and weights score in one vectorised
step (``index.serving.scoring``).

A segment never changes once written (deletions are kept apart, by Whoosh), so its arrays are
written beside it when a reindex commits (``write_missing``). A server loads the small ones (term
keys, offsets, field lengths), memory-maps the postings and reads positions a slice at a time when
a phrase needs them (``FileArray``): at 104,382 passages and 8 concurrent clients, peak RSS 454 MB
with everything mapped, 315 MB so (docs/benchmarks.md). A segment without arrays (an index built
before them) gets them in memory on first use.

Files, per segment ``<id>``: ``postings-<id>.keys.npy`` (sorted ``field NUL term`` byte strings),
``.starts.npy`` (where each key's postings start), ``.ids.npy`` (document numbers within the
segment), ``.weights.npy`` (Whoosh's weight of each posting: the term's boosted frequency) and
``.lengths.npy`` (each scored field's length per document, as Whoosh's scorer reads it),
``.positions.npy`` (word positions of every posting, in order) and ``.position_starts.npy`` (where
each posting's positions start), for phrases. ``postings-<id>.vocabulary-<field>.words.npy``,
``.weights.npy`` and ``.docs.npy``: the words of a field with Whoosh's statistics of each (its total
weight and document count in the segment), for spelling and completion, which otherwise read every
term through Whoosh on a generation's first misspelt query (1.2 s at 100k passages). The vocabulary
``words`` is no field: the words passages are written with, counted from their stored title and text
(``written_words``). An index field of them took a third of a full reindex's postings, for
statistics these files hold anyway.
"""
from __future__ import annotations

import os
import pickle
import threading
from collections import Counter, OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from .analysis import written_words
from .schema import SCHEMA

# Fields a query may search: the scored text fields and the filter fields (kind, years, page, site).
FIELDS = ("breadcrumb", "kind", "page", "page_title", "site", "text", "title", "updated", "years")
SCORED_FIELDS = tuple(f for f in FIELDS if SCHEMA[f].scorable)
PREFIX = "postings-"
# Keys longer than this (a pasted URL as one word) are left to Whoosh: fixed-width keys would
# otherwise grow for every term.
MAX_KEY = 120
# How a server holds each part: the postings every search reads are memory-mapped (shared page cache,
# no copy); positions, read only for phrases and the largest part, are read a slice at a time, so
# they do not stay in the server's memory; the small parts are loaded.
_MAPPED = frozenset({"ids", "weights"})
_READ_ON_DEMAND = frozenset({"positions", "position_starts"})
_PARTS = ("ids", "weights", "lengths", "positions", "position_starts", "starts", "keys")  # written in this order; keys last = complete
# The words passages are written with (spelling suggestions, completion), and the terms of a field
# (a term correction), listed per segment.
WORDS = "words"
VOCABULARIES = (WORDS, "text")
_VOCABULARY_PARTS = ("weights", "docs", "words")  # words last = complete


class FileArray:
    """A one-dimensional ``.npy`` file read a slice at a time (``os.pread``: safe from many threads
    at once). The open file keeps the data readable after its generation is removed (POSIX)."""

    def __init__(self, path: Path):
        with path.open("rb") as fh:
            version = np.lib.format.read_magic(fh)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran, dtype = read_header(fh)
            self.offset = fh.tell()
        if len(shape) != 1 or fortran:
            raise ValueError(f"{path}: not a one-dimensional array")
        self.dtype, self.length = np.dtype(dtype), shape[0]
        self._fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> np.ndarray:
        start, stop, step = part.indices(self.length)
        if step != 1:
            raise IndexError("FileArray reads contiguous slices only")
        count = max(0, stop - start)
        size = self.dtype.itemsize
        data = os.pread(self._fd, count * size, self.offset + start * size)
        if len(data) != count * size:
            raise OSError(f"short read from a posting array ({len(data)} of {count * size} bytes)")
        return np.frombuffer(data, self.dtype)

    def __del__(self):
        try:
            os.close(self._fd)
        except (OSError, AttributeError):
            pass


def _key(fieldname: str, text: bytes) -> bytes:
    return fieldname.encode("utf-8") + b"\x00" + text


def kept(fieldname: str, text: bytes) -> bool:
    """Whether the arrays hold this term's postings (else its key is too long: ask Whoosh)."""
    return len(_key(fieldname, text)) <= MAX_KEY


@dataclass
class SegmentArrays:
    keys: np.ndarray      # sorted fixed-width byte strings
    starts: np.ndarray    # int64, len(keys) + 1
    ids: np.ndarray       # int32
    weights: np.ndarray   # float32
    lengths: np.ndarray   # float32, (len(SCORED_FIELDS), documents)
    positions: np.ndarray        # int32, every posting's word positions one after the other
    position_starts: np.ndarray  # int32 (int64 past 2**31 positions), len(ids) + 1

    def _span(self, fieldname: str, text: bytes) -> tuple[int, int]:
        """Where a term's postings lie (empty when the segment lacks it); its key must be ``kept``."""
        key = _key(fieldname, text)
        i = int(np.searchsorted(self.keys, key))
        if i >= len(self.keys) or self.keys[i] != key:
            return 0, 0
        return int(self.starts[i]), int(self.starts[i + 1])

    def _key_range(self, fieldname: str, prefix: bytes = b"") -> range:
        """The indexes of the keys of ``fieldname`` that start with ``prefix`` (side by side, as
        the keys are sorted; no UTF-8 byte is 0xff)."""
        low = _key(fieldname, prefix)
        return range(int(np.searchsorted(self.keys, low)), int(np.searchsorted(self.keys, low + b"\xff")))

    def postings(self, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """Document numbers and weights of a term (empty when the segment lacks it); None when its
        key is too long to be kept here (ask Whoosh)."""
        if not kept(fieldname, text):
            return None
        start, stop = self._span(fieldname, text)
        return self.ids[start:stop], self.weights[start:stop]

    def term_positions(self, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Document numbers of a term, how many positions each of its postings has, and those
        positions one after the other; the key must be ``kept``."""
        start, stop = self._span(fieldname, text)
        bounds = self.position_starts[start:stop + 1]
        return (self.ids[start:stop], np.diff(bounds),
                self.positions[int(bounds[0]):int(bounds[-1])] if len(bounds) else np.zeros(0, np.int32))

    def field_postings(self, fieldname: str):
        """Each term of ``fieldname`` (as text) with its document numbers, in term order."""
        skip = len(fieldname.encode("utf-8")) + 1
        for i in self._key_range(fieldname):
            yield bytes(self.keys[i][skip:]).decode("utf-8"), self.ids[int(self.starts[i]):int(self.starts[i + 1])]

    def field_values(self, fieldname: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every term of ``fieldname`` (as text, in term order), the document numbers of all their
        postings one after the other, and for each posting which of the terms it is."""
        keys = self._key_range(fieldname)
        skip = len(fieldname.encode("utf-8")) + 1
        values = [bytes(self.keys[i][skip:]).decode("utf-8") for i in keys]
        bounds = self.starts[keys.start:keys.stop + 1]
        which = np.repeat(np.arange(len(values)), np.diff(bounds)) if len(values) else np.zeros(0, np.int64)
        return values, self.ids[int(bounds[0]):int(bounds[-1])] if len(values) else _EMPTY[0], which

    def prefix_ids(self, fieldname: str, prefix: bytes) -> np.ndarray:
        """Document numbers (sorted, once each) with a term in ``fieldname`` that starts with
        ``prefix``: the keys are sorted, so those terms' postings lie side by side."""
        keys = self._key_range(fieldname, prefix)
        return np.unique(self.ids[int(self.starts[keys.start]):int(self.starts[keys.stop])])

    def field_lengths(self, fieldname: str) -> np.ndarray:
        return self.lengths[SCORED_FIELDS.index(fieldname)]


_EMPTY = (np.zeros(0, np.int32), np.zeros(0, np.float32))


def leaf_arrays(matcher, deltas: list[int] | None = None):
    """All document numbers and weights of a Whoosh posting matcher, a block at a time where the
    matcher is Whoosh's on-disk one (its blocks already are arrays), else posting by posting. Given
    a ``deltas`` list, the position gaps of every posting are appended to it (each posting's first
    gap counts from 0), and each posting's number of positions is returned as well."""
    while type(matcher).__name__ == "FilterMatcher":  # deletions are applied by the searcher
        matcher = matcher.child
    has_positions = deltas is not None and matcher.supports("positions")
    ids, weights, counts = [], [], []
    if type(matcher).__name__ == "W3LeafMatcher" and hasattr(matcher, "_read_data"):
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            block = np.asarray(matcher._data[0], dtype=np.int64)
            ids.append(block if matcher._byteids else np.cumsum(block))
            raw = matcher._data[1]
            weights.append(np.ones(len(block), np.float32) if raw is None
                           else np.full(len(block), raw, np.float32) if isinstance(raw, float)
                           else np.asarray(raw, dtype=np.float32))
            if has_positions:
                matcher._read_values()
                for value in matcher._values:
                    gaps = _position_deltas(value)
                    counts.append(len(gaps))
                    deltas.extend(gaps)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(np.array([matcher.id()], np.int64))
            weights.append(np.array([matcher.weight()], np.float32))
            if has_positions:
                found = matcher.value_as("positions")
                counts.append(len(found))
                deltas.extend(b - a for a, b in zip([0, *found], found))
            matcher.next()
    ids = np.concatenate(ids).astype(np.int32) if ids else _EMPTY[0]
    weights = np.concatenate(weights) if weights else _EMPTY[1]
    if deltas is None:
        return ids, weights
    return ids, weights, counts if has_positions else [0] * len(ids)


def _position_deltas(value: bytes) -> list[int]:
    """The position deltas in a Whoosh ``Positions`` value: a 4-byte count, then a pickled list
    (its final stop byte left off; ``whoosh.formats.Positions.decode_positions``)."""
    data = value if value.endswith(b".") else value + b"."
    return pickle.loads(data[4:])


def build(segment_reader) -> SegmentArrays:
    """The arrays of one segment (a Whoosh ``SegmentReader``), deleted documents included."""
    keys, starts, ids, weights, counts, deltas = [], [0], [], [], [], []
    for fieldname in FIELDS:
        if fieldname not in segment_reader.indexed_field_names():
            continue
        for text in segment_reader.lexicon(fieldname):
            if not kept(fieldname, text):
                continue
            found, weight, count = leaf_arrays(segment_reader.postings(fieldname, text), deltas)
            keys.append(_key(fieldname, text))
            ids.append(found)
            weights.append(weight)
            counts.extend(count)
            starts.append(starts[-1] + len(found))
    size = segment_reader.doc_count_all()
    lengths = np.ones((len(SCORED_FIELDS), size), np.float32)
    for row, fieldname in enumerate(SCORED_FIELDS):
        for docnum in range(size):
            length = segment_reader.doc_field_length(docnum, fieldname, 1)
            lengths[row, docnum] = 1 if length is None else length  # None: the passage lacks the field
    width = max((len(k) for k in keys), default=1)
    position_starts = _offsets(np.asarray(counts, np.int64))
    return SegmentArrays(
        keys=np.array(keys, dtype=f"S{width}"),
        starts=np.asarray(starts, dtype=np.int64),
        ids=np.concatenate(ids) if ids else _EMPTY[0],
        weights=np.concatenate(weights) if weights else _EMPTY[1],
        lengths=lengths,
        positions=_positions(np.asarray(deltas, np.int64), position_starts),
        position_starts=position_starts,
    )


def _positions(deltas: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Positions from the gaps of every posting, each posting's running sum starting again at 0."""
    if not len(deltas):
        return np.zeros(0, np.int32)
    running = np.cumsum(deltas)
    before = np.concatenate([[0], running])[starts[:-1].astype(np.int64)]  # the sum before each posting
    return (running - np.repeat(before, np.diff(starts))).astype(np.int32)


def _offsets(counts: np.ndarray) -> np.ndarray:
    """Where each of ``counts`` runs starts, and the end: int32 while it fits (half the memory)."""
    ends = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
    return ends.astype(np.int32) if ends[-1] < 2**31 else ends


def _paths(folder: Path, segment_id: str) -> dict[str, Path]:
    return {part: folder / f"{PREFIX}{segment_id}.{part}.npy" for part in _PARTS}


def save(arrays: SegmentArrays, folder: Path, segment_id: str) -> None:
    """Write a segment's arrays: each file under a temporary name, then renamed, keys last, so a
    crash leaves either complete arrays or none that count."""
    for part, path in _paths(folder, segment_id).items():
        _save_array(path, getattr(arrays, part))


def _save_array(path: Path, array: np.ndarray) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as fh:
        np.save(fh, array, allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, path)


def _arrays_written(folder: Path, segment_id: str) -> bool:
    return all(path.exists() for path in _paths(folder, segment_id).values())


def _written(folder: Path, segment_id: str) -> bool:
    """Whether a segment's arrays and vocabularies are all on disk."""
    return _arrays_written(folder, segment_id) and all(
        _vocabulary_paths(folder, segment_id, fieldname)["words"].exists() for fieldname in VOCABULARIES)


def load(folder: Path, segment_id: str) -> SegmentArrays | None:
    """A segment's arrays from disk (postings read on demand); None when they were never
    (completely) written."""
    paths = _paths(folder, segment_id)
    if not _arrays_written(folder, segment_id):
        return None
    try:
        return SegmentArrays(**{part: FileArray(path) if part in _READ_ON_DEMAND
                                else _mapped(path) if part in _MAPPED
                                else np.load(path, allow_pickle=False) for part, path in paths.items()})
    except (OSError, ValueError):
        return None


def _mapped(path: Path) -> np.ndarray:
    """An array file mapped into memory, as a plain ndarray view of the map: slicing a
    ``np.memmap`` makes a memmap each time (0.4 ms a query at 100k passages, cProfile)."""
    return np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))


def segment_arrays(segment_reader, folder: Path | None) -> SegmentArrays:
    """The arrays of a segment: from disk when written, else built in memory (the generation's
    ``IndexArrays``, which its snapshot holds, keeps them as long as the generation is searched)."""
    found = load(folder, segment_reader.segment().segment_id()) if folder else None
    return found if found is not None else build(segment_reader)


@dataclass
class SegmentVocabulary:
    """The words of one field of one segment, with Whoosh's statistics of each (deleted documents
    included, as Whoosh keeps them until a merge)."""

    words: list[str]
    weights: np.ndarray  # float64: each word's total weight (frequency)
    docs: np.ndarray     # int64: how many documents have it

    def plus(self, more: "SegmentVocabulary") -> "SegmentVocabulary":
        """These statistics and those of ``more`` (words of other documents) added up."""
        return self._combined(more, 1)

    def without(self, gone: "SegmentVocabulary") -> "SegmentVocabulary":
        """These statistics less those of ``gone`` (words of some of the same documents); words no
        document has any more are left out."""
        return self._combined(gone, -1)

    def counts(self) -> tuple[dict[str, float], dict[str, int]]:
        """Word → total weight, word → document count."""
        return dict(zip(self.words, self.weights.tolist())), dict(zip(self.words, self.docs.tolist()))

    def add_to(self, weights: dict[str, float], docs: dict[str, int], sign: int = 1) -> None:
        """Add (``sign`` 1) or subtract (-1) these statistics to or from ``counts``-like dicts."""
        for word, weight, count in zip(self.words, self.weights.tolist(), self.docs.tolist()):
            weights[word] = weights.get(word, 0.0) + sign * weight
            docs[word] = docs.get(word, 0) + sign * count

    def _combined(self, other: "SegmentVocabulary", sign: int) -> "SegmentVocabulary":
        if not other.words:
            return self
        weights, docs = self.counts()
        other.add_to(weights, docs, sign)
        words = sorted(word for word, count in docs.items() if count > 0)
        return SegmentVocabulary(words, np.array([weights[w] for w in words], np.float64),
                                 np.array([docs[w] for w in words], np.int64))


EMPTY_VOCABULARY = SegmentVocabulary([], np.zeros(0, np.float64), np.zeros(0, np.int64))


def build_vocabulary(segment_reader, fieldname: str) -> SegmentVocabulary:
    """The words of ``fieldname`` (or ``WORDS``) in one segment with their statistics, deleted
    documents included (as Whoosh keeps them until a merge; ``segment_vocabularies`` leaves them
    out of ``WORDS``)."""
    if fieldname == WORDS:
        return _written_vocabulary(segment_reader, range(segment_reader.doc_count_all()))
    field = segment_reader.schema[fieldname]
    words, weights, docs = [], [], []
    if fieldname in segment_reader.indexed_field_names():
        for btext, info in segment_reader.iter_field(fieldname):
            words.append(field.from_bytes(btext))
            weights.append(info.weight())
            docs.append(info.doc_frequency())
    return SegmentVocabulary(words, np.asarray(weights, np.float64), np.asarray(docs, np.int64))


def _live(segment_reader, vocabulary: SegmentVocabulary, fieldname: str) -> SegmentVocabulary:
    """A segment's vocabulary as its live passages have it: the words of passages an incremental
    reindex deleted (a page edited since) are not offered as completions or corrections. (A
    field's term statistics stay Whoosh's, which count them until a merge.)"""
    if fieldname != WORDS or not segment_reader.has_deletions():
        return vocabulary
    return vocabulary.without(_deleted_words(segment_reader))


# Segment id → (its deleted documents, their words), for the segments seen last.
_DELETED_WORDS: OrderedDict[str, tuple[np.ndarray, SegmentVocabulary]] = OrderedDict()
_DELETED_WORDS_KEPT = 64
_DELETED_WORDS_LOCK = threading.Lock()


def _deleted_words(segment_reader) -> SegmentVocabulary:
    """The words of a segment's deleted passages. Remembered per segment: a segment only gains
    deletions (each nightly incremental reindex adds a page's few, until a full rebuild), so the
    next generation reads only the passages deleted since the last one."""
    segment = segment_reader.segment()
    key = segment.segment_id() if segment is not None else None
    deleted = np.fromiter(filter(segment_reader.is_deleted, range(segment_reader.doc_count_all())), np.int64)
    with _DELETED_WORDS_LOCK:
        known = _DELETED_WORDS.get(key) if key else None
    counted, words = known if known and np.isin(known[0], deleted).all() else (np.zeros(0, np.int64), EMPTY_VOCABULARY)
    new = np.setdiff1d(deleted, counted)
    if len(new):
        words = words.plus(_written_vocabulary(segment_reader, new.tolist()))
    if key:
        with _DELETED_WORDS_LOCK:
            _DELETED_WORDS[key] = (deleted, words)
            _DELETED_WORDS.move_to_end(key)
            while len(_DELETED_WORDS) > _DELETED_WORDS_KEPT:
                _DELETED_WORDS.popitem(last=False)
    return words


def _written_vocabulary(segment_reader, docnums) -> SegmentVocabulary:
    """The words of these passages as written (title and text): how often each is written, in how
    many passages."""
    frequency: Counter[str] = Counter()
    passages: Counter[str] = Counter()
    for docnum in docnums:
        stored = segment_reader.stored_fields(docnum)
        words = written_words(f"{stored.get('title') or ''}\n{stored.get('text') or ''}")
        frequency.update(words)
        passages.update(set(words))
    words = sorted(frequency)
    return SegmentVocabulary(words, np.array([frequency[w] for w in words], np.float64),
                             np.array([passages[w] for w in words], np.int64))


def _vocabulary_paths(folder: Path, segment_id: str, fieldname: str) -> dict[str, Path]:
    return {part: folder / f"{PREFIX}{segment_id}.vocabulary-{fieldname}.{part}.npy" for part in _VOCABULARY_PARTS}


def save_vocabulary(vocabulary: SegmentVocabulary, folder: Path, segment_id: str, fieldname: str) -> None:
    """Write a segment's vocabulary of ``fieldname`` like ``save`` writes its arrays (words last)."""
    words = np.frombuffer("\n".join(vocabulary.words).encode("utf-8"), np.uint8)
    for part, path in _vocabulary_paths(folder, segment_id, fieldname).items():
        _save_array(path, words if part == "words" else getattr(vocabulary, part))


def load_vocabulary(folder: Path, segment_id: str, fieldname: str) -> SegmentVocabulary | None:
    """A segment's vocabulary of ``fieldname`` from disk; None when it was never (completely) written."""
    paths = _vocabulary_paths(folder, segment_id, fieldname)
    try:
        if not paths["words"].exists():
            return None
        parts = {part: np.load(path, allow_pickle=False) for part, path in paths.items()}
    except (OSError, ValueError):
        return None
    text = parts["words"].tobytes().decode("utf-8")
    words = text.split("\n") if text or len(parts["docs"]) else []
    if len(words) != len(parts["docs"]):
        return None
    return SegmentVocabulary(words, parts["weights"], parts["docs"])


def segment_vocabularies(reader, folder: Path | None, fieldname: str) -> list[SegmentVocabulary]:
    """The vocabulary of ``fieldname`` of every segment of ``reader`` as its live passages have it:
    as written beside the segment in ``folder`` at commit, or built now where it was not (an index
    written before the files were, or no ``folder``)."""
    found = []
    for leaf in _leaves(reader):
        segment = leaf.segment()
        written = load_vocabulary(folder, segment.segment_id(), fieldname) if folder and segment else None
        found.append(_live(leaf, written if written is not None else build_vocabulary(leaf, fieldname), fieldname))
    return found


def _leaves(reader) -> list:
    return [reader] if reader.is_atomic() else [leaf for leaf, _ in reader.leaf_readers()]


def _write_segment(folder: Path, segment_id: str) -> None:
    """Build and save one segment's arrays (in a worker process of ``write_missing``, or not)."""
    with _segment_reader(whoosh_index.open_dir(folder), segment_id) as leaf:
        if not _arrays_written(folder, segment_id):
            save(build(leaf), folder, segment_id)
        for fieldname in VOCABULARIES:
            save_vocabulary(build_vocabulary(leaf, fieldname), folder, segment_id, fieldname)


def _segment_reader(index, segment_id: str):
    """A reader of one segment of ``index``, opened alone: a reader of the whole index would copy
    every segment's files into memory (0.1 s at 100k passages for an incremental reindex's one new
    segment)."""
    for segment in segments_of(index):
        if segment.segment_id() == segment_id:
            return SegmentReader(index.storage, index.schema, segment)
    raise LookupError(f"segment {segment_id} not in {index.storage.folder}")


def segments_of(index) -> list:
    """The segments a Whoosh index in a directory has now (its private ``_segments``, checked by
    tests/test_whoosh_internals.py)."""
    return index._segments()


def write_missing(index, processes: int = 1) -> list[str]:
    """Write the arrays of every segment of a Whoosh index (in a directory) that lacks them, in up
    to ``processes`` processes (a full rebuild's segments, one per indexing process, each take
    seconds), and remove those of segments the index no longer has. Returns the segment ids
    written."""
    folder = Path(index.storage.folder)
    # The table of contents names the segments; opening readers for that cost 0.5 s at 100k.
    current = [segment.segment_id() for segment in segments_of(index)]
    missing = [segment_id for segment_id in current if not _written(folder, segment_id)]
    if processes > 1 and len(missing) > 1:
        with ProcessPoolExecutor(max_workers=min(processes, len(missing))) as pool:
            list(pool.map(_write_segment, [folder] * len(missing), missing))
    else:
        for segment_id in missing:
            _write_segment(folder, segment_id)
    for path in folder.glob(f"{PREFIX}*.npy*"):
        if path.name[len(PREFIX):].split(".", 1)[0] not in current:
            path.unlink(missing_ok=True)
    return missing
