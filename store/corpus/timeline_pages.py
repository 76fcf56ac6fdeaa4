"""The corpus timeline as the reader shows it: every event's line made when it is shown.

:func:`store.corpus.query.corpus_rows` makes a line object per event and needs every
event decoded and sorted in Python first. At 100,000 articles (201,137 events) that was
4.5 s and 1.9 s for the lines, 258 MB at the peak; at a million articles, ten times
both, past the reader's memory budget. :class:`CorpusTimeline` makes one pass over the
store's own order (``timeline_places``: SQLite sorts; TinyDB's rows are sorted in
memory) and keeps two 4-byte numbers an event — its row and its place in the row — and
where each heading falls; a line is made from its page of :data:`PAGE` events
(one query) when the sidebar draws it.

The lines equal ``corpus_rows`` over ``timeline_events`` of every article, headings
included (tests/store/corpus/test_timeline_pages.py): the headings come from the one
rule (:class:`~store.corpus.query.Headings`), the lines from :func:`~store.corpus.query.corpus_row`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from store.corpus.query import Headings, TimelineRow, corpus_row, when_text
from store.db.derived_api import View
from store.text.charclass import width

if TYPE_CHECKING:
    from store.corpus.corpus import Corpus
    from store.db.schema import Event

PAGE = 64  # event lines made at once: a sidebar and a half
PAGES_KEPT = 32  # pages kept made (a few screens either side of where the user scrolls)
WIDEST = 17  # the widest short date the sidebar gives room to ("2024-08-21..08-31"): past it no label is measured
CHECK_EVERY = 4096  # events between two looks at ``cancelled``
MEMO_WIDTHS = 4096  # short dates whose width is remembered during the pass


class Cancelled(Exception):
    """The pass was told to stop (the reader moved on)."""


class CorpusTimeline(View[TimelineRow]):
    """Every event of the corpus under its year and month headings, a line made when read."""

    def __init__(
        self, corpus: Corpus, keys: frozenset[str] | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> None:
        """Line up the corpus's events (with ``keys``, canonical unit keys: those in passages mentioning one)."""
        self.corpus = corpus
        places, self._changed = corpus.timeline_places(keys)
        self._rows = array("i")  # the event's article: its row in the store
        self._seqs = array("i")  # the event's place among its article's events
        self._heads: list[int] = []  # each heading's line
        self._labels: list[str] = []
        self.widest = 0  # the widest short date, in cells (stops counting at WIDEST)
        headings, rows, seqs, heads = Headings(), self._rows, self._seqs, self._heads
        widths: dict[str, int] = {}  # short date -> cells: a few hundred known dates among millions
        for n, place in enumerate(places):
            if n % CHECK_EVERY == 0 and cancelled():
                raise Cancelled
            if new := headings.before(place.unknown, place.date_start, place.precision):
                for label in new:
                    heads.append(n + len(heads))
                    self._labels.append(label)
            if self.widest < WIDEST:
                when = when_text(place.text, place.date_start or None, place.date_end, place.precision, place.year, True)
                if (cells := widths.get(when)) is None:
                    cells = width(when)
                    if len(widths) < MEMO_WIDTHS:  # unknown years show their own words: not every one is kept
                        widths[when] = cells
                self.widest = max(self.widest, cells)
            rows.append(place.row)
            seqs.append(place.seq)
        self._pages: OrderedDict[int, list[TimelineRow]] = OrderedDict()
        self._found: tuple[int, dict[int, int]] | None = None  # the last article's first line per paragraph

    @property
    def events(self) -> int:
        return len(self._rows)

    def __len__(self) -> int:
        return len(self._rows) + len(self._heads)

    def item(self, index: int) -> TimelineRow:
        k = bisect_right(self._heads, index)
        if k and self._heads[k - 1] == index:
            return TimelineRow("heading", self._labels[k - 1])
        event = index - k
        page = self._page(event // PAGE)
        return page[event % PAGE]

    def _page(self, number: int) -> list[TimelineRow]:
        if (found := self._pages.get(number)) is not None:
            self._pages.move_to_end(number)
            return found
        start = number * PAGE
        places = list(zip(self._rows[start : start + PAGE], self._seqs[start : start + PAGE], strict=True))
        made = self._lines(places)
        self._pages[number] = made
        if len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        return made

    def _events(self, places: list[tuple[int, int]]) -> list[Event]:
        """The events at these places: the store's, or the user-changed article's own."""
        stored = iter(self.corpus.stored_events([p for p in places if p not in self._changed]))
        return [self._changed[p] if p in self._changed else next(stored) for p in places]

    def _lines(self, places: list[tuple[int, int]]) -> list[TimelineRow]:
        ids = self.corpus.ids()
        titles = self.corpus.titles_at(row for row, _ in places)
        return [corpus_row(ids[row], ev, titles[ids[row]]) for (row, _), ev in zip(places, self._events(places), strict=True)]

    def first_line(self, article: str, paragraph: int) -> int | None:
        """The line of the first event of this passage, if it has one: a search of the rows'
        numbers (numpy, a few ms at a million events), then of that article's few events;
        the article's answers are kept while the reader stays in it."""
        row = self.corpus.position(article)
        if row is None:
            return None
        if self._found is None or self._found[0] != row:
            import numpy as np  # only once the reader follows a passage on a corpus timeline

            at: list[int] = np.flatnonzero(np.frombuffer(self._rows, dtype=np.int32) == row).tolist()
            first: dict[int, int] = {}
            for i, ev in zip(at, self._events([(row, self._seqs[i]) for i in at]), strict=True):
                first.setdefault(ev.paragraph, self._line_of(i))
            self._found = (row, first)
        return self._found[1].get(paragraph)

    def _line_of(self, event: int) -> int:
        """The line event number ``event`` is shown on: pushed down by the headings before it
        (heading k comes before ``_heads[k] - k`` events, a number that never falls)."""
        lo, hi = 0, len(self._heads)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._heads[mid] - mid <= event:
                lo = mid + 1
            else:
                hi = mid
        return event + lo
