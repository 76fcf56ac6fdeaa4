"""``f``: correct the entities of the passage under the cursor (issue 13); returns a :class:`CorrectionRequest` or None.

One list, two kinds of line. For each entity found in the passage, "not a person
here" and "never a person, in any article"; then one line per type, "mark the text as
a person", which marks what the text box holds (the selection's text when there is
one; trim it to the name). The box is free text because a selection runs by clause or
sentence and a name is shorter. The workspace refuses a text the article does not
hold, so a typo is said, not saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.dialogs.base import BeatDialog
from tui.safe_text import literal


@dataclass(frozen=True, slots=True)
class CorrectionRequest:
    action: str  # reject | add
    text: str
    type: str | None
    everywhere: bool = False


class EntityDialog(BeatDialog[CorrectionRequest | None]):
    DEFAULT_CSS = """
    EntityDialog > Vertical.dialog { max-width: 80; max-height: 100%; }
    EntityDialog OptionList { height: auto; max-height: 16; text-wrap: nowrap; text-overflow: ellipsis; }
    EntityDialog #entity-status { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="entity.cancel"),
        Binding("enter", "choose", "Choose", priority=True, id="entity.choose"),
        Binding("up", "move('up')", "Previous", show=False, priority=True, id="entity.up"),
        Binding("down", "move('down')", "Next", show=False, priority=True, id="entity.down"),
    ]

    def __init__(self, where: str, found: list[tuple[str, str]], types: tuple[str, ...], text: str = "") -> None:
        """``found``: the passage's (type, text) pairs, each once; ``text``: the selection's text, if any."""
        super().__init__()
        self.where = where
        self.found = found
        self.types = types
        self.text = text
        self.requests: dict[str, tuple[str, str | None, str | None, bool]] = {}

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for i, (kind, text) in enumerate(self.found):
            self.requests[f"here{i}"] = ("reject", text, kind, False)
            self.requests[f"all{i}"] = ("reject", text, kind, True)
            name = literal("✗ ", "$error") + literal(text, "bold")
            options.append(Option(name + literal(f"  not a {kind} here"), id=f"here{i}"))
            options.append(Option(name + literal(f"  never a {kind}, anywhere"), id=f"all{i}"))
        for kind in self.types:
            self.requests[f"add-{kind}"] = ("add", None, kind, False)
            options.append(Option(literal("+ ", "$success") + literal(f"mark the text as {kind}"), id=f"add-{kind}"))
        with Vertical(classes="dialog"):
            yield Static(Content("Entities of ").stylize("bold") + literal(self.where, "bold $accent"))
            yield Input(self.text, placeholder="text to mark as an entity (as written in the article)", id="entity-text")
            yield OptionList(*options, id="entity-actions")
            yield Static(literal("↑↓ choose · enter applies · ctrl+z in the reader undoes"), id="entity-status")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.can_focus = False  # up/down drive it while the text box keeps the keys
        first_add = 2 * len(self.found)
        options.highlighted = first_add if self.text or not self.found else 0
        self.query_one(Input).focus()

    def action_choose(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return
        action, text, kind, everywhere = self.requests[option.id]
        if text is None:
            text = self.query_one(Input).value.strip()
            if not text:
                self.query_one("#entity-status", Static).update(literal("Type (or select) the text to mark first."))
                return
        self.dismiss(CorrectionRequest(action, text, kind, everywhere))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_choose()
