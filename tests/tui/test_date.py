"""``d``: set or clear an article's reference date; events are re-resolved against it."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import settle
from tests.tui.factory import qingshan
from tui.dialogs.date_dialog import DateDialog


async def open_dialog(pilot) -> DateDialog:
    await pilot.press("d")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, DateDialog)
    return dialog


async def test_an_invalid_date_is_refused_with_a_message(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        await pilot.press(*"2025-02-30", "enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "YYYY-MM-DD" in str(dialog.query_one("#date-error").render())
        assert app.index.corpus.user.reference_dates() == {}


async def test_setting_a_date_re_resolves_the_events(make_app):
    app = make_app()
    aid = qingshan().id
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await pilot.press(*"2023-05-01", "enter")
        await settle(pilot)
        assert app.index.corpus.user.reference_dates() == {aid: "2023-05-01"}
        assert app.index.corpus.reference(aid) == ("2023-05-01", "user")
        header = str(app.screen.query_one("ArticleHeader").render())
        assert "reference 2023-05-01 (set by you)" in header
        # The store's time normaliser re-read the text against 2023: "今年2月" is now 2023-02.
        events = app.screen.reader.doc.events
        assert any(ev.text == "今年2月" and ev.date_start and ev.date_start.startswith("2023-02") for ev in events)
        assert any(r.when.startswith("2023-02") for r in app.screen.timeline.rows)


async def test_an_empty_date_clears_the_override(make_app):
    app = make_app()
    aid = qingshan().id
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.index.corpus.set_reference(aid, "2023-05-01")
        dialog = await open_dialog(pilot)
        assert dialog.query_one(Input).value == "2023-05-01"
        dialog.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert app.index.corpus.user.reference_dates() == {}
        assert app.index.corpus.reference(aid)[1] != "user"


async def test_escape_cancels(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await pilot.press(*"2023-05-01", "escape")
        await settle(pilot)
        assert app.index.corpus.user.reference_dates() == {}
