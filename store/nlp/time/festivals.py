"""Calendar data (named days, lunar tables, parts of months and years, seasons) for timex, kept as data."""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources


def mkdate(year: int, month: int, day: int) -> date:
    """A date with the day clamped to the month, so "31" can mean a month's last day."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def md(year: int, mmdd: str) -> date:
    """Dates in the data file are "MM-DD" so one entry serves every year."""
    month, day = mmdd.split("-")
    return mkdate(year, int(month), int(day))


@dataclass(frozen=True, slots=True)
class Festival:
    """A named day: a fixed Gregorian day or a per-year table, plus its holiday window."""

    key: str
    names: tuple[str, ...]
    suffix_names: tuple[str, ...]
    date: str | None
    table: str | None
    offset: int
    holiday: tuple[int, int] | None
    approximate: bool
    nth_weekday: tuple[int, int, int] | None = None  # (month, n, weekday 0=Mon): 母亲节 = (5, 2, 6)
    not_before: tuple[str, ...] = ()  # words after a name that make it something else (圣诞老人)
    context: tuple[str, ...] = ()  # words in the paragraph that make a suffix name alone a holiday


@dataclass(frozen=True, slots=True)
class Calendar:
    """Everything festivals.toml says, parsed once."""

    eve_days: int
    place_suffixes: tuple[str, ...]
    month_parts: dict[str, tuple[int, int]]
    year_parts: dict[str, tuple[str, str, str]]
    seasons: dict[str, tuple[str, str]]
    vague: tuple[str, ...]
    festivals: dict[str, Festival]
    tables: dict[str, dict[int, str]]

    def by_name(self) -> dict[str, Festival]:
        """Every written name (plain and suffix-only) to its festival."""
        return {n: f for f in self.festivals.values() for n in f.names + f.suffix_names}

    def day(self, key: str, year: int) -> date | None:
        """The festival's day in ``year``; None when a lunar table does not cover the year."""
        fest = self.festivals[key]
        if fest.table is not None:
            mmdd = self.tables[fest.table].get(year)
            if mmdd is None:
                return None
            return md(year, mmdd) + timedelta(days=fest.offset)
        if fest.nth_weekday is not None:
            month, n, weekday = fest.nth_weekday
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1) + fest.offset)
        assert fest.date is not None
        return md(year, fest.date) + timedelta(days=fest.offset)

    def holiday(self, key: str, year: int) -> tuple[date, date] | None:
        """The span "假期/期间" covers; a festival without a holiday is just its day."""
        day = self.day(key, year)
        if day is None:
            return None
        window = self.festivals[key].holiday
        if window is None:
            return day, day
        first = day + timedelta(days=window[0])
        return first, first + timedelta(days=window[1] - 1)

    def eve(self, key: str, year: int) -> tuple[date, date] | None:
        """"前夕": the eve_days days before the day, ending the day before it."""
        day = self.day(key, year)
        if day is None:
            return None
        return day - timedelta(days=self.eve_days), day - timedelta(days=1)


@lru_cache(maxsize=1)
def load() -> Calendar:
    """Read festivals.toml once; the parser calls this at import time."""
    raw = tomllib.loads(resources.files("store").joinpath("data", "festivals.toml").read_text("utf-8"))
    festivals = {
        f["key"]: Festival(
            key=f["key"],
            names=tuple(f.get("names", ())),
            suffix_names=tuple(f.get("suffix_names", ())),
            date=f.get("date"),
            table=f.get("table"),
            offset=int(f.get("offset", 0)),
            holiday=tuple(f["holiday"]) if "holiday" in f else None,
            approximate=bool(f.get("approximate", False)),
            nth_weekday=tuple(f["nth_weekday"]) if "nth_weekday" in f else None,
            not_before=tuple(f.get("not_before", ())),
            context=tuple(f.get("context", ())),
        )
        for f in raw["festival"]
    }
    return Calendar(
        eve_days=int(raw["settings"]["eve_days"]),
        place_suffixes=tuple(raw["settings"]["place_suffixes"]),
        month_parts={k: (int(v[0]), int(v[1])) for k, v in raw["month_parts"].items()},
        year_parts={k: (v[0], v[1], v[2]) for k, v in raw["year_parts"].items()},
        seasons={k: (v[0], v[1]) for k, v in raw["seasons"].items()},
        vague=tuple(raw["vague"]["words"]),
        festivals=festivals,
        tables={name: {int(y): d for y, d in t.items()} for name, t in raw["tables"].items()},
    )
