"""The centre pane: one article's paragraphs with entities highlighted and a passage cursor.

A Line-API widget whose cost follows the screen, not the article: each paragraph's
height is estimated from its length (one C-speed encode), and only the paragraphs in
view (plus a screen below) are wrapped into styled lines, once per width, and kept in
a bounded cache. A paragraph's exact height replaces its estimate when it is laid out;
when that happens above the top of the view, the view moves with it, so the text being
read never jumps. A 50,000-paragraph article opened in 16 s this way took ~0.1 s. Text is built from plain strings
plus style spans (:func:`tui.safe_text.with_spans`); corpus text never passes through markup.

Tagged spans are underlined, marked in the margin in their tag's colour and listed
on a line under their passage; ``v`` selects part of a passage by sentence and clause
(:mod:`tui.sentences`) so that it can be tagged from the keyboard.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from store.corpus.tags import Coding
from store.db.schema import ENTITY_TYPES, Article, Entity, Event
from tui.linebreak import break_offsets
from tui.safe_text import literal, with_spans
from tui.sentences import Selection
from tui.styles import colour_style, component_style
from tui.symbols import CURSOR_BAR, MEMO, PASSAGE_MARK, TAG_LINE, TAGGED_BAR

GUTTER = 2  # cursor bar + passage mark
# Types drawn in another type's colour and toggled with its key: anonymised people (王某,
# 李女士) are people to a reader; the type stays apart in the data so researchers count them apart.
_SHOWN_AS = {"anon": "person"}


@dataclass(frozen=True, slots=True)
class ReaderDoc:
    """Everything the reader shows for one article, loaded off the UI thread."""

    article: Article
    entities: dict[int, list[Entity]]
    events: list[Event]
    reference: tuple[str | None, str] = (None, "unknown")
    units: tuple[str, ...] = ()
    credits: str = ""  # bylines as one line ("记者 甲乙 · 通讯员 丙丁"), from the article's metadata

    @classmethod
    def group(cls, article: Article, entities: list[Entity], events: list[Event], **kw: object) -> ReaderDoc:
        by_para: dict[int, list[Entity]] = {}
        for e in entities:
            by_para.setdefault(e.paragraph, []).append(e)
        return cls(article, by_para, events, **kw)  # type: ignore[arg-type]

    def paragraphs_mentioning(self, keys: frozenset[str]) -> list[int]:
        return sorted(p for p, ents in self.entities.items() if any(e.type == "unit" and e.key in keys for e in ents))


BLOCK_CACHE = 512  # laid-out paragraphs kept; a 45-line screen shows at most ~45
EAGER_CHARS = 20_000
"""Articles up to this size (4x the seeds' longest) are laid out whole when opened, in
~20 ms: their heights are exact from the start, so the scroll bar never changes size."""


@dataclass(slots=True)
class _Layout:
    """One width's layout: every paragraph's block height, exact only where laid out.

    A paragraph's block is its lines: a blank before a heading (not the first), the
    wrapped text, its tag lines and a blank after. ``tops`` are the running sums of
    ``heights`` (``tops[p]`` = first line of block ``p``, ``tops[-1]`` = all lines),
    recomputed only after a height changed.
    """

    width: int = 0
    heights: list[int] = field(default_factory=list)
    exact: bytearray = field(default_factory=bytearray)
    blocks: dict[int, list[tuple[int, Content]]] = field(default_factory=dict)
    placeholder: list[tuple[int, Content]] = field(default_factory=list)
    _tops: list[int] | None = None

    @property
    def tops(self) -> list[int]:
        if self._tops is None:
            self._tops = list(accumulate(self.heights, initial=0))
        return self._tops

    @property
    def total(self) -> int:
        return self.tops[-1] if self.heights else len(self.placeholder)

    def paragraph_at(self, line: int) -> int:
        return min(bisect_right(self.tops, line) - 1, len(self.heights) - 1)


class Reader(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--heading", "reader--caption", "reader--cursor", "reader--bar", "reader--mark", "reader--placeholder",
        "reader--focus", "reader--match", "reader--match-current", "reader--selection", "reader--tagged", "reader--tag-line",
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
            "L", "stretch('sentence', 1)", "+sentence", tooltip="Extend the selection by a sentence", id="reader.extend-sentence"
        ),
        Binding(
            "H", "stretch('sentence', -1)", "-sentence", tooltip="Shrink the selection by a sentence", id="reader.shrink-sentence"
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

    cursor: reactive[int] = reactive(0, always_update=True)
    hidden_types: reactive[frozenset[str]] = reactive(frozenset())
    show_original: reactive[bool] = reactive(False)
    selection: reactive[Selection | None] = reactive(None)

    class PassageChanged(Message):
        """The passage cursor moved (by key, click, or a jump)."""

        def __init__(self, article_id: str, paragraph: int) -> None:
            super().__init__()
            self.article_id = article_id
            self.paragraph = paragraph

    class SelectionChanged(Message):
        """A selection started, changed or ended (the footer's keys follow it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc: ReaderDoc | None = None
        self.placeholder = "Opening the store…"
        self.focus_units: frozenset[str] = frozenset()
        self.query: str | None = None  # type: ignore[assignment]  # shadows DOMNode.query(); renaming it touches every screen and test
        self.current_hit: tuple[int, int] | None = None
        self._layout = _Layout()
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(256)
        self._scroll_on_cursor = True
        self._settling = False
        self._span_styles: dict[str, Style] = {}
        self.codings: dict[int, list[Coding]] = {}
        self.tag_colours: dict[str, str] = {}

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

    def set_marks(self, focus_units: frozenset[str], query: str | None, current_hit: tuple[int, int] | None) -> None:
        if (focus_units, query, current_hit) != (self.focus_units, self.query, self.current_hit):
            self.focus_units, self.query, self.current_hit = focus_units, query, current_hit
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

    def invalidate(self, heights: bool = True) -> None:
        """Lay out again; ``heights=False`` when only styles changed (wrapping is the same).

        When heights are estimated again (tags changed), the paragraph under the top
        line stays at the top, at the same line of it.
        """
        anchor = None
        old = self._layout
        if heights:
            if old.heights and self.doc is not None and len(old.heights) == len(self.doc.article.paragraphs):
                y = round(self.scroll_y)
                top = old.paragraph_at(y)
                anchor = (top, y - old.tops[top])
            self._layout = _Layout()
        else:
            old.blocks.clear()
        self._strips.clear()
        self.refresh()
        if self.is_mounted:
            layout = self._ensure_layout()
            if anchor is not None and anchor[0] < len(layout.heights):
                self._block(anchor[0])
                self._sync_size()
                self.scroll_to(y=layout.tops[anchor[0]] + anchor[1], animate=False, immediate=True)
            self._settle()

    def watch_hidden_types(self) -> None:
        self.invalidate(heights=False)

    def watch_show_original(self) -> None:
        self.invalidate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._layout = _Layout()
        self._strips.clear()

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

    def scroll_cursor_visible(self) -> None:
        layout = self._ensure_layout()
        if self.cursor >= len(layout.heights):
            return
        first, last = self.first_line(self.cursor), self.last_line(self.cursor)
        height = self.scrollable_content_region.height
        if first < self.scroll_y or last - first + 1 > height:
            self.scroll_to(y=max(0, first - 1), animate=False)
        elif last >= self.scroll_y + height:
            self.scroll_to(y=last - height + 2, animate=False)

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
        from tui.dialogs.memo_view import show_memos

        show_memos(self)

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

    def on_click(self, event: events.Click) -> None:
        paragraph = event.style.meta.get("paragraph")
        if paragraph is not None and paragraph >= 0:
            self.cursor = paragraph

    # --- layout -------------------------------------------------------------------
    def on_resize(self) -> None:
        self._strips.clear()
        self._ensure_layout()
        self.scroll_cursor_visible()  # rewrapping moved the passage; keep it in view

    def _ensure_layout(self) -> _Layout:
        """The layout for the current width, with estimated heights when new (O(paragraphs), cheap)."""
        width = self.scrollable_content_region.width - GUTTER
        if width <= 0:
            return self._layout
        if self._layout.width != width:
            self._layout = self._estimate_layout(width)
            self._strips.clear()
            self.virtual_size = Size(width + GUTTER, self._layout.total)
        return self._layout

    def _estimate_layout(self, width: int) -> _Layout:
        layout = _Layout(width)
        self._span_styles = {name: component_style(self, name) for name in self.COMPONENT_CLASSES}
        if self.doc is None:
            style = component_style(self, "reader--placeholder")
            text = literal(self.placeholder, style)
            layout.placeholder = [(-1, Content("")), *((-1, c) for c in text.divide(break_offsets(text.plain, width)))]
            return layout
        heights = layout.heights
        for p in self.doc.article.paragraphs:
            shown = (p.original or p.text) if self.show_original else p.text
            # cells: 1 per character plus 1 per wide one (3 UTF-8 bytes for CJK, 1 for ASCII)
            cells = len(shown) + (len(shown.encode("utf-8", "replace")) - len(shown)) // 2
            columns = max(4, width - (4 if p.kind == "caption" else 0))
            lines = max(1, -(-cells // columns)) + 1
            lines += p.kind == "heading" and p.index > 0
            lines += p.index in self.codings
            heights.append(lines)
        layout.exact = bytearray(len(heights))
        self._layout = layout
        if sum(len(p.text) for p in self.doc.article.paragraphs) <= EAGER_CHARS:
            for index in range(len(heights)):
                self._block(index)
        return layout

    def _block(self, index: int) -> list[tuple[int, Content]]:
        """Paragraph ``index`` laid out: its lines as ``(paragraph or -1, text)``; fixes its height."""
        layout = self._layout
        block = layout.blocks.get(index)
        if block is not None:
            return block
        assert self.doc is not None
        p = self.doc.article.paragraphs[index]
        width = layout.width
        content = self._paragraph_content(p.index, p.text, p.kind, p.original)
        indent = 4 if p.kind == "caption" else 0
        wrapped = content.divide(break_offsets(content.plain, max(4, width - indent)))
        block = [(-1, Content(""))] if p.kind == "heading" and index > 0 else []
        prefix = Content("▏ ".rjust(indent)) if indent else None
        block.extend((index, prefix + line if prefix else line) for line in wrapped)
        if index in self.codings:
            tags = self._tag_line(self.codings[index])
            block.extend((index, line) for line in tags.divide(break_offsets(tags.plain, max(4, width))))
        block.append((-1, Content("")))
        if len(layout.blocks) >= BLOCK_CACHE:
            del layout.blocks[next(iter(layout.blocks))]
        layout.blocks[index] = block
        if layout.heights[index] != len(block):
            layout.heights[index] = len(block)
            layout._tops = None
            self._strips.clear()  # lines below moved
        layout.exact[index] = 1
        return block

    def _cached_blocks(self) -> dict[int, list[tuple[int, Content]]]:
        return self._layout.blocks

    def _sync_size(self) -> None:
        layout = self._layout
        if layout.width and self.virtual_size.height != layout.total:
            self.virtual_size = Size(layout.width + GUTTER, layout.total)

    def first_line(self, paragraph: int) -> int:
        """The line where ``paragraph``'s text starts (laying it out if needed)."""
        lead = self._block(paragraph)[0][0] < 0
        return self._layout.tops[paragraph] + lead

    def last_line(self, paragraph: int) -> int:
        """The paragraph's last line of text or tags (the blank after it excluded)."""
        return self._layout.tops[paragraph] + len(self._block(paragraph)) - 2

    def _settle(self) -> None:
        """Lay out the paragraphs in view and a screen below, keeping the text in view still.

        Laying out changes estimated heights. What the reader saw must not move: the
        first paragraph from the top that was laid out before (the anchor) keeps its
        place on screen, so the view moves by the height gained above it. With no
        anchor in reach (a jump), the view stays at its line.
        """
        layout = self._ensure_layout()
        if self.doc is None or not layout.heights or self._settling:
            return
        self._settling = True
        try:
            y = round(self.scroll_y)
            height = max(1, self.scrollable_content_region.height)
            p = layout.paragraph_at(y)
            start = layout.tops[p]
            gained, anchored = 0, False
            bottom = start
            while p < len(layout.heights) and bottom < y + gained + 2 * height:
                anchored = anchored or bool(layout.exact[p])
                before = layout.heights[p]
                self._block(p)
                if not anchored:
                    gained += layout.heights[p] - before
                bottom += layout.heights[p]
                p += 1
            self._sync_size()
            if anchored and gained:
                self.scroll_to(y=max(start, y + gained), animate=False, immediate=True)
        finally:
            self._settling = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._settle()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._settle()
        return super().render_lines(crop)

    def _tag_line(self, codings: list[Coding]) -> Content:
        """``⌗ 纠纷 · 警企合作 ✎ “part of it…” 服务`` under a tagged passage, one group per span."""
        muted = self._span_styles["reader--tag-line"]
        parts = [literal(f"  {TAG_LINE}", muted)]
        paragraph_len = len(self.doc.article.paragraphs[codings[0].paragraph].text) if self.doc else 0
        spans: dict[tuple[int, int], list[Coding]] = {}
        several = len({c.by for c in codings}) > 1  # a colleague's codings too: say whose each is (issue 19)
        for c in sorted(codings, key=lambda c: (c.start, c.end, c.tag, c.by)):
            spans.setdefault((c.start, c.end), []).append(c)
        for (start, end), group in spans.items():
            parts.append(Content(" "))
            if (start, end) != (0, paragraph_len):
                quote = group[0].quote if len(group[0].quote) <= 12 else group[0].quote[:11] + "…"
                parts.append(literal(f"“{quote}” ", muted))
            for i, c in enumerate(group):
                if i:
                    parts.append(literal(" · ", muted))
                parts.append(literal(c.tag, colour_style(self.tag_colours.get(c.tag, ""), bold=True)))
                if several:
                    parts.append(literal(f" ‹{c.by}›", muted))
                if c.memo:
                    parts.append(literal(f" {MEMO}", muted))
        return Content("").join(parts)

    def _paragraph_content(self, index: int, text: str, kind: str, original: str | None) -> Content:
        style = self._span_styles
        kind_style = style[f"reader--{kind}"] if kind in ("heading", "caption") else None
        if self.show_original:
            # Entity offsets index the simplified text; the original is shown unmarked.
            content = literal(original or text)
            return content.stylize_before(kind_style) if kind_style else content
        spans = []
        assert self.doc is not None
        for e in self.doc.entities.get(index, ()):
            if e.type == "unit" and e.key in self.focus_units:
                # Full (not partial) styles where a class sets an opaque background:
                # Textual's partial styles drop it.
                spans.append((e.start, e.end, style["reader--focus"]))
            elif (kind := _SHOWN_AS.get(e.type, e.type)) in ENTITY_TYPES and kind not in self.hidden_types:
                spans.append((e.start, e.end, style[f"reader--{kind}"]))
        for c in self.codings.get(index, ()):
            spans.append((c.start, c.end, style["reader--tagged"]))
        sel = self.selection
        if sel is not None and sel.paragraph == index:
            spans.append((*sel.span, style["reader--selection"]))
        if self.query:
            start = text.find(self.query)
            while start != -1:
                current = self.current_hit == (index, start)
                name = "reader--match-current" if current else "reader--match"
                spans.append((start, start + len(self.query), style[name]))
                start = text.find(self.query, start + 1)
        content = with_spans(text, spans)
        return content.stylize_before(kind_style) if kind_style else content

    # --- rendering ----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        layout = self._ensure_layout()
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if index >= layout.total:
            return Strip.blank(width, self.rich_style)
        if not layout.heights:
            key = (index, False, width)
            strip = self._strips.get(key)
            if strip is None:
                strip = self._strips[key] = self._paint(layout.placeholder[index], False, False, width)
            return strip
        block_index = layout.paragraph_at(index)
        block = self._block(block_index)
        offset = index - layout.tops[block_index]
        if offset >= len(block):  # the height changed under us: the next frame has it right
            return Strip.blank(width, self.rich_style)
        paragraph = block[offset][0]
        on_cursor = paragraph >= 0 and paragraph == self.cursor and self.doc is not None
        key = (index, on_cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            first = paragraph >= 0 and offset == int(block[0][0] < 0)
            strip = self._strips[key] = self._paint(block[offset], on_cursor, first, width)
        return strip

    def _paint(self, line: tuple[int, Content], on_cursor: bool, first: bool, width: int) -> Strip:
        """One screen line as a strip (not ``_render``: that name is Textual's ``Widget._render``)."""
        paragraph, content = line
        base = self.get_visual_style("reader--cursor") if on_cursor else self.get_visual_style()
        bar = literal(CURSOR_BAR, component_style(self, "reader--bar")) if on_cursor else Content(" ")
        mark = Content(" ")
        if first and self._is_marked(paragraph):
            mark = literal(PASSAGE_MARK, component_style(self, "reader--mark"))
        elif paragraph >= 0 and paragraph in self.codings:
            colour = self.tag_colours.get(self.codings[paragraph][0].tag, "")
            mark = literal(TAGGED_BAR, colour_style(colour))
        row = bar + mark + content
        segments = row.render_segments(base)
        return Strip(segments).adjust_cell_length(width, base.rich_style).apply_meta({"paragraph": paragraph})

    def _is_marked(self, paragraph: int) -> bool:
        """Passages that ``n``/``N`` stop at: search hits, else mentions of the filter."""
        if self.doc is None:
            return False
        if self.query:
            return self.query in self.doc.article.paragraphs[paragraph].text
        if self.focus_units:
            return any(e.type == "unit" and e.key in self.focus_units for e in self.doc.entities.get(paragraph, ()))
        return False
