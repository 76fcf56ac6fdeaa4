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

Parts: :mod:`store.nlp.time.parse` finds the expressions, :mod:`store.nlp.time.dating`
dates one, :mod:`store.nlp.time.clauses` cuts its clause and sentence; this module walks
an article and holds the public API.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from store.db.schema import Event
from store.nlp.time.clauses import event_sentence, governed
from store.nlp.time.dating import (
    ARTICLE_REACH,
    NEARFUTURE,
    PROXY_REF,
    REPOST_GAP,
    Ctx,
    Span,
    mk,
    resolve_expr,
)
from store.nlp.time.forms import Form, TimeExpr
from store.nlp.time.numerals import cn_to_int
from store.nlp.time.parse import find_time_expressions
from store.nlp.time.patterns import FUTURE
from store.nlp.time.reference import dateline_date, first_locator_date
from store.nlp.time.relative import case_label

__all__ = [
    "TimeExpr",
    "cn_to_int",
    "event_sentence",
    "extract_events",
    "find_time_expressions",
    "resolve_reference",
    "time_spans",
]


def _walk(text: str, ctx: Ctx) -> list[tuple[TimeExpr, Span | None, str, bool]]:
    """Resolve one paragraph's expressions in order, each chaining on the last dated one:
    (expression, span or None, label, whether its clause speaks of the future)."""
    ctx.anchor, ctx.after_vague = None, False
    out = []
    for e in find_time_expressions(text):
        label, clause = governed(text, e)
        ctx.future = bool(FUTURE.search(clause))
        span = resolve_expr(e, ctx)
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


def _contradicts(e: TimeExpr, span: Span, pub: date) -> bool:
    """Past narrative dated after publication: proof the text is older than its publication."""
    if span.start <= pub + NEARFUTURE:
        return False
    if e.form.year_rel == 0 and _finer_than_year(e.form):
        return True
    if span.how == "ref" and _is_bare(e.form):
        earlier = mk(e.form, span.start.year - 1, "ref", True)
        return earlier is not None and pub - earlier.start > REPOST_GAP
    return False


def resolve_reference(paragraphs: list[str], published: str | None,
                      locators: Sequence[tuple[str, str]] = ()) -> tuple[str | None, str]:
    """The date 今年/去年/bare dates resolve against, and how it was found (module docstring).
    ``locators``: ("url", page address) and ("filename", name) pairs, in order of trust."""
    pub = _parse_date(published)
    if pub is not None:
        ctx = Ctx(pub, True, rollback=False)
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
    ctx = Ctx(PROXY_REF, False)
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
    ctx = Ctx(ref or PROXY_REF, ref is not None)
    ctx.use_article = reference is None and status not in ("published", "corrected")
    events: list[Event] = []
    for i, text in enumerate(paragraphs):
        if ctx.article is not None and i - ctx.article_at > ARTICLE_REACH:
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
