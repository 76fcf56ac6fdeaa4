"""Places the model finds that jieba files as rare common words (store.nlp.backbone._rare_noun,
issue 13). Synthetic sentences; each row says what must be found and what must not."""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    ("rare-noun", "记者再次登上黄洋界，山间云雾缭绕。", {("place", "黄洋界")}, set()),
    ("rare-noun-after-verb", "他们乘船从九龙去港岛上班。", {("place", "港岛")}, set()),
    ("capital", "代表团抵达平壤后受到热烈欢迎。", {("place", "平壤")}, set()),
    # everyday nouns stay nothing; a common word and a kind of place is a kind
    ("everyday-noun", "他们在广场上跳舞。", set(), {("place", "广场")}),
    ("kind-in-one-word", "青年民警走进烈士陵园缅怀先烈。", set(), {("place", "烈士陵园")}),
]


@rows(CASES)
def test_rare_places(text: str, want: Found, never: Found) -> None:
    check(text, want, never)
