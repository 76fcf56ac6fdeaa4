"""Finds and dates the time expressions of Chinese police news so an article's events can sit on a timeline.

Pure regular expressions and tables (no jieba, no UI imports): it runs at read time.

Reference date (``resolve_reference``) - what 今年/去年/上月/bare "9月16日" resolve against:

* ``published``: the publication date, when given and consistent with the text.
* ``corrected``: reposts keep the original wording, so a text published 2026-02-08 may say
  "今年9月" about 2025. A 今年-anchored date in past narrative (no future marker such as 将于/
  预计 in its clause) more than 30 days after publication is impossible (nearer dates may be
  announced plans), so the reference year is the year before publication. So is a bare
  "M月D日" landing after publication whose previous-year reading would be more than 90 days
  old: news dates a recent event without a year, not one from last autumn. The corrected
  reference is 12-31 of that year (the text was written some time in it). Otherwise a bare
  past date more than 30 days after the reference (a January article's "12月30日") is read as
  last year's on its own, leaving the reference alone.
* ``dateline`` / ``url`` / ``filename``: no publication date, but the text states one in a
  dateline or byline ("发布时间：2024-09-05", "某某网 2023/01/26"), or the page's canonical/og:url
  or the file name carries one (store.nlp.time.reference), tried in that order of trust.
* ``inferred``: no publication date, but the text pins the year: an apposition such as
  "今年（2024年）" / "去年（2023年）", or bounds that meet - explicit-year dates in past narrative
  give a lower bound, explicit years in future clauses ("2025年，…将…") an upper bound; only
  when both fall in one year is that year used (reference 12-31 of it, clamped to the bounds).
  "the latest explicit year is probably this year" is *not* used: it is a guess.
* ``unknown``: otherwise. Relative expressions then get ``year="unknown"`` and no dates.
* ``user``: the status for an override passed to ``extract_events`` (``resolve_reference``
  never returns it: the caller records it); the override wins over everything.

Without a publication date a year-less date also takes the year of the article's latest
explicit-year date before it ("2024年国庆假期期间…" then, paragraphs later, "10月3日"), as
``inferred``, ahead of any dateline, URL or file-name reference.

Chaining: a year-less date inherits the year of the previous dated expression in the same
paragraph when that keeps the narrative moving forward ("2024年12月15日…12月17日"); 当日/次日/
当晚/同日 count from the previous day-precise expression, 当年/次年 from the previous year.
Inherited years are ``inferred``, only a written year is ``explicit``.

News conventions (where a voice assistant would read the future, news reads the past):

* an undated date, named day or bare day of month in past narrative is the latest one on or before
  the reference (元旦 in June is last 1 January; "29日，…" on the 14th is last month's 29th; a 29日
  the month lacks is last month's too); only a clause with a future marker (将于, 预计 ...) or a
  date within 30 days reads forward.
* a bare weekday (周三, 星期天, 周末) is the latest one on or before the reference, the next one in a
  future clause; 上周三/下周五/这周3 are that day of the Monday-Sunday week named.
* N天前/N年前 count from the reference; N天后/N年后 from the paragraph's previous dated expression
  when it has one ("2019年5月3日入警，三年后…" = 2022), else from the reference, and not at all
  after an undated one ("近日…3天后").
* 近N天/近三个月/近三月 are the last N units up to the reference, not a month named 三月.
* a date the calendar lacks (2019年2月29日, 2021年13月) or outside 1900-2100 (1850年5月, 十八世纪)
  is a span without an event; no shorter date inside it is read.
* 80后/90后 are generations, not decades; 上世纪80年代 and bare 八十年代 are the 1980s; a bare
  00-20年代 is the latest such decade that has begun.

Not events: vague words (近年来, 目前 - listed in data/festivals.toml), recurring dates (每年3月),
unanchored anaphora, approximate named days without a date (开学首日). They are still time
spans. Durations and ages with a count (3分钟, 28年, 历经2000年, 今年70多岁) are not matched at all.

Glued dates: scraped pages sometimes lose 年/月 ("2025610日" for 2025年6月10日). A digit run
YYYY + 2-4 digits + 日 is read as a date only when YYYY is 1900-2099 and exactly one split
of the rest gives a valid month and day ("2025111日" could be 1-11 or 11-1: ignored).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from store.db.schema import Event
from store.nlp.time import relative
from store.nlp.time.festivals import md, mkdate
from store.nlp.time.forms import Form, TimeExpr
from store.nlp.time.numerals import cn_to_int
from store.nlp.time.parse import CAL, FUTURE, find_time_expressions
from store.nlp.time.reference import dateline_date, first_locator_date
from store.nlp.time.relative import case_label

__all__ = ["TimeExpr", "cn_to_int", "extract_events", "find_time_expressions", "resolve_reference", "time_spans"]


# ---------------------------------------------------------------- resolution


@dataclass(frozen=True, slots=True)
class _Span:
    """A resolved period. ``how`` says where its year came from (explicit | anchor | ref),
    ``known`` whether that source is real, ``grain`` what an anaphor may count from."""

    start: date
    end: date
    precision: str
    how: str
    known: bool
    grain: str


@dataclass(slots=True)
class _Ctx:
    ref: date
    known: bool
    rollback: bool = True
    anchor: _Span | None = None
    future: bool = False
    after_vague: bool = False  # the previous expression in the paragraph had no date (近日)
    use_article: bool = False  # no publication date: a bare date takes the article's last written year
    article: _Span | None = None  # the last explicit-year date of the article so far
    article_at: int = 0  # its paragraph


_PROXY_REF = date(2000, 12, 31)  # stands in for an unknown reference; its results are withheld
_NEARFUTURE = timedelta(days=30)  # a date this close after the reference may be an announced plan
_REPOST_GAP = timedelta(days=90)
# A year-less date takes the article's last written year only close to it, in text and in time:
# compilations of several stories (a seed article: "2023年5月" then, 97 paragraphs on, "5月28日"
# of another year) must stay unknown.
_ARTICLE_REACH = 2  # paragraphs
_ARTICLE_WINDOW = timedelta(days=92)  # a bare date is recent news: one older than this reads as a repost


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


def _mk(f: Form, y: int, how: str, known: bool) -> _Span | None:
    p = _period(f, y)
    return _Span(p[0], p[1], p[2], how, known, p[3]) if p else None


def _shift_month(d: date, n: int) -> tuple[int, int]:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return y, m + 1


def _resolve_form(f: Form, ctx: _Ctx, inherit: _Span | None = None) -> _Span | None:
    """Date one point: relative words count from the reference, anaphora from the previous
    expression, bare dates chain forward from it or fall back to the reference year."""
    a = inherit or ctx.anchor
    if (span := _resolve_relative(f, ctx, a)) is not None or _is_relative(f):
        return span
    if f.day_rel is not None:
        d = ctx.ref + timedelta(days=f.day_rel)
        return _Span(d, d, "day", "ref", ctx.known, "day")
    if f.week_rel is not None:
        monday = ctx.ref - timedelta(days=ctx.ref.weekday()) + timedelta(weeks=f.week_rel)
        return _Span(monday, monday + timedelta(days=6), "range", "ref", ctx.known, "other")
    if f.month_rel is not None:
        y, m = _shift_month(ctx.ref, f.month_rel)
        return _mk(Form(month=m, part=f.part, day=f.day), y, "ref", ctx.known)
    if f.quarter_rel is not None:
        y, m = _shift_month(ctx.ref, 3 * f.quarter_rel)
        return _mk(Form(quarter=(m - 1) // 3 + 1, part=f.part), y, "ref", ctx.known)
    if f.day_ana is not None:
        if a is None or a.grain != "day":
            return None
        d = a.start + timedelta(days=f.day_ana)
        return _Span(d, d, "day", "anchor", a.known, "day")
    if f.month_ana is not None:
        if a is None or a.grain not in ("day", "month"):
            return None
        y, m = _shift_month(a.start, f.month_ana)
        return _mk(Form(month=m, part=f.part, day=f.day), y, "anchor", a.known)
    if f.year is not None:
        return _mk(f, f.year, "explicit", True)
    if f.year_rel is not None:
        return _mk(f, ctx.ref.year + f.year_rel, "ref", ctx.known)
    if f.year_ana is not None:
        return _mk(f, a.start.year + f.year_ana, "anchor", a.known) if a else None
    if f.day is not None and f.month is None:  # "15日上午", "至19日"
        base = a if a is not None and a.grain in ("day", "month") else None
        src = base.start if base else ctx.ref
        span = _mk(replace(f, month=src.month), src.year, "anchor" if base else "ref",
                   base.known if base else ctx.known)
        if base is None and (span is None or span.start > ctx.ref) and not ctx.future and ctx.known:
            y, m = _shift_month(ctx.ref, -1)  # "29日，…" in past narrative on the 14th: last month's
            span = _mk(replace(f, month=m), y, "ref", ctx.known)
        return span
    if inherit is not None:
        return _mk(f, inherit.start.year, "anchor", inherit.known)
    if a is not None and a.precision != "open":
        span = _mk(f, a.start.year, "anchor", a.known)
        if span is not None and span.start >= a.start:
            return span
    if ctx.use_article and ctx.article is not None:  # "2024年国庆假期期间…" then "10月3日"
        span = _mk(f, ctx.article.start.year, "anchor", True)
        if span is not None and ctx.article.start <= span.start <= ctx.article.end + _ARTICLE_WINDOW:
            return span
    span = _mk(f, ctx.ref.year, "ref", ctx.known)
    if span is not None and ctx.known and ctx.rollback and not ctx.future and span.start > ctx.ref + _NEARFUTURE:
        span = _mk(f, ctx.ref.year - 1, "ref", ctx.known)
    return span


def _is_relative(f: Form) -> bool:
    return f.weekday is not None or f.week_rel is not None or f.offset is not None or f.decade is not None \
        or f.century is not None


def _resolve_relative(f: Form, ctx: _Ctx, a: _Span | None) -> _Span | None:
    """Weekdays, offsets, 近N and decades, dated by store.nlp.time.relative.dates."""
    if f.offset_ana and ctx.after_vague:
        return None  # "近日…3天后": three days after an undated day is undated
    r = relative.dates(f, ctx.ref, ctx.future, (a.start, a.grain) if a is not None else None)
    if r is None:
        return None
    first, last, precision, how = r
    known = a.known if how == "anchor" and a is not None else how == "explicit" or ctx.known
    grain = precision if precision in ("day", "month", "year") else "other"
    return _Span(first, last, precision, how, known, grain)


def _resolve(e: TimeExpr, ctx: _Ctx) -> _Span | None:
    if e.vague or e.form == Form():
        return None
    span = _resolve_form(e.form, ctx)
    if span is None or not 1900 <= span.start.year <= span.end.year <= 2100:
        return None
    if e.until is not None:
        tail = _resolve_form(e.until, ctx, inherit=span)
        if tail is not None and tail.end < span.start and e.until.year is None and \
                (e.until.month is not None or e.until.day is None):  # "12月至次年2月" written as "12月至2月"
            tail = _mk(e.until, tail.start.year + 1, tail.how, tail.known)
        if tail is None or tail.end < span.start:
            return None
        span = _Span(span.start, tail.end, "range", span.how, span.known and tail.known, "other")
    if e.open:
        span = replace(span, precision="open", grain="other")
    return span


# ---------------------------------------------------------------- clauses and labels

_SENT_END = "。！？!?"
_CLAUSE_END = "，,；;：:。！？!?"
_CLOSERS = "”’」』）)"
_TRIM = " \t\u3000\"'（）()、…—·"


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """From after the last stop before ``start`` to the first stop at or after ``end``."""
    at = _stops_in(text, stops)
    i, j = bisect.bisect_left(at, start), bisect.bisect_left(at, end)
    return at[i - 1] + 1 if i else 0, at[j] if j < len(at) else len(text)


@lru_cache(maxsize=16)
def _stops_in(text: str, stops: str) -> list[int]:
    """Where ``stops`` occur in ``text``, found once per paragraph: searching the text
    again for each expression made long paragraphs quadratic."""
    return [m.start() for m in re.finditer("[" + re.escape(stops) + "]", text)]


def event_sentence(paragraph: str, event: Event) -> str:
    """The sentence an event was found in, from its paragraph's text."""
    return _sentence(paragraph, event.start, event.end)


