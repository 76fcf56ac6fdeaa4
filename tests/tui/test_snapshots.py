"""SVG snapshots of the main screens at 80×24 and 160×45 (the main screen also at 40×12, in dark
and light themes), from fixed in-memory data.

Regenerate after an intended change with
``.venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the
report (``snapshot_report.html``) before committing the new SVGs.
"""

from __future__ import annotations

import asyncio

import pytest

from store.corpus.query import UnitFilter
from tests.tui.conftest import settle
from tests.tui.factory import XINGOUQIAO

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


MAIN_SIZES = [*SIZES, pytest.param((40, 12), id="40x12")]
THEMES = [pytest.param("textual-dark", id="dark"), pytest.param("textual-light", id="light")]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", MAIN_SIZES)
def test_main_screen(snap_compare, make_app, size, theme):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.theme = theme
        await pilot.press("enter", "j", "j")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_unit_filter_and_corpus_timeline(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO}), True)
        await settle(pilot)
        await pilot.press("c", "tab", "n")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_unit_picker(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("q", "s", "space")
        await settle(pilot)
        await asyncio.sleep(0.6)  # as a loaded run: past the cursor's blink (the fixture keeps it steady)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_search_dialog(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        query = pilot.app.screen.query_one("Input")
        query.value = "糾紛"
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=run_before)


def test_original_script(snap_compare, make_app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("down", "enter", "o")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)
