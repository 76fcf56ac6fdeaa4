"""Opening a user-store file that may be damaged, and the report of what was done about it.

A file that does not parse, or parses with the wrong shape as a whole
(``store.db.user_schema``), is replaced by the newest backup that is good; one whose
damage is confined to rows keeps its good rows. Either way:

- the damaged file is kept, under a name no other recovery can take
  (``user.json.corrupt-<time>[-n]``: two recoveries in one second used to share one);
- the file is replaced atomically, so it is private (0600) like every write, and a
  crash mid-recovery leaves the damaged file in place to be recovered again, never
  a missing file that would silently open as an empty store;
- a :class:`Recovery` says what was recovered from and what may be missing; callers
  show it (the CLI on stderr, the reader as a notice). Nothing is recovered silently.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from store.db.atomic import atomic_write_bytes
from store.db.tinydb_storage import CorruptStoreError, parse_store
from store.db.user_schema import RowSpec, ShapeError, check_store

BACKUPS = 3


class UserStoreTooNew(CorruptStoreError):
    """The user store was written by a newer Beat: it is left exactly as it is."""


@dataclass(frozen=True, slots=True)
class Recovery:
    """What happened to one damaged file on open."""

    file: str  # the file's name, e.g. user.json
    what: str  # "user store" / "import manifest"
    problem: str  # why it could not be used as it was
    aside: str  # where the damaged file was kept
    restored_from: str | None  # the backup used, None if the file's own good rows were kept or none was usable
    dropped: tuple[str, ...]  # rows left out, one line per table
    empty: bool  # nothing could be read: starts empty
    lost_recent: bool  # restored from a backup: changes made after it are missing

    @property
    def message(self) -> str:
        head = f"Your {self.what} was damaged ({self.file}: {self.problem}); it was kept as {self.aside}"
        if self.empty:
            body = "no good backup was found, so it starts empty: everything in it is missing"
        elif self.restored_from:
            body = f"the backup {self.restored_from} was restored: changes made after that backup are missing"
        else:
            body = "its readable rows were kept"
        tail = f"; left out: {'; '.join(self.dropped)}" if self.dropped else ""
        return f"{head}; {body}{tail}"

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Opened:
    """A checked file: its tables and bytes (None if absent), and the recovery if one was needed."""

    data: dict[str, Any] | None
    raw: bytes | None
    recovery: Recovery | None = None


def open_checked(path: Path, what: str, tables: dict[str, RowSpec], schema: int | None) -> Opened:
    """Read ``path``, checking its shape, recovering it if it is damaged.

    ``schema``: the newest schema this Beat understands (None for files without a schema
    record). A file of a newer schema raises :class:`UserStoreTooNew` and is not touched.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Opened(None, None)
    try:
        checked = check_store(parse_store(path, raw), tables, schema)
        _refuse_newer(path, checked.data, schema)
        if not checked.changed:
            return Opened(checked.data, raw)
    except (CorruptStoreError, ShapeError) as exc:
        if isinstance(exc, UserStoreTooNew):
            raise
        return _restore(path, what, tables, schema, _reason(path, exc))
    # Damage confined to rows: the file is the newest data there is; keep its good rows.
    aside = set_aside(path)
    new = orjson.dumps(checked.data)
    atomic_write_bytes(path, new)
    recovery = Recovery(path.name, what, "some rows had the wrong shape", aside.name, None, tuple(checked.dropped), False, False)
    return Opened(checked.data, new, recovery)


def _reason(path: Path, exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, ShapeError):
        return f"the wrong shape: {text}"
    return text.removeprefix(f"{path.name} ")


def _restore(path: Path, what: str, tables: dict[str, RowSpec], schema: int | None, problem: str) -> Opened:
    aside = set_aside(path)
    for i in range(1, BACKUPS + 1):
        backup = path.with_name(f"{path.name}.{i}")
        try:
            raw = backup.read_bytes()
            checked = check_store(parse_store(backup, raw), tables, schema)
            _refuse_newer(backup, checked.data, schema)
        except (OSError, CorruptStoreError, ShapeError):
            continue
        new = orjson.dumps(checked.data) if checked.changed else raw
        atomic_write_bytes(path, new)
        recovery = Recovery(path.name, what, problem, aside.name, backup.name, tuple(checked.dropped), False, True)
        return Opened(checked.data, new, recovery)
    path.unlink(missing_ok=True)  # kept aside above: the store starts empty
    return Opened(None, None, Recovery(path.name, what, problem, aside.name, None, (), True, True))


def _refuse_newer(path: Path, data: dict[str, Any], schema: int | None) -> None:
    if schema is None:
        return
    row = (data.get("meta") or {}).get("1")
    if row is not None and row["schema"] > schema:
        raise UserStoreTooNew(
            f"{path.name} was written by a newer Beat (schema {row['schema']}, this Beat reads {schema}); "
            "upgrade Beat. Nothing was changed."
        )


def set_aside(path: Path) -> Path:
    """Keep the damaged ``path`` under a new name (hard link: ``path`` stays until replaced).

    The name carries the time to the second and, if that is taken, ``-2``, ``-3``...:
    creating a link never overwrites, so two recoveries in one second keep both files.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        aside = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            os.link(path, aside, follow_symlinks=False)
            return aside
        except FileExistsError:
            n += 1
        except OSError:  # no hard links here: copy, never over an existing name
            if aside.exists():
                n += 1
                continue
            atomic_write_bytes(aside, path.read_bytes())
            return aside
