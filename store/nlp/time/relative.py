"""Time expressions counted from the reference date or the week rather than written as a calendar
point: weekdays (上周三, 下个星期一, 周末), offsets (5天前, 两个半月前, 三年后, 4周后), the last N
units (近三个月), decades and centuries (上世纪80年代), and numeric case names (“3·15”专案).

Each scanner takes the normalised paragraph and a position and returns ``(fields, end)`` - the
:class:`store.nlp.time.parse.Form` fields it found - or None. Only :mod:`store.nlp.time.parse`
calls them; dating the fields is :mod:`store.nlp.time.resolve`'s job.

Guards, because corpus text is full of look-alikes:

* a bare weekday (周三, 星期天, 周末) is a day only where a date may stand: after 于/在, or followed
  by a clause break, a time of day or a range connector. "周三公司", "周一鸣", "周六福" are a
  surname plus a name; "每周一至周五" is recurring (the parser's 每 rule makes it vague).
* decades need 年代: "80后" is a generation, not a date.
* a middle dot between month and day (6·30) is a date; a full stop (8.20) only before a case word
  (案, 专案, 事件) so prices and scores stay numbers.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from store.nlp.time.festivals import mkdate
from store.nlp.time.forms import Form
from store.nlp.time.numerals import COUNT, cn_to_int, prev_ok

_WD = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 7,
       "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_WEEK_PREFIX = {"上上": -2, "下下": 2, "上": -1, "下": 1, "本": 0, "这": 0, "今": 0}
_UNIT = r"(?:周|星期|礼拜)"
_REL_WEEK = re.compile(rf"(上上|下下|上|下|本|这|今)(个)?{_UNIT}(?:\s?{_UNIT}?([一二三四五六日天末1-7]))?")
_BARE_WEEK = re.compile(rf"{_UNIT}([一二三四五六日天末])")
# What may follow a bare weekday for it to be a day: a clause break, a time of day, a connector.
_AFTER_BARE = re.compile(
    r"[，,。；;、！？!?\s）)]|$|凌晨|清晨|早|上午|中午|午|下午|傍晚|晚|夜|深夜|\d{1,2}[时点]|至|到|—|-|~|当天|这天|那天|前|后"
)
_WEEK_WORD_NOT_BEFORE = set("围边期岁年刊报转旋游济全密长")
# "周一至周五" without 上/下: office hours, not a dated range.
_BARE_RANGE = re.compile(rf"\s?(?:至|到|—|-|~)\s?{_UNIT}[一二三四五六日天]")
_OFFSET = re.compile(
    COUNT + r"?(多)?(个)?(半)?(个)?(天|日|周|星期|礼拜|月|年)(半)?(?:之|以)?(前|后)(?![赴进行往列沿线夕提台排端备续期果勤方面])"
)
_NEAR = re.compile(r"近\s?" + COUNT + r"\s?(个)?\s?(天|日|周|星期|月|年)(?:来|以来|内)?")
_CENTURY = re.compile(r"(上个?|本|这个?|(?:二十一|二十|十九|21|20|19))世纪")
_DECADE = re.compile(r"((?:19|20)?[0-9]0|[一二三四五六七八九零〇]十)年代")
_DECADE_PART = re.compile(r"(初期?|前期|中期?|末期?|后期)")
_CASE_DOT = re.compile(r"(1[0-2]|0?[1-9])\s?[·•・]\s?(3[01]|[12]\d|0?[1-9])(?![\d.%％米万元倍千克吨亿个])")
_CASE_STOP = re.compile(r"(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])(?!\d)(?=[”\"」]?(?:特大|重大|系列|专案|案|事件))")
_CASE_WORD = re.compile(r"[”\"」]?(?:特大|重大|系列)?[\u4e00-\u9fff]{0,6}?(?:专案|案件|案|事件)")


def weekday(s: str, p: int) -> tuple[dict[str, Any], int] | None:
    """上周三 / 下个星期一 / 这周3 / 上上周 / 周末 / bare 周三 (see the module guards)."""
    if (m := _REL_WEEK.match(s, p)):
        if not m.group(3) and m.end() < len(s) and s[m.end()] in _WEEK_WORD_NOT_BEFORE:
            return None  # "这周围", "本周期", "上周年"
        f: dict[str, Any] = {"week_rel": _WEEK_PREFIX[m.group(1)]}
        if m.group(3):
            f["weekday"] = _WD[m.group(3)]
        elif m.group(1) == "今":
            return None  # "今周" is not written
        return f, m.end()
    if (m := _BARE_WEEK.match(s, p)) and _bare_ok(s, p, m.end()) and not _BARE_RANGE.match(s, m.end()):
        return {"weekday": _WD[m.group(1)]}, m.end()
    return None


def _bare_ok(s: str, p: int, q: int) -> bool:
    if p and s[p - 1] in "每逢个至到-—~":
        return False  # recurring, or the tail of a range the parser reads from its head
    return bool(p and s[p - 1] in "于在") or bool(_AFTER_BARE.match(s, q))


def offset(s: str, p: int) -> tuple[dict[str, Any], int] | None:
    """N天前 / 两个半月前 / 三年后 / 4周后 / 半年前: a count of units before or after."""
    m = _OFFSET.match(s, p)
    if not m or not prev_ok(s, p) or (m.group(1) is None and m.group(4) is None):
        return None
    if m.group(1) is not None:
        n = cn_to_int(m.group(1))
        if n is None or n == 0:
            return None
    else:
        n = 0
    unit = {"天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week", "月": "month", "年": "year"}[m.group(6)]
    if unit == "month" and not (m.group(3) or m.group(5)) and m.group(1) is not None:
        return None  # "3月前" is "before March", not "three months ago"
    if m.group(6) == "日" and m.group(8) == "前":
        return None  # "于5日前提交" is a deadline (before the 5th), not five days ago
    amount = n + (0.5 if (m.group(4) or m.group(7)) else 0)
    limit = {"day": 3660, "week": 520, "month": 1200, "year": 100}[unit]
    if not 0 < amount <= limit:
        return None
    sign = -1 if m.group(8) == "前" else 1
    return {"offset": (unit, sign * amount), "offset_ana": sign > 0}, m.end()


def near(s: str, p: int) -> tuple[dict[str, Any], int] | None:
    """近30天 / 近三个月 / 近三月: the last N units up to the reference date."""
    m = _NEAR.match(s, p)
    if not m:
        return None
    n = cn_to_int(m.group(1))
    unit = {"天": "day", "日": "day", "周": "week", "星期": "week", "月": "month", "年": "year"}[m.group(3)]
    if n is None or not 0 < n <= {"day": 3660, "week": 520, "month": 1200, "year": 100}[unit]:
        return None
    return {"offset": (unit, -n), "near": True}, m.end()


def decade(s: str, p: int) -> tuple[dict[str, Any], int] | None:
    """上世纪80年代 / 九十年代 / 二十世纪九十年代末期 / 20世纪 / 本世纪初."""
    f: dict[str, Any] = {}
    q = p
    if (m := _CENTURY.match(s, q)) and prev_ok(s, q):
        c = m.group(1)
        f["century"] = 20 if c.startswith("上") else 21 if c[0] in "本这" else cn_to_int(c)
        q = m.end()
    if (m := _DECADE.match(s, q)) and (q > p or prev_ok(s, q)):
        d = m.group(1)
        n = (cn_to_int(d[0]) or 0) * 10 if d.endswith("十") else int(d)  # d[0] is a numeral: _DECADE says so
        if n >= 100:
            f.pop("century", None)
            f["decade"] = n
        else:
            f["decade"] = n if "century" not in f else (f.pop("century") - 1) * 100 + n
        q = m.end()
    if not f:
        return None
    if (m := _DECADE_PART.match(s, q)):
        f["part"] = ("d:" if "decade" in f else "c:") + m.group(1)[0].replace("前", "初").replace("后", "末")
        q = m.end()
    return f, q


def case_date(s: str, p: int) -> tuple[dict[str, Any], int] | None:
    """6·30 / “3·15”专案 / 8.20案件: a month and day naming a case."""
    m = _CASE_DOT.match(s, p) or _CASE_STOP.match(s, p)
    if not m or not prev_ok(s, p) or (p and s[p - 1] in "·•・"):
        return None
    if m.end() < len(s) and s[m.end()] in "·•・":
        return None
    return {"month": int(m.group(1)), "day": int(m.group(2)), "case": True}, m.end()


def case_label(s: str, start: int, end: int) -> str | None:
    """The case name an expression dates ("3·15专案"), quotes dropped; None if none follows."""
    m = _CASE_WORD.match(s, end)
    if not m:
        return None
    return (s[start:end] + m.group()).replace("”", "").replace('"', "").replace("」", "")


# ---------------------------------------------------------------- dating


def _shift_month(d: date, n: int) -> tuple[int, int]:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return y, m + 1


def dates(f: Form, ref: date, future: bool, anchor: tuple[date, str] | None) -> tuple[date, date, str, str] | None:
    """(first, last, precision, source) of a weekday, offset, 近N or decade form; source is "ref",
    "anchor" (an offset counted from the paragraph's previous date) or "explicit" (1980年代).
    ``anchor`` is that previous date and its grain; ``future`` whether the clause speaks of the future."""
    if f.week_rel is not None or f.weekday is not None:
        wd = 5 if f.weekday == 7 else f.weekday
        if f.week_rel is not None:
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=f.week_rel)
            if wd is None:
                return monday, monday + timedelta(days=6), "range", "ref"
            first = monday + timedelta(days=wd)
        elif not future:  # bare: the latest one on or before the reference
            first = ref - timedelta(days=(ref.weekday() - wd) % 7)  # type: ignore[operator]
        else:  # ... or the next one on or after it in a future clause
            first = ref + timedelta(days=(wd - ref.weekday()) % 7)  # type: ignore[operator]
        if f.weekday == 7:
            return first, first + timedelta(days=1), "range", "ref"
        return first, first, "day", "ref"
    if f.offset is not None:
        return _offset(f, ref, anchor)
    if f.century is not None and f.decade is None:
        first_year, years, source = (f.century - 1) * 100, 100, "explicit"
    elif f.decade is not None:
        first_year, years, source = f.decade, 10, "explicit"
        if f.decade < 100:  # "20年代": the latest such decade that has begun (80年代 = the 1980s)
            first_year = 2000 + f.decade if 2000 + f.decade <= ref.year else 1900 + f.decade
            source = "explicit" if f.decade >= 30 else "ref"
    else:
        return None
    lo, hi = {"初": (0, 0.3), "中": (0.3, 0.7), "末": (0.7, 1.0)}.get((f.part or "x:")[2:], (0, 1))
    start, end = first_year + round(lo * years), first_year + round(hi * years) - 1
    if start < 1900 or end > 2100:
        return None
    return date(start, 1, 1), date(end, 12, 31), "range", source


def _offset(f: Form, ref: date, anchor: tuple[date, str] | None) -> tuple[date, date, str, str] | None:
    """N天前 counts from the reference; N天后 from the paragraph's previous day-precise date when
    there is one (narrative: "5月3日入警，三年后…"), else from the reference. A half unit (两个半月前)
    moves 15 days or 6 months more and the result is given as its month."""
    assert f.offset is not None
    unit, n = f.offset
    base, source = ref, "ref"
    if f.offset_ana and anchor is not None and (anchor[1] == "day" or unit == "year" and anchor[1] in ("month", "year")):
        base, source = anchor[0], "anchor"
    whole, half = int(n), n - int(n)
    try:
        if unit in ("day", "week"):
            d = base + timedelta(days=whole * (7 if unit == "week" else 1))
        else:
            months = whole * 12 + round(half * 12) if unit == "year" else whole
            y, m = _shift_month(base, months)
            d = mkdate(y, m, base.day) + timedelta(days=round(half * 30) if unit == "month" else 0)
    except (OverflowError, ValueError):
        return None
    if f.near:
        return d, ref, "range", "ref"
    if unit == "day":
        return d, d, "day", source
    if unit == "week":
        monday = d - timedelta(days=d.weekday())
        return monday, monday + timedelta(days=6), "range", source
    if unit == "year" and not half:
        return date(d.year, 1, 1), date(d.year, 12, 31), "year", source
    return date(d.year, d.month, 1), mkdate(d.year, d.month, 31), "month", source
