"""``i``: import .txt/.html files or folders from inside the reader, with path completion.

Before, the open reader held the data home, so ``beat import`` was refused until the
user quit (issue 16, friction 7). The dialog asks for a path (tab or → accepts the
greyed completion: the directories and files under what is typed), then runs the
import the caller gives it (the workspace's, which copies under the workspace's lock,
rebuilds and re-anchors the tags) in a worker, with the build's progress. The list
refreshes from the workspace's change event. A path that does not exist, or files
that could not be read, are said in the dialog, which stays open with the path
editable; a clean import closes it and answers the summary.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Footer, Input, ProgressBar, Static

from tui.dialogs.base import BeatDialog
from tui.safe_text import literal

ERRORS_SHOWN = 5  # failed files listed in the dialog; the rest are counted
PROGRESS_EVERY_S = 0.05  # at most 20 progress redraws a second
SUGGEST_SCAN = 2000  # directory entries read per completion: a huge folder never stalls typing

Progress = Callable[[int, int, str], None]
RunImport = Callable[[list[Path], Progress], Any]  # Workspace.import_files: returns an ImportOutcome


def complete_path(typed: str) -> str | None:
    """``typed`` completed to the longest name its folder holds that starts with it, or None.

    Directories end with ``/`` so the next tab goes on into them. Completes the way a
    shell does: the common prefix of the matches, or the first match (sorted) when that
    adds nothing. Hidden entries only when the typed name starts with a dot. ``~`` stays
    as typed (the Input shows the suggestion after what is typed).
    """
    if not typed:
        return None
    head, _, prefix = typed.rpartition("/") if "/" in typed else ("", "", typed)
    folder = Path(os.path.expanduser(head + "/") if "/" in typed else ".")
    matches: list[tuple[str, bool]] = []
    try:
        with os.scandir(folder) as entries:
            for n, entry in enumerate(entries):
                if n >= SUGGEST_SCAN:
                    break
                if entry.name.startswith(prefix) and (prefix.startswith(".") or not entry.name.startswith(".")):
                    matches.append((entry.name, entry.is_dir()))
    except OSError:
        return None
    if not matches:
        return None
    matches.sort()
    common = os.path.commonprefix([name for name, _ in matches])
    if len(matches) > 1 and common != prefix:
        completed = common
    else:
        name, is_dir = matches[0]
        completed = name + ("/" if is_dir else "")
    base = typed[: len(typed) - len(prefix)]
    return base + completed if base + completed != typed else None


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # the disk changes; paths are case-sensitive

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


class ImportDialog(BeatDialog[str | None]):
    DEFAULT_CSS = """
    ImportDialog > Vertical.dialog { max-width: 100; }
    ImportDialog #import-help { color: $text-muted; }
    ImportDialog ProgressBar { display: none; }
    ImportDialog.-running ProgressBar { display: block; }
    ImportDialog #import-status { height: auto; }
    ImportDialog #import-status.-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="import.cancel"),
        Binding("enter", "run", "Import", priority=True, id="import.run"),
        Binding("tab", "complete", "Complete", priority=True, tooltip="Accept the path completion", id="import.complete"),
    ]

    def __init__(self, run_import: RunImport, start: str = "") -> None:
        super().__init__()
        self.run_import = run_import
        self.start = start
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Import articles").stylize("bold"))
            yield Static(
                Content(".txt or .html files, or folders of them; tab completes the path. They are copied into the data home."),
                id="import-help",
            )
            # Not selected on focus: the start folder is a prefix to type after, not a value to replace.
            yield Input(
                value=self.start,
                placeholder="a file or folder",
                suggester=PathSuggester(),
                select_on_focus=False,
                id="import-path",
            )
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static(id="import-status")
        yield Footer()

    def action_complete(self) -> None:
        field = self.query_one(Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()  # at the end, → accepts the suggestion

    def action_cancel(self) -> None:
        if not self.running:  # the import goes on either way; closing mid-way would hide its outcome
            self.dismiss(None)

    def say(self, text: str, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(literal(text) if "\n" not in text else Content("\n").join(literal(t) for t in text.split("\n")))
        status.set_class(error, "-error")

    def action_run(self) -> None:
        if self.running:
            return
        typed = self.query_one(Input).value.strip()
        if not typed:
            self.say("Type the path of a file or folder to import.", error=True)
            return
        path = Path(typed).expanduser()
        if not path.exists():
            self.say(f"{path} does not exist.", error=True)
            return
        self.running = True
        self.add_class("-running")
        self.say(f"Importing {path}…")
        self.import_path(path)

    @work(thread=True, exclusive=True, group="import")
    def import_path(self, path: Path) -> None:
        shown = [0.0]

        def progress(done: int, total: int, name: str) -> None:
            now = time.monotonic()  # call_from_thread waits for the UI: not once per file of ten thousand
            if now - shown[0] >= PROGRESS_EVERY_S or done + 1 >= total:
                shown[0] = now
                self.app.call_from_thread(self._progress, done, total, name)

        try:
            outcome = self.run_import([path], progress)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open
            self.app.call_from_thread(self._failed, str(exc) or type(exc).__name__)
            return
        self.app.call_from_thread(self._done, outcome)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.say(f"{name[:1].upper()}{name[1:]} ({done}/{total})…")

    def _failed(self, message: str) -> None:
        self.running = False
        self.remove_class("-running")
        self.say(f"Import failed: {message}", error=True)

    def _done(self, outcome: Any) -> None:
        self.running = False
        self.remove_class("-running")
        errors: list[tuple[str, str]] = outcome.errors
        summary: str = outcome.summary()
        if not errors:
            self.dismiss(summary)
            return
        lines = [summary if outcome.result.added else "Nothing was imported."]
        lines += [f"{name}: {reason}" for name, reason in errors[:ERRORS_SHOWN]]
        if len(errors) > ERRORS_SHOWN:
            lines.append(f"and {len(errors) - ERRORS_SHOWN} more")
        self.say("\n".join(lines), error=True)
