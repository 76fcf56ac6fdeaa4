"""The right sidebar: dated events of this article, or of the whole (filtered) corpus.

Rows come precomputed from :mod:`store.corpus.query` (headings and events). The sidebar
follows the reader: events of the passage under the cursor are marked and scrolled
to. Enter on an event asks the screen to open its passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from store.corpus.query import TimelineRow
from store.corpus.timeline_pages import WIDEST, CorpusTimeline
from tui.safe_text import literal
from tui.styles import component_style
from tui.symbols import CUT, TIMELINE_HERE
from tui.widgets.rows import RowList


class Timeline(RowList):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--heading",
        "timeline--when",
        "timeline--inferred",
        "timeline--here",
        "timeline--empty",
    }
    DEFAULT_CSS = """
    Timeline {
        width: 1fr;
        height: 1fr;
        border-left: vkey $foreground 15%;
        border-title-color: $text-muted;
        border-title-align: left;
        &:focus { border-left: vkey $accent; }
        & > .timeline--heading { color: $accent; text-style: bold; }
        & > .timeline--when { color: $beat-time; }
        & > .timeline--inferred { color: $beat-time 70%; text-style: italic; }
        & > .timeline--here { color: $warning; text-style: bold; }
        & > .timeline--empty { color: $text-muted; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Go to ¶", tooltip="Open the event's passage in the reader", id="timeline.go"),
    ]

    class Highlighted(Message):
        """The cursor is on another row (``row`` None: no rows); the label under the timeline shows it whole."""

        def __init__(self, row: TimelineRow | None) -> None:
            super().__init__()
            self.row = row

    class EventChosen(Message):
        """The user chose an event: open its article at its passage."""

        def __init__(self, article_id: str, paragraph: int, start: int) -> None:
            super().__init__()
            self.article_id = article_id
            self.paragraph = paragraph
            self.start = start

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[TimelineRow] = []
        self.mode = "article"
        self.empty = "No dated events."
        self.here: tuple[str | None, int] = (None, -1)
        self._first_row: dict[tuple[str | None, int], int] = {}  # (article, ¶) -> row
        self._when_width = 10

    def show(self, rows: Sequence[TimelineRow], mode: str, empty: str = "No dated events.") -> None:
        """Show these rows: a list (an article's events, a unit's), or the corpus's made when drawn."""
        self.rows, self.mode, self.empty = rows, mode, empty
        self._first_row = {}
        self._when_width = _when_width(rows, mode)
        if not isinstance(rows, CorpusTimeline):  # its lines are made when shown: it finds a passage's itself
            for i, row in enumerate(rows):
                if row.kind == "event":
                    self._first_row.setdefault((row.article, row.paragraph), i)
        self.border_title = "Timeline · this article" if mode == "article" else "Timeline · corpus"
        self.rows_changed(0)
        self.follow(*self.here)

    def follow(self, article_id: str | None, paragraph: int) -> None:
        """Mark the events of the passage under the reader's cursor and bring them into view."""
        self.here = (article_id, paragraph)
        if isinstance(self.rows, CorpusTimeline):
            row = self.rows.first_line(article_id, paragraph) if article_id is not None else None
        else:
            row = self._first_row.get(self.here)  # a lookup: a busy unit's timeline holds 100k rows
        if row is not None:
            self.set_reactive(RowList.cursor, row)
            self.scroll_cursor_visible()
        self.restyle()
        self._highlighted()

    def watch_cursor(self) -> None:
        super().watch_cursor()
        self._highlighted()

    def _highlighted(self) -> None:
        row = self.rows[self.cursor] if self.rows and self.cursor < len(self.rows) else None
        self.post_message(self.Highlighted(row if row is not None and row.kind == "event" else None))

    # --- RowList ------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.rows) or 1

    def selectable(self, index: int) -> bool:
        return bool(self.rows) and self.rows[index].kind == "event"

    def row_content(self, index: int, line: int, width: int) -> Content:
        if not self.rows:
            return literal(self.empty, component_style(self, "timeline--empty"))
        row = self.rows[index]
        if row.kind == "heading":
            return literal(row.label, component_style(self, "timeline--heading"))
        here = row.article == self.here[0] and row.paragraph == self.here[1]
        marker = literal(TIMELINE_HERE, component_style(self, "timeline--here")) if here else Content(" ")
        when_width = min(self._when_width, max(5, width // 2))  # the label keeps at least half the row
        when = literal(row.when)
        if when.cell_length > when_width:
            when = when.truncate(when_width - 1) + Content(CUT)
        when = when.pad_right(when_width - when.cell_length)
        when = when.stylize(component_style(self, "timeline--inferred" if row.inferred else "timeline--when"))
        return marker + when + Content(" ") + literal(row.label)

    def choose(self, index: int) -> None:
        row = self.rows[index] if self.rows else None
        if row is not None and row.kind == "event" and row.article:
            self.post_message(self.EventChosen(row.article, row.paragraph, row.start))


def _when_width(rows: Sequence[TimelineRow], mode: str) -> int:
    """Room for the widest date form shown ("2024-08-21..08-31", "04-21 →") so a range or an open
    period is never cut into a false exact day; at least 10 / 5 cells, at most 17 (a whole range;
    issue 16 saw "5月1…" at 160 columns). A narrow row gives the label half its width first.
    The paged corpus timeline measured its dates as it lined them up."""
    if isinstance(rows, CorpusTimeline):
        widest = rows.widest
    else:
        widest = max((cell_len(r.when) for r in rows if r.kind == "event"), default=0)
    floor = 10 if mode == "article" else 5
    return max(floor, min(WIDEST, widest))


class EventLabel(Static):
    """One line under the timeline: the highlighted event whole (date, label, article), where the row cuts it."""

    DEFAULT_CSS = """
    EventLabel {
        height: auto;
        max-height: 4;
        padding: 0 1;
        border-left: vkey $foreground 15%;
        background: $boost;
        color: $text-muted;
    }
    """

    def show(self, row: TimelineRow | None) -> None:
        if row is None:
            self.update("")
            return
        self.update(Content(" · ").join([literal(row.when, "$beat-time"), literal(row.label, "$foreground")]))
