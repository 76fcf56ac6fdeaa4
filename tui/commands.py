"""Every key of the app, by where it works: what ``?`` lists and what the command palette offers.

Read from the classes' BINDINGS, so neither can drift from what the keys do. Here,
beside the app, because only the app knows every screen; the help screen gets the
list and imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import BeatApp

TEXTUAL_COMMANDS_REPLACED = frozenset({"Keys", "Quit", "Screenshot"})
"""Textual's own palette entries that Beat's replace: its "Keys" panel beside Beat's help made
three "Keys" entries (issue 16), its "Quit" skips saving the reading position, and its
"Screenshot" wrote into ~/Downloads, which may not exist."""


def bindings_of(cls: type) -> list[Binding]:
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """(where, bindings) for every context of the app, in reading order: what ``?`` lists."""
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

    return [
        ("Anywhere", bindings_of(BeatApp)),
        ("Main screen", bindings_of(MainScreen)),
        ("Reader (centre)", bindings_of(Reader)),
        ("Article list (left)", bindings_of(ArticleList) + bindings_of(RowList)),
        ("Timeline (right)", bindings_of(Timeline) + bindings_of(RowList)),
        ("Unit picker (u)", bindings_of(UnitPicker)),
        ("Merge / alias (m in the unit picker)", bindings_of(MergeDialog)),
        ("Search (/)", bindings_of(SearchDialog)),
        ("Reference date (d)", bindings_of(DateDialog)),
        ("Tag dialog (t)", bindings_of(TagDialog)),
        ("Tag browser (#)", bindings_of(TagBrowser)),
    ]


def palette_commands(app: BeatApp, screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Beat's actions on the reading screen, each once, with its key and where it works."""
    from store.corpus.export import LABELS
    from tui.screens.help import key_label
    from tui.screens.main import MainScreen

    yield SystemCommand(
        "Screenshot",
        f"Save an SVG picture of the screen in {app.home.screenshots}",
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )
    if not isinstance(screen, MainScreen):
        return
    if app.tagbook is not None:
        for fmt, label in LABELS.items():
            yield SystemCommand(
                f"Export tagged passages as {label}",
                "Asks for a file; only passages that mention the filtered units, if a unit filter is on",
                partial(app.ask_export, fmt),
            )
    nodes = [
        (app, "works anywhere"),
        (screen, "works on the main screen"),
        (screen.reader, "works in the reader"),
        (screen.articles, "works in the article list"),
        (screen.timeline, "works in the timeline"),
    ]
    seen: set[str] = set()
    for node, where in nodes:
        for binding in type(node).__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or binding.action in ("command_palette", "close_screen"):
                continue  # the palette itself; q closes a sub-screen, and the palette lists the main screen's keys
            action = f"{binding.key}:{binding.action.removeprefix('app.')}"
            if binding.id in seen or action in seen:  # ? is bound on the app and the screen: one entry
                continue
            name = binding.action.split("(")[0]
            if node.check_action(name, ()) is False:
                continue
            seen.update({binding.id or binding.key, action})
            key = key_label(binding.key)
            yield SystemCommand(
                f"{binding.description} ({key})",
                f"{binding.tooltip or binding.description} — key {key}, {where}",
                partial(app.run_action, binding.action, node),
            )
