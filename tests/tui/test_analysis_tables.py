"""``A``: the analysis tables (ledger, units × month, co-occurrence, reposts) from the keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from store.analysis.ledger import ledger
from tests.store.analysis import synthetic
from tests.tui.conftest import settle
from tests.tui.factory import hostile
from tui.screens.analysis_tables import AnalysisTables

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


async def _open(pilot) -> AnalysisTables:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AnalysisTables)
    return pilot.app.screen


async def test_tables_hold_the_known_answers_and_open_a_figure(make_app):
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _open(pilot)
        figures = screen.query_one("#table-figures", DataTable)
        rows = ledger(screen.index)
        assert figures.row_count == len(rows) == 5
        flagged = [str(figures.get_row_at(i)[6]) for i in range(figures.row_count)]
        assert sorted(f for f in flagged if f) == ["contradicts f1:0:15", "contradicts f2:0:15"]
        assert screen.query_one("#table-reposts", DataTable).row_count == 1  # r1 and its repost r2
        assert screen.query_one("#table-cooccur", DataTable).row_count == 3
        figures.focus()
        figures.move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AnalysisTables)
        assert (pilot.app.screen.article_id, pilot.app.screen.reader.cursor) == (rows[2].article, rows[2].paragraph)


async def test_hostile_text_is_shown_literally(make_app):
    app = make_app([*synthetic.docs(), hostile()])
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _open(pilot)
        units = screen.query_one("#table-units", DataTable)
        names = [units.get_row_at(i)[0] for i in range(units.row_count)]
        (shown,) = [n for n in names if "注入派出所" in n.plain]
        assert "[/]注入派出所[bold]" in shown.plain
        assert not shown.spans and "\x1b" not in shown.plain  # no markup applied, no escape left


@pytest.mark.parametrize("size", SIZES)
def test_analysis_tables_snapshot(snap_compare, make_app, size):
    async def run_before(pilot):
        await _open(pilot)

    assert snap_compare(make_app(synthetic.docs()), terminal_size=size, run_before=run_before)
