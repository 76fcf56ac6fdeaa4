"""``a``: the corpus in tables: the statistics ledger, counts over time, units × period, co-occurring units, reposts.

Each tab is one ``store.analysis`` answer, the same rows ``beat figures``, ``beat counts
--table``, ``beat cooccur`` and ``beat reposts`` print. They are computed in a worker, one
after the other, so the screen opens at once and fills in (reposts take a few seconds on
ten thousand articles). "Over time" counts the reader's search, or its unit filter, per
month (``tui.screens.analysis_over_time``), a Sparkline above the numbers and their bars;
``y`` switches it and "Units ×" between weeks, months and years. ``c`` counts each cluster
of reposts once (its earliest copy) in every tab, as ``--per-cluster`` does; ``e`` writes
the tab on screen to CSV or JSON (over time: one count column per series, no bars).
Enter on a figure opens its passage, on a pair of units the passages where they meet
(``tui.screens.pair_passages``), on a repost cluster its copies and their diff
(``tui.screens.reposts_view``). Cells are ``rich.text.Text``: a DataTable reads a plain
``str`` as markup, and corpus text must never be markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Sparkline, Static, TabbedContent, TabPane

from store.analysis.counts import UNDATED
from store.corpus.query import CorpusIndex, UnitFilter
from store.workspace import Workspace
from tui.safe_text import cell, clean
from tui.screens.analysis_over_time import OverTime, bar, over_time
from tui.screens.over_reader import pass_on, push_over_reader

TABS = (
    ("figures", "Figures"), ("time", "Over time"), ("units", "Units × period"), ("cooccur", "Co-occurrence"),
    ("reposts", "Reposts"),
)
Rows = list[tuple[list[Text], Any]]  # cells, and what enter opens: a place (article, paragraph), a pair, a cluster
MAX_ROWS = 5_000  # a DataTable of more rows is slow to build; the CLI gives every row


class AnalysisTables(Screen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    AnalysisTables DataTable { height: 1fr; }
    AnalysisTables #time-caption { height: 1; color: $text-muted; }
    AnalysisTables #time-spark { height: 3; margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the reader", id="tables.back"),
        Binding("y", "period", "Week/month/year", tooltip="Count over time per week, month or year", id="tables.period"),
        Binding("c", "per_cluster", "Per cluster", tooltip="Count each cluster of reposts once, or every copy",
                id="tables.per-cluster"),
        Binding("e", "export", "Export", tooltip="Write the table on screen to a CSV or JSON file", id="tables.export"),
    ]

    def __init__(self, workspace: Workspace, index: CorpusIndex, query: str = "", units: UnitFilter | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.index = index
        self.query_text = query  # the reader's search and unit filter, for "Over time"
        self.units = units or UnitFilter()
        self.over: OverTime | None = None
        self.places: dict[str, list[Any]] = {name: [] for name, _ in TABS}
        self.exports: dict[str, tuple[list[str], list[list[Any]]]] = {}
        self.by = "month"
        self.per_cluster = False
        self.articles: list[str] | None = None  # per cluster: the articles counted
        self.kept_articles: list[str] | None = None
        self.found_contexts: list[Any] = []

    def compose(self) -> ComposeResult:
        with TabbedContent():
            for name, title in TABS:
                with TabPane(title, id=f"tab-{name}"):
                    if name == "time":
                        yield Static(id="time-caption")
                        yield Sparkline([], id="time-spark")
                    yield DataTable(id=f"table-{name}", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    @work(thread=True, exclusive=True, group="tables")
    def fill(self, only: tuple[str, ...] = ()) -> None:
        steps: list[tuple[str, Callable[[], tuple[list[str], Rows]]]] = [
            ("figures", self._figures), ("time", self._time), ("units", self._units), ("cooccur", self._cooccur),
            ("reposts", self._reposts),
        ]
        if self.per_cluster and self.articles is None:
            from store.analysis.reposts import counted_articles

            self.articles = self.kept_articles = counted_articles(self.index)
        for name, compute in steps:
            if only and name not in only:
                continue
            try:
                columns, rows = compute()
            except Exception as exc:  # noqa: BLE001 - show it in the table, keep the others
                columns, rows = ["error"], [([cell(f"{type(exc).__name__}: {exc}", "red")], None)]
            self.app.call_from_thread(self._show, name, columns, rows[:MAX_ROWS])

    def _show(self, name: str, columns: list[str], rows: Rows) -> None:
        if name not in self.exports or name != "time":
            self.exports[name] = (columns, [[c.plain for c in cells] for cells, _place in rows])
        table = self.query_one(f"#table-{name}", DataTable)
        table.clear(columns=True)
        table.add_columns(*(cell(c) for c in columns))  # a header may be a unit's name or the user's search: never markup
        if not rows:  # an empty table looks like one still filling in
            rows = [([cell("none in this corpus", "dim"), *(cell("") for _ in columns[1:])], None)]
        for cells, _place in rows:
            table.add_row(*cells)
        self.places[name] = [place for _cells, place in rows]
        if name == "time" and self.over is not None:
            over = self.over
            counted = " · per cluster of reposts" if self.per_cluster else ""
            caption = f"Per {over.by} (y: week/month/year): {over.title}{counted}"
            self.query_one("#time-caption", Static).update(Text(clean(caption), no_wrap=True))
            dated = [n for p, n in zip(over.periods, over.counts[0], strict=True) if p != UNDATED] if over.counts else []
            self.query_one("#time-spark", Sparkline).data = dated or [0]

    # --- the four answers ---------------------------------------------------------------
    def _figures(self) -> tuple[list[str], list[Any]]:
        from store.analysis.ledger_cache import cached_ledger

        rows = []
        for r in cached_ledger(self.index, self.workspace.home.root, self.articles):
            style = "bold red" if r.conflicts else ""
            value = f"{'≥' if r.approximate else ''}{r.value:,.10g}"
            flag = "contradicts " + ", ".join(r.conflicts) if r.conflicts else ""
            cells = [cell(r.date), cell(value, style), cell(r.measure), cell(r.kind), cell(r.what),
                     cell(self.index.unit_name(r.unit)), cell(flag, style), cell(r.sentence)]
            rows.append((cells, (r.article, r.paragraph)))
        return ["date", "value", "measure", "kind", "what", "unit", "flag", "sentence"], rows

    def _time(self) -> tuple[list[str], list[Any]]:
        over = self.over = over_time(self.index, self.query_text, self.units, self.workspace.codings(), self.by, self.articles)
        self.exports["time"] = ([over.by, *over.labels], [[p, *(c[i] for c in over.counts)] for i, p in enumerate(over.periods)])
        rows = []
        tops = [max(c, default=0) for c in over.counts]
        for i, period in enumerate(over.periods):
            cells = [cell(period)]
            for counts, top in zip(over.counts, tops, strict=True):
                cells += [cell(counts[i]), cell(bar(counts[i], top))]
            rows.append((cells, None))
        columns = [over.by]
        for label in over.labels:  # the name over the bar: a count column as wide as a unit's name pushed the bars off
            columns += ["n", label]
        return columns, rows

    def _units(self) -> tuple[list[str], list[Any]]:
        from store.analysis.counts import unit_table

        table = unit_table(self.index, self.by, articles=self.articles)
        rows = []
        for _key, name, depth, counts in table.rows:
            cells = [cell("  " * depth + name), cell(sum(counts.values()))] + [cell(counts.get(p, "")) for p in table.periods]
            rows.append((cells, None))
        return ["unit (with sub-units)", "total", *table.periods], rows

    def _cooccur(self) -> tuple[list[str], list[Any]]:
        from store.analysis.cooccurrence import contexts, pairs

        found = self.found_contexts = contexts(self.index, "units", "paragraph", self.workspace.codings(), self.articles)
        name = self.index.unit_name
        rows = [([cell(p.count), cell(f"{p.jaccard:.3f}"), cell(name(p.a)), cell(name(p.b))], (p.a, p.b))
                for p in pairs(found, symmetric=True)]
        return ["paragraphs", "Jaccard", "unit", "unit"], rows

    def _reposts(self) -> tuple[list[str], list[Any]]:
        from store.analysis.reposts import corpus_clusters

        rows = []
        for c in corpus_clusters(self.index):
            first = self.index.by_id[c.earliest]
            sources = sorted({self.index.by_id[a].source or "-" for a in c.articles})
            cells = [cell(len(c.articles)), cell(f"{c.similarity:.2f}"), cell(first.published or "-"), cell(first.source or "-"),
                     cell(", ".join(sources)), cell(first.title)]
            rows.append((cells, c))
        return ["versions", "similarity", "earliest", "earliest outlet", "outlets", "title"], rows

    # --- keys -----------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        name = (event.data_table.id or "").removeprefix("table-")
        places = self.places.get(name, [])
        index = event.cursor_row
        if not 0 <= index < len(places) or places[index] is None:
            return
        if name == "reposts":
            from tui.screens.reposts_view import open_copies

            open_copies(self, self.index, places[index])
        elif name == "cooccur":
            self._open_pair(*places[index])
        else:
            self.dismiss(places[index])

    def _open_pair(self, a: str, b: str) -> None:
        from store.analysis.cooccurrence_matrix import places
        from tui.screens.pair_passages import PairPassages

        found = places(self.index, self.found_contexts, a, b, True)
        pass_on(self, PairPassages(self.index, f"{self.index.unit_name(a)} × {self.index.unit_name(b)} by paragraph", found))

    def action_period(self) -> None:
        from store.analysis.counts import PERIODS

        self.by = PERIODS[(PERIODS.index(self.by) + 1) % len(PERIODS)]
        self.notify(f"Counting per {self.by}.", markup=False)
        self.fill(("time", "units"))

    def action_per_cluster(self) -> None:
        self.per_cluster = not self.per_cluster
        self.articles = None
        if self.per_cluster and self.kept_articles is not None:
            self.articles = self.kept_articles  # clustering takes ten seconds at 10,000 articles: once per visit
        self.notify("Each cluster of reposts counts once." if self.per_cluster else "Every copy counts.", markup=False)
        self.fill(("figures", "time", "units", "cooccur"))

    def action_export(self) -> None:
        from tui.screens.export_prompt import ask_export

        name = (self.query_one(TabbedContent).active or "").removeprefix("tab-")
        header, rows = self.exports.get(name, ([], []))
        ask_export(self, f"the {dict(TABS)[name]} table", name, header, rows)


def open_tables(screen: Any) -> None:
    """Push the tables from the reading screen; a chosen row's passage opens in the reader."""
    query = screen.search.query if screen.search is not None else ""
    push_over_reader(screen, lambda index: AnalysisTables(screen.workspace, index, query, screen.unit_filter))
