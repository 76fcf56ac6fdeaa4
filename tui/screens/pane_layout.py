"""Which panes show and how wide: sidebars, narrow terminals, highlight toggles, the original script."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

from tui.screens.reading_state import ReadingState
from tui.styles import NARROW
from tui.widgets.article_list import ArticleList
from tui.widgets.timeline import Timeline


class PaneLayout(ReadingState):
    """Display toggles of the reading screen; mixed into :class:`MainScreen`."""

    def action_toggle_type(self, kind: str) -> None:
        self.hidden_types = self.hidden_types ^ {kind}

    def action_original(self) -> None:
        self.show_original = not self.show_original
        self._show_header()

    def action_sidebars(self) -> None:
        if self.narrow:
            order = ["list", "timeline", "none"]
            self.sidebars = order[(order.index(self.sidebars) + 1) % 3] if self.sidebars in order else "list"
        else:
            self.sidebars = "none" if self.sidebars != "none" else "both"

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = event.size.width < NARROW

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

    def watch_sidebars(self, sidebars: str) -> None:
        self.set_class(sidebars not in ("both", "list"), "-no-list")
        self.set_class(sidebars not in ("both", "timeline"), "-no-timeline")
        focused = self.focused
        hidden = (isinstance(focused, ArticleList) and self.has_class("-no-list")) or (
            isinstance(focused, Timeline) and self.has_class("-no-timeline")
        )
        if hidden:
            self.reader.focus()