def _sentence(text: str, start: int, end: int) -> str:
    a, b = _bounds(text, start, end, _SENT_END)
    b = min(b + 1, len(text))
    while b < len(text) and text[b] in _CLOSERS:
        b += 1
    return text[a:b].strip()


def _trim(s: str) -> str:
    s = s.strip(_TRIM).lstrip(_CLOSERS).strip(_TRIM)  # "”武汉开学首日": a quotation's end is no label's start
    if s[:1] in ("在", "于"):
        s = s[1:].strip(_TRIM)
    for opener, closer in ("“”", "‘’", "「」"):  # drop a quote mark whose partner was cut off
        if s.startswith(opener) and closer not in s:
            s = s[1:]
        if s.endswith(closer) and opener not in s:
            s = s[:-1]
    return s.strip(_TRIM)


def _governed(text: str, e: TimeExpr) -> tuple[str, str]:
    """The clause the expression governs - its own clause without it (and without a 于/在 before
    it or a finished quotation), else the next clause - as (label, raw clause text)."""
    a, b = _bounds(text, e.start, e.end, _CLAUSE_END)
    quote_end = max(text.rfind(c + "”", a, e.start) for c in "。！？!?…")
    if quote_end >= 0:
        a = quote_end + 2
    before = text[a:e.start]
    before = before[:-1] if before.endswith(("于", "在")) else before
    own = _trim(before + text[e.end:b])
    if len(own) > 2 or b >= len(text):  # "预计" alone says nothing: take the next clause
        return own, text[a:b]
    _, b2 = _bounds(text, b + 1, b + 1, _CLAUSE_END)
    return _trim(text[b + 1:b2]) or own, text[a:b2]


