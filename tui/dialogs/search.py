"""Search the corpus (simplified or traditional), titles and passages, and jump to a hit.

The store folds traditional to simplified, so 糾紛 finds 纠纷. Searching runs in a
worker as you type; a newer query cancels an older one, and the status line says how
many hits there are, or "no matches", as you type. Titles are searched too (a title
hit opens its article at the top: :mod:`store.corpus.search`). Under a unit filter
only the filtered articles' hits are listed, and the status gives both counts ("43 in
corpus, 5 in filter"), so a filter never hides hits silently (issue 16, friction 6).
The chosen result comes back with all listed hits, so that n/N in the reader can step
through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from store.corpus.query import CorpusIndex, UnitFilter
from store.corpus.search import TITLE_HIT, search
from store.text.wording import plural
from tui.dialogs.base import BeatDialog
from tui.safe_text import clean, literal

SEARCH_LIMIT = 1000  # hits kept for n/N
SHOWN = 200  # hits listed: OptionList measures every option on the UI thread
SNIPPET = 18  # characters of context on each side


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str  # as the store matched it (simplified)
    hits: tuple[tuple[str, int, int], ...]  # (article, paragraph, offset)
    chosen: int


def snippet(text: str, start: int, length: int) -> Content:
    """The match with some context, the match itself highlighted."""
    left = max(0, start - SNIPPET)
    right = min(len(text), start + length + SNIPPET)
    before, match, after = clean(text[left:start]), clean(text[start : start + length]), clean(text[start + length : right])
    return (
        Content("…" if left else "")
        + literal(before)
        + literal(match, "bold reverse $beat-match")
        + literal(after)
        + Content("…" if right < len(text) else "")
    )


class SearchDialog(BeatDialog[SearchResult | None]):
    DEFAULT_CSS = """
    SearchDialog > Vertical.dialog { width: 90%; max-width: 110; height: 80%; }
    SearchDialog OptionList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    SearchDialog #search-status { height: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="search.cancel"),
        Binding("enter", "open", "Open passage", priority=True, id="search.open"),
        Binding("up", "move('up')", "Up", show=False, priority=True, id="search.up"),
        Binding("down", "move('down')", "Down", show=False, priority=True, id="search.down"),
        Binding("pageup", "move('page_up')", "Page up", show=False, priority=True, id="search.page-up"),
        Binding("pagedown", "move('page_down')", "Page down", show=False, priority=True, id="search.page-down"),
    ]

    def __init__(self, index: CorpusIndex, query: str = "", unit_filter: UnitFilter | None = None) -> None:
        super().__init__()
        self.index = index
        self.initial = query
        self.unit_filter = unit_filter or UnitFilter()
        self.result: tuple[str, list[tuple[str, int, int]]] = ("", [])
        self._open_when_ready = False
        self._result_for: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Search the corpus").stylize("bold"))
            yield Input(value=self.initial, placeholder="words in 简体 or 繁體", id="search-query")
            yield OptionList(id="search-results")
            yield Static(id="search-status")
        yield Footer()

    def on_mount(self) -> None:
        if self.initial:
            self.run_search(self.initial)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        corpus, index = self.index.corpus, self.index
        found = search(index, query, SEARCH_LIMIT, self.unit_filter)
        matched, hits, in_corpus = found.query, found.hits, found.in_corpus
        options = []
        texts: dict[str, list[str]] = {}
        for aid, p, offset in hits[:SHOWN]:
            title = index.by_id[aid].title if aid in index.by_id else aid
            if offset == TITLE_HIT:
                options.append(Option(snippet(title, title.find(matched), len(matched)) + Content("\n  (title)")))
                continue
            if aid not in texts:
                texts[aid] = corpus.paragraph_texts(aid)
            options.append(Option(literal(title, "bold") + Content("\n  ") + snippet(texts[aid][p], offset, len(matched))))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, matched, hits, options, in_corpus)

    def _status(self, hits: list[tuple[str, int, int]], in_corpus: int) -> str:
        """"12 matches in 3 articles (2 titles)", or under a filter "43 in corpus, 5 in filter (2 articles)"."""
        more = "+" if in_corpus >= SEARCH_LIMIT else ""
        titles = sum(1 for h in hits if h[2] == TITLE_HIT)
        articles = plural(len({h[0] for h in hits}), "article")
        listed = f" · listing the first {SHOWN}; n/N in the reader steps through all" if len(hits) > SHOWN else ""
        if not self.unit_filter:
            matches = plural(len(hits), "match", "matches").replace(" ", f"{more} ", 1)  # "200+ matches"
            return f"{matches} in {articles}" + (f" ({plural(titles, 'title')})" if titles else "") + listed
        if not hits:
            return f"no matches in the filter ({in_corpus}{more} in corpus: escape, then escape again clears the filter)"
        counted = articles + (f", {plural(titles, 'title')}" if titles else "")
        return f"{in_corpus}{more} in corpus, {len(hits)} in filter ({counted}){listed}"

    def _show(
        self, typed: str, query: str, hits: list[tuple[str, int, int]], options: list[Option], in_corpus: int = 0
    ) -> None:
        if typed != self.query_one(Input).value:
            return  # a newer query is on its way
        self.result = (query, hits)
        self._result_for = typed
        results = self.query_one(OptionList)
        results.set_options(options)
        results.highlighted = 0 if options else None
        status = self.query_one("#search-status", Static)
        if not query:
            status.update("")
        elif not in_corpus:
            status.update(Content("no matches"))
        else:
            status.update(Content(self._status(hits, in_corpus)))
        if self._open_when_ready:
            self._open_when_ready = False
            self.action_open()

    def action_open(self) -> None:
        query, hits = self.result
        typed = self.query_one(Input).value
        if typed != self._result_for:  # enter pressed before this query's results arrived
            self._open_when_ready = True
            if not any(w.node is self and w.group == "search" and w.is_running for w in self.app.workers):
                self.run_search(typed)
            return
        chosen = self.query_one(OptionList).highlighted
        if not hits or chosen is None:
            return
        self.dismiss(SearchResult(query, tuple(hits), chosen))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_open()

