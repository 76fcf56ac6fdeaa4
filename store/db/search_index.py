"""An inverted index of the corpus text for substring search: character bigrams -> the texts holding them.

A substring search used to be one ``find`` over the whole text side file (~90 ms for
10,000 articles, linear in the corpus). Chinese has no spaces to cut words at, and
SQLite FTS5's ``trigram`` tokenizer finds nothing for the two-character words most
searched (诈骗, 民警). So each article's text is cut into its character bigrams, and a
term of two or more characters is looked up as the AND of its bigrams. That gives
*candidates* (a text holding every bigram may still not hold the term); the caller
verifies each on the text, so results equal the scan's exactly (tests/store/db/
test_search_index.py and test_search_index_extend.py check that with hypothesis).

Layout (SQLite, written by ``store.db.search_index_write``): ``docs`` gives each text a
serial and its text hash; ``grams`` holds, per bigram and segment, the sorted serials of
the texts holding it as one delta-coded blob; ``meta`` the version and counts. Texts
are keyed by their hash, not their place in the list, so :meth:`SearchIndex.candidates`
answers hashes and the store maps them to its rows (``rows_with_hashes``): an article
added anywhere in the list renumbers nothing, and the next build extends a copy of this
file with the texts it lacks instead of rewriting it (100 articles added to 10,000: 0.23 s).
A document is a whole text, not a paragraph as before: the caller verifies over the whole
article anyway, and the postings are fewer (电信诈骗 at 10,000 articles: 1,779 candidates,
all 1,779 holding it).

This replaced FTS5 over bigram strings (contentless, ``detail=none``, rowid = list position
<< 24 | paragraph), which renumbered, so re-indexed, everything after an inserted article,
and was slow to write: at 10,000 articles (loaded machine) the bigram strings took 10 s in
Python, FTS5's inserts 9–18 s, its 'optimize' 1–2 s; its settings (``hashsize`` 64–256 MB,
``automerge`` 0, a larger cache, no optimize) left the insert at 16–19 s. Measured in one
run (tests/bench/bench_search.py, synthetic articles, 2026-12-01, two cores at a load of
2–6), FTS5 → this: writing the index 2.8 → 0.66 s at 1,000 articles (3.1 M characters),
34.9 → 7.7 s at 10,000 (31 M; CPU of the index alone, two runs: 17.5 → 4.8–6.0 s; under a
load of 8–10 FTS5 took 100–115 s); 4.6 → 0.92 bytes a character (103 → 28 MB at 10,000);
the next build's index with 100 new articles 0.19 s at 1,000, 0.23 s at 10,000, where any
article new to the front of the list meant a whole rebuild. Articles holding a term at
10,000, index against scan: a rare or absent two-character term 0.02 against 67–70 ms (as
before); 派出所民警主动走访 0.09 against 13 ms; 电信诈骗 (1,779 articles) 7.6 against 23 ms
(FTS5's 99 ms lost to the scan: each candidate's span was read through a row, a page of
SQLite rows decoded; ``Derived._verified`` reads the row starts now). A term in more than
:data:`PROBE` texts and more than one in :data:`DENSE` of them (民警: 158,000 hits, in nearly
every article) is left to the scan, which meets a hit in every article and jumps on
(9–14 ms at 10,000 either way). At 100,000 articles (310 M characters, one run, load 3–5)
the index takes 81 s to write (45 s CPU; 19 segments of :data:`~store.db.search_index_write.CHUNK_CHARS`,
so memory stays at ~0.7 GB), 285 MB, and the next build's with 100 new articles 2.1 s, most of
it copying that file and its two CRCs.

Bigrams: every character but white space and control/format characters (:func:`separators`)
is a bigram character, and a bigram holding any other character is neither indexed nor
looked up, on both sides alike (the build classifies with the same expression); a term
without any indexable bigram (one character, ``a b``) is answered by the scan. Code
points are compared as they are (no case folding): the verification is exact anyway.

The file sits beside the side files as ``derived-<token>.fts``: written by the same
build under the same token, named by the same ``derived.json``, swept with them. Its
CRC-32 is recorded in the index and checked on first use (in the searching thread, not
at start); a missing, damaged or foreign file is ignored (the scan answers, with no
error): the next build writes a new one.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections.abc import Callable
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.db.derived_files import intact

if TYPE_CHECKING:  # loaded by the first search or build, not on a warm start of the reader
    import sqlite3

SUFFIX = "fts"
VERSION = 2  # the tables of store.db.search_index_write (1: FTS5 keyed by list position); another: ignored until rebuilt
GRAM_SHIFT = 21  # a bigram's key: first code point << 21 | second (code points are below 2**21)
SEG_BITS = 10  # a row of postings: bigram key << SEG_BITS | segment (store.db.search_index_write)
# A term found in more than PROBE texts and in more than one in DENSE of the store's is left
# to the scan: a byte search that meets a hit in nearly every article jumps from article to
# article, while the index's candidates are each mapped to their row and searched again.
PROBE, DENSE = 64, 4
ENOUGH = 32  # candidates: once the intersection is this short, further bigrams only narrow a list verified anyway
MAX_LOOKED_UP = 8  # bigrams of a long term looked up (spread over it)
_BATCH = 500  # SQLite's bound on parameters


@cache
def separators() -> Any:
    """White space (Z*), control (Cc), format (Cf) and surrogates (Cs): all else is a bigram character."""
    import regex  # only a search or a build pays for it

    return regex.compile(r"[\p{Z}\p{Cc}\p{Cf}\p{Cs}]+")


def bigrams(text: str) -> list[str]:
    """The distinct indexable bigrams of ``text`` in order of first appearance.

    Runs between separators, each cut into its overlapping pairs in C (``map``). The
    build cuts the same way in numpy (``store.db.search_index_write.postings``) with the
    same classifier, so a term's bigrams are always among its texts'.
    """
    out: dict[str, None] = {}
    for run in separators().split(text):
        if len(run) > 1:
            out.update(dict.fromkeys(map(str.__add__, run[:-1], run[1:])))
    return list(out)


def gram_key(gram: str) -> int:
    return ord(gram[0]) << GRAM_SHIFT | ord(gram[1])


def decode(blob: bytes) -> list[int]:
    """A blob's serials (``store.db.search_index_write.encode``: width byte, first serial, deltas)."""
    deltas = array({1: "B", 2: "H", 4: "I"}[blob[0]])
    deltas.frombytes(blob[5:])
    if sys.byteorder == "big" and blob[0] > 1:
        deltas.byteswap()
    return list(accumulate(deltas, initial=int.from_bytes(blob[1:5], "little")))


