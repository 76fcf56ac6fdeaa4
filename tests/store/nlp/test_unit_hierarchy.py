"""The unit hierarchy and specialised forces across China, and kinds that are no unit (issue 13).

Synthetic sentences in the shapes police bulletins from many provinces use; the keys say
where each unit hangs."""

from __future__ import annotations

import pytest

from store.ingest.analysis import _gazetteer
from store.nlp.entities import recognise


def units(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.key) for e in recognise([text], _gazetteer()).entities if e.type == "unit"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the ministry's and a province department's bureaus hang under them
        ("公安部刑侦局联合某省警方侦破一起案件。", [("公安部刑侦局", "公安部刑侦局")]),
        ("新疆维吾尔自治区公安厅出入境管理局发布出行提示。", [("新疆维吾尔自治区公安厅出入境管理局", "新疆维吾尔自治区公安厅出入境管理局")]),
        # a league's and a prefecture's bureau, a banner's bureau and its station
        ("锡林郭勒盟公安局特警支队在赛马场开展巡逻。", [("锡林郭勒盟公安局特警支队", "锡林郭勒盟公安局特警支队")]),
        ("阿拉善左旗公安局巴彦浩特派出所民警走访牧户。", [("阿拉善左旗公安局巴彦浩特派出所", "阿拉善左旗公安局巴彦浩特派出所")]),
        ("大理州公安局交警支队高速公路一大队民警疏导车流。", [("大理州公安局交警支队高速公路一大队", "大理白族自治州公安局交通支队高速公路一大队")]),
        # city-wide branches of another city than the gazetteer's keep their own city
        ("重庆市公安局水上分局朝天门派出所民警救起一名落水者。", [("重庆市公安局水上分局朝天门派出所", "重庆市公安局水上分局朝天门派出所")]),
        ("成都市公安局轨道交通分局民警在站内查获管制刀具。", [("成都市公安局轨道交通分局", "成都市公安局轨道交通分局")]),
        # transport police named by their system
        ("首都机场公安分局候机楼派出所民警帮旅客找回背包。", [("首都机场公安分局候机楼派出所", "首都机场公安分局候机楼派出所")]),
        ("南昌铁路公安处南昌站派出所民警抓获一名逃犯。", [("南昌铁路公安处南昌站派出所", "南昌铁路公安处南昌站派出所")]),
        # centres, command rooms and checkpoints
        ("杭州市公安局情指中心接报后指令属地处置。", [("杭州市公安局情指中心", "杭州市公安局情指中心")]),
        ("余杭区公安分局指挥室调度警力赶赴现场。", [("余杭区公安分局指挥室", "杭州市公安局余杭分局指挥室")]),
        ("沪昆检查站民警在查验中发现一辆可疑车辆。", [("沪昆检查站", "沪昆检查站")]),
        # a county named before a station is its parent
        ("民警来到晴隆县大厂镇派出所了解情况。", [("晴隆县大厂镇派出所", "晴隆县公安局大厂镇派出所")]),
        # a centre or brigade named after its county or prefecture
        ("颍上县反诈中心民警上门劝阻受害人。", [("颍上县反诈中心", "颍上县公安局反诈中心")]),
        ("恩施州反诈中心开展宣传。", [("恩施州反诈中心", "恩施土家族苗族自治州公安局反诈中心")]),
        ("准格尔旗交管大队民警查处超载车辆。", [("准格尔旗交管大队", "准格尔旗公安局交管大队")]),
        # a bare brigade after a county's brigade in one sentence is that county's
        ("蕲春县交警大队联合巡特警大队开展夜查。", [("蕲春县交警大队", "蕲春县公安局交通大队"), ("巡特警大队", "蕲春县公安局巡特警大队")]),
        ("阿勒泰地区公安局反诈中心辅警处理预警信息。", [("阿勒泰地区公安局反诈中心", "阿勒泰地区公安局反诈中心")]),
        # a county bureau after its prefecture's is keyed on its own
        ("甘孜州公安局理塘县公安局开展高原巡逻。", [("甘孜州公安局理塘县公安局", "理塘县公安局")]),
    ],
)
def test_units_of_every_level_and_force(text: str, expected: list[tuple[str, str]]) -> None:
    assert units(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "全省公安机关要进一步加强巡警大队建设，提升街面见警率。",
        "各地交警支队要加强对重点路段的巡查。",
        "“我是分局指挥室，请立即前往处置。”",
    ],
)
def test_a_kind_is_not_a_unit(text: str) -> None:
    assert units(text) == []


def test_bare_sub_units_hang_under_the_county_the_article_is_about() -> None:
    paragraphs = [
        "近日，镇雄县公安局破获一起系列盗窃案。",
        "据介绍，刑侦大队民警连续奋战一周，在中屯派出所的配合下锁定嫌疑人。",
        "镇雄警方提醒群众提高防范意识。",
    ]
    analysis = recognise(paragraphs, _gazetteer())
    found = [(e.text, e.key) for e in analysis.entities if e.type == "unit"]
    assert found == [
        ("镇雄县公安局", "镇雄县公安局"),
        ("刑侦大队", "镇雄县公安局刑侦大队"),
        ("中屯派出所", "镇雄县公安局中屯派出所"),
        ("镇雄警方", "镇雄县公安局"),
    ]
    records = {r.key: r for r in analysis.units}
    assert records["镇雄县公安局刑侦大队"].parent_inferred and records["镇雄县公安局"].parent == "昭通市公安局"
    assert records["昭通市公安局"].parent == "云南省公安厅" and records["云南省公安厅"].parent == "公安部"
