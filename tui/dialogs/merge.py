"""Correct the unit list: merge a unit into another, or give it another name (alias).

The recogniser sometimes splits one unit in two ("青山公安" and "青山区分局") or
misses an alias; the user's correction lives in the user store and survives rebuilds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from store.corpus.corpus import UnitInfo
from store.corpus.query import CorpusIndex
from tui import pinyin
from tui.dialogs.base import BeatDialog
from tui.dialogs.query_input import QueryInput
from tui.safe_text import literal

SHOWN = 500  # options listed at most: OptionList measures each one on the UI thread


@dataclass(frozen=True, slots=True)
class MergeRequest:
    """A user override for the unit list: merge ``key`` into ``target``, or alias it."""

    kind: str  # "merge" | "alias"
    key: str
    target: str


class MergeDialog(BeatDialog[MergeRequest | None]):
    DEFAULT_CSS = """
    MergeDialog > Vertical.dialog { width: 70%; max-width: 80; height: 70%; border: thick $warning; }
    MergeDialog OptionList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    MergeDialog #merge-help { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="merge.cancel"),
        Binding("enter", "merge", "Merge into highlighted", priority=True, id="merge.merge"),
        Binding("ctrl+a", "alias", "Add typed text as alias", priority=True, id="merge.alias"),
        Binding("up", "move('up')", "Up", show=False, priority=True, id="merge.up"),
        Binding("down", "move('down')", "Down", show=False, priority=True, id="merge.down"),
    ]

    def __init__(self, index: CorpusIndex, key: str, haystack: Callable[[UnitInfo], str]) -> None:
        """``haystack`` gives what a query is matched against for a unit (the picker's,
        with pinyin once it has warmed it)."""
        super().__init__()
        self.index = index
        self.key = key
        self.haystack = haystack
        self._filtered_for: str | None = None

    def compose(self) -> ComposeResult:
        name = self.index.unit_name(self.key)
        with Vertical(classes="dialog"):
            yield Static(Content("Merge or alias: ").stylize("bold") + literal(name, "bold $beat-unit"))
            yield Static(
                Content("Type to find the unit it really is and press enter to merge, or type another name and press ctrl+a."),
                id="merge-help",
            )
            yield QueryInput(placeholder="unit (汉字/pinyin) or a new alias", id="merge-query")
            yield OptionList(id="merge-targets")
        yield Footer()

    def on_mount(self) -> None:
        self.refilter()

    @on(QueryInput.Changed)
    def refilter(self) -> None:
        self._filtered_for = self.query_one(QueryInput).value
        query = pinyin.normalise_query(self._filtered_for)
        options: list[Option] = []
        for unit, depth in self.index.unit_tree():
            if unit.key == self.key:
                continue
            if len(options) >= SHOWN:
                break
            if query in self.haystack(unit):
                label = Content("   " * depth) + literal(unit.name) + literal(f"  {unit.mentions}×", "$text-muted")
                options.append(Option(label, id=unit.key))
        targets = self.query_one(OptionList)
        targets.set_options(options)
        targets.highlighted = 0 if options else None

    def action_merge(self) -> None:
        if self._filtered_for != self.query_one(QueryInput).value:
            self.refilter()  # enter arrived before the Changed message: never merge the wrong unit
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            self.notify("No unit highlighted to merge into.", severity="warning", markup=False)
            return
        self.dismiss(MergeRequest("merge", self.key, option.id))

    def action_alias(self) -> None:
        alias = self.query_one(QueryInput).value.strip()
        if not alias:
            self.notify("Type the alias first.", severity="warning", markup=False)
            return
        self.dismiss(MergeRequest("alias", self.key, alias))

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_merge()
