"""The reader's side of working in a team: the coder's name (asked once) and importing a .qdpx.

The name is asked the first time the user tags in a data home that has none (cancel:
the codings are attributed to "Beat", and the question is not asked again in the
session); the palette's "Set the coder's name" changes it. "Import a REFI-QDA project"
runs ``store.teamwork`` in a worker: a project whose articles are all in the corpus
only adds codings; one with new articles imports and builds them first, then the
reader is shown the new store, as after a build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.content import Content

from tui.safe_text import literal, quoted
from tui.writes import write_tags

_ASKED = "_beat_coder_asked"


def ensure_coder(app: Any, then: Callable[[], None]) -> None:
    """Run ``then`` once the data home has a coder, asking for the name the first time."""
    workspace = app.workspace
    if workspace.user is None or workspace.coder() is not None or getattr(app, _ASKED, False):
        then()
        return
    setattr(app, _ASKED, True)
    ask_coder(app, then)


def ask_coder(app: Any, then: Callable[[], None] | None = None) -> None:
    from tui.dialogs.prompt import TextPrompt

    workspace = app.workspace

    def chosen(name: str | None) -> None:
        if name and name.strip() and name.strip() != workspace.coder():
            written = write_tags(app, workspace, lambda ws: ws.set_coder(name))
            if written is not None:
                app.notify(f"Coder: {written.value}. Every passage you tag carries this name.", title="Coder", markup=False)
        if then is not None:
            then()

    hint = (
        "Stored on every passage you tag, so a team's codings stay apart (QDPX export, beat agreement). "
        "Change it later from the command palette (ctrl+p)."
    )
    app.push_screen(TextPrompt(literal("Your name as coder"), workspace.coder() or "", help=hint, placeholder="name"), chosen)


def ask_import(app: Any) -> None:
    from tui.dialogs.prompt import TextPrompt

    def chosen(path: str | None) -> None:
        if path and path.strip():
            app.run_worker(lambda: import_project(app, Path(path.strip()).expanduser()), thread=True, group="qdpx-import")

    title = Content("Import a REFI-QDA project (.qdpx)")
    hint = "Sources become articles (or find theirs), codes become tags, selections become codings with their coders."
    app.push_screen(TextPrompt(title, str(Path.home()) + "/", help=hint, placeholder="project.qdpx"), chosen)


def import_project(app: Any, path: Path) -> None:
    """In a worker thread: prepare (check, import new articles, build), then attach the codings."""
    from store.corpus.qdpx_zip import QdpxError
    from store.teamwork import attach, prepare

    workspace = app.workspace
    say = app.call_from_thread
    say(app.notify, f"Importing {path.name}…", title="QDPX", markup=False, timeout=3)
    try:
        # new articles go in as the reader's own import does (CorpusChanged refreshes the list)
        prepared = prepare(app.home, path, workspace=workspace)
        report = attach(workspace, prepared)
    except QdpxError as exc:
        say(app.notify, f"{path.name}: {exc}; nothing was imported", title="QDPX", severity="error", markup=False)
        return
    except Exception as exc:  # noqa: BLE001 - a full disk, an unreadable file: tell the user
        say(app.notify, f"Import failed: {type(exc).__name__}: {exc}", title="QDPX", severity="error", markup=False)
        return
    say(app.notify, "\n".join(report.lines()), title="QDPX", markup=False, timeout=15)


def show_agreement(app: Any, level: str = "char") -> None:
    """The palette's "Inter-coder agreement": figures per tag, then each disagreeing passage; Enter opens it."""
    from store.corpus.agreement import agreement, texts_of
    from tui.dialogs.choice import ChoiceDialog

    workspace, index = app.workspace, app.index
    if index is None:
        return
    codings = workspace.codings()
    coders, figures = agreement(codings, texts_of(index.corpus, codings), level)
    if len(coders) < 2:
        app.notify("Agreement needs codings by two or more coders in the same articles.", title="Agreement", markup=False)
        return

    def fmt(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    lines = [f"Coders: {', '.join(coders)} · unit: {'characters' if level == 'char' else 'paragraphs'} · nominal"]
    lines += [
        f"{f.tag or '(overall)'}: agreement {fmt(f.percent)} · κ {fmt(f.kappa)} · α {fmt(f.alpha)} · {f.units} units"
        for f in figures
    ]
    found = [d for f in figures for d in f.disagreements]
    def title(aid: str) -> str:
        return index.by_id[aid].title if aid in index.by_id else aid

    options = [
        (str(i), literal(f"{d.tag} · {title(d.article)} ¶{d.paragraph + 1} · {', '.join(d.coders)} only: {quoted(d.text, 30)}"))
        for i, d in enumerate(found)
    ] or [("none", literal("No disagreements."))]

    def chosen(key: str | None) -> None:
        if key and key.isdigit():
            d = found[int(key)]
            app.main.open_article(d.article, d.paragraph)

    app.push_screen(ChoiceDialog(literal("\n".join(lines)), options), chosen)
