"""The PD98 scorer's reading of the gold in Beat's conventions (``beat_view``), one
convention per row, on synthetic sentences: what the gold becomes, and what is not scored."""

from __future__ import annotations

import pytest

from tests.store.nlp.eval_pd98 import Span, beat_view


def _spans(text: str, *items: tuple[str, str]) -> set[Span]:
    out: set[Span] = set()
    for kind, name in items:
        start = text.index(name)
        out.add((kind, start, start + len(name)))
    return out


CASES = [
    # touching admin levels are one place; short forms stay apart; a gap keeps them two
    ("chain", "他来自湖南省衡阳县。", [("LOC", "湖南省"), ("LOC", "衡阳县")], [("LOC", "湖南省衡阳县")], []),
    ("three-levels", "家住安徽省宿州市埇桥区。", [("LOC", "安徽省"), ("LOC", "宿州市"), ("LOC", "埇桥区")], [("LOC", "安徽省宿州市埇桥区")], []),
    ("short-forms", "中美双方举行会谈。", [("LOC", "中"), ("LOC", "美")], [("LOC", "中"), ("LOC", "美")], []),
    ("apart", "湖南、湖北两省", [("LOC", "湖南"), ("LOC", "湖北")], [("LOC", "湖南"), ("LOC", "湖北")], []),
    # a region keeps its tail, unless another span starts inside it
    ("region-tail", "西南地区有大雨。", [("LOC", "西南")], [("LOC", "西南地区")], []),
    ("compass-tail", "华东南部地区降温。", [("LOC", "华东")], [("LOC", "华东南部地区")], []),
    ("no-tail", "西南大部晴。", [("LOC", "西南")], [("LOC", "西南")], []),
    # a bare surname is not scored: anonymised, or a surname and a title
    ("anon", "店主刘某报警。", [("PER", "刘")], [], [("PER", "刘")]),
    ("title", "赵警官说。", [("PER", "赵")], [], [("PER", "赵")]),
    ("full-name", "赵立新说。", [("PER", "赵立新")], [("PER", "赵立新")], []),
    ("org-takes-its-place", "长沙市岳麓区人民法院开庭。", [("LOC", "长沙市"), ("ORG", "岳麓区人民法院")], [("ORG", "长沙市岳麓区人民法院")], []),
    ("org-apart", "长沙市的岳麓区人民法院", [("LOC", "长沙市"), ("ORG", "岳麓区人民法院")], [("LOC", "长沙市"), ("ORG", "岳麓区人民法院")], []),
    ("org-untouched", "江苏省公安厅通报。", [("ORG", "江苏省公安厅")], [("ORG", "江苏省公安厅")], []),
]


@pytest.mark.parametrize(("name", "text", "gold", "want", "ignored"), CASES, ids=[c[0] for c in CASES])
def test_beat_view(
    name: str, text: str, gold: list[tuple[str, str]], want: list[tuple[str, str]], ignored: list[tuple[str, str]]
) -> None:
    got, skipped = beat_view(text, _spans(text, *gold))
    assert got == _spans(text, *want)
    assert skipped == _spans(text, *ignored)
