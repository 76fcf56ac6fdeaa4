"""``#``: every tag with its colour and counts, and every passage it tags.

Left, the tags; right, the highlighted tag's own memo (what the tag means) and its
passages across the corpus (title, date, the passage's units, the quote; orphans too,
marked). Enter on a passage opens it in the reader. Rename, merge, recolour, the tag
memo and delete go through the workspace's tag book and so are undoable with ctrl+z.
Only passages under the active unit filter count, by the query layer's one rule
(``store.corpus.query.PassageUnits``: an orphan counts under its article's units).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from store.corpus.query import CorpusIndex
from store.corpus.tags import PALETTE, SEP, Coding, Tag
from store.text.wording import plural
from store.workspace import Workspace
from tui.pinyin import pinyin_keys
from tui.safe_text import literal, quoted
from tui.styles import NARROW, colour_style
from tui.symbols import MEMO
from tui.writes import write_tags


class TagBrowser(Screen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    TagBrowser #tb-title { height: 1; padding: 0 1; background: $panel; }
    TagBrowser #tb-tags { width: 40%; max-width: 44; height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    TagBrowser #tb-right { width: 1fr; height: 1fr; }
    TagBrowser #tb-memo { height: auto; max-height: 5; padding: 0 1; }
    TagBrowser #tb-passages { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the tags, or to the reader", id="tags.back"),
        Binding("r", "rename", "Rename", tooltip="Rename the highlighted tag", id="tags.rename"),
        Binding("m", "merge", "Merge", tooltip="Merge the highlighted tag into another", id="tags.merge"),
        Binding("c", "recolour", "Colour", tooltip="Give the highlighted tag another colour", id="tags.recolour"),
        Binding("e", "tag_memo", "Memo", tooltip="Write or edit the highlighted tag's own memo (what it means)", id="tags.memo"),
        Binding("d", "delete", "Delete", tooltip="Delete the highlighted tag from every passage (asks first)", id="tags.delete"),
        Binding("p", "move", "Move", tooltip="Move the highlighted tag under another tag (or to the top)", id="tags.move"),
        Binding("less_than_sign", "move_up", "Up a level", show=False, tooltip="Move the tag one level up", id="tags.up"),
        Binding("s", "sort", "Sort", tooltip="Sort the tree by pinyin or by passages", id="tags.sort"),
    ]

    def __init__(self, workspace: Workspace, index: CorpusIndex, focus_keys: frozenset[str]) -> None:
        super().__init__()
        self.workspace = workspace
        self.index = index
        self.focus_keys = focus_keys
        self.tags: list[Tag] = []
        self.by_tag: dict[str, list[Coding]] = {}
        self._units = index.passage_units()
        self.by_count = False  # sort siblings by pinyin (not code point: 组 before 反 is not an order) or by passages

    def compose(self) -> ComposeResult:
        yield Static(id="tb-title")
        with Horizontal():
            yield OptionList(id="tb-tags")
            with Vertical(id="tb-right"):
                yield Static(id="tb-memo")
                yield OptionList(id="tb-passages")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#tb-tags", OptionList).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Compact keys on narrow terminals, as on the reading screen: all of them then fit in 80 columns."""
        self.query_one(Footer).compact = event.size.width < NARROW

    # --- data ---------------------------------------------------------------------
    def reload(self, codings: list[Coding] | None = None) -> None:
        """Read the tags again (after any change) and keep the highlighted tag if it still exists.

        ``codings``: all of them, when the caller has just read them (saves a second read).
        """
        self.tags = self.workspace.tags()
        if codings is None:
            codings = self.workspace.codings()
        self.by_tag = {}
        for c in codings:
            if self._units.matches(c, self.focus_keys):
                self.by_tag.setdefault(c.tag, []).append(c)
        tags = self.query_one("#tb-tags", OptionList)
        current = self.current_tag
        names = self._tree_order()
        known = {t.name: t for t in self.tags}
        self.tags = [known[n] for n in names if n in known]  # in the order shown
        tags.set_options(Option(self._tag_label(known.get(n) or Tag(n, ""), n.count(SEP)), id=n) for n in names)
        tags.highlighted = names.index(current) if current in names else (0 if names else None)
        self._show_passages()
        # Passages, not codings: a passage with two tags is one passage (issue 16 counted it twice).
        total = len({(c.article, c.paragraph, c.start, c.end) for v in self.by_tag.values() for c in v})
        scope = (
            f" under the unit filter ({', '.join(self.index.unit_name(k) for k in sorted(self.focus_keys)[:3])}…)"
            if self.focus_keys
            else ""
        )
        self.query_one("#tb-title", Static).update(
            literal(f"Tags: {len(self.tags)} · {plural(total, 'tagged passage')}{scope}", "bold")
        )

    def _under(self, path: str) -> list[Coding]:
        """The passages of a tag and of every tag under it (counts roll up the tree)."""
        return [c for name, cs in self.by_tag.items() if name == path or name.startswith(path + SEP) for c in cs]

    def _tree_order(self) -> list[str]:
        """Every tag and every level above one (a level no tag names too), depth first, siblings sorted."""
        nodes: set[str] = set()
        for name in [t.name for t in self.tags] + list(self.by_tag):
            parts = name.split(SEP)
            nodes.update(SEP.join(parts[: i + 1]) for i in range(len(parts)))
        children: dict[str, list[str]] = {}
        for n in nodes:
            children.setdefault(n.rsplit(SEP, 1)[0] if SEP in n else "", []).append(n)
        counts = {n: len(self._under(n)) for n in nodes} if self.by_count else {}

        def key(n: str) -> tuple[int, str, str]:
            leaf = n.rsplit(SEP, 1)[-1]
            return (-counts.get(n, 0), pinyin_keys(leaf)[0], leaf)

        out: list[str] = []

        def walk(parent: str) -> None:
            for n in sorted(children.get(parent, []), key=key):
                out.append(n)
                walk(n)

        walk("")
        return out

    def _tag_label(self, tag: Tag, depth: int = 0) -> Content:
        codings = self._under(tag.name)
        memos = sum(1 for c in codings if c.memo)
        leaf = tag.name.rsplit(SEP, 1)[-1]
        mark = literal("■ ", colour_style(tag.colour)) if tag.colour else literal("▸ ", "$text-muted")
        label = literal("  " * depth) + mark + literal(leaf, "bold")
        label += literal(f"  {len(codings)}" + (f" · {memos}✎" if memos else ""), "$text-muted")
        return label + literal(f"  {tag.memo}", "italic $text-muted") if tag.memo else label

    @property
    def current_tag(self) -> str | None:
        option = self.query_one("#tb-tags", OptionList).highlighted_option
        return option.id if option is not None else None

    @property
    def current(self) -> Tag | None:
        """The highlighted tag with its colour and memo (``current_tag`` is only its name)."""
        name = self.current_tag
        return next((t for t in self.tags if t.name == name), None)

    def _show_memo(self) -> None:
        """The whole tag memo: the list shows it cut to the column's width."""
        tag = self.current
        memo = self.query_one("#tb-memo", Static)
        memo.display = tag is not None
        if tag is None:
            return
        if tag.memo:
            memo.update(literal("✎ ", "$text-muted") + literal(tag.memo, "italic"))
        else:
            memo.update(literal("No memo on this tag: M writes one.", "$text-muted"))

    def _show_passages(self) -> None:
        self._show_memo()
        passages = self.query_one("#tb-passages", OptionList)
        name = self.current_tag
        options = []
        for c in self._under(name) if name else []:
            summary = self.index.by_id.get(c.article)
            title = summary.title if summary else "(article no longer in the corpus)"
            date = (summary.published if summary else None) or "date unknown"
            units = ", ".join(self.index.unit_name(k) for k in self._units(c)) or "no unit"
            head = (
                literal(f"{date} · ", "$text-muted")
                + literal(title, "bold")
                + literal(f" · ¶{c.paragraph + 1} · {units} · {c.by}", "$text-muted")
            )
            if c.tag != name:
                head += literal(f" · {c.tag}", "$text-muted")
            body = literal(f"  {quoted(c.quote)}")  # never doubled quotes (issue 16, 8)
            if c.orphan:
                body = literal("  [orphan] ", "bold $warning") + body
            if c.memo:
                body += literal(f"  {MEMO} {c.memo}", "italic")
            options.append(Option(head + Content("\n") + body, id=c.id))
        passages.set_options(options)
        passages.highlighted = 0 if options else None

    def coding(self, coding_id: str | None) -> Coding | None:
        return next((c for cs in self.by_tag.values() for c in cs if c.id == coding_id), None)

    # --- navigation ---------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#tb-tags")
    def _tag_highlighted(self) -> None:
        self._show_passages()

    @on(OptionList.OptionSelected, "#tb-tags")
    def _tag_chosen(self) -> None:
        passages = self.query_one("#tb-passages", OptionList)
        if passages.option_count:
            passages.focus()

    @on(OptionList.OptionSelected, "#tb-passages")
    def _passage_chosen(self, event: OptionList.OptionSelected) -> None:
        c = self.coding(event.option.id)
        if c is not None:
            self.dismiss((c.article, c.paragraph))

    def action_back(self) -> None:
        if self.query_one("#tb-passages", OptionList).has_focus:
            self.query_one("#tb-tags", OptionList).focus()
        else:
            self.dismiss(None)

    # --- changes ------------------------------------------------------------------
    def _write(self, change: Callable[[Workspace], object], done: str) -> None:
        if write_tags(self.app, self.workspace, change) is not None:
            self.app.notify(f"{done} (ctrl+z undoes).", title="Tags", markup=False)

    def action_rename(self) -> None:
        from tui.dialogs.prompt import TextPrompt

        name = self.current_tag
        if name is None:
            return

        def renamed(new: str | None) -> None:
            if new and new.strip() and new.strip() != name:
                self._write(lambda ws: ws.rename_tag(name, new.strip()), f"Renamed {name} to {new.strip()}")

        self.app.push_screen(TextPrompt(Content("Rename ") + literal(name), name, placeholder="new name"), renamed)

    def action_sort(self) -> None:
        self.by_count = not self.by_count
        self.reload()
        self.app.notify("Sorted by passages." if self.by_count else "Sorted by pinyin.", title="Tags", markup=False)

    def action_move(self) -> None:
        """Move the tag (and the tags under it) under another tag, typed as its path; empty: to the top."""
        from tui.dialogs.prompt import TextPrompt

        tag = self.current
        if tag is None:
            return
        name, leaf = tag.name, tag.name.rsplit(SEP, 1)[-1]
        parent = name.rsplit(SEP, 1)[0] if SEP in name else ""

        def moved(new_parent: str | None) -> None:
            if new_parent is None:
                return
            target = f"{new_parent.strip().strip(SEP)}{SEP}{leaf}" if new_parent.strip() else leaf
            if target != name:
                self._write(lambda ws: ws.rename_tag(name, target), f"Moved {name} to {target}")

        hint = "The parent's path, levels separated by /; empty moves the tag to the top."
        self.app.push_screen(TextPrompt(Content("Move ") + literal(name) + Content(" under…"), parent, help=hint), moved)

    def action_move_up(self) -> None:
        tag = self.current
        if tag is None or SEP not in tag.name:
            return
        parts = tag.name.split(SEP)
        target = SEP.join(parts[:-2] + parts[-1:])
        self._write(lambda ws: ws.rename_tag(tag.name, target), f"Moved {tag.name} to {target}")

    def action_merge(self) -> None:
        from tui.dialogs.choice import ChoiceDialog

        name = self.current_tag
        others = [t for t in self.tags if t.name != name]
        if name is None or not others:
            return

        def merged(into: str | None) -> None:
            if into:
                self._write(lambda ws: ws.merge_tags(name, into), f"Merged {name} into {into}")

        options = [(t.name, literal("■ ", colour_style(t.colour)) + literal(t.name)) for t in others]
        self.app.push_screen(ChoiceDialog(Content("Merge ") + literal(name) + Content(" into…"), options), merged)

    def action_recolour(self) -> None:
        from tui.dialogs.choice import ChoiceDialog

        name = self.current_tag
        if name is None:
            return
        tag = next(t for t in self.tags if t.name == name)

        def chosen(colour: str | None) -> None:
            if colour and colour != tag.colour:
                self._write(lambda ws: ws.recolour_tag(name, colour), f"Recoloured {name}")

        options = [(c, literal("■■■■ ", colour_style(c)) + literal(c)) for c in PALETTE]
        current = PALETTE.index(tag.colour) if tag.colour in PALETTE else 0
        self.app.push_screen(ChoiceDialog(Content("Colour of ") + literal(name), options, current), chosen)

    def action_tag_memo(self) -> None:
        from tui.dialogs.prompt import TextPrompt

        tag = self.current
        if tag is None:
            return
        name = tag.name

        def saved(memo: str | None) -> None:
            if memo is not None and memo.strip() != tag.memo:
                done = f"Memo of {name} {'saved' if memo.strip() else 'cleared'}"
                self._write(lambda ws: ws.set_tag_memo(name, memo.strip()), done)

        title = Content("Memo of the tag ") + literal(name, colour_style(tag.colour, bold=True))
        hint = "What the tag means; shown here and exported with the tag (QDPX description)."
        self.app.push_screen(TextPrompt(title, tag.memo, help=hint, placeholder="memo"), saved)

    def action_delete(self) -> None:
        from tui.dialogs.choice import ChoiceDialog

        name = self.current_tag
        if name is None:
            return
        count = len(self.workspace.codings(tag=name))

        def confirmed(answer: str | None) -> None:
            if answer == "delete":
                self._write(lambda ws: ws.delete_tag(name), f"Deleted {name} from {count} passages")

        options = [
            ("keep", Content("Keep it")),
            (
                "delete",
                Content("Delete ") + literal(name) + Content(f" and remove it from {plural(count, 'passage')}"),
            ),
        ]
        self.app.push_screen(ChoiceDialog(Content("Delete the tag ") + literal(name) + Content("?"), options), confirmed)
