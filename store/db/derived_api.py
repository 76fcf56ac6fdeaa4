"""The questions every derived store answers, whichever index holds its rows.

Two indexes hold the same rows (``store.db.derived``: TinyDB, parsed whole at open;
``store.db.derived_sqlite``: SQLite, rows read on demand). The reader's hot questions
are asked through the methods here, never by walking ``rows``: which rows mention
these units, how often each unit is mentioned, where an article id sits, which titles
hold a string. :class:`ScanQueries` answers them by scanning the rows in memory (the
TinyDB store: ten thousand rows are one pass of a few ms, and the answers are cached);
the SQLite store answers each with an indexed query instead, so a hundred thousand
rows are never decoded to show a list or apply a filter.

The backend a build writes is chosen here: :data:`SQLITE_FROM` articles and more go
to SQLite, unless the user chose one (``beat build --store``), which is remembered
in the store's meta as ``store``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar, overload

from store.db.schema import Event, IndexRow

BACKENDS = ("tinydb", "sqlite")
# From this many articles a build writes the SQLite index. Measured with
# ``python -m tests.bench.bench_store`` (10,000 synthetic articles, both stores from the same
# documents, one run, 2 cores at load 12): opening (load + corpus index) took TinyDB 10.6 s
# and SQLite 1.5 s (7.1x), RSS 197 against 46 MB, a busy unit filter 27 ms on both; the
# README puts TinyDB's list-shown time at 1.7-2.4 s there on a quiet machine, past the
# 2 s usable-list target, and it grows with the corpus. Below it TinyDB (the design card's
# store) stays: it opens in well under a second and answers a unit timeline from memory
# (29 ms against SQLite's 230 ms at 10,000).
SQLITE_FROM = 10_000
STORE_KEY = "store"  # in the build's meta: the backend the user chose, kept by later builds


def backend_for(meta: dict[str, Any], articles: int) -> str:
    """The backend a build writes: the user's choice if made, else by corpus size."""
    chosen = meta.get(STORE_KEY)
    if chosen in BACKENDS:
        return str(chosen)
    return "sqlite" if articles >= SQLITE_FROM else "tinydb"


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One line of the article list: no events, no mention paragraphs.

    The store's lines carry the unit keys analysis found; ``store.corpus`` maps them
    through the user's merges and entity corrections."""

    id: str
    title: str
    source: str | None
    published: str | None
    paragraphs: int
    chars: int
    path: str
    encoding: str
    units: tuple[str, ...]  # unit keys mentioned: as analysed in the store's lines, after the user's merges in the corpus's

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "paragraphs": self.paragraphs,
            "chars": self.chars,
            "path": self.path,
            "encoding": self.encoding,
        }


@dataclass(frozen=True, slots=True)
class KeptRow:
    """An unchanged article a build carries over from a SQLite store by reference.

    A build that adds 100 articles to 100,000 used to decode every old row to copy it
    (0.2 ms a row: 21 s at 100,000, more than the rest of the write); these are the
    fields the build reads to decide what to keep, place and order it, read in one
    query (0.7 s at 100,000). The row itself goes from the old file to the new one in
    SQL (``store.db.derived_sqlite.fill``), never through Python.
    """

    pos: int  # in the old store
    id: str
    title: str
    path: str
    name: str
    stored: str
    digest: str
    stamp: str
    text_hash: str
    published: str | None
    units: tuple[str, ...]  # unit keys mentioned
    text: tuple[int, int]  # [offset, length] in the old store's text file (the new one's once written)
    body: tuple[int, int]


def brief_of(row: IndexRow) -> ArticleSummary:
    return ArticleSummary(row.id, row.title, row.source, row.published, row.paragraphs, row.chars, row.path, row.encoding,
                          tuple(row.units))  # fmt: skip


class EventPlace(NamedTuple):
    """One event where the corpus timeline puts it: the sort key first, then what its row needs.

    Compared as a tuple, places sort as ``store.corpus.query`` sorts events (unknown years
    last, then by start date, article id, paragraph, offset); ``row`` and ``seq`` (the
    event's place in its article's list) settle what is left, as a stable sort of the
    articles in list order would. ``text`` is the event's words when its year is unknown
    (the timeline shows them as its date), else empty.
    """

    unknown: bool
    date_start: str
    article: str
    paragraph: int
    start: int
    row: int
    seq: int
    date_end: str | None
    precision: str
    year: str
    text: str


def event_place(ev: Event, article: str, row: int, seq: int) -> EventPlace:
    """Where ``ev`` (the ``seq``-th event of the article at ``row``) sorts on the corpus timeline."""
    unknown = ev.date_start is None or ev.year == "unknown"
    return EventPlace(unknown, ev.date_start or "", article, ev.paragraph, ev.start, row, seq,
                      ev.date_end, ev.precision, ev.year, ev.text if unknown else "")  # fmt: skip


def _mentioning(row: IndexRow, keys: set[str]) -> set[int]:
    """The row's paragraphs that mention one of these raw unit keys."""
    return {p for key, seen in row.units.items() if key in keys for p in seen.paragraphs}


T = TypeVar("T")


