"""A build that adds articles to a SQLite store carries the old rows over in SQL (issue 18).

The kept rows never pass through Python (``store.db.derived_api.KeptRow``), so these
tests hold the incremental build to the full one: the same rows, units, text and
bodies as a build from nothing, whichever store it writes.
"""

from __future__ import annotations

import os

import pytest

from store.db import derived
from store.db.derived_api import KeptRow
from store.db.paths import Home
from store.ingest.importer import import_paths
from store.workspace import ensure_built
from tests.store.ingest.conftest import copy_home

NEW = {
    "a.txt": "市公安局交警支队开展夜查行动\n\n2024年5月2日晚，市公安局交警支队在城区主干道设卡检查，查处酒驾3起。\n",
    "b.txt": "县公安局破获一起电信诈骗案\n\n2023年11月8日，县公安局刑侦大队民警在走访中发现线索，为群众挽回损失2万元。\n",
}


def contents(home: Home) -> dict:
    store = derived.load(home.root)
    assert store is not None
    try:
        rows = list(store.rows)
        return {
            "rows": rows,
            "units": store.units,
            "text": bytes(store.text),
            "body": bytes(store.body),
            "parsed": [store.parsed(i) for i in range(len(rows))],
            "backend": store.backend(),
        }
    finally:
        store.close()


@pytest.fixture
def sqlite_home(seeded, tmp_path) -> Home:
    """The seed home on the SQLite store (the user's choice, kept by later builds), one import in."""
    derived.convert(seeded.root, "sqlite")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.txt").write_text(NEW["b.txt"], encoding="utf-8")
    import_paths(seeded, [tmp_path / "in" / "b.txt"])
    assert ensure_built(seeded).built
    return seeded


def test_adding_articles_keeps_the_old_rows_by_reference_and_equals_a_full_build(sqlite_home, tmp_path):
    old = derived.load(sqlite_home.root)
    assert old is not None and all(isinstance(row, KeptRow) for row in old.kept_rows())
    old.close()
    (tmp_path / "in" / "a.txt").write_text(NEW["a.txt"], encoding="utf-8")
    import_paths(sqlite_home, [tmp_path / "in" / "a.txt"])
    source = next(p for p in sqlite_home.sources.iterdir() if p.read_text(encoding="utf-8") == NEW["b.txt"])
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))  # same bytes, new stamp
    full = copy_home(sqlite_home, tmp_path / "full")
    report = ensure_built(sqlite_home)
    assert report.built and report.analysed == 1 and report.articles == 7
    assert ensure_built(full, force=True).analysed == 7
    incremental, rebuilt = contents(sqlite_home), contents(full)
    assert incremental == rebuilt and incremental["backend"] == "sqlite"
    moved = next(row for row in incremental["rows"] if row.stored == f"sources/{source.name}")
    assert moved.stamp.endswith(str(source.stat().st_mtime_ns))  # the kept row took its new stamp


def test_kept_rows_written_to_tinydb_are_decoded(sqlite_home, tmp_path):
    """A SQLite store's rows written as TinyDB (``beat build --store tinydb``) come out whole."""
    from store.ingest.build import build_if_due

    (tmp_path / "in" / "a.txt").write_text(NEW["a.txt"], encoding="utf-8")
    import_paths(sqlite_home, [tmp_path / "in" / "a.txt"])
    full = copy_home(sqlite_home, tmp_path / "full")
    assert build_if_due(sqlite_home, store="tinydb").analysed == 1
    assert build_if_due(full, store="tinydb", force=True).analysed == 7
    incremental, rebuilt = contents(sqlite_home), contents(full)
    assert incremental == rebuilt and incremental["backend"] == "tinydb"


def test_a_build_and_its_reanchoring_walk_no_row_of_the_sqlite_store(sqlite_home, tmp_path, monkeypatch):
    """Walking ``rows`` on SQLite decodes each (0.2 ms a row): 21 s at 100,000 per build, twice."""
    from store.corpus.tags import TagBook
    from store.db.derived_sqlite import LazyRows
    from store.db.userstore import UserStore

    store = derived.load(sqlite_home.root)
    assert store is not None
    texts = store.paragraph_texts(0)
    user = UserStore(sqlite_home.user)
    TagBook(user).add(store.rows[0].id, texts, 0, 0, 2, ["甲"])
    user.close()
    store.close()

    def walked(self):
        raise AssertionError("a build walked every row")

    monkeypatch.setattr(LazyRows, "__iter__", walked)
    (tmp_path / "in" / "a.txt").write_text(NEW["a.txt"], encoding="utf-8")
    import_paths(sqlite_home, [tmp_path / "in" / "a.txt"])
    report = ensure_built(sqlite_home)
    assert report.built and report.analysed == 1 and (report.moved, report.orphaned) == (0, 0)
