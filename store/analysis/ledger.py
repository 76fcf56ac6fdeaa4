"""The statistics ledger: every figure the analysis found, as a row a spreadsheet can sum.

The figures are the entities ``store.nlp.figures`` already extracts (``49起``, ``700余万元``,
``29.84%``); here each becomes a value, a measure word, what is counted, the police unit,
the date and the sentence:

- **value**: Arabic or Chinese numerals (``store.analysis.numerals``), 万/亿 scaled
  (``700余万元`` = 7,000,000), ``余``/``多``/``来`` marking the value approximate (a lower
  bound), ``1~2`` ranges read as their upper end and marked approximate;
- **what** is counted, by a small grammar of the clause: a noun right after the measure
  word names it (``抓获7名犯罪嫌疑人``), else the last words before the number do
  (``破获刑事案件1470起``). **kind** sorts it by the measure word's class (money, people,
  events, time, percent…) refined by the head noun (嫌疑人 → suspects, 警情/求助 → calls,
  案 → cases, 纠纷 → disputes);
- **unit**: the police unit mentioned last before the figure in its paragraph, else the
  article's most mentioned one; **date**: an event dated in the same sentence, else the
  article's publication date; **cumulative**: the clause says 累计/共/总计/合计/以来.

A contradiction is a cumulative total that goes down over time for the same unit, kind and
measure word: both rows are flagged, each naming the other.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from store.analysis.numerals import CN_NUMERAL, number, scale
from store.corpus.query import CorpusIndex
from store.db.schema import Entity, Event

_SPAN = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?(?:[、~～\-—至到]\d+(?:\.\d+)?)*|百分之[{CN_NUMERAL}\d.]+|[{CN_NUMERAL}]+分之[{CN_NUMERAL}]+|[{CN_NUMERAL}]+)"
    r"(?P<approx1>余|多|来)?(?P<mag>[万亿千百])?(?P<approx2>余|多)?(?P<ge>个)?(?P<approx3>余|多)?(?P<measure>.*?)(?P<after>以内|之内|以上|以下|内)?"
)
_DIGIT_VALUES = {ch: i for i, ch in enumerate("〇一两三四五六七八九")} | {"二": 2}
_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = _SENTENCE_END + "，,、：:（）()“”\"《》 "
_SENTENCE_MARK = re.compile(f"[{_SENTENCE_END}]")
_CLAUSE_SPLIT = re.compile(f"[{re.escape(_CLAUSE_END)}]")
_FUNCTION = set("的了着被把和与及等在对向为")
_CUMULATIVE = re.compile(r"累计|总计|合计|共计|共|以来|全年|截至")
_MONEY = {"元", "块钱", "美元", "港元", "欧元"}
_PEOPLE = {"名", "人", "位", "人次"}
_EVENTS = {"起", "宗", "件", "次", "批", "批次"}
_TIME = {"秒", "秒钟", "分钟", "小时", "天", "日", "周", "月", "个月", "年", "个年头", "年头", "个工作日", "工作日", "个小时"}
_GENERIC = {"people", "events"}  # kinds too broad to compare totals across: the counted noun joins the key
_NOUN_KINDS = (  # (head noun pattern, kind): first match wins; the classes police bulletins count
    (re.compile(r"嫌疑人|嫌犯|犯罪人员|违法人员|刑拘|拘留|抓获|逮捕"), "suspects"),
    (re.compile(r"受害|被害|群众被骗|受骗"), "victims"),
    (re.compile(r"民警|辅警|警力|队员|志愿者"), "officers"),
    (re.compile(r"警情|求助|报警|接警|来电|电话|咨询"), "calls"),
    (re.compile(r"纠纷|矛盾"), "disputes"),
    (re.compile(r"案"), "cases"),
)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    article: str
    paragraph: int
    start: int
    end: int
    text: str  # the figure as written
    value: float
    approximate: bool
    measure: str  # 起, 名, 元 (万元 is 元 with the value scaled), %
    kind: str  # money, suspects, cases, calls, people, duration, percent…
    what: str  # the words naming what is counted
    unit: str  # police unit key, or ""
    date: str  # the date or period the figure is about: YYYY-MM-DD, or start..end
    cumulative: bool
    sentence: str
    conflicts: tuple[str, ...] = ()  # "article:paragraph:start" of rows this one contradicts

    @property
    def ref(self) -> str:
        return f"{self.article}:{self.paragraph}:{self.start}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article, "paragraph": self.paragraph, "start": self.start, "end": self.end, "text": self.text,
            "value": self.value, "approximate": self.approximate, "measure": self.measure, "kind": self.kind,
            "what": self.what, "unit": self.unit, "date": self.date, "cumulative": self.cumulative,
            "sentence": self.sentence, "conflicts": list(self.conflicts),
        }


@dataclass(frozen=True, slots=True)
class Reading:
    value: float
    approximate: bool
    measure: str


def read_figure(text: str) -> Reading | None:
    """``700余万元`` -> (7,000,000, approximate, 元); None for a span that holds no number."""
    m = _SPAN.fullmatch(text)
    if m is None:
        return None
    num, measure, ge = m.group("num"), m.group("measure"), m.group("ge")
    approx = bool(m.group("approx1") or m.group("approx2") or m.group("approx3") or m.group("after") in ("以上", "以下"))
    if ge:  # 3个 counts 个; 2个月 and 3个小时 are durations
        measure = ge + measure if measure in ("月", "小时", "工作日", "年头") else measure or ge
    if len(num) == 2 and all(ch in _DIGIT_VALUES for ch in num) and _DIGIT_VALUES[num[1]] == _DIGIT_VALUES[num[0]] + 1:
        num, approx = num[1], True  # 一两分钟, 三四名: "one or two", read as the upper end
    if "分之" in num:
        whole, _, part = num.partition("分之")
        try:
            value = number(part) / (number(whole) if whole != "百" else 100) * 100
        except ValueError:
            return None
        return Reading(value, approx, "%")
    if measure in ("%", "％"):
        measure = "%"
    parts = re.split(r"[、~～\-—至到]", num)
    try:
        value = number(parts[-1]) * scale(m.group("mag"))
    except ValueError:
        return None
    if measure.startswith("万") and measure[1:] in _MONEY:  # 万元 captured as the measure by a greedy magnitude
        value, measure = value * 10_000, measure[1:]
    return Reading(value, approx or len(parts) > 1, measure)


def _what(paragraph: str, start: int, end: int) -> str:
    after = paragraph[end : end + 10]
    run = ""
    for ch in after:
        if ch in _CLAUSE_END or ch in _FUNCTION or not ("\u4e00" <= ch <= "\u9fff"):
            break
        run += ch
    if len(run) >= 2:
        return run[:8]
    before = paragraph[max(0, start - 12) : start]
    return _CLAUSE_SPLIT.split(before)[-1][-8:]


def _kind(measure: str, what: str) -> str:
    if measure in _MONEY:
        return "money"
    if measure == "%":
        return "percent"
    if measure == "岁":
        return "age"
    if measure in _TIME:
        return "duration"
    if measure in _PEOPLE or measure in _EVENTS:
        for pattern, kind in _NOUN_KINDS:
            if pattern.search(what):
                return kind
        return "people" if measure in _PEOPLE else "events"
    return measure or "other"


def _sentence(ends: list[int], paragraph: str, start: int, end: int) -> tuple[int, str]:
    """The sentence holding [start, end): ``ends`` are the paragraph's sentence-final marks."""
    k = bisect_left(ends, start)
    first = ends[k - 1] + 1 if k else 0
    k = bisect_left(ends, end)
    last = ends[k] + 1 if k < len(ends) else len(paragraph)
    return first, paragraph[first:last].strip()


