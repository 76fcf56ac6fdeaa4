"""``r``: clusters of reposts, a cluster's copies, and from there the side-by-side diff of two.

The clusters are ``store.analysis.reposts.clusters`` (as ``beat reposts`` lists them),
computed in a worker: ten seconds at ten thousand articles, so the screen opens at once.
Enter on a cluster lists its copies, earliest first and marked ★; there ``space`` makes
the highlighted copy the diff's left one (the earliest until then), enter shows the diff
of the left copy against the highlighted one (``tui.screens.repost_diff_view``), and ``o``
opens the highlighted copy in the reader. Titles and outlets are corpus text: cells are
``Text`` (never markup).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.analysis.reposts import Cluster
from store.corpus.query import CorpusIndex
from store.text.wording import plural
from tui.safe_text import cell, literal
from tui.screens.over_reader import pass_on, push_over_reader
from tui.symbols import EARLIEST, LEFT_COPY


class RepostClusters(Screen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    RepostClusters #reposts-status { height: 1; padding: 0 1; background: $panel; }
    RepostClusters DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the reader", id="reposts.back"),
    ]

    def __init__(self, index: CorpusIndex) -> None:
        super().__init__()
        self.index = index
        self.found: list[Cluster] = []

    def compose(self) -> ComposeResult:
        yield Static(literal("Finding reposts…"), id="reposts-status")
        yield DataTable(id="reposts-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="reposts")
    def compute(self) -> None:
        from store.analysis.reposts import corpus_clusters

        found = corpus_clusters(self.index)
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[Cluster]) -> None:
        self.found = found
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*(cell(c) for c in ("copies", "similarity", "earliest", "earliest outlet", "outlets", "title")))
        for c in found:
            first = self.index.by_id[c.earliest]
            outlets = sorted({self.index.by_id[a].source or "-" for a in c.articles})
            table.add_row(cell(len(c.articles)), cell(f"{c.similarity:.2f}"), cell(first.published or "-"),
                          cell(first.source or "-"), cell(", ".join(outlets)), cell(first.title))
        what = plural(len(found), "cluster")
        self.query_one("#reposts-status", Static).update(
            literal(f"{what} of reposts · enter lists a cluster's copies" if found else "No reposts in this corpus.")
        )
        table.focus()

    @on(DataTable.RowSelected)
    def open_cluster(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.found):
            open_copies(self, self.index, self.found[event.cursor_row])

    def action_back(self) -> None:
        self.dismiss(None)


def open_copies(screen: Screen[Any], index: CorpusIndex, cluster: Cluster) -> None:
    """Push a cluster's copies over ``screen``; a copy chosen there is dismissed on through ``screen``."""
    pass_on(screen, RepostCopies(index, cluster))


class RepostCopies(Screen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    RepostCopies #copies-status { height: 1; padding: 0 1; background: $panel; }
    RepostCopies DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the clusters", id="copies.back"),
        Binding("enter", "diff", "Diff", tooltip="The left copy and the highlighted one side by side", id="copies.diff"),
        Binding("space", "left", "Left copy", tooltip="Make the highlighted copy the diff's left one", id="copies.left"),
        Binding("o", "open", "Open", tooltip="Open the highlighted copy in the reader", id="copies.open"),
    ]

    def __init__(self, index: CorpusIndex, cluster: Cluster) -> None:
        super().__init__()
        self.index = index
        self.cluster = cluster
        self.left = 0  # the diff's left copy, by position in the cluster

    def compose(self) -> ComposeResult:
        n, similarity = len(self.cluster.articles), self.cluster.similarity
        yield Static(literal(f"{n} copies, similarity ≥ {similarity:.2f} · {EARLIEST} earliest · {LEFT_COPY} left copy · "
                             "space picks the left copy · enter diffs it with the highlighted one"), id="copies-status")
        yield DataTable(id="copies-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*(cell(c) for c in ("", "published", "outlet", "article", "title")))
        self._fill()
        table.focus()
        if len(self.cluster.articles) > 1:
            table.move_cursor(row=1)

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for i, aid in enumerate(self.cluster.articles):
            doc = self.index.by_id[aid]
            mark = (EARLIEST if i == 0 else " ") + (LEFT_COPY if i == self.left else " ")
            table.add_row(cell(mark, "bold"), cell(doc.published or "-"), cell(doc.source or "-"), cell(aid[:12]),
                          cell(doc.title))
        table.move_cursor(row=row)

    @on(DataTable.RowSelected)
    def selected(self) -> None:  # the table takes enter itself: its selection is the diff key
        self.action_diff()

    def action_left(self) -> None:
        self.left = self.query_one(DataTable).cursor_row
        self._fill()

    def action_diff(self) -> None:
        from tui.screens.repost_diff_view import RepostDiff

        right = self.query_one(DataTable).cursor_row
        if right == self.left:
            right = (self.left + 1) % len(self.cluster.articles)
        self.app.push_screen(RepostDiff(self.index, list(self.cluster.articles), self.left, right))

    def action_open(self) -> None:
        self.dismiss((self.cluster.articles[self.query_one(DataTable).cursor_row], 0))

    def action_back(self) -> None:
        self.dismiss(None)


def open_reposts(screen: Any) -> None:
    """Push the clusters from the reading screen; a copy opened there opens in the reader."""
    push_over_reader(screen, RepostClusters)

