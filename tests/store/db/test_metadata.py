"""Byline names as person entities on the credits line the reader shows (issue 13)."""

from __future__ import annotations

import pytest

from store.db.metadata import CREDITS_LINE, byline_entities, byline_text


@pytest.mark.parametrize(
    ("metadata", "line", "people"),
    [
        ({}, "", []),
        ({"稿件来源": "某某网"}, "", []),
        ({"记者": "甲乙"}, "记者 甲乙", [("甲乙", "记者")]),
        (
            {"通讯员": "戊己", "记者": "甲乙 丙丁", "稿件来源": "某某网"},
            "记者 甲乙 丙丁 · 通讯员 戊己",
            [("甲乙", "记者"), ("丙丁", "记者"), ("戊己", "通讯员")],
        ),
        (
            {"审核": "欧阳晓丽", "责任编辑": "阿依丁·努尔兰", "校对": "王五"},
            "责任编辑 阿依丁·努尔兰 · 审核 欧阳晓丽 · 校对 王五",
            [("阿依丁·努尔兰", "责任编辑"), ("欧阳晓丽", "审核"), ("王五", "校对")],
        ),
    ],
)
def test_each_byline_name_is_a_person_span_with_its_role(
    metadata: dict[str, str], line: str, people: list[tuple[str, str]]
) -> None:
    text, entities = byline_entities(metadata)
    assert text == line == byline_text(metadata)
    assert [(e.text, e.role) for e in entities] == people
    assert all(e.type == "person" and e.paragraph == CREDITS_LINE and text[e.start:e.end] == e.text for e in entities)
