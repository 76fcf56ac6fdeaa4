"""The statistics ledger kept beside the derived store, so ``beat figures`` does not redo it.

Reading every article's figures, events and sentences takes ~20 s at ten thousand
articles (``tests/bench/bench_analysis.py``, ``ledger_s``); the rows only change with the
build or the user's overrides. So each article's rows (before contradictions are
flagged, which depend on which articles are counted: ``--per-cluster``) are written to
``derived-<token>.ledger`` in the store's folder, orjson, a row a list of its fields (a
dict per row took twice as long to read back), with the digest of the overrides
they were made under (``Corpus.overrides_key``). A rebuild makes a new token and sweeps
the old side files, this one with them (``store.db.derived_files.sweep``); a merge, an
alias, a reference date or an entity correction changes the digest and the rows are made
again. A damaged or unreadable file is made again too; a store in memory (tests) has no
token and is never cached. The file is replaced atomically: two readers that both miss
write the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import orjson

from store.analysis.ledger import LedgerRow, article_rows, flag_contradictions
from store.corpus.query import CorpusIndex
from store.db.atomic import atomic_write_bytes

VERSION = 2  # of the file's layout and of what a row holds: bump when LedgerRow or its reading changes
FIELDS = tuple(f.name for f in fields(LedgerRow) if f.name != "conflicts")  # a row is stored as a list, in this order


def cache_path(index: CorpusIndex, folder: Path) -> Path | None:
    token = index.corpus.build_token
    return folder / f"derived-{token}.ledger" if token else None


def _load(path: Path, key: str) -> dict[str, list[LedgerRow]] | None:
    try:
        data: Any = orjson.loads(path.read_bytes())
        if data.get("version") != VERSION or data.get("overrides") != key:
            return None
        if data.get("fields") != list(FIELDS):
            return None
        return {aid: [LedgerRow(*row) for row in rows] for aid, rows in data["rows"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing, damaged or of another layout: made again


def _rows_by_article(index: CorpusIndex, folder: Path | None) -> dict[str, list[LedgerRow]]:
    path = cache_path(index, folder) if folder is not None else None
    key = index.corpus.overrides_key()
    if path is not None and (kept := _load(path, key)) is not None:  # the token names the build: the same articles
        return kept
    made = {aid: article_rows(index, aid) for aid in index.by_id}
    if path is not None:
        rows = {aid: [[getattr(r, f) for f in FIELDS] for r in found] for aid, found in made.items() if found}
        made_file = {"version": VERSION, "fields": FIELDS, "overrides": key, "rows": rows}
        try:
            atomic_write_bytes(path, orjson.dumps(made_file), sync_folder=False)
        except OSError:
            pass  # a read-only store: the answer stands, only uncached
    return made


def cached_ledger(index: CorpusIndex, folder: Path | None, articles: Iterable[str] | None = None) -> list[LedgerRow]:
    """``store.analysis.ledger.ledger``, its rows read from (or written to) the cache in ``folder``."""
    by_article = _rows_by_article(index, folder)
    wanted = articles if articles is not None else index.by_id
    return flag_contradictions([row for aid in wanted for row in by_article.get(aid, ())])
