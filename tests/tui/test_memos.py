"""``enter`` in the reader shows the memos of the passage's tags in full (issue 16, friction 10)."""

from __future__ import annotations

from textual.widgets import Static

from tests.tui.conftest import settle
from tests.tui.test_tagging import open_first, tag
from tui.dialogs.memo_view import MemoView


async def test_enter_shows_the_passage_memo_and_the_tag_memo(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await tag(pilot, "纠纷", "学生转学后回访一次")
        app.workspace.set_tag_memo("纠纷", "群众之间或群众与单位之间的矛盾")
        await settle(pilot)
        assert app.screen.reader.has_focus
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, MemoView)
        body = str(view.query_one("#memo-body", Static).render())
        assert "纠纷" in body and "学生转学后回访一次" in body and "群众之间或群众与单位之间的矛盾" in body
        assert "Memos on ¶3" in str(view.query_one(Static).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, MemoView)


async def test_enter_on_an_untagged_passage_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, MemoView)
        assert any("No tags on this passage" in n.message for n in app._notifications)
