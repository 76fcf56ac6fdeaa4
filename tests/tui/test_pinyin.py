"""Pinyin matching for the unit picker."""

from __future__ import annotations

from tui.pinyin import normalise_query, pinyin_keys, text_matches


def test_full_pinyin_and_initials():
    assert pinyin_keys("新沟桥街派出所") == ("xingouqiaojiepaichusuo", "xgqjpcs")


def test_matches_chinese_full_pinyin_initials_and_parts():
    name = "武汉市公安局青山区分局新沟桥街派出所"
    for query in ("新沟桥", "xgq", "xingouqiao", "qsqfj", "pcs"):
        assert text_matches(normalise_query(query), name), query
    assert not text_matches("jiangxia", name)


def test_query_is_normalised():
    assert normalise_query(" XGQ  j ") == "xgqj"


def test_without_pinyin_only_text_matches():
    assert text_matches("新沟", "新沟桥街派出所", use_pinyin=False)
    assert not text_matches("xgq", "新沟桥街派出所", use_pinyin=False)


def test_non_chinese_passes_through():
    assert pinyin_keys("110指挥中心") == ("110zhihuizhongxin", "110zhzx")
    assert text_matches("110", "110指挥中心")
