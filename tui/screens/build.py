"""First launch (or after an upgrade): build the store with a progress bar.

The build runs in a worker thread and reports through the app; this screen only
shows progress. Errors are listed, never swallowed: files that could not be read
are named, and a failed build says why and offers to quit.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from tui.safe_text import literal


class BuildScreen(Screen[None]):
    DEFAULT_CSS = """
    BuildScreen { align: center middle; }
    BuildScreen > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    BuildScreen #build-reason { color: $text-muted; margin-bottom: 1; }
    BuildScreen ProgressBar { margin-bottom: 1; }
    BuildScreen #build-current { color: $text-muted; height: 1; }
    BuildScreen #build-errors { height: auto; max-height: 12; color: $error; }
    BuildScreen #build-done { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "continue", "Continue", id="build.continue"),
        Binding("q", "app.quit", "Quit", id="build.quit"),
    ]

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Building Beat's store").stylize("bold"))
            yield Static(literal(self.reason), id="build-reason")
            yield ProgressBar(total=None, show_eta=False, id="build-bar")
            yield Static(id="build-current")
            with VerticalScroll(id="build-errors"):
                yield Static(id="build-error-list")
            yield Static(id="build-done")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.finished
        return True

    def progress(self, done: int, total: int, name: str) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#build-current", Static).update(literal(f"{done}/{total}  {name}"))

    def show_errors(self, errors: list[tuple[str, str]], summary: str) -> None:
        """The build finished but some files failed: list them and wait for enter."""
        lines = [literal(f"{name}: {reason}") for name, reason in errors]
        self.query_one("#build-error-list", Static).update(Content("\n").join(lines))
        self.query_one("#build-done", Static).update(literal(f"{summary} — press enter to continue."))
        self.finished = True
        self.refresh_bindings()

    def show_failure(self, message: str) -> None:
        """The build (or opening the store) failed: say why; q quits."""
        self.query_one("#build-current", Static).update("")
        self.query_one("#build-error-list", Static).update(literal(message))
        self.query_one("#build-done", Static).update(Content("The store could not be built. Press q to quit."))

    def action_continue(self) -> None:
        self.dismiss(None)
