"""The user store: what the user made (tags, overrides, settings) and the import manifest.

It is never rebuilt, so it is written atomically on every change, keeps three rotating
backups, carries a schema version with migrations, and recovers from corruption by
moving the bad file aside (never deleting it) and restoring the newest good backup.

The import manifest (one record per imported file) lives in a file of its own beside
it, with the same care: at ten thousand imports it is megabytes, and the user file is
rewritten on every tag.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from store.db.atomic import atomic_write_bytes, rotate_backups
from store.db.corrections import Correction, decode_correction, encode_correction
from store.db.dates import iso_date
from store.db.recovery import BACKUPS, Opened, Recovery, UserStoreTooNew, open_checked
from store.db.tinydb_storage import CorruptStoreError, load_json, open_db
from store.db.user_migrations import migrate
from store.db.user_schema import IMPORT, MANIFEST_TABLES, USER_TABLES, check_rows
from store.text.sanitize import sanitize

SCHEMA = 2  # 2: "/" in a tag name separates levels (store.db.user_migrations)
BACKUP_EVERY_S = 600.0  # a burst of edits must not push every good backup out


@dataclass(frozen=True, slots=True)
class ImportRecord:
    digest: str
    name: str
    original: str
    encoding: str
    stored: str
    imported_at: float


def manifest_path(path: Path) -> Path:
    """Where the import manifest of the user store at ``path`` lives."""
    return path.with_name(f"{path.stem}.imports{path.suffix}")


def read_imports(path: Path) -> list[dict[str, Any]]:
    """The import records of the user store at ``path``, read without opening (or writing) it.

    Includes records still in the user file itself, where Beat kept them before they
    moved out (the next open moves them). Rows of the wrong shape are skipped here;
    opening the store reports them.
    """
    rows: list[dict[str, Any]] = []
    for source in (manifest_path(path), path):
        try:
            table = (load_json(source) or {}).get("imports") or {}
        except CorruptStoreError:
            continue
        if isinstance(table, dict):
            rows.extend(check_rows(table, IMPORT)[0].values())
    return rows


def _loaded(opened: Opened) -> tuple[dict[str, Any], bytes] | None:
    return None if opened.data is None or opened.raw is None else (opened.data, opened.raw)


class UserStore:
    """The user's data; damaged files are recovered on open (see ``store.db.recovery``).

    ``recoveries`` reports what was recovered and what may be missing; raises
    ``UserStoreTooNew`` (a CorruptStoreError) for a store of a newer Beat, untouched.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.manifest = manifest_path(path)
        self.recoveries: list[Recovery] = []  # things the user must be told
        self.migrated: list[str] = []  # what this open's schema migration changed: told once, by whoever opened
        self._last_backup: dict[Path, float] = {}
        user = open_checked(path, "user store", USER_TABLES, SCHEMA)
        manifest = open_checked(self.manifest, "import manifest", MANIFEST_TABLES, None)
        self.recoveries += [r for r in (user.recovery, manifest.recovery) if r is not None]
        self._db: TinyDB = open_db(path, before_write=lambda: self._backup(path), loaded=_loaded(user))
        self._manifest: TinyDB = open_db(
            self.manifest, before_write=lambda: self._backup(self.manifest), loaded=_loaded(manifest)
        )
        self._migrate()
        self._move_imports_out()

    @property
    def notices(self) -> list[str]:
        """The recoveries and what a migration changed, as sentences, for interfaces that only show text."""
        return [r.message for r in self.recoveries] + self.migrated

    # --- durability -------------------------------------------------------------
    def _backup(self, path: Path) -> None:
        now = time.monotonic()
        last = self._last_backup.get(path)
        if last is not None and now - last < BACKUP_EVERY_S:
            return
        rotate_backups(path, BACKUPS)
        self._last_backup[path] = now

    def _move_imports_out(self) -> None:
        """Records an older Beat kept in the user file go to the manifest (once, idempotent)."""
        legacy = self._db.table("imports").all()
        if not legacy:
            return
        have = {r["digest"] for r in self._manifest.table("imports").all()}
        if missing := [dict(r) for r in legacy if r["digest"] not in have]:
            self._manifest.table("imports").insert_multiple(missing)  # written before the user file drops them
        self._db.drop_table("imports")

    def _migrate(self) -> None:
        meta = self._db.table("meta")
        row = meta.get(doc_id=1)
        version = row["schema"] if row else None
        if version is None:
            meta.insert({"schema": SCHEMA, "created": time.time()})
            return
        if version > SCHEMA:  # checked on open already; kept for stores opened another way
            raise UserStoreTooNew(f"user store schema {version} is newer than this Beat understands ({SCHEMA}); upgrade Beat")
        if version == SCHEMA:
            return  # current: opening must not write (a reader beside a running Beat)
        self.migrate_from(version)

    def migrate_from(self, version: int) -> None:
        """Bring the store of ``version`` to :data:`SCHEMA` in one atomic write, after keeping it as it was.

        The file as it was is kept as ``user.json.before-schema-N`` (written atomically, never
        rotated away like the three backups), then the migrated tables and the new schema
        number go in one write: a crash at any point leaves the old store, to be migrated
        again on the next open, or the migrated one, never half.
        """
        keep = self.path.with_name(f"{self.path.name}.before-schema-{SCHEMA}")
        if not keep.exists():
            atomic_write_bytes(keep, self.path.read_bytes())
        data = self._db.storage.read() or {}
        result = migrate(data, version, SCHEMA)
        self._db.storage.write(result.data)
        self.migrated += [f"{note}. The store as it was is kept as {keep.name}." for note in result.notes]

    def close(self) -> None:
        self._db.close()
        self._manifest.close()

    def table(self, name: str) -> Any:
        """A TinyDB table of the user store, for modules that own a kind of user data (tags)."""
        return self._db.table(name)

    # --- settings ---------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._db.table("settings").get(Query().key == key)
        return row["value"] if row else default

    def settings(self) -> dict[str, Any]:
        """Every setting, key -> value (rows of the wrong shape were refused when the store opened)."""
        return {row["key"]: row["value"] for row in self._db.table("settings").all()}

    def set_setting(self, key: str, value: Any) -> None:
        self._db.table("settings").upsert({"key": key, "value": value}, Query().key == key)

    # --- imports ----------------------------------------------------------------
    def imports(self) -> list[ImportRecord]:
        return [ImportRecord(**row) for row in self._manifest.table("imports").all()]

    def has_import(self, digest: str) -> bool:
        return self._manifest.table("imports").contains(Query().digest == digest)

    def add_import(self, record: ImportRecord) -> None:
        self.add_imports([record])

    def add_imports(self, records: list[ImportRecord]) -> None:
        """Many records in one write (an import flushes them in batches)."""
        self._manifest.table("imports").insert_multiple(asdict(r) for r in records)

    def remove_import(self, digest: str) -> None:
        self._manifest.table("imports").remove(Query().digest == digest)

    # --- unit overrides ---------------------------------------------------------
    def unit_merges(self) -> dict[str, str]:
        return {r["key"]: r["into"] for r in self._db.table("unit_merges").all()}

    def merge_unit(self, key: str, into: str) -> None:
        if key == into:
            raise ValueError("a unit cannot be merged into itself")
        merges = self.unit_merges()
        target = into
        while target in merges:  # refuse cycles: a -> b -> a
            target = merges[target]
            if target == key:
                raise ValueError(f"{into} is already merged into {key}")
        self._db.table("unit_merges").upsert({"key": key, "into": into}, Query().key == key)

    def unit_aliases(self) -> dict[str, str]:
        return {r["alias"]: r["key"] for r in self._db.table("unit_aliases").all()}

    def add_unit_alias(self, alias: str, key: str) -> None:
        """An alias as typed (TUI or shell), through the sanitiser: it is shown like unit names."""
        alias = " ".join(sanitize(alias).split())
        if not alias:
            raise ValueError("an alias needs some text")
        self._db.table("unit_aliases").upsert({"alias": alias, "key": key}, Query().alias == alias)

    # --- reference dates --------------------------------------------------------
    def reference_dates(self) -> dict[str, str]:
        return {r["article"]: r["date"] for r in self._db.table("reference_dates").all()}

    def set_reference_date(self, article: str, date: str | None) -> None:
        """Set (or with None clear) an article's reference date; raises ``InvalidDate`` for a non-date."""
        table = self._db.table("reference_dates")
        if date is None:
            table.remove(Query().article == article)
        else:
            table.upsert({"article": article, "date": iso_date(date)}, Query().article == article)

    # --- entity corrections -----------------------------------------------------
    def entity_corrections(self) -> list[Correction]:
        """The user's corrections to found entities, oldest first (``store.db.corrections``)."""
        rows = sorted(self._db.table("entity_corrections").all(), key=lambda r: (r.get("created", 0.0), r["id"]))
        return [decode_correction(r) for r in rows]

    def change_entity_corrections(self, put: list[Correction], remove: list[str]) -> None:
        """Remove the corrections with ids in ``remove``, then put ``put`` (replacing by id).

        At most two atomic writes, each leaving a whole file: a crash between them loses
        only the rows being put, never one the user made before.
        """
        table = self._db.table("entity_corrections")
        have = {r["id"] for r in table.all()}
        gone = (set(remove) | {c.id for c in put}) & have
        if gone:
            table.remove(Query().id.one_of(sorted(gone)))
        if put:
            table.insert_multiple(encode_correction(c) for c in put)

    # --- reading positions ------------------------------------------------------
    def positions(self) -> dict[str, int]:
        return {r["article"]: r["paragraph"] for r in self._db.table("positions").all()}

    def set_position(self, article: str, paragraph: int) -> None:
        self._db.table("positions").upsert({"article": article, "paragraph": paragraph}, Query().article == article)
