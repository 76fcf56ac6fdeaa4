"""Pick one of a few things (which tag to remove, which colour, yes or no); None when cancelled."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.dialogs.base import BeatDialog


class ChoiceDialog(BeatDialog[str | None]):
    DEFAULT_CSS = """
    ChoiceDialog > Vertical.dialog { width: 100%; max-width: 80; height: auto; max-height: 80%; }
    ChoiceDialog OptionList { height: auto; max-height: 16; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("enter", "choose", "Choose", priority=True, id="choice.choose"),
    ]

    def __init__(self, title: Content, options: list[tuple[str, Content]], highlighted: int = 0) -> None:
        super().__init__()
        self.title_content = title
        self.options = options
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_content.stylize("bold"))
            yield OptionList(*(Option(label, id=key) for key, label in self.options), id="choice-list")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.highlighted if self.options else None
        options.focus()

    def action_choose(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        self.dismiss(option.id if option is not None else None)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_choose()
