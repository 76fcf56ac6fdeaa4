"""The timeline beside the reader: this article's events, or the (filtered) corpus's, collected in a worker."""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.worker import get_current_worker

from store.corpus.query import TimelineRow, UnitFilter, article_rows
from store.corpus.timeline_pages import Cancelled, CorpusTimeline
from tui.screens.reading_state import ReadingState


class TimelineMode(ReadingState):
    """The reading screen's timeline switch (``c``); mixed into :class:`MainScreen`, whose state it reads."""

    def action_toggle_timeline(self) -> None:
        self.timeline_mode = "corpus" if self.timeline_mode == "article" else "article"

    def watch_timeline_mode(self, mode: str) -> None:
        if mode == "corpus":
            self.timeline.show([], "corpus", "Collecting events…")
            self.load_corpus_timeline()
        elif self.doc is not None:
            self.timeline.show(article_rows(self.doc.article.id, self.doc.events), "article", "No dated events in this article.")
        if self.sidebars in ("none", "list"):
            self.sidebars = "timeline" if self.narrow else "both"
        self._refresh_bar()

    @work(thread=True, exclusive=True, group="corpus-timeline")
    def load_corpus_timeline(self) -> None:
        index = self.index
        if index is None:
            return
        flt, cached = self.unit_filter, self._corpus_rows
        worker = get_current_worker()
        rows: Sequence[TimelineRow]
        if not flt and cached is not None:
            rows = cached
        else:
            try:
                # One pass over the store's order (a unit's: its passages'), lines made when shown.
                keys = index.expand(flt) if flt else None
                rows = CorpusTimeline(index.corpus, keys, lambda: worker.is_cancelled)
            except Cancelled:
                return
            except Exception as exc:  # noqa: BLE001 - shown, and the app stays up
                self._failed("Could not collect the corpus timeline", exc)
                return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._corpus_timeline_loaded, rows, flt)

    def _corpus_timeline_loaded(self, rows: Sequence[TimelineRow], flt: UnitFilter) -> None:
        if not flt:
            self._corpus_rows = rows  # the unfiltered timeline is reused until the data changes
        if self.timeline_mode == "corpus":
            empty = "No dated events in passages that mention this unit." if flt else "No dated events."
            self.timeline.show(rows, "corpus", empty)
