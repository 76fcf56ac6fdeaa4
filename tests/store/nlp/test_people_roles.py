"""People keep what the text calls them: byline roles and officers' titles (issue 13)."""

from __future__ import annotations

import pytest

from store.db.schema import Entity, decode_body, encode_body
from store.ingest.analysis import _gazetteer
from store.nlp.entities import recognise
from store.nlp.people_roles import with_roles


def people(text: str) -> list[tuple[str, str, str]]:
    return [(e.type, e.text, e.role) for e in recognise([text], _gazetteer()).entities if e.type in ("person", "anon")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报讯（记者邵明远 通讯员柯晓晴）3月2日，兰州警方破获一起盗窃案。", [("person", "邵明远", "记者"), ("person", "柯晓晴", "通讯员")]),
        ("审核：韦丽萍 编辑：骆成刚 校对：阮志强", [("person", "韦丽萍", "审核"), ("person", "骆成刚", "编辑"), ("person", "阮志强", "校对")]),
        ("责编：柴晓东", [("person", "柴晓东", "责任编辑")]),
        ("本报记者 邓云飞 摄影 侯明亮", [("person", "邓云飞", "记者"), ("person", "侯明亮", "摄影")]),
        ("值班民警梁志刚、覃海峰接警后赶到现场。", [("person", "梁志刚", "民警"), ("person", "覃海峰", "民警")]),
        ("所长魏家栋带领辅警龙天佑连夜蹲守。", [("person", "魏家栋", "所长"), ("person", "龙天佑", "辅警")]),
        ("派出所教导员甘立新介绍了案情。", [("person", "甘立新", "教导员")]),
        ("副所长郝建军和社区民警黎晓峰一同走访。", [("person", "郝建军", "副所长"), ("person", "黎晓峰", "社区民警")]),
        ("民警刘某与嫌疑人王某某发生争执。", [("anon", "刘某", "民警"), ("anon", "王某某", "")]),
        ("群众李女士向民警求助。", [("anon", "李女士", "")]),
        ("旗公安局民警包金山在牧区开展宣传。", [("person", "包金山", "民警")]),  # jieba reads 包金|山
        # The cleaner's labels are the text's too (one table, store.db.metadata.BYLINE_LABELS).
        ("审稿：鲁一鸣 统筹：邹文华", [("person", "鲁一鸣", "审核"), ("person", "邹文华", "编辑")]),
        ("主编 邹文华", [("person", "邹文华", "编辑")]),
        # A task's label credits someone only in a credit's shape, never in running text.
        ("案件经法院一审王某某被判处有期徒刑。", [("anon", "王某某", "")]),
        ("由县委统筹刘建国同志负责此项工作。", [("person", "刘建国", "")]),
        ("他整理王建国留下的遗物。", [("person", "王建国", "")]),
    ],
)
def test_roles_and_titles_are_kept(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert people(text) == expected


def test_a_list_shares_its_role_only_across_a_list_gap() -> None:
    text = "民警甲乙、丙丁和群众戊己"
    ents = [Entity("person", n, 0, text.index(n), text.index(n) + 2, n) for n in ("甲乙", "丙丁", "戊己")]
    assert [e.role for e in with_roles(ents, [text])] == ["民警", "民警", ""]


def test_a_one_character_label_needs_to_stand_alone() -> None:
    text = "课文王某"
    assert with_roles([Entity("anon", "王某", 0, 2, 4, "王某")], [text])[0].role == ""
    text = "文/图 王某"
    assert with_roles([Entity("anon", "王某", 0, 4, 6, "王某")], [text])[0].role == "作者"


def test_a_role_survives_the_store_and_old_bodies_still_read() -> None:
    from store.db.schema import Body, Paragraph

    body = Body((Paragraph(0, "民警程波"),), (Entity("person", "程波", 0, 2, 4, "程波", "民警"),))
    assert decode_body(encode_body(body), ["民警程波"]) == body
    old = b'{"k":[],"o":[],"e":[["person",0,2,4,null]]}'  # written before roles (schema 4)
    assert decode_body(old, ["民警程波"]).entities[0].role == ""
