"""A virtual list of fixed-height rows on the Line API, for lists of any length.

Only the rows on screen are ever rendered (toolong's approach): the article list and
the corpus timeline hold tens of thousands of rows, and OptionList measures every
option's height up front, which costs more than the 50 ms a filter may take.
Subclasses say how a row looks (:meth:`row_content`) and what choosing it means.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class RowList(ScrollView, can_focus=True):
    """Subclass and implement ``row_count``, ``row_content`` and ``choose``."""

    ROW_HEIGHT: ClassVar[int] = 1
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rows--cursor", "rows--cursor-blurred"}
    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
        & > .rows--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
        & > .rows--cursor-blurred { background: $block-cursor-blurred-background; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="rows.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="rows.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="rows.page-up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="rows.page-down"),
        Binding("home,g", "first", "First", show=False, id="rows.first"),
        Binding("end,G", "last", "Last", show=False, id="rows.last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._strips: LRUCache[tuple[int, int, bool, int], Strip] = LRUCache(512)

    # --- to implement -------------------------------------------------------------
    def row_count(self) -> int:
        raise NotImplementedError

    def row_content(self, index: int, line: int, width: int) -> Content:
        raise NotImplementedError

    def selectable(self, index: int) -> bool:
        return True

    def choose(self, index: int) -> None:
        """Enter (or a click) on a row."""

    # --- data changes -------------------------------------------------------------
    def rows_changed(self, cursor: int | None = 0) -> None:
        """Call after the rows changed: resizes, clears the cache, places the cursor."""
        self._strips.clear()
        self.virtual_size = Size(self.size.width, self.row_count() * self.ROW_HEIGHT)
        if cursor is not None:
            self.set_reactive(RowList.cursor, self._nearest_selectable(cursor, 1))
            self.scroll_to(y=max(0, self.cursor * self.ROW_HEIGHT - self.size.height // 3), animate=False)
        self.refresh()

    def restyle(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: cached strips hold the old colours

    def _nearest_selectable(self, index: int, step: int) -> int:
        count = self.row_count()
        if count == 0:
            return 0
        index = max(0, min(index, count - 1))
        probe = index
        while 0 <= probe < count and not self.selectable(probe):
            probe += step
        if 0 <= probe < count:
            return probe
        probe = index
        while 0 <= probe < count and not self.selectable(probe):
            probe -= step
        return probe if 0 <= probe < count else index

    # --- cursor -------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.row_count() - 1)) if self.row_count() else 0

    def watch_cursor(self) -> None:
        self._strips.clear()
        self.scroll_cursor_visible()
        self.refresh()

    def scroll_cursor_visible(self) -> None:
        top = self.cursor * self.ROW_HEIGHT
        bottom = top + self.ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif height and bottom > self.scroll_y + height:
            self.scroll_to(y=bottom - height, animate=False)

    def _move(self, step: int) -> None:
        count = self.row_count()
        probe = self.cursor + step
        while 0 <= probe < count and not self.selectable(probe):
            probe += 1 if step > 0 else -1
        if 0 <= probe < count:
            self.cursor = probe

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        rows = max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1)
        self.cursor = self._nearest_selectable(self.cursor - rows, -1)

    def action_page_down(self) -> None:
        rows = max(1, self.scrollable_content_region.height // self.ROW_HEIGHT - 1)
        self.cursor = self._nearest_selectable(self.cursor + rows, 1)

    def action_first(self) -> None:
        self.cursor = self._nearest_selectable(0, 1)

    def action_last(self) -> None:
        self.cursor = self._nearest_selectable(self.row_count() - 1, -1)

    def action_choose(self) -> None:
        if self.row_count() and self.selectable(self.cursor):
            self.choose(self.cursor)

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if index is not None and self.selectable(index):
            self.cursor = index
            self.choose(index)

    def on_focus(self) -> None:
        self.restyle()

    def on_blur(self) -> None:
        self.restyle()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count() * self.ROW_HEIGHT)
        self._strips.clear()

    # --- rendering ----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        absolute = round(self.scroll_y) + y
        index, line = divmod(absolute, self.ROW_HEIGHT)
        if index >= self.row_count():
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor
        key = (index, line, selected, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(index, line, width, selected)
            self._strips[key] = strip
        return strip

    def _render_row_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        base = self.get_visual_style()
        if selected:  # full style: Textual's partial styles drop an opaque background
            base = self.get_visual_style("rows--cursor" if self.has_focus else "rows--cursor-blurred")
        content = self.row_content(index, line, width).truncate(width, ellipsis=True)
        segments = content.render_segments(base)
        return Strip(segments).adjust_cell_length(width, base.rich_style).apply_meta({"row": index})
