"""Ask for one line of text (a new tag name, a memo, a file path); None when cancelled.

The title is ``Content`` the caller built from literal text, so a tag name like
"[bold]x[/]" in it shows as typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static

from tui.dialogs.base import BeatDialog
from tui.safe_text import literal


class TextPrompt(BeatDialog[str | None]):
    DEFAULT_CSS = """
    TextPrompt > Vertical.dialog { max-width: 72; }
    TextPrompt #prompt-help { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
        Binding("enter", "save", "Save", priority=True, id="prompt.save"),
    ]

    def __init__(self, title: Content, value: str = "", help: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_content = title
        self.value = value
        self.help = help
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_content.stylize("bold"))
            if self.help:
                yield Static(literal(self.help), id="prompt-help")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
        yield Footer()

    def action_save(self) -> None:
        self.dismiss(self.query_one(Input).value)

