"""An inverted index of the corpus text for substring search: SQLite FTS5 over character bigrams.

A substring search used to be one ``find`` over the whole text side file (~90 ms for
10,000 articles, linear in the corpus). Chinese has no spaces to cut words at, and
FTS5's ``trigram`` tokenizer finds nothing for the two-character words most searched
(诈骗, 民警). So every paragraph is written as its character bigrams separated by
spaces (诈骗案 → ``诈骗 骗案``) into a contentless FTS5 table (``detail=none``: only
which paragraphs hold a token), and a term of two or more characters is looked up as
the AND of its bigrams. That gives *candidates* (a paragraph holding every bigram may
still not hold the term); the caller verifies each candidate on the text, so results
equal the scan's exactly (tests/store/db/test_search_index.py checks that with
hypothesis).

Measured (tests/bench/bench_search.py, synthetic articles, two cores under a load of
8–10), articles holding a term, index against scan: a rare or absent two-character term
0.02 against 16.5 ms at 1,000 articles (3.1 M characters), 0.05 against 170–210 ms at
10,000 (31 M); 电信诈骗 0.4 against 14 ms, 17 against 103 ms. A term found in most
articles (民警: 158,000 hits at 10,000) is left to the scan (:data:`PROBE`), which meets
a hit in every article and jumps on (31 ms at 10,000; the probe adds ~1 ms, timings
there were within noise). So the index answers two-character terms too, at every corpus
size: the scan grows with the corpus, the index with the hits. Its price is at build
time: 3.3–4.6 bytes per character (103 MB at 10,000 articles) and 7.6 s at 1,000, 115 s
at 10,000 (loaded machine): 18–27× the build's write step, about a tenth of a whole
build with the entity model (100 s per 1,000 articles; README).

Tokens: every character but white space and control/format characters is a token
character (``categories`` below, with ``Cn`` so characters newer than SQLite's Unicode
tables stay token characters), and a bigram holding any other character is neither
indexed nor looked up, on both sides alike; a term without any indexable bigram (one
character, ``a b``) is answered by the scan.

The file sits beside the side files as ``derived-<token>.fts``: built by the same
build under the same token, named by the same ``derived.json``, swept with them. Its
CRC-32 is recorded in the index and checked on first use (in the searching thread, not
at start); a missing, damaged or foreign file is ignored (the scan answers, with no
error): the next build writes a new one.
"""

from __future__ import annotations

import mmap
import os
import threading
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.db.derived_files import file_checksum

if TYPE_CHECKING:  # loaded by the first search or build, not on a warm start of the reader
    import sqlite3

SUFFIX = "fts"
VERSION = 1  # the table layout and tokenizer below; another: the file is ignored until a build rewrites it
PARAGRAPH_BITS = 24  # rowid = row << 24 | paragraph: list order is rowid order
# A term in at least one article of DENSE among the first it is found in is left to the scan:
# a byte search that meets a hit in nearly every article jumps from article to article
# (民警 in 1,000 articles: 1.4 ms), while the index lists each paragraph holding it
# (13,000 paragraphs: 14 ms, and linear in the corpus). PROBE rows decide.
PROBE, DENSE = 64, 4
MAX_LOOKED_UP = 8  # bigrams of a long term looked up (spread over it): more only narrows an already short list
# Separators: white space (Z*), control (Cc), format (Cf) and surrogates (Cs); all else is a token character.
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co Cn M* P* S*'"
_OPTIONS = "content='', columnsize=0, detail=none"  # the index alone: which paragraphs hold a bigram, no positions


@cache
def _separators() -> Any:
    import regex  # only a search or a build pays for it

    return regex.compile(r"[\p{Z}\p{Cc}\p{Cf}\p{Cs}]+")


def bigrams(text: str) -> list[str]:
    """The distinct indexable bigrams of ``text`` in order of first appearance.

    Runs between separators, each cut into its overlapping pairs in C (``map``): about
    0.2 µs a character, where a Python loop asking ``unicodedata`` per character took
    1 µs (3 s for the 3 M characters of 1,000 articles).
    """
    out: dict[str, None] = {}
    for run in _separators().split(text):
        if len(run) > 1:
            out.update(dict.fromkeys(map(str.__add__, run[:-1], run[1:])))
    return list(out)


def _paragraphs(text: bytes | mmap.mmap, spans: Sequence[tuple[int, int]]) -> Iterator[tuple[int, str]]:
    for row, (offset, length) in enumerate(spans):
        for p, line in enumerate(text[offset : offset + length].decode().split("\n")[:-1]):
            grams = bigrams(line)
            if grams:
                yield row << PARAGRAPH_BITS | p, " ".join(grams)


