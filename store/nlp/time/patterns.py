"""What a Chinese time expression looks like: the regular expressions and word tables the scanner uses.

Kept apart from :mod:`store.nlp.time.parse` (which walks a text and builds a :class:`Form`
from these pieces) so the scanner reads as logic and the vocabulary as data. ``CAL`` is
the festival, season and vague-word calendar from ``data/festivals.toml``; ``FUTURE``
marks a clause that speaks of the future (将于, 预计), which dating reads forward.
"""

from __future__ import annotations

import re

from store.nlp.time import festivals
from store.nlp.time.forms import Form

CAL = festivals.load()

M = r"(1[0-2](?!\d)|0?[1-9](?!\d)|十[一二]?|[一二三四五六七八九])"
CN9 = "[一二三四五六七八九]"
D = rf"(3[01](?!\d)|[12]\d(?!\d)|0?[1-9](?!\d)|三十一?|二十{CN9}?|廿{CN9}?|十{CN9}?|{CN9})"
DN = r"(3[01]|[12]\d|0?[1-9])(?!\d)"
CONN = r"\s?(?:至|到|—{1,2}|-{1,2}|–|~)\s?"
YEAR = re.compile(
    r"((?:19|20)\d{2})(?!\d)\s?年|([一二][〇零一二三四五六七八九]{3}|[一二两]千[零〇一二三四五六七八九十]{0,3})年(?![前来间])"
)
BAD_MONTH = re.compile(r"\s?(?:1[3-9]|[2-9]\d|0?0)\s?月")
OUT_YEAR = re.compile(r"\d{4}(?!\d)\s?年(?!代)")  # 1850年, 2150年: outside the calendar the parser dates
# "98年4月", "零六年端午": a two-digit year, only with something finer after it (49 and below: 20xx).
SHORT_YEAR = re.compile(r"(\d{2}|[零〇一二三四五六七八九]{2})年(?!代|前|后|来|间|内|多|半|\d*[个天])")
YEAR_RANGE = re.compile(rf"((?:19|20)\d{{2}})\s?年?{CONN}((?:19|20)\d{{2}})\s?年")
YEAR_WORDS = {
    "今年": ("year_rel", 0),
    "本年": ("year_rel", 0),
    "去年": ("year_rel", -1),
    "上年": ("year_rel", -1),
    "前年": ("year_rel", -2),
    "上一年": ("year_rel", -1),
    "下一年": ("year_rel", 1),
    "大前年": ("year_rel", -3),
    "明年": ("year_rel", 1),
    "后年": ("year_rel", 2),
    "当年": ("year_ana", 0),
    "同年": ("year_ana", 0),
    "次年": ("year_ana", 1),
    "翌年": ("year_ana", 1),
    "前一年": ("year_ana", -1),
}
YEAR_WORD_RE = re.compile("|".join(sorted(YEAR_WORDS, key=len, reverse=True)))
MONTH = re.compile(rf"\s?{M}\s?月(份)?")
MONTH_RANGE = re.compile(rf"{M}\s?(?:月份?)?{CONN}{M}\s?月(份)?")
DAY = re.compile(rf"\s?{D}\s?(日|号)")
DAY_RANGE = re.compile(rf"{DN}\s?[日号]?{CONN}{DN}\s?[日号]")
MPART = re.compile(
    r"月?(上中旬|中下旬|上旬|中旬|下旬|初(?![步次期始见心衷中创稿赛])|中(?=[，,。；;、\s以起前后]|$)|底|末(?![端梢]))"
)
YPART = re.compile(
    r"上半年|下半年|前半年|后半年|全年|年?伊始|年?(?:初(?![步次期始见心衷中创稿赛])|中(?=[，,。；;、\s以起前后]|$)|底|末|终(?![身端点结总奖考评审]))"
)
QUARTER = re.compile(r"(?:(前)([一二两三四1-4])个?|(第)?([一二两三四1-4])|(首))季度(末|初)?")
QUARTER_REL = re.compile(r"(上个?|下个?|本|这个?|今)?季度(末|初)?")
FIRST_MONTHS = re.compile(r"前([一二两三四五六七八九十]{1,2}|\d{1,2})个?月|(首)月")
NEW_YEAR_DAY = re.compile(r"(?:大年|正月)初([一二三四五六七八九十])(?![一二三四五六七八九十])")
SEASON = re.compile("|".join(sorted(CAL.seasons, key=len, reverse=True)))
FEST_BY_NAME = CAL.by_name()
FESTIVAL = re.compile("|".join(re.escape(n) for n in sorted(FEST_BY_NAME, key=len, reverse=True)))
FEST_SUFFIX = re.compile(
    r"佳节期间|佳节|第一天|节日期间|小长假|黄金周|期间|假期|长假|前夕|前后|当天|当日|当晚|当夜|之际|节前|前(?![往进行来列])"
)
FEST_MODE = {
    "第一天": "day",
    "前夕": "eve",
    "节前": "eve",
    "前": "eve",
    "当天": "day",
    "当日": "day",
    "当晚": "day",
    "当夜": "day",
    "之际": "day",
}
TOD = re.compile(
    r"\s?(?:凌晨|清晨|早晨|早上|一早|上午|中午|午间|午后|下午|傍晚|晚上|晚间|夜间|夜里|深夜|午夜|晚(?![会报饭餐宴霞辈年期]))?"
    r"(?:\s?(?:\d{1,2}|[零一二两三四五六七八九十]{1,3})\s?[时点](?:\s?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?分|半|整)?(?:许|左右)?)?")
