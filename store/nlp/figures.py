"""Figures: counts, money, percentages and durations with their measure words.

Police news reports results as numbers ("侦破案件49起", "挽回损失700余万元"); a reader
scanning for them wants the number and its unit as one span. Dates and clock times are
the time normaliser's business and are left alone here: a four-digit year before 年,
anything before 月/日/时/号, ordinals (第三), codes and names (110, 5号码头, 95后).
"""

from __future__ import annotations

import re

from store.db.schema import Entity

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_MEASURES = sorted(
    """
    平方公里 平方米 万平方米 公顷 公里 千米 厘米 毫米 米 公斤 千克 克 吨 斤 亩 人次 辆次 批次 架次 车次 户次 个年头 年头
    个月 个小时 个工作日 小时 分钟 秒钟 秒 天 周 年 岁 周岁 元 块钱 美元 港元 欧元 起 件 人 名 位 次 个 家 户 辆 台
    项 批 期 支 张 面 处 条 类 座 间 栋 套 部 份 只 头 箱 瓶 盒 袋 包 笔 宗 倍 场 轮 趟 遍 班 艘 架 枚 把 根 种 度 所 月
    GB MB TB KB km kg mg ml mL
    """.split(),
    key=len,
    reverse=True,
)
_NUMBER = rf"(?:\d+(?:\.\d+)?(?:[、~～\-—至到]\d+(?:\.\d+)?)*|[{_CN_DIGITS}]+)"
_FIGURE = re.compile(
    rf"""
    (?P<num>{_NUMBER})
    (?P<approx1>余|多|来)?
    (?P<mag>[万亿千百])?
    (?P<approx2>余|多)?
    (?P<ge>个(?=多|余|小时|月|年头|工作日))?
    (?P<approx3>余|多)?
    (?P<unit>{"|".join(map(re.escape, _MEASURES))})
    (?P<per>/\d*(?:ml|mL|毫升|升|小时|h|kg|公斤))?
    (?P<after>以内|之内|以上|以下|内)?
    |
    (?P<frac>[{_CN_DIGITS}]+分之[{_CN_DIGITS}]+|百分之[{_CN_DIGITS}\d.]+)
    |
    (?P<pct>\d+(?:\.\d+)?[%％‰])
    """,
    re.VERBOSE,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d|[〇零一二][〇零一二三四五六七八九]{3}")
_SCHOOLISH = "学小中大医幼研院"
_PARTICLE = re.compile(r"[的地得了]")
# Set phrases whose numbers are not figures.
_IDIOMS = (
    "三位一体", "一体", "四面八方", "千家万户", "万无一失", "三令五申", "五湖四海", "千方百计", "万众一心", "一五一十",
    "十全十美", "百分百",
)


def figure_spans(text: str, paragraph: int) -> list[Entity]:
    """Every figure in one paragraph, left to right."""
    out: list[Entity] = []
    for m in _FIGURE.finditer(text):
        start, end = m.span()
        if not _keep(text, m):
            continue
        span = text[start:end]
        out.append(Entity("figure", span, paragraph, start, end, span))
    return out


def _keep(text: str, m: re.Match[str]) -> bool:
    start, end = m.span()
    before = text[start - 1] if start else ""
    if before == "第" or (before and (before.isascii() and before.isalnum())):
        return False  # ordinal, or part of a code such as "A3"
    if any(text.startswith(idiom, max(0, start - 1)) or text.startswith(idiom, start) for idiom in _IDIOMS):
        return False
    if m.group("pct") or m.group("frac"):
        return True
    num, unit = m.group("num"), m.group("unit")
    cn = num[0] in _CN_DIGITS
    approx = m.group("approx1") or m.group("approx2") or m.group("approx3")
    if cn:
        if num == "一" and not m.group("mag"):
            return False  # "一名女大学生": an article, not a count
        if num in ("百", "千", "万", "亿") and not approx:
            return False  # "百年老街", "万家门"
        if m.group("approx1") == "来" and not num.endswith("十"):
            return False
    elif m.group("approx1") == "来":
        return False
    if unit == "月" and not m.group("ge"):
        return False  # "5月" is a date; "3个多月" is a duration
    if unit == "年" and not approx and not m.group("mag") and _YEAR.fullmatch(num):
        return False  # a calendar year
    if unit == "所" and (not cn and (end >= len(text) or text[end] not in _SCHOOLISH)):
        return False  # "中船710所" is an institute's name
    if unit in ("度", "张", "面", "部", "处") and cn:
        return False  # "二度", "一张一弛": rarely counts when written in characters
    if before == "“" and re.match(r"[\u4e00-\u9fff]{1,8}”", text[end:end + 9]) and not _PARTICLE.match(text, end):
        return False  # a number opening a quoted name: “三年育才计划”, “二次创业”
    return True
