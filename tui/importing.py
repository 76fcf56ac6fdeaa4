"""Opening the import dialog from the reader and saying what it did (kept out of the main screen).

The dialog gets the workspace's ``import_files`` to run, so it imports through the
workspace's user store and lock (see :meth:`store.workspace.Workspace.import_files`);
the list refreshes from the workspace's :class:`store.workspace.CorpusChanged`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.screens.reading_state import ReadingState


def ask_import(screen: ReadingState) -> None:
    from tui.dialogs.import_dialog import ImportDialog

    workspace = screen.workspace
    if workspace.user is None:
        screen.notify("This corpus was opened read-only: nothing can be imported.", severity="warning", markup=False)
        return

    def done(summary: str | None) -> None:
        if summary:
            screen.notify(summary, title="Import", markup=False)

    start = str(Path.cwd()) + "/"
    screen.app.push_screen(ImportDialog(lambda paths, progress: workspace.import_files(paths, progress), start), done)
