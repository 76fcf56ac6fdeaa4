"""``A``: the analysis tables (ledger, units × month, co-occurrence, reposts) from the keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from store.analysis.ledger import ledger
from tests.store.analysis import synthetic
from tests.tui.conftest import open_from_reader, settle, tables_on
from tests.tui.factory import hostile
from tui.screens.analysis_tables import AnalysisTables

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


async def _open(pilot) -> AnalysisTables:
    return await open_from_reader(pilot, "a", AnalysisTables)


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


async def test_per_cluster_counts_the_repost_once_in_every_tab(make_app):
    """r2 is r1's repost: per cluster, 诈骗 has r1's 3 hits, and units share 2 paragraphs, not 3."""
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await tables_on(pilot, "诈骗")
        await pilot.press("c")
        await settle(pilot)
        time = screen.query_one("#table-time", DataTable)
        assert [time.get_row_at(i)[1].plain for i in range(time.row_count)] == ["3"]
        pairs = screen.query_one("#table-cooccur", DataTable)
        assert pairs.get_row_at(0)[0].plain == "2"
        assert "per cluster" in str(screen.query_one("#time-caption").render())
        await pilot.press("c")
        await settle(pilot)
        assert screen.query_one("#table-cooccur", DataTable).get_row_at(0)[0].plain == "3"


async def test_enter_on_a_pair_lists_its_passages_and_on_a_cluster_its_copies(make_app):
    from tui.screens.pair_passages import PairPassages
    from tui.screens.reposts_view import RepostCopies

    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _open(pilot)
        from textual.widgets import OptionList, TabbedContent

        screen.query_one(TabbedContent).active = "tab-cooccur"
        screen.query_one("#table-cooccur", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PairPassages) and app.screen.query_one(OptionList).option_count == 3
        await pilot.press("escape")
        await settle(pilot)
        screen.query_one(TabbedContent).active = "tab-reposts"
        screen.query_one("#table-reposts", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RepostCopies) and app.screen.cluster.articles == ("r1", "r2")
        await pilot.press("o")  # the highlighted copy, r2, opens in the reader through the tables
        await settle(pilot)
        assert app.screen is app.main and app.main.article_id == "r2"
