"""Two copies of a repost side by side, paragraph by paragraph (``store.analysis.repost_diff``).

Each line starts with its mark from ``tui.symbols`` (= same, ≠ reworded, − only left,
+ only right), so the kind of change reads without colour; inside a reworded paragraph the
differing characters are underlined and bold as well as coloured. A run of paragraphs both
copies share folds into one line (``= ¶3–¶34 the same``: a repost is mostly the same text,
and the changes should be on the first screen); ``s`` shows them. ``[``/``]`` step the left
copy through the cluster, ``<``/``>`` the right one (never the same copy on both sides);
``j``/``k`` and the page keys scroll. Paragraph text is corpus text: it is given to Rich as
``Text`` with spans, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from store.analysis.repost_diff import DiffLine, Side, side_by_side, summary
from store.corpus.query import CorpusIndex
from tui.safe_text import clean, literal
from tui.symbols import DIFF_MARKS, EARLIEST, LEFT_COPY, RIGHT_COPY

TEXT_STYLE = {"equal": "dim", "changed": "", "removed": "red", "added": "green"}
CHANGED = {"left": "bold underline red", "right": "bold underline green"}


def side_text(side: Side | None, op: str, which: str) -> Text:
    """One side's paragraph: plain for the same, the differing characters marked in a reworded one."""
    if side is None:
        return Text("")
    text = Text(clean(side.text), style=TEXT_STYLE[op])
    if op == "changed":
        for start, end in side.spans:
            text.stylize(CHANGED[which], start, end)
    elif op != "equal":
        text.stylize("bold")
    return text


def folded(lines: list[DiffLine]) -> list[DiffLine | tuple[DiffLine, DiffLine]]:
    """``lines`` with every run of two or more ``equal`` lines as (first, last) of the run."""
    out: list[DiffLine | tuple[DiffLine, DiffLine]] = []
    run: list[DiffLine] = []
    for ln in [*lines, None]:
        if ln is not None and ln.op == "equal":
            run.append(ln)
            continue
        if len(run) > 1:
            out.append((run[0], run[-1]))
        else:
            out.extend(run)
        run = []
        if ln is not None:
            out.append(ln)
    return out


def _span(first: Side | None, last: Side | None) -> str:
    return f"¶{first.paragraph + 1}–¶{last.paragraph + 1}" if first is not None and last is not None else ""


def diff_table(lines: list[DiffLine], fold: bool = False) -> Table:
    table = Table(show_header=False, box=None, expand=True, padding=(0, 1, 0, 0))
    table.add_column(width=1, no_wrap=True)
    table.add_column(width=4, no_wrap=True, justify="right", style="dim")
    table.add_column(ratio=1, overflow="fold")  # a CJK paragraph is one long "word": fold it, never cut it
    table.add_column(width=4, no_wrap=True, justify="right", style="dim")
    table.add_column(ratio=1, overflow="fold")  # a CJK paragraph is one long "word": fold it, never cut it
    for ln in folded(lines) if fold else lines:
        if isinstance(ln, tuple):
            first, last = ln
            n = last.left.paragraph - first.left.paragraph + 1 if first.left and last.left else 0
            same = Text(f"{n} paragraphs the same (s shows them)", style="dim italic")
            table.add_row(Text(DIFF_MARKS["equal"], style="bold"), "", Text(_span(first.left, last.left), style="dim"), "",
                          Text(_span(first.right, last.right), style="dim"))
            table.add_row("", "", same, "", "")
            continue
        number = [f"¶{s.paragraph + 1}" if s is not None else "" for s in (ln.left, ln.right)]
        table.add_row(Text(DIFF_MARKS[ln.op], style="bold"), number[0], side_text(ln.left, ln.op, "left"),
                      number[1], side_text(ln.right, ln.op, "right"))
    return table


class RepostDiff(Screen[None]):
    DEFAULT_CSS = """
    RepostDiff .diff-head { height: 1; padding: 0 1; background: $panel; }
    RepostDiff VerticalScroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the copies", id="diff.back"),
        Binding("left_square_bracket", "step('left', -1)", "Left copy", show=False, tooltip="The previous copy on the left",
                id="diff.left-previous"),
        Binding("right_square_bracket", "step('left', 1)", "Left copy", tooltip="The next copy on the left ([ back)",
                id="diff.left-next"),
        Binding("less_than_sign", "step('right', -1)", "Right copy", show=False, tooltip="The previous copy on the right",
                id="diff.right-previous"),
        Binding("greater_than_sign", "step('right', 1)", "Right copy", tooltip="The next copy on the right (< back)",
                id="diff.right-next"),
        Binding("s", "same", "Same ¶s", tooltip="Show or fold the paragraphs both copies share", id="diff.same"),
        Binding("j", "scroll(1)", "Down", show=False, tooltip="Scroll down", id="diff.down"),
        Binding("k", "scroll(-1)", "Up", show=False, tooltip="Scroll up", id="diff.up"),
    ]

    def __init__(self, index: CorpusIndex, copies: list[str], left: int = 0, right: int = 1) -> None:
        super().__init__()
        self.index = index
        self.copies = copies  # the cluster's articles, earliest first
        self.left, self.right = left, right
        self.fold = True

    def compose(self) -> ComposeResult:
        yield Static(id="diff-summary", classes="diff-head")
        yield Static(id="diff-names", classes="diff-head")
        with VerticalScroll():
            yield Static(id="diff-body")
        yield Footer()

    def on_mount(self) -> None:
        self.show_diff()
        self.query_one(VerticalScroll).focus()

    def _copy(self, n: int, mark: str) -> str:
        doc = self.index.by_id[self.copies[n]]
        first = f" {EARLIEST}" if n == 0 else ""
        return f"{mark} {n + 1}/{len(self.copies)}{first} {(doc.published or '-')[:10]} {doc.source or '-'} · {doc.title}"

    def show_diff(self) -> None:
        corpus = self.index.corpus
        a, b = self.copies[self.left], self.copies[self.right]
        lines = side_by_side(corpus.paragraph_texts(a), corpus.paragraph_texts(b))
        counts = summary(lines)
        marks = "  ".join(f"{DIFF_MARKS[op]} {n} {op}" for op, n in counts.items())
        self.query_one("#diff-summary", Static).update(literal(f"Paragraphs: {marks} · [ ] left copy · < > right copy"))
        names = Table.grid(expand=True)
        names.add_column(ratio=1)
        names.add_column(ratio=1)
        names.add_row(Text(clean(self._copy(self.left, LEFT_COPY)), no_wrap=True, overflow="ellipsis"),
                      Text(clean(self._copy(self.right, RIGHT_COPY)), no_wrap=True, overflow="ellipsis"))
        self.query_one("#diff-names", Static).update(names)
        self.query_one("#diff-body", Static).update(diff_table(lines, self.fold))

    def action_step(self, side: str, step: int) -> None:
        n = len(self.copies)
        here, other = (self.left, self.right) if side == "left" else (self.right, self.left)
        moved = (here + step) % n
        if moved == other:
            moved = (moved + step) % n
        if moved == here:
            return  # two copies: nothing else to show on this side
        if side == "left":
            self.left = moved
        else:
            self.right = moved
        self.show_diff()

    def action_same(self) -> None:
        self.fold = not self.fold
        self.show_diff()

    def action_scroll(self, step: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=step * 3, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
