"""The derived store on disk: a small TinyDB index, and the bulk in two side files.

At ten thousand articles the analysed corpus is hundreds of megabytes; parsing it all
to show a list stalled the app for seconds and held well over a gigabyte. So:

- ``derived.json`` (TinyDB, parsed once) holds what the list, the unit filter and the
  corpus timeline need: one summary row per article (titles, dates, unit mentions
  with their paragraphs, dated events) and the unit records;
- ``derived-<token>.text`` holds every paragraph, UTF-8, one per line, articles in
  list order, so a corpus search is one ``find`` over a memory map;
- ``derived-<token>.body`` holds, per article, what only the reader needs (paragraph
  kinds, original script, entity spans) as one orjson blob read on demand.

Each build writes new side files under a fresh token and then replaces
``derived.json``, which names them: a crash at any point leaves the old index with
its old files, or the new with the new. Files of other tokens are swept by the next
build. Entities are stored without their text and events without their sentence:
both are cut from the paragraph.

Damage that keeps a file's size (a flipped byte, random bytes) is caught by a CRC-32
of each side file recorded in the index and checked on load, and the index's own shape
is checked before anything reads it: a damaged store raises CorruptStoreError (the
caller rebuilds, or tells the user to), never a traceback from deep in a reader.

What a row and a body blob hold, and how they are encoded, is ``store.db.schema``'s.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import secrets
import time
import zlib
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from store.db.atomic import fsync_dir
from store.db.derived_api import STORE_KEY, ScanQueries, backend_for
from store.db.derived_files import check_index, file_checksum, sweep, sweep_debris
from store.db.schema import (
    Body,
    Document,
    Entity,
    IndexRow,
    Mentions,
    SchemaError,
    decode_body,
    decode_rows,
    encode_body,
    encode_row,
)
from store.db.tinydb_storage import AtomicJSONStorage, CorruptStoreError, load_json, open_db

SCHEMA = 5  # the layout below and store.db.schema's encoding (4: side-file checksums, typed rows; 5: entity roles); else: rebuild
# A row's fields that point into the side files, as [offset, length] in bytes.
TEXT, BODY = "text", "body"
CACHED_ARTICLES = 32  # parsed articles kept, so moving around the reader re-reads nothing
Buffer = bytes | mmap.mmap


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
        self.rows: list[IndexRow] = []
        self.units: dict[str, dict[str, Any]] = {}
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

    def reuse(self, row: IndexRow, old: Derived) -> None:
        """An unchanged article carried over from the previous store, bytes as they are."""
        self.rows.append(row)
        self._sources.append((old.text, old.body))
        for key in _with_ancestors(row.units, old.units):
            self._merge_unit(old.units[key])

    def _merge_unit(self, rec: dict[str, Any]) -> None:
        merged = self.units.setdefault(rec["key"], {**rec, "aliases": []})
        for alias in rec.get("aliases") or ():
            _add_alias(merged, alias)

    def list_order(self, rank: Callable[[IndexRow], Any]) -> list[int]:
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

    def finish(self, text_out: BinaryIO, body_out: BinaryIO, spool: tuple[Buffer, Buffer], order: list[int]) -> list[IndexRow]:
        """Write the final side files with the rows in ``order``; the rows pointing into them."""
        rows = []
        for i in order:
            row = self.rows[i]
            text_src, body_src = self._sources[i]
            rows.append(
                replace(
                    row,
                    text=_copy(text_src if text_src is not None else spool[0], row.text, text_out),
                    body=_copy(body_src if body_src is not None else spool[1], row.body, body_out),
                )
            )
        used = _with_ancestors({key for row in rows for key in row.units}, self.units)
        self.units = {k: v for k, v in self.units.items() if k in used}
        return rows


def _copy(src: Buffer, span: tuple[int, int], out: BinaryIO) -> tuple[int, int]:
    offset, length = span
    at = out.tell()
    out.write(src[offset : offset + length])
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


def write(
    root: Path,
    meta: dict[str, Any],
    docs: Iterable[Document | tuple[IndexRow, Derived]],
    rank: Callable[[IndexRow], Any],
) -> int:
    """Write a whole derived store under ``root``, atomically as seen by readers.

    ``docs`` yields analysed documents, or (row, old store) pairs to carry over.
    Returns the number of articles written. Debris of killed builds is swept first,
    and a write that fails (disk full) removes its own files before raising.
    """
    root.mkdir(parents=True, exist_ok=True)
    sweep_debris(root)
    token = secrets.token_hex(6)
    paths = {kind: root / f"derived-{token}.{kind}" for kind in ("text", "body", "spool-text", "spool-body")}
    paths["index"] = root / f"derived-{token}.sqlite"
    tmp = root / "derived.json.building"
    committed = False
    try:
        with open(paths["spool-text"], "w+b", opener=_private) as st, open(paths["spool-body"], "w+b", opener=_private) as sb:
            writer = Writer(st, sb)
            for item in docs:
                if isinstance(item, tuple):
                    writer.reuse(*item)
                else:
                    writer.add(item)
            st.flush()
            sb.flush()
            spool = (_map(st), _map(sb))
            with open(paths["text"], "wb", opener=_private) as text_out, open(paths["body"], "wb", opener=_private) as body_out:
                rows = writer.finish(text_out, body_out, spool, writer.list_order(rank))
                for f in (text_out, body_out):
                    f.flush()
                    os.fsync(f.fileno())
                sizes = {"text": text_out.tell(), "body": body_out.tell()}
            for buf in spool:
                if isinstance(buf, mmap.mmap):
                    buf.close()
        units = sorted(writer.units.values(), key=lambda u: u["key"])
        backend = backend_for(meta, len(rows))
        if backend == "sqlite":  # the rows go to their own side file; derived.json keeps the meta alone
            from store.db.derived_sqlite import write_index

            sizes["index"] = write_index(paths["index"], rows, units)
        sums = {kind: file_checksum(paths[kind]) for kind in sizes}
        tmp.unlink(missing_ok=True)
        db = open_db(tmp, defer=True)
        built = {"backend": backend, "schema": SCHEMA, "files": token, "sizes": sizes, "sums": sums, "built": time.time()}
        db.table("meta").insert({**meta, **built})
        if backend == "tinydb":
            db.table("articles").insert_multiple([encode_row(row) for row in rows])
            db.table("units").insert_multiple(units)
        cast(AtomicJSONStorage, db.storage).flush()  # open_db's storage: deferred writes land here
        os.replace(tmp, root / "derived.json")
        committed = True
        fsync_dir(root)
    finally:
        for kind in ("spool-text", "spool-body"):
            paths[kind].unlink(missing_ok=True)
        if not committed:  # failed or interrupted: leave nothing of this build behind
            for path in (paths["text"], paths["body"], paths["index"], tmp):
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    pass
    sweep(root, keep=token)
    return len(rows)


def _private(path: str, flags: int) -> int:
    """Side files readable by their owner only, like the index (a corpus can be confidential)."""
    return os.open(path, flags, 0o600)


# --- reading ---------------------------------------------------------------------------


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
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def _starts(self) -> list[int]:
        """Each row's offset in the text file, in list order: how a byte offset finds its row."""
        starts: list[int] = self._memoised("starts", self._text_starts)
        return starts

    def _text_starts(self) -> list[int]:
        return [row.text[0] for row in self.rows]

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
        raw, out, starts = needle.encode(), [], self._starts
        pos = self.text.find(raw)
        while pos != -1:
            row = bisect_right(starts, pos) - 1
            out.append(row)
            if row + 1 >= len(starts):
                break
            pos = self.text.find(raw, starts[row + 1])
        return out

    def close(self) -> None:
        for buf in (self.text, self.body):
            if isinstance(buf, mmap.mmap):
                buf.close()


