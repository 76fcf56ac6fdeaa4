"""What is not a full name though the model reads a person (issue 13): a trophy named
after people, a form of address, a surname with a preposition glued on. Synthetic
sentences; each row says what must be found and what must not."""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    ("trophy", "这是他第三次参加汤尤杯赛。", set(), {("person", "汤尤杯")}),
    ("address-old", "老刘的儿子今年考上了警校。", set(), {("person", "老刘")}),
    ("address-young", "小陈当晚就把钱包送到了派出所。", set(), {("person", "小陈")}),
    ("glued-preposition", "客队9号赵从左路内切射门。", set(), {("person", "赵从")}),
    ("full-name-stays", "民警刘建军当晚就把钱包送还失主。", {("person", "刘建军")}, set()),
    ("japanese-surname-stays", "山本表示将继续推动合作。", {("person", "山本")}, set()),
]


@rows(CASES)
def test_not_a_full_name(text: str, want: Found, never: Found) -> None:
    check(text, want, never)
