"""The analysis tables' "Over time" tab: the reader's search or unit filter per month, with bars."""

from __future__ import annotations

from textual.widgets import DataTable, Sparkline

from store.corpus.query import UnitFilter
from tests.store.analysis import synthetic
from tests.tui.conftest import settle, tables_on
from tests.tui.factory import MIAOSHAN
from tui.screens.analysis_over_time import bar, month_range
from tui.screens.analysis_tables import AnalysisTables


def test_bar_is_scaled_in_eighths_and_never_empty_for_a_count():
    assert bar(0, 10) == "" and bar(3, 0) == ""
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 10, 4) == "▍"  # 3.2 eighths round to 3: ▍ is 3/8 of a column
    assert bar(1, 1000, 4) == "▏"  # too small to see still shows


def test_month_range_fills_gaps_across_a_year_and_keeps_undated_last():
    assert month_range(["2023-11", "undated", "2024-02"]) == ["2023-11", "2023-12", "2024-01", "2024-02", "undated"]
    assert month_range([]) == []


def _rows(table: DataTable) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_search_is_counted_per_month_with_the_empty_month_between(make_app):
    """Synthetic corpus: 诈骗 3 times in r1 (2024-01), 2 in r2 (2024-03), none in February's r3."""
    app = make_app(synthetic.docs())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await tables_on(pilot, "诈骗")
        rows = _rows(screen.query_one("#table-time", DataTable))
        assert [r[:2] for r in rows] == [["2024-01", "3"], ["2024-02", "0"], ["2024-03", "2"]]
        assert rows[0][2] == "█" * 16 and rows[1][2] == "" and 0 < len(rows[2][2]) < 16
        assert list(screen.query_one("#time-spark", Sparkline).data) == [3, 0, 2]
        assert "hits of 诈骗" in str(screen.query_one("#time-caption").render())


async def test_a_unit_filter_is_counted_when_there_is_no_search(make_app):
    """庙山派出所 is mentioned only in r3 (2024-02): one month, its mentions, from the reader's filter via a."""
    app = make_app(synthetic.docs())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        (key,) = [u.key for u in app.index.units.values() if MIAOSHAN.endswith(u.name) and "庙山" in u.name]
        app.main.unit_filter = UnitFilter(frozenset({key}), True)
        await settle(pilot)
        app.main.reader.focus()
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnalysisTables)
        table = screen.query_one("#table-time", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["month", "n", app.index.unit_name(key)]
        rows = _rows(table)
        assert [r[0] for r in rows] == ["2024-02"] and int(rows[0][1]) >= 1


def test_over_time_snapshot(snap_compare, make_app):
    async def run_before(pilot):
        await tables_on(pilot, "诈骗")
        pilot.app.screen.query_one("TabbedContent").active = "tab-time"
        await settle(pilot)

    assert snap_compare(make_app(synthetic.docs()), terminal_size=(100, 24), run_before=run_before)


async def test_a_search_that_looks_like_markup_heads_its_column_literally(make_app):
    """The header is the user's search: read as markup, ``[/]`` raised MarkupError and the tables never filled."""
    app = make_app(synthetic.docs())
    async with app.run_test(size=(120, 30)) as pilot:
        await tables_on(pilot, "[/]诈骗[bold]")
        table = app.screen.query_one("#table-time", DataTable)
        assert [c.label.plain for c in table.columns.values()] == ["month", "n", "[/]诈骗[bold]"]
        assert app.screen.query_one("#table-reposts", DataTable).row_count == 1  # the later tabs filled in too


async def test_y_switches_week_month_year_and_e_exports_the_counts(make_app, tmp_path):
    """诈骗: r1 (2024-01-10, ISO week 2) 3 hits, r2 (2024-03-05, week 10) 2: nine weeks, or one year of 5."""
    import json

    from textual.widgets import Input

    app = make_app(synthetic.docs())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await tables_on(pilot, "诈骗")
        screen.query_one("TabbedContent").active = "tab-time"
        await pilot.press("y")  # month → year
        await settle(pilot)
        assert [r[:2] for r in _rows(screen.query_one("#table-time", DataTable))] == [["2024", "5"]]
        table = screen.query_one("#table-time", DataTable)
        assert [c.label.plain for c in table.columns.values()][0] == "year"
        await pilot.press("y")  # year → week
        await settle(pilot)
        weeks = _rows(screen.query_one("#table-time", DataTable))
        assert [r[0] for r in weeks] == [f"2024-W{w:02d}" for w in range(2, 11)]
        assert [r[1] for r in weeks] == ["3", *["0"] * 7, "2"]
        assert "Per week" in str(screen.query_one("#time-caption").render())
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(Input).value = str(tmp_path / "weeks.json")
        await pilot.press("enter")
        await settle(pilot)
        written = json.loads((tmp_path / "weeks.json").read_text(encoding="utf-8"))
        assert written[0] == {"week": "2024-W02", "诈骗": 3} and len(written) == 9
        await pilot.press("y")  # week → month, as it opened
        await settle(pilot)
        assert len(_rows(screen.query_one("#table-time", DataTable))) == 3
