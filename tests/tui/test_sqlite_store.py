"""The reader on the SQLite store (issue 18): the same flows as on TinyDB.

The unit-filter and timeline pilot tests run again here with every store written on
SQLite (the size threshold moved to 0), so the list, the filter, the picker's counts
and the unit timeline go through the SQL answers and the lazily read list; and the
reader opens a real data home converted with ``beat convert-store sqlite``.
"""

from __future__ import annotations

import shutil

import pytest

from store.db import derived_api
from tests.tui import test_timeline, test_units
from tests.tui.conftest import settle


@pytest.fixture(autouse=True)
def _on_sqlite(monkeypatch):
    monkeypatch.setattr(derived_api, "SQLITE_FROM", 0)


def _again(module):
    return {name: fn for name, fn in vars(module).items() if name.startswith("test_") and callable(fn)}


globals().update({f"{name}_on_sqlite": fn for name, fn in _again(test_units).items()})
globals().update({f"{name}_on_sqlite": fn for name, fn in _again(test_timeline).items()})


async def test_the_reader_opens_a_converted_home_and_filters_it(built_home, tmp_path):
    from store.db import derived
    from store.db.paths import Home
    from tui.app import create_app
    from tui.cli.main import main

    home = Home(tmp_path / "home")
    shutil.copytree(built_home.root, home.root)
    assert main(["convert-store", "sqlite", "--home", str(home.root)]) == 0
    store = derived.load(home.root)
    assert store.backend() == "sqlite" and not isinstance(store.rows, list)
    store.close()
    app = create_app(home)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        listed = screen.articles.articles
        assert len(listed) == 5 and not isinstance(listed, list)  # read a page at a time
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.doc is not None and screen.reader.doc.article.id == listed[0].id
        busiest = max(screen.index.units.values(), key=lambda u: u.articles)
        from store.corpus.query import UnitFilter

        screen.unit_filter = UnitFilter(frozenset({busiest.key}), True)  # watched: the list is filtered
        await settle(pilot)
        shown = [a.id for a in screen.articles.articles]
        assert shown and len(shown) == len(screen.index.filtered(screen.unit_filter))
        assert set(shown) == {aid for k in screen.index.expand(screen.unit_filter) for aid in screen.index.unit_articles.get(k, ())}
