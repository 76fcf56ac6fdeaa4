"""``?``: every key, by where it works, read from the bindings themselves.

Built from the classes' BINDINGS, so it cannot drift from what the keys do.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """(where, bindings) for every context of the app, in reading order."""
    from tui.app import BeatApp
    from tui.dialogs.date_dialog import DateDialog
    from tui.dialogs.merge import MergeDialog
    from tui.dialogs.search import SearchDialog
    from tui.dialogs.tag_dialog import TagDialog
    from tui.dialogs.unit_picker import UnitPicker
    from tui.screens.main import MainScreen
    from tui.screens.tag_browser import TagBrowser
    from tui.widgets.article_list import ArticleList
    from tui.widgets.reader import Reader
    from tui.widgets.rows import RowList
    from tui.widgets.timeline import Timeline

    def bindings(cls: type) -> list[Binding]:
        return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]

    return [
        ("Anywhere", bindings(BeatApp)),
        ("Main screen", bindings(MainScreen)),
        ("Reader (centre)", bindings(Reader)),
        ("Article list (left)", bindings(ArticleList) + bindings(RowList)),
        ("Timeline (right)", bindings(Timeline) + bindings(RowList)),
        ("Unit picker (u)", bindings(UnitPicker)),
        ("Merge / alias (m in the unit picker)", bindings(MergeDialog)),
        ("Search (/)", bindings(SearchDialog)),
        ("Reference date (d)", bindings(DateDialog)),
        ("Tag dialog (t)", bindings(TagDialog)),
        ("Tag browser (#)", bindings(TagBrowser)),
    ]


def key_label(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "escape": "esc", "space": "space", "ctrl+p": "ctrl+p", "number_sign": "#"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


NOTES = (
    "n / N step through search matches while a search is on, otherwise through passages",
    "that mention the filtered units; escape clears the search first, then the filter.",
    "tab / shift+tab move between the article list, the reader and the timeline.",
    "Tagging: t tags the passage; v selects its first sentence, h/l and H/L shrink/extend",
    "by clause/sentence, left/right move the selection, t tags it. ctrl+z undoes tag changes.",
)


def help_content() -> Content:
    lines: list[Content] = []
    for where, group in binding_groups():
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
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100%; max-width: 96; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Keys").stylize("bold"))
            with VerticalScroll():
                yield Static(help_content())
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
