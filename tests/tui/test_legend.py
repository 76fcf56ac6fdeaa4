"""``?`` explains every mark the panes draw, and each mark means one thing (issue 16, friction 4)."""

from __future__ import annotations

import re

from tests.tui.conftest import settle
from tui import symbols
from tui.screens.help import HelpScreen
from tui.symbols import OPEN_ARTICLE, TIMELINE_HERE, legend
from tui.widgets.article_header import reference_text


def help_text(screen: HelpScreen) -> str:
    from textual.widgets import Static

    return "\n".join(str(s.render()) for s in screen.query(Static))


async def test_help_lists_every_symbol_with_its_meaning(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        assert "Symbols" in text
        signs = [s for _, group in legend() for s in group]
        for sign in signs:
            assert sign.mark in text and sign.meaning in text
        # The marks the issue named, and the cues that are not glyphs.
        for mark in ("●", "▶", "◆", "┃", "✎", symbols.TAG_LINE, "(corrected)", "parent inferred", "…", "italic"):
            assert mark in text, mark


def test_each_glyph_has_one_meaning():
    glyphs = [v for k, v in vars(symbols).items() if k.isupper() and isinstance(v, str)]
    assert len(glyphs) == len(set(glyphs))
    marks = [s.mark for _, group in legend() for s in group]
    assert len(marks) == len(set(marks))


async def test_the_timeline_marks_the_readers_passage_with_its_own_glyph(make_app):
    """▶ marked both the open article (list) and the reader's events (timeline)."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "j", "j")
        await settle(pilot)
        timeline = app.screen.timeline
        shown = "\n".join(timeline.row_content(i, 0, 40).plain for i in range(timeline.row_count()))
        assert TIMELINE_HERE in shown and OPEN_ARTICLE not in shown
        listed = app.screen.articles.row_content(app.screen.articles.cursor, 0, 38).plain
        assert listed.startswith(OPEN_ARTICLE)


def test_every_reference_status_the_header_shows_is_in_the_legend():
    statuses = ("published", "publication", "corrected", "dateline", "url", "filename", "inferred", "user")
    for status in statuses:
        shown = re.search(r"\((.*)\)$", reference_text("2024-05-01", status))
        assert shown is not None and shown.group(1) in symbols.REFERENCE_STATUSES, status
