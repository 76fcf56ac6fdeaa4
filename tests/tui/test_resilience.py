"""The reader stays up (issue 11, item 17): a stale search position once killed it, and
any failing handler took the app, and the unsaved reading position, down with it."""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle
from tests.tui.factory import jiangxia, sample_docs
from tests.tui.test_search import search


async def test_a_new_search_with_fewer_hits_after_stepping_through_the_old_one(make_app):
    """The issue's steps: / query ⏎ (1/3), n n (3/3), / other ⏎ (one hit): IndexError in _update_marks."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await search(pilot, "纠纷")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
        screen = app.screen
        assert screen.search_pos == 2 and len(screen.search.hits) == 3
        dialog = await search(pilot, "庙山派出所")
        assert len(dialog.result[1]) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.search_pos == 0 and len(screen.search.hits) == 1
        assert screen.reader.doc.article.id == jiangxia().id
        assert "1/1" in str(screen.query_one("FilterBar").render())
        assert app._exception is None


async def test_the_issue_steps_on_the_seeds(built_home, tmp_path):
    """The same steps on the built seed store, as the issue reported them."""
    import shutil

    from store.db.paths import Home
    from tui.app import create_app

    shutil.copytree(built_home.root, tmp_path / "h")
    app = create_app(Home(tmp_path / "h"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await search(pilot, "反诈")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
        assert "3/3" in str(app.screen.query_one("FilterBar").render())
        await search(pilot, "秒级辨认")
        await pilot.press("enter")
        await settle(pilot)
        assert "1/1" in str(app.screen.query_one("FilterBar").render())


@pytest.fixture
def lenient(monkeypatch):
    """The app as users run it: failures reported, not raised."""
    import tui.guard

    monkeypatch.setattr(tui.guard, "RAISE", False)


def _boom(*args, **kwargs):
    raise RuntimeError("boom in a handler")


def _reported(app) -> list[str]:
    return [n.message for n in app._notifications if "boom in a handler" in n.message]


async def _still_answers(pilot) -> None:
    """The app is up and takes keys: b hides the sidebars, b shows them again."""
    screen = pilot.app.screen
    before = screen.sidebars
    await pilot.press("b")
    await pilot.pause()
    assert screen.sidebars != before
    await pilot.press("b")
    await pilot.pause()
    assert pilot.app.is_running and pilot.app._exception is None


@pytest.mark.parametrize("where", ["action", "result callback", "message handler", "worker callback"])
async def test_a_failing_handler_is_logged_shown_and_survived(make_app, lenient, monkeypatch, where):
    from tui.guard import LOG_NAME
    from tui.screens.main import MainScreen

    app = make_app()
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        if where == "action":
            monkeypatch.setattr(MainScreen, "action_toggle_timeline", _boom)
            await pilot.press("c")
        elif where == "result callback":
            monkeypatch.setattr(MainScreen, "_go_to_hit", _boom)
            await search(pilot, "纠纷")
            await pilot.press("enter")
        elif where == "message handler":
            monkeypatch.setattr(MainScreen, "on_resize", _boom)
            await pilot.resize_terminal(150, 45)
        else:
            monkeypatch.setattr(MainScreen, "_article_loaded", _boom)
            await pilot.press("down", "enter")
        await settle(pilot)
        assert _reported(app), [n.message for n in app._notifications]
        assert app.failures and str(app.failures[-1]) == "boom in a handler"
        await _still_answers(pilot)
    log = (make_app.home.root / LOG_NAME).read_text("utf-8")
    assert "RuntimeError: boom in a handler" in log and "Traceback" in log
    assert (make_app.home.root / LOG_NAME).stat().st_mode & 0o077 == 0
    assert app.return_code in (0, None)


async def test_the_reading_position_is_saved_when_it_changes(make_app, monkeypatch):
    """Not only on leaving the article or quitting: a crash or a kill would lose it."""
    import tui.screens.main
    from store.db.userstore import UserStore

    monkeypatch.setattr(tui.screens.main, "SAVE_AFTER", 0.2)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await pilot.pause(0.6)
        await settle(pilot)
        assert UserStore(make_app.home.user).positions() == {sample_docs()[0].id: 3}
        await pilot.press("j")
        await pilot.pause(0.6)
        await settle(pilot)
        assert UserStore(make_app.home.user).positions() == {sample_docs()[0].id: 4}
