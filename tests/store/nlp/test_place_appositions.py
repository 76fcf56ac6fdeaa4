"""A place named after its kind ("首都金边", "北部城市腊戍") and kinds jieba's dictionary
tags as names (城市/ns, 港口城市/ns), on synthetic police-news sentences: what must be
found and what must not."""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    ("city-after-kind", "该团伙藏匿在缅甸北部城市腊戍。", {("place", "缅甸"), ("place", "腊戍")}, {("place", "缅甸北部城市")}),
    ("port-city", "电诈团伙的窝点设在港口城市西哈努克。", {("place", "西哈努克")}, {("place", "港口城市")}),
    ("capital", "犯罪嫌疑人逃往首都阿布贾后被抓获。", {("place", "阿布贾")}, {("person", "阿布贾")}),
    ("resort", "他们在旅游胜地帕塔亚落网。", {("place", "帕塔亚")}, {("person", "帕塔亚")}),
    ("small-towns", "农民工可以在小城镇落户。", set(), {("place", "小城镇")}),
    # kinds of area, not places, whatever jieba's tag; a proper name before the kind is a place
    ("coastal-areas", "这批物资将运往沿海地区。", set(), {("place", "沿海地区")}),
    ("poor-mountain-areas", "志愿者为贫困山区的孩子送去冬衣。", set(), {("place", "贫困山区")}),
    ("big-cities", "大城市的电信诈骗案件高发。", set(), {("place", "大城市")}),
    ("high-speed-rail", "他在高速铁路上逃票被查获。", set(), {("place", "高速铁路")}),
    ("named-zone", "深圳特区公安机关破获一起大案。", set(), {("place", "特区")}),
    ("town-named-longcheng", "案发地位于龙城镇一处工地。", {("place", "龙城镇")}, set()),
    ("riverside-park-stays", "傍晚市民在汉阳江滩散步。", {("place", "汉阳江滩")}, {("place", "汉阳")}),
    ("region-tail-stays", "西北地区东部有大风。", {("place", "西北地区")}, set()),
]


@rows(CASES)
def test_place_apposition(text: str, want: Found, never: Found) -> None:
    check(text, want, never)
