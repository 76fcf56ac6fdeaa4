"""Finding Chinese time expressions in text and parsing them into calendar forms.

Pure regular expressions and tables (no jieba, no UI imports); the expressions and word
tables themselves are in :mod:`store.nlp.time.patterns`. Dating the forms
against an article's reference date is :mod:`store.nlp.time.resolve`'s job; see its docstring for
what is and is not an expression (durations, ages and glued dates included).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from store.nlp.time import patterns as pat
from store.nlp.time import relative
from store.nlp.time.festivals import mkdate
from store.nlp.time.forms import Form, TimeExpr
from store.nlp.time.numerals import CN_DIGIT as _CN_DIGIT
from store.nlp.time.numerals import cn_to_int
from store.nlp.time.numerals import prev_ok as _prev_ok

# Same-length normalisation so offsets found in it hold for the original text.
_NORMALISE = {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")}
_NORMALISE.update({0x3000: 0x20, 0xA0: 0x20, ord("－"): ord("-"), ord("～"): ord("~")})


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    """Written month/day must exist (Feb 30 is a typo, not a date); leap years only when known."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    limit = 31 if month is None else (mkdate(year or 2000, month, 31).day)
    return 1 <= day <= limit



def _festival(s: str, p: int, fields: dict[str, Any], has_year: bool = False) -> tuple[int, dict[str, Any] | None] | None:
    """A named day with its suffix (期间, 前夕 ...); two in a row ("中秋国庆期间") make a range.
    A suffix-only name (清明, 十一) stands alone only before a clause break or a time of day, and
    only after a written year or in a paragraph with one of its context words (祭扫, 黄金周)."""
    m = pat.FESTIVAL.match(s, p)
    if not m or (m.group()[0] in _CN_DIGIT and not _prev_ok(s, p)):
        return None
    fest = pat.FEST_BY_NAME[m.group()]
    q = m.end()
    if s.startswith(fest.not_before, q):
        return None  # "圣诞老人", "新年贺词"
    second: dict[str, Any] = {}
    if (r := _festival(s, q, second)) is not None and second["festival"] != fest.key and r[1] is None:
        fields.update(festival=fest.key, festival_mode=second.get("festival_mode", "day"))
        return r[0], second
    suf = pat.FEST_SUFFIX.match(s, q)
    if suf:
        q = suf.end()
        fields["festival_mode"] = pat.FEST_MODE.get(suf.group(), "holiday")
    elif s.startswith(pat.CAL.place_suffixes, q):
        return None
    elif m.group() in fest.suffix_names:
        alone = q == len(s) or s[q] in "，,。；;、！？!? " or bool((tod := pat.TOD.match(s, q)) and tod.group().strip())
        if not alone or not (has_year or any(w in s for w in fest.context)):
            return None
    fields["festival"] = fest.key
    return q, None


def _year(s: str, p: int, f: dict[str, Any]) -> int | None:
    """A written year (4 digits, Chinese, two digits, or a year word) into ``f``; the end, or None.
    ``f["invalid"]`` marks a year the calendar does not date (1850年5月) or a duration."""
    if (m := pat.YEAR.match(s, p)) and _prev_ok(s, p):
        y = cn_to_int(m.group(1) or m.group(2))
        if y is None or not 1900 <= y <= 2099 or s.startswith(pat.DURATION_BEFORE, max(p - 2, 0)):
            return None  # "历经2000年" is a duration
        f["year"] = y
        return m.end()
    if (m := pat.OUT_YEAR.match(s, p)) and _prev_ok(s, p):
        f.update(year=2000, invalid=True)
        return m.end()
    if (m := pat.SHORT_YEAR.match(s, p)) and _prev_ok(s, p) and (yy := cn_to_int(m.group(1))) is not None:
        f.update(year=2000 + yy if yy <= 49 else 1900 + yy, short=True)
        return m.end()
    if (m := pat.YEAR_WORD_RE.match(s, p)) and not (m.group() == "后年" and p and s[p - 1] in "此之然最以"):
        key, n = pat.YEAR_WORDS[m.group()]
        if key == "year_rel" and n == 0 and pat.AGE.match(s, m.end()):
            return None  # "今年70多岁" is an age
        f[key] = n
        return m.end()
    return p


_BARE_YPART_NOT_AFTER = set("一二三四五六七八九十两几半每全当同这去今明前后本上下次翌跨多0123456789")