def _count(blob: bytes) -> int:
    return (len(blob) - 5) // blob[0] + 1


class SearchIndex:
    """An open index; :meth:`candidates` is safe from any thread (one connection, one lock)."""

    def __init__(self, path: Path, rows: int, meta: dict[str, Any]) -> None:
        self.path, self.rows, self.meta = path, rows, meta  # meta: the build's record (the file's CRC and stamp)
        self._con: sqlite3.Connection | None = None
        self._failed = False
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection | None:
        """The connection, opened and checked on first use; None once anything is wrong with the file."""
        import sqlite3

        if self._con is None and not self._failed:
            try:
                with open(self.path, "rb") as f:  # its stamp, else its CRC (1.1 GB at 1,000,000 articles: 1-9 s)
                    if not intact(f, self.meta, SUFFIX):
                        raise sqlite3.DatabaseError("checksum differs")
                con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
                (version,) = con.execute("SELECT version FROM meta").fetchone()
                if version != VERSION:
                    con.close()
                    raise sqlite3.DatabaseError("another layout")
                self._con = con
            except (OSError, sqlite3.Error, TypeError, ValueError):
                self._failed = True
        return self._con

    def candidates(self, term: str) -> list[str] | None:
        """Text hashes of the texts holding every looked-up bigram of ``term``, in no order.

        None when the index cannot answer (a term without two indexable characters in a
        row, an unusable file) or should not (the term is in more than one text in
        :data:`DENSE`, :data:`PROBE`): the caller scans. A text may not hold ``term`` itself: the caller
        maps the hashes to its rows (hashes of texts no longer in the store map to none)
        and verifies each. The shortest posting lists are intersected first, and once
        :data:`ENOUGH` candidates are left the rest are not read.
        """
        import sqlite3

        grams = bigrams(term)
        if not grams:
            return None
        if len(grams) > MAX_LOOKED_UP:
            step = (len(grams) - 1) / (MAX_LOOKED_UP - 1)
            grams = [grams[round(i * step)] for i in range(MAX_LOOKED_UP)]
        with self._lock:
            con = self._connect()
            if con is None:
                return None
            try:
                sql = "SELECT docs FROM grams WHERE id BETWEEN ? AND ? ORDER BY id"
                keys = [gram_key(g) << SEG_BITS for g in grams]
                lists = [con.execute(sql, (k, k | ((1 << SEG_BITS) - 1))).fetchall() for k in keys]
                lists.sort(key=lambda blobs: sum(_count(b) for (b,) in blobs))
                found: set[int] | None = None
                for blobs in lists:
                    serials = [s for (b,) in blobs for s in decode(b)]
                    found = set(serials) if found is None else found.intersection(serials)
                    if len(found) <= ENOUGH:
                        break
                assert found is not None
                if len(found) > PROBE and len(found) * DENSE > self.rows:
                    return None  # a common term: the scan is quicker
                return _hashes(con.execute, sorted(found))
            except (sqlite3.Error, KeyError, IndexError, ValueError):
                self._failed = True
                return None

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


def _hashes(execute: Callable[..., Any], serials: list[int]) -> list[str]:
    out: list[str] = []
    for at in range(0, len(serials), _BATCH):
        part = serials[at : at + _BATCH]
        out.extend(h for (h,) in execute(f"SELECT text_hash FROM docs WHERE serial IN ({','.join('?' * len(part))})", part))
    return out


def open_index(stem: Path, rows: int, meta: dict[str, Any]) -> SearchIndex | None:
    """The index beside the side files ``stem.*`` of a store of ``rows`` rows whose build
    recorded ``meta`` (checksums, stamps); None when there is none (its build could not write
    one, or it predates this index). Nothing is read here: a warm start pays nothing for it."""
    checksum, path = meta["sums"].get(SUFFIX), stem.with_name(f"{stem.name}.{SUFFIX}")
    if not isinstance(checksum, int) or isinstance(checksum, bool) or not path.is_file():
        return None
    return SearchIndex(path, rows, meta)