def build(path: Path, text_path: Path, spans: Sequence[tuple[int, int]]) -> int | None:
    """Write the index of the text side file at ``text_path`` (rows' ``spans`` in it) to ``path``.

    Returns the file's CRC-32 for the build record, or None when SQLite cannot write
    one (no FTS5 in this Python): the store is then searched by scanning, as before.
    """
    import sqlite3

    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))  # private like the side files
    try:
        with open(text_path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            text: bytes | mmap.mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        try:
            con = sqlite3.connect(path)
            try:
                con.execute("PRAGMA journal_mode=OFF")  # a fresh file no reader knows of yet: all or nothing by the swap
                con.execute("PRAGMA synchronous=OFF")  # fsync'd once below
                con.execute(f"CREATE VIRTUAL TABLE grams USING fts5(g, {_OPTIONS}, tokenize=\"{TOKENIZE}\")")
                con.execute("CREATE TABLE meta (version INTEGER, rows INTEGER)")
                con.execute("INSERT INTO meta VALUES (?, ?)", (VERSION, len(spans)))
                con.executemany("INSERT INTO grams (rowid, g) VALUES (?, ?)", _paragraphs(text, spans))
                con.execute("INSERT INTO grams (grams) VALUES ('optimize')")  # one segment: smaller, one lookup per token
                con.commit()
            finally:
                con.close()
        finally:
            if isinstance(text, mmap.mmap):
                text.close()
        with open(path, "rb+") as f:
            os.fsync(f.fileno())
    except sqlite3.Error:
        path.unlink(missing_ok=True)
        return None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return file_checksum(path)


class SearchIndex:
    """An open index; :meth:`candidates` is safe from any thread (one connection, one lock)."""

    def __init__(self, path: Path, rows: int, checksum: int) -> None:
        self.path, self.rows, self.checksum = path, rows, checksum
        self._con: sqlite3.Connection | None = None
        self._failed = False
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection | None:
        """The connection, opened and checked on first use; None once anything is wrong with the file."""
        import sqlite3

        if self._con is None and not self._failed:
            try:
                if file_checksum(self.path) != self.checksum:
                    raise sqlite3.DatabaseError("checksum differs")
                con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
                version, rows = con.execute("SELECT version, rows FROM meta").fetchone()
                if (version, rows) != (VERSION, self.rows):
                    con.close()
                    raise sqlite3.DatabaseError("another layout or another store's index")
                self._con = con
            except (OSError, sqlite3.Error, TypeError, ValueError):
                self._failed = True
        return self._con

    def candidates(self, term: str) -> list[int] | None:
        """Rows with a paragraph that holds every looked-up bigram of ``term``, in list order.

        None when the index cannot answer (a term without two indexable characters in a
        row, or an unusable file): the caller scans. A row may not hold ``term`` itself:
        the caller verifies. Rows, not paragraphs, come back: SQLite folds a common word's
        paragraphs to their articles in C (2 ms for 13,000 paragraphs of 民警 in 1,000
        articles; fetching each paragraph into Python took 23 ms).
        """
        import sqlite3

        grams = bigrams(term)
        if not grams:
            return None
        if len(grams) > MAX_LOOKED_UP:
            step = (len(grams) - 1) / (MAX_LOOKED_UP - 1)
            grams = [grams[round(i * step)] for i in range(MAX_LOOKED_UP)]
        expression = " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)
        with self._lock:
            con = self._connect()
            if con is None:
                return None
            try:
                cursor = con.execute(f"SELECT DISTINCT rowid >> {PARAGRAPH_BITS} FROM grams WHERE grams MATCH ?", (expression,))
                first = [row for (row,) in cursor.fetchmany(PROBE)]
                if len(first) == PROBE and first[-1] < PROBE * DENSE:
                    cursor.close()
                    return None  # a common term: the scan is quicker
                found = first + [row for (row,) in cursor.fetchall()]
            except sqlite3.Error:
                self._failed = True
                return None
        return sorted(found)

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


def open_index(stem: Path, rows: int, sums: dict[str, object]) -> SearchIndex | None:
    """The index beside the side files ``stem.*`` of a store of ``rows`` rows whose build
    recorded checksums ``sums``; None when there is none (its build had no FTS5, or it
    predates this index). Nothing is read here: a warm start pays nothing for it."""
    checksum, path = sums.get(SUFFIX), stem.with_name(f"{stem.name}.{SUFFIX}")
    if not isinstance(checksum, int) or isinstance(checksum, bool) or not path.is_file():
        return None
    return SearchIndex(path, rows, checksum)