def _point(s: str, p: int, tail: bool = False) -> tuple[Form, Form | None, int] | None:
    """The longest calendar point at p: year? then month (day | part)? | year part | quarter |
    season | festival; then time of day. Inline ranges ("1至10月", "17-19日") fill ``until``.
    A written date the calendar does not have (2019年2月29日) is an empty form over its text:
    a span, never an event, and no shorter date inside it is read either."""
    f: dict[str, Any] = {}
    until: dict[str, Any] | None = None
    if (m := pat.YEAR_RANGE.match(s, p)) and _prev_ok(s, p):
        return Form(year=int(m.group(1))), Form(year=int(m.group(2))), m.end()
    if (m := pat.TWO_YEARS.match(s, p)):
        return Form(year_rel=0), Form(year_rel=1), m.end()
    q = _year(s, p, f)
    if q is None:
        return None
    invalid, short = f.pop("invalid", False), f.pop("short", False)
    has_year = bool(f)
    if has_year and (m := pat.BAD_MONTH.match(s, q)):
        return Form(), None, m.end()  # "2021年13月": no such month, and no year event either
    if (m := pat.YPART.match(s, q)) and (has_year or m.group() in ("上半年", "下半年", "前半年", "后半年")
                                      or m.group()[0] == "年" and (p == 0 or s[p - 1] not in _BARE_YPART_NOT_AFTER)):
        f.setdefault("year_rel", None if has_year else 0)
        f["part"], q = "y:" + m.group().lstrip("年"), m.end()
        f = {k: v for k, v in f.items() if v is not None}
    elif (m := pat.QUARTER.match(s, q)) and (has_year or _prev_ok(s, q)):
        if m.group(1):
            n = cn_to_int(m.group(2)) or 1
            f["quarter"], until = 1, ({"quarter": n} if n > 1 else None)
        else:
            f["quarter"] = 1 if m.group(5) else cn_to_int(m.group(4))
        if m.group(6):
            f["part"] = "q:" + m.group(6)
        q = m.end()
    elif not has_year and (m := pat.QUARTER_REL.match(s, q)) and (m.group(1) or m.group(2)) and _prev_ok(s, q):
        f["quarter_rel"] = {"上": -1, "下": 1}.get((m.group(1) or "本")[0], 0)
        if m.group(2):
            f["part"] = "q:" + m.group(2)
        q = m.end()
    elif has_year and (m := pat.FIRST_MONTHS.match(s, q)):
        n = 1 if m.group(2) else cn_to_int(m.group(1)) or 0
        if not 1 <= n <= 12:
            return None
        f["month"], until, q = 1, ({"month": n} if n > 1 else None), m.end()
    elif has_year and (m := pat.SEASON.match(s, q)):
        f["season"], q = m.group(), m.end()
    elif (m := pat.NEW_YEAR_DAY.match(s, q)):
        f.update(festival="spring_festival", shift=(cn_to_int(m.group(1)) or 1) - 1)
        q = m.end()
    elif (r := _festival(s, q, f, has_year)) is not None:
        q, until = r
    elif (m := pat.MONTH_RANGE.match(s, q)) and (has_year or _prev_ok(s, q)):
        f["month"], until, q = cn_to_int(m.group(1)), {"month": cn_to_int(m.group(2))}, m.end()
    elif (m := pat.MONTH.match(s, q)) and (has_year or _prev_ok(s, q)):
        f["month"], q = cn_to_int(m.group(1)), m.end()
        if (d := pat.DAY_RANGE.match(s, q)):
            f["day"], until, q = int(d.group(1)), {"day": int(d.group(2))}, d.end()
        elif (d := pat.DAY.match(s, q)) and not (d.group(2) == "号" and s[d.end():d.end() + 1] and
                                             s[d.end()] in "码线楼院门店车台房口桥库站仓厅位机床"):
            f["day"], q = cn_to_int(d.group(1)), d.end()
        elif (d := pat.MPART.match(s, q)):
            f["part"], q = "m:" + d.group(1), d.end()
        elif not has_year and not m.group(1).isdigit() and q < len(s) and "\u4e00" <= s[q] <= "\u9fff" \
                and not s.startswith(("以来", "起", "至", "到", "间"), q):
            return None  # "统一月度": a Chinese-numeral month needs date-like company
    elif tail and (m := pat.DAY.match(s, q)):
        f["day"], q = cn_to_int(m.group(1)), m.end()
    elif not has_year:
        return None
    if short and not any(k in f for k in ("month", "part", "quarter", "season", "festival")) \
            and s[p] not in "0零〇":
        return None  # "15年" alone is a count of years; "08年" is not
    if invalid or not _valid(f.get("year"), f.get("month"), f.get("day")):
        return Form(), None, q
    if "day" in f or f.get("festival_mode", "") == "day" and "festival" in f:
        q = _time_of_day(s, q)
    return Form(**f), Form(**until) if until else None, q


