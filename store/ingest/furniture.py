"""Kinds of page furniture, recognised by the shape of a line rather than by one site's wording.

A scraped police page carries the chrome of whatever site it came from: breadcrumbs
("当前位置：首页 > 警务动态 > 正文", with >, », ›, → or / between the crumbs), rows of
share and font-size buttons, comment threads ("网友甲 3天前 回复 点赞"), navigation
menus, SEO keyword blocks, licence and record-number footers, and remnants of the format
it was saved in (Markdown images, empty table pipes). Each kind is one function here,
and the words a kind is built from (widget labels, menu words, footer labels, spam words)
are data in ``data/cleaning.toml`` under ``[kinds]``, so a new site's wording is a line of
data, not a new rule.

Every test takes the *simplified* line, already stripped, and answers only for lines that
are nothing but furniture: a sentence that happens to mention 分享 or 首页 has sentence
punctuation or long runs of text and is never matched. Counted over the 40-odd pages read
while writing this (national and city portals, newspaper e-editions, police and
government sites, reposts, content farms), the kinds below cover every furniture line
that reached the body; the tests in ``tests/store/ingest/test_furniture.py`` hold one
synthetic page per kind of site.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_SENTENCE_PUNCT = re.compile(r"[。！？；!?;，,]")
_CLAUSE = re.compile(r"[。！？；，]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class _Kinds:
    widgets: frozenset[str]
    menu_words: frozenset[str]
    footer: re.Pattern[str]
    spam_words: re.Pattern[str]
    comment_tail: re.Pattern[str]


@cache
def _kinds() -> _Kinds:
    data = tomllib.loads(resources.files("store").joinpath("data", "cleaning.toml").read_text("utf-8"))["kinds"]
    return _Kinds(
        widgets=frozenset(data["widgets"]),
        menu_words=frozenset(data["menu_words"]),
        footer=re.compile("|".join(f"(?:{p})" for p in data["footer"])),
        spam_words=re.compile("|".join(re.escape(w) for w in data["spam_words"]), re.I),
        comment_tail=re.compile(data["comment_tail"]),
    )


# ---- breadcrumbs ------------------------------------------------------------------------

_CRUMB_LABEL = re.compile(r"^(?:您|你)?(?:的|当前|现在|目前|本页|所在)*(?:所在)?(?:的)?位置\s*[:：]?\s*")
_CRUMB_SEP = re.compile(r"\s*(?:>>|->|=>|[>»›→＞〉])\s*")
_CRUMB_HOME = re.compile(r"^(?:网站首页|首页|主页|返回首页|home|Home|HOME)$")
_CRUMB_HOMEISH = re.compile(r"首页|主页|^home$|频道$|中心$|网$", re.I)
_CRUMB_END = re.compile(r"^(?:正文|正文内容|内容|详情|详细内容|文章|阅读)$")


def is_breadcrumb(line: str) -> bool:
    """A location bar: short crumbs parted by >, », ›, → (or "/" after a label or 首页).

    "当前位置：首页 > 新闻 > 正文", "新浪首页 > 新闻中心 > 社会新闻 > 正文", "网站首页 » 普法",
    "本页位置: 首页 → 新闻中心", "您的位置：首页 / 警务公开". Crumbs are at most 16
    characters and carry no sentence punctuation; a labelled bar ("当前位置：") may
    hold a single crumb.
    """
    labelled = _CRUMB_LABEL.match(line)
    rest = line[labelled.end() :] if labelled else line
    if labelled and not rest:
        return True  # "您当前的位置：" with its crumbs lost
    crumbs = [c for c in _CRUMB_SEP.split(rest)]
    if len(crumbs) < 2 and (labelled or _CRUMB_HOME.match(crumbs[0].split("/")[0].strip())):
        crumbs = [c.strip() for c in rest.split("/")]
    if len(crumbs) < 2 and not labelled:
        return False
    crumbs = [c for c in crumbs if c]
    if not crumbs or any(len(c) > 16 or _SENTENCE_PUNCT.search(c) for c in crumbs):
        return False
    # unlabelled: a route "武汉→北京" is text; a bar starts at a home page or ends at the article
    return bool(labelled) or len(crumbs) >= 3 or bool(_CRUMB_HOMEISH.search(crumbs[0])) or bool(_CRUMB_END.match(crumbs[-1]))


# ---- widgets, menus and counters ----------------------------------------------------------

_TOKEN_SPLIT = re.compile(r"[\s|｜·•【】\[\]（）()：:、/_\-—]+")
_COUNTER = re.compile(r"^[+＋]?\d{1,6}[万wk+]?$")


def _tokens(line: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(line) if t]


def is_widget_row(line: str) -> bool:
    """A row of buttons and counters: 分享到 微信 微博, 字号 大 中 小, 【打印本页】【关闭窗口】, 0.

    Every token must be a widget word from the data or a bare counter.
    """
    tokens = _tokens(line)
    kinds = _kinds()
    if not tokens or not all(t in kinds.widgets or _COUNTER.match(t) for t in tokens):
        return False
    # numbers alone: one counter ("0", "+1"), never a run of them (2025-03-02 18:40 is a date)
    return len(tokens) == 1 or any(t in kinds.widgets for t in tokens)


def is_menu(line: str) -> bool:
    """A navigation menu: four or more short items, most of them menu words.

    "首页 天气预报 新闻 搜索 短信 聊天" — no punctuation, every item at most 6
    characters, at least half of them known menu or widget words (a line of four
    people's names is a credit line, not a menu).
    """
    if _SENTENCE_PUNCT.search(line):
        return False
    tokens = _tokens(line)
    if len(tokens) < 4 or any(len(t) > 6 for t in tokens):
        return False
    kinds = _kinds()
    known = sum(1 for t in tokens if t in kinds.menu_words or t in kinds.widgets)
    return known * 2 >= len(tokens)


_HANDLE_AND_COUNTERS = re.compile(r"^[^\s，。！？：:]{1,12}(?:\s+\d{1,6}){2,3}$")


def is_comment_meta(line: str) -> bool:
    """A comment or post's handle with its age or counters: "网友甲 3天前", "警迷123 2个月前 回复 12",
    "IP属地：广东", "某作者 93 0" (views and likes)."""
    return len(line) <= 40 and bool(_kinds().comment_tail.search(line) or _HANDLE_AND_COUNTERS.match(line))


# ---- spam, footers and format remnants -------------------------------------------------------

_LIST_JOIN = re.compile(r"[_|｜]")


def is_spam(line: str) -> bool:
    """SEO filler: keyword or site-name lists joined by _ or |, or runs of gambling/adult words.

    A list needs four or more items joined by "_" or "|" and no sentence punctuation.
    Spam words count only on lines without sentence ends, and two different ones are
    needed, so a report on a gambling ring ("查处网络赌博……百家乐") stays body text.
    """
    if len(_LIST_JOIN.findall(line)) >= 3 and not re.search(r"[。！？]", line):
        items = [t for t in _LIST_JOIN.split(line) if t.strip()]
        if len(items) >= 4 and all(len(t.strip()) <= 24 for t in items):
            return True
    if re.search(r"[。！？]$", line):
        return False
    return len({m.group().lower() for m in _kinds().spam_words.finditer(line)}) >= 2


def is_footer(line: str) -> bool:
    """Licence, record-number and site-owner lines: ICP备, 公网安备, 网站标识码, 主办单位, Copyright."""
    return len(line) <= 120 and bool(_kinds().footer.search(line))


_TABLE_RULE = re.compile(r"^[|｜\s:\-—]+$")


def is_format_remnant(line: str) -> bool:
    """Empty table rows and rules left by a Markdown or text-mode export: "|   |   |", "---|---|"."""
    return bool(_TABLE_RULE.match(line)) and ("|" in line or "｜" in line or line.count("-") >= 3)


_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,200}\]\([^)\n]{0,500}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((?:https?://|/|www\.)[^)\n]{0,500}\)")


def strip_markdown(text: str) -> tuple[str, int]:
    """Markdown images go, links keep their text: ``![](a.png)`` → "", ``[通报](http://…)`` → 通报."""
    text, images = _MD_IMAGE.subn("", text)
    text, links = _MD_LINK.subn(r"\1", text)
    return text, images + links


FURNITURE_KINDS = (
    ("breadcrumb", is_breadcrumb),
    ("widgets", is_widget_row),
    ("menu", is_menu),
    ("comments", is_comment_meta),
    ("spam", is_spam),
    ("footer", is_footer),
    ("remnant", is_format_remnant),
)


def furniture_kind(line: str) -> str | None:
    """The kind of furniture ``line`` (simplified, stripped) is, or None for text."""
    if not line:
        return None
    if len(line) > 120:  # longer than any bar, menu or footer: only a spam list can be this long
        return "spam" if is_spam(line) else None
    if _CLAUSE.search(line):  # a clause or sentence: only footers and spam lists hold punctuation
        return "footer" if is_footer(line) else "spam" if is_spam(line) else None
    for name, test in FURNITURE_KINDS:
        if test(line):
            return name
    return None


_LETTER = re.compile(r"[^\W\d_]")


def has_text(line: str) -> bool:
    """A letter of any script: what an article line has and a counter or a row of symbols lacks."""
    return bool(_LETTER.search(line))