def _date(events: list[Event], paragraph: int, lo: int, hi: int, published: str | None) -> str:
    for ev in events:
        if ev.paragraph == paragraph and lo <= ev.start < hi and ev.date_start and ev.year != "unknown":
            end = (ev.date_end or ev.date_start)[:10]
            return ev.date_start[:10] if end == ev.date_start[:10] else f"{ev.date_start[:10]}..{end}"
    return (published or "")[:10]


def article_rows(index: CorpusIndex, aid: str) -> list[LedgerRow]:
    corpus = index.corpus
    entities = corpus.entities(aid)
    figures = [e for e in entities if e.type == "figure"]
    if not figures:
        return []
    texts, events = corpus.paragraph_texts(aid), corpus.events(aid)
    units: dict[int, list[Entity]] = {}
    for e in entities:
        if e.type == "unit":
            units.setdefault(e.paragraph, []).append(e)
    mentions = corpus.unit_mentions(aid)
    main = max(mentions, key=lambda k: (mentions[k], k)) if mentions else ""
    ends: dict[int, list[int]] = {}
    out = []
    for fig in figures:
        reading = read_figure(fig.text)
        if reading is None:
            continue
        paragraph = texts[fig.paragraph]
        if fig.paragraph not in ends:
            ends[fig.paragraph] = [m.start() for m in _SENTENCE_MARK.finditer(paragraph)]
        lo, sentence = _sentence(ends[fig.paragraph], paragraph, fig.start, fig.end)
        what = _what(paragraph, fig.start, fig.end)
        clause = paragraph[lo : fig.start]
        out.append(
            LedgerRow(
                aid, fig.paragraph, fig.start, fig.end, fig.text, reading.value, reading.approximate, reading.measure,
                _kind(reading.measure, what), what, _unit(units.get(fig.paragraph, []), fig) or main,
                _date(events, fig.paragraph, lo, lo + len(sentence), index.by_id[aid].published),
                bool(_CUMULATIVE.search(clause)), sentence,
            )
        )
    return out


