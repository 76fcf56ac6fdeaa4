"""Writing the bigram search index (``store.db.search_index`` reads it): a whole build, or an extension.

The postings are made in numpy, not by SQLite FTS5: the text of the articles to add is
one array of code points; a bigram is the pair of neighbours packed in one integer
(``first << 21 | second``), masked where either is a separator; (bigram, document) pairs
are sorted once and deduplicated, and each bigram's sorted document serials are stored
as one blob of deltas (:func:`encode`). Per character that is a few numpy passes, where
FTS5 took a Python bigram string per paragraph plus its own tokenizer and segment merges
(profile at 10,000 articles: bigram strings 10 s, FTS5 insert 9–18 s, optimize 1–2 s).

Documents are articles' texts, keyed by their text hash (``docs``: serial, hash), not by
list position: an article added anywhere in the list renumbers nothing, so a later build
:func:`extend` s a copy of the previous file with the texts it lacks, as one more segment
(serials past every old one: each bigram's segments in order stay sorted). Texts no
longer in the store stay (their hash maps to no row, so no result) and are counted;
past :data:`STALE_SHARE` of the documents, :data:`MAX_EXTENSIONS` extensions, or an old
file that is missing, damaged or of another :data:`~store.db.search_index.VERSION`,
the index is built whole instead.

A write goes to a new file under the build's token, never to the old one (readers may
hold it, and a crash must leave it as it was): a failure removes the new file.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from store.db.derived_files import file_checksum
from store.db.search_index import GRAM_SHIFT, SEG_BITS, VERSION, separators

STALE_SHARE = 0.25  # documents no longer in the store, as a share of the file's, that make the next write a full build
MAX_EXTENSIONS = 16  # extensions before a full build: each adds a segment, and a lookup reads a blob per segment
# Characters indexed at once (~5,000 articles): each costs ~41 bytes at the peak (code points, masks,
# packed pairs and their sorted copy; tracemalloc: 690 MB), whatever the corpus; each chunk is a segment.
CHUNK_CHARS = 1 << 24
_SERIAL_BITS = 22  # serials below 2**22 are sorted packed with their bigram in one uint64; else a two-key sort
_DDL = (
    "CREATE TABLE meta (version INTEGER, docs INTEGER, stale INTEGER, segments INTEGER, extensions INTEGER)",
    "CREATE TABLE docs (serial INTEGER PRIMARY KEY, text_hash TEXT NOT NULL UNIQUE)",
    # bigram << SEG_BITS | segment: a rowid table keeps blobs up to ~4 KB in its leaves, where a WITHOUT ROWID
    # table's ~1 KB sent most to overflow pages, half of whose last page is empty (with the first serial in the
    # header, see encode: 10,000 articles 28 MB, not 69)
    "CREATE TABLE grams (id INTEGER PRIMARY KEY, docs BLOB NOT NULL)",
)


def build(path: Path, text_path: Path, spans: Sequence[tuple[int, int]], hashes: Sequence[str]) -> int | None:
    """Index every row's text (``spans`` in the text side file, ``hashes`` their text hashes) into a new ``path``.

    Returns the file's CRC-32 for the build record, or None when SQLite cannot write it
    (the store is then searched by scanning). A text repeated under one hash is indexed once.
    """
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))  # private like the side files
    try:
        con = _connect(path)
        try:
            for statement in _DDL:
                con.execute(statement)
            seen: dict[str, tuple[int, int]] = {}
            for span, digest in zip(spans, hashes, strict=True):
                seen.setdefault(digest, span)
            written = _add(con, text_path, list(seen.items()), first=0, seg=0)
            con.execute("INSERT INTO meta VALUES (?, ?, 0, ?, 0)", (VERSION, len(seen), written))
            con.commit()
        finally:
            con.close()
        return _finished(path)
    except (sqlite3.Error, ValueError):
        path.unlink(missing_ok=True)
        return None
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def extend(old_path: Path, new_path: Path, text_path: Path, spans: Sequence[tuple[int, int]], hashes: Sequence[str],
           checksum: int | None = None) -> int | None:  # fmt: skip
    """``new_path`` as a copy of the index at ``old_path`` plus the texts (of ``hashes``) it lacks; its CRC-32.

    ``checksum`` is the old file's recorded CRC-32: a file that differs, is missing, is
    not an index of this :data:`VERSION`, or holds too many stale texts or extensions is
    not extended: the index is built whole (:func:`build`). The old file is only read.
    """
    try:
        crc = _copy(old_path, new_path)
        if checksum is not None and crc != checksum:
            raise ValueError("the old index is damaged")
        con = _connect(new_path)
        try:
            version, docs, segments, extensions = con.execute("SELECT version, docs, segments, extensions FROM meta").fetchone()
            known = dict(con.execute("SELECT text_hash, serial FROM docs").fetchall())
            if version != VERSION or len(known) != docs:
                raise ValueError("another layout")
            todo: dict[str, tuple[int, int]] = {}
            for span, digest in zip(spans, hashes, strict=True):
                if digest not in known:
                    todo.setdefault(digest, span)
            stale = len(known.keys() - set(hashes))
            total = docs + len(todo)
            if extensions >= MAX_EXTENSIONS or stale > STALE_SHARE * total:
                raise ValueError("time for a full build")
            first = max(known.values(), default=-1) + 1
            if first + len(todo) >= 1 << 32:
                raise ValueError("serials past a blob's widest delta: renumber")
            added = _add(con, text_path, list(todo.items()), first=first, seg=segments)
            con.execute("UPDATE meta SET docs = ?, stale = ?, segments = ?, extensions = ?",
                        (total, stale, segments + added, extensions + (added > 0)))  # fmt: skip
            con.commit()
        finally:
            con.close()
        return _finished(new_path)
    except (OSError, sqlite3.Error, TypeError, ValueError):
        new_path.unlink(missing_ok=True)
        return build(new_path, text_path, spans, hashes)
    except BaseException:
        new_path.unlink(missing_ok=True)
        raise


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")  # a file no reader knows of yet: all or nothing by the build's swap
    con.execute("PRAGMA synchronous=OFF")  # fsync'd once by _finished
    return con


def _finished(path: Path) -> int:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())
    return file_checksum(path)


def _copy(old: Path, new: Path) -> int:
    """Copy ``old`` to a new private ``new``; the CRC-32 of what was copied (one read for both)."""
    crc = 0
    with open(old, "rb") as src, open(new, "xb", opener=lambda p, flags: os.open(p, flags, 0o600)) as dst:
        while block := src.read(1 << 22):
            crc = zlib.crc32(block, crc)
            dst.write(block)
    return crc


def _add(con: sqlite3.Connection, text_path: Path, docs: list[tuple[str, tuple[int, int]]], first: int, seg: int) -> int:
    """Index ``docs`` (hash, span) as serials from ``first`` in segments from ``seg``; how many segments were written.

    One segment per :data:`CHUNK_CHARS` characters of text, so memory is bounded whatever the corpus.
    Past one, the segments wait in a temporary table and go in by id: inserted as made, each
    chunk's rows split the pages of the rows before them (10,000 articles, two segments: 28.7 MB,
    not 28.3; more segments, more splits).
    """
    con.executemany("INSERT INTO docs VALUES (?, ?)", ((first + i, digest) for i, (digest, _) in enumerate(docs)))
    chunks = _chunks(text_path, [span for _, span in docs])
    texts, written = next(chunks, None), 0
    while texts is not None:
        following = next(chunks, None)
        if following is not None and not written:
            con.execute("CREATE TEMP TABLE pending (id INTEGER, docs BLOB)")
        grams, serials = postings(texts, first)
        table = "grams" if following is None and not written else "temp.pending"
        if seg + written >= 1 << SEG_BITS:
            raise ValueError("more segments than a bigram's id holds")
        rows = ((g << SEG_BITS | (seg + written), blob) for g, blob in encode(grams, serials))
        con.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
        first, written, texts = first + len(texts), written + 1, following
    if written > 1:
        con.execute("INSERT INTO grams SELECT id, docs FROM temp.pending ORDER BY id")
        con.execute("DROP TABLE temp.pending")
    return written


def _chunks(text_path: Path, spans: list[tuple[int, int]]) -> Iterator[list[str]]:
    """The texts at ``spans`` in order, in runs of about :data:`CHUNK_CHARS` characters."""
    texts: list[str] = []
    size = 0
    with open(text_path, "rb") as f:
        for offset, length in spans:
            f.seek(offset)
            texts.append(f.read(length).decode())
            size += len(texts[-1])
            if size >= CHUNK_CHARS:
                yield texts
                texts, size = [], 0
    if texts:
        yield texts


def postings(texts: list[str], first: int) -> tuple[Any, Any]:
    """Every (bigram, serial) pair of ``texts`` (serials ``first``, ``first + 1``, ...), sorted, once each.

    Two numpy arrays: bigram keys (uint64) and serials (int64), by bigram then serial.
    """
    import numpy as np

    cp = np.frombuffer(("\n".join(texts) + "\n").encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    present = np.flatnonzero(np.bincount(cp))  # numpy 2.4's unique took 59 s of CPU for 31 M values; this, a pass
    is_separator = np.zeros(len(present), dtype=bool)
    match = separators().fullmatch  # the lookup's own classifier: both sides cut alike, whatever Unicode version
    is_separator[[i for i, c in enumerate(present.tolist()) if match(chr(c))]] = True
    table = np.zeros(int(present[-1]) + 1, dtype=bool)
    table[present[is_separator]] = True
    cut = table[cp]  # "\n" among them: no bigram spans paragraphs or texts
    keep = ~cut[:-1]
    keep &= ~cut[1:]
    last = first + len(texts) - 1
    serials: Any = np.repeat(np.arange(first, last + 1, dtype=np.uint32), lengths)[:-1]  # extend keeps them below 2**32
    packed = cp[:-1].astype(np.uint64)  # in place from here: each pass over 31 M values costs
    packed <<= np.uint64(GRAM_SHIFT)
    packed |= cp[1:]
    if last < 1 << _SERIAL_BITS:
        packed <<= np.uint64(_SERIAL_BITS)
        packed |= serials
        packed = packed[keep]
        packed.sort()
        packed = packed[_starts(packed)]
        return packed >> np.uint64(_SERIAL_BITS), (packed & np.uint64((1 << _SERIAL_BITS) - 1)).astype(np.int64)
    keys, docs = packed[keep], serials[keep]
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    once = _starts(keys) | _starts(docs)
    return keys[once], docs[once].astype(np.int64)


def encode(keys: Any, serials: Any) -> list[tuple[int, bytes]]:
    """(bigram, blob) per bigram: a width byte (1, 2 or 4), the first serial (4 bytes), then
    the deltas to each next serial, all little-endian (``store.db.search_index.decode``).

    A bigram in most documents has deltas of 1 or 2, one byte each (民警 in 10,000 articles:
    10 KB); a rare one's few deltas are wide.
    """
    import numpy as np

    if len(keys) == 0:
        return []
    first = _starts(keys)
    starts = np.flatnonzero(first)
    deltas = np.diff(serials, prepend=0)
    deltas[starts] = 0  # the first serial goes in the header: a segment's serials start anywhere
    widths = np.maximum.reduceat(deltas, starts)
    widths = np.where(widths < 1 << 8, 1, np.where(widths < 1 << 16, 2, 4))
    counts = np.diff(np.r_[starts, len(keys)]) - 1  # deltas per bigram
    per_posting = np.repeat(widths, counts + 1)
    packed: dict[int, bytes] = {}
    at = np.zeros(len(starts), dtype=np.int64)  # each bigram's byte offset within its width's buffer
    for width, dtype in ((1, "<u1"), (2, "<u2"), (4, "<u4")):
        mine = widths == width
        packed[width] = deltas[(per_posting == width) & ~first].astype(dtype).tobytes()
        at[mine] = (np.cumsum(counts[mine]) - counts[mine]) * width
    heads = serials[starts].astype("<u4").tobytes()
    out = []
    columns = zip(keys[starts].tolist(), widths.tolist(), at.tolist(), counts.tolist(), strict=True)
    for i, (key, width, offset, count) in enumerate(columns):
        out.append((key, bytes((width,)) + heads[4 * i : 4 * i + 4] + packed[width][offset : offset + count * width]))
    return out


def _starts(values: Any) -> Any:
    """Where each run of equal values in ``values`` (sorted) starts, as a mask."""
    import numpy as np

    mask = np.ones(len(values), dtype=bool)
    mask[1:] = values[1:] != values[:-1]
    return mask
