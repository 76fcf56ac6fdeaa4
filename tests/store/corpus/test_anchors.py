"""Anchors follow their words through re-cleaning; what cannot be placed is orphaned."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.corpus.anchors import make_anchor, reanchor

PARAS = ["民警程波主动走访，联动区文旅局。", "今年2月，青山印象城一舞蹈学校倒闭。程波主动走访。", "程波带领光明社区警务室推动警务前移。"]


def test_same_place_when_text_unchanged():
    a = make_anchor(PARAS, 1, 18, 22)
    assert a.quote == "程波主动"
    assert reanchor(a, PARAS) == a


def test_text_inserted_before_moves_the_anchor():
    a = make_anchor(PARAS, 1, 18, 22)
    edited = ["新增的导语段落。", PARAS[0], "（记者 张三）" + PARAS[1], PARAS[2]]
    b = reanchor(a, edited)
    assert (b.paragraph, edited[b.paragraph][b.start : b.end]) == (2, "程波主动")
    assert b.start == 18 + len("（记者 张三）")  # the same occurrence, not the one in paragraph 1


def test_context_picks_the_right_occurrence_when_paragraphs_merge():
    a = make_anchor(PARAS, 1, 18, 22)
    merged = [PARAS[0] + PARAS[1], PARAS[2]]
    b = reanchor(a, merged)
    assert b.paragraph == 0 and b.start == len(PARAS[0]) + 18


def test_orphan_when_quote_is_gone():
    a = make_anchor(PARAS, 2, 2, 4)
    assert reanchor(a, ["完全不同的文本。"]) is None


@given(st.lists(st.text(min_size=1), min_size=1, max_size=4), st.data())
def test_reanchored_offsets_always_cut_the_quote(paras, data):
    p = data.draw(st.integers(0, len(paras) - 1))
    start = data.draw(st.integers(0, len(paras[p]) - 1))
    end = data.draw(st.integers(start + 1, len(paras[p])))
    a = make_anchor(paras, p, start, end)
    prefix = data.draw(st.text(max_size=5))
    new = [prefix + t for t in paras]
    b = reanchor(a, new)
    assert b is not None and new[b.paragraph][b.start : b.end] == a.quote
