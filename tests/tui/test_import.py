"""``i`` imports from inside the reader: path completion, a worker with progress, errors in the dialog."""

from __future__ import annotations

import shutil

from textual.widgets import Input

from store.db.paths import Home
from store.db.userstore import UserStore
from tests.pages import PAGE, TITLE
from tests.tui.conftest import settle
from tui.app import create_app
from tui.dialogs.import_dialog import ImportDialog, complete_path


async def open_import(pilot) -> ImportDialog:
    await pilot.press("i")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    return dialog


async def test_i_imports_a_page_and_the_list_shows_it(built_home, tmp_path):
    """The reader held the home, so ``beat import`` was refused until the user quit (issue 16, friction 7)."""
    home = Home(tmp_path / "home")
    shutil.copytree(built_home.root, home.root)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "summer-patrol.html").write_text(PAGE, encoding="utf-8")
    app = create_app(home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert len(app.main.articles.articles) == 5
        first = app.main.articles.articles[0].id
        app.workspace.add_tags(first, 1, ["巡查"], memo="kept across the import")
        await settle(pilot)
        dialog = await open_import(pilot)
        field = dialog.query_one(Input)
        field.value = str(tmp_path / "incom")
        await settle(pilot)
        await pilot.press("tab")  # the folder, with a slash to go on
        assert field.value == f"{incoming}/"
        await settle(pilot)
        await pilot.press("tab")  # its one file
        assert field.value == str(incoming / "summer-patrol.html")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main
        titles = [a.title for a in app.main.articles.articles]
        assert len(titles) == 6 and TITLE in titles
        assert any("Imported 1 file" in n.message for n in app._notifications)
        codings = app.workspace.codings()  # the session's tag book, re-anchored on the new store
        assert [(c.article, c.paragraph, c.memo, c.orphan) for c in codings] == [(first, 1, "kept across the import", False)]
        assert app.main.articles.articles[0].id == first and app.index.tag_count(first) == 1
    user = UserStore(home.user)
    try:
        assert [r.name for r in user.imports()] == ["summer-patrol.html"]
    finally:
        user.close()


async def test_a_missing_path_and_an_unreadable_file_are_said_in_the_dialog(make_app, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_import(pilot)
        field = dialog.query_one(Input)
        field.value = str(tmp_path / "nowhere.html")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "does not exist" in str(dialog.query_one("#import-status").render())
        field.value = str(tmp_path / "empty.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and field.value.endswith("empty.txt")  # still open, path editable
        status = str(dialog.query_one("#import-status").render())
        assert "Nothing was imported" in status and "empty.txt" in status
        assert len(app.main.articles.articles) == 3


async def test_typing_goes_on_after_the_start_folder(make_app, tmp_path, monkeypatch):
    """The start folder was selected on focus, so the first key typed replaced it."""
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_import(pilot)
        await pilot.press("a", "b")
        assert dialog.query_one(Input).value == f"{tmp_path}/ab"


def test_completion_goes_down_folders_and_stops_where_names_differ(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "report-1.html").write_text("x")
    (tmp_path / "news" / "report-2.html").write_text("x")
    (tmp_path / "news" / ".hidden").write_text("x")
    assert complete_path(f"{tmp_path}/ne") == f"{tmp_path}/news/"
    assert complete_path(f"{tmp_path}/news/") == f"{tmp_path}/news/report-"
    assert complete_path(f"{tmp_path}/news/report-") == f"{tmp_path}/news/report-1.html"
    assert complete_path(f"{tmp_path}/news/.h") == f"{tmp_path}/news/.hidden"
    assert complete_path(f"{tmp_path}/nothing") is None
