"""The pipeline from source files to the derived store, and when it must run again.

The derived store is rebuilt when its schema, the cleaner/analyser versions or the
corpus (hashes of the source files) changed. Articles whose source and versions are
unchanged are carried over, so importing one file does not re-analyse ten thousand.
Analysis runs in worker processes on both cores once the corpus is large enough to
repay their start-up (each loads jieba once).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from store.clean import CLEANER_VERSION, clean_text
from store.atomic import fsync_dir
from store.db import CorruptStoreError, load_json, open_db
from store.paths import Home
from store.userstore import UserStore
from store.sources import Source, SourceError, source_from_bytes

DERIVED_SCHEMA = 1
ANALYSER_VERSION = 1
PARALLEL_FROM = 40  # below this, process start-up costs more than it saves

Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class BuildReport:
    built: bool
    reason: str
    articles: int = 0
    analysed: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    moved: int = 0  # tagged passages re-anchored to a new place
    orphaned: int = 0  # tagged passages whose quote is gone (kept, listed as orphans)


def seed_files() -> list[tuple[str, bytes]]:
    """The shipped seed articles, from the installed package or the source tree."""
    root = resources.files("seeds")
    return sorted((f"seeds/{p.name}", p.read_bytes()) for p in root.iterdir() if p.name.endswith(".txt"))


def corpus_files(home: Home) -> list[tuple[str, bytes]]:
    files = seed_files()
    if home.sources.is_dir():
        files += sorted((f"sources/{p.name}", p.read_bytes()) for p in _stored_sources(home))
    return files


def _stored_sources(home: Home) -> list[Path]:
    """Imported copies, without the temp file an import killed mid-copy may leave."""
    return [p for p in home.sources.iterdir() if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".tmp")]


def corpus_digests(home: Home) -> list[str]:
    """Content hashes of the corpus without reading imported files.

    Imported copies are stored under their own hash (``sources/<sha256[:16]>.ext``),
    so a warm start fingerprints ten thousand files from a directory listing.
    """
    digests = [hashlib.sha256(data).hexdigest()[:16] for _, data in seed_files()]
    if home.sources.is_dir():
        digests += [p.name.split(".", 1)[0] for p in _stored_sources(home)]
    return digests


def _versions() -> str:
    return f"{DERIVED_SCHEMA}.{CLEANER_VERSION}.{ANALYSER_VERSION}"


def fingerprint(digests: list[str]) -> str:
    h = hashlib.sha256(_versions().encode())
    for digest in sorted(digests):
        h.update(digest.encode())
    return h.hexdigest()


def load_derived(home: Home) -> dict[str, Any] | None:
    """The derived store's tables, parsed once; None if absent, raises if damaged."""
    return load_json(home.derived)


def build_reason(home: Home, data: dict[str, Any] | None = None) -> str | None:
    """Why the derived store must be (re)built, or None when it is current.

    ``data`` lets a caller that already parsed the store (the TUI) avoid a second parse.
    """
    if data is None:
        try:
            data = load_derived(home)
        except CorruptStoreError as exc:
            return f"the derived store is damaged ({exc}); rebuilding it"
    if data is None:
        return "first launch: building the store"
    meta = (data.get("meta") or {}).get("1") or {}
    if meta.get("schema") != DERIVED_SCHEMA or meta.get("versions") != _versions():
        return "Beat's cleaner or analyser changed; rebuilding the store"
    if meta.get("fingerprint") != fingerprint(corpus_digests(home)):
        return "the corpus changed; updating the store"
    return None


def ensure_built(
    home: Home, progress: Progress | None = None, force: bool = False, user: UserStore | None = None
) -> BuildReport:
    """Build if needed, then re-anchor the user's tags on the new text.

    Pass the caller's open ``user`` store (the TUI's) so that only one object ever
    writes the user file; otherwise one is opened if it exists.
    """
    reason = "rebuild requested" if force else build_reason(home)
    if reason is None:
        return BuildReport(built=False, reason="store is up to date")
    report = build(home, corpus_files(home), reason, progress, reuse=not force)
    if user is not None or home.user.exists():
        report.moved, report.orphaned = reanchor_tags(home, user)
    return report


def reanchor_tags(home: Home, user: UserStore | None = None) -> tuple[int, int]:
    from store.tags import TagBook

    data = load_derived(home) or {}
    paragraphs = {d["id"]: [p[1] for p in d["paragraphs"]] for d in (data.get("articles") or {}).values()}
    own = user is None
    user = user or UserStore(home.user)
    try:
        return TagBook(user).reanchor_all(paragraphs.get)
    finally:
        if own:
            user.close()


