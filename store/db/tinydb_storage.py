"""TinyDB on an atomic, load-once orjson storage.

TinyDB's JSONStorage re-reads and re-parses the whole file on every access and can
leave a half-written file after a crash. This storage parses once, serves reads from
memory, and replaces the file atomically on write (or once, at ``flush``, when
writes are deferred for a bulk build).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from store.db.atomic import atomic_write_bytes


class CorruptStoreError(Exception):
    """The file exists but is not a readable store."""


class AtomicJSONStorage(Storage):
    def __init__(
        self, path: str | Path, defer: bool = False, before_write: Any = None, loaded: Any = None
    ) -> None:
        self.path = Path(path)
        self.defer = defer
        self.before_write = before_write  # hook, e.g. backup rotation
        self._data: dict[str, Any] | None = None
        self._saved: bytes | None = None  # what the file holds, as last read or written
        if loaded is not None:  # (tables, raw bytes) a caller already parsed and checked
            self._data, self._saved = loaded
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data, self._saved = _load(self.path)
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self.defer:
            self._dirty = True
            return
        try:
            self._write(data)
        except BaseException:
            # TinyDB changed the tables in place before handing them over: forget them
            # and re-read the file, so a write that failed (disk full) is not served
            # from memory now and saved by the next write that succeeds.
            self._data = None
            raise

    def flush(self) -> None:
        if self._dirty and self._data is not None:
            self._write(self._data)
            self._dirty = False

    def _write(self, data: dict[str, Any]) -> None:
        raw = orjson.dumps(data)
        if raw == self._saved:
            # Nothing changed (TinyDB writes even for a no-op update): rewriting would
            # rotate good backups out and, from a read-only command, race a running
            # Beat's writes with a stale copy.
            return
        if self.before_write is not None:
            self.before_write()
        atomic_write_bytes(self.path, raw)
        self._saved = raw

    def close(self) -> None:
        self.flush()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while a store is parsed and indexed.

    Parsing makes millions of long-lived objects, and every few hundred of them
    trigger a collection that walks the ones made so far: at ten thousand articles
    that is half the load time. Nothing made here is cyclic garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_json(path: Path) -> dict[str, Any] | None:
    """Parse a store file; None if absent, CorruptStoreError if unreadable."""
    return _load(path)[0]


def _load(path: Path) -> tuple[dict[str, Any] | None, bytes | None]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    return _parse(path, raw), raw


def parse_store(path: Path, raw: bytes) -> dict[str, Any]:
    """``raw`` parsed as the store file ``path``; CorruptStoreError if it is not one."""
    return _parse(path, raw)


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise CorruptStoreError(f"{path.name} is empty")
    try:
        with gc_paused():
            data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptStoreError(f"{path.name} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise CorruptStoreError(f"{path.name} does not hold a store")
    return data


def open_db(path: Path, defer: bool = False, before_write: Any = None, loaded: Any = None) -> TinyDB:
    """``loaded``: the file's (tables, bytes) already parsed by the caller, so it is not parsed twice."""
    return TinyDB(path, storage=AtomicJSONStorage, defer=defer, before_write=before_write, loaded=loaded)
