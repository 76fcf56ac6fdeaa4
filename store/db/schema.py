"""Frozen records that the store hands out; the one place offsets are defined.

Offsets: every ``start``/``end`` in Beat counts Unicode code points (Python ``str``
indices) within one paragraph's cleaned, simplified text, ``end`` exclusive, so
``paragraphs[p][start:end] == text`` always holds. Code points, not bytes or UTF-16
units, because that is what REFI-QDA positions and Python slicing both use.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityType = Literal["unit", "person", "place", "org", "time", "figure", "anon"]
ENTITY_TYPES: tuple[str, ...] = ("unit", "person", "place", "org", "time", "figure")

Precision = Literal["day", "month", "season", "quarter", "year", "range", "open"]
YearStatus = Literal["explicit", "inferred", "unknown"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A recognised span. ``key`` is the canonical name (for units the unit key)."""

    type: str
    text: str
    paragraph: int
    start: int
    end: int
    key: str

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
