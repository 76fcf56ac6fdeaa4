"""``m``: co-occurrence as a matrix (or the pairs list), cells opening the passages where a pair meets.

Units × units, tags × units or tags × tags (``k``), within a paragraph, an article or a
tagged passage (``s``), as ``beat cooccur --matrix`` counts them
(``store.analysis.cooccurrence_matrix``). The matrix shows the :data:`TOP` busiest labels
each way (``+``/``-`` by five); a cell is shaded by its count against the busiest cell off
the diagonal, in four steps, and the diagonal (the label's own contexts) is dim. ``p``
switches to the pairs list, every pair strongest first. Enter on a cell or a pair lists its
passages (``tui.screens.pair_passages``), and enter there opens one in the reader. ``c``
counts each cluster of reposts once; ``e`` writes what is shown to CSV or JSON. The status
line names the highlighted cell's pair in full: the column labels are cut to their last
:data:`COLUMN` display columns (…青山区分局) and, for the symmetric kinds, numbered as
the rows are. Labels are ``Text`` (never markup): a tag is the user's
words and a unit's name is corpus text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.analysis.cooccurrence import KINDS, SCOPES, Context, Pair, contexts, pairs
from store.analysis.cooccurrence_matrix import TOP, Matrix, fit, matrix, places
from store.corpus.query import CorpusIndex
from store.text.wording import plural
from store.workspace import Workspace
from tui.safe_text import cell, literal
from tui.screens.over_reader import pass_on, push_over_reader

COLUMN = 10  # display columns of a column label: five CJK characters, the cut marked …
ROW_LABEL = 26
SHADES = ("", "on #23395b", "on #2f5588", "on #3f72b5")  # quarters of the peak; the count itself is always shown
KIND_NAMES = {"units": "units × units", "tags-units": "tags × units", "tags": "tags × tags"}


def shade(n: int, peak: int) -> str:
    """The style of a count: none for 0, then the quarter of ``peak`` it reaches."""
    if n <= 0 or peak <= 0:
        return "dim"
    return "bold " + SHADES[min(3, 1 + (n * 3 - 1) // peak)]


class CooccurrenceView(Screen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    CooccurrenceView #co-status { height: 1; padding: 0 1; background: $panel; }
    CooccurrenceView DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the reader", id="cooccur.back"),
        Binding("k", "kind", "Kind", tooltip="Units × units, tags × units, tags × tags", id="cooccur.kind"),
        Binding("s", "scope", "Scope", tooltip="Count within a paragraph, an article or a tagged passage", id="cooccur.scope"),
        Binding("p", "pairs", "Matrix/pairs", tooltip="Switch between the matrix and the pairs list", id="cooccur.pairs"),
        Binding("plus", "top(5)", "More", tooltip="Five more rows and columns in the matrix", id="cooccur.more"),
        Binding("minus", "top(-5)", "Fewer", tooltip="Five fewer rows and columns in the matrix", id="cooccur.fewer"),
        Binding("c", "per_cluster", "Per cluster", tooltip="Count each cluster of reposts once, or every copy",
                id="cooccur.per-cluster"),
        Binding("e", "export", "Export", tooltip="Write the matrix or the pairs to a CSV or JSON file", id="cooccur.export"),
    ]

    def __init__(self, workspace: Workspace, index: CorpusIndex, kind: str = "units", scope: str = "paragraph") -> None:
        super().__init__()
        self.workspace = workspace
        self.index = index
        self.kind, self.scope = kind, scope
        self.top = TOP
        self.show_pairs = False
        self.per_cluster = False
        self.representatives: list[str] | None = None  # per cluster: the articles counted
        self.found: list[Context] = []
        self.grid: Matrix | None = None
        self.pair_rows: list[Pair] = []

    def compose(self) -> ComposeResult:
        yield Static(id="co-status")
        yield DataTable(id="co-table", cursor_type="cell")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def _status(self, text: str) -> None:
        self.query_one("#co-status", Static).update(literal(text))

    def _label(self, label: str) -> str:
        return self.index.unit_label(label) if label in self.index.units else label

    @property
    def symmetric(self) -> bool:
        return self.kind != "tags-units"

    # --- computing ------------------------------------------------------------------
    def refill(self) -> None:
        self._status("Counting…")
        self.compute(self.kind, self.scope, self.top, self.per_cluster)

    @work(thread=True, exclusive=True, group="cooccur")
    def compute(self, kind: str, scope: str, top: int, per_cluster: bool) -> None:
        codings = self.workspace.codings()
        articles = None
        if per_cluster:
            if self.representatives is None:  # ten seconds at 10,000 articles: once per visit
                from store.analysis.reposts import counted_articles

                self.representatives = counted_articles(self.index)
            articles = self.representatives
        found = contexts(self.index, kind, scope, codings, articles)
        grid = matrix(found, kind != "tags-units", top)
        listed = pairs(found, kind != "tags-units")
        self.app.call_from_thread(self._show, found, grid, listed)

    def _show(self, found: list[Context], grid: Matrix, listed: list[Pair]) -> None:
        self.found, self.grid, self.pair_rows = found, grid, listed
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if self.show_pairs:
            table.cursor_type = "row"
            table.add_columns(cell(f"{self.scope}s"), cell("Jaccard"), cell("a"), cell("b"))
            for p in listed:
                table.add_row(cell(p.count), cell(f"{p.jaccard:.3f}"), cell(self._label(p.a)), cell(self._label(p.b)))
        else:
            table.cursor_type = "cell"
            table.add_column(cell(f"{KIND_NAMES[self.kind].split(' × ')[0]} (contexts)"))
            for j, label in enumerate(grid.columns):  # numbered as the rows are (symmetric kinds): names repeat
                number = f"{j + 1} " if self.symmetric else ""
                name = self.index.unit_name(label) if label in self.index.units else label  # the number tells twins apart
                table.add_column(cell(number + fit(name, COLUMN, tail=True)))
            peak = grid.peak
            for i, label in enumerate(grid.rows):
                cells = [cell(f"{i + 1:>2} {fit(self._label(label), ROW_LABEL)} ({grid.row_totals[i]})")]
                for j, n in enumerate(grid.counts[i]):
                    diagonal = self.symmetric and grid.columns[j] == label
                    cells.append(cell(n if n else "·", "dim" if diagonal else shade(n, peak)))
                table.add_row(*cells)
            if grid.columns:
                table.move_cursor(row=0, column=1)  # the first count, not the label
        table.focus()
        self._describe()

    def _describe(self) -> None:
        where = f"{KIND_NAMES[self.kind]} by {self.scope}" + (" · per cluster" if self.per_cluster else "")
        if not self.found or self.grid is None or not self.grid.rows:
            needs = " (tag passages first)" if self.kind != "units" else ""
            self._status(f"{where}: nothing co-occurs{needs} · k kind · s scope")
            return
        if self.show_pairs:
            self._status(f"{where}: {plural(len(self.pair_rows), 'pair')} · enter lists the passages · p matrix")
            return
        pair = self._cell_pair()
        here = ""
        if pair is not None:  # first: the column labels are cut, this names the pair in full
            a, b, n = pair
            here = f"{self._label(a)} × {self._label(b)}: {n} · "
        size = f"{len(self.grid.rows)} × {len(self.grid.columns)} (top {self.top}, +/-)"
        self._status(f"{here}{where}, {size} · enter lists the passages · p pairs")

    def _cell_pair(self) -> tuple[str, str, int] | None:
        table, grid = self.query_one(DataTable), self.grid
        row, column = table.cursor_coordinate.row, table.cursor_coordinate.column - 1
        if grid is None or not (0 <= row < len(grid.rows) and 0 <= column < len(grid.columns)):
            return None
        return grid.rows[row], grid.columns[column], grid.counts[row][column]

    @on(DataTable.CellHighlighted)
    def highlighted(self) -> None:
        if not self.show_pairs:
            self._describe()

    # --- opening ---------------------------------------------------------------------
    @on(DataTable.CellSelected)
    def open_cell(self) -> None:
        pair = self._cell_pair()
        if pair is not None and pair[2]:
            self._open(pair[0], pair[1])

    @on(DataTable.RowSelected)
    def open_pair(self, event: DataTable.RowSelected) -> None:
        if self.show_pairs and 0 <= event.cursor_row < len(self.pair_rows):
            p = self.pair_rows[event.cursor_row]
            self._open(p.a, p.b)

    def _open(self, a: str, b: str) -> None:
        from tui.screens.pair_passages import PairPassages

        codings = self.workspace.codings()
        found = places(self.index, self.found, a, b, self.symmetric, codings)
        if not found and self.symmetric:  # the pairs list names each pair once, in either order
            found = places(self.index, self.found, b, a, True, codings)
        pass_on(self, PairPassages(self.index, f"{self._label(a)} × {self._label(b)} by {self.scope}", found))

    # --- keys --------------------------------------------------------------------------
    def action_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        if self.kind == "units" and self.scope == "passage":
            self.scope = "paragraph"  # a tagged passage holds one tag: units × units has no passages
        self.refill()

    def action_scope(self) -> None:
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        if self.kind == "units" and self.scope == "passage":
            self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self.refill()

    def action_pairs(self) -> None:
        self.show_pairs = not self.show_pairs
        if self.grid is not None:
            self._show(self.found, self.grid, self.pair_rows)

    def action_top(self, step: int) -> None:
        self.top = max(5, self.top + step)
        self.refill()

    def action_per_cluster(self) -> None:
        self.per_cluster = not self.per_cluster
        self.refill()

    def action_back(self) -> None:
        self.dismiss(None)

    def shown_table(self) -> tuple[list[str], list[list[Any]]]:
        """What is on screen as a header and rows (full labels, not the cut ones)."""
        if self.show_pairs:
            rows = [[self._label(p.a), self._label(p.b), p.count, p.a_total, p.b_total, round(p.jaccard, 4)]
                    for p in self.pair_rows]
            return ["a", "b", "count", "a_contexts", "b_contexts", "jaccard"], rows
        assert self.grid is not None
        header, *rows = self.grid.csv_rows(self._label)
        return [str(h) for h in header], rows

    def action_export(self) -> None:
        from tui.screens.export_prompt import ask_export

        if self.grid is None or not self.grid.rows:
            self.notify("Nothing to export.", severity="warning", markup=False)
            return
        header, rows = self.shown_table()
        name = "pairs" if self.show_pairs else "matrix"
        ask_export(self, f"the co-occurrence {name}", f"cooccurrence-{name}", header, rows)


def open_cooccurrence(screen: Any) -> None:
    """Push the view from the reading screen; a chosen passage opens in the reader."""
    push_over_reader(screen, lambda index: CooccurrenceView(screen.workspace, index))
