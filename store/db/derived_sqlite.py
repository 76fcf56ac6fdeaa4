"""The derived store's index in SQLite: rows read on demand, the hot questions as indexed queries.

The TinyDB index (``derived.json``) is parsed whole at every start: 37 MB and ~0.5 s per
10,000 articles, held in memory, which stops being usable past ~30,000. Here the same
rows live in ``derived-<token>.sqlite``, a side file like the text and body files:

- written once by the build (no journal, one transaction, fsynced) under the build's
  token, and named by ``derived.json``, which then holds the build's meta alone. The
  swap is the TinyDB store's: a crash leaves the old ``derived.json`` naming its old
  files or the new one naming the new; the file is never written again, so readers
  open it ``immutable`` (no locking, no journal, no WAL);
- checked on open like the other side files: its size and CRC-32 recorded in the meta
  (``PRAGMA quick_check`` costs more than a CRC and catches less: a flipped byte in a
  text value passes it), then its layout version and every row's spans;
- read on demand: ``rows`` is a :class:`LazyRows` sequence (length, indexing with a small
  LRU of decoded rows, slices, chunked iteration), the list reads :class:`~store.db.derived_api.ArticleSummary`
  lines a page at a time, and unit filters, unit counts, unit timelines, id lookups
  and title search are SQL over indexes (``store.db.derived_api`` names them).

Tables: ``articles`` (one row per article, ``pos`` its place in list order; scalar
fields as columns, the few nested ones as one orjson blob), ``mentions`` (article, unit
key, count, paragraphs), ``unit_paragraphs`` (each paragraph a unit is named in: a unit's
timeline is one join with ``events`` on article and paragraph), ``events`` (article,
its events in order), ``units`` and ``unit_totals`` (counted at build: opening reads
one row per unit, not one per mention).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import orjson

from store.db.derived_api import ArticleSummary, EventPlace, KeptRow, View
from store.db.derived_files import check_file
from store.db.derived_reader import Buffer, Derived, _close
from store.db.schema import Event, IndexRow, Mentions
from store.db.tinydb_storage import CorruptStoreError

LAYOUT = 3  # PRAGMA user_version of the file: the tables below (2: unit totals counted at build; 3: unit paragraphs)
ROWS_CACHED = 256  # decoded rows kept: a screen of the list and the articles around it
PAGE = 64  # list lines read at once: a screen and a half
CHUNK = 2000  # rows decoded per query when all are walked

_DDL = """
CREATE TABLE articles(pos INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, path TEXT NOT NULL,
  paragraphs INTEGER NOT NULL, chars INTEGER NOT NULL, text_hash TEXT NOT NULL,
  text_off INTEGER NOT NULL, text_len INTEGER NOT NULL, body_off INTEGER NOT NULL, body_len INTEGER NOT NULL,
  name TEXT NOT NULL, stored TEXT NOT NULL, digest TEXT NOT NULL, original_title TEXT, source TEXT, published TEXT,
  encoding TEXT NOT NULL, stamp TEXT NOT NULL, unit_keys TEXT NOT NULL, nested BLOB NOT NULL);
CREATE TABLE mentions(pos INTEGER NOT NULL, seq INTEGER NOT NULL, unit TEXT NOT NULL, count INTEGER NOT NULL,
  paragraphs TEXT NOT NULL, PRIMARY KEY(pos, seq)) WITHOUT ROWID;
CREATE TABLE events(pos INTEGER NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, date_start TEXT, date_end TEXT,
  precision TEXT NOT NULL, year TEXT NOT NULL, label TEXT NOT NULL, paragraph INTEGER NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, PRIMARY KEY(pos, seq)) WITHOUT ROWID;
