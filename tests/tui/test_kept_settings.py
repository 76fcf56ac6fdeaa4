"""What the reader keeps across restarts, beside the theme (issue 16 bug 5): highlight toggles 1–6
and the open article, in the user store's settings."""

from __future__ import annotations

from store.db.userstore import UserStore
from tests.tui.conftest import settle
from tests.tui.factory import sample_docs


async def test_highlight_toggles_and_the_open_article_survive_a_restart(make_app):
    second = sample_docs()[1].id
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("2", "4")  # person and org off
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen.article_id == second
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert again.screen.hidden_types == frozenset({"person", "org"})
        assert again.screen.article_id == second
        assert again.screen.reader.doc.article.id == second


async def test_a_saved_article_that_is_gone_falls_back_to_the_first(make_app):
    store = UserStore(make_app.home.user)
    store.set_setting("article", "no-such-article")
    store.set_setting("hidden_types", ["person", "not-a-kind"])
    store.close()
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.screen.article_id == sample_docs()[0].id
        assert app.screen.hidden_types == frozenset({"person"})
        assert not app.failures