def _time_of_day(s: str, q: int) -> int:
    """Skip a weekday and a time of day after a day ("6月1日周二早上10点", "5月1日（星期三）")."""
    if (m := pat.WEEKDAY.match(s, q)):
        q = m.end()
    if (m := pat.TOD.match(s, q)) and m.group().strip():
        q = m.end()
    if (m := pat.WEEKDAY.match(s, q)):
        q = m.end()
    return q


def _core(s: str, p: int) -> tuple[Form, Form | None, int, bool] | None:
    """The longest non-suffixed expression at p, with a range tail ("至3日", "到今天"); the bool
    marks vague ones."""
    best = _head(s, p)
    if best is None or best[1] is not None or best[3] or best[0] == Form():
        return best
    form, _, q, _ = best
    if (c := pat.CONNECTOR.match(s, q)) and (tl := _head(s, c.end(), tail=True)):
        tform, tuntil, tq, tvague = tl
        if tuntil is None and not tvague and tform != Form() and tform.festival_mode == "day" \
                and tform.offset is None and not (tform.festival and not form.festival and form.day is None):
            return form, tform, tq, False
    return best


def _head(s: str, p: int, tail: bool = False) -> tuple[Form, Form | None, int, bool] | None:
    """The longest single expression at p (``tail``: right after a range connector)."""
    best: tuple[Form, Form | None, int, bool] | None = None

    def offer(form: Form, until: Form | None, end: int, vague: bool = False) -> None:
        nonlocal best
        if best is None or end > best[2]:
            best = (form, until, end, vague)

    if (pt := _point(s, p, tail)):
        form, until, q = pt
        offer(form, until, q, vague=form.festival is not None and pat.CAL.festivals[form.festival].approximate)
    if not _prev_ok(s, p):
        return best
    for pattern in (pat.ISO, pat.ISO_SPACE):
        if (m := pattern.match(s, p)):
            y, mo, d = int(m.group(1)), int(m.groups()[-2]), int(m.groups()[-1])
            offer(Form(year=y, month=mo, day=d) if _valid(y, mo, d) else Form(), None, _time_of_day(s, m.end()))
    if (m := pat.COMPACT.match(s, p)) and not re.search(r"[号码编账单a-zA-Z:：#]", s[max(p - 3, 0):p]):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        offer(Form(year=y, month=mo, day=d) if _valid(y, mo, d) else Form(), None, _time_of_day(s, m.end()))
    if (m := (pat.ISO_MONTH_TAIL if tail else pat.ISO_MONTH_HEAD).match(s, p)):
        offer(Form(year=int(m.group(1)), month=int(m.group(2))), None, m.end())
    if (m := pat.MMDD.match(s, p)) and (p == 0 or s[p - 1] not in "-/:："):
        offer(Form(month=int(m.group(1)), day=int(m.group(2))), None, _time_of_day(s, m.end()))
    if (m := pat.GLUED.match(s, p)) and (g := _unglue(int(m.group(1)), m.group(2))):
        offer(Form(year=int(m.group(1)), month=g[0], day=g[1]), None, _time_of_day(s, m.end()))
    if (m := pat.YEARS_AGO.match(s, p)) and not s.startswith(pat.DURATION_BEFORE, max(p - 2, 0)):
        n = cn_to_int(m.group(1))
        if n is not None and 0 < n < 100:
            offer(Form(year_rel=-n), None, m.end())
    not_count = p == 0 or s[p - 1] not in "近前后每第这数几多共约仅达历至到-—~"
    if (m := pat.BARE_DAY.match(s, p)) and (p == 0 or s[p - 1] not in "月号") \
            and not s.startswith(pat.DURATION_BEFORE, max(p - 2, 0)):
        offer(Form(day=int(m.group(1))), None, _time_of_day(s, m.end()))
    for pattern in (pat.BARE_HAO, pat.BARE_DAY_BREAK):
        if (
            (m := pattern.match(s, p))
            and not_count
            and (m.group()[-1] == "日" or pattern is pat.BARE_HAO or p == 0 or s[p - 1] in "，,。；;于在")
            and (p == 0 or s[p - 1] not in "月号楼栋区路街第")
            and not s.startswith(pat.DURATION_BEFORE, max(p - 2, 0))
        ):
            offer(Form(day=int(m.group(1))), None, _time_of_day(s, m.end()))
    for scan in (relative.case_date, relative.weekday, relative.offset, relative.near, relative.decade):
        if (r := scan(s, p)):
            fields, end = r
            if fields.get("day") is not None or fields.get("weekday") in range(7):
                end = _time_of_day(s, end)
            offer(Form(**fields), None, end)
    if (m := pat.WORD_RE.match(s, p)) and not s.startswith(pat.WORD_NOT_BEFORE.get(m.group(), ()), m.end()) \
            and not (p and s[p - 1] in pat.WORD_NOT_AFTER.get(m.group(), "")):
        word = pat.WORDS[m.group()]
        end = m.end()
        if word is not None and (word.day_rel is not None or word.day_ana is not None):
            end = _time_of_day(s, end)
        elif word is not None and (word.month_rel is not None or word.month_ana is not None):
            if (dm := pat.DAY.match(s, end)) and (dn := cn_to_int(dm.group(1))) and _valid(None, None, dn):
                word, end = replace(word, day=dn), _time_of_day(s, dm.end())  # "上个月15号"
            elif (part := pat.MPART.match(s, end)):
                word, end = replace(word, part="m:" + part.group(1)), part.end()  # "本月中旬"
        offer(word or Form(), None, end, vague=word is None)
    return best


