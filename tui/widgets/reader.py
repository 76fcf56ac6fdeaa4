"""The centre pane: one article's paragraphs with entities highlighted and a passage cursor.

What the keys do: move the passage cursor, page, select part of a passage by
sentence and clause (:mod:`tui.sentences`) so that it can be tagged from the
keyboard. Laying out and painting the lines is :class:`tui.widgets.passage_view.PassageView`'s;
text is built from plain strings plus style spans, never through markup. Tagged spans
are underlined, marked in the margin in their tag's colour and listed under their passage.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from store.corpus.tags import Coding
from store.db.schema import ENTITY_TYPES
from tui.sentences import Selection
from tui.widgets.passage_view import PassageView
from tui.widgets.reader_doc import ReaderDoc

SHOWN_SETTLE_S = 0.05


class Reader(PassageView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--heading",
        "reader--caption",
        "reader--cursor",
        "reader--bar",
        "reader--mark",
        "reader--placeholder",
        "reader--focus",
        "reader--match",
        "reader--match-current",
        "reader--selection",
        "reader--tagged",
        "reader--tag-line",
        *(f"reader--{t}" for t in ENTITY_TYPES),
    }
    DEFAULT_CSS = """
    Reader {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        padding: 0 1;
        & > .reader--heading { color: $accent; text-style: bold; }
        & > .reader--caption { color: $text-muted; text-style: italic; }
        & > .reader--cursor { background: $accent 8%; }
        & > .reader--bar { color: $accent; }
        & > .reader--mark { color: $warning; text-style: bold; }
        & > .reader--placeholder { color: $text-muted; }
        & > .reader--unit { color: $beat-unit; text-style: bold; }
        & > .reader--person { color: $beat-person; }
        & > .reader--place { color: $beat-place; }
        & > .reader--org { color: $beat-org; }
        & > .reader--time { color: $beat-time; text-style: underline; }
        & > .reader--figure { color: $beat-figure; }
        & > .reader--focus { background: $beat-unit; color: $background; text-style: bold; }
        & > .reader--match { background: $beat-match 35%; }
        & > .reader--match-current { background: $beat-match; color: $background; text-style: bold; }
        & > .reader--selection { background: $primary 45%; }
        & > .reader--tagged { text-style: underline; }
        & > .reader--tag-line { color: $text-muted; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "t",
            "screen.tag('selection')",
            "Tag selection",
            tooltip="Tag the selected sentences or clauses",
            id="reader.tag-selection",
        ),
        Binding("l", "stretch('clause', 1)", "+clause", tooltip="Extend the selection by a clause", id="reader.extend-clause"),
        Binding("h", "stretch('clause', -1)", "-clause", tooltip="Shrink the selection by a clause", id="reader.shrink-clause"),
        Binding(
            "right_square_bracket",
            "stretch('sentence', 1)",
            "+sentence",
            tooltip="Extend the selection by a sentence",
            id="reader.extend-sentence",
        ),
        Binding(
            "left_square_bracket",
            "stretch('sentence', -1)",
            "-sentence",
            tooltip="Shrink the selection by a sentence",
            id="reader.shrink-sentence",
        ),
        Binding(
            "right",
            "shift_selection(1)",
            "Move →",
            show=False,
            tooltip="Move the selection one clause on",
            id="reader.selection-next",
        ),
        Binding(
            "left",
            "shift_selection(-1)",
            "Move ←",
            show=False,
            tooltip="Move the selection one clause back",
            id="reader.selection-previous",
        ),
        Binding("escape", "cancel_selection", "Cancel", tooltip="Stop selecting", id="reader.cancel-selection"),
        Binding("j,down", "passage(1)", "Next ¶", show=False, id="reader.next-passage"),
        Binding("k,up", "passage(-1)", "Prev ¶", show=False, id="reader.previous-passage"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="reader.page-down"),
        Binding("shift+space,pageup", "page(-1)", "Page up", show=False, id="reader.page-up"),
        Binding("g,home", "top", "Top", show=False, id="reader.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="reader.bottom"),
        Binding("v", "select", "Select", tooltip="Select part of the passage (a sentence, then by clause)", id="reader.select"),
        Binding("enter", "show_memos", "Memos", show=False, tooltip="Show the memos of this passage's tags", id="reader.memos"),
    ]
    SELECTING: ClassVar[frozenset[str]] = frozenset({"stretch", "shift_selection", "cancel_selection"})

    class PassageChanged(Message):
        """The passage cursor moved (by key, click, or a jump)."""

        def __init__(self, article_id: str, paragraph: int) -> None:
            super().__init__()
            self.article_id = article_id
            self.paragraph = paragraph

    class SelectionChanged(Message):
        """A selection started, changed or ended (the footer's keys follow it)."""

    # --- what to show -------------------------------------------------------------
    def show_doc(self, doc: ReaderDoc | None, cursor: int = 0) -> None:
        self.doc = doc
        self.selection = None
        self.codings = {}
        self.invalidate()
        self.scroll_to(y=0, animate=False)
        self.cursor = cursor

    def show_placeholder(self, text: str) -> None:
        self.doc = None
        self.placeholder = text
        self.invalidate()

    def set_marks(
        self,
        focus_units: frozenset[str],
        query: str | None,
        current_hit: tuple[int, int] | None,
        matches: dict[int, list[tuple[int, int]]] | None = None,
    ) -> None:
        """The filter's units, the search (its query and its ``matches`` in this article) and the hit n/p is on."""
        matches = matches or {}
        if (focus_units, query, current_hit, matches) != (self.focus_units, self.query, self.current_hit, self.matches):
            self.focus_units, self.query, self.current_hit, self.matches = focus_units, query, current_hit, matches
            self.invalidate(heights=False)

    def set_tags(self, codings: list[Coding], colours: dict[str, str]) -> None:
        """The open article's tagged spans (orphans are not in the text, so not shown)."""
        by_para: dict[int, list[Coding]] = {}
        for c in codings:
            if not c.orphan:
                by_para.setdefault(c.paragraph, []).append(c)
        if (by_para, colours) != (self.codings, self.tag_colours):
            self.codings, self.tag_colours = by_para, colours
            self.invalidate()

    def watch_hidden_types(self) -> None:
        self.invalidate(heights=False)

    def watch_show_original(self) -> None:
        self.invalidate()

    # --- cursor -------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        count = len(self.doc.article.paragraphs) if self.doc else 0
        return max(0, min(value, count - 1)) if count else 0

    def watch_cursor(self, value: int) -> None:
        if self.selection is not None and self.selection.paragraph != value:
            self.selection = None
        self._strips.clear()
        self.refresh()
        if self._scroll_on_cursor:
            self.scroll_cursor_visible()
        self._scroll_on_cursor = True
        if self.doc is not None:
            self.post_message(self.PassageChanged(self.doc.article.id, value))

    def action_passage(self, step: int) -> None:
        self.cursor = self.cursor + step

    def action_page(self, step: int) -> None:
        layout = self._ensure_layout()
        height = max(1, self.scrollable_content_region.height - 1)
        target = max(0, min(round(self.scroll_y) + step * height, round(self.max_scroll_y)))
        self.scroll_to(y=target, animate=False)
        target = round(self.scroll_y)  # settling may have moved it with a height above
        if not layout.heights or target <= self.first_line(self.cursor) < target + height:
            return
        # The cursor left the view: put it on the first passage that starts in view.
        paragraph = layout.paragraph_at(target)
        if self.first_line(paragraph) < target:
            paragraph = min(paragraph + 1, len(layout.heights) - 1)
        self._scroll_on_cursor = False
        self.cursor = paragraph

    def action_top(self) -> None:
        self.cursor = 0
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        if self.doc:
            # lay out the last screenful first, so the end is where its exact heights put it
            layout, lines = self._ensure_layout(), 0
            for p in range(len(layout.heights) - 1, -1, -1):
                lines += len(self._block(p))
                if lines > self.scrollable_content_region.height:
                    break
            self._sync_size()
            self.cursor = len(self.doc.article.paragraphs) - 1
            self.scroll_to(y=self.max_scroll_y, animate=False)

    # --- selection ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.SELECTING or action == "screen.tag":  # the palette asks about "screen.tag" here
            return self.selection is not None
        if action == "select":
            return self.doc is not None and self.selection is None
        return True

    def action_show_memos(self) -> None:
        """Open the memo view for the passage under the cursor (or say there are no tags)."""
        from tui.dialogs.memo_view import MemoView, memo_content

        codings = self.codings.get(self.cursor, [])
        if not codings:
            self.notify("No tags on this passage: t tags it.", markup=False, timeout=3)
            return
        workspace = getattr(self.app, "workspace", None)
        tags = {t.name: t for t in workspace.tags()} if workspace is not None else {}
        self.app.push_screen(MemoView(f"Memos on ¶{self.cursor + 1}", memo_content(codings, tags)))

    def watch_selection(self) -> None:
        self.invalidate(heights=False)
        self.refresh_bindings()
        self.post_message(self.SelectionChanged())

    def action_select(self) -> None:
        if self.doc is not None:
            self.selection = Selection.first_sentence(self.cursor, self.doc.article.paragraphs[self.cursor].text)

    def action_stretch(self, by: str, step: int) -> None:
        sel = self.selection
        if sel is not None:
            if by == "clause":
                self.selection = sel.extend_clause() if step > 0 else sel.shrink_clause()
            else:
                self.selection = sel.extend_sentence() if step > 0 else sel.shrink_sentence()

    def action_shift_selection(self, step: int) -> None:
        if self.selection is not None:
            self.selection = self.selection.move(step)

    def action_cancel_selection(self) -> None:
        self.selection = None

    def on_show(self) -> None:
        """Shown again (a tiny terminal's one pane): the cursor may have moved while hidden, by a search hit.

        After a short wait: at the Show event the scroll limits still say the hidden size (0 lines).
        """
        self.set_timer(SHOWN_SETTLE_S, self.scroll_cursor_visible)

    def on_click(self, event: events.Click) -> None:
        paragraph = event.style.meta.get("paragraph")
        if paragraph is not None and paragraph >= 0:
            self.cursor = paragraph
