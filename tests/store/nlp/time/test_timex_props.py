"""Properties of store.nlp.time.resolve on arbitrary text: it never crashes, offsets always cut out the
expression, and every event's range runs forward."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from store.db.schema import Precision, YearStatus
from store.nlp.time.resolve import extract_events, find_time_expressions, resolve_reference, time_spans

# Fragments that combine into date-like and near-date text, so the parser's corners get hit.
FRAGMENTS = [
    "2024", "2025", "1999", "0", "1", "2", "9", "12", "31", "29", "2025610", "年", "月", "日", "号", " ", "份",
    "今年", "去年", "明年", "前年", "当年", "同年", "次年", "上月", "本月", "当月", "昨天", "今日", "次日", "当日",
    "当晚", "同日", "上周", "以来", "至今", "起", "至", "-", "—", "自", "从", "组建", "前", "前夕", "期间", "假期",
    "上旬", "中旬", "下旬", "初", "底", "末", "中", "上半年", "季度", "第三", "前三", "二", "十", "十二", "〇",
    "廿", "七一", "国庆", "春节", "十一", "黄金周", "开学首日", "夏季", "晚", "凌晨", "上午", "8时许", "（周五）",
    "近年来", "目前", "截至", "将于", "预计", "，", "。", "、", "“", "”", "！", "民警", "抓获", "岁", "多", "．",
    "２", "０", "/", ".", "：",
    "周三", "星期天", "礼拜", "周末", "上上", "下个", "这周", "天前", "个月", "半", "后", "近", "年代", "世纪",
    "上世纪", "·", "案", "专案", "大前天", "今晚", "母亲节", "七夕", "圣诞", "清明", "季度末", "本季度", "两千",
    "伊始", "首", "止", "以前", "80后", "20240307", "09-01", "2019年2月29日", "1850年", "0" * 60,
]
texty = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
)
published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)).map(str),
                      st.text(max_size=12))
reference = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)).map(str))
PRECISIONS = set(Precision.__args__)
YEARS = set(YearStatus.__args__)


@settings(max_examples=400, deadline=None)
@given(texty)
def test_expressions_cut_out_their_text(text: str) -> None:
    exprs = find_time_expressions(text)
    last_end = 0
    for e in exprs:
        assert text[e.start:e.end] == e.text and e.text
        assert e.start >= last_end  # sorted, non-overlapping
        last_end = e.end
    assert [(s, t) for _, s, _, t in time_spans([text])] == [(e.start, e.text) for e in exprs]


@settings(max_examples=400, deadline=None)
@given(st.lists(texty, max_size=4), published, reference)
def test_events_are_well_formed(paragraphs: list[str], pub: str | None, ref: str | None) -> None:
    events = extract_events(paragraphs, pub, reference=ref)
    resolve_reference(paragraphs, pub)
    order = [(e.paragraph, e.start) for e in events]
    assert order == sorted(order)
    for e in events:
        assert paragraphs[e.paragraph][e.start:e.end] == e.text
        assert e.precision in PRECISIONS and e.year in YEARS
        assert len(e.label) <= 24
        if e.date_start is not None and e.date_end is not None:
            assert date.fromisoformat(e.date_start) <= date.fromisoformat(e.date_end)
        if e.year == "unknown":
            assert e.date_start is None and e.date_end is None
        if e.year == "explicit" or e.date_start is not None:
            assert e.date_start is not None
