"""The parsed shapes of a time expression: :class:`Form` (one calendar point as written, not yet
dated) and :class:`TimeExpr` (where it sits in a paragraph, and whether it is a range).

Kept apart from the scanners so :mod:`store.nlp.time.parse` and :mod:`store.nlp.time.relative`
can both build forms without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Form:
    """One calendar point as written; ``*_rel`` count from the reference date, ``*_ana`` from the
    previous expression (anaphora). ``part`` is "m:上旬"-style (month) or "y:底"-style (year)."""

    year: int | None = None
    year_rel: int | None = None
    year_ana: int | None = None
    month: int | None = None
    month_rel: int | None = None
    month_ana: int | None = None
    day: int | None = None
    day_rel: int | None = None
    day_ana: int | None = None
    week_rel: int | None = None
    part: str | None = None
    quarter: int | None = None
    season: str | None = None
    festival: str | None = None
    festival_mode: str = "day"  # day | holiday | eve
    shift: int = 0  # days after the festival's day (大年初十 = 春节 + 9)
    quarter_rel: int | None = None
    weekday: int | None = None  # 0 = Monday .. 6 = Sunday, 7 = the weekend; week_rel None = bare
    offset: tuple[str, float] | None = None  # ("day" | "week" | "month" | "year", signed count)
    offset_ana: bool = False  # "三年后" counts from the previous expression when there is one
    near: bool = False  # "近三个月": from ``offset`` before the reference up to it
    decade: int | None = None  # first year (1980), or 0-90 when only the decade is written
    century: int | None = None  # 20 = 1900-1999
    case: bool = False  # a case name (6·30案): its label is the case name


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression in one paragraph: ``until`` makes it a range, ``open`` a 以来/至今 range,
    ``vague`` one that places a statement in time without a date (近年来, 开学首日 alone)."""

    text: str
    start: int
    end: int
    form: Form
    until: Form | None = None
    open: bool = False
    vague: bool = False


# ---------------------------------------------------------------- numerals
