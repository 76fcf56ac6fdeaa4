"""What ``f`` does on the reading screen: correct the entities of the passage under the cursor (issue 13).

Kept out of ``main.py`` like passage tagging: the screen owns the open article, the
cursor and the selection; this reads them through :class:`CorrectingHost`, asks with
:class:`tui.dialogs.entity_dialog.EntityDialog` and hands the correction to the
workspace (``workspace.entities``), which writes it, puts its undo on the session's
history (``ctrl+z``) and says :class:`store.workspace.EntitiesChanged`; the app then
reloads the index, so the reader, the timeline and the unit filter all see it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.app import App

from store.db.corrections import CORRECTABLE_TYPES
from store.workspace import Workspace
from tui.writes import write_tags

if TYPE_CHECKING:
    from tui.dialogs.entity_dialog import CorrectionRequest
    from tui.widgets.reader import Reader
    from tui.widgets.reader_doc import ReaderDoc


class CorrectingHost(Protocol):
    workspace: Workspace
    doc: ReaderDoc | None

    @property
    def app(self) -> App[object]: ...
    @property
    def reader(self) -> Reader: ...


class EntityCorrecting:
    def __init__(self, screen: CorrectingHost) -> None:
        self.screen = screen

    def correct(self) -> None:
        from tui.dialogs.entity_dialog import EntityDialog

        screen, doc, app = self.screen, self.screen.doc, self.screen.app
        if doc is None:
            return
        if screen.workspace.user is None:
            app.notify("Correcting entities needs a user store.", severity="warning", markup=False)
            return
        sel = screen.reader.selection
        paragraph = sel.paragraph if sel else screen.reader.cursor
        found = list(dict.fromkeys((e.type, e.text) for e in doc.entities.get(paragraph, [])))
        aid = doc.article.id

        def chosen(request: CorrectionRequest | None) -> None:
            if request is None:
                return
            if request.action == "add" and request.type is not None:
                kind = request.type
                change = lambda ws: ws.entities.add(aid, request.text, kind)  # noqa: E731
            else:
                change = lambda ws: ws.entities.reject(aid, request.text, request.type, request.everywhere)  # noqa: E731
            if write_tags(app, screen.workspace, change, title="Entities") is not None:
                screen.reader.selection = None

        where = f"¶{paragraph + 1} of {doc.article.title}"
        app.push_screen(EntityDialog(where, found, CORRECTABLE_TYPES, sel.quote if sel else ""), chosen)
