"""``K``: the concordance view (keyword in context) from the keyboard, and its snapshot."""

from __future__ import annotations

import pytest

from store.analysis.search import search
from store.text.charclass import width
from tests.tui.conftest import settle
from tui.screens.concordance import Concordance

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


async def _query(pilot, text: str) -> Concordance:
    """Open the view with ``K`` from the reading screen, run ``text``; the view."""
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    field = pilot.app.screen.query_one("#kwic-query")
    field.cursor_blink = False
    field.value = text
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, Concordance)
    return pilot.app.screen


async def test_concordance_lists_hits_sorts_and_opens_the_passage(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _query(pilot, "派出所")
        expected = search(screen.index, "派出所")
        assert [ln.hit for ln in screen.shown] == expected
        assert len({width(ln.left) for ln in screen.shown}) == 1  # the keyword column lines up
        await pilot.press("s")  # right1
        await settle(pilot)
        assert [ln.right_full for ln in screen.shown] == sorted(ln.right_full for ln in screen.found)
        target = screen.shown[0].hit
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, Concordance)
        assert pilot.app.screen.article_id == target.article and pilot.app.screen.reader.cursor == target.paragraph


async def test_a_bad_query_says_where_and_keeps_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _query(pilot, "派出所 AND (民警")
        status = str(screen.query_one("#kwic-status").render())
        assert "never closed" in status and "character 9" in status
        assert screen.query_one("#kwic-query").cursor_position == 8
        await pilot.press("escape")  # the field has focus: escape leaves the view from there too
        await settle(pilot)
        assert not isinstance(pilot.app.screen, Concordance)


def test_concordance_is_listed_in_help():
    from tui.app import binding_groups

    groups = dict(binding_groups())
    assert "Concordance (w)" in groups
    from tui.screens.main import MainScreen

    assert any(b.action == "concordance" for b in MainScreen.BINDINGS if hasattr(b, "action"))


@pytest.mark.parametrize("size", SIZES)
def test_concordance_snapshot(snap_compare, make_app, size):
    async def run_before(pilot):
        await _query(pilot, "派出所")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


async def test_save_the_query_and_find_it_in_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await _query(pilot, "派出所 NOT 民警")
        await pilot.press("ctrl+s")
        await settle(pilot)
        pilot.app.screen.query_one("Input").value = "派出所无民警"
        await pilot.press("enter")
        await settle(pilot)
        assert [(s.name, s.query) for s in pilot.app.workspace.searches()] == [("派出所无民警", "派出所 NOT 民警")]
        await pilot.press("escape")
        await settle(pilot)
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Saved search: 派出所无民警" in titles
        (command,) = [c for c in pilot.app.get_system_commands(pilot.app.screen) if c.title == "Saved search: 派出所无民警"]
        command.callback()
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, Concordance) and screen.query_one("#kwic-query").value == "派出所 NOT 民警"
        assert [ln.hit for ln in screen.found] == search(screen.index, "派出所 NOT 民警")


async def test_export_the_lines_as_shown(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _query(pilot, "派出所")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("Input").value = str(tmp_path / "kwic.json")
        await pilot.press("enter")
        await settle(pilot)
        import json

        written = json.loads((tmp_path / "kwic.json").read_text("utf-8"))
        assert [(d["article"], d["index"], d["paragraph"] - 1, d["start"]) for d in written] == [
            (ln.hit.article, ln.hit.paragraph, ln.hit.paragraph, ln.hit.start) for ln in screen.shown
        ]


async def test_mark_several_hits_and_tag_them_in_one_undoable_write(make_app):
    """space marks hits (● in the margin), t tags each marked keyword span; one ctrl+z takes all of them back."""
    from tui.dialogs.tag_dialog import TagDialog

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _query(pilot, "派出所")
        assert len(screen.shown) >= 3
        await pilot.press("space", "down", "space")  # mark the 1st (space steps on), skip the 2nd, mark the 3rd
        await settle(pilot)
        wanted = {screen.shown[0].hit, screen.shown[2].hit}
        assert screen.marked == wanted
        view = screen.query_one("#kwic-lines")
        assert str(view.get_option_at_index(0).prompt).startswith("●")
        assert not str(view.get_option_at_index(1).prompt).startswith("●")
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TagDialog)
        dialog.query_one("#tag-names").value = "纠纷"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and not screen.marked
        codings = app.workspace.codings()
        assert {(c.article, c.paragraph, c.start, c.end) for c in codings} == {
            (h.article, h.paragraph, h.start, h.end) for h in wanted
        }
        assert {c.tag for c in codings} == {"纠纷"} and all(c.quote == "派出所" for c in codings)
        await pilot.press("ctrl+z")  # from the concordance itself: one step for both
        await settle(pilot)
        assert app.workspace.codings() == []
        assert app.workspace.undo() is None


async def test_t_without_marks_tags_the_highlighted_hit(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _query(pilot, "派出所")
        await pilot.press("down", "t")
        await settle(pilot)
        app.screen.query_one("#tag-names").value = "走访"
        await pilot.press("enter")
        await settle(pilot)
        hit = screen.shown[1].hit
        assert [(c.article, c.paragraph, c.start, c.end) for c in app.workspace.codings()] == [
            (hit.article, hit.paragraph, hit.start, hit.end)
        ]


async def test_per_cluster_counts_the_repost_once(make_app):
    """r2 is r1's repost: 诈骗 has 3 hits in r1 and 2 in r2; per cluster (``c``) only r1's 3, as ``beat kwic --per-cluster``."""
    from tests.store.analysis import synthetic

    app = make_app(synthetic.docs())
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _query(pilot, "诈骗")
        every = {ln.hit.article for ln in screen.found}
        assert {"r1", "r2"} <= every
        await pilot.press("c")
        await settle(pilot)
        assert len(screen.found) == len(search(screen.index, "诈骗")) - 2 == 3
        assert "r2" not in {ln.hit.article for ln in screen.found} and "r1" in {ln.hit.article for ln in screen.found}
        assert "per cluster" in str(screen.query_one("#kwic-status").render())
        await pilot.press("c")
        await settle(pilot)
        assert len(screen.found) == len(search(screen.index, "诈骗"))
        assert "per cluster" not in str(screen.query_one("#kwic-status").render())
