"""``beat import``: copy readable articles into the data home so rebuilds never need the originals."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.db.atomic import atomic_write_bytes, fsync_dir
from store.db import derived
from store.ingest.build import article_document
from store.db.tinydb_storage import CorruptStoreError
from store.db.derived import text_digest
from store.db.paths import Home
from store.ingest.sources import (
    SUFFIXES,
    SourceError,
    digest_bytes,
    iter_candidate_files,
    printable_path,
    read_bytes,
    source_from_bytes,
)
from store.db.userstore import ImportRecord, UserStore


@dataclass(slots=True)
class ImportResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # new versions of earlier imports
    errors: list[tuple[str, str]] = field(default_factory=list)
    same_text: dict[str, str] = field(default_factory=dict)  # duplicate path -> article it repeats


def import_paths(home: Home, paths: list[Path]) -> ImportResult:
    """Import files and folders; one bad file is reported and the rest go on.

    A file whose bytes differ but whose cleaned text is already in the corpus (the
    same page saved as UTF-8 and as GBK) is a duplicate too: storing it would let the
    build's de-duplication keep either copy, and the one dropped could be the one
    the user has tagged. When the data home cannot be written (disk full, read-only),
    the import stops at that file: every later file would fail the same way.
    """
    result = ImportResult()
    files = iter_candidate_files(paths, result.errors)
    user = UserStore(home.user)
    records = user.imports()
    known = {r.digest for r in records} | _seed_digests()
    by_original = {r.original: r for r in records}
    texts: dict[str, str] | None = None  # body digest -> path of the article holding it
    batch = _Batch(home, user, result)
    try:
        for n, path in enumerate(files):
            shown = printable_path(path)  # what the user is told and what the store keeps
            try:
                data = read_bytes(path)
                source = source_from_bytes(data, path)
                if source.digest in known:
                    result.duplicates.append(shown)
                    continue
                doc = article_document(source)
                if doc is None:
                    raise SourceError("no article text found")
            except SourceError as exc:
                result.errors.append((shown, str(exc)))
                continue
            except RecursionError:
                result.errors.append((shown, "too deeply nested to read"))
                continue
            original = printable_path(path.resolve())
            if texts is None:
                texts = _corpus_texts(home, records)
            body = body_digest(doc)
            if body in texts and texts[body] != original:
                result.duplicates.append(shown)
                result.same_text[shown] = texts[body]
                continue
            suffix = path.suffix.lower()
            record = ImportRecord(
                digest=source.digest,
                name=printable_path(path.name),
                original=original,
                encoding=source.encoding,
                stored=source.digest[:16] + (suffix if suffix in SUFFIXES else ".txt"),
                imported_at=time.time(),
            )
            try:
                batch.add(shown, record, data, by_original.get(original))
            except OSError:
                if rest := len(files) - n - 1:
                    result.errors.append((str(home.root), f"import stopped: {rest} more file(s) not imported"))
                break
            known.add(source.digest)
            texts[body] = original
    finally:
        try:
            batch.flush()  # also on Ctrl-C: the copies made so far are recorded
        except OSError:
            pass  # each file concerned is already listed in result.errors
        finally:
            user.close()
    return result


class _Batch:
    """Copies go into the data home one by one; their records reach the user store in batches.

    The user store is rewritten whole on every change, so one record per write made
    an import of 10,000 files quadratic (minutes of rewriting a growing file). A
    record is written at most a couple of seconds after its copy; a copy whose
    record was lost to a crash is recorded again when the file is imported again.
    """

    EVERY = 500
    EVERY_S = 2.0

    def __init__(self, home: Home, user: UserStore, result: ImportResult) -> None:
        self.home, self.user, self.result = home, user, result
        self.pending: list[tuple[str, ImportRecord, bool]] = []  # (shown, record, copy existed)
        self.since = time.monotonic()

    def add(self, shown: str, record: ImportRecord, data: bytes, previous: ImportRecord | None) -> None:
        copy = self.home.sources / record.stored
        existed = copy.exists()
        try:
            atomic_write_bytes(copy, data, sync_folder=False)  # synced once per batch, in flush
        except OSError as exc:
            self._failed([(shown, record, existed)], exc, remove=False)
            self.flush()
            raise
        self.pending.append((shown, record, existed))
        self.result.added.append(shown)
        if previous is not None:  # a new version of a file imported before: replace it
            self.flush()  # the new record first: a failure never leaves neither version
            self.user.remove_import(previous.digest)
            if previous.stored != record.stored:
                (self.home.sources / previous.stored).unlink(missing_ok=True)
            self.result.replaced.append(shown)
        elif len(self.pending) >= self.EVERY or time.monotonic() - self.since > self.EVERY_S:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        try:
            fsync_dir(self.home.sources)  # the copies' names are durable before their records
            self.user.add_imports([r for _, r, _ in pending])
        except OSError as exc:
            self._failed(pending, exc, remove=True)
            raise
        self.since = time.monotonic()

    def _failed(self, entries: list[tuple[str, ImportRecord, bool]], exc: OSError, remove: bool) -> None:
        """Take these files back out: their copies (new ones only) and their place in ``added``."""
        reason = exc.strerror or str(exc)
        for shown, record, existed in entries:
            if remove and not existed:
                (self.home.sources / record.stored).unlink(missing_ok=True)
            if shown in self.result.added:
                self.result.added.remove(shown)
            self.result.errors.append((shown, f"could not be saved in {self.home.root} ({reason})"))


def body_digest(doc: dict[str, Any]) -> str:
    """The hash the build de-duplicates on (``store.db.derived.text_digest``)."""
    return text_digest(p[1] for p in doc["paragraphs"])


def _corpus_texts(home: Home, records: list[ImportRecord]) -> dict[str, str]:
    """Body digest -> original path of every article already in the corpus.

    Read from the derived store; articles it does not hold yet (first import, or an
    import whose build failed) are cleaned here so they count too.
    """
    try:
        store = derived.load(home.root)
    except CorruptStoreError:
        store = None
    rows = store.rows if store else []
    texts = {row["text_hash"]: row["path"] for row in rows}
    built = {row["digest"] for row in rows}
    if store:
        store.close()
    from store.ingest.build import seed_files

    pending = [(name, raw, name) for name, raw in seed_files() if digest_bytes(raw) not in built]
    for r in records:
        if r.digest not in built:
            try:
                pending.append((r.stored, (home.sources / r.stored).read_bytes(), r.original))
            except OSError:
                continue
    for name, raw, original in pending:
        try:
            doc = article_document(source_from_bytes(raw, Path(name)))
        except (SourceError, RecursionError):
            continue
        if doc is not None:
            texts.setdefault(body_digest(doc), original)
    return texts


def _seed_digests() -> set[str]:
    from store.ingest.build import seed_files

    return {digest_bytes(data) for _, data in seed_files()}
