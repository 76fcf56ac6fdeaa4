"""What is not a full name though the model reads a person (issue 13): a trophy named
after people, a form of address, a surname with a preposition glued on. Synthetic
sentences; each row says what must be found and what must not."""

from __future__ import annotations

import pytest

from store.nlp.entities import recognise
from store.nlp.gazetteer import Gazetteer

CASES = [
    ("trophy", "这是他第三次参加汤尤杯赛。", set(), {("person", "汤尤杯")}),
    ("address-old", "老刘的儿子今年考上了警校。", set(), {("person", "老刘")}),
    ("address-young", "小陈当晚就把钱包送到了派出所。", set(), {("person", "小陈")}),
    ("glued-preposition", "客队9号赵从左路内切射门。", set(), {("person", "赵从")}),
    ("full-name-stays", "民警刘建军当晚就把钱包送还失主。", {("person", "刘建军")}, set()),
    ("japanese-surname-stays", "山本表示将继续推动合作。", {("person", "山本")}, set()),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(("name", "text", "want", "never"), CASES, ids=[c[0] for c in CASES])
def test_not_a_full_name(
    gazetteer: Gazetteer, name: str, text: str, want: set[tuple[str, str]], never: set[tuple[str, str]]
) -> None:
    got = {(e.type, e.text) for e in recognise([text], gazetteer).entities}
    assert want <= got, (want - got, got)
    assert not (never & got), (never & got, got)
