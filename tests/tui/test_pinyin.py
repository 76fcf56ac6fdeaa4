"""Pinyin matching for the unit picker."""

from __future__ import annotations

from tui.pinyin import haystack, normalise_query, pinyin_keys, text_matches


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


def test_haystack_matches_exactly_what_text_matches_does():
    names = ["新沟桥街派出所", "武汉市公安局青山区分局", "110指挥中心", "Wuhan 网安大队"]
    for query in ("xgq", "xingouqiao", "qsq", "110", "zhzx", "网安", "wuhan", "jxq", "街派", "qiaojie"):
        q = normalise_query(query)
        for use_pinyin in (True, False):
            expected = any(text_matches(q, n, use_pinyin) for n in names)
            assert (q in haystack(names, use_pinyin)) == expected, (query, use_pinyin)
