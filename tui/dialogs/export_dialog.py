"""Ask where to export tagged passages, write them, and stay open when that fails.

A failed export used to close its prompt and show a toast cut off mid-path (issue 16):
the user had to start again to fix one folder name. Here the export runs from the
dialog (in a thread: a large QDPX takes seconds), the whole reason shows under the
path, and the path stays in the field to edit. The dialog answers with the
:class:`ExportResult` once the file is written, None when cancelled. It is handed the
export as a function, so it never reaches into the app or the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static

from store.workspace import ExportResult, WorkspaceError
from tui.dialogs.base import BeatDialog
from tui.safe_text import literal


class ExportDialog(BeatDialog[ExportResult | None]):
    DEFAULT_CSS = """
    ExportDialog > Vertical.dialog { max-width: 96; }
    ExportDialog #export-help { color: $text-muted; }
    ExportDialog #export-error { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("enter", "save", "Export", priority=True, id="export.save"),
    ]

    def __init__(self, title: str, default: Path, scope: str, export: Callable[[Path], ExportResult]) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.scope = scope
        self.export = export
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.title_text, "bold"))
            yield Static(literal(f"Writes {self.scope} to this file."), id="export-help")
            yield Input(value=str(self.default), id="export-path")
            yield Static(id="export-error")
        yield Footer()

    def action_save(self) -> None:
        text = self.query_one(Input).value.strip()
        if self.running:
            return
        if not text:
            self.show_error("Type the path of the file to write.")
            return
        self.running = True
        self.query_one("#export-error", Static).update(Content("Writing…"))
        self.write(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="export")
    def write(self, path: Path) -> None:
        try:
            result = self.export(path)
        except WorkspaceError as exc:  # the workspace says what was wrong and what was kept
            self.app.call_from_thread(self.show_error, str(exc))
        except Exception as exc:  # noqa: BLE001 - anything else: its name and text, whole
            self.app.call_from_thread(self.show_error, f"Export failed: {type(exc).__name__}: {exc}")
        else:
            self.app.call_from_thread(self.dismiss, result)

    def show_error(self, message: str) -> None:
        """The whole reason under the path, which stays in the field to edit."""
        self.running = False
        self.query_one("#export-error", Static).update(literal(message))
        self.query_one(Input).focus()