def _walk(text: str, ctx: _Ctx) -> list[tuple[TimeExpr, _Span | None, str, bool]]:
    """Resolve one paragraph's expressions in order, each chaining on the last dated one:
    (expression, span or None, label, whether its clause speaks of the future)."""
    ctx.anchor, ctx.after_vague = None, False
    out = []
    for e in find_time_expressions(text):
        label, clause = _governed(text, e)
        ctx.future = bool(FUTURE.search(clause))
        span = _resolve(e, ctx)
        if span is not None and span.precision != "open":
            ctx.anchor = span
        ctx.after_vague = span is None
        out.append((e, span, label, ctx.future))
    return out


# ---------------------------------------------------------------- public API

_DATE = re.compile(r"((?:19|20)\d{2})\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})")
_APPOSITION = [
    (re.compile(r"今年\s?[（(]\s?((?:19|20)\d{2})\s?年?\s?[）)]"), 0),
    (re.compile(r"((?:19|20)\d{2})\s?年\s?[（(]\s?今年\s?[）)]"), 0),
    (re.compile(r"今年是((?:19|20)\d{2})年"), 0),
    (re.compile(r"去年\s?[（(]\s?((?:19|20)\d{2})\s?年?\s?[）)]"), 1),
    (re.compile(r"((?:19|20)\d{2})\s?年\s?[（(]\s?去年\s?[）)]"), 1),
]


