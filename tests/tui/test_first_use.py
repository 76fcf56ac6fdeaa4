"""Issue 16, the reader as a new user meets it: a failed export, the palette's Screenshot, the
words the reader shows, the glyphs it draws, and which screen q closes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.tui.conftest import settle
from tui.dialogs.date_dialog import date_status
from tui.dialogs.export_dialog import ExportDialog
from tui.safe_text import quoted


async def open_first(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def tag_passage(pilot, names: str) -> None:
    await pilot.press("t")
    await settle(pilot)
    pilot.app.screen.query_one("#tag-names").value = names
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


# --- bug 3: a failed export -------------------------------------------------------
async def test_a_failed_export_keeps_the_dialog_open_with_the_path_and_the_whole_reason(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot)
        await tag_passage(pilot, "纠纷")
        app.ask_export("csv")
        await settle(pilot)
        blocked = tmp_path / "a folder with a long name" / "beat-tags.csv"
        blocked.mkdir(parents=True)  # a folder where the file should go: refused
        app.screen.query_one("Input").value = str(blocked)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)  # still open
        assert dialog.query_one("Input").value == str(blocked)  # the path, to edit
        reason = str(dialog.query_one("#export-error").render())
        assert str(blocked) in reason.replace("\n", "")  # whole, not cut mid-path
        target = tmp_path / "out.csv"
        dialog.query_one("Input").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog) and target.exists()


async def test_an_export_with_nothing_to_write_says_so_and_writes_no_file(make_app, tmp_path):
    """As the CLI does (issue 16, 2): an empty export looked like a result ("Wrote 0 tagged passages")."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot)
        app.ask_export("csv")
        await settle(pilot)
        target = tmp_path / "out.csv"
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)  # still open: another filter or a tag first
        reason = str(dialog.query_one("#export-error").render()).replace("\n", "")
        assert "no tagged passages" in reason.lower() and "not written" in reason
        assert not target.exists()


# --- bug 4: Screenshot --------------------------------------------------------------
async def screenshot(pilot) -> None:
    command = next(c for c in pilot.app.get_system_commands(pilot.app.screen) if c.title == "Screenshot")
    command.callback()
    await pilot.pause(0.3)
    await settle(pilot)


async def test_screenshot_saves_in_the_home_and_says_where(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await screenshot(pilot)
        folder = make_app.home.root / "screenshots"
        saved = list(folder.glob("*.svg"))
        assert len(saved) == 1 and saved[0].read_text(encoding="utf-8").startswith("<svg")
        assert any(str(saved[0]) in n.message for n in app._notifications)


async def test_screenshot_never_writes_through_a_link_out_of_the_home(make_app, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    make_app.home.root.joinpath("screenshots").symlink_to(outside)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await screenshot(pilot)
        assert list(outside.iterdir()) == []
        assert any(n.severity == "error" and "link" in n.message for n in app._notifications)


# --- bug 8: words -------------------------------------------------------------------
def test_date_status_says_what_dates_count_from():
    assert "unknown (unknown)" not in date_status(None, "unknown")
    assert "No reference date" in date_status(None, "unknown")
    assert date_status("2024-05-01", "published") == (
        "Relative dates count from 2024-05-01 (the publication date). Empty = use the text's date."
    )


def test_quotes_are_never_doubled():
    assert quoted("“被动处置”变主动") == "“被动处置”变主动”"
    assert quoted("“被动处置”") == "“被动处置”"
    assert quoted("「甲乙」") == "“甲乙”"
    assert quoted("一二三四五六七八九十一二三", 12) == "“一二三四五六七八九十一…”"


async def test_palette_lists_help_once_and_says_where_keys_work(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert sum(t.startswith(("Keys", "Help")) for t in titles) == 1
        assert not any("in the anywhere" in (c.help or "") for c in commands)
        assert titles.count("Screenshot") == 1


async def test_tag_browser_counts_passages_not_codings(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot)
        await tag_passage(pilot, "甲 乙")  # one passage, two tags
        await pilot.press("number_sign")
        await settle(pilot)
        title = str(app.screen.query_one("#tb-title").render())
        assert "· 1 tagged passage" in title and "2 tagged" not in title


# --- glyphs ---------------------------------------------------------------------------
TUI = Path(__file__).resolve().parents[2] / "tui"
DEJAVU_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")


def symbols_drawn() -> set[str]:
    """Every non-ASCII character in the TUI's code that is not CJK text (those come from the corpus's fonts)."""
    found: set[str] = set()
    for path in TUI.rglob("*.py"):
        for ch in path.read_text(encoding="utf-8"):
            cp = ord(ch)
            if cp < 0x80 or 0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF:
                continue
            found.add(ch)
    return found


@pytest.mark.skipif(not DEJAVU_MONO.exists() or not shutil.which("fc-query"), reason="needs DejaVu Sans Mono and fc-query")
def test_every_symbol_the_reader_draws_is_in_dejavu_sans_mono():
    ranges = subprocess.run(
        ["fc-query", "--format=%{charset}", str(DEJAVU_MONO)], capture_output=True, text=True, check=True
    ).stdout.split()
    covered = []
    for r in ranges:
        a, _, b = r.partition("-")
        covered.append((int(a, 16), int(b or a, 16)))
    missing = {ch for ch in symbols_drawn() if not any(a <= ord(ch) <= b for a, b in covered)}
    assert not missing, f"not in DejaVu Sans Mono: {sorted(missing)}"


# --- friction 5: q closes the screen it is on -------------------------------------------
async def test_q_closes_help_and_the_tag_browser_but_not_the_app(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("number_sign")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and app.screen is app.main
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and app.screen is app.main


async def test_ctrl_q_quits_from_a_dialog(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running
