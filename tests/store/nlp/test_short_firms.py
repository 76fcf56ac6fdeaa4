"""Companies written by their short name, which jieba files as rarer common words
(store.nlp.backbone._short_firm, issue 13). Synthetic sentences; each row says what must
be found and what must not."""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    ("firm-adjective-tag", "这项新技术直接威胁到微软的市场地位。", {("org", "微软")}, set()),
    ("firm-noun-tag", "当天下午，思科发布了新一代路由器。", {("org", "思科")}, set()),
    ("firm-with-suffix", "上世纪末，可口可乐公司在当地建了新厂。", {("org", "可口可乐公司")}, set()),
    # the first part of a noun phrase, a title: not a firm
    ("noun-phrase", "仅红富士苹果一项，该县就增收千万元。", set(), {("org", "富士"), ("org", "苹果")}),
    ("title", "美国国务卿昨天抵达开罗。", set(), {("org", "国务卿")}),
    ("pair", "这是中葡双方的共同目标。", set(), {("org", "中葡")}),
]


@rows(CASES)
def test_short_firms(text: str, want: Found, never: Found) -> None:
    check(text, want, never)
