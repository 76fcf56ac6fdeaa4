"""The state the reading screen shares with the parts it is made of, as reactives.

The screen is split by role (timeline, dialogs, stepping, panes: one module each);
each part subclasses this, so that it sees the state and the few methods the others
provide with their types, and :class:`tui.screens.main.MainScreen` joins them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from textual import work
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from store.corpus.query import CorpusIndex, TimelineRow, UnitFilter
from store.workspace import Workspace
from tui.dialogs.search import SearchResult
from tui.guard import GuardedScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader
from tui.widgets.reader_doc import ReaderDoc
from tui.widgets.timeline import Timeline


class ReadingState(GuardedScreen, Screen[None]):
    # Footer keys depend on these (check_action), but re-composing the footer costs
    # ~50 ms: the watchers refresh bindings only when what the footer shows changes.
    article_id: reactive[str | None] = reactive(None)
    unit_filter: reactive[UnitFilter] = reactive(UnitFilter)
    search: reactive[SearchResult | None] = reactive(None)
    search_pos: reactive[int] = reactive(0)
    timeline_mode: reactive[str] = reactive("article")
    sidebars: reactive[str] = reactive("both")  # both | list | timeline | none
    narrow: reactive[bool] = reactive(False)
    hidden_types: reactive[frozenset[str]] = reactive(frozenset())
    show_original: reactive[bool] = reactive(False)
    single: reactive[bool] = reactive(False)  # a tiny terminal: one pane at a time
    pane: reactive[str] = reactive("list")  # which one, then: list | reader | timeline

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.index: CorpusIndex | None = None
        self.doc: ReaderDoc | None = None
        self.focus_keys: frozenset[str] = frozenset()
        self._touched = False  # the user read (moved in) the open article
        self._saved: tuple[str, int] | None = None
        self._save_timer: Timer | None = None
        self._corpus_rows: Sequence[TimelineRow] | None = None  # unfiltered, cached
        self._tagged_here = False  # the passage under the cursor carries tags (x and e show)
        self.pane_shift: dict[str, int] = {}  # columns the user added to (or took from) each sidebar with < and >

    # --- settings kept across restarts ---------------------------------------------
    def keep_setting(self, key: str, value: Any) -> None:
        """Remember a setting in the user store (as the theme is), when it changed and the store is open."""
        index = self.index
        if index is None or index.corpus.user is None or index.settings.get(key) == value:
            return
        index.settings[key] = value
        self.write_user("a setting", partial(self.workspace.save_setting, key, value))

    @work(thread=True, group="user-write")
    def write_user(self, what: str, write: Callable[[], None]) -> None:
        """A small user-store write (a setting, a reading position) off the UI thread; a failure is shown."""
        try:
            write()
        except Exception as exc:  # noqa: BLE001 - e.g. a full disk: tell the user
            self._failed(f"Could not save {what}", exc)

    # --- widgets ------------------------------------------------------------------
    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    # --- provided by the parts (see MainScreen's bases) -----------------------------
    def open_article(self, article_id: str, paragraph: int | None = None, *, user: bool = True, mention: int = 0) -> None:
        raise NotImplementedError

    def load_article(self, *args: Any, **kwargs: Any) -> Any:  # a worker: (article_id, paragraph, mention)
        raise NotImplementedError

    def load_corpus_timeline(self, *args: Any, **kwargs: Any) -> Any:  # a worker
        raise NotImplementedError

    def _go_to_hit(self) -> None:
        raise NotImplementedError

    def _failed(self, what: str, exc: Exception) -> None:
        raise NotImplementedError

    def _refresh_bar(self) -> None:
        raise NotImplementedError

    def _update_marks(self) -> None:
        raise NotImplementedError

    def _show_header(self) -> None:
        raise NotImplementedError
