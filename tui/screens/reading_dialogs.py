"""The dialogs the reading screen opens (unit picker, search, reference date) and what it does with their answers."""

from __future__ import annotations

from textual import work

from store.corpus.query import UnitFilter
from store.workspace import WorkspaceError
from tui.dialogs.search import SearchResult
from tui.screens.reading_state import ReadingState


class ReadingDialogs(ReadingState):
    """``u``, ``/`` and ``d`` on the reading screen; mixed into :class:`MainScreen`."""

    def action_units(self) -> None:
        from tui.dialogs.unit_picker import UnitPicker

        if self.index is None:
            return

        def chosen(flt: UnitFilter | None) -> None:
            if flt is not None:
                self.unit_filter = flt

        self.app.push_screen(UnitPicker(self.index, self.unit_filter), chosen)

    def action_search(self) -> None:
        from tui.dialogs.search import SearchDialog

        if self.index is None:
            return

        def chosen(result: SearchResult | None) -> None:
            if result is not None:
                # The position first, without its watcher: setting ``search`` runs watch_search,
                # which reads hits[search_pos]; a position left from a longer hit list was
                # out of range there (IndexError, issue 11 item 17).
                self.set_reactive(ReadingState.search_pos, result.chosen)
                self.search = result
                self._go_to_hit()

        query = self.search.query if self.search else ""
        self.app.push_screen(SearchDialog(self.index, query, self.unit_filter, self.workspace.codings()), chosen)

    def action_import_files(self) -> None:
        from tui.importing import ask_import

        ask_import(self)

    def action_date(self) -> None:
        from tui.dialogs.date_dialog import DateDialog

        if self.doc is None:
            return
        doc = self.doc

        def chosen(date: str | None) -> None:
            if date is not None:
                self.set_reference(doc.article.id, date or None)

        assert self.index is not None
        reference = self.index.corpus.reference(doc.article.id)  # a dict lookup, not I/O
        self.app.push_screen(DateDialog(doc.article.title, *reference), chosen)

    @work(thread=True, group="user-write")
    def set_reference(self, article_id: str, date: str | None) -> None:
        """The workspace writes it and says :class:`ReferenceChanged`; the app then calls :meth:`reference_changed`."""
        try:
            self.workspace.set_reference(article_id, date)
        except (WorkspaceError, OSError) as exc:  # shown to the user, not swallowed
            self._failed("Could not set the date", exc)

    def reference_changed(self, article_id: str, date: str | None) -> None:
        self._corpus_rows = None
        self.notify(f"Reference date {'set to ' + date if date else 'cleared'}.", markup=False)
        if article_id == self.article_id:
            self.load_article(article_id, self.reader.cursor, 0)
        if self.timeline_mode == "corpus":
            self.load_corpus_timeline()
