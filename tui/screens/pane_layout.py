"""Which panes show and how wide: sidebars by proportion, one pane on tiny terminals, the toggles.

Widths follow the terminal (issue 16): the reader keeps a comfortable measure of about
40 CJK characters a line (``READER_MAX`` columns with its gutter and padding) and the
sidebars share the rest, so at 220 columns they widen instead of the reader growing to
70 characters a line. ``<``/``>`` move columns between the focused sidebar and the
reader, and are kept across restarts. Below ``SINGLE`` columns only one pane shows;
tab moves to the next.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widget import Widget
from textual.widgets import Footer

from store.db.schema import ENTITY_TYPES
from tui.screens.reading_state import ReadingState
from tui.styles import NARROW
from tui.widgets.article_list import ArticleList
from tui.widgets.timeline import Timeline

SINGLE = 60  # below this many columns one pane at a time: at 40 the list took 28 columns and the reader 9
READER_MAX = 86  # 40 CJK characters (80 cells) + cursor gutter 2 + padding 2 + scroll bar 1, rounded up
READER_MIN = 40
STEP = 4  # columns per < or >
PANES = ("list", "reader", "timeline")


def pane_widths(width: int, sidebars: str, shift: dict[str, int]) -> tuple[int, int]:
    """(list, timeline) widths in columns for a body ``width`` wide; 0 for a hidden one.

    Wide, both show: 24% and 26% of the width (at least 28 and 30 columns), plus the
    user's shift; what the reader cannot use past ``READER_MAX`` goes to the sidebars.
    Narrow, one shows: 36% of the width. The reader never gets fewer than ``READER_MIN``.
    """
    show_list = sidebars in ("both", "list")
    show_timeline = sidebars in ("both", "timeline")
    if show_list and show_timeline:
        left = max(28, round(width * 0.24)) + shift.get("list", 0)
        right = max(30, round(width * 0.26)) + shift.get("timeline", 0)
    else:
        left = max(24, round(width * 0.36)) + shift.get("list", 0) if show_list else 0
        right = max(24, round(width * 0.36)) + shift.get("timeline", 0) if show_timeline else 0
    left, right = (max(16, left) if show_list else 0), (max(16, right) if show_timeline else 0)
    centre = width - left - right
    if centre < READER_MIN:  # take from the sidebars in proportion
        lack = READER_MIN - centre
        total = left + right
        take_left = round(lack * left / total) if total else 0
        left, right = max(0, left - take_left), max(0, right - (lack - take_left))
    elif centre > READER_MAX and (left or right):  # give the extra to the sidebars
        extra = centre - READER_MAX
        if left and right:
            left, right = left + extra // 2, right + extra - extra // 2
        elif left:
            left += extra
        else:
            right += extra
    return left, right


class PaneLayout(ReadingState):
    """Display toggles of the reading screen; mixed into :class:`MainScreen`."""

    def action_toggle_type(self, kind: str) -> None:
        self.hidden_types = self.hidden_types ^ {kind}

    def watch_hidden_types(self, hidden: frozenset[str]) -> None:
        self.keep_setting("hidden_types", sorted(hidden))

    def restore_look(self, settings: dict[str, Any]) -> None:
        """Highlight toggles and pane shifts as the user left them (bad values are ignored)."""
        hidden = settings.get("hidden_types")
        if isinstance(hidden, list):
            self.hidden_types = frozenset(k for k in hidden if k in ENTITY_TYPES)
        shift = settings.get("pane_widths")
        if isinstance(shift, dict):
            self.pane_shift = {k: int(v) for k, v in shift.items() if k in ("list", "timeline") and isinstance(v, int)}
            self.apply_widths()

    def action_original(self) -> None:
        self.show_original = not self.show_original
        self._show_header()

    def action_sidebars(self) -> None:
        if self.narrow:
            order = ["list", "timeline", "none"]
            self.sidebars = order[(order.index(self.sidebars) + 1) % 3] if self.sidebars in order else "list"
        else:
            self.sidebars = "none" if self.sidebars != "none" else "both"

    # --- sizes --------------------------------------------------------------------
    def action_resize(self, step: int) -> None:
        """``>`` widens the focused sidebar (or, from the reader, the reader); ``<`` narrows it."""
        focused = self.focused
        if isinstance(focused, Timeline):
            self.pane_shift["timeline"] = self.pane_shift.get("timeline", 0) + step * STEP
        elif isinstance(focused, ArticleList):
            self.pane_shift["list"] = self.pane_shift.get("list", 0) + step * STEP
        else:
            for side in ("list", "timeline"):
                self.pane_shift[side] = self.pane_shift.get(side, 0) - step * STEP // 2
        self.apply_widths()
        self.keep_setting("pane_widths", dict(self.pane_shift))

    def apply_widths(self) -> None:
        if not self.is_mounted:
            return
        width = self.size.width
        side = self.query_one("#side", Widget)
        if self.single:
            self.articles.styles.width = "1fr" if self.pane == "list" else 0
            side.styles.width = "1fr" if self.pane == "timeline" else 0
            return
        left, right = pane_widths(width, self.sidebars, self.pane_shift)
        self.articles.styles.width = left or None
        side.styles.width = right or None

    def watch_maximized(self, maximized: Widget | None) -> None:
        """A maximised timeline uses the whole width (it centred its sidebar strip, labels cut)."""
        self.timeline.styles.width = "1fr" if maximized is self.timeline else None
        self.timeline.restyle()

    # --- narrow and tiny terminals ------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.single = event.size.width < SINGLE
        self.narrow = event.size.width < NARROW
        self.apply_widths()

    def watch_narrow(self, narrow: bool) -> None:
        if narrow and self.sidebars == "both":
            self.sidebars = "timeline" if self.timeline_mode == "corpus" else "list"
        elif not narrow and self.sidebars in ("list", "timeline"):
            self.sidebars = "both"
        self.set_class(narrow, "-narrow")
        footer = self.query_one(Footer)
        footer.compact = narrow
        # Narrow footers overflow; Textual then leaks a cell past the docked ^p key.
        if footer.show_command_palette == narrow:
            footer.show_command_palette = not narrow
            footer.refresh(recompose=True)

    def watch_single(self, single: bool) -> None:
        self.set_class(single, "-single")
        if single:
            focused = self.focused
            self.pane = "timeline" if isinstance(focused, Timeline) else "reader" if focused is self.reader else "list"
        self.watch_pane(self.pane)

    def watch_pane(self, pane: str) -> None:
        for name in PANES:
            self.set_class(self.single and pane == name, f"-pane-{name}")
        self.apply_widths()

    def action_next_pane(self, step: int) -> None:
        """tab / shift+tab: the next pane; on a tiny terminal it takes the whole width."""
        if not self.single:
            self.focus_next() if step > 0 else self.focus_previous()
            return
        self.pane = PANES[(PANES.index(self.pane) + step) % len(PANES)]
        self.show_pane(self.pane)

    def show_pane(self, pane: str) -> None:
        """Focus ``pane`` (and, on a tiny terminal, show it alone)."""
        if self.single:
            self.pane = pane
        widget = {"list": self.articles, "reader": self.reader, "timeline": self.timeline}[pane]
        self.call_after_refresh(widget.focus)
        if not self.single:
            widget.focus()

    def watch_sidebars(self, sidebars: str) -> None:
        self.set_class(sidebars not in ("both", "list"), "-no-list")
        self.set_class(sidebars not in ("both", "timeline"), "-no-timeline")
        focused = self.focused
        hidden = (isinstance(focused, ArticleList) and self.has_class("-no-list")) or (
            isinstance(focused, Timeline) and self.has_class("-no-timeline")
        )
        if hidden and not self.single:
            self.reader.focus()
        self.apply_widths()
