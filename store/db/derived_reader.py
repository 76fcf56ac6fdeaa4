"""The derived store as read: rows, units and the side files mapped (``Derived``).

Apart from ``store.db.derived`` (which writes, loads and converts stores) so that the
SQLite store (``store.db.derived_sqlite``), a subclass of ``Derived``, and the loader
that picks between the two import in one direction only: derived -> derived_sqlite ->
derived_reader.
"""

from __future__ import annotations

import mmap
import os
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from store.db import search_index
from store.db.derived_api import ScanQueries
from store.db.schema import Body, IndexRow, decode_body

Buffer = bytes | mmap.mmap  # a side file: mapped, or bytes (in memory, or empty)
CACHED_ARTICLES = 32  # parsed articles kept, so moving around the reader re-reads nothing


@dataclass(slots=True, repr=False)
class Derived(ScanQueries):
    """A derived store, loaded: rows in list order, units, and the side files mapped.

    ``rows`` is a list here (the TinyDB index, parsed whole); the SQLite store
    (``store.db.derived_sqlite``) subclasses this with rows read on demand and its
    own answers to :class:`~store.db.derived_api.ScanQueries`' questions.
    """

    meta: dict[str, Any]
    rows: Sequence[IndexRow]
    units: dict[str, dict[str, Any]]
    text: Buffer
    body: Buffer
    _cache: OrderedDict[int, Body] = field(default_factory=OrderedDict)
    fts: search_index.SearchIndex | None = None  # substring candidates (store.db.search_index); None: scan
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def _starts(self) -> list[int]:
        """Each row's offset in the text file, in list order: how a byte offset finds its row."""
        starts: list[int] = self._memoised("starts", self._text_starts)
        return starts

    def _text_starts(self) -> list[int]:
        return [row.text[0] for row in self.rows]

    def prefetch(self) -> None:
        """Read ahead what a first search needs and the list does not (the reader's worker, once the list is shown)."""
        _ = self._starts

    def paragraph_texts(self, index: int) -> list[str]:
        offset, length = self.rows[index].text
        return self.text[offset : offset + length].decode().split("\n")[:-1]

    def parsed(self, index: int) -> Body:
        """Row ``index``'s paragraphs and entities, parsed (a few kept in memory)."""
        if (hit := self._cache.get(index)) is not None:
            self._cache.move_to_end(index)
            return hit
        offset, length = self.rows[index].body
        parsed = decode_body(self.body[offset : offset + length], self.paragraph_texts(index))
        self._cache[index] = parsed
        if len(self._cache) > CACHED_ARTICLES:
            self._cache.popitem(last=False)
        return parsed

    def find(self, needle: str, limit: int) -> list[tuple[int, int, int]]:
        """(row, paragraph, offset) of each occurrence, in list order, at most ``limit``.

        UTF-8 is self-synchronising, so a byte match of the encoded needle is always
        a match of whole characters; a needle never spans paragraphs (no newline).
        """
        if not needle or "\n" in needle:
            return []
        raw = needle.encode()
        hits: list[tuple[int, int, int]] = []
        starts = self._starts
        pos = self.text.find(raw)
        while pos != -1 and len(hits) < limit:
            row = bisect_right(starts, pos) - 1
            prefix = self.text[starts[row] : pos].decode()
            line_start = prefix.rfind("\n") + 1
            hits.append((row, prefix.count("\n"), len(prefix) - line_start))
            pos = self.text.find(raw, pos + 1)
        return hits

    def rows_containing(self, needle: str) -> list[int]:
        """Rows whose text holds ``needle``, in list order: one byte search per row that has it.

        After a hit the search jumps to the next row's start, so a common word costs one
        find per article and a rare one a single pass over the side file (~90 ms for 10,000
        articles): the query evaluator narrows a search with it before decoding any text.
        """
        if not needle or "\n" in needle:
            return []
        if self.fts is not None and (found := self.fts.candidates(needle)) is not None:
            return self._verified(needle, self.rows_with_hashes(found))
        raw, out, starts = needle.encode(), [], self._starts
        pos = self.text.find(raw)
        while pos != -1:
            row = bisect_right(starts, pos) - 1
            out.append(row)
            if row + 1 >= len(starts):
                break
            pos = self.text.find(raw, starts[row + 1])
        return out

    def _verified(self, needle: str, candidates: list[int]) -> list[int]:
        """The candidate rows (ascending) whose text holds ``needle``: the index narrows, the text decides.

        Spans come from the memoised row starts, not ``rows[row].text``: on the SQLite store each
        row read decoded a page of rows (1,779 candidates at 10,000 articles: 160 ms against 3 ms)."""
        raw, out, starts, end = needle.encode(), [], self._starts, len(self.text)
        for row in candidates:  # texts lie end to end in list order: a row's ends where the next starts
            if self.text.find(raw, starts[row], starts[row + 1] if row + 1 < len(starts) else end) != -1:
                out.append(row)
        return out

    def close(self) -> None:
        if self.fts is not None:
            self.fts.close()
        for buf in (self.text, self.body):
            if isinstance(buf, mmap.mmap):
                buf.close()


def _close(buffers: list[Buffer]) -> None:
    for buf in buffers:
        if isinstance(buf, mmap.mmap):
            buf.close()


def _map(f: BinaryIO) -> Buffer:
    """The open file read-only in memory without reading it (an empty one can't be mapped)."""
    if os.fstat(f.fileno()).st_size == 0:
        return b""
    return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
