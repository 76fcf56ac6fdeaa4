"""``w``: keyword in context for any query, over the whole corpus (``store.analysis.kwic``).

Type a query (the language of ``beat search``) and press enter: the hits come one per
line, left context | keyword | right context, the keyword column aligned by display
width. ``s`` cycles the order (list order, right1, left1, date, unit, article); enter on
a line opens that passage in the reader; ``e`` writes the lines, in that order, to CSV or
JSON. ``space`` marks the highlighted hit (● in the margin) and ``t`` tags every marked
hit's keyword span, or the highlighted one when none is marked, through the workspace
in one write and one undo step. ``c`` counts each cluster of reposts once (its earliest
copy), as ``beat kwic --per-cluster`` does; the clusters are found once per visit (about ten
seconds at 10,000 articles, as in the analysis tables). The search runs in a worker: a slow regex is
stopped by the query layer's time limit and reported on the status line, and the
screen stays responsive while it runs. A query that cannot run shows its error with the
position, and the caret is moved there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from store.analysis.kwic import Line, lines, sort_key
from store.analysis.query_parse import QueryError
from store.analysis.search import Hit, Search
from store.corpus.query import CorpusIndex
from store.text.wording import plural
from store.workspace import Workspace
from tui.safe_text import join, literal

ORDERS = ("position", "right1", "left1", "date", "unit", "article")
MAX_LINES = 10_000  # a screenful is 40; ten thousand lines build in ~0.2 s (tests/bench/bench_analysis.py)


class Concordance(Screen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    Concordance #kwic-status { height: 1; padding: 0 1; background: $panel; }
    Concordance #kwic-query { margin: 0 0 0 0; }
    Concordance #kwic-lines { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the reader", id="kwic.back"),
        Binding("s", "sort", "Sort", tooltip="Order by right context, left context, date, unit, article", id="kwic.sort"),
        Binding("slash", "edit_query", "Query", tooltip="Edit the query", id="kwic.query"),
        Binding("ctrl+s", "save_search", "Save search", tooltip="Save the query under a name (palette, beat search --saved)",
                id="kwic.save"),
        Binding("space", "mark", "Mark", tooltip="Mark or unmark the hit for tagging several at once", id="kwic.mark"),
        Binding("t", "tag", "Tag", tooltip="Tag the marked hits (or the highlighted one) in one undoable write", id="kwic.tag"),
        Binding("e", "export", "Export", tooltip="Write the lines, in this order, to a CSV or JSON file", id="kwic.export"),
        Binding("c", "per_cluster", "Per cluster", tooltip="Count each cluster of reposts once, or every copy",
                id="kwic.per-cluster"),
    ]

    def __init__(self, workspace: Workspace, index: CorpusIndex, query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.index = index
        self.initial = query
        self.found: list[Line] = []  # in list order, as found
        self.shown: list[Line] = []  # in the order on screen
        self.order = 0
        self.columns = 24
        self.marked: set[Hit] = set()  # by hit, so marks survive a change of order
        self.per_cluster = False
        self.representatives: list[str] | None = None  # per cluster: the articles searched, found once per visit

    def compose(self) -> ComposeResult:
        yield Input(self.initial, placeholder='a query: 诈骗 · "电信 诈骗" · unit:青山 · /骗.{0,4}万元/ · date:2024-01..2024-06',
                    id="kwic-query")
        yield Static(id="kwic-status")
        yield OptionList(id="kwic-lines")
        yield Footer()

    def on_mount(self) -> None:
        self._status("Type a query and press enter.")
        self.query_one("#kwic-query", Input).focus()
        if self.initial:
            self.run_query(self.initial)

    def _status(self, text: str) -> None:
        self.query_one("#kwic-status", Static).update(literal(text))

    # --- running --------------------------------------------------------------------
    @on(Input.Submitted, "#kwic-query")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.run_query(event.value)

    def run_query(self, query: str) -> None:
        self._status("Finding the clusters of reposts…" if self.per_cluster and self.representatives is None
                     else "Searching…")
        self.columns = max(8, (self.size.width - 20) // 2 - 2)
        self.search(query)

    @work(thread=True, exclusive=True, group="kwic")
    def search(self, query: str) -> None:
        try:
            articles = self._counted() if self.per_cluster else None
            search = Search(self.index, query, self.workspace.codings(), articles)
            hits = search.first(MAX_LINES)
            found = lines(self.index, hits, self.columns)
        except QueryError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._show, found)

    def _counted(self) -> list[str]:
        """Each cluster's earliest copy and every article outside a cluster; computed on the first use only."""
        if self.representatives is None:
            from store.analysis.reposts import counted_articles

            self.representatives = counted_articles(self.index)
        return self.representatives

    def _failed(self, exc: QueryError) -> None:
        self.found = self.shown = []
        self.query_one("#kwic-lines", OptionList).clear_options()
        self._status(str(exc))
        field = self.query_one("#kwic-query", Input)
        field.focus()
        field.cursor_position = exc.offset

    def _show(self, found: list[Line]) -> None:
        if found is not self.found:
            self.marked.clear()
        self.found = found
        self._fill()
        more = f" (the first {MAX_LINES:,})" if len(found) >= MAX_LINES else ""
        counted = " · per cluster of reposts (c)" if self.per_cluster else ""
        self._status(f"{plural(len(found), 'hit')}{more}{counted} · order: {ORDERS[self.order]} (s) · enter opens the passage")
        if found:
            self.query_one("#kwic-lines", OptionList).focus()

    def _fill(self) -> None:
        ordered = self.found if ORDERS[self.order] == "position" else sorted(self.found, key=sort_key(ORDERS[self.order]))
        self.shown = ordered
        options = [Option(self._prompt(line), id=str(n)) for n, line in enumerate(ordered)]
        view = self.query_one("#kwic-lines", OptionList)
        view.clear_options()
        view.add_options(options)
        if options:
            view.highlighted = 0

    def _prompt(self, line: Line) -> Content:
        title = f"{line.published[:10] or '-'} {self.index.by_id[line.hit.article].title}"
        mark = literal("●", "bold $accent") if line.hit in self.marked else literal(" ")
        parts = [literal(line.left), literal(line.keyword, "bold reverse"), literal(line.right), literal(title, "dim")]
        return join([mark, *parts], " ")

    # --- keys -------------------------------------------------------------------------
    def action_mark(self) -> None:
        view = self.query_one("#kwic-lines", OptionList)
        n = view.highlighted
        if n is None or not self.shown:
            return
        hit = self.shown[n].hit
        self.marked.symmetric_difference_update({hit})
        view.replace_option_prompt_at_index(n, self._prompt(self.shown[n]))
        if n + 1 < len(self.shown):
            view.highlighted = n + 1
        self._status(f"{plural(len(self.marked), 'hit')} marked · t tags them · space marks or unmarks")

    def action_tag(self) -> None:
        from tui.team_actions import ensure_coder

        ensure_coder(self.app, self._tag)

    def _tag(self) -> None:
        from tui.dialogs.tag_dialog import TagDialog, TagRequest
        from tui.writes import write_tags

        n = self.query_one("#kwic-lines", OptionList).highlighted
        here = [self.shown[n]] if n is not None and self.shown else []
        chosen_lines = [ln for ln in self.shown if ln.hit in self.marked] or here
        if not chosen_lines:
            return
        if self.workspace.tagbook is None:
            self.notify("Tagging needs a user store.", severity="warning", markup=False)
            return
        spans = [(ln.hit.article, ln.hit.paragraph, ln.hit.start, ln.hit.end) for ln in chosen_lines]

        def chosen(request: TagRequest | None) -> None:
            if request is None:
                return
            written = write_tags(self, self.workspace, lambda ws: ws.tag_spans(spans, request.tags, request.memo))
            if written is None:
                return
            self.marked.clear()
            self._fill_keeping_place()
            added = {c.tag for c in written.value}
            what = plural(len(spans), "hit")
            if written.value:
                self.notify(f"Tagged {what} with {', '.join(sorted(added))} (ctrl+z undoes).", title="Tags",
                            markup=False)
            else:
                self.notify(f"The {what} already had these tags.", title="Tags", markup=False)

        quote = "、".join(dict.fromkeys(ln.keyword for ln in chosen_lines))
        self.app.push_screen(TagDialog(plural(len(spans), "hit"), quote, self.workspace.tags()), chosen)

    def _fill_keeping_place(self) -> None:
        view = self.query_one("#kwic-lines", OptionList)
        place = view.highlighted
        self._fill()
        if place is not None and place < len(self.shown):
            view.highlighted = place

    @on(OptionList.OptionSelected, "#kwic-lines")
    def open_line(self, event: OptionList.OptionSelected) -> None:
        line = self.shown[int(event.option.id or 0)]
        self.dismiss((line.hit.article, line.hit.paragraph))

    def action_sort(self) -> None:
        self.order = (self.order + 1) % len(ORDERS)
        if self.found:
            self._show(self.found)

    def action_per_cluster(self) -> None:
        self.per_cluster = not self.per_cluster
        self.notify("Each cluster of reposts counts once." if self.per_cluster else "Every copy counts.", markup=False)
        query = self.query_one("#kwic-query", Input).value
        if query.strip():
            self.run_query(query)

    def action_edit_query(self) -> None:
        self.query_one("#kwic-query", Input).focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        """Ask for a file (``.json`` for JSON, anything else CSV) and write the lines as shown."""
        from tui.dialogs.prompt import TextPrompt

        if not self.shown:
            self.notify("No lines to export.", severity="warning", markup=False)
            return

        def chosen(path: str | None) -> None:
            if path:
                self.export_lines(Path(path).expanduser(), list(self.shown))

        default = str(Path.home() / "beat-kwic.csv")
        self.app.push_screen(TextPrompt(literal("Export the concordance to"), default, help="A .json name writes JSON."), chosen)

    @work(thread=True, group="kwic-export")
    def export_lines(self, path: Path, found: list[Line]) -> None:
        from store.analysis.kwic import write_lines

        try:
            n = write_lines(path, found)
        except (OSError, ValueError) as exc:  # a folder, a FIFO, a full disk: the file is left as it was
            self.app.call_from_thread(self.notify, f"Export failed: {exc}", title="Export", severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Wrote {plural(n, 'line')} to {path}.", title="Export", markup=False)

    def action_save_search(self) -> None:
        """Name the query and keep it in the user store; a query that cannot run is refused with its error."""
        from store.workspace import WorkspaceError
        from tui.dialogs.prompt import TextPrompt

        query = self.query_one("#kwic-query", Input).value.strip()
        if not query:
            self.notify("Type a query first.", severity="warning", markup=False)
            return

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                saved = self.workspace.save_search(name, query)
            except WorkspaceError as exc:
                self.notify(str(exc), title="Save search", severity="error", markup=False)
                return
            self.notify(f"Saved “{saved.name}”: {saved.query}", title="Save search", markup=False)

        self.app.push_screen(TextPrompt(literal("Save this search as"), help=query), named)


def saved_search_commands(screen: Any) -> Iterator[tuple[str, str, Callable[[], None]]]:
    """(title, help, callback) for the palette: one per saved search, opening the view on it."""
    for saved in screen.workspace.searches():
        yield (f"Saved search: {saved.name}", f"Keyword in context for {saved.query}",
               partial(open_concordance, screen, saved.query))


def open_concordance(screen: Any, query: str = "") -> None:
    """Push the view from the reading screen; the chosen line's passage opens in the reader."""
    from tui.screens.over_reader import push_over_reader

    push_over_reader(screen, lambda index: Concordance(screen.workspace, index, query))
