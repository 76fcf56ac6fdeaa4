"""TUI fixtures: an app over an in-memory corpus (no build, no jieba), on a temp home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.factory import sample_docs


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., Any]:
    """``make_app(docs=None)`` -> a BeatApp over those docs with a real user store."""
    from store.corpus.corpus import Corpus
    from store.db.paths import Home
    from store.db.userstore import UserStore
    from tui.app import create_app

    home = Home(tmp_path / "home")
    home.root.mkdir(parents=True, exist_ok=True)

    def make(docs: list[dict[str, Any]] | None = None, user: bool = True, coder: str | None = "测试员") -> Any:
        store = UserStore(home.user) if user else None
        if store is not None and coder and store.get_setting("coder") is None:
            store.set_setting("coder", coder)  # the reader asks once per data home; coder=None tests the asking
        return create_app(home, Corpus.from_docs(docs if docs is not None else sample_docs(), store))

    make.home = home  # type: ignore[attr-defined]
    return make


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's ``snap_compare``, with every text field's cursor steady.

    A focused field's cursor blinks every 0.5 s and restarts on a key, so a picture taken
    more than half a second after the last key shows it or not by timing: a loaded CI
    run took the unit picker's mid-blink (its query field keeps the focus) and failed.
    ``run_before`` is a coroutine function, as every snapshot test here writes it.
    """
    from textual.widgets import Input

    def compare(app: Any, *, run_before: Callable[[Any], Any] | None = None, **options: Any) -> bool:
        async def steady(pilot: Any) -> None:
            if run_before is not None:
                await run_before(pilot)
            for field in pilot.app.screen.query(Input):
                field.cursor_blink = False  # shows the cursor and stops the timer
            await pilot.pause()

        return snap_compare(app, run_before=steady, **options)

    return compare


async def settle(pilot: Any) -> None:
    """Let workers finish and the screen catch up."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # a dialog closed while its worker ran
            pass
        await pilot.pause()


async def open_from_reader(pilot: Any, key: str, screen_type: type) -> Any:
    """Press ``key`` in the reader and return the screen it opened, checked to be a ``screen_type``."""
    await settle(pilot)
    pilot.app.main.reader.focus()
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, screen_type)
    return pilot.app.screen


async def tables_on(pilot: Any, query: str) -> Any:
    """The analysis tables as the reader opens them with ``query`` searched, filled in."""
    from tui.screens.analysis_tables import AnalysisTables

    await settle(pilot)
    pilot.app.push_screen(AnalysisTables(pilot.app.workspace, pilot.app.index, query))
    await settle(pilot)
    return pilot.app.screen


@pytest.fixture(autouse=True)
def _failures_fail_tests(monkeypatch):
    """The app reports a failing handler and runs on (tui.guard); a test must still fail on it."""
    import tui.guard

    monkeypatch.setattr(tui.guard, "RAISE", True)
