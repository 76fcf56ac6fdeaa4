"""``beat import``: copy readable articles into the data home so rebuilds never need the originals."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from store.db import derived
from store.db.atomic import atomic_write_bytes, fsync_dir
from store.db.derived import text_digest
from store.db.paths import Home
from store.db.schema import Document
from store.db.tinydb_storage import CorruptStoreError
from store.db.userstore import ImportRecord, UserStore, manifest_path
from store.ingest.build import BuildReport, article_document, build_if_due
from store.ingest.sources import (
    SourceError,
    digest_bytes,
    iter_candidate_files,
    original_path,
    printable_path,
    read_bytes,
    source_from_bytes,
    stored_name,
    stored_name_ok,
)
from store.text.wording import plural


@dataclass(slots=True)
class ImportResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # new versions of earlier imports
    errors: list[tuple[str, str]] = field(default_factory=list)
    same_text: dict[str, str] = field(default_factory=dict)  # duplicate path -> article it repeats
    notices: list[str] = field(default_factory=list)  # what the user must be told: replacements, bad records


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    result: ImportResult
    report: BuildReport | None  # None when nothing new was imported (no build ran)

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [*self.result.errors, *(self.report.errors if self.report else ())]

    def summary(self) -> str:
        """"Imported 2 files (1 already present); the corpus now has 7 articles"."""
        added, present = len(self.result.added), len(self.result.duplicates)
        text = f"Imported {plural(added, 'file')}"
        text += f" ({present} already present)" if present else ""
        if self.report is not None and self.report.built:
            text += f"; the corpus now has {plural(self.report.articles, 'article')}"
        return text + "."


def import_and_build(
    home: Home,
    paths: list[Path],
    user: UserStore | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    guard: AbstractContextManager[object] | None = None,
) -> ImportOutcome:
    """Import, then build if anything was added; ``progress`` names the phase ("copying a.html").

    ``guard`` is held while the user store is written (the reader's workspace lock), not
    during the build, which writes only the derived store.
    """

    def step(what: str) -> Callable[[int, int, str], None] | None:
        if progress is None:
            return None
        return lambda done, total, name: progress(done, total, f"{what} {name}")

    with guard if guard is not None else nullcontext():
        result = import_paths(home, paths, user, step("copying"))
    if not result.added:
        return ImportOutcome(result, None)
    return ImportOutcome(result, build_if_due(home, step("analysing")))


def import_paths(
    home: Home,
    paths: list[Path],
    user: UserStore | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportResult:
    """Import files and folders; one bad file is reported and the rest go on.

    A file whose bytes differ but whose cleaned text is already in the corpus (the
    same page saved as UTF-8 and as GBK) is a duplicate too: storing it would let the
    build's de-duplication keep either copy, and the one dropped could be the one
    the user has tagged. When the data home cannot be written (disk full, read-only),
    the import stops at that file: every later file would fail the same way.

    What a crash left is mended here: a record whose copy is missing gets its copy
    back when its file is imported again (no second record), and a copy without a
    record (an older Beat wrote copies first) gets its record.

    ``user``: the caller's open user store (the reader's workspace, under its lock), so
    that one object writes the user file; left open. Without it one is opened and closed.
    ``progress(done, total, name)`` is called before each file (the reader's import dialog).
    """
    result = ImportResult()
    files = iter_candidate_files(paths, result.errors)
    own = user is None
    user = user if user is not None else UserStore(home.user)
    copies = _stored_copies(home)
    records = _checked_records(home, user.imports(), copies, result)
    recorded = {r.digest: r.stored for r in records}  # a copy restored for a record keeps its name
    known = {r.digest for r in records if r.stored in copies} | _seed_digests()
    by_original = {r.original: r for r in records}
    texts: dict[str, str] | None = None  # body digest -> path of the article holding it
    batch = _Batch(home, user, result)
    try:
        for n, path in enumerate(files):
            shown = printable_path(path)  # what the user is told
            if progress is not None:
                progress(n, len(files), shown)
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
            original = original_path(path.resolve())  # the identity: the real path, never its display form
            if texts is None:
                texts = _corpus_texts(home, records, copies)
            body = body_digest(doc)
            if body in texts and texts[body] != original:
                result.duplicates.append(shown)
                result.same_text[shown] = texts[body]
                continue
            record = ImportRecord(
                digest=source.digest,
                name=printable_path(path.name),
                original=original,
                encoding=source.encoding,
                stored=recorded.get(source.digest) or stored_name(source.digest, path.suffix),
                imported_at=time.time(),
            )
            previous = by_original.get(original)
            if previous is not None and previous.digest == record.digest:
                previous = None  # its own record, whose copy went missing: only the copy is written
            try:
                batch.add(shown, record, data, previous, new_record=record.digest not in recorded)
            except OSError:
                if rest := len(files) - n - 1:
                    result.errors.append((str(home.root), f"import stopped: {plural(rest, 'more file')} not imported"))
                break
            known.add(source.digest)
            recorded[source.digest] = record.stored
            texts[body] = original
    finally:
        try:
            batch.flush()  # also on Ctrl-C: the copies made so far are recorded
        except OSError:
            pass  # each file concerned is already listed in result.errors
        finally:
            if own:
                user.close()
    return result


def _stored_copies(home: Home) -> set[str]:
    """Names of the regular files in ``sources/`` (links and folders are not copies)."""
    try:
        with os.scandir(home.sources) as listing:
            return {e.name for e in listing if e.is_file(follow_symlinks=False)}
    except (FileNotFoundError, NotADirectoryError):
        return set()


def _checked_records(home: Home, records: list[ImportRecord], copies: set[str], result: ImportResult) -> list[ImportRecord]:
    """The records an import may act on; each other one is reported and left alone.

    A record whose ``stored`` is not a plain copy name (``../../x``, an absolute path)
    or names a link in ``sources/`` would make a replacement delete, or the duplicate
    check read, a file outside the data home.
    """
    good = []
    for r in records:
        problem = None
        if not stored_name_ok(r.stored):
            problem = "which is not a plain file name in sources/"
        elif r.stored not in copies and (home.sources / r.stored).is_symlink():
            problem = "which is a link, not a copy"
        if problem is None:
            good.append(r)
            continue
        result.notices.append(
            f"import record for {printable_path(str(r.original))} names {printable_path(str(r.stored))!r} "
            f"as its copy, {problem}; the record was left alone (edit or remove it in {manifest_path(home.user).name})"
        )
    return good


class _Batch:
    """Copies are staged one by one; their records reach the user store in batches, then the copies.

    The user store is rewritten whole on every change, so one record per write made
    an import of 10,000 files quadratic (minutes of rewriting a growing file). A copy
    is written under a hidden temp name (never part of the corpus) and takes its real
    name only after its record is durable: a crash at any point leaves records without
    copies (mended when the file is imported again) and temp debris, never a copy the
    build would turn into an article with no record of where it came from.
    """

    EVERY = 500
    EVERY_S = 2.0

    def __init__(self, home: Home, user: UserStore, result: ImportResult) -> None:
        self.home, self.user, self.result = home, user, result
        self.pending: list[tuple[str, ImportRecord, Path, bool]] = []  # (shown, record, staged copy, new record)
        self.since = time.monotonic()

    def add(
        self, shown: str, record: ImportRecord, data: bytes, previous: ImportRecord | None, new_record: bool = True
    ) -> None:
        staged = self.home.sources / f".{record.stored}.staged.tmp"
        entry = (shown, record, staged, new_record)
        try:
            atomic_write_bytes(staged, data, sync_folder=False)  # synced once per batch, in flush
        except OSError as exc:
            self.result.errors.append((shown, self._reason(exc)))
            self.flush()
            raise
        self.pending.append(entry)
        self.result.added.append(shown)
        if previous is not None:  # a new version of a file imported before: replace it
            self.flush()  # the new version first: a failure never leaves neither version
            if previous.stored != record.stored:  # the copy before its record: a crash between
                _remove_copy(self.home, previous.stored)  # leaves a record without a copy (harmless),
            self.user.remove_import(previous.digest)  # never a copy without a record (an article of unknown origin)
            self.result.replaced.append(shown)
            self.result.notices.append(
                f"replaced {record.original}: a new version of the file imported before "
                "(same article; its tags move to the new text)"
            )
        elif len(self.pending) >= self.EVERY or time.monotonic() - self.since > self.EVERY_S:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        try:
            fsync_dir(self.home.sources)  # the staged copies are durable before their records
            if new := [r for _, r, _, is_new in pending if is_new]:
                self.user.add_imports(new)
        except OSError as exc:
            for _, _, staged, _ in pending:
                staged.unlink(missing_ok=True)
            self._failed(pending, exc)
            raise
        lost = []
        for entry in pending:
            try:
                _promote(entry[2], self.home.sources / entry[1].stored)
            except OSError as exc:
                lost.append(entry)
                self._failed([entry], exc)
        fsync_dir(self.home.sources)
        for _, record, staged, is_new in lost:
            staged.unlink(missing_ok=True)
            if is_new:
                try:
                    self.user.remove_import(record.digest)
                except OSError:
                    pass  # a record without its copy is harmless: the next import of the file mends it
        self.since = time.monotonic()

    def _failed(self, entries: list[tuple[str, ImportRecord, Path, bool]], exc: OSError) -> None:
        """Take these files out of ``added``: they were not kept."""
        for shown, _, _, _ in entries:
            if shown in self.result.added:
                self.result.added.remove(shown)
            self.result.errors.append((shown, self._reason(exc)))

    def _reason(self, exc: OSError) -> str:
        return f"could not be saved in {self.home.root} ({exc.strerror or exc})"


def _promote(staged: Path, final: Path) -> None:
    """A staged copy takes its real name (a rename: atomic, and never follows a link there)."""
    os.replace(staged, final)


def _remove_copy(home: Home, stored: str) -> None:
    """Delete an earlier copy: only a regular file with a copy's name, directly in ``sources/``."""
    if not stored_name_ok(stored):
        return
    path = home.sources / stored
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()
    except FileNotFoundError:
        pass


def body_digest(doc: Document) -> str:
    """The hash the build de-duplicates on (``store.db.derived.text_digest``)."""
    return text_digest(p.text for p in doc.paragraphs)


def _corpus_texts(home: Home, records: list[ImportRecord], copies: set[str]) -> dict[str, str]:
    """Body digest -> original path of every article already in the corpus.

    Read from the derived store; articles it does not hold yet (first import, or an
    import whose build failed) are cleaned here so they count too. A copy without a
    record (left by a crash) is not counted: its own file must be importable again.
    """
    try:
        store = derived.load(home.root)
    except CorruptStoreError:
        store = None
    rows = store.kept_rows() if store else []  # not ``rows``: on SQLite that decodes every article (21 s at 100,000)
    recorded = {f"sources/{r.stored}" for r in records}
    texts = {row.text_hash: row.path for row in rows if not row.stored.startswith("sources/") or row.stored in recorded}
    built = {row.digest for row in rows}
    if store:
        store.close()
    from store.ingest.build import seed_files

    pending = [(name, raw, name) for name, raw in seed_files() if digest_bytes(raw) not in built]
    for r in records:
        if r.digest not in built and r.stored in copies:
            try:
                pending.append((r.stored, read_bytes(home.sources / r.stored, follow_links=False), r.original))
            except SourceError:
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
