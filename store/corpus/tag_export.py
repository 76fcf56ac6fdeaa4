"""Tagged passages to a file, limited to the units the reader is filtering by.

``store.corpus.export.write_export`` filters by one unit; the reader's filter is several
units (OR) with their sub-units, already expanded, so the rows are filtered here and
written with the store's own writer. No Textual import: the app runs this in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path

from store.corpus.corpus import Corpus
from store.corpus.export import FORMATS, ExportRow, export_rows, write_rows
from store.corpus.tags import TagBook

LABELS = {"csv": "CSV", "json": "JSON", "md": "Markdown", "qdpx": "QDPX"}
assert set(LABELS) == set(FORMATS)


def filtered_rows(corpus: Corpus, rows: Iterable[ExportRow], keys: frozenset[str]) -> list[ExportRow]:
    """Rows whose passage mentions one of ``keys`` (canonical unit keys); all rows if none."""
    if not keys:
        return list(rows)
    return [r for r in rows if keys & {corpus.canonical_unit(u) for u in r.units}]


def export_tagged(
    fmt: str, path: Path, corpus: Corpus, book: TagBook, keys: frozenset[str], lock: AbstractContextManager[object]
) -> int:
    """Write the export; returns the number of passages. ``lock`` guards reads of the user store."""
    with lock:
        rows = filtered_rows(corpus, export_rows(corpus, book), keys)
    write_rows(fmt, path.expanduser(), corpus, book, rows, lock)
    return len(rows)
