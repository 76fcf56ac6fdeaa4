"""The left sidebar: every article (after the filters) as a two-line row.

Line one: read marker and title. Line two: outlet, date or "date unknown", how many
units it mentions and how many tags it carries. Virtual (see :mod:`tui.widgets.rows`),
so ten thousand articles cost what the visible twenty do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from store.corpus.corpus import ArticleSummary
from store.text.wording import plural
from tui.safe_text import literal
from tui.styles import component_style
from tui.symbols import OPEN_ARTICLE, UNREAD
from tui.widgets.rows import RowList


class ArticleList(RowList):
    ROW_HEIGHT = 2
    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--meta", "article-list--unread", "article-list--open"}
    DEFAULT_CSS = """
    ArticleList {
        width: 38;
        height: 1fr;
        border-right: vkey $foreground 15%;
        &:focus { border-right: vkey $accent; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--unread { color: $accent; text-style: bold; }
        & > .article-list--open { color: $success; text-style: bold; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="articles.open"),
    ]

    class Selected(Message):
        """The user chose an article to read."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: Sequence[ArticleSummary] = []
        self.read: set[str] = set()
        self.open_id: str | None = None
        self.unit_count: Callable[[ArticleSummary], int] = lambda a: len(a.units)
        self.tag_count: Callable[[ArticleSummary], int] = lambda a: 0
        # Where an id is in ``articles`` without walking them (the whole corpus: the store's id index).
        self.locate: Callable[[str], int | None] | None = None

    def show(self, articles: Sequence[ArticleSummary], keep: str | None = None) -> None:
        """Replace the rows; keep the cursor on article ``keep`` if it is still listed."""
        self.articles = articles
        cursor = 0
        if keep is not None:
            cursor = self._position(keep) or 0
        self.rows_changed(cursor)

    def _position(self, article_id: str) -> int | None:
        if self.locate is not None:
            return self.locate(article_id)
        return next((i for i, a in enumerate(self.articles) if a.id == article_id), None)

    def mark(self, open_id: str | None = None, read: set[str] | None = None) -> None:
        if read is not None:
            self.read = read
        self.open_id = open_id
        self.restyle()

    def move_to(self, article_id: str) -> None:
        if (at := self._position(article_id)) is not None:
            self.cursor = at

    @property
    def current(self) -> ArticleSummary | None:
        return self.articles[self.cursor] if self.articles else None

    # --- RowList ------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.articles)

    def row_content(self, index: int, line: int, width: int) -> Content:
        a = self.articles[index]
        if line == 0:
            if a.id == self.open_id:
                marker = literal(f"{OPEN_ARTICLE} ", component_style(self, "article-list--open"))
            elif a.id in self.read:
                marker = Content("  ")
            else:
                marker = literal(f"{UNREAD} ", component_style(self, "article-list--unread"))
            return marker + literal(a.title)
        units, tags = self.unit_count(a), self.tag_count(a)
        # Counts are right-aligned so that truncating a long outlet never hides them.
        if width >= 34:
            counts = f" {plural(units, 'unit')} · {plural(tags, 'tag')}"
        else:
            counts = f" {units}u {tags}t"
        left = literal(f"  {a.published or 'date unknown'} · {a.source or 'outlet unknown'}")
        room = max(0, width - len(counts))
        left = left.truncate(room, ellipsis=True, pad=True)
        return (left + counts).stylize(component_style(self, "article-list--meta"))

    def choose(self, index: int) -> None:
        self.post_message(self.Selected(self.articles[index].id))