def _unit(units: list[Entity], fig: Entity) -> str:
    """The last unit mentioned before the figure in its paragraph (``units``: that paragraph's, in order)."""
    before = [u for u in units if u.start < fig.start]
    return before[-1].key if before else ""


def ledger(index: CorpusIndex, articles: Iterable[str] | None = None) -> list[LedgerRow]:
    """Every figure of ``articles`` (default: all) as a row, contradictions flagged."""
    rows = [row for aid in (articles if articles is not None else index.by_id) for row in article_rows(index, aid)]
    return flag_contradictions(rows)


def flag_contradictions(rows: list[LedgerRow]) -> list[LedgerRow]:
    """Cumulative totals of one unit, kind and measure that fall as time goes on: both rows name the other.

    For the broad kinds (people, events, a bare measure word) the counted words must agree
    too: 累计服务游客170人次 and 累计服务群众320余人次 count different people.
    """
    groups: dict[tuple[str, str, str, str], list[LedgerRow]] = {}
    for row in rows:
        if row.cumulative and row.unit and row.date:
            what = row.what if row.kind in _GENERIC or row.kind == row.measure else ""
            groups.setdefault((row.unit, row.kind, row.measure, what), []).append(row)
    conflicts: dict[str, set[str]] = {}
    for group in groups.values():
        _falls(group, conflicts)
    return [replace(r, conflicts=tuple(sorted(conflicts[r.ref]))) if r.ref in conflicts else r for r in rows]


def _falls(group: list[LedgerRow], conflicts: dict[str, set[str]]) -> None:
    """Pairs of ``group`` where a later, exact total is below an earlier one, into ``conflicts``.

    Dates in order, each row is checked against the values of every row dated before it,
    kept sorted: a bisect finds the higher ones, so a group of n totals costs n log n plus
    the conflicts found. Comparing every pair cost 15.8 s of 20 at 10,000 articles whose
    groups held 2,000 totals each (tests/bench/bench_analysis.py).
    """
    group.sort(key=lambda r: (r.date.split("..")[-1], r.value))
    earlier: list[tuple[float, str]] = []  # (value, ref) of the rows dated before the current date
    pending: list[LedgerRow] = []  # the rows of the current date, added to ``earlier`` when the date moves on
    current = None
    for late in group:
        date = late.date.split("..")[-1]
        if date != current:
            for row in pending:
                insort(earlier, (row.value, row.ref))
            pending, current = [], date
        pending.append(late)
        if late.approximate:
            continue
        for _value, ref in earlier[bisect_right(earlier, (late.value, "\uffff")) :]:
            conflicts.setdefault(ref, set()).add(late.ref)
            conflicts.setdefault(late.ref, set()).add(ref)
