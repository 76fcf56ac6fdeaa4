"""``t``: tag the passage (or the selection) with one or more tags and an optional memo.

Tags are typed separated by 、 , ， ; or spaces; the last one being typed is
completed from the existing tags by 汉字 or pinyin initials (``jf`` → 纠纷): ``tab``
takes the highlighted completion. Returns a :class:`TagRequest`, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from store.corpus.tags import Tag
from tui import pinyin
from tui.dialogs.base import BeatDialog
from tui.safe_text import literal, quoted

SEPARATORS = re.compile(r"[,，、;；\s]+")


@dataclass(frozen=True, slots=True)
class TagRequest:
    tags: list[str]
    memo: str


def split_tags(text: str) -> list[str]:
    """Tag names in typed order, without duplicates or empties."""
    return list(dict.fromkeys(t for t in SEPARATORS.split(text) if t))


class TagDialog(BeatDialog[TagRequest | None]):
    DEFAULT_CSS = """
    TagDialog > Vertical.dialog { max-width: 80; max-height: 100%; }
    TagDialog #tag-quote { color: $text-muted; height: auto; max-height: 3; }
    TagDialog OptionList { height: auto; max-height: 6; text-wrap: nowrap; text-overflow: ellipsis; }
    TagDialog #tag-status { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tag.cancel"),
        Binding("enter", "save", "Save", priority=True, id="tag.save"),
        Binding("tab", "complete", "Complete / next field", priority=True, id="tag.complete"),
        Binding("up", "step(-1)", "Previous completion", show=False, priority=True, id="tag.up"),
        Binding("down", "step(1)", "Next completion", show=False, priority=True, id="tag.down"),
    ]

    def __init__(self, where: str, quote: str, tags: list[Tag]) -> None:
        super().__init__()
        self.where = where
        self.quote = quote
        self.existing = tags
        self.pinyin_ready = False
        self._completions: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Tag ").stylize("bold") + literal(self.where, "bold $accent"))
            yield Static(literal(quoted(self.quote)), id="tag-quote")
            yield Input(placeholder="tags: 汉字 or pinyin initials; several with 、 , or space", id="tag-names")
            yield OptionList(id="tag-completions")
            yield Input(placeholder="memo (optional)", id="tag-memo")
            yield Static(id="tag-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False  # up/down/tab drive it from the input
        self.query_one("#tag-names", Input).focus()
        self.refilter()
        self.warm_pinyin()

    @work(thread=True, exclusive=True, group="pinyin")
    def warm_pinyin(self) -> None:
        pinyin.warm([t.name for t in self.existing])
        self.app.call_from_thread(self._pinyin_warmed)

    def _pinyin_warmed(self) -> None:
        self.pinyin_ready = True
        self.refilter()

    # --- completion ---------------------------------------------------------------
    def _last_token(self) -> str:
        value = self.query_one("#tag-names", Input).value
        return "" if not value or SEPARATORS.match(value[-1]) else SEPARATORS.split(value)[-1]

    @on(Input.Changed, "#tag-names")
    def refilter(self) -> None:
        token = pinyin.normalise_query(self._last_token())
        typed = set(split_tags(self.query_one("#tag-names", Input).value)) - {self._last_token()}
        self._completions = [
            t.name for t in self.existing if t.name not in typed and pinyin.text_matches(token, t.name, self.pinyin_ready)
        ]
        options = self.query_one(OptionList)
        by_name = {t.name: t for t in self.existing}
        options.set_options(
            Option(literal("■ ", by_name[n].colour) + literal(n), id=str(i)) for i, n in enumerate(self._completions)
        )
        options.highlighted = 0 if self._completions else None
        options.display = bool(self._completions)
        status = f"{len(self.existing)} tags exist · tab completes · enter saves"
        if not self.pinyin_ready:
            status += " · pinyin loading…"
        self.query_one("#tag-status", Static).update(literal(status))

    def action_step(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self._completions:
            options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_complete(self) -> None:
        names = self.query_one("#tag-names", Input)
        highlighted = self.query_one(OptionList).highlighted
        if not names.has_focus or not self._completions or highlighted is None:
            self.focus_next(Input)
            return
        value = names.value
        token = self._last_token()
        names.value = value[: len(value) - len(token)] + self._completions[highlighted] + "、"
        names.cursor_position = len(names.value)

    # --- result -------------------------------------------------------------------
    def action_save(self) -> None:
        tags = split_tags(self.query_one("#tag-names", Input).value)
        if not tags:
            self.query_one("#tag-status", Static).update(literal("Type at least one tag."))
            return
        too_long = [t for t in tags if len(t) > 60]
        if too_long:
            self.query_one("#tag-status", Static).update(literal("A tag name is at most 60 characters."))
            return
        self.dismiss(TagRequest(tags, self.query_one("#tag-memo", Input).value.strip()))