CREATE TABLE units(key TEXT PRIMARY KEY, record BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE unit_paragraphs(unit TEXT NOT NULL, pos INTEGER NOT NULL, paragraph INTEGER NOT NULL,
  PRIMARY KEY(unit, pos, paragraph)) WITHOUT ROWID;
CREATE TABLE unit_totals(unit TEXT PRIMARY KEY, mentions INTEGER NOT NULL, articles INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX articles_id ON articles(id);
CREATE INDEX articles_path ON articles(path);
CREATE INDEX articles_hash ON articles(text_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX mentions_unit ON mentions(unit, pos);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_paragraph ON events(pos, paragraph);
"""
_ARTICLE = ("id, title, path, paragraphs, chars, text_hash, text_off, text_len, body_off, body_len, name, stored,"
            " digest, original_title, source, published, encoding, stamp, nested")  # fmt: skip
_BRIEF = "id, title, source, published, paragraphs, chars, path, encoding, unit_keys"
_EVENT = 'text, date_start, date_end, precision, year, label, paragraph, start, "end"'
_EVENT_E = ", ".join("e." + c.strip() for c in _EVENT.split(","))  # the same, of ``events e``
# The events of the paragraphs that mention some units (``u``): a unit's timeline.
_UNIT_EVENTS = "unit_paragraphs u JOIN events e INDEXED BY events_paragraph ON e.pos = u.pos AND e.paragraph = u.paragraph"
KEYS_SEP = "\x1f"  # between unit keys in ``unit_keys``: no key holds a control character (sanitised text)


# --- writing ---------------------------------------------------------------------------


def write_index(path: Path, rows: Sequence[IndexRow | KeptRow], units: list[dict[str, Any]], old: Path | None = None) -> int:
    """Write the index file at ``path`` (new, owner-only), fsynced; its size in bytes.

    ``old``: the index file the rows kept by reference (:class:`KeptRow`) come from."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)  # the owner's alone, like the other side files
    os.close(fd)
    con = sqlite3.connect(path.resolve().as_uri(), isolation_level=None, uri=True)
    try:
        con.execute("PRAGMA journal_mode=OFF")  # a crash leaves a file no derived.json names: swept
        con.execute("PRAGMA synchronous=OFF")  # fsynced whole below, before derived.json names it
        if old is not None:
            con.execute("ATTACH DATABASE ? AS old", (f"{old.resolve().as_uri()}?mode=ro&immutable=1",))
        fill(con, rows, units)
    finally:
        con.close()
    with open(path, "rb+") as f:
        os.fsync(f.fileno())
        return os.fstat(f.fileno()).st_size


def fill(con: sqlite3.Connection, every: Sequence[IndexRow | KeptRow], units: list[dict[str, Any]]) -> None:
    """The tables, filled in one transaction (indexes built after the rows: ~2× faster).

    Rows kept by reference are copied from the attached ``old`` file table by table in
    SQL, through a map of their old places to their new ones (and new offsets in the
    side files): 100,000 kept rows with their 1.1 M mentions, 1.2 M events and 2.8 M
    unit paragraphs took 14 s on two loaded cores, where decoding them into Python
    to write them again took 21 s before writing anything."""
    statements = [s.strip() for s in _DDL.split(";") if s.strip()]
    con.execute("BEGIN")
    for statement in statements:
        if statement.startswith("CREATE TABLE"):
            con.execute(statement.replace("CREATE TABLE ", "CREATE TABLE main.", 1))
    rows = [(pos, row) for pos, row in enumerate(every) if isinstance(row, IndexRow)]
    kept = [(pos, row) for pos, row in enumerate(every) if isinstance(row, KeptRow)]
    if kept:
        _copy_kept(con, kept)
    con.executemany(f"INSERT INTO main.articles(pos, {_ARTICLE}, unit_keys) VALUES ({', '.join('?' * 21)})",
                    (_article_values(pos, row) for pos, row in rows))  # fmt: skip
    con.executemany(
        "INSERT INTO main.mentions VALUES (?, ?, ?, ?, ?)",
        ((pos, seq, key, m.count, ",".join(map(str, m.paragraphs)))
         for pos, row in rows for seq, (key, m) in enumerate(row.units.items())),
    )  # fmt: skip
    con.executemany(
        "INSERT INTO main.events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((pos, seq, ev.text, ev.date_start, ev.date_end, ev.precision, ev.year, ev.label, ev.paragraph, ev.start, ev.end)
         for pos, row in rows for seq, ev in enumerate(row.events)),
    )  # fmt: skip
    con.executemany("INSERT INTO main.units VALUES (?, ?)", ((u["key"], orjson.dumps(u)) for u in units))
    con.executemany(
        "INSERT INTO main.unit_paragraphs VALUES (?, ?, ?)",
        ((key, pos, p) for pos, row in rows for key, m in row.units.items() for p in m.paragraphs),
    )
    con.execute("INSERT INTO main.unit_totals SELECT unit, SUM(count), COUNT(*) FROM main.mentions GROUP BY unit")
    for statement in statements:
        if statement.startswith("CREATE INDEX"):
            con.execute(statement.replace("CREATE INDEX ", "CREATE INDEX main.", 1))
    con.execute(f"PRAGMA main.user_version={LAYOUT}")
    con.execute("COMMIT")


_KEPT_COLUMNS = ("id", "title", "path", "name", "stamp", "text_off", "body_off")  # what a build may change of a kept row


def _copy_kept(con: sqlite3.Connection, kept: list[tuple[int, KeptRow]]) -> None:
    """Kept rows from the attached ``old`` file into their new places, in SQL (see :func:`fill`)."""
    con.execute(f"CREATE TEMP TABLE moves(old INTEGER PRIMARY KEY, new INTEGER NOT NULL, {', '.join(_KEPT_COLUMNS)})")
    con.executemany(
        f"INSERT INTO temp.moves VALUES ({', '.join('?' * (len(_KEPT_COLUMNS) + 2))})",
        ((row.pos, pos, row.id, row.title, row.path, row.name, row.stamp, row.text[0], row.body[0]) for pos, row in kept),
    )
    changed = set(_KEPT_COLUMNS)
    picked = ", ".join(f"m.{c}" if c in changed else f"a.{c}" for c in (c.strip() for c in _ARTICLE.split(",")))
    # Kept rows keep their order among themselves unless a build moved one (a new path):
    # then the old tables' own order is the new one, and SQLite appends rather than sorts
    # (mentions 3.3 -> 0.8 s, events 3.1 -> 1.4 s at 100,000 articles).
    news = [pos for pos, _ in sorted(kept, key=lambda item: item[1].pos)]
    same_order = all(a < b for a, b in zip(news, news[1:], strict=False))
    first, by_pos, by_unit = (("a.pos", "x.pos, x.seq", "x.unit, x.pos, x.paragraph") if same_order
                              else ("m.new", "m.new, x.seq", "x.unit, m.new, x.paragraph"))  # fmt: skip
    con.execute(f"INSERT INTO main.articles(pos, {_ARTICLE}, unit_keys) SELECT m.new, {picked}, a.unit_keys"
                f" FROM old.articles a JOIN temp.moves m ON m.old = a.pos ORDER BY {first}")  # fmt: skip
    con.execute("INSERT INTO main.mentions SELECT m.new, x.seq, x.unit, x.count, x.paragraphs"
                f" FROM old.mentions x JOIN temp.moves m ON m.old = x.pos ORDER BY {by_pos}")  # fmt: skip
    event = ", ".join("x." + c.strip() for c in _EVENT.split(","))
    con.execute(f"INSERT INTO main.events SELECT m.new, x.seq, {event}"
                f" FROM old.events x JOIN temp.moves m ON m.old = x.pos ORDER BY {by_pos}")  # fmt: skip
    con.execute("INSERT INTO main.unit_paragraphs SELECT x.unit, m.new, x.paragraph"
                f" FROM old.unit_paragraphs x JOIN temp.moves m ON m.old = x.pos ORDER BY {by_unit}")  # fmt: skip
    con.execute("DROP TABLE temp.moves")


def _article_values(pos: int, row: IndexRow) -> tuple[Any, ...]:
    nested = orjson.dumps({"removed": row.removed, "metadata": row.metadata, "reference": list(row.reference)})
    return (pos, row.id, row.title, row.path, row.paragraphs, row.chars, row.text_hash, *row.text, *row.body,
            row.name, row.stored, row.digest, row.original_title, row.source, row.published, row.encoding,
            row.stamp, nested, KEYS_SEP.join(row.units))  # fmt: skip


# --- reading ---------------------------------------------------------------------------


def _fetched(cursor: sqlite3.Cursor, size: int = CHUNK) -> Iterator[Any]:
    """A cursor's rows, fetched ``size`` at a time."""
    while batch := cursor.fetchmany(size):
        yield from batch


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection to a build's index file: read-only and immutable (a build never writes it
    again), usable from the reader's worker and main threads."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def open_store(root: Path, meta: dict[str, Any], buffers: list[Buffer]) -> SqliteDerived:
    """The SQLite store ``meta`` names under ``root``, checked; CorruptStoreError if damaged."""
    path = root / f"derived-{meta['files']}.sqlite"
    try:  # the meta was checked (``derived_files.check_meta``): it records this file's size and CRC
        with open(path, "rb") as f:
            check_file(f, meta, "index", path.name)
        con = _read_only(path)
    except OSError as exc:
        _close(buffers)
        raise CorruptStoreError(f"{path.name} is missing ({exc.strerror or exc})") from None
    except BaseException:
        _close(buffers)
        raise
    try:
        return SqliteDerived(meta, con, buffers[0], buffers[1], path)
    except (sqlite3.DatabaseError, CorruptStoreError) as exc:
        con.close()
        _close(buffers)
        raise CorruptStoreError(f"{path.name}: {exc}") from None


def from_rows(rows: list[IndexRow], units: list[dict[str, Any]], text: Buffer, body: Buffer) -> SqliteDerived:
    """A store in an in-memory database (tests and tools, as ``derived.from_docs``)."""
    con = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    fill(con, rows, units)
    return SqliteDerived({}, con, text, body)


class SqliteDerived(Derived):
    """A derived store whose rows stay in SQLite until asked for."""

    def __init__(
        self, meta: dict[str, Any], con: sqlite3.Connection, text: Buffer, body: Buffer, path: Path | None = None
    ) -> None:
        self.con = con
        self.path = path  # the index file (None: in memory), which a build's kept rows are copied from
        self.lock = threading.Lock()  # the reader asks from its worker and its main thread
        if self.query("PRAGMA user_version")[0][0] != LAYOUT:
            raise CorruptStoreError("an index of another layout")
        units = {key: orjson.loads(record) for key, record in self.query("SELECT key, record FROM units")}
        if not all(isinstance(u, dict) and u.get("key") == k for k, u in units.items()):
            raise CorruptStoreError("a unit record of the wrong shape")
        # The build writes the side files in list order, so the last row ends them; checking
        # every row's ends took 122 ms at 100,000 articles and most of opening a million.
        # The file itself is the build's (its stamp, or its CRC: store.db.derived_files.intact).
        (count,) = self.query("SELECT COALESCE(MAX(pos) + 1, 0) FROM articles")[0]
        ends = self.query("SELECT text_off + text_len, body_off + body_len FROM articles WHERE pos = ?", (count - 1,))
        if ends and (ends[0][0] > len(text) or ends[0][1] > len(body)):
            raise CorruptStoreError("an article points past the end of a side file")
        Derived.__init__(self, meta, LazyRows(self, count), units, text, body)

    def query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        with self.lock:
            return self.con.execute(sql, tuple(args)).fetchall()

    def backend(self) -> str:
        return "sqlite"

    def ids(self) -> Sequence[str]:
        return self._memoised("ids", lambda: [i for (i,) in self.query("SELECT id FROM articles ORDER BY pos")])

    def briefs(self) -> Sequence[ArticleSummary]:
        return self._memoised("briefs", lambda: Paged(len(self.rows), self._briefs))

    def _briefs(self, start: int, stop: int) -> list[ArticleSummary]:
        found = self.query(f"SELECT {_BRIEF} FROM articles WHERE pos >= ? AND pos < ? ORDER BY pos", (start, stop))
        return [ArticleSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(r[8].split(KEYS_SEP)) if r[8] else ())
                for r in found]  # fmt: skip

    def kept_rows(self) -> Sequence[IndexRow | KeptRow]:
        if self.path is None:  # an in-memory store: nothing to attach, so the rows themselves
            return self.rows
        sql = ("SELECT pos, id, title, path, name, stored, digest, stamp, text_hash, published, unit_keys,"
               " text_off, text_len, body_off, body_len FROM articles ORDER BY pos")  # fmt: skip
        return [KeptRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                        tuple(r[10].split(KEYS_SEP)) if r[10] else (), (r[11], r[12]), (r[13], r[14]))
                for r in self.query(sql)]  # fmt: skip

    def index_of(self, article_id: str) -> int | None:
        found = self.query("SELECT pos FROM articles WHERE id = ? ORDER BY pos LIMIT 1", (article_id,))
        return int(found[0][0]) if found else None

    def rows_with_hashes(self, hashes: Iterable[str]) -> list[int]:
        wanted = sorted(set(hashes))  # a file before articles_hash answers too, by a scan of the table
        out: list[int] = []
        for at in range(0, len(wanted), 500):
            part = wanted[at : at + 500]
            sql = f"SELECT pos FROM articles WHERE text_hash IN ({','.join('?' * len(part))})"
            out.extend(p for (p,) in self.query(sql, part))
        return sorted(out)

    def rows_mentioning(self, keys: Iterable[str]) -> list[int]:
        wanted = sorted(set(keys))
        if len(wanted) == 1:
            # One row per (article, unit), read in order from (unit, pos): no DISTINCT, no sort, and
            # one string rather than a row object per article, parsed by orjson: the busiest of
            # 3,488 units in a million articles (163,270 rows) 93-124 ms before, 62-64 ms as one
            # string split in Python (load 5), the parse 36-41 -> 6-9 ms by orjson (one run).
            sql = "SELECT group_concat(pos) FROM (SELECT pos FROM mentions WHERE unit = ? ORDER BY pos)"
            (joined,) = self.query(sql, wanted)[0]
            return sorted(orjson.loads(f"[{joined}]")) if joined else []  # in order already: one pass (SQLite promises no order)
        out: set[int] = set()
        for at in range(0, len(wanted), 500):  # SQLite's bound on parameters
            part = wanted[at : at + 500]
            sql = f"SELECT DISTINCT pos FROM mentions WHERE unit IN ({','.join('?' * len(part))})"
            out.update(p for (p,) in self.query(sql, part))
        return sorted(out)

    def unit_totals(self) -> dict[str, tuple[int, int]]:
        sql = "SELECT unit, mentions, articles FROM unit_totals"  # counted at build: O(units), not O(mentions)
        return self._memoised("totals", lambda: {k: (m, a) for k, m, a in self.query(sql)})

    def unit_events(self, keys: Iterable[str]) -> list[tuple[int, Event]]:
        wanted = sorted(set(keys))
        found: dict[tuple[int, int], Event] = {}  # (row, event's place): an event in paragraphs of two keys counts once
        for at in range(0, len(wanted), 500):
            part = wanted[at : at + 500]
            sql = f"SELECT e.pos, e.seq, {_EVENT_E} FROM {_UNIT_EVENTS} WHERE u.unit IN ({','.join('?' * len(part))})"
            for pos, seq, *ev in self.query(sql, part):
                found[(pos, seq)] = Event(*ev)
        return [(pos, found[(pos, seq)]) for pos, seq in sorted(found)]

    def timeline_places(
        self, skip: Collection[int] = (), no_time: Collection[str] = (), keys: Collection[str] | None = None
    ) -> Iterator[EventPlace]:
        """Every event in timeline order, sorted by SQLite and streamed a few thousand at a time.

        Read on a connection of its own (the file is immutable), so the list keeps paging on
        the shared one while a million articles' events are sorted. With ``keys`` the events
        are those of the paragraphs that mention them (``unit_events``' join, each event once),
        the keys one JSON parameter (a 分局 with its sub-units is hundreds). The rows to skip
        and the rejected texts are few (the user's corrections): left out here, not in SQL.
        """
        text = "e.text" if no_time else "CASE WHEN e.date_start IS NULL OR e.year = 'unknown' THEN e.text ELSE '' END"
        source, args = "events e", []
        if keys is not None:
            source = (f"(SELECT DISTINCT e.pos AS p, e.seq AS s FROM {_UNIT_EVENTS}"
                      " WHERE u.unit IN (SELECT value FROM json_each(?))) w"
                      " JOIN events e ON e.pos = w.p AND e.seq = w.s")  # fmt: skip
            args = [orjson.dumps(sorted(set(keys))).decode()]
        sql = ("SELECT e.date_start IS NULL OR e.year = 'unknown', COALESCE(e.date_start, ''), a.id, e.paragraph,"
               f" e.start, e.pos, e.seq, e.date_end, e.precision, e.year, {text}"
               f" FROM {source} JOIN articles a ON a.pos = e.pos ORDER BY 1, 2, 3, 4, 5, 6, 7")  # fmt: skip
        con = None
        if self.path is not None:
            try:
                con = _read_only(self.path)
                rows: Iterable[Any] = _fetched(con.execute(sql, args))
            except sqlite3.Error:  # the file is gone (a newer build swept it): the open connection still reads it
                if con is not None:
                    con.close()
                con = None
        if con is None:
            rows = self.query(sql, args)
        try:
            for r in rows:
                if r[5] in skip or (no_time and r[10] in no_time):
                    continue
                yield EventPlace(bool(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10] if r[0] else "")
        finally:
            if con is not None:
                con.close()

    def id_titles(self, rows: Iterable[int]) -> list[tuple[str, str]]:
        wanted = sorted(set(rows))
        out: list[tuple[str, str]] = []
        for at in range(0, len(wanted), 900):  # SQLite's bound on parameters; one primary-key search a row
            part = wanted[at : at + 900]
            out.extend(self.query(f"SELECT id, title FROM articles WHERE pos IN ({','.join('?' * len(part))})", part))
        return out

    def events_at(self, places: Iterable[tuple[int, int]]) -> list[Event]:
        wanted = list(places)
        found: dict[tuple[int, int], Event] = {}
        for at in range(0, len(wanted), 400):  # two parameters a place, under SQLite's bound
            part = wanted[at : at + 400]
            # Joined from the places, one primary-key search each: ``(pos, seq) IN (VALUES ...)``
            # scanned the whole table instead (64 places at 100,000 articles: 24 -> 0.4 ms).
            sql = (f"WITH w(p, s) AS (VALUES {','.join(['(?, ?)'] * len(part))})"
                   f" SELECT e.pos, e.seq, {_EVENT_E} FROM w JOIN events e ON e.pos = w.p AND e.seq = w.s")  # fmt: skip
            for pos, seq, *ev in self.query(sql, [n for place in part for n in place]):
                found[(pos, seq)] = Event(*ev)
        return [found[place] for place in wanted]

    def titled(self, needle: str) -> list[int]:
        """Rows whose title holds ``needle``: ``find`` over every title in one string, read once.

        ``instr`` over the titles' column made each search read a million rows (0.5 s at
        1,000,000 articles, every query); the titles joined are 20 M characters there,
        searched as the text side file is (jumping to the next title after a hit), and read
        ahead with the ids once the list is shown (:meth:`prefetch`)."""
        if not needle or "\n" in needle:
            return []
        joined, starts = self._memoised("titles", self._titles)
        out, pos = [], joined.find(needle)
        while pos != -1:
            row = bisect_right(starts, pos) - 1
            out.append(row)
            if row + 1 >= len(starts):
                break
            pos = joined.find(needle, starts[row + 1])
        return out

    def _titles(self) -> tuple[str, array[int]]:
        starts, parts, at = array("q"), [], 0
        for start in range(0, len(self.rows), CHUNK * 10):
            sql = "SELECT title FROM articles WHERE pos >= ? AND pos < ? ORDER BY pos"
            for (title,) in self.query(sql, (start, start + CHUNK * 10)):
                starts.append(at)
                line = title.replace("\n", " ") + "\n"  # a title is one line (sanitised); a newline never joins two
                parts.append(line)
                at += len(line)
        return "".join(parts), starts

    def prefetch(self) -> None:
        Derived.prefetch(self)
        self._memoised("titles", self._titles)

    def _text_starts(self) -> list[int]:
        return [s for (s,) in self.query("SELECT text_off FROM articles ORDER BY pos")]

    def decode(self, start: int, stop: int) -> list[IndexRow]:
        """Rows ``start`` to ``stop`` (list order), decoded: three range queries, whatever their number."""
        found = self.query(f"SELECT pos, {_ARTICLE} FROM articles WHERE pos >= ? AND pos < ? ORDER BY pos", (start, stop))
        mentions: dict[int, dict[str, Mentions]] = {}
        sql = "SELECT pos, unit, count, paragraphs FROM mentions WHERE pos >= ? AND pos < ? ORDER BY pos, seq"
        for pos, key, count, paragraphs in self.query(sql, (start, stop)):
            mentions.setdefault(pos, {})[key] = Mentions(count, tuple(int(p) for p in paragraphs.split(",") if p))
        events: dict[int, list[Event]] = {}
        sql = f"SELECT pos, {_EVENT} FROM events WHERE pos >= ? AND pos < ? ORDER BY pos, seq"
        for pos, *ev in self.query(sql, (start, stop)):
            events.setdefault(pos, []).append(Event(*ev))
        out = []
        for pos, *f in found:
            nested = orjson.loads(f[18])
            date, how = nested["reference"]
            out.append(IndexRow(f[0], f[1], f[2], f[3], f[4], f[5], (f[6], f[7]), (f[8], f[9]), f[10], f[11], f[12], f[13],
                                f[14], f[15], f[16], nested["removed"], nested["metadata"], (date, how),
                                tuple(events.get(pos, ())), mentions.get(pos, {}), f[17]))  # fmt: skip
        return out

    def close(self) -> None:
        with self.lock:
            self.con.close()
        Derived.close(self)


T = TypeVar("T")


class Paged(View[T]):
    """A sequence read ``PAGE`` items at a time through ``fetch(start, stop)``, recent pages kept."""

    def __init__(self, length: int, fetch: Callable[[int, int], list[T]], page: int = PAGE) -> None:
        self._len, self._fetch, self._page = length, fetch, page
        self._pages: OrderedDict[int, list[T]] = OrderedDict()

    def __len__(self) -> int:
        return self._len

    def run(self, start: int, stop: int) -> list[T]:
        return self._fetch(start, stop)

    def item(self, index: int) -> T:
        first = index - index % self._page
        page = self._pages.get(first)
        if page is None:
            page = self._pages[first] = self._fetch(first, min(first + self._page, self._len))
            if len(self._pages) > max(1, ROWS_CACHED // self._page):
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(first)
        return page[index - first]

    def __iter__(self) -> Iterator[T]:
        for start in range(0, self._len, CHUNK):
            yield from self._fetch(start, min(start + CHUNK, self._len))


class LazyRows(Paged[IndexRow]):
    """``Derived.rows`` on SQLite: rows decoded when asked for, a few pages of them kept."""

    def __init__(self, store: SqliteDerived, count: int) -> None:
        super().__init__(count, store.decode, page=16)
