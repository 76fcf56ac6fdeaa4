"""Search the corpus (simplified or traditional), titles and passages, and jump to a hit.

The query is the query language of ``beat search`` (:mod:`store.analysis.finding`, one
code path for both): a plain word, "a phrase", AND/OR/NOT, ( ), /regex/, unit:, person:,
place:, tag:, date:, published:, source:. A query that cannot run says why and where
(the offending character marked under the input), never a traceback. The store folds
traditional to simplified, so 糾紛 finds 纠纷. Searching runs in a worker as you type; a
newer query cancels an older one (the worker stops between hits; a regex stops at its
time limit), and the status line says how many hits there are, or "no matches", as you
type. Titles are searched too (a title hit opens its article at the top). Under a unit filter
only the filtered articles' hits are listed, and the status gives both counts ("43 in
corpus, 5 in filter"), so a filter never hides hits silently (issue 16, friction 6).
The chosen result comes back with all listed hits, so that n/N in the reader can step
through them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from store.corpus.query import CorpusIndex, UnitFilter
from store.corpus.tags import Coding
from store.text.wording import plural
from tui.dialogs.base import BeatDialog
from tui.safe_text import clean, literal

if TYPE_CHECKING:  # the query language loads with the first search, not on a warm start (tests/tui/test_app.py)
    from store.analysis.finding import Hit, QueryError, Search

TITLE = -1  # store.analysis.finding.TITLE: a hit in its article's title (checked equal in tests/tui/test_search.py)
SEARCH_LIMIT = 1000  # hits kept for n/N
SEARCH_SECONDS = 5.0  # then the hits found so far are listed and the status says the search stopped
SLOW = 0.3  # seconds before the status says "searching…" (a word over 10,000 articles answers in ~50 ms)
SHOWN = 200  # hits listed: OptionList measures every option on the UI thread
SNIPPET = 18  # characters of context on each side


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str  # a single word as the store matched it (simplified), else the query as typed
    hits: tuple[Hit, ...]  # titles (paragraph TITLE) first, then passages
    chosen: int
    search: Search | None = field(default=None, compare=False)
    _matches: dict[str, dict[int, list[tuple[int, int]]]] = field(default_factory=dict, compare=False)

    def matches(self, article: str) -> dict[int, list[tuple[int, int]]]:
        """Paragraph -> spans to highlight in ``article`` (every match, not only the listed hits)."""
        if self.search is None:
            return {}
        if article not in self._matches:
            from store.analysis.finding import article_matches

            self._matches.clear()  # one article is open at a time
            self._matches[article] = article_matches(self.search, article)
        return self._matches[article]


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
    SearchDialog #search-error { height: auto; color: $error; display: none; }
    SearchDialog #search-error.shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="search.cancel"),
        Binding("enter", "open", "Open passage", priority=True, id="search.open"),
        Binding("up", "move('up')", "Up", show=False, priority=True, id="search.up"),
        Binding("down", "move('down')", "Down", show=False, priority=True, id="search.down"),
        Binding("pageup", "move('page_up')", "Page up", show=False, priority=True, id="search.page-up"),
        Binding("pagedown", "move('page_down')", "Page down", show=False, priority=True, id="search.page-down"),
    ]

    def __init__(
        self, index: CorpusIndex, query: str = "", unit_filter: UnitFilter | None = None, codings: list[Coding] | None = None
    ) -> None:
        super().__init__()
        self.index = index
        self.initial = query
        self.unit_filter = unit_filter or UnitFilter()
        self.codings = codings or []
        self.result: tuple[str, list[Hit]] = ("", [])
        self.found_by: Search | None = None
        self.stopped = False
        self._open_when_ready = False
        self._result_for: str | None = None
        self._scope: set[str] | None = None  # the filter's articles: made by the first search, the filter is fixed here

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Search the corpus").stylize("bold"))
            yield Input(value=self.initial, placeholder='words in 简体 or 繁體, "a phrase", OR, NOT, unit:…', id="search-query")
            yield Static(id="search-error")
            yield OptionList(id="search-results")
            yield Static(id="search-status")
        yield Footer()

    def on_mount(self) -> None:
        if self.initial:
            self.run_search(self.initial)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)
        self.set_timer(SLOW, partial(self._searching, event.value))

    def _searching(self, typed: str) -> None:
        """A search still running after :data:`SLOW`: say so (escape stops it, typing replaces it)."""
        if self.is_mounted and typed == self.query_one(Input).value and self._result_for != typed:
            self.query_one("#search-status", Static).update(Content("searching…"))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        from store.analysis.finding import QueryError, find

        corpus, index, worker = self.index.corpus, self.index, get_current_worker()
        if self.unit_filter and self._scope is None:
            self._scope = {a.id for a in index.filtered(self.unit_filter)}
        scope = self._scope
        began = time.monotonic()

        def stop() -> bool:
            return worker.is_cancelled or time.monotonic() - began > SEARCH_SECONDS

        try:
            found = find(index, query, self.codings, SEARCH_LIMIT, scope, stop=stop)
        except QueryError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_error, query, exc)
            return
        hits, in_corpus = found.hits, found.in_corpus
        options = []
        texts: dict[str, list[str]] = {}
        for hit in hits[:SHOWN]:
            aid = hit.article
            title = index.by_id[aid].title if aid in index.by_id else aid
            if hit.paragraph == TITLE:
                options.append(Option(snippet(title, hit.start, hit.end - hit.start) + Content("\n  (title)")))
                continue
            if aid not in texts:
                texts[aid] = corpus.paragraph_texts(aid)
            passage = snippet(texts[aid][hit.paragraph], hit.start, hit.end - hit.start)
            options.append(Option(literal(title, "bold") + Content("\n  ") + passage))
        if not worker.is_cancelled:
            self.stopped = found.stopped
            self.app.call_from_thread(self._show, query, found.query, hits, options, in_corpus, found.search)

    def _show_error(self, typed: str, error: QueryError) -> None:
        """The message, and the query with the character it goes wrong at marked (as typed: one line)."""
        if typed != self.query_one(Input).value:
            return
        self.result = ("", [])
        self._result_for = typed
        self._open_when_ready = False
        self.query_one(OptionList).clear_options()
        at = min(error.offset, len(typed))
        wrong = literal(clean(typed[at : at + 1]) or " ", "reverse bold")  # past the end: a blank where something was expected
        marked = literal(clean(typed[:at])) + wrong + literal(clean(typed[at + 1 :]))
        self.query_one("#search-error", Static).update(marked + Content("\n") + literal(str(error)))
        self.query_one("#search-error").add_class("shown")
        self.query_one("#search-status", Static).update(Content("the query cannot run: see above"))

    def _status(self, hits: list[Hit], in_corpus: int) -> str:
        """"12 matches in 3 articles (2 titles)", or under a filter "43 in corpus, 5 in filter (2 articles)"."""
        more = "+" if in_corpus >= SEARCH_LIMIT else ""
        titles = sum(1 for h in hits if h.paragraph == TITLE)
        articles = plural(len({h.article for h in hits}), "article")
        listed = f" · listing the first {SHOWN}; n/N in the reader steps through all" if len(hits) > SHOWN else ""
        if self.stopped:
            listed += f" · stopped after {SEARCH_SECONDS:g} s: the hits so far"
        if not self.unit_filter:
            matches = plural(len(hits), "match", "matches").replace(" ", f"{more} ", 1)  # "200+ matches"
            return f"{matches} in {articles}" + (f" ({plural(titles, 'title')})" if titles else "") + listed
        if not hits:
            return f"no matches in the filter ({in_corpus}{more} in corpus: escape, then escape again clears the filter)"
        counted = articles + (f", {plural(titles, 'title')}" if titles else "")
        return f"{in_corpus}{more} in corpus, {len(hits)} in filter ({counted}){listed}"

    def _show(
        self, typed: str, query: str, hits: list[Hit], options: list[Option], in_corpus: int = 0, by: Search | None = None
    ) -> None:
        if typed != self.query_one(Input).value:
            return  # a newer query is on its way
        self.found_by = by
        self.query_one("#search-error").remove_class("shown")
        self.result = (query, hits)
        self._result_for = typed
        results = self.query_one(OptionList)
        results.set_options(options)
        results.highlighted = 0 if options else None
        status = self.query_one("#search-status", Static)
        if not query:
            status.update("")
        elif not in_corpus:
            status.update(Content(f"no matches in {SEARCH_SECONDS:g} s: the search stopped" if self.stopped else "no matches"))
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
        self.dismiss(SearchResult(query, tuple(hits), chosen, self.found_by))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_open()

