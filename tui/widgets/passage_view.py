"""The reader's engine: an article's passages laid out and painted line by line (Line API).

Its cost follows the screen, not the article: each paragraph's height is estimated
from its length (one C-speed encode), and only the paragraphs in view (plus a screen
below) are wrapped into styled lines, once per width, and kept in a bounded cache. A
paragraph's exact height replaces its estimate when it is laid out; when that happens
above the top of the view, the view moves with it, so the text being read never jumps.
A 50,000-paragraph article opened in 16 s this way took ~0.1 s. What the keys do (the
cursor, selecting, paging) is :class:`tui.widgets.reader.Reader`'s.
"""

from __future__ import annotations

from typing import ClassVar

from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from store.corpus.tags import Coding
from tui.linebreak import break_offsets
from tui.safe_text import literal
from tui.sentences import Selection
from tui.styles import colour_style, component_style
from tui.symbols import CURSOR_BAR, PASSAGE_MARK, TAGGED_BAR
from tui.widgets.passage_lines import Marks, paragraph_content, tag_line
from tui.widgets.reader_doc import ReaderDoc
from tui.widgets.reader_layout import BLOCK_CACHE, EAGER_CHARS, ReaderLayout

GUTTER = 2  # cursor bar + passage mark


class PassageView(ScrollView):
    """Subclassed by the reader, which sets ``COMPONENT_CLASSES`` and the CSS these styles come from."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set()

    cursor: reactive[int] = reactive(0, always_update=True)
    hidden_types: reactive[frozenset[str]] = reactive(frozenset())
    show_original: reactive[bool] = reactive(False)
    selection: reactive[Selection | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc: ReaderDoc | None = None
        self.placeholder = "Opening the store…"
        self.focus_units: frozenset[str] = frozenset()
        self.query: str | None = None  # type: ignore[assignment]  # shadows DOMNode.query(); renaming it touches every screen and test
        self.current_hit: tuple[int, int] | None = None
        self.matches: dict[int, list[tuple[int, int]]] = {}  # the search's spans in the open article, by paragraph
        self._layout = ReaderLayout()
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(256)
        self._scroll_on_cursor = True
        self._settling = False
        self._span_styles: dict[str, Style] = {}
        self.codings: dict[int, list[Coding]] = {}
        self.tag_colours: dict[str, str] = {}

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
            self._layout = ReaderLayout()
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

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._layout = ReaderLayout()
        self._strips.clear()

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

    # --- layout -------------------------------------------------------------------
    def on_resize(self) -> None:
        self._strips.clear()
        self._ensure_layout()
        self.scroll_cursor_visible()  # rewrapping moved the passage; keep it in view

    def _ensure_layout(self) -> ReaderLayout:
        """The layout for the current width, with estimated heights when new (O(paragraphs), cheap)."""
        width = self.scrollable_content_region.width - GUTTER
        if width <= 0:
            return self._layout
        if self._layout.width != width:
            self._layout = self._estimate_layout(width)
            self._strips.clear()
            self.virtual_size = Size(width + GUTTER, self._layout.total)
        return self._layout

    def _estimate_layout(self, width: int) -> ReaderLayout:
        layout = ReaderLayout(width)
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
        paragraph_len = len(self.doc.article.paragraphs[codings[0].paragraph].text) if self.doc else 0
        return tag_line(codings, paragraph_len, self._span_styles["reader--tag-line"], self.tag_colours)

    def _paragraph_content(self, index: int, text: str, kind: str, original: str | None) -> Content:
        style = self._span_styles
        kind_style = style[f"reader--{kind}"] if kind in ("heading", "caption") else None
        if self.show_original:
            # Entity offsets index the simplified text; the original is shown unmarked.
            content = literal(original or text)
            return content.stylize_before(kind_style) if kind_style else content
        assert self.doc is not None
        marks = Marks(self.focus_units, self.hidden_types, self.codings, self.selection, self.matches, self.current_hit)
        return paragraph_content(index, text, kind_style, self.doc.entities.get(index, []), marks, style)

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
            return paragraph in self.matches
        if self.focus_units:
            return any(e.type == "unit" and e.key in self.focus_units for e in self.doc.entities.get(paragraph, ()))
        return False