def load(root: Path) -> Derived | None:
    """The derived store under ``root``; None if there is none, CorruptStoreError if damaged.

    The index's shape and the side files' sizes and checksums are checked here, so
    no caller ever reads a damaged store.
    """
    data = load_json(root / "derived.json")
    if data is None:
        return None
    meta = data.get("meta")
    meta = meta.get("1") if isinstance(meta, dict) else None
    if not isinstance(meta, dict):
        raise CorruptStoreError("derived.json has no build record")
    if meta.get("schema") != SCHEMA:
        return Derived(meta, [], {}, b"", b"")  # an older layout: only its meta is read, to rebuild
    if meta.get("backend") == "sqlite":
        from store.db.derived_sqlite import open_store

        check_index({"articles": {}, "units": {}}, meta)  # its rows are checked in the SQLite file
        return open_store(root, meta, side_files(root, meta))
    rows, units = check_index(data, meta)
    buffers = side_files(root, meta)
    try:
        decoded = decode_rows(rows)
    except SchemaError as exc:
        _close(buffers)
        raise CorruptStoreError(f"derived.json: {exc}") from None
    return Derived(meta, decoded, units, buffers[0], buffers[1])


def side_files(root: Path, meta: dict[str, Any]) -> list[Buffer]:
    """The text and body files ``meta`` (checked) names, mapped, once their sizes and checksums are what the build wrote."""
    buffers: list[Buffer] = []
    for kind in ("text", "body"):
        path = root / f"derived-{meta['files']}.{kind}"
        try:
            with open(path, "rb") as f:
                buf = _map(f)
        except OSError as exc:
            _close(buffers)
            raise CorruptStoreError(f"{path.name} is missing ({exc.strerror or exc})") from None
        buffers.append(buf)
        if len(buf) != meta["sizes"][kind]:
            _close(buffers)
            raise CorruptStoreError(f"{path.name} is not the size its build wrote")
        if zlib.crc32(buf) != meta["sums"][kind]:
            _close(buffers)
            raise CorruptStoreError(f"{path.name} does not hold what its build wrote (checksum differs)")
    return buffers


