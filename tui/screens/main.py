"""The reading screen: article list, reader and timeline, and the state they share.

The screen owns the state (open article, unit filter, search, timeline mode, which
sidebars show) as reactives and hands it down; widgets report what the user did with
messages. Everything that touches the store runs in a worker thread.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer
from textual.worker import get_current_worker

from store.corpus.query import CorpusIndex, TimelineRow, UnitFilter, article_rows
from store.corpus.tags import Coding
from store.db.metadata import byline_entities
from store.workspace import Workspace
from tui.dialogs.search import SearchResult
from tui.screens.entity_correcting import EntityCorrecting
from tui.screens.main_keys import MAIN_BINDINGS
from tui.screens.match_steps import MatchSteps
from tui.screens.pane_layout import PaneLayout
from tui.screens.passage_tagging import PassageTagging
from tui.screens.reading_dialogs import ReadingDialogs
from tui.screens.timeline_mode import TimelineMode
from tui.widgets.article_header import ArticleHeader
from tui.widgets.article_list import ArticleList
from tui.widgets.filter_bar import FilterBar
from tui.widgets.legend import Legend
from tui.widgets.reader import Reader
from tui.widgets.reader_doc import ReaderDoc
from tui.widgets.timeline import EventLabel, Timeline

SAVE_AFTER = 2.0  # seconds the cursor rests before the reading position is written: one write per pause, not per key


class MainScreen(TimelineMode, ReadingDialogs, MatchSteps, PaneLayout):
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.tagging = PassageTagging(self)
        self.correcting = EntityCorrecting(self)  # f (issue 13)

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filters")
        with Horizontal(id="body"):
            yield ArticleList(id="articles")
            with Vertical(id="centre"):
                yield ArticleHeader(id="article-header")
                yield Legend(id="legend").data_bind(MainScreen.hidden_types, MainScreen.show_original)
                yield Reader(id="reader").data_bind(MainScreen.hidden_types, MainScreen.show_original)
            with Vertical(id="side"):
                yield Timeline(id="timeline")
                yield EventLabel(id="event-label")
        yield Footer()

    def on_mount(self) -> None:
        self.articles.focus()
        self._refresh_bar()

    # --- loading ------------------------------------------------------------------
    def load(self, index: CorpusIndex) -> None:
        """A (re)loaded store: show it, keeping filter and article where they still apply."""
        first = self.index is None
        self.index = index
        self._corpus_rows = None
        self.articles.tag_count = lambda a: index.tag_count(a.id)
        if self.unit_filter:
            keys = frozenset(index.corpus.canonical_unit(k) for k in self.unit_filter.keys)
            self.unit_filter = UnitFilter(keys, self.unit_filter.include_subunits)
        self._apply_filter()
        if not index.articles:
            self.reader.show_placeholder("The store holds no articles yet. Import some with 'beat import PATH'.")
            return
        if first:
            self.restore_look(index.settings)
            saved = index.settings.get("article")  # the article open at the last quit, if it is still there
            listed = saved in index.by_id and (not self.unit_filter or any(a.id == saved for a in self.articles.articles))
            if not (listed and isinstance(saved, str)):  # by the id index: the whole list is never walked
                saved = self.articles.current.id if self.articles.current else index.articles[0].id
            self.open_article(saved, user=False)
        elif self.article_id in index.by_id:
            self.load_article(self.article_id, self.reader.cursor, 0)  # unit keys may have changed

    def show_problem(self, message: str) -> None:
        self.reader.show_placeholder(message)

    # --- filter -------------------------------------------------------------------
    def watch_unit_filter(self, old: UnitFilter, new: UnitFilter) -> None:
        self._apply_filter()
        if bool(old) != bool(new):
            self.refresh_bindings()

    def _apply_filter(self) -> None:
        index = self.index
        if index is None:
            return
        flt = self.unit_filter
        self.focus_keys = index.expand(flt) if flt else frozenset()
        current = self.articles.current
        self.articles.locate = None if flt else index.corpus.position  # the whole list: found by the store's id index
        self.articles.show(index.filtered(flt), keep=current.id if current else self.article_id)
        self.articles.mark(self.article_id, set(index.positions))
        self._update_marks()
        listed = self.articles.articles
        if flt and listed and self.article_id is not None and self.article_id not in {a.id for a in listed}:
            # The reader follows the filter: an article that does not match would contradict "1/5 articles".
            self.open_article(listed[0].id, mention=1)
        if self.timeline_mode == "corpus":
            self.load_corpus_timeline()
        self._refresh_bar()

    def _update_marks(self) -> None:
        hit, matches = None, None
        if self.search is not None:
            at = self.search.hits[self.search_pos]
            hit = (at.paragraph, at.start) if at.article == self.article_id else None
            matches = self.search.matches(self.article_id) if self.article_id else None
        self.reader.set_marks(self.focus_keys, self.search.query if self.search else None, hit, matches)

    def _refresh_bar(self) -> None:
        index = self.index
        total = len(index.articles) if index else 0
        units = [index.unit_name(k) for k in sorted(self.unit_filter.keys)] if index else []
        s = self.search
        self.query_one(FilterBar).show(
            len(self.articles.articles),
            total,
            units,
            self.unit_filter.include_subunits,
            s.query if s else None,
            self.search_pos,
            len(s.hits) if s else 0,
            self.timeline_mode,
        )

    # --- articles -----------------------------------------------------------------
    def open_article(self, article_id: str, paragraph: int | None = None, *, user: bool = True, mention: int = 0) -> None:
        if article_id != self.article_id:
            self.remember_position()
            self._touched = user
        elif user:
            self._touched = True
        if article_id == self.article_id and self.doc is not None and not mention:
            if paragraph is not None:
                self.reader.cursor = paragraph
            return
        self.load_article(article_id, paragraph, mention)

    def _failed(self, what: str, exc: Exception) -> None:
        """A worker failed: say so on screen (from the worker's thread)."""
        message = f"{what}: {type(exc).__name__}: {exc}"
        self.app.call_from_thread(self.notify, message, severity="error", timeout=15, markup=False)

    @work(thread=True, exclusive=True, group="article")
    def load_article(self, article_id: str, paragraph: int | None, mention: int) -> None:
        index = self.index
        assert index is not None
        corpus = index.corpus
        summary = index.by_id.get(article_id)
        try:
            credits, credit_people = byline_entities(corpus.metadata(article_id))
            doc = ReaderDoc.group(
                corpus.article(article_id),
                corpus.entities(article_id),
                corpus.events(article_id),
                reference=corpus.reference(article_id),
                units=summary.units if summary else (),
                credits=credits,
                credit_people=tuple(credit_people),
            )
        except Exception as exc:  # noqa: BLE001 - shown, and the app stays up
            self._failed(f"Could not open article {article_id}", exc)
            return
        if mention:  # arriving by n/N: first (or last) passage that mentions the filter
            paras = doc.paragraphs_mentioning(self.focus_keys)
            paragraph = (paras[0] if mention > 0 else paras[-1]) if paras else 0
        rows = article_rows(article_id, doc.events)
        if (search := self.search) is not None:
            search.matches(article_id)  # the query run over this article here, not on the UI thread (a regex may take a while)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._article_loaded, doc, rows, paragraph)

    def _article_loaded(self, doc: ReaderDoc, rows: list[TimelineRow], paragraph: int | None) -> None:
        assert self.index is not None
        aid = doc.article.id
        self.doc = doc
        self.article_id = aid
        cursor = paragraph if paragraph is not None else self.index.positions.get(aid, 0)
        self._saved = (aid, cursor) if aid in self.index.positions and paragraph is None else None
        self._update_marks()
        self.reader.show_doc(doc, cursor)
        self.show_tags()
        self._show_header()
        if self.timeline_mode == "article":
            self.timeline.show(rows, "article", "No dated events in this article.")
        self.articles.mark(aid)
        self.articles.move_to(aid)
        self._refresh_bar()
        self.keep_setting("article", aid)

    def _show_header(self) -> None:
        if self.doc is None or self.index is None:
            return
        names = [self.index.unit_name(k) for k in self.doc.units]
        self.query_one(ArticleHeader).show_doc(self.doc, names, self.show_original)

    def remember_position(self, wait: bool = False) -> None:
        """Save where the user is in the open article (on leaving it, and on exit)."""
        index, aid = self.index, self.article_id
        if index is None or aid is None or not self._touched or self.doc is None:
            return
        paragraph = self.reader.cursor
        if self._saved == (aid, paragraph):
            return
        self._saved = (aid, paragraph)
        index.positions[aid] = paragraph
        self.articles.mark(self.article_id, set(index.positions))
        if index.corpus.user is None:
            return
        if wait:
            self.workspace.save_position(aid, paragraph)
        else:
            self.write_user("the reading position", partial(self.workspace.save_position, aid, paragraph))

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.open_article(event.article_id)
        self.show_pane("reader")

    @on(Reader.PassageChanged)
    def _passage_changed(self, event: Reader.PassageChanged) -> None:
        if self.reader.has_focus:
            self._touched = True
        if self._touched:  # saved when it changes, so a crash or a kill loses at most SAVE_AFTER seconds
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(SAVE_AFTER, self.remember_position)
        tagged = bool(self.reader.codings.get(event.paragraph))
        if tagged != self._tagged_here:
            self._tagged_here = tagged
            self.refresh_bindings()
        self.timeline.follow(event.article_id, event.paragraph)

    @on(Timeline.EventChosen)
    def _event_chosen(self, event: Timeline.EventChosen) -> None:
        """Enter on an event: its passage, and the keys go to the reader, where the user reads next."""
        self.open_article(event.article_id, event.paragraph)
        self.show_pane("reader")

    @on(Timeline.Highlighted)
    def _event_highlighted(self, event: Timeline.Highlighted) -> None:
        self.query_one(EventLabel).show(event.row)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """On a tiny terminal the focused pane is the one shown."""
        widget = event.widget
        pane = (
            "list"
            if widget is self.articles
            else "timeline"
            if widget is self.timeline
            else "reader"
            if widget is self.reader
            else None
        )
        if pane is not None and self.single:
            self.pane = pane

    @on(Reader.SelectionChanged)
    def _selection_changed(self) -> None:
        self.refresh_bindings()

    # --- tags ---------------------------------------------------------------------
    def show_tags(self, codings: list[Coding] | None = None) -> None:
        """The open article's tags in the reader, and the counts in the list (after any change).

        ``codings``: all of them, when the caller has just read them (saves a second read).
        """
        self.tagging.show(codings)
        self._tagged_here = bool(self.reader.codings.get(self.reader.cursor))
        self.refresh_bindings()

    def action_tag(self, what: str) -> None:
        self.tagging.tag(selection=what == "selection")

    def action_untag(self) -> None:
        self.tagging.untag()

    def action_memo(self) -> None:
        self.tagging.edit_memo()

    def action_tag_browser(self) -> None:
        self.tagging.browse()

    def action_correct_entity(self) -> None:
        self.correcting.correct()

    def action_concordance(self) -> None:
        from tui.screens.concordance import open_concordance

        open_concordance(self)

    def action_analysis_tables(self) -> None:
        from tui.screens.analysis_tables import open_tables

        open_tables(self)

    def action_cooccurrence(self) -> None:
        from tui.screens.cooccurrence_view import open_cooccurrence

        open_cooccurrence(self)

    def action_reposts(self) -> None:
        from tui.screens.reposts_view import open_reposts

        open_reposts(self)

    # --- n / N / escape -------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step_match" or action == "clear_search":
            return self.search is not None
        if action == "step_mention" or action == "clear_filter":
            return bool(self.unit_filter) and self.search is None
        if action in ("date", "original", "correct_entity"):
            return True if self.article_id else None
        if action == "tag":
            selecting = self.reader.selection is not None
            return (parameters == ("selection",)) == selecting and (True if self.article_id else None)
        if action in ("untag", "memo"):
            return bool(self.reader.codings.get(self.reader.cursor))
        return True

    def watch_search(self, old: SearchResult | None, new: SearchResult | None) -> None:
        self._update_marks()
        self._refresh_bar()
        if (old is None) != (new is None):
            self.refresh_bindings()

    def watch_article_id(self, old: str | None, new: str | None) -> None:
        if (old is None) != (new is None):
            self.refresh_bindings()
