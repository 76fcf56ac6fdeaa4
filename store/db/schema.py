"""The analysed article's types, and their encoding on disk; the one place offsets are defined.

One type for each shape: a :class:`Document` is what the build makes of a source
file; the derived store splits it into an :class:`IndexRow` (``derived.json``) and
a :class:`Body` (a blob in the ``.body`` side file), and :func:`encode_row` /
:func:`decode_row` / :func:`encode_body` / :func:`decode_body` are the only code
that knows how those look on disk. ``decode(encode(x)) == x`` is tested.

Offsets: every ``start``/``end`` in Beat counts Unicode code points (Python ``str``
indices) within one paragraph's cleaned, simplified text, ``end`` exclusive, so
``paragraphs[p][start:end] == text`` always holds. Code points, not bytes or UTF-16
units, because that is what REFI-QDA positions and Python slicing both use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import orjson

EntityType = Literal["unit", "person", "place", "org", "time", "figure", "anon"]
ENTITY_TYPES: tuple[str, ...] = ("unit", "person", "place", "org", "time", "figure")

Precision = Literal["day", "month", "season", "quarter", "year", "range", "open"]
YearStatus = Literal["explicit", "inferred", "unknown"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A recognised span. ``key`` is the canonical name (for units the unit key).

    ``role`` is what the text calls a person or anonymised person where it names them:
    a byline's role (记者, 通讯员, 审核) or an officer's title (民警, 所长, 教导员); "" for
    none and for every other type. Kept per mention: one officer is 民警 here, 所长 there."""

    type: str
    text: str
    paragraph: int
    start: int
    end: int
    key: str
    role: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening: a time expression resolved to a date range, with its clause.

    Its sentence is not kept: ``store.nlp.time.resolve.event_sentence`` cuts it from the paragraph.
    """

    text: str
    date_start: str | None
    date_end: str | None
    precision: str
    year: str
    label: str
    paragraph: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    text: str
    kind: str = "body"  # body | heading | caption
    original: str | None = None  # original script when it differs (traditional)


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article as stored in the derived store."""

    id: str
    title: str
    source: str | None
    published: str | None
    path: str
    encoding: str
    paragraphs: tuple[Paragraph, ...]
    removed: dict[str, int] = field(default_factory=dict)
    original_title: str | None = None

    @property
    def headings(self) -> list[str]:
        return [p.text for p in self.paragraphs if p.kind == "heading"]

    @property
    def captions(self) -> list[str]:
        return [p.text for p in self.paragraphs if p.kind == "caption"]

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


# --- the analysed document and its two stored halves -----------------------------------

UnitRecord = dict[str, Any]  # key, name, aliases, parent, parent_inferred, level: the units table's row
Span = tuple[int, int]  # [offset, length] in bytes of a side file


@dataclass(frozen=True, slots=True)
class Analysis:
    """What analysis adds to a cleaned article (``store.ingest.analysis``)."""

    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    units: tuple[UnitRecord, ...] = ()
    reference: tuple[str | None, str] = (None, "unknown")  # the date relative times resolve against, and how found


@dataclass(frozen=True, slots=True)
class Document:
    """An article as the build hands it to the derived store: cleaned, then analysed.

    ``id``, ``path`` and ``name`` are set once the logical source is known (an import
    is named for the file it came from, not its stored copy). ``stored`` and ``digest``
    tell the next build which source file it came from and whether that changed.
    """

    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    path: str = ""
    name: str = ""
    stored: str = ""
    digest: str = ""
    stamp: str = ""  # the stored copy's size and mtime when it was read: an edit in place is seen without reading
    original_title: str | None = None
    source: str | None = None
    published: str | None = None
    encoding: str = "utf-8"
    removed: dict[str, int] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    units: tuple[UnitRecord, ...] = ()
    reference: tuple[str | None, str] = (None, "unknown")

    def analysed(self, analysis: Analysis) -> Document:
        return replace(
            self, entities=analysis.entities, events=analysis.events, units=analysis.units, reference=analysis.reference
        )


