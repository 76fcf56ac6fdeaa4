"""Shapes read on real police pages of many provinces (issue 13, third suite batch).

One row per kind of text: what must be found (type, text) and what must not. The
sentences are synthetic, written for this test in the shapes the pages use (railway,
forest, airport and border police, mediation workrooms, bylines), not copied.
"""

from __future__ import annotations

import pytest

from store.nlp.entities import recognise
from store.nlp.gazetteer import Gazetteer

CASES = [
    # a verb or copula before a unit is not part of its name
    ("noun-tagged-verb-before-brigade", "东安分局指令刑警大队与七星派出所联合办理。",
     {("unit", "刑警大队"), ("unit", "七星派出所")}, {("unit", "东安分局指令刑警大队")}),
    ("copula-before-station", "经核实，系深沪边防派出所民警抓捕涉毒人员。", {("unit", "深沪边防派出所")}, {("unit", "系深沪边防派出所")}),
    ("moving-verb-before-airport-branch", "一名旅客来到丽江机场分局求助。", {("unit", "丽江机场分局")}, {("unit", "来到丽江机场分局")}),
    ("common-word-before-airport-police", "民警调取监控后联系上海浦东机场警方协助。", {("unit", "上海浦东机场警方")}, {("place", "上海浦东机场")}),
    # transport-system places of any length
    ("long-airport-name", "旅客到威海大水泊国际机场公安分局场区派出所求助。", {("unit", "威海大水泊国际机场公安分局场区派出所")}, set()),
    ("airport-branch-station", "首都机场公安分局候机楼派出所民警帮旅客找回背包。", {("unit", "首都机场公安分局候机楼派出所")}, set()),
    ("railway-division-station", "银川铁路公安处中卫站派出所指导员拓守仁说。", {("unit", "银川铁路公安处中卫站派出所")}, set()),
    # a station or post written in one piece after its bureau, whatever jieba's tags
    ("station-name-of-function-words", "在平度市公安局同和派出所调解室里。", {("unit", "平度市公安局同和派出所")}, set()),
    ("post-after-county-bureau", "其中会泽县公安局者海警务站查获海洛因2公斤。", {("unit", "会泽县公安局者海警务站")}, set()),
    ("verb-between-branch-and-stations", "硚口区分局组织派出所开展清查。", set(), {("unit", "硚口区分局组织派出所")}),
    ("verb-between-bureau-and-stations", "平度市公安局督促派出所开展清查。", set(), {("unit", "平度市公安局督促派出所")}),
    ("joint-word-between", "江岸区分局与江汉派出所联合巡逻。", {("unit", "江汉派出所")}, {("unit", "与江汉派出所")}),
    # border and immigration police
    ("border-corps-chain", "云南边检总站德宏边境管理支队芒市边境检查站教导员李秉全在车流中排查。",
     {("unit", "云南边检总站德宏边境管理支队芒市边境检查站")}, set()),
    ("short-prefecture-border-detachment", "普洱边境管理支队民警在边境路段开展查缉。", {("unit", "普洱边境管理支队")}, {("unit", "边境管理支队")}),
    ("border-brigade-under-detachment", "阿勒泰边境管理支队福海边境管理大队抽调15名民警。", {("unit", "阿勒泰边境管理支队福海边境管理大队")}, set()),
    ("border-inspection-station", "在浦东边检站执勤的民警捡到一本护照。", {("unit", "浦东边检站")}, set()),
    ("exit-entry-corps-department", "上海市公安局出入境管理总队证件管理二支队民警蔡宝林介绍。",
     {("unit", "上海市公安局出入境管理总队证件管理二支队")}, {("unit", "二支队")}),
    # forest police and the model's edge never crossing 联合
    ("forest-brigade-jointly-with-station", "森侦大队联合苇河派出所连续破获三起盗伐林木案。",
     {("unit", "森侦大队"), ("unit", "苇河派出所")}, {("unit", "森侦大队联合苇河派出所")}),
    # a place's traffic police; 交警 alone is an officer's title
    ("county-traffic-police", "屯昌交警结合辖区特点合理调配警力。", {("unit", "屯昌交警")}, {("place", "屯昌")}),
    ("city-traffic-police", "成都交警向市民宣传交通安全。", {("unit", "成都交警")}, set()),
    ("traffic-officer", "正在执勤的交警张立新接到群众求助。", {("person", "张立新")}, {("unit", "交警")}),
    ("traffic-brigade-stays", "崇州市交警大队巡逻二中队开展夜查。", {("unit", "崇州市交警大队巡逻二中队")}, set()),
    ("traffic-departments-are-a-kind", "交警部门提醒驾驶人谨慎驾驶。", set(), {("unit", "交警部门"), ("unit", "交警")}),
    # a station's own post; a kind stays a kind
    ("station-post", "一名老汉到芜湖宣州机场派出所警务室求助。", {("unit", "芜湖宣州机场派出所警务室")}, set()),
    ("kind-of-post", "各地派出所警务室覆盖率明显提升。", set(), {("unit", "派出所警务室")}),
    # a workroom named after an officer the paragraph introduces
    ("officer-workroom", "派出所聘请退休民警楼希平担任调解主任，成立了楼希平调解工作室。",
     {("unit", "楼希平调解工作室"), ("person", "楼希平")}, set()),
    # bylines and credits
    ("credit-surname-is-conjunction", "香格里拉网讯（通讯员和建明）森林派出所今年破获盗伐案12起。", {("person", "和建明")}, set()),
    ("credit-surname-is-preposition", "宝安日报记者 俞冰川 通讯员 向佳慧 陈晓枫", {("person", "向佳慧"), ("person", "陈晓枫")}, {("person", "佳慧")}),
    ("byline-label-and-space", "周口日报全媒体记者 任富民", {("person", "任富民")}, set()),
    ("slash-credits", "王周平 孙芳华/文 顾浩然/摄", {("person", "王周平"), ("person", "孙芳华"), ("person", "顾浩然")}, set()),
    ("not-a-credit", "记者向市民介绍防骗知识。", set(), {("person", "向市民")}),
    ("byline-list-any-surname", "（胡国礼 通讯员胡子明 李雨晨 闻期远）", {("person", "李雨晨"), ("person", "闻期远")}, set()),
    ("byline-list-label-word", "记者 张立新 实习生 李晓明", {("person", "张立新"), ("person", "李晓明")}, {("person", "实习生")}),
    ("byline-list-report-word", "通讯员 张立新 报道", {("person", "张立新")}, {("person", "报道")}),
    # names without a Han surname
    ("dotted-names", "副所长阿依丁·努尔兰和辅警叶尔兰·托合提进山走访牧户。",
     {("person", "阿依丁·努尔兰"), ("person", "叶尔兰·托合提")}, {("person", "叶尔兰")}),
    ("dotted-name-and-address", "美国专家希拉·威曼女士在为大学生上课。", set(), {("person", "希拉·威曼女士")}),
    ("tibetan-name", "八廓街派出所民警次仁多吉在转经道上为游客指路。", {("person", "次仁多吉")}, {("person", "仁多吉")}),
    # anonymised people with a given name kept
    ("anon-with-given-names", "抓捕小组在吉首抓获刘某文、温某财等5名嫌疑人。", {("anon", "刘某文"), ("anon", "温某财")}, {("anon", "刘某")}),
    ("anon-given-before-verb", "村民翁某龙报称在其弟家中发现导火索。", {("anon", "翁某龙")}, set()),
    ("anon-before-word", "嫌疑人王某驾车逃离现场。", {("anon", "王某")}, {("anon", "王某驾")}),
    ("anon-before-copula", "经核查，男子张某系网上逃犯。", {("anon", "张某")}, {("anon", "张某系")}),
    ("anon-before-kin", "民警在李某家中查获赃物。", {("anon", "李某")}, {("anon", "李某家")}),
]  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(("name", "text", "want", "never"), CASES, ids=[c[0] for c in CASES])
def test_police_page_shape(
    gazetteer: Gazetteer, name: str, text: str, want: set[tuple[str, str]], never: set[tuple[str, str]]
) -> None:
    got = {(e.type, e.text) for e in recognise([text], gazetteer).entities}
    assert want <= got, (want - got, got)
    assert not (never & got), (never & got, got)


def test_a_places_traffic_police_is_its_traffic_brigade(gazetteer: Gazetteer) -> None:
    """"定安交警" and "定安县公安局交通管理大队" are one unit: counts add up."""
    text = "定安县公安局交通管理大队开展酒驾醉驾集中整治，定安交警在重点路段定点设卡。"
    keys = {e.text: e.key for e in recognise([text], gazetteer).entities if e.type == "unit"}
    assert keys == {"定安县公安局交通管理大队": "定安县公安局交通大队", "定安交警": "定安县公安局交通大队"}
