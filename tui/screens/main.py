"""The reading screen: article list, reader and timeline, and the state they share.

The screen owns the state (open article, unit filter, search, timeline mode, which
sidebars show) as reactives and hands it down; widgets report what the user did with
messages. Everything that touches the store runs in a worker thread.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from store.corpus.query import CorpusIndex, TimelineRow, UnitFilter, article_rows, corpus_rows
from store.corpus.tags import Coding
from store.db.metadata import byline_text
from store.db.schema import ENTITY_TYPES
from store.workspace import Workspace, WorkspaceError
from tui.dialogs.search import SearchResult
from tui.guard import GuardedScreen
from tui.screens.passage_tagging import PassageTagging
from tui.styles import NARROW
from tui.widgets.article_header import ArticleHeader
from tui.widgets.article_list import ArticleList
from tui.widgets.filter_bar import FilterBar
from tui.widgets.legend import Legend
from tui.widgets.reader import Reader, ReaderDoc
from tui.widgets.timeline import Timeline

SAVE_AFTER = 2.0  # seconds the cursor rests before the reading position is written: one write per pause, not per key


class MainScreen(GuardedScreen, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Footer order is priority order: at 80 columns the tagging keys must fit, so they
        # come before the contextual ones; rare toggles are only in ? and the palette.
        Binding("question_mark", "app.help", "Keys", tooltip="Show every key", id="main.help"),
        Binding("u", "units", "Units", tooltip="Filter by police unit (pinyin works)", id="main.units"),
        Binding("slash", "search", "Search", tooltip="Search the whole corpus", id="main.search"),
        Binding("t", "tag('passage')", "Tag ¶", tooltip="Tag the passage under the cursor", id="main.tag-passage"),
        Binding(
            "t", "tag('selection')", "Tag selection", tooltip="Tag the selected sentences or clauses", id="main.tag-selection"
        ),
        Binding("x", "untag", "Untag", tooltip="Remove a tag from the passage under the cursor", id="main.untag"),
        Binding("M", "memo", "Memo", tooltip="Write or edit the memo of a tag on this passage", id="main.memo"),
        Binding("number_sign", "tag_browser", "Tags", tooltip="Browse tags and every tagged passage", id="main.tags"),
        Binding("n", "step_match(1)", "Next match", tooltip="Next search match", id="main.next-match"),
        Binding("N", "step_match(-1)", "Prev match", show=False, tooltip="Previous search match", id="main.previous-match"),
        Binding(
            "n", "step_mention(1)", "Next mention", tooltip="Next passage mentioning the unit filter", id="main.next-mention"
        ),
        Binding(
            "N",
            "step_mention(-1)",
            "Prev mention",
            show=False,
            tooltip="Previous passage mentioning the unit filter",
            id="main.previous-mention",
        ),
        Binding(
            "escape", "clear_search", "Clear search", tooltip="Stop searching (keeps the unit filter)", id="main.clear-search"
        ),
        Binding("escape", "clear_filter", "Clear filter", tooltip="Remove the unit filter", id="main.clear-filter"),
        Binding(
            "T",
            "toggle_timeline",
            "Timeline",
            tooltip="Switch the sidebar between this article and the corpus",
            id="main.timeline",
        ),
        Binding("d", "date", "Date", show=False, tooltip="Set or clear the article's reference date", id="main.date"),
        Binding("o", "original", "Original", show=False, tooltip="Toggle the original (traditional) script", id="main.original"),
        Binding("b", "sidebars", "Sidebars", show=False, tooltip="Show or hide the sidebars", id="main.sidebars"),
        Binding(  # issue 17: the concordance view (tui/screens/concordance.py)
            "K", "concordance", "Concordance", show=False, tooltip="Keyword in context for a query", id="main.concordance"
        ),
        Binding(  # issue 17: figures, units × month, co-occurrence, reposts (tui/screens/analysis_tables.py)
            "A", "analysis_tables", "Analysis", show=False, tooltip="Figures ledger, units × month, co-occurrence, reposts",
            id="main.analysis",
        ),
        *(
            Binding(
                str(n),
                f"toggle_type('{kind}')",
                f"Show/hide {kind}",
                show=False,
                tooltip=f"Highlight {kind} entities or not",
                id=f"main.toggle-{kind}",
            )
            for n, kind in enumerate(ENTITY_TYPES, start=1)
        ),
    ]

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

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.index: CorpusIndex | None = None
        self.doc: ReaderDoc | None = None
        self.focus_keys: frozenset[str] = frozenset()
        self._touched = False  # the user read (moved in) the open article
        self._saved: tuple[str, int] | None = None
        self._save_timer: Timer | None = None
        self._corpus_rows: list[TimelineRow] | None = None  # unfiltered, cached
        self.tagging = PassageTagging(self)
        self._tagged_here = False  # the passage under the cursor carries tags (x and M show)

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filters")
        with Horizontal(id="body"):
            yield ArticleList(id="articles")
            with Vertical(id="centre"):
                yield ArticleHeader(id="article-header")
                yield Legend(id="legend").data_bind(MainScreen.hidden_types, MainScreen.show_original)
                yield Reader(id="reader").data_bind(MainScreen.hidden_types, MainScreen.show_original)
            yield Timeline(id="timeline")
        yield Footer()

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
            self.open_article(self.articles.current.id if self.articles.current else index.articles[0].id, user=False)
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
        self.articles.show(index.filtered(flt), keep=current.id if current else self.article_id)
        self.articles.mark(self.article_id, set(index.positions))
        self._update_marks()
        if self.timeline_mode == "corpus":
            self.load_corpus_timeline()
        self._refresh_bar()

    def _update_marks(self) -> None:
        hit = None
        if self.search is not None:
            aid, p, offset = self.search.hits[self.search_pos]
            hit = (p, offset) if aid == self.article_id else None
        self.reader.set_marks(self.focus_keys, self.search.query if self.search else None, hit)

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
            doc = ReaderDoc.group(
                corpus.article(article_id),
                corpus.entities(article_id),
                corpus.events(article_id),
                reference=corpus.reference(article_id),
                units=summary.units if summary else (),
                credits=byline_text(corpus.metadata(article_id)),
            )
        except Exception as exc:  # noqa: BLE001 - shown, and the app stays up
            self._failed(f"Could not open article {article_id}", exc)
            return
        if mention:  # arriving by n/N: first (or last) passage that mentions the filter
            paras = doc.paragraphs_mentioning(self.focus_keys)
            paragraph = (paras[0] if mention > 0 else paras[-1]) if paras else 0
        rows = article_rows(article_id, doc.events)
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
            self.save_position(aid, paragraph)

    @work(thread=True, group="user-write")
    def save_position(self, article_id: str, paragraph: int) -> None:
        try:
            self.workspace.save_position(article_id, paragraph)
        except Exception as exc:  # noqa: BLE001 - e.g. a full disk: tell the user
            self._failed("Could not save the reading position", exc)

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.open_article(event.article_id)
        self.reader.focus()

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
        self.open_article(event.article_id, event.paragraph)

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

    def action_concordance(self) -> None:
        from tui.screens.concordance import open_concordance

        open_concordance(self)

    def action_analysis_tables(self) -> None:
        from tui.screens.analysis_tables import open_tables

        open_tables(self)

    # --- timeline -----------------------------------------------------------------
    def action_toggle_timeline(self) -> None:
        self.timeline_mode = "corpus" if self.timeline_mode == "article" else "article"

    def watch_timeline_mode(self, mode: str) -> None:
        if mode == "corpus":
            self.timeline.show([], "corpus", "Collecting events…")
            self.load_corpus_timeline()
        elif self.doc is not None:
            self.timeline.show(article_rows(self.doc.article.id, self.doc.events), "article", "No dated events in this article.")
        if self.sidebars in ("none", "list"):
            self.sidebars = "timeline" if self.narrow else "both"
        self._refresh_bar()

    @work(thread=True, exclusive=True, group="corpus-timeline")
    def load_corpus_timeline(self) -> None:
        index = self.index
        if index is None:
            return
        flt, cached = self.unit_filter, self._corpus_rows
        if not flt and cached is not None:
            rows = cached
        else:
            try:
                rows = corpus_rows(index.timeline(flt), {a.id: a.title for a in index.articles})
            except Exception as exc:  # noqa: BLE001 - shown, and the app stays up
                self._failed("Could not collect the corpus timeline", exc)
                return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._corpus_timeline_loaded, rows, flt)

    def _corpus_timeline_loaded(self, rows: list[TimelineRow], flt: UnitFilter) -> None:
        if not flt:
            self._corpus_rows = rows  # the unfiltered timeline is reused until the data changes
        if self.timeline_mode == "corpus":
            empty = "No dated events in passages that mention this unit." if flt else "No dated events."
            self.timeline.show(rows, "corpus", empty)

    # --- dialogs --------------------------------------------------------------------
    def action_units(self) -> None:
        from tui.dialogs.unit_picker import UnitPicker

        if self.index is None:
            return

        def chosen(flt: UnitFilter | None) -> None:
            if flt is not None:
                self.unit_filter = flt

        self.app.push_screen(UnitPicker(self.index, self.unit_filter), chosen)

    def action_search(self) -> None:
        from tui.dialogs.search import SearchDialog

        if self.index is None:
            return

        def chosen(result: SearchResult | None) -> None:
            if result is not None:
                # The position first, without its watcher: setting ``search`` runs watch_search,
                # which reads hits[search_pos]; a position left from a longer hit list was
                # out of range there (IndexError, issue 11 item 17).
                self.set_reactive(MainScreen.search_pos, result.chosen)
                self.search = result
                self._go_to_hit()

        self.app.push_screen(SearchDialog(self.index, self.search.query if self.search else ""), chosen)

    def action_date(self) -> None:
        from tui.dialogs.date_dialog import DateDialog

        if self.doc is None:
            return
        doc = self.doc

        def chosen(date: str | None) -> None:
            if date is not None:
                self.set_reference(doc.article.id, date or None)

        assert self.index is not None
        reference = self.index.corpus.reference(doc.article.id)  # a dict lookup, not I/O
        self.app.push_screen(DateDialog(doc.article.title, *reference), chosen)

    @work(thread=True, group="user-write")
    def set_reference(self, article_id: str, date: str | None) -> None:
        """The workspace writes it and says :class:`ReferenceChanged`; the app then calls :meth:`reference_changed`."""
        try:
            self.workspace.set_reference(article_id, date)
        except (WorkspaceError, OSError) as exc:  # shown to the user, not swallowed
            self._failed("Could not set the date", exc)

    def reference_changed(self, article_id: str, date: str | None) -> None:
        self._corpus_rows = None
        self.notify(f"Reference date {'set to ' + date if date else 'cleared'}.", markup=False)
        if article_id == self.article_id:
            self.load_article(article_id, self.reader.cursor, 0)
        if self.timeline_mode == "corpus":
            self.load_corpus_timeline()

    # --- n / N / escape -------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step_match" or action == "clear_search":
            return self.search is not None
        if action == "step_mention" or action == "clear_filter":
            return bool(self.unit_filter) and self.search is None
        if action in ("date", "original"):
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

    def action_step_match(self, step: int) -> None:
        if self.search is None:
            return
        self.search_pos = (self.search_pos + step) % len(self.search.hits)
        self._go_to_hit()

    def _go_to_hit(self) -> None:
        assert self.search is not None
        aid, paragraph, _ = self.search.hits[self.search_pos]
        self._update_marks()
        self._refresh_bar()
        self.open_article(aid, paragraph)
        self.reader.focus()

    def action_step_mention(self, step: int) -> None:
        if self.doc is None or not self.focus_keys:
            return
        cursor = self.reader.cursor
        paras = self.doc.paragraphs_mentioning(self.focus_keys)
        ahead = [p for p in paras if p > cursor] if step > 0 else [p for p in paras if p < cursor][::-1]
        if ahead and self.doc.article.id in {a.id for a in self.articles.articles}:
            self._touched = True
            self.reader.cursor = ahead[0]
            return
        listed = self.articles.articles
        if not listed:
            return
        ids = [a.id for a in listed]
        here = ids.index(self.doc.article.id) if self.doc.article.id in ids else -1
        target = (here + step) % len(ids)
        if (step > 0 and target <= here) or (step < 0 and target >= here >= 0):
            self.notify("Wrapped around the filtered articles.", markup=False, timeout=2)
        self.open_article(ids[target], mention=step)

    def action_clear_search(self) -> None:
        self.search = None
        self.search_pos = 0

    def action_clear_filter(self) -> None:
        self.unit_filter = UnitFilter()

    # --- display toggles ------------------------------------------------------------
    def action_toggle_type(self, kind: str) -> None:
        self.hidden_types = self.hidden_types ^ {kind}

    def action_original(self) -> None:
        self.show_original = not self.show_original
        self._show_header()

    def action_sidebars(self) -> None:
        if self.narrow:
            order = ["list", "timeline", "none"]
            self.sidebars = order[(order.index(self.sidebars) + 1) % 3] if self.sidebars in order else "list"
        else:
            self.sidebars = "none" if self.sidebars != "none" else "both"

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = event.size.width < NARROW

    def watch_narrow(self, narrow: bool) -> None:
        if narrow and self.sidebars == "both":
            self.sidebars = "timeline" if self.timeline_mode == "corpus" else "list"
        elif not narrow and self.sidebars in ("list", "timeline"):
            self.sidebars = "both"
        self.set_class(narrow, "-narrow")
        footer = self.query_one(Footer)
        footer.compact = narrow
        # Narrow footers overflow; Textual then leaks a cell past the docked ^p key.
        if footer.show_command_palette == narrow:
            footer.show_command_palette = not narrow
            footer.refresh(recompose=True)

    def watch_sidebars(self, sidebars: str) -> None:
        self.set_class(sidebars not in ("both", "list"), "-no-list")
        self.set_class(sidebars not in ("both", "timeline"), "-no-timeline")
        focused = self.focused
        hidden = (isinstance(focused, ArticleList) and self.has_class("-no-list")) or (
            isinstance(focused, Timeline) and self.has_class("-no-timeline")
        )
        if hidden:
            self.reader.focus()
