"""``n``/``p`` and escape on the reading screen: step through search matches or passages that mention the filter."""

from __future__ import annotations

from store.corpus.query import UnitFilter
from tui.screens.reading_state import ReadingState


class MatchSteps(ReadingState):
    """Stepping and clearing; mixed into :class:`MainScreen`."""

    def action_step_match(self, step: int) -> None:
        if self.search is None:
            return
        self.search_pos = (self.search_pos + step) % len(self.search.hits)
        self._go_to_hit()

    def _go_to_hit(self) -> None:
        assert self.search is not None
        hit = self.search.hits[self.search_pos]
        self._update_marks()
        self._refresh_bar()
        self.open_article(hit.article, max(hit.paragraph, 0))  # a title hit (paragraph TITLE) opens at the top
        self.reader.focus()

    def action_step_mention(self, step: int) -> None:
        if self.doc is None or not self.focus_keys:
            return
        cursor = self.reader.cursor
        paras = self.doc.paragraphs_mentioning(self.focus_keys)
        ahead = [p for p in paras if p > cursor] if step > 0 else [p for p in paras if p < cursor][::-1]
        if ahead and self.doc.article.id in {a.id for a in self.articles.articles}:
            self._touched = True
            self.reader.cursor = ahead[0]
            return
        listed = self.articles.articles
        if not listed:
            return
        ids = [a.id for a in listed]
        here = ids.index(self.doc.article.id) if self.doc.article.id in ids else -1
        target = (here + step) % len(ids)
        if (step > 0 and target <= here) or (step < 0 and target >= here >= 0):
            self.notify("Wrapped around the filtered articles.", markup=False, timeout=2)
        self.open_article(ids[target], mention=step)

    def action_clear_search(self) -> None:
        self.search = None
        self.search_pos = 0

    def action_clear_filter(self) -> None:
        self.unit_filter = UnitFilter()
