"""``?``: every key, by where it works, read from the bindings themselves; then every symbol.

Built from the classes' BINDINGS (``tui.app.binding_groups`` collects them: only the
app knows every screen), so it cannot drift from what the keys do; the symbols come
from :mod:`tui.symbols`, the constants the panes draw.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from tui.dialogs.base import BeatDialog
from tui.safe_text import literal
from tui.symbols import legend


def key_label(key: str) -> str:
    names = {
        "question_mark": "?",
        "slash": "/",
        "escape": "esc",
        "space": "space",
        "ctrl+p": "ctrl+p",
        "number_sign": "#",
        "less_than_sign": "<",
        "greater_than_sign": ">",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "plus": "+",
        "minus": "-",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


NOTES = (
    "n / p step through search matches while a search is on, otherwise through passages",
    "that mention the filtered units; escape clears the search first, then the filter.",
    "tab / shift+tab move between the article list, the reader and the timeline (below 60 columns",
    "one pane shows at a time). < / > narrow or widen the focused sidebar. q closes a dialog or",
    "screen (on the main screen it quits); ctrl+q quits from anywhere.",
    "Tagging: t tags the passage; v selects its first sentence, h/l and [/] shrink/extend",
    "by clause/sentence, left/right move the selection, t tags it. ctrl+z undoes tag changes.",
)


Groups = list[tuple[str, list[Binding]]]
MARK_WIDTH = 20  # the widest mark, "(publication date)", and two spaces


def help_content(groups: Groups) -> Content:
    lines: list[Content] = []
    for where, group in groups:
        lines.append(Content(where).stylize("bold $accent"))
        by_key: dict[str, list[str]] = {}
        for b in group:
            descriptions = by_key.setdefault(key_label(b.key), [])
            text = b.tooltip or b.description
            if text not in descriptions:
                descriptions.append(text)
        for key, descriptions in by_key.items():
            lines.append(Content(f"  {key:<16} ").stylize("bold") + Content(" / ".join(descriptions)))
        lines.append(Content(""))
    lines.append(Content("Command palette").stylize("bold $accent"))
    lines.append(Content(f"  {'ctrl+p':<16} ").stylize("bold") + Content("every action by name, with its key; themes"))
    lines.append(Content(""))
    lines.extend(Content(note).stylize("$text-muted") for note in NOTES)
    lines.append(Content(""))
    lines.extend(symbol_lines())
    return Content("\n").join(lines)


def symbol_lines() -> list[Content]:
    """The legend: each pane's marks as drawn (in their style), with their meaning."""
    lines = [Content("Symbols").stylize("bold $accent")]
    for pane, signs in legend():
        lines.append(Content(f"  {pane}").stylize("bold"))
        for sign in signs:
            mark = literal(sign.mark, sign.style)
            lines.append(Content("    ") + mark + Content(" " * max(1, MARK_WIDTH - mark.cell_length)) + literal(sign.meaning))
    return lines


class HelpScreen(BeatDialog[None]):
    DEFAULT_CSS = """
    HelpScreen > Vertical.dialog { max-width: 96; height: 90%; }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "cancel", "Close", id="help.close"),
    ]

    def __init__(self, groups: Groups) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Keys, then symbols (scroll down)").stylize("bold"))
            with VerticalScroll():
                yield Static(help_content(self.groups))
        yield Footer()
