"""Light and dark themes: text the panes draw reads at WCAG contrast >= 4.5:1, marks at >= 3:1.

Issue 16, friction 10: on the light theme the timeline's italic (inferred) dates drew at
2.6:1, the reader's headings and the list's marks at 1.4-1.5:1, entity colours at 3.7-4.1:1.
Measured on what the widgets render (each segment's colour on its own background),
so a style that resolves differently than it reads in the CSS is caught too. Rows under
a list's block cursor are the cursor's colours, left to the focus work.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle
from tui import symbols
from tui.widgets.rows import RowList

TEXT, MARK = 4.5, 3.0  # WCAG 2.1 SC 1.4.3 (text) and SC 1.4.11 (non-text)
GLYPHS = {v for k, v in vars(symbols).items() if k.isupper() and isinstance(v, str) and len(v) == 1}


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_formula_matches_wcag_examples():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # #767676, the AA grey


def low_contrast(screen) -> list[tuple[str, str, float]]:
    found = []
    for widget in screen.query("ArticleList, ArticleHeader, Legend, Reader, Timeline"):
        for y in range(widget.size.height):
            if isinstance(widget, RowList) and (widget.scroll_offset.y + y) // widget.ROW_HEIGHT == widget.cursor:
                continue
            for seg in widget.render_line(y):
                style, text = seg.style, seg.text.strip()
                if not text or style is None or style.color is None or style.bgcolor is None:
                    continue
                fg, bg = style.color.triplet, style.bgcolor.triplet
                if fg is None or bg is None:
                    continue
                need = MARK if text in GLYPHS else TEXT
                ratio = contrast(tuple(fg), tuple(bg))
                if ratio < need:
                    found.append((type(widget).__name__, text[:12], round(ratio, 2)))
    return found


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_text_and_marks_are_readable(make_app, theme):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.theme = theme
        await pilot.press("enter")  # the reader: headings, entities, the cursor bar; the timeline's dates
        await settle(pilot)
        timeline = app.screen.timeline
        assert any(r.inferred for r in timeline.rows)  # italic dates are on screen
        assert low_contrast(app.screen) == []
