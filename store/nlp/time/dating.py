"""Date one time expression: the days a form covers, in the year its context gives it.

:mod:`store.nlp.time.parse` finds the expressions and their fields (a :class:`Form`);
this module turns one into a :class:`Span` of days, chaining on the paragraph's previous
dated expression (the anchor), the reference date, or the article's last written year.
The news conventions it follows are listed in :mod:`store.nlp.time.resolve`'s docstring.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from store.nlp.time import relative
from store.nlp.time.festivals import md, mkdate
from store.nlp.time.forms import Form, TimeExpr
from store.nlp.time.patterns import CAL


@dataclass(frozen=True, slots=True)
class Span:
    """A resolved period. ``how`` says where its year came from (explicit | anchor | ref),
    ``known`` whether that source is real, ``grain`` what an anaphor may count from."""

    start: date
    end: date
    precision: str
    how: str
    known: bool
    grain: str


@dataclass(slots=True)
class Ctx:
    ref: date
    known: bool
    rollback: bool = True
    anchor: Span | None = None
    future: bool = False
    after_vague: bool = False  # the previous expression in the paragraph had no date (近日)
    use_article: bool = False  # no publication date: a bare date takes the article's last written year
    article: Span | None = None  # the last explicit-year date of the article so far
    article_at: int = 0  # its paragraph


PROXY_REF = date(2000, 12, 31)  # stands in for an unknown reference; its results are withheld
NEARFUTURE = timedelta(days=30)  # a date this close after the reference may be an announced plan
REPOST_GAP = timedelta(days=90)
# A year-less date takes the article's last written year only close to it, in text and in time:
# compilations of several stories (a seed article: "2023年5月" then, 97 paragraphs on, "5月28日"
# of another year) must stay unknown.
ARTICLE_REACH = 2  # paragraphs
ARTICLE_WINDOW = timedelta(days=92)  # a bare date is recent news: one older than this reads as a repost


def _period(f: Form, y: int) -> tuple[date, date, str, str] | None:
    """The days a year-complete form covers, with its precision and anaphora grain."""
    try:
        if f.festival is not None:
            if f.festival_mode == "eve":
                r, prec = CAL.eve(f.festival, y), "range"
            elif f.festival_mode == "holiday":
                r = CAL.holiday(f.festival, y)
                prec = "range" if r and r[0] != r[1] else "day"
            else:
                d = CAL.day(f.festival, y)
                d = d + timedelta(days=f.shift) if d else None
                r, prec = (d, d) if d else None, "day"
            return (r[0], r[1], prec, "day" if prec == "day" else "other") if r else None
        if f.quarter is not None:
            first, last = 3 * f.quarter - 2, 3 * f.quarter
            if f.part in ("q:末", "q:初"):  # "一季度末": the quarter's last month
                m = last if f.part == "q:末" else first
                return date(y, m, 1), mkdate(y, m, 31), "month", "month"
            return date(y, first, 1), mkdate(y, last, 31), "quarter", "other"
        if f.season is not None:
            a, b = CAL.seasons[f.season]
            begins, ends = md(y, a), md(y, b)
            return begins, (ends if ends >= begins else md(y + 1, b)), "season", "other"
        if f.part is not None and f.part.startswith("y:"):
            a, b, prec = CAL.year_parts[f.part[2:]]
            return md(y, a), md(y, b), prec, prec if prec in ("month", "year") else "other"
        if f.month is not None:
            if f.day is not None and f.month_rel is None:
                d = date(y, f.month, f.day)
                return d, d, "day", "day"
            if f.part is not None:
                lo, hi = CAL.month_parts[f.part[2:]]
                return mkdate(y, f.month, lo), mkdate(y, f.month, hi), "range", "other"
            return date(y, f.month, 1), mkdate(y, f.month, 31), "month", "month"
        return date(y, 1, 1), date(y, 12, 31), "year", "year"
    except (ValueError, OverflowError):
        return None


def mk(f: Form, y: int, how: str, known: bool) -> Span | None:
    p = _period(f, y)
    return Span(p[0], p[1], p[2], how, known, p[3]) if p else None


def _shift_month(d: date, n: int) -> tuple[int, int]:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return y, m + 1


def _resolve_form(f: Form, ctx: Ctx, inherit: Span | None = None) -> Span | None:
    """Date one point: relative words count from the reference, anaphora from the previous
    expression, bare dates chain forward from it or fall back to the reference year."""
    a = inherit or ctx.anchor
    if (span := _resolve_relative(f, ctx, a)) is not None or _is_relative(f):
        return span
    if f.day_rel is not None:
        d = ctx.ref + timedelta(days=f.day_rel)
        return Span(d, d, "day", "ref", ctx.known, "day")
    if f.week_rel is not None:
        monday = ctx.ref - timedelta(days=ctx.ref.weekday()) + timedelta(weeks=f.week_rel)
        return Span(monday, monday + timedelta(days=6), "range", "ref", ctx.known, "other")
    if f.month_rel is not None:
        y, m = _shift_month(ctx.ref, f.month_rel)
        return mk(Form(month=m, part=f.part, day=f.day), y, "ref", ctx.known)
    if f.quarter_rel is not None:
        y, m = _shift_month(ctx.ref, 3 * f.quarter_rel)
        return mk(Form(quarter=(m - 1) // 3 + 1, part=f.part), y, "ref", ctx.known)
    if f.day_ana is not None:
        if a is None or a.grain != "day":
            return None
        d = a.start + timedelta(days=f.day_ana)
        return Span(d, d, "day", "anchor", a.known, "day")
    if f.month_ana is not None:
        if a is None or a.grain not in ("day", "month"):
            return None
        y, m = _shift_month(a.start, f.month_ana)
        return mk(Form(month=m, part=f.part, day=f.day), y, "anchor", a.known)
    if f.year is not None:
        return mk(f, f.year, "explicit", True)
    if f.year_rel is not None:
        return mk(f, ctx.ref.year + f.year_rel, "ref", ctx.known)
    if f.year_ana is not None:
        return mk(f, a.start.year + f.year_ana, "anchor", a.known) if a else None
    if f.day is not None and f.month is None:  # "15日上午", "至19日"
        base = a if a is not None and a.grain in ("day", "month") else None
        src = base.start if base else ctx.ref
        span = mk(replace(f, month=src.month), src.year, "anchor" if base else "ref",
                   base.known if base else ctx.known)
        if base is None and (span is None or span.start > ctx.ref) and not ctx.future and ctx.known:
            y, m = _shift_month(ctx.ref, -1)  # "29日，…" in past narrative on the 14th: last month's
            span = mk(replace(f, month=m), y, "ref", ctx.known)
        return span
    if inherit is not None:
        return mk(f, inherit.start.year, "anchor", inherit.known)
    if a is not None and a.precision != "open":
        span = mk(f, a.start.year, "anchor", a.known)
        if span is not None and span.start >= a.start:
            return span
    if ctx.use_article and ctx.article is not None:  # "2024年国庆假期期间…" then "10月3日"
        span = mk(f, ctx.article.start.year, "anchor", True)
        if span is not None and ctx.article.start <= span.start <= ctx.article.end + ARTICLE_WINDOW:
            return span
    span = mk(f, ctx.ref.year, "ref", ctx.known)
    if span is not None and ctx.known and ctx.rollback and not ctx.future and span.start > ctx.ref + NEARFUTURE:
        span = mk(f, ctx.ref.year - 1, "ref", ctx.known)
    return span


def _is_relative(f: Form) -> bool:
    return f.weekday is not None or f.week_rel is not None or f.offset is not None or f.decade is not None \
        or f.century is not None


def _resolve_relative(f: Form, ctx: Ctx, a: Span | None) -> Span | None:
    """Weekdays, offsets, 近N and decades, dated by store.nlp.time.relative.dates."""
    if f.offset_ana and ctx.after_vague:
        return None  # "近日…3天后": three days after an undated day is undated
    r = relative.dates(f, ctx.ref, ctx.future, (a.start, a.grain) if a is not None else None)
    if r is None:
        return None
    first, last, precision, how = r
    known = a.known if how == "anchor" and a is not None else how == "explicit" or ctx.known
    grain = precision if precision in ("day", "month", "year") else "other"
    return Span(first, last, precision, how, known, grain)


def resolve_expr(e: TimeExpr, ctx: Ctx) -> Span | None:
    if e.vague or e.form == Form():
        return None
    span = _resolve_form(e.form, ctx)
    if span is None or not 1900 <= span.start.year <= span.end.year <= 2100:
        return None
    if e.until is not None:
        tail = _resolve_form(e.until, ctx, inherit=span)
        if tail is not None and tail.end < span.start and e.until.year is None and \
                (e.until.month is not None or e.until.day is None):  # "12月至次年2月" written as "12月至2月"
            tail = mk(e.until, tail.start.year + 1, tail.how, tail.known)
        if tail is None or tail.end < span.start:
            return None
        span = Span(span.start, tail.end, "range", span.how, span.known and tail.known, "other")
    if e.open:
        span = replace(span, precision="open", grain="other")
    return span
