"""``r``: clusters of reposts → a cluster's copies (earliest ★) → two copies side by side.

Synthetic corpus: r1 (2024-01-10) and its repost r2 (2024-03-05) share three paragraphs; the
fourth is reworded (r1's warning, r2's bystanders), so the diff is 3 same and 1 changed.
"""

from __future__ import annotations

import pytest
from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable, Static

from tests.store.analysis import synthetic
from tests.tui.conftest import open_from_reader, settle
from tests.tui.factory import DocBuilder
from tui.screens.repost_diff_view import RepostDiff
from tui.screens.reposts_view import RepostClusters, RepostCopies
from tui.symbols import DIFF_CHANGED, DIFF_SAME, EARLIEST, LEFT_COPY, RIGHT_COPY


def _plain(table: DataTable) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


def _third_copy():
    r1, _r2 = synthetic.repost_pair()
    b = DocBuilder("r4", "新沟桥街派出所破获电信诈骗案（转载）", "丁台", "2024-04-01")
    for p in r1.paragraphs[:3]:
        b.para(p.text)
    b.para("警方提醒：凡是自称客服要求转账的，一律是诈骗。")
    return b.build()


async def _diff(pilot) -> RepostDiff:
    await open_from_reader(pilot, "r", RepostClusters)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RepostCopies)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RepostDiff)
    return pilot.app.screen


async def test_clusters_copies_and_the_diff(make_app):
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        clusters = _plain(app.screen.query_one(DataTable))
        assert len(clusters) == 1 and clusters[0][0] == "2" and clusters[0][3] == "甲报"
        await pilot.press("enter")
        await settle(pilot)
        copies = _plain(app.screen.query_one(DataTable))
        assert [r[2] for r in copies] == ["甲报", "乙网"]
        assert copies[0][0] == EARLIEST + LEFT_COPY and EARLIEST not in copies[1][0]
        await pilot.press("enter")
        await settle(pilot)
        diff = app.screen
        assert isinstance(diff, RepostDiff) and (diff.left, diff.right) == (0, 1)
        summary = str(diff.query_one("#diff-summary").render())
        assert f"{DIFF_SAME} 3 equal" in summary and f"{DIFF_CHANGED} 1 changed" in summary
        await pilot.press("escape", "o")  # back to the copies; o opens the highlighted copy (r2) in the reader
        await settle(pilot)
        assert app.screen is app.main and app.main.article_id == "r2"


async def test_keys_pick_the_two_copies_never_the_same(make_app):
    app = make_app([*synthetic.docs(), _third_copy()])
    async with app.run_test(size=(140, 30)) as pilot:
        diff = await _diff(pilot)
        assert diff.copies == ["r1", "r2", "r4"] and (diff.left, diff.right) == (0, 1)
        await pilot.press("greater_than_sign")
        assert (diff.left, diff.right) == (0, 2)
        await pilot.press("right_square_bracket")  # the left steps to r2
        assert (diff.left, diff.right) == (1, 2)
        await pilot.press("right_square_bracket")  # r4 is on the right: the left skips it, round to r1
        assert (diff.left, diff.right) == (0, 2)
        await pilot.press("less_than_sign", "less_than_sign")
        assert (diff.left, diff.right) == (0, 2)  # back past r1 (the left copy) to r4
        await settle(pilot)
        names = diff.query_one("#diff-names", Static).content
        assert isinstance(names, Table)
        left, right = (str(column._cells[0]) for column in names.columns)
        assert left.startswith(f"{LEFT_COPY} 1/3 {EARLIEST} 2024-01-10 甲报") and right.startswith(f"{RIGHT_COPY} 3/3 2024-04-01 丁台")


async def test_space_picks_the_left_copy(make_app):
    app = make_app([*synthetic.docs(), _third_copy()])
    async with app.run_test(size=(140, 30)) as pilot:
        await open_from_reader(pilot, "r", RepostClusters)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space", "down", "enter")  # r2 on the left, r4 on the right
        await settle(pilot)
        diff = app.screen
        assert isinstance(diff, RepostDiff) and (diff.left, diff.right) == (1, 2)


@pytest.mark.parametrize("size", [pytest.param((100, 24), id="100x24")])
def test_repost_diff_snapshot(snap_compare, make_app, size):
    async def run_before(pilot):
        await _diff(pilot)

    assert snap_compare(make_app(synthetic.docs()), terminal_size=size, run_before=run_before)


def test_runs_of_the_same_paragraphs_fold_into_one_line():
    from store.analysis.repost_diff import side_by_side
    from tui.screens.repost_diff_view import folded

    lines = side_by_side(["甲", "乙", "丙", "丁", "戊"], ["甲", "乙", "丙", "丁改", "戊"])
    shown = folded(lines)
    assert len(shown) == 3 and shown[0] == (lines[0], lines[2]) and shown[1] is lines[3] and shown[2] is lines[4]


async def test_s_shows_the_folded_paragraphs(make_app):
    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        diff = await _diff(pilot)
        assert diff.fold
        body = diff.query_one("#diff-body", Static).content
        assert isinstance(body, Table) and body.row_count == 3  # ¶1–¶3, "3 paragraphs the same", the changed ¶4
        await pilot.press("s")
        body = diff.query_one("#diff-body", Static).content
        assert not diff.fold and isinstance(body, Table) and body.row_count == 4


async def test_hostile_copies_are_shown_literally(make_app):
    """Markup and an escape in two copies' titles and text: the copies and the diff show them as typed."""
    from tests.tui.factory import ESCAPE, HOSTILE

    r1, _r2 = synthetic.repost_pair()
    copies = []
    for aid, day, extra in (("h1", "01", ""), ("h2", "02", "改")):
        b = DocBuilder(aid, f"{HOSTILE}通报{ESCAPE}", f"[red]{HOSTILE}", f"2024-06-{day}")
        for p in r1.paragraphs[:3]:
            b.para(p.text)
        b.para(f"{HOSTILE}{extra}结束{ESCAPE}")
        copies.append(b.build())
    app = make_app(copies)
    async with app.run_test(size=(140, 30)) as pilot:
        diff = await _diff(pilot)
        names = diff.query_one("#diff-names", Static).content
        assert isinstance(names, Table)
        left = names.columns[0]._cells[0]
        assert HOSTILE in left.plain and "\x1b" not in left.plain and not left.spans
        body = diff.query_one("#diff-body", Static).content
        assert isinstance(body, Table)
        texts = [c for c in body.columns[2]._cells if isinstance(c, Text)]
        assert any(HOSTILE in t.plain for t in texts) and all("\x1b" not in t.plain for t in texts)
