"""Writing a derived store: analysed articles streamed into spool files, then put in list order.

Kept apart from ``store.db.derived`` (the files' layout, loading and the swap) because
it is the build's half: :class:`Writer` holds only the small rows in memory, never
an article's text or entities, and decides which copy of a repeated text is kept.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, BinaryIO

from store.db.derived_api import KeptRow
from store.db.derived_reader import Buffer, Derived
from store.db.schema import Body, Document, Entity, IndexRow, Mentions, encode_body


def text_digest(paragraphs: Iterable[str]) -> str:
    """The hash duplicates are found by: the same cleaned text, whatever the bytes."""
    return hashlib.sha256("\n".join(paragraphs).encode()).hexdigest()


# --- writing ---------------------------------------------------------------------------


class Writer:
    """Streams analysed articles into side files; only the small rows stay in memory.

    Articles arrive in whatever order analysis finishes. :meth:`finish` puts them in
    list order (newest first), drops repeated texts and writes the final files, so
    the text file can be searched front to back in the order results are shown.
    """

    def __init__(self, spool_text: BinaryIO, spool_body: BinaryIO) -> None:
        self._text = spool_text
        self._body = spool_body
        self.rows: list[IndexRow | KeptRow] = []
        self.units: dict[str, dict[str, Any]] = {}
        self.kept_from: Derived | None = None  # the store rows kept by reference come from
        self._kept_units: set[str] = set()  # unit records already merged from the old store
        self.crcs: dict[str, int] = {}  # the final side files' CRC-32s, once :meth:`finish` wrote them
        self._sources: list[tuple[Buffer | None, Buffer | None]] = []  # None: the spool

    def add(self, doc: Document) -> None:
        """A freshly analysed document (``store.ingest.build.analyse_source``'s)."""
        texts = [p.text.replace("\n", " ") for p in doc.paragraphs]
        text = "".join(t + "\n" for t in texts).encode()
        body = encode_body(Body(doc.paragraphs, doc.entities))
        row = IndexRow(
            id=doc.id,
            title=doc.title,
            path=doc.path,
            paragraphs=len(texts),
            chars=sum(len(t) for t in texts),
            text_hash=text_digest(texts),
            text=(self._text.tell(), len(text)),
            body=(self._body.tell(), len(body)),
            name=doc.name,
            stored=doc.stored,
            digest=doc.digest,
            stamp=doc.stamp,
            original_title=doc.original_title,
            source=doc.source,
            published=doc.published,
            encoding=doc.encoding,
            removed=doc.removed,
            metadata=doc.metadata,
            reference=doc.reference,
            events=doc.events,
            units=unit_mentions(doc.entities),
        )
        for rec in doc.units:
            self._merge_unit(rec)
        for e in doc.entities:
            if e.type == "unit" and e.key in self.units and e.text != self.units[e.key].get("name"):
                _add_alias(self.units[e.key], e.text)
        self._text.write(text)
        self._body.write(body)
        self.rows.append(row)
        self._sources.append((None, None))

    def reuse(self, row: IndexRow | KeptRow, old: Derived) -> None:
        """An unchanged article carried over from the previous store, bytes as they are."""
        if isinstance(row, KeptRow):
            self.kept_from = old
        self.rows.append(row)
        self._sources.append((old.text, old.body))
        fresh = [key for key in row.units if key not in self._kept_units]
        if fresh:  # a unit's record in the old store is merged once, not once per article naming it (1.4 M merges at 100,000)
            for key in _with_ancestors(fresh, old.units):
                if key not in self._kept_units:
                    self._kept_units.add(key)
                    self._merge_unit(old.units[key])

    def _merge_unit(self, rec: dict[str, Any]) -> None:
        merged = self.units.setdefault(rec["key"], {**rec, "aliases": []})
        for alias in rec.get("aliases") or ():
            _add_alias(merged, alias)

    def list_order(self, rank: Callable[[Any], Any]) -> list[int]:
        """Rows newest first, each text once.

        ``rank`` orders copies of one text: the copy ranked lowest is kept (the seed,
        or the earliest import), so tags made on it are never orphaned by a later one.
        """
        keep: dict[str, int] = {}
        for i, row in enumerate(self.rows):
            h = row.text_hash
            if h not in keep or rank(row) < rank(self.rows[keep[h]]):
                keep[h] = i
        return sorted(keep.values(), key=lambda i: (self.rows[i].published or "", self.rows[i].path), reverse=True)

    def finish(
        self, text_out: BinaryIO, body_out: BinaryIO, spool: tuple[Buffer, Buffer], order: list[int]
    ) -> list[IndexRow | KeptRow]:
        """Write the final side files with the rows in ``order``; the rows pointing into them.

        The files' CRC-32s are taken as they are written (:attr:`crcs`): reading 1.5 GB
        back to checksum it took 2.3 s of a 100,000-article build."""
        rows = []
        crcs = [0, 0]
        for i in order:
            row = self.rows[i]
            text_src, body_src = self._sources[i]
            rows.append(
                replace(
                    row,
                    text=_copy(text_src if text_src is not None else spool[0], row.text, text_out, crcs, 0),
                    body=_copy(body_src if body_src is not None else spool[1], row.body, body_out, crcs, 1),
                )
            )
        self.crcs = {"text": crcs[0], "body": crcs[1]}
        used = _with_ancestors({key for row in rows for key in row.units}, self.units)
        self.units = {k: v for k, v in self.units.items() if k in used}
        return rows

    def full_rows(self, rows: list[IndexRow | KeptRow]) -> list[IndexRow]:
        """``rows`` with those kept by reference decoded from their store, as finished:
        for a store written as TinyDB from a SQLite one (a choice, or a shrunken corpus)."""
        old = self.kept_from
        return [row if isinstance(row, IndexRow) else _decoded(row, old) for row in rows]


def _decoded(kept: KeptRow, old: Derived | None) -> IndexRow:
    assert old is not None, "a kept row comes with its store"
    row = old.rows[kept.pos]
    return replace(row, id=kept.id, title=kept.title, path=kept.path, name=kept.name, stamp=kept.stamp, text=kept.text,
                   body=kept.body)  # fmt: skip


def _copy(src: Buffer, span: tuple[int, int], out: BinaryIO, crcs: list[int], which: int) -> tuple[int, int]:
    offset, length = span
    at = out.tell()
    chunk = src[offset : offset + length]
    out.write(chunk)
    crcs[which] = zlib.crc32(chunk, crcs[which])
    return (at, length)


def unit_mentions(entities: Iterable[Entity]) -> dict[str, Mentions]:
    """Unit key -> its mentions and the paragraphs mentioning it: the filter's and timeline's index."""
    counts: dict[str, int] = {}
    paragraphs: dict[str, set[int]] = {}
    for e in entities:
        if e.type == "unit":
            counts[e.key] = counts.get(e.key, 0) + 1
            paragraphs.setdefault(e.key, set()).add(e.paragraph)
    return {key: Mentions(n, tuple(sorted(paragraphs[key]))) for key, n in counts.items()}


def _with_ancestors(keys: Iterable[str], units: dict[str, dict[str, Any]]) -> set[str]:
    """The keys that have records, and their parents up the hierarchy: what a unit tree needs."""
    out: set[str] = set()
    for key in keys:
        while key in units and key not in out:
            out.add(key)
            key = units[key].get("parent") or ""
    return out


def _add_alias(record: dict[str, Any], alias: str) -> None:
    if alias and alias != record.get("key") and alias not in record["aliases"]:
        record["aliases"].append(alias)
