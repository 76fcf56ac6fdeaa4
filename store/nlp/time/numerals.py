"""Chinese and Arabic numerals as the time parser reads them, and where a number may start.

Shared by :mod:`store.nlp.time.parse` (calendar points) and :mod:`store.nlp.time.relative`
(weekdays, offsets, decades), so neither imports the other's internals.
"""

from __future__ import annotations

CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = set("0123456789.") | set(CN_DIGIT) | set(CN_UNIT) | set("廿卅万几第")
# A count written in digits or Chinese numerals ("17", "十七", "两"), for offsets and ranges.
COUNT = r"(\d{1,4}|[零一二两三四五六七八九十百]{1,4})"


def cn_to_int(s: str) -> int | None:
    """Arabic or Chinese numerals ("2024", "二〇二四", "十二", "廿一") to int; None if not a number."""
    if s.isascii() and s.isdigit():
        return int(s)
    s = s.replace("廿", "二十").replace("卅", "三十")
    if s and all(c in CN_DIGIT for c in s):
        return int("".join(str(CN_DIGIT[c]) for c in s))
    total, cur = 0, None
    for c in s:
        if c in CN_DIGIT:
            cur = CN_DIGIT[c]
        elif c in CN_UNIT:
            total += (1 if cur is None else cur) * CN_UNIT[c]
            cur = None
        else:
            return None
    return total + (cur or 0) if s else None


def prev_ok(s: str, p: int) -> bool:
    """A number must start where a number starts: not inside "12123", "十一月" or "第三"."""
    return p == 0 or s[p - 1] not in NUMERAL_CHARS
