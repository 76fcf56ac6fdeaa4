"""``beat import``: copy readable articles into the data home so rebuilds never need the originals."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from store.atomic import atomic_write_bytes
from store.build import article_document
from store.paths import Home
from store.sources import SourceError, digest_bytes, iter_candidate_files, read_bytes, source_from_bytes
from store.userstore import ImportRecord, UserStore


@dataclass(slots=True)
class ImportResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # new versions of earlier imports
    errors: list[tuple[str, str]] = field(default_factory=list)


def import_paths(home: Home, paths: list[Path]) -> ImportResult:
    """Import files and folders; one bad file is reported and the rest go on."""
    result = ImportResult()
    files = iter_candidate_files(paths, result.errors)
    user = UserStore(home.user)
    records = user.imports()
    known = {r.digest for r in records} | _seed_digests()
    by_original = {r.original: r for r in records}
    try:
        for path in files:
            try:
                data = read_bytes(path)
                source = source_from_bytes(data, path)
                if source.digest in known:
                    result.duplicates.append(str(path))
                    continue
                if article_document(source) is None:
                    raise SourceError("no article text found")
            except SourceError as exc:
                result.errors.append((str(path), str(exc)))
                continue
            except RecursionError:
                result.errors.append((str(path), "too deeply nested to read"))
                continue
            stored = f"{source.digest[:16]}{path.suffix.lower() or '.txt'}"
            atomic_write_bytes(home.sources / stored, data)
            previous = by_original.get(str(path.resolve()))
            if previous is not None:  # a new version of a file imported before: replace it
                user.remove_import(previous.digest)
                (home.sources / previous.stored).unlink(missing_ok=True)
                result.replaced.append(str(path))
            user.add_import(
                ImportRecord(
                    digest=source.digest,
                    name=path.name,
                    original=str(path.resolve()),
                    encoding=source.encoding,
                    stored=stored,
                    imported_at=time.time(),
                )
            )
            known.add(source.digest)
            result.added.append(str(path))
    finally:
        user.close()
    return result


def _seed_digests() -> set[str]:
    from store.build import seed_files

    return {digest_bytes(data) for _, data in seed_files()}