@dataclass(frozen=True, slots=True)
class Mentions:
    """How often an article names one unit, and in which paragraphs (ascending)."""

    count: int
    paragraphs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One article's row in ``derived.json``: what the list, unit filter and timeline need.

    Everything else (paragraph texts, kinds, entity spans) is in the side files, at
    ``text`` and ``body``; events are here because a corpus timeline reads them all.
    """

    id: str
    title: str
    path: str
    paragraphs: int  # how many
    chars: int
    text_hash: str  # ``store.db.derived.text_digest``: copies of one text are kept once
    text: Span
    body: Span
    name: str = ""
    stored: str = ""
    digest: str = ""
    original_title: str | None = None
    source: str | None = None
    published: str | None = None
    encoding: str = "utf-8"
    removed: dict[str, int] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    reference: tuple[str | None, str] = (None, "unknown")
    events: tuple[Event, ...] = ()
    units: dict[str, Mentions] = field(default_factory=dict)  # unit key -> its mentions
    stamp: str = ""  # see Document.stamp


@dataclass(frozen=True, slots=True)
class Body:
    """What only the reader needs of one article: its paragraphs and entity spans."""

    paragraphs: tuple[Paragraph, ...]
    entities: tuple[Entity, ...]


# --- encoding ------------------------------------------------------------------------------
# Positional lists exist only here: an event is 9 fields in declaration order, an entity
# in the body [type, paragraph, start, end, key or null when the key is its text(, role when there is one)].


class SchemaError(ValueError):
    """A stored row or blob that is not the shape this schema writes."""


_SCALARS = ("id", "title", "path", "paragraphs", "chars", "text_hash", "name", "stored", "digest",
            "original_title", "source", "published", "encoding")  # fmt: skip


def encode_row(row: IndexRow) -> dict[str, Any]:
    """The row as TinyDB stores it (JSON): events as 9-lists, mentions as [count, [paragraphs]]."""
    out: dict[str, Any] = {name: getattr(row, name) for name in _SCALARS}
    out["removed"] = row.removed
    out["metadata"] = row.metadata
    out["reference"] = list(row.reference)
    out["text"] = list(row.text)
    out["body"] = list(row.body)
    out["events"] = [
        [ev.text, ev.date_start, ev.date_end, ev.precision, ev.year, ev.label, ev.paragraph, ev.start, ev.end]
        for ev in row.events
    ]
    out["units"] = {key: [m.count, list(m.paragraphs)] for key, m in row.units.items()}
    out["stamp"] = row.stamp
    return out


def decode_row(data: dict[str, Any]) -> IndexRow:
    """:func:`encode_row` undone; :class:`SchemaError` when ``data`` is not its shape."""
    try:
        date, how = data["reference"]
        text_offset, text_length = data["text"]
        body_offset, body_length = data["body"]
        return IndexRow(  # positional: ten thousand rows load measurably faster than by keyword
            data["id"], data["title"], data["path"], data["paragraphs"], data["chars"], data["text_hash"],
            (text_offset, text_length), (body_offset, body_length),
            data["name"], data["stored"], data["digest"], data["original_title"], data["source"], data["published"],
            data["encoding"], data["removed"], data["metadata"], (date, how),
            tuple([Event(*ev) for ev in data["events"]]),
            {key: Mentions(count, tuple(paragraphs)) for key, (count, paragraphs) in data["units"].items()},
            data.get("stamp", ""),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise SchemaError(f"an index row of another shape ({type(exc).__name__}: {exc})") from None


def decode_rows(rows: Iterable[dict[str, Any]]) -> list[IndexRow]:
    """Every row of an index, with garbage collection paused.

    A row makes a few dozen long-lived objects (its events, its unit mentions); with
    the collector running, decoding 10,000 synthetic rows took 1.3 s instead of 0.6 s
    (``tinydb_storage.gc_paused`` says why). Nothing made here is cyclic garbage.
    """
    from store.db.tinydb_storage import gc_paused

    with gc_paused():
        return [decode_row(row) for row in rows]


def encode_body(body: Body) -> bytes:
    """The reader's half of an article, without the texts (they are in the text file).

    Only what differs from the common case is written: non-body kinds, originals that
    exist, entity keys that are not the entity's text. That keeps the body file at
    about half the text file's size on the seeds.
    """
    return orjson.dumps(
        {
            "k": [[i, p.kind] for i, p in enumerate(body.paragraphs) if p.kind != "body"],
            "o": [[i, p.original] for i, p in enumerate(body.paragraphs) if p.original],
            "e": [
                [e.type, e.paragraph, e.start, e.end, None if e.key == e.text else e.key, *((e.role,) if e.role else ())]
                for e in body.entities
            ],
        }
    )


def decode_body(blob: bytes, texts: list[str]) -> Body:
    """:func:`encode_body` undone, given the article's paragraph texts; entity texts are cut from them."""
    try:
        data = orjson.loads(blob)
        kinds = dict(data["k"])
        originals = dict(data["o"])
        paragraphs = tuple(Paragraph(i, t, kinds.get(i, "body"), originals.get(i)) for i, t in enumerate(texts))
        entities = []
        for kind, p, s, e, key, *role in data["e"]:
            if len(role) > 1:
                raise ValueError("an entity of more than six fields")
            text = texts[p][s:e]
            entities.append(Entity(kind, text, p, s, e, text if key is None else key, *role))
    except (KeyError, TypeError, ValueError, IndexError, orjson.JSONDecodeError) as exc:
        raise SchemaError(f"an article body of another shape ({type(exc).__name__}: {exc})") from None
    return Body(paragraphs, tuple(entities))
