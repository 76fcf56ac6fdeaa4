"""Corpus text is shown literally: markup in it is text, escapes never reach the terminal.

The store sanitises at ingest; these documents skip the store's cleaning on purpose
to prove the widgets hold on their own (and never break on "[/]").
"""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tests.tui.conftest import settle
from tests.tui.factory import HOSTILE, hostile, qingshan

CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\n"] + ["\x7f", "\x9b", "\x9d"]


def strips_of(widget) -> list:
    return [widget.render_line(y) for y in range(widget.size.height)]


def assert_clean(strips) -> None:
    for strip in strips:
        for segment in strip:
            assert not any(c in segment.text for c in CONTROL), repr(segment.text)
            meta = segment.style.meta if segment.style else {}
            assert "@click" not in meta and not any("quit" in str(v) for v in meta.values()), meta


async def test_markup_and_escapes_in_titles_and_text_show_literally(make_app):
    app = make_app([hostile(), qingshan()])
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert app.is_running
        # list
        row = screen.articles.row_content(0, 0, 120).plain
        assert "[@click=app.quit]x[/] [/] [bold]" in row
        assert "]52;c;aGk=" not in row and "\x1b" not in row
        assert_clean(strips_of(screen.articles))
        # header (title, outlet) and reader (body, heading)
        header = screen.query_one("ArticleHeader").render()
        assert HOSTILE in header.plain and "[red]" in header.plain
        lines = [s.text for s in strips_of(screen.reader)]
        assert any("[@click=app.quit]x[/]" in line for line in lines)
        assert any(line.strip().endswith("[/][@click=app.quit]x[/] [/] [bold]") for line in lines)
        assert_clean(strips_of(screen.reader))
        # no span turned "[bold]" into bold text
        line = next(s for s in strips_of(screen.reader) if "不应加粗" in s.text)
        assert not next(seg.style for seg in line if "不应加粗" in seg.text).bold
        # timeline label
        assert any(HOSTILE[:12] in s.text for s in strips_of(screen.timeline))
        assert_clean(strips_of(screen.timeline))
        # clicking the text does not run an action
        await pilot.click("Reader", offset=(12, 6))
        await pilot.pause()
        assert app.is_running


async def test_filter_bar_picker_search_and_notifications_stay_literal(make_app):
    app = make_app([hostile(), qingshan()])
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        # unit picker
        await pilot.press("u")
        await settle(pilot)
        picker = app.screen
        options = picker.query_one(OptionList).options
        prompt = next(o.prompt for o in options if o.id == "[/]注入派出所[bold]")
        assert "[/]注入派出所[bold]" in prompt.plain and "\x1b" not in prompt.plain
        picker.query_one(Input).value = "[/]"
        await pilot.pause()
        assert [o.id for o in picker.query_one(OptionList).options if not o.disabled] == ["[/]注入派出所[bold]"]
        await pilot.press("enter")
        await settle(pilot)
        bar = app.screen.query_one("FilterBar").render()
        assert "[/]注入派出所[bold]" in bar.plain
        # search snippets
        await pilot.press("escape", "slash")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one(Input).value = "[bold]"
        await settle(pilot)
        first = dialog.query_one(OptionList).options[0].prompt.plain
        assert "[bold]" in first and "\x1b" not in first
        await pilot.press("escape")
        # a notification carrying corpus text
        app.notify(f"Merged {HOSTILE} into x.", markup=False)
        await pilot.pause()
        assert app.is_running


async def test_escape_sequences_never_reach_the_terminal_output(make_app):
    app = make_app([hostile()])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        svg = app.export_screenshot()
        assert "aGk=" not in svg and "\x1b" not in svg and "\x07" not in svg
        assert "[@click=app.quit]x[/]" in svg.replace("&#160;", " ")
