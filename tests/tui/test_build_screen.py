"""First launch: the store is built in a worker behind a progress bar; errors are listed."""

from __future__ import annotations

import threading

import store.workspace
from store.db import derived
from store.db.paths import Home
from store.ingest.build import BuildReport
from tests.tui.conftest import settle
from tests.tui.factory import sample_docs
from tui.app import create_app


def fake_build(home: Home, errors: list[tuple[str, str]], seen: dict) -> object:
    def ensure_built(h, progress=None, force=False):
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        for i in range(4):
            progress(i, 3, f"file{i}.txt")
        derived.write(h.root, {}, sample_docs(), rank=lambda row: row.path)
        return BuildReport(True, "first launch", articles=3, analysed=3, seconds=0.1, errors=errors)

    return ensure_built


async def test_first_launch_builds_in_a_worker_then_opens_the_store(tmp_path, monkeypatch):
    seen: dict = {}
    home = Home(tmp_path / "h")
    monkeypatch.setattr(store.workspace, "ensure_built", fake_build(home, [], seen))
    app = create_app(home)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert seen["thread"], "the build ran on the UI thread"
        assert app.screen is app.main
        assert len(app.main.articles.articles) == 3
        assert any("Store built" in n.message for n in app._notifications)


async def test_build_errors_are_listed_and_enter_continues(tmp_path, monkeypatch):
    home = Home(tmp_path / "h")
    errors = [("sources/bad.html", "no article text found"), ("sources/[/]x.txt", "cannot decode")]
    monkeypatch.setattr(store.workspace, "ensure_built", fake_build(home, errors, {}))
    app = create_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "BuildScreen"
        listed = str(screen.query_one("#build-error-list").render())
        assert "sources/bad.html: no article text found" in listed
        assert "sources/[/]x.txt: cannot decode" in listed
        assert "3/3" in str(screen.query_one("#build-current").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and len(app.main.articles.articles) == 3
