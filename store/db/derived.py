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

From ``store.db.derived_api.SQLITE_FROM`` articles (or by the user's choice) the rows
go instead to a third side file, ``derived-<token>.sqlite`` (``store.db.derived_sqlite``:
rows read on demand, the reader's questions as SQL), and ``derived.json`` keeps only
the meta; the swap below is the same for both.

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

import mmap
import os
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from store.db import search_index
from store.db.atomic import fsync_dir
from store.db.derived_api import STORE_KEY, KeptRow, backend_for
from store.db.derived_files import (
    SIDE_FILES,
    STAMPS,
    check_file,
    check_index,
    check_meta,
    file_checksum,
    seal,
    sweep,
    sweep_debris,
)
from store.db.derived_reader import CACHED_ARTICLES as CACHED_ARTICLES
from store.db.derived_reader import Buffer as Buffer
from store.db.derived_reader import Derived as Derived
from store.db.derived_reader import _close, _map
from store.db.derived_writer import Writer as Writer
from store.db.derived_writer import text_digest as text_digest
from store.db.derived_writer import unit_mentions as unit_mentions
from store.db.schema import (
    Document,
    IndexRow,
    SchemaError,
    decode_rows,
    encode_row,
)
from store.db.tinydb_storage import AtomicJSONStorage, CorruptStoreError, load_json, open_db

SCHEMA = 5  # the layout below and store.db.schema's encoding (4: side-file checksums, typed rows; 5: entity roles); else: rebuild
WRITTEN = ("backend", "schema", "files", "sizes", "sums", STAMPS, "built")  # the meta a write records of its own files
# A row's fields that point into the side files, as [offset, length] in bytes.
TEXT, BODY = "text", "body"


def write(
    root: Path,
    meta: dict[str, Any],
    docs: Iterable[Document | tuple[IndexRow | KeptRow, Derived]],
    rank: Callable[[Any], Any],
) -> int:
    """Write a whole derived store under ``root``, atomically as seen by readers.

    ``docs`` yields analysed documents, or (row, old store) pairs to carry over.
    Returns the number of articles written. Debris of killed builds is swept first,
    and a write that fails (disk full) removes its own files before raising.
    """
    root.mkdir(parents=True, exist_ok=True)
    sweep_debris(root)
    previous = _previous_search_index(root)
    token = secrets.token_hex(6)
    paths = {kind: root / f"derived-{token}.{kind}" for kind in ("text", "body", "spool-text", "spool-body", search_index.SUFFIX)}
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
                finished = writer.finish(text_out, body_out, spool, writer.list_order(rank))
                for f in (text_out, body_out):
                    f.flush()
                    os.fsync(f.fileno())
                sizes = {"text": text_out.tell(), "body": body_out.tell()}
            for buf in spool:
                if isinstance(buf, mmap.mmap):
                    buf.close()
        units = sorted(writer.units.values(), key=lambda u: u["key"])
        backend = backend_for(meta, len(finished))
        if backend == "sqlite":  # the rows go to their own side file; derived.json keeps the meta alone
            from store.db.derived_sqlite import write_index

            sizes["index"] = write_index(paths["index"], finished, units, getattr(writer.kept_from, "path", None))
        sums = {kind: writer.crcs[kind] if kind in writer.crcs else file_checksum(paths[kind]) for kind in sizes}
        if (fts_sum := _write_search_index(previous, paths[search_index.SUFFIX], paths["text"], finished)) is not None:
            sums[search_index.SUFFIX] = fts_sum
        tmp.unlink(missing_ok=True)
        db = open_db(tmp, defer=True)
        stamps = seal({kind: paths[kind] for kind in sums})
        built = {"backend": backend, "schema": SCHEMA, "files": token, "sizes": sizes, "sums": sums, STAMPS: stamps,
                 "built": time.time()}  # fmt: skip
        db.table("meta").insert({**meta, **built})
        if backend == "tinydb":
            db.table("articles").insert_multiple([encode_row(row) for row in writer.full_rows(finished)])
            db.table("units").insert_multiple(units)
        cast(AtomicJSONStorage, db.storage).flush()  # open_db's storage: deferred writes land here
        os.replace(tmp, root / "derived.json")
        committed = True
        fsync_dir(root)
    finally:
        for kind in ("spool-text", "spool-body"):
            paths[kind].unlink(missing_ok=True)
        if not committed:  # failed or interrupted: leave nothing of this build behind
            for path in (paths["text"], paths["body"], paths["index"], paths[search_index.SUFFIX], tmp):
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    pass
    sweep(root, keep=token)
    return len(finished)


# --- the search index: extended from the previous build's when there is one ------------


def _previous_search_index(root: Path) -> tuple[Path, int] | None:
    """The search index the current ``derived.json`` names and its recorded CRC-32, read before the
    build replaces it (the caller holds the home's lock); None when there is none to extend.

    The whole ``derived.json`` is parsed for its meta: the SQLite store's holds the meta
    alone; a TinyDB store's (below 10,000 articles) takes up to ~0.5 s."""
    try:
        data: Any = load_json(root / "derived.json")
        meta = data["meta"]["1"]
        token, checksum = meta["files"], meta["sums"].get(search_index.SUFFIX)
    except (CorruptStoreError, KeyError, TypeError, AttributeError, OSError):
        return None
    if not isinstance(token, str) or not token.isalnum() or not isinstance(checksum, int) or isinstance(checksum, bool):
        return None
    path = root / f"derived-{token}.{search_index.SUFFIX}"
    return (path, checksum) if path.is_file() else None


def _write_search_index(
    previous: tuple[Path, int] | None, path: Path, text_path: Path, rows: list[IndexRow | KeptRow]
) -> int | None:
    """The new build's search index: the previous one extended with the texts it lacks, or built whole."""
    from store.db import search_index_write

    spans, hashes = [row.text for row in rows], [row.text_hash for row in rows]
    if previous is None:
        return search_index_write.build(path, text_path, spans, hashes)
    return search_index_write.extend(previous[0], path, text_path, spans, hashes, checksum=previous[1])


def _private(path: str, flags: int) -> int:
    """Side files readable by their owner only, like the index (a corpus can be confidential)."""
    return os.open(path, flags, 0o600)


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

        check_meta(meta, (*SIDE_FILES, "index"))  # its rows are checked in the SQLite file
        store = open_store(root, meta, side_files(root, meta))
        store.fts = search_index.open_index(root / f"derived-{meta['files']}", len(store.rows), meta)
        return store
    rows, units = check_index(data, meta)
    buffers = side_files(root, meta)
    try:
        decoded = decode_rows(rows)
    except SchemaError as exc:
        _close(buffers)
        raise CorruptStoreError(f"derived.json: {exc}") from None
    fts = search_index.open_index(root / f"derived-{meta['files']}", len(decoded), meta)
    return Derived(meta, decoded, units, buffers[0], buffers[1], fts=fts)


def side_files(root: Path, meta: dict[str, Any]) -> list[Buffer]:
    """The text and body files ``meta`` (checked) names, mapped, once sizes and stamps (or CRCs) are what the build wrote."""
    buffers: list[Buffer] = []
    for kind in SIDE_FILES:
        path = root / f"derived-{meta['files']}.{kind}"
        try:
            with open(path, "rb") as f:
                check_file(f, meta, kind, path.name)
                buffers.append(_map(f))
        except OSError as exc:
            _close(buffers)
            raise CorruptStoreError(f"{path.name} is missing ({exc.strerror or exc})") from None
        except CorruptStoreError:
            _close(buffers)
            raise
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
    meta = {k: v for k, v in old.meta.items() if k not in WRITTEN} | {STORE_KEY: backend}
    try:
        return write(root, meta, ((row, old) for row in old.rows), lambda row: 0)
    finally:
        old.close()


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
    rows = writer.full_rows(writer.finish(text_out, body_out, spool, list(range(len(writer.rows)))))
    if (backend or backend_for({}, len(rows))) == "sqlite":
        from store.db.derived_sqlite import from_rows

        return from_rows(rows, sorted(writer.units.values(), key=lambda u: u["key"]), text_out.getvalue(), body_out.getvalue())
    return Derived({}, rows, writer.units, text_out.getvalue(), body_out.getvalue())
