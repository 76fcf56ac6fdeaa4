"""The command palette's Beat entries: Screenshot, the exports, and every key of the reading screen.

Read from the classes' BINDINGS (as ``?`` is, see ``tui.app.binding_groups``), so the
palette cannot drift from what the keys do; each action is listed once, with its key
and where it works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode


TEXTUAL_COMMANDS_REPLACED = frozenset({"Keys", "Quit", "Screenshot"})
"""Textual's own palette entries that Beat's replace: its "Keys" panel beside Beat's help made
three "Keys" entries (issue 16), its "Quit" skips saving the reading position, and its
"Screenshot" wrote into ~/Downloads, which may not exist."""


def palette_commands(
    app: App[Any], screen: Screen[Any], screenshots: Path, ask_export: Callable[[str], None] | None
) -> Iterable[SystemCommand]:
    """Beat's actions on the reading screen, each once, with its key and where it works.

    ``screenshots``: where Screenshot saves; ``ask_export``: None until tags can be exported.
    """
    from store.corpus.export import LABELS
    from tui.screens.help import key_label
    from tui.screens.main import MainScreen

    yield SystemCommand(
        "Screenshot",
        f"Save an SVG picture of the screen in {screenshots}",
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )
    if not isinstance(screen, MainScreen):
        return
    if ask_export is not None:
        for fmt, label in LABELS.items():
            yield SystemCommand(
                f"Export tagged passages as {label}",
                "Asks for a file; only passages that mention the filtered units, if a unit filter is on",
                partial(ask_export, fmt),
            )
        from tui import team_actions  # issue 19: import from other QDA tools, the coder's name

        yield SystemCommand(
            "Import a REFI-QDA project (.qdpx)",
            "Sources, codes and codings from a colleague or another QDA tool",
            partial(team_actions.ask_import, app),
        )
        yield SystemCommand(
            "Set the coder's name", "Stored on every passage you tag from now on", partial(team_actions.ask_coder, app)
        )
        yield SystemCommand(
            "Inter-coder agreement",
            "Percentage agreement, Cohen's kappa, Krippendorff's alpha per tag; Enter opens a disagreeing passage",
            partial(team_actions.show_agreement, app),
        )
    from tui.screens.concordance import saved_search_commands  # issue 17: saved searches in the palette

    for title, help_text, callback in saved_search_commands(screen):
        yield SystemCommand(title, help_text, callback)
    nodes: list[tuple[DOMNode, str]] = [
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
