"""``m``: the co-occurrence matrix; enter on a cell lists its passages, enter there opens the reader at one.

Synthetic corpus (tests/store/analysis/synthetic.py): 青山区分局 in 5 paragraphs, 新沟桥街派出所
in 3 (all shared with 青山区分局), 庙山派出所 in 1 (r3 ¶2, shared with both).
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList

from tests.store.analysis import synthetic
from tests.tui.conftest import open_from_reader, settle
from tests.tui.factory import hostile
from tui.screens.cooccurrence_view import CooccurrenceView, shade
from tui.screens.pair_passages import PairPassages

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


def _rows(table: DataTable) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _open(pilot) -> CooccurrenceView:
    return await open_from_reader(pilot, "m", CooccurrenceView)


def test_shading_steps_by_quarters_of_the_peak():
    assert shade(0, 9) == "dim" and shade(3, 0) == "dim"
    assert [shade(n, 9) for n in (1, 3, 4, 6, 7, 9)] == [
        "bold on #23395b", "bold on #23395b", "bold on #2f5588", "bold on #2f5588", "bold on #3f72b5", "bold on #3f72b5"]


async def test_matrix_cell_to_passages_to_the_reader(make_app):
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _open(pilot)
        table = screen.query_one(DataTable)
        rows = _rows(table)
        assert [r[1:] for r in rows] == [["5", "3", "1"], ["3", "3", "1"], ["1", "1", "1"]]
        assert rows[2][0] == " 3 庙山派出所 (1)"
        table.move_cursor(row=2, column=2)  # 庙山派出所 × 新沟桥街派出所: r3's second paragraph only
        await pilot.pause()
        assert "庙山派出所 × 新沟桥街派出所: 1" in str(screen.query_one("#co-status").render())
        await pilot.press("enter")
        await settle(pilot)
        passages = pilot.app.screen
        assert isinstance(passages, PairPassages)
        assert passages.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is app.main
        assert (app.main.article_id, app.main.reader.cursor) == ("r3", 1)


async def test_pairs_switch_kind_scope_and_export(make_app, tmp_path):
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _open(pilot)
        await pilot.press("p")
        await settle(pilot)
        pairs = _rows(screen.query_one(DataTable))
        assert [r[0] for r in pairs] == ["3", "1", "1"] and pairs[0][2:] == ["青山区分局", "新沟桥街派出所"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(OptionList).option_count == 3  # r1 ¶1, r2 ¶1, r3 ¶2
        await pilot.press("escape")
        await pilot.press("p", "s")  # back to the matrix, by article
        await settle(pilot)
        assert screen.scope == "article" and not screen.show_pairs
        assert _rows(screen.query_one(DataTable))[0][1:] == ["5", "3", "1"]
        await pilot.press("k")  # tags × units: no tags yet
        await settle(pilot)
        assert "nothing co-occurs (tag passages first)" in str(screen.query_one("#co-status").render())
        await pilot.press("k", "k")
        await settle(pilot)
        header, body = screen.shown_table()
        assert header == ["", "青山区分局", "新沟桥街派出所", "庙山派出所"] and body[1] == ["新沟桥街派出所", 3, 3, 1]
        await pilot.press("e")
        await settle(pilot)
        prompt = app.screen.query_one(Input)
        prompt.value = str(tmp_path / "m.csv")
        await pilot.press("enter")
        await settle(pilot)
        text = (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
        assert text.splitlines()[0] == ",青山区分局,新沟桥街派出所,庙山派出所"


async def test_per_cluster_counts_the_repost_once(make_app):
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _open(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert _rows(screen.query_one(DataTable))[0][1:] == ["4", "2", "1"]  # r2, r1's repost, not counted


async def test_unit_names_are_never_markup(make_app):
    app = make_app([*synthetic.docs(), hostile()])
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await _open(pilot)
        table = screen.query_one(DataTable)
        labels = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert any("[/]" in label.plain for label in labels)
        assert all("\x1b" not in label.plain for label in labels)


@pytest.mark.parametrize("size", SIZES)
def test_cooccurrence_snapshot(snap_compare, make_app, size):
    async def run_before(pilot):
        await _open(pilot)

    assert snap_compare(make_app(synthetic.docs()), terminal_size=size, run_before=run_before)


async def test_the_new_views_are_in_help_and_the_palette_on_keys_of_their_own(make_app):
    from tui.app import binding_groups

    groups = dict(binding_groups())
    assert {"Co-occurrence (m)", "Reposts (r)", "Two copies side by side (enter on a copy)"} <= set(groups)
    taken = [k.strip() for where, bindings in groups.items() if where in (
        "Anywhere", "Main screen", "Reader (centre)", "Article list (left)", "Timeline (right)") for b in bindings
        for k in b.key.split(",")]
    assert taken.count("m") == 1 and taken.count("r") == 1  # a key of their own wherever the reader has focus
    app = make_app(synthetic.docs())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.main)]
        assert "Co-occurrence (m)" in titles and "Reposts (r)" in titles


async def test_tags_by_units_from_the_readers_own_tags(make_app):
    """诈骗 tags r1 ¶1 (青山区分局, 新沟桥街派出所), 宣传 tags r3 ¶2 (those two and 庙山派出所)."""
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        app.workspace.tag_spans([("r1", 0, 0, 10)], ["诈骗"])
        app.workspace.tag_spans([("r3", 1, 0, 5)], ["宣传"])
        screen = await _open(pilot)
        await pilot.press("k")
        await settle(pilot)
        rows = _rows(screen.query_one(DataTable))
        assert [r[0].split()[1] for r in rows] == ["宣传", "诈骗"]
        assert [r[1:] for r in rows] == [["1", "1", "1"], ["1", "1", "·"]]
        screen.query_one(DataTable).move_cursor(row=0, column=3)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert (app.main.article_id, app.main.reader.cursor) == ("r3", 1)
