"""``e`` in the analysis views: ask for a file, then write the table on screen to it in a worker.

One flow for the co-occurrence view and the analysis tables (the concordance keeps its
own, which writes its lines' full contexts): a ``.json`` name writes JSON records, any other
CSV (``store.analysis.table_export``); a refused or failed write is reported and leaves
the file as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from store.text.wording import plural
from tui.safe_text import literal


def ask_export(screen: Any, what: str, name: str, header: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Ask where to write ``rows`` (``what`` names them in the prompt, ``name`` the default file)."""
    from tui.dialogs.prompt import TextPrompt

    if not rows:
        screen.notify("Nothing to export yet.", severity="warning", markup=False)
        return

    def chosen(path: str | None) -> None:
        if path:
            write = partial(_write, screen.app, Path(path).expanduser(), header, list(rows))
            screen.run_worker(write, thread=True, group="export")

    default = str(Path.home() / f"beat-{name}.csv")
    screen.app.push_screen(TextPrompt(literal(f"Export {what} to"), default, help="A .json name writes JSON."), chosen)


def _write(app: Any, path: Path, header: list[str], rows: list[Sequence[Any]]) -> None:
    from store.analysis.table_export import write_table

    try:
        n = write_table(path, header, rows)
    except (OSError, ValueError) as exc:  # a folder, a FIFO, a full disk: the file is left as it was
        app.call_from_thread(app.notify, f"Export failed: {exc}", title="Export", severity="error", markup=False)
        return
    app.call_from_thread(app.notify, f"Wrote {plural(n, 'row')} to {path}.", title="Export", markup=False)
