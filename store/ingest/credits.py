"""Who wrote a page, where and when: bylines, credit lines, datelines and date lines.

News pages print the same facts in a handful of shapes, whatever the site:
- a credit line of labels and values, several on one line: "来源：某某网 责任编辑：张三",
  "稿件来源：县公安局 作者：李四 时间：2025-08-14 09:50", "本报记者 王五 通讯员 赵六 钱七",
  even glued without spaces ("通讯员何某某记者张某某");
- a dateline opening the first paragraph, with credits in brackets:
  "本报北京4月15日讯（记者 甲乙 通讯员 丙丁）", "新华社武汉5月3日电（记者甲乙）", "某某网讯（通讯员 甲乙）";
- a closing credit: "（责任编辑：甲乙）", "[责编：甲乙]", "（甲乙 丙丁）" after the last sentence;
- a date line near the title: "2024-09-05 10:21 来源：某某日报", "来源：某某日报 2024-06-12 15:08",
  "某某日报 07版 2024年06月03日", a bare "2024年09月05日".

Roles are kept as written in kind (记者, 通讯员, 实习生, 摄影, 编辑, 责任编辑, 审核, 校对, 作者), every
name on the line separately, so researchers can count reporters and the entity layer can
mark them as people. A value that is not a list of names (a sentence that happens to start
with 记者) makes the whole line body text again: credit lines are recognised only when they
parse completely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.db.metadata import BYLINE_LABELS

_META_LABELS = {
    "来源": "source", "稿件来源": "source", "信息来源": "source", "文章来源": "source", "出处": "source",
    "发布时间": "time", "发布日期": "time", "发表时间": "time", "更新时间": "time", "时间": "time", "日期": "time",
    "发稿时间": "time", "刊发时间": "time", "录入时间": "time",
    "浏览次数": "skip", "浏览": "skip", "点击数": "skip", "点击": "skip", "阅读": "skip", "阅读数": "skip",
    "字号": "skip", "字体": "skip", "访问量": "skip", "发布机构": "source", "发布单位": "source",
}
_LABELS = sorted({*BYLINE_LABELS, *_META_LABELS}, key=len, reverse=True)
# One-character labels (文, 图) only stand where a label can: at the start or after a space,
# and before a separator; inside a name (王文明) they are part of it.
_LABEL_RE = re.compile(
    "|".join(re.escape(x) for x in _LABELS if len(x) > 1)
    + "|"
    + "|".join(rf"(?:(?<![\u4e00-\u9fff]){re.escape(x)}(?=\s*[:：/｜|]))" for x in _LABELS if len(x) == 1)
)
_SEP = r"\s*[:：/｜|]?\s*"
_CREDIT_START = re.compile(
    r"^[\s【\[（(A-Za-z□■●◆▲★·]{0,4}(?:本报|本台|本网)?(?:"
    + "|".join(re.escape(x) for x in _LABELS)
    + ")"
)

DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.年]\s*)(?P<m>\d{1,2})\s*(?:[-/.月]\s*)(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<t>\d{1,2}[:：]\d{2}(?:[:：]\d{2})?))?"
)
_AMBIGUOUS_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}|\d{2}[-/.]\d{1,2}[-/.]\d{1,2})(?![\d.])")
_PAGE = re.compile(r"第?\s*[A-Za-z]?\d{1,3}\s*版(?:\s*[:：]?\s*[\u4e00-\u9fff·]{0,10})?")
_URL = re.compile(r"(?:https?://|www\.)[\w./%?=&#-]+")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,8}$")
_NAME_SUFFIX = re.compile(r"(?:文/图|图/文|/文|/图|报道|摄影?|供图|整理|文)$")
_NOT_NAME_END = re.compile(r"(?:社|网|报|台|局|所|队|部|厅|院|站|中心|组|室|处|办|委|会|公司|新闻)$")
_OUTLET_END = re.compile(
    r"(?:日报|晚报|早报|晨报|都市报|商报|法治报|法制报|时报|报|网|新闻网|在线|客户端|新闻|电视台|广播电视台|融媒|融媒体中心|发布|公安|警方|政府)$"
)


@dataclass(frozen=True, slots=True)
class Credits:
    """What one credit, date or dateline line said."""

    people: tuple[tuple[str, str], ...] = ()  # (role, name)
    source: str | None = None
    date: str | None = None  # ISO day
    time: str | None = None  # HH:MM[:SS]
    page: str | None = None  # 第03版
    dateline: str | None = None  # "北京 4月15日"
    ambiguous: str | None = None  # a date written in a form that could be read two ways


def split_names(value: str) -> list[str] | None:
    """Names from "张三 李四、王五" (suffixes such as 文/图, 摄, 报道 dropped); None if any piece is not a name."""
    value = value.strip().strip("（）()[]【】")
    pieces = [p for p in re.split(r"[\s、，,;；/]+(?![图文]$)", _NAME_SUFFIX.sub("", value).strip()) if p]
    names: list[str] = []
    for p in pieces:
        p = _NAME_SUFFIX.sub("", p).strip()
        if not p:
            continue
        if not _NAME.match(p) or _NOT_NAME_END.search(p):
            return None
        names.append(p)
    return names or None


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    import datetime as _dt

    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_credit_line(line: str) -> Credits | None:
    """A line made only of labelled credits and metadata, or None (then it is text).

    "来源：某网 责任编辑：张三", "本报记者 王五 通讯员 赵六 钱七", "通讯员何某某记者张某某",
    "【字体： 稿件来源：县公安局 作者：孙某 时间：2025-08-14 09:50:00】", "[责编：某某]".
    """
    if len(line) > 110 or not _CREDIT_START.match(line):
        return None  # most lines: one regex call says no
    core = line.strip().strip("【】[]（）()").strip()
    if not core or re.search(r"[。！？]", core):
        return None
    core = re.sub(r"^[A-Za-z□■●◆▲★·]{1,2}(?=[\u4e00-\u9fff])", "", core)  # a stray bullet glyph
    core = re.sub(r"^(?:本报|本台|本网)(?=记者|通讯员|首席|特约)", "", core)
    labels = list(_LABEL_RE.finditer(core))
    if not labels or labels[0].start() != 0:
        return None
    people: list[tuple[str, str]] = []
    source = date = time = None
    for i, lab in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(core)
        value = re.sub(rf"^{_SEP}", "", core[lab.end() : end]).strip(" 【】[]（）()|｜")
        label = lab.group()
        kind = _META_LABELS.get(label)
        if kind == "skip":
            if value and not re.fullmatch(r"[\d,]*\s*(?:次|人)?|[大中小\s]*", value):
                return None
        elif kind == "source":
            dated = DATE.search(value)
            if dated:  # "来源：某网 2024-12-14": the source and the page's date on one label
                date, time = _iso(dated), dated["t"]
                value = (value[: dated.start()] + value[dated.end() :]).strip()
            if not value or len(value) > 30:
                return None
            source = value
        elif kind == "time":
            m = DATE.search(value)
            if not m or len(value) - len(m.group()) > 4:
                return None
            date, time = _iso(m), m["t"]
        else:
            if not value and i == len(labels) - 1 and i > 0:
                continue  # "记者 张三 文/图": a closing 文/图 says what they made
            names = split_names(value)
            if names is None:
                return None
            people.extend((BYLINE_LABELS[label], n) for n in names)
    return Credits(people=tuple(people), source=source, date=date, time=time)


_PAGE_LINE = re.compile(r"^第?\s*[A-Za-z]?\d{1,3}\s*版(?:\s*[:：]?\s*[\u4e00-\u9fff·、]{0,12})?$")


def parse_page_line(line: str) -> Credits | None:
    """A newspaper page marker on its own line: "第A05版：法治·社会", "第03版"."""
    return Credits(page=line.strip()) if _PAGE_LINE.match(line.strip()) else None


def looks_like_date(line: str) -> bool:
    """A date in any written form, even one too ambiguous to read (05/09/2024)."""
    return bool(DATE.search(line) or _AMBIGUOUS_DATE.search(line))


_DATELINE = re.compile(
    r"^(?P<head>(?:本报|本台|本网|新华社|中新社|中新网|人民网|新华网|央视网|[\u4e00-\u9fff]{1,8}?(?:网|报|社|台|新闻|客户端|融媒)?)"
    r"(?P<place>[\u4e00-\u9fff]{2,6}?)?(?P<md>\d{1,2}月\d{1,2}日)?(?:讯|电))\s*[（(](?P<credits>[^（）()]{1,60})[）)]"
)


def take_dateline(paragraph: str) -> tuple[str, Credits | None]:
    """A first paragraph's dateline credits: "本报讯（记者 甲乙）……" → ("本报讯……", credits).

    The dateline words stay in the text (they say where the news was filed); the bracketed
    credits leave it. Bare names in the brackets are the reporters ("某某网讯（甲乙 丙丁）").
    """
    m = _DATELINE.match(paragraph)
    if not m:
        return paragraph, None
    inner = m["credits"].strip()
    credits = parse_credit_line(inner)
    if credits is None:
        names = split_names(inner)
        if names is None:
            return paragraph, None
        credits = Credits(people=tuple(("记者", n) for n in names))
    agency = m["head"].startswith(("本报", "本台", "本网", "新华社", "中新社", "中新网", "人民网", "新华网", "央视网"))
    place = m["place"] if m["md"] and agency else None
    dateline = " ".join(x for x in (place, m["md"]) if x) or None
    text = paragraph[: m.end("head")] + paragraph[m.end() :]
    return text, Credits(people=credits.people, dateline=dateline)


_CLOSING = re.compile(r"(?<=[。！？”」』])\s*[（(\[【](?P<inner>[^（）()\[\]【】]{2,40})[）)\]】]\s*$")


def take_closing_credit(paragraph: str) -> tuple[str, Credits | None]:
    """A credit after the last sentence: "……刑事拘留。（张某 付某）", "……（责任编辑：某某）"."""
    m = _CLOSING.search(paragraph)
    if not m:
        return paragraph, None
    inner = m["inner"].strip()
    credits = parse_credit_line(inner)
    if credits is None or not credits.people:
        names = split_names(inner)
        if names is None:
            return paragraph, None
        credits = Credits(people=tuple(("作者", n) for n in names))
    return paragraph[: m.start()].rstrip(), credits


def parse_date_line(line: str) -> Credits | None:
    """A short line that is a date with its outlet, source label, page or URL, and nothing else.

    "2024-09-05 10:21 来源：某某日报", "来源：某某日报 2024-06-12 15:08", "某某日报 07版法治 2024年06月03日",
    "http://www.example.cn 2008年05月22日10:20 某某都市报", "2023/01/26". A date written so that day
    and month could be swapped (05/09/2024) or with a two-digit year is reported as
    ambiguous and gives no date.
    """
    if len(line) > 80 or re.search(r"[。！？，]", line):
        return None
    m = DATE.search(line)
    if not m:
        amb = _AMBIGUOUS_DATE.search(line)
        rest = _AMBIGUOUS_DATE.sub("", line).strip() if amb else line
        if amb and len(rest) <= 12:
            return Credits(ambiguous=amb.group())
        return None
    rest = (line[: m.start()] + " " + line[m.end() :]).strip()
    rest = _URL.sub(" ", rest)
    page = _PAGE.search(rest)
    if page:
        rest = rest[: page.start()] + " " + rest[page.end() :]
    source = None
    labelled = re.search(r"(?:稿件|信息|文章)?来源\s*[:：]?\s*(\S{1,30})", rest)
    if labelled:
        source = labelled.group(1)
        rest = rest[: labelled.start()] + " " + rest[labelled.end() :]
    rest = re.sub(
        r"(?:发布|发表|更新)?(?:时间|日期)\s*[:：]|[|｜【】\[\]]|浏览\S*|\d+\s*次|热门|热点|原创|转载|独家|头条|推荐|发表于\S{0,6}|(?<!\S)\d+(?!\S)|\s+",
        " ",
        rest,
    ).strip()
    leftovers = [t for t in rest.split() if t]
    if len(leftovers) > 1 or (leftovers and len(leftovers[0]) > 20):
        return None
    if leftovers and source is None:
        if not _OUTLET_END.search(leftovers[0]):
            return None
        source = leftovers[0]
    day = _iso(m)
    if day is None:
        return Credits(ambiguous=m.group())
    return Credits(source=source, date=day, time=m["t"], page=page.group().strip() if page else None)



def looks_like_outlet(name: str) -> bool:
    """A short name that reads as a site, paper or account ("某某日报", "某某警方", "某某公安发布")."""
    return len(name) <= 12 and bool(_OUTLET_END.search(name)) and not re.search(r"[，。！？：:]", name)
