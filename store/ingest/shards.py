"""Finished analysis on disk, batch by batch, so a killed build resumes where it stopped.

A build cuts the articles it must analyse into batches; each batch's analysis is
written as one shard file in ``<home>/shards/`` (atomic: temp file, fsync, rename)
named by the batch's digest: Beat's cleaner and analyser versions and, per article,
its logical name and the key the corpus fingerprint already trusts (the content hash
in a seed's digest or an import's stored name, with the copy's size and mtime). The
analysis is a function of exactly that, so a restarted build that meets a shard of
that name takes it instead of analysing the batch again, and an edited article,
another Beat version or another batch gives another name, never a stale result.
Shards are removed once the store they fed has been written.

Batches are cut by size (at most ``BATCH_BYTES`` of source), at article boundaries
chosen by each article's own digest once the batch holds a quarter of that:
inserting or removing one article moves the cuts of its neighbours only (1.5 batches
on average, at most 4, over 43 insertion points in 300 articles, where a fixed count
per batch moves every later one), so a rerun after an import in the middle of a
killed build still finds almost every shard. The batch
size is a trade: 256 KB of source is ~85,000 characters, 2–3 s of analysis on one
core, where an engine's per-task cost is 1–10 ms (``tests.bench.bench_engines``), and
a lost worker loses at most that much work.

The format is orjson: ``{"versions": ..., "results": [[name, document or reason]]}``;
a document is its dataclass fields as orjson writes them, read back field by field
in :func:`decode_document` (``decode(encode(d)) == d`` is tested).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import orjson

from store.db.atomic import atomic_write_bytes
from store.db.paths import Home
from store.db.schema import Document, Entity, Event, Paragraph

BATCH_BYTES = 256 * 1024
SMALLEST_BATCH = 64 * 1024  # a few articles: fewer would pay an fsync per article or two
SPREAD = 32  # a build of fewer than SPREAD full batches cuts smaller ones, so the last batch leaves few workers idle
MAX_ARTICLES = 64  # a batch of tiny files still reports progress and spreads over workers
FOLDER = "shards"

Result = Document | str  # an analysed document, or why the file holds no article


class Batchable(Protocol):
    """What batching needs of a corpus entry (``store.ingest.build.Entry``)."""

    @property
    def name(self) -> str: ...

    @property
    def key(self) -> str: ...

    @property
    def size(self) -> int: ...


E = TypeVar("E", bound=Batchable)


def batches(entries: Sequence[E], limit: int = BATCH_BYTES) -> list[list[E]]:
    """``entries`` cut into batches of about ``limit`` bytes, in order (see the module)."""
    out: list[list[E]] = []
    current: list[E] = []
    size = 0
    for entry in entries:
        current.append(entry)
        size += max(entry.size, 1)
        cut = size >= limit or len(current) >= MAX_ARTICLES
        if not cut and size >= limit // 4:
            cut = hashlib.sha256(entry.key.encode()).digest()[0] % 4 == 0  # one article in four closes a batch
        if cut:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out


def batch_limit(total: int, largest: int = BATCH_BYTES) -> int:
    """The batch size for a build of ``total`` bytes: ``largest``, or for a small build a
    power of two near ``total / SPREAD`` (at least ``SMALLEST_BATCH``).

    A build of 200 articles (2 MB) in 256 KB batches is 8 batches: the last one runs
    alone while the other workers wait, several percent of the build. The power of
    two keeps the cuts, and so the shards, the same when a few files come or go
    between a killed build and its rerun. Not the worker count: a rerun with other
    ``--workers`` must find the same shards.
    """
    want = max(total // SPREAD, SMALLEST_BATCH)
    return min(largest, 1 << (want.bit_length() - 1))


def batch_digest(versions: str, batch: Iterable[Batchable]) -> str:
    h = hashlib.sha256(versions.encode())
    for entry in batch:
        h.update(f"\n{entry.name}\0{entry.key}".encode())
    return h.hexdigest()


def folder(home: Home) -> Path:
    """The shard folder in the home, made if missing (a real folder, never a link)."""
    return home.folder(home.root / FOLDER)


def _existing(home: Home) -> Path | None:
    """The shard folder if it is a real folder in the home: a link planted there is never followed."""
    path = home.root / FOLDER
    return path if path.is_dir() and not path.is_symlink() else None


def read(home: Home, digest: str, versions: str) -> list[tuple[str, Result]] | None:
    """A finished shard's results, or None when there is none (or it cannot be used)."""
    where = _existing(home)
    if where is None:
        return None
    path = where / f"{digest}.json"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            payload = f.read()
    except OSError:
        return None
    try:
        return decode(payload, versions)
    except (ValueError, TypeError, KeyError, IndexError):
        return None  # damaged or another version's: analysed again, and the shard rewritten


def write(home: Home, digest: str, payload: bytes) -> None:
    """Temp file, fsync, rename, fsync of the folder: one shard is 2–3 s of analysis, two fsyncs are milliseconds."""
    atomic_write_bytes(folder(home) / f"{digest}.json", payload)


def clear(home: Home) -> int:
    """Remove every shard (the store holds their analysis now), then the empty folder; how many went."""
    removed = 0
    where = _existing(home)
    try:
        names = os.listdir(where) if where is not None else []
    except OSError:
        return 0
    for name in names:
        if where is not None and (name.endswith(".json") or name.endswith(".tmp")):
            try:
                (where / name).unlink()
                removed += 1
            except OSError:
                pass
    if where is not None:
        try:
            where.rmdir()  # only when empty: a home holds no shard folder between builds
        except OSError:
            pass
    return removed


# --- the format ---------------------------------------------------------------------------


def encode(versions: str, results: Sequence[tuple[str, Result]]) -> bytes:
    return orjson.dumps({"versions": versions, "results": [[name, result] for name, result in results]})


def decode(payload: bytes, versions: str) -> list[tuple[str, Result]]:
    """:func:`encode` undone; ValueError when the shard is another Beat version's."""
    data = orjson.loads(payload)
    if data["versions"] != versions:
        raise ValueError(f"a shard of analyser versions {data['versions']}, not {versions}")
    return [(name, item if isinstance(item, str) else decode_document(item)) for name, item in data["results"]]


def decode_document(d: dict[str, Any]) -> Document:
    """A document from orjson's rendering of its dataclass: tuples come back as tuples."""
    date, how = d["reference"]
    return Document(
        id=d["id"],
        title=d["title"],
        paragraphs=tuple(Paragraph(p["index"], p["text"], p["kind"], p["original"]) for p in d["paragraphs"]),
        path=d["path"],
        name=d["name"],
        stored=d["stored"],
        digest=d["digest"],
        stamp=d["stamp"],
        original_title=d["original_title"],
        source=d["source"],
        published=d["published"],
        encoding=d["encoding"],
        removed=d["removed"],
        metadata=d["metadata"],
        entities=tuple(Entity(**e) for e in d["entities"]),
        events=tuple(Event(**e) for e in d["events"]),
        units=tuple(d["units"]),
        reference=(date, how),
    )