class View(Sequence[T]):
    """A read-only sequence that makes its items when read: a subclass gives its length,
    one item (:meth:`item`, index within range) and a run of them (:meth:`run`)."""

    def __len__(self) -> int:
        raise NotImplementedError

    def item(self, index: int) -> T:
        raise NotImplementedError

    def run(self, start: int, stop: int) -> list[T]:
        return [self.item(i) for i in range(start, stop)]

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        n = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(n)
            if step != 1:
                return [self.item(i) for i in range(start, stop, step)]
            return self.run(start, stop) if stop > start else []
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("index out of range")
        return self.item(index)


class ScanQueries:
    """The questions answered by scanning ``rows`` (held in memory), each index built once."""

    __slots__ = ()
    rows: Sequence[IndexRow]
    _memo: dict[str, Any]

    def backend(self) -> str:
        return "tinydb"

    def ids(self) -> Sequence[str]:
        """Every article id, in list order."""
        return self._memoised("ids", lambda: [row.id for row in self.rows])

    def briefs(self) -> Sequence[ArticleSummary]:
        """Every row's list line, in list order."""
        return self._memoised("briefs", lambda: [brief_of(row) for row in self.rows])

    def kept_rows(self) -> Sequence[IndexRow | KeptRow]:
        """Every row as a build or an import reads it (ids, paths, hashes, spans): here the rows
        themselves, already in memory; on SQLite a light record per row (:class:`KeptRow`)."""
        return self.rows

    def index_of(self, article_id: str) -> int | None:
        """Where the article with this id is in list order, if it is in the store."""
        return self._memoised("by_id", lambda: {row.id: i for i, row in enumerate(self.rows)}).get(article_id)

    def rows_with_hashes(self, hashes: Iterable[str]) -> list[int]:
        """Rows whose text has one of these text hashes, ascending: how the search index's answers find their rows."""
        index = self._memoised("by_hash", self._hash_index)
        return sorted(row for h in hashes for row in index.get(h, ()))

    def _hash_index(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for i, row in enumerate(self.rows):
            index.setdefault(row.text_hash, []).append(i)
        return index

    def rows_mentioning(self, keys: Iterable[str]) -> list[int]:
        """Rows mentioning any of these (raw) unit keys, ascending."""
        index = self._memoised("mentioning", self._mention_index)
        out: set[int] = set()
        for key in keys:
            out.update(index.get(key, ()))
        return sorted(out)

    def _mention_index(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for i, row in enumerate(self.rows):
            for key in row.units:
                index.setdefault(key, []).append(i)
        return index

    def unit_totals(self) -> dict[str, tuple[int, int]]:
        """Raw unit key -> (mentions, articles mentioning it) over the whole store."""

        def count() -> dict[str, tuple[int, int]]:
            out: dict[str, tuple[int, int]] = {}
            for row in self.rows:
                for key, seen in row.units.items():
                    mentions, articles = out.get(key, (0, 0))
                    out[key] = (mentions + seen.count, articles + 1)
            return out

        return self._memoised("totals", count)

    def unit_events(self, keys: Iterable[str]) -> list[tuple[int, Event]]:
        """(row, event) of every event in a paragraph that mentions one of these raw keys, in row order."""
        wanted = set(keys)
        out: list[tuple[int, Event]] = []
        for i in self.rows_mentioning(wanted):
            row = self.rows[i]
            paragraphs = _mentioning(row, wanted)
            out.extend((i, ev) for ev in row.events if ev.paragraph in paragraphs)
        return out

    def timeline_places(
        self, skip: Collection[int] = (), no_time: Collection[str] = (), keys: Collection[str] | None = None
    ) -> Iterator[EventPlace]:
        """Every event in timeline order (with ``keys``, raw unit keys, those in a paragraph
        mentioning one), but those of the rows in ``skip`` and those whose text is in
        ``no_time``: what the corpus timeline pages over (``store.corpus.timeline_pages``)."""
        rows = range(len(self.rows)) if keys is None else self.rows_mentioning(keys)
        wanted = set(keys or ())
        places: list[EventPlace] = []
        for i in rows:
            if i in skip:
                continue
            row = self.rows[i]
            paragraphs = None if keys is None else _mentioning(row, wanted)
            places.extend(event_place(ev, row.id, i, seq) for seq, ev in enumerate(row.events)
                          if ev.text not in no_time and (paragraphs is None or ev.paragraph in paragraphs))  # fmt: skip
        places.sort()
        return iter(places)

    def events_at(self, places: Iterable[tuple[int, int]]) -> list[Event]:
        """The events at these (row, seq) places, in the order asked."""
        return [self.rows[row].events[seq] for row, seq in places]

    def id_titles(self, rows: Iterable[int]) -> list[tuple[str, str]]:
        """(id, title) of the articles at these rows."""
        return [(self.rows[i].id, self.rows[i].title) for i in rows]

    def titled(self, needle: str) -> list[int]:
        """Rows whose title holds ``needle``, ascending."""
        return [i for i, b in enumerate(self.briefs()) if needle in b.title]

    def _memoised(self, name: str, make: Callable[[], T]) -> T:
        if name not in self._memo:
            self._memo[name] = make()
        found: T = self._memo[name]
        return found
