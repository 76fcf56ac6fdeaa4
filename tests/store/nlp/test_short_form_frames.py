"""A travel or stay frame jieba glued to the next word ("驻华大使", "来华访问"): the short
form is still a place (store.nlp.short_forms, issue 13). Synthetic sentences."""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    ("envoy", "新任驻华大使昨天递交了国书。", {("place", "华")}, set()),
    ("embassy", "他们前往该国驻华使馆办理手续。", {("place", "华")}, set()),
    ("visit", "代表团应邀来华访问。", {("place", "华")}, set()),
    # a short form opening a longer word stays nothing
    ("opera", "他从小在京剧院长大。", set(), {("place", "京")}),
    ("south-china", "他在华南工作多年。", set(), {("place", "华")}),
]


@rows(CASES)
def test_short_form_frames(text: str, want: Found, never: Found) -> None:
    check(text, want, never)
