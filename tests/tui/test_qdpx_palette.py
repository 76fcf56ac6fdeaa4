"""Issue 19: importing a .qdpx from the palette, into a reader that is open on a real data home."""

from __future__ import annotations

from tests.store.team.refi import copy_home
from tests.store.team.test_qdpx_import import project, qdpx
from tests.tui.conftest import settle
from tui.app import create_app


async def test_palette_import_adds_the_article_and_the_codings_and_the_reader_shows_them(built_home, tmp_path):
    home = copy_home(built_home.root, tmp_path / "h")
    f = qdpx(tmp_path / "p.qdpx", project())
    app = create_app(home)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        before = len(app.index.articles)
        (command,) = [c for c in app.get_system_commands(app.main) if c.title.startswith("Import a REFI-QDA project")]
        command.callback()
        await settle(pilot)
        app.screen.query_one("Input").value = str(f)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert len(app.index.articles) == before + 1  # the reader shows the new store
        codings = app.workspace.codings()
        assert {c.by for c in codings} == {"Coder One", "Coder Two"} and len(codings) >= 4
        assert app.workspace.undo() is not None and app.workspace.codings() == []  # one undoable step