def build(
    home: Home,
    files: list[tuple[str, bytes]],
    reason: str,
    progress: Progress | None = None,
    reuse: bool = True,
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport(built=True, reason=reason)
    old = _old_articles(home) if reuse else {}
    sources: list[Source] = []
    for name, data in files:
        try:
            sources.append(source_from_bytes(data, Path(name)))
        except SourceError as exc:
            report.errors.append((name, str(exc)))
    originals = _import_originals(home)
    by_digest: dict[str, dict[str, Any]] = {}
    todo = [s for s in sources if s.digest not in old]
    for s in sources:
        if s.digest in old:
            by_digest[s.digest] = old[s.digest]
    total = len(todo)
    if progress:
        progress(0, total, "analysing")
    for done, (source, result) in enumerate(_analyse_all(todo), start=1):
        if isinstance(result, str):
            report.errors.append((source.name, result))
        else:
            by_digest[source.digest] = result
        if progress:
            progress(done, total, source.name)
    docs: dict[str, dict[str, Any]] = {}
    for doc in by_digest.values():
        stored = doc["stored"]
        doc["path"], doc["name"] = originals.get(stored, (stored, stored.rsplit("/", 1)[-1]))
        doc["id"] = article_id(doc["path"])
        docs[doc["id"]] = doc
    docs = _drop_duplicate_texts(docs)
    _write_derived(home, list(docs.values()))
    report.articles = len(docs)
    report.analysed = total
    report.seconds = time.perf_counter() - started
    return report


def article_id(path: str) -> str:
    """Stable id from where an article comes from (seed name or original import path).

    Not from its bytes: a corrected or re-scraped source keeps its id, so its tags
    are re-anchored instead of orphaned.
    """
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:12]


def _import_originals(home: Home) -> dict[str, tuple[str, str]]:
    """Stored copy -> (original path, name) from the user store's import records."""
    try:
        user = load_json(home.user) or {}
    except CorruptStoreError:
        return {}
    rows = (user.get("imports") or {}).values()
    return {f"sources/{r['stored']}": (r["original"], r["name"]) for r in rows}


def _old_articles(home: Home) -> dict[str, dict[str, Any]]:
    try:
        data = load_json(home.derived)
    except CorruptStoreError:
        return {}
    if not data:
        return {}
    meta = (data.get("meta") or {}).get("1") or {}
    if meta.get("versions") != _versions():
        return {}
    return {doc["digest"]: doc for doc in (data.get("articles") or {}).values()}


def _analyse_all(todo: list[Source]) -> Iterator[tuple[Source, dict[str, Any] | str]]:
    if len(todo) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        for source in todo:
            yield source, analyse_source(source)
        return
    workers = min(os.cpu_count() or 2, 4)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from zip(todo, pool.map(analyse_source, todo, chunksize=8))


def analyse_source(source: Source) -> dict[str, Any] | str:
    """One source to one derived document, or a reason why it holds no article."""
    from store.analysis import analyse_paragraphs

    try:
        doc = article_document(source)
    except SourceError as exc:
        return str(exc)
    if doc is None:
        return "no article text found"
    doc.update(analyse_paragraphs([p[1] for p in doc["paragraphs"]], doc["published"]))
    return doc


def article_document(source: Source) -> dict[str, Any] | None:
    text, published, site = source.text, None, None
    if source.is_html:
        from store.html import extract_html

        page = extract_html(source.text)
        if page is None:
            return None
        text = f"{page.title}\n\n{page.text}" if page.title else page.text
        published, site = page.date, page.site
    cleaned = clean_text(text, source.name)
    if not cleaned.paragraphs:
        return None
    return {
        "id": None,  # assigned from the logical source path once it is known
        "stored": source.path,
        "digest": source.digest,
        "title": cleaned.title,
        "original_title": cleaned.original_title,
        "source": cleaned.source or site,
        "published": cleaned.published or published,
        "path": source.path,
        "name": source.name,
        "encoding": source.encoding,
        "removed": cleaned.removed,
        "metadata": cleaned.metadata,
        "paragraphs": [[p.kind, p.text, p.original] for p in cleaned.paragraphs],
    }


def _drop_duplicate_texts(docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The same article saved twice (other bytes, same cleaned text) is kept once."""
    seen: set[str] = set()
    kept: dict[str, dict[str, Any]] = {}
    for key in sorted(docs, key=lambda k: docs[k]["path"]):
        doc = docs[key]
        body = hashlib.sha256("\n".join(p[1] for p in doc["paragraphs"]).encode()).hexdigest()
        if body in seen:
            continue
        seen.add(body)
        kept[key] = doc
    return kept


def _write_derived(home: Home, docs: list[dict[str, Any]]) -> None:
    """Write the whole derived store once, atomically: readers see old or new, never half."""
    home.root.mkdir(parents=True, exist_ok=True)
    tmp = home.derived.with_name(home.derived.name + ".building")
    tmp.unlink(missing_ok=True)
    db = open_db(tmp, defer=True)
    db.table("meta").insert(
        {
            "schema": DERIVED_SCHEMA,
            "versions": _versions(),
            "fingerprint": fingerprint(corpus_digests(home)),
            "built": time.time(),
        }
    )
    docs.sort(key=lambda d: (d["published"] or "", d["path"]), reverse=True)
    db.table("articles").insert_multiple(docs)
    db.storage.flush()
    os.replace(tmp, home.derived)
    fsync_dir(home.root)
