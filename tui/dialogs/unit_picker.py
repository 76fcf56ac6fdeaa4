"""Choose the police units to filter by: the hierarchy, searchable by 汉字 or pinyin.

Type 新沟桥, xingouqiao or xgq; space marks several units (they combine with OR);
ctrl+s says whether sub-units count (青山区分局 then also matches its 派出所). From
the list, ``m`` merges the highlighted unit into another or gives it an alias.

Reopened, the picker shows the current filter's units marked and highlights the first.
Enter with the marks as they were picks the highlighted unit alone (search-and-pick);
once a mark is changed, enter applies the marks (space on another unit widens the
filter). Counts are what filtering by the unit would match (``CorpusIndex.unit_counts``:
with its sub-units while they are included).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from store.corpus.corpus import UnitInfo
from store.corpus.query import CorpusIndex, UnitFilter
from store.text.wording import plural
from tui import pinyin
from tui.dialogs.base import BeatDialog
from tui.dialogs.merge import SHOWN, MergeDialog, MergeRequest
from tui.dialogs.query_input import QueryInput
from tui.safe_text import literal
from tui.symbols import MARKED, PARENT_INFERRED, SUBUNIT

__all__ = ["SHOWN", "MergeRequest", "UnitPicker"]


class UnitPicker(BeatDialog[UnitFilter | None]):
    @dataclass
    class MergeRequested(Message):
        """The user asked for a merge or an alias (``m``): the app has the workspace do it."""

        request: MergeRequest

    DEFAULT_CSS = """
    UnitPicker > Vertical.dialog { max-width: 100; height: 80%; }
    UnitPicker OptionList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    UnitPicker #picker-status { height: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="units.cancel"),
        Binding("enter", "apply", "Apply", priority=True, id="units.apply"),
        Binding("space", "mark", "Mark", priority=True, id="units.mark"),
        Binding("ctrl+s", "subunits", "Sub-units", priority=True, id="units.subunits"),
        Binding("up", "move('up')", "Up", show=False, priority=True, id="units.up"),
        Binding("down", "move('down')", "Down", show=False, priority=True, id="units.down"),
        Binding("pageup", "move('page_up')", "Page up", show=False, priority=True, id="units.page-up"),
        Binding("pagedown", "move('page_down')", "Page down", show=False, priority=True, id="units.page-down"),
        Binding("tab", "focus_list", "To list", id="units.to-list"),
        Binding("m", "merge", "Merge/alias", id="units.merge"),
        Binding("slash", "focus_query", "Type", show=False, id="units.to-query"),
    ]

    def __init__(self, index: CorpusIndex, current: UnitFilter) -> None:
        super().__init__()
        self.index = index
        self.current = current
        self.marked: set[str] = {index.corpus.canonical_unit(k) for k in current.keys}
        self._marks_changed = False  # enter applies the marks only once the user changed them
        self.include_subunits = current.include_subunits
        self.pinyin_ready = False
        self._haystacks: dict[str, str] = {}  # unit key -> what a query is matched against
        self._visible: list[str] = []
        self._hidden = 0  # matching units beyond SHOWN
        self._filtered_for: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Filter by unit").stylize("bold"), id="picker-title")
            yield QueryInput(placeholder="汉字, pinyin or initials (xgq → 新沟桥街派出所)", id="picker-query")
            yield OptionList(id="picker-units")
            yield Static(id="picker-status")
        yield Footer()

    def on_mount(self) -> None:
        self.refilter()
        units = self.query_one(OptionList)
        first = next((k for k in self._visible if k in self.marked), None)
        if first is not None:
            units.highlighted = units.get_option_index(first)
        self.warm_pinyin()

    @work(thread=True, exclusive=True, group="pinyin")
    def warm_pinyin(self) -> None:
        index = self.index
        haystacks = {u.key: pinyin.haystack((u.name, u.key, *u.aliases)) for u in index.units.values()}
        self.app.call_from_thread(self._pinyin_warmed, index, haystacks)

    def _pinyin_warmed(self, index: CorpusIndex, haystacks: dict[str, str]) -> None:
        if not self.is_attached:  # closed while the worker ran (keys typed while quitting): nothing to refill
            return
        if index is not self.index:  # reloaded meanwhile (a merge): warm the new units
            self.warm_pinyin()
            return
        self._haystacks = haystacks
        self.pinyin_ready = True
        self.refilter()

    def _haystack(self, unit: UnitInfo) -> str:
        """The unit's names (with pinyin once warmed), in lower case."""
        if (found := self._haystacks.get(unit.key)) is None:
            found = self._haystacks[unit.key] = pinyin.haystack((unit.name, unit.key, *unit.aliases), use_pinyin=False)
        return found

    def reload(self, index: CorpusIndex) -> None:
        """The unit list changed (a merge or alias): show the new one."""
        self.index = index
        self.marked = {index.corpus.canonical_unit(k) for k in self.marked}
        self._haystacks = {}
        self.pinyin_ready = False
        self.refilter()
        self.warm_pinyin()

    # --- filtering ----------------------------------------------------------------
    @on(QueryInput.Changed)
    def refilter(self) -> None:
        typed = self.query_one(QueryInput).value
        self._filtered_for = typed
        query = pinyin.normalise_query(typed)
        tree = self.index.unit_tree()
        matching = {u.key for u, _ in tree if query in self._haystack(u)}
        context = {a for key in matching for a in self.index.ancestors(key)} - matching
        options: list[Option] = []
        self._visible = []
        self._hidden = 0
        for unit, depth in tree:
            if unit.key not in matching and unit.key not in context:
                continue
            if len(options) >= SHOWN:
                self._hidden += unit.key in matching
                continue
            options.append(Option(self._prompt(unit.key, depth, unit.key in context), id=unit.key, disabled=unit.key in context))
            self._visible.append(unit.key)
        units = self.query_one(OptionList)
        highlighted = units.highlighted_option.id if units.highlighted_option else None
        units.set_options(options)
        if highlighted in self._visible and not units.get_option(highlighted).disabled:
            units.highlighted = units.get_option_index(highlighted)
        else:
            units.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)
        self._status()

    def _prompt(self, key: str, depth: int, context: bool) -> Content:
        unit = self.index.units[key]
        box = "    " if context else (f"{MARKED} " if key in self.marked else "[ ] ")
        head = Content(box + "  " * depth + (f"{SUBUNIT} " if depth else ""))
        name = literal(unit.name, "dim" if context else ("bold $beat-unit" if key in self.marked else ""))
        mentions, articles = self.index.unit_counts(key, self.include_subunits)
        own = f" ({unit.mentions}× itself)" if mentions != unit.mentions else ""
        counts = literal(f"  {mentions}× in {plural(articles, 'article')}{own}", "$text-muted")
        other_names = [a for a in unit.aliases if a != unit.name][:3]
        aliases = literal(f"  ({', '.join(other_names)})", "$text-muted") if other_names and not context else Content("")
        inferred = literal(f"  {PARENT_INFERRED}", "italic $text-muted") if unit.parent_inferred and not context else Content("")
        return head + name + counts + aliases + inferred

    def _status(self) -> None:
        sub = "included" if self.include_subunits else "not included"
        marked = ", ".join(self.index.unit_name(k) for k in sorted(self.marked))
        text = f"{len(self.marked)} marked{': ' + marked if marked else ''} · sub-units {sub}"
        if self.current:
            text += " · now filtering by " + ", ".join(self.index.unit_name(k) for k in sorted(self.current.keys))
        if self._hidden:
            text += f" · {self._hidden:,} more units: type to narrow"
        if not self.pinyin_ready:
            text += " · pinyin loading…"
        self.query_one("#picker-status", Static).update(literal(text))

    # --- actions ------------------------------------------------------------------
    def _highlighted(self) -> str | None:
        if self._filtered_for != self.query_one(QueryInput).value:
            self.refilter()  # keys typed faster than Changed messages (a paste, then enter)
        option = self.query_one(OptionList).highlighted_option
        return option.id if option is not None and not option.disabled else None

    def action_mark(self) -> None:
        key = self._highlighted()
        if key is None:
            return
        self.marked ^= {key}
        self._marks_changed = True
        units = self.query_one(OptionList)
        index = units.get_option_index(key)
        depth = next(d for u, d in self.index.unit_tree() if u.key == key)
        units.replace_option_prompt_at_index(index, self._prompt(key, depth, False))
        self._status()

    def action_subunits(self) -> None:
        self.include_subunits = not self.include_subunits
        self.refilter()  # the counts follow: with or without sub-units

    def action_apply(self) -> None:
        keys = set(self.marked) if self._marks_changed else set()
        if not keys:
            key = self._highlighted()
            if key is None:
                waiting = "" if self.pinyin_ready else " (pinyin is still loading: try again in a moment)"
                self.notify(f"No unit matches{waiting}.", severity="warning", markup=False)
                return
            keys = {key}  # enter on one unit, nothing marked: filter by that one
        self.dismiss(UnitFilter(frozenset(keys), self.include_subunits))

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_focus_query(self) -> None:
        self.query_one(QueryInput).focus()

    def action_merge(self) -> None:
        key = self._highlighted()
        if key is None:
            return

        def done(request: MergeRequest | None) -> None:
            if request is not None:
                self.post_message(self.MergeRequested(request))

        self.app.push_screen(MergeDialog(self.index, key, self._haystack), done)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_apply()