WEEKDAY = re.compile(r"\s?(?:[（(](?:星期|周|礼拜)[一二三四五六日天][）)]|(?:星期|周|礼拜)[一二三四五六日天])")
ISO_SPACE = re.compile(r"((?:19|20)\d{2}) (1[0-2]|0?[1-9]) (3[01]|[12]\d|0?[1-9])(?![\d.])")
COMPACT = re.compile(r"((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d.%])")
# "1999.08至2002.02": a year and month in figures, only as a range's head or tail (else 2019.05 is a number).
ISO_MONTH_TEXT = r"((?:19|20)\d{2})[-/.](1[0-2]|0[1-9])(?![\d./-])"
ISO_MONTH_TAIL = re.compile(ISO_MONTH_TEXT)
ISO_MONTH_HEAD = re.compile(ISO_MONTH_TEXT + rf"(?={CONN})")
# "截至09-01，": a month-day in figures only before a clause break or a time of day ("10-12人" is a count).
MMDD = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=[，,。；;、\s）)]|$|凌晨|早|上午|中午|下午|晚|夜)")
BARE_HAO = re.compile(r"(3[01]|[12]\d|0?[1-9])号(?=凌晨|清晨|早上|上午|中午|下午|傍晚|晚|夜间|深夜|\d{1,2}[时点])")
BARE_DAY_BREAK = re.compile(r"(3[01]|[12]\d|0?[1-9])[日号](?=[，,])")
TWO_YEARS = re.compile(r"今明两年|今明年")
ISO = re.compile(r"((?:19|20)\d{2})([-/.])(1[0-2]|0?[1-9])\2(3[01]|[12]\d|0?[1-9])(?!\d)")
GLUED = re.compile(r"((?:19|20)\d{2})(\d{2,4})日")
YEARS_AGO = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})年前(?![赴进行往列沿线后夕提])")
BARE_DAY = re.compile(
    rf"{DN}日(?=凌晨|清晨|早上|上午|中午|下午|傍晚|晚|夜间|深夜|\d{{1,2}}[时点]|电|讯|从|召开|发布|举行|获悉|通报)"
)
OPEN = re.compile(r"\s?(以来|至今)")
START = re.compile(r"\s?起(?![诉草火来飞步身床义])")
GAP_OPEN = re.compile(r"[\u4e00-\u9fff]{1,2}?以来")
GAP_OPEN_LONG = re.compile(r"[\u4e00-\u9fff]{1,8}?以来")
CONNECTOR = re.compile(CONN)
DURING = re.compile(r"期间|间(?![隔断])")
DURATION_BEFORE = ("连续", "持续", "长达", "历时", "历经", "坚持", "整整")
RECURRING_BEFORE = ("每年", "每逢", "每月", "每周")
AGE = re.compile(r"\d+多?岁|[一二三四五六七八九十]+多?岁")
WORDS: dict[str, Form | None] = {
    **{w: Form(day_rel=n) for w, n in {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2,
                                       "明天": 1, "明日": 1, "后天": 2}.items()},
    **{w: Form(day_ana=n) for w, n in {"当日": 0, "当天": 0, "同日": 0, "同一天": 0, "当晚": 0, "当夜": 0,
                                       "当天晚上": 0, "次日": 1, "翌日": 1, "第二天": 1, "隔天": 1, "隔日": 1,
                                       "次晚": 1, "前一天": -1, "前一日": -1}.items()},
    **{w: Form(month_rel=n) for w, n in {"上月": -1, "上个月": -1, "本月": 0, "这个月": 0, "下月": 1,
                                         "下个月": 1}.items()},
    **{w: Form(month_ana=n) for w, n in {"当月": 0, "同月": 0, "次月": 1, "翌月": 1}.items()},
    **{w: Form(day_rel=n) for w, n in {"大前天": -3, "大后天": 3, "今晚": 0, "今早": 0, "今晨": 0, "今夜": 0,
                                       "昨晚": -1, "昨夜": -1, "昨晨": -1, "明晚": 1, "明早": 1, "明晨": 1}.items()},
    **{w: None for w in CAL.vague},
}
WORD_RE = re.compile("|".join(sorted(WORDS, key=len, reverse=True)))
WORD_NOT_BEFORE = {"今日": ("头条", "湖北", "说法", "关注", "要闻", "聚焦", "中国", "视点", "看点"),
                    "同日": ("而",), "此前": ("提",), "明日": ("之",),
                    "今晚": ("报",), "今早": ("些",)}
WORD_NOT_AFTER = {"日前": "节假生期", "近日": "最", "当前": "相"}
# Characters an expression can start with: only these positions are tried.
TRIGGERS = (set("0123456789〇零一二两三四五六七八九十自从前第上下周星礼本这今近首季大正年伊后半")
             | {w[0] for w in YEAR_WORDS} | {n[0] for n in FEST_BY_NAME} | {w[0] for w in WORDS})
FUTURE = re.compile(
    r"即将|将于|将在|将会|将要|将继续|将持续|将始终|将进一步|将全面|将加快|将不断|拟|预计|计划|届时|有望|力争|争取"
)