def _unglue(year: int, rest: str) -> tuple[int, int] | None:
    """Split the digits after a glued year into (month, day) when exactly one split is valid."""
    found = []
    for i in (1, 2):
        month, day = rest[:i], rest[i:]
        if day and len(day) <= 2 and month != "0" and int(day) > 0 and _valid(year, int(month), int(day)):
            found.append((int(month), int(day)))
    return found[0] if len(found) == 1 else None


def _expr_at(s: str, p: int) -> TimeExpr | None:
    """Core expression plus 以来/至今/起 suffixes, and a 自/从 prefix when such a suffix follows."""
    prefix = 2 if s.startswith("自从", p) else 1 if s[p] in "自从" else 0
    core = _core(s, p + prefix)
    if core is None:
        return None
    form, until, q, vague = core
    vague = vague or s[max(p - 2, 0):p] in pat.RECURRING_BEFORE or s[p - 1:p] == "每"  # "每年3月" recurs
    is_open = False
    if vague or form == Form():
        if prefix:
            return None
    elif until is not None and s.startswith("止", q):
        q += 1  # "自…至…止"
    elif (m := pat.OPEN.match(s, q)):
        is_open, q = True, m.end()
    elif (m := pat.START.match(s, q)):
        q = m.end()
        if s.startswith("至今", q):
            is_open, q = True, q + 2  # "从2001年起至今"
    elif until is not None and (m := pat.DURING.match(s, q)):
        q = m.end()
    elif until is None and (m := (pat.GAP_OPEN_LONG if prefix else pat.GAP_OPEN).match(s, q)):
        is_open, q = True, m.end()  # "2022年组队以来", "自2023年11月组建以来"
    if prefix and not (is_open or until is not None or s[q - 1] == "起"):
        return None  # 自/从 belong to the expression only with 以来/起
    return TimeExpr(s[p:q], p, q, form, until, is_open, vague)


def find_time_expressions(text: str) -> list[TimeExpr]:
    """Longest non-overlapping time expressions of one paragraph, in text order."""
    s = text.translate(_NORMALISE)
    found = [e for p, c in enumerate(s) if c in pat.TRIGGERS and (e := _expr_at(s, p)) is not None]
    chosen: list[TimeExpr] = []
    taken = [False] * (len(s) + 1)
    for e in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if not any(taken[e.start:e.end]):
            for i in range(e.start, e.end):
                taken[i] = True
            chosen.append(replace(e, text=text[e.start:e.end]))
    return sorted(chosen, key=lambda e: e.start)