def _parse_date(s: str | None) -> date | None:
    m = _DATE.search(s or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _finer_than_year(f: Form) -> bool:
    return any(v is not None for v in (f.month, f.day, f.part, f.quarter, f.season, f.festival))


def _is_bare(f: Form) -> bool:
    return all(v is None for v in (f.year, f.year_rel, f.year_ana, f.day_rel, f.month_rel, f.week_rel,
                                   f.day_ana, f.month_ana))


def _contradicts(e: TimeExpr, span: _Span, pub: date) -> bool:
    """Past narrative dated after publication: proof the text is older than its publication."""
    if span.start <= pub + _NEARFUTURE:
        return False
    if e.form.year_rel == 0 and _finer_than_year(e.form):
        return True
    if span.how == "ref" and _is_bare(e.form):
        earlier = _mk(e.form, span.start.year - 1, "ref", True)
        return earlier is not None and pub - earlier.start > _REPOST_GAP
    return False


def resolve_reference(paragraphs: list[str], published: str | None,
                      locators: Sequence[tuple[str, str]] = ()) -> tuple[str | None, str]:
    """The date 今年/去年/bare dates resolve against, and how it was found (module docstring).
    ``locators``: ("url", page address) and ("filename", name) pairs, in order of trust."""
    pub = _parse_date(published)
    if pub is not None:
        ctx = _Ctx(pub, True, rollback=False)
        for text in paragraphs:
            for e, span, _, future in _walk(text, ctx):
                if span is not None and not future and _contradicts(e, span, pub):
                    return date(pub.year - 1, 12, 31).isoformat(), "corrected"
        return pub.isoformat(), "published"
    if (stated := dateline_date(paragraphs)) is not None:
        return stated.isoformat(), "dateline"
    if (located := first_locator_date(locators)) is not None:
        return located[0].isoformat(), located[1]
    joined = "\n".join(paragraphs)
    for pattern, shift in _APPOSITION:
        if (m := pattern.search(joined)):
            return date(int(m.group(1)) + shift, 12, 31).isoformat(), "inferred"
    lower: date | None = None
    upper: date | None = None
    ctx = _Ctx(_PROXY_REF, False)
    for text in paragraphs:
        for _, span, _, future in _walk(text, ctx):
            if span is None or span.how != "explicit":
                continue
            if future:
                upper = span.end if upper is None else min(upper, span.end)
            else:
                lower = span.start if lower is None else max(lower, span.start)
    if lower is not None and upper is not None and lower.year == upper.year and lower <= upper:
        return min(max(date(lower.year, 12, 31), lower), upper).isoformat(), "inferred"
    return None, "unknown"


def extract_events(paragraphs: list[str], published: str | None, reference: str | None = None,
                   locators: Sequence[tuple[str, str]] = ()) -> list[Event]:
    """Every dated event of an article in text order; ``reference`` (YYYY-MM-DD, the user's
    override) wins over the publication date. Raises ValueError for an unreadable override."""
    if reference is not None:
        ref = _parse_date(reference)
        if ref is None:
            raise ValueError(f"reference date must be YYYY-MM-DD, got {reference!r}")
        status = "user"
    else:
        found, status = resolve_reference(paragraphs, published, locators)
        ref = _parse_date(found)
    ctx = _Ctx(ref or _PROXY_REF, ref is not None)
    ctx.use_article = reference is None and status not in ("published", "corrected")
    events: list[Event] = []
    for i, text in enumerate(paragraphs):
        if ctx.article is not None and i - ctx.article_at > _ARTICLE_REACH:
            ctx.article = None
        for e, span, label, _ in _walk(text, ctx):
            if span is not None and span.how == "explicit" and span.precision != "open":
                ctx.article, ctx.article_at = span, i
            if span is None:
                continue
            status = "explicit" if span.how == "explicit" else "inferred" if span.known else "unknown"
            start = end = None
            if span.known:
                start, end = span.start.isoformat(), span.end.isoformat()
                if e.open:
                    end = max(ctx.ref, span.start).isoformat() if ctx.known else None
            if e.form.case:  # "“3·15”专案": the case name is what the date names
                label = case_label(text, e.start, e.end) or label
            events.append(Event(text=e.text, date_start=start, date_end=end, precision=span.precision,
                                year=status, label=label[:24],
                                paragraph=i, start=e.start, end=e.end))
    return events


def time_spans(paragraphs: list[str]) -> list[tuple[int, int, int, str]]:
    """(paragraph, start, end, text) of every time expression, vague ones included, for highlighting."""
    return [(i, e.start, e.end, e.text) for i, text in enumerate(paragraphs) for e in find_time_expressions(text)]