def convert(root: Path, backend: str) -> int:
    """Rewrite the store under ``root`` on ``backend`` without analysing anything; the article count.

    Every row and its side-file bytes are carried over as a build carries unchanged
    articles, in the same order, and the swap is the build's: a crash leaves the old
    store or the new one. The choice is kept in the meta, so later builds keep it.
    """
    old = load(root)
    if old is None:
        raise CorruptStoreError("there is no store to convert yet")
    if old.meta.get("schema") != SCHEMA:
        old.close()
        raise CorruptStoreError("the store is of an older layout: rebuild it first")
    written = ("backend", "schema", "files", "sizes", "sums", "built")
    meta = {k: v for k, v in old.meta.items() if k not in written} | {STORE_KEY: backend}
    try:
        return write(root, meta, ((row, old) for row in old.rows), lambda row: 0)
    finally:
        old.close()


def _close(buffers: list[Buffer]) -> None:
    for buf in buffers:
        if isinstance(buf, mmap.mmap):
            buf.close()


def from_docs(docs: Iterable[Document], backend: str | None = None) -> Derived:
    """A derived store in memory from analysed documents, through the same writer.

    For tests and tools that make documents by hand: ids and paths must be set, and
    the documents keep their order and are all kept. ``backend="sqlite"`` holds the
    rows in an in-memory SQLite index, read on demand as from a file.
    """
    import io

    spool_text, spool_body = io.BytesIO(), io.BytesIO()
    writer = Writer(spool_text, spool_body)
    for doc in docs:
        writer.add(doc)
    text_out, body_out = io.BytesIO(), io.BytesIO()
    spool = (spool_text.getvalue(), spool_body.getvalue())
    rows = writer.finish(text_out, body_out, spool, list(range(len(writer.rows))))
    if (backend or backend_for({}, len(rows))) == "sqlite":
        from store.db.derived_sqlite import from_rows

        return from_rows(rows, sorted(writer.units.values(), key=lambda u: u["key"]), text_out.getvalue(), body_out.getvalue())
    return Derived({}, rows, writer.units, text_out.getvalue(), body_out.getvalue())


def _map(f: BinaryIO) -> Buffer:
    """The open file read-only in memory without reading it (an empty one can't be mapped)."""
    if os.fstat(f.fileno()).st_size == 0:
        return b""
    return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
