"""The nationwide admin-division list and what the unit grammar makes of it (issue 13)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from store.ingest.analysis import _gazetteer
from store.nlp.divisions import Divisions, load
from store.nlp.entities import recognise

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def divs() -> Divisions:
    return load()


def test_every_level_of_every_province_is_there(divs: Divisions) -> None:
    levels = [d.level for d in divs.by_code.values()]
    assert levels.count("province") == 34
    assert levels.count("city") >= 330 and levels.count("county") >= 2800
    # every division hangs under one that exists, up to a province
    assert all(divs.chain(d)[-1].level == "province" for d in divs.by_code.values())
    data = ROOT / "store" / "nlp" / "data" / "admin_divisions.tsv.gz"
    assert data.stat().st_size < 60_000  # small enough to ship


@pytest.mark.parametrize(
    ("text", "name", "key", "parent"),
    [
        ("湖南省长沙市", "长沙市", "长沙市公安局", "湖南省公安厅"),
        ("苏州吴中", "吴中区", "苏州市公安局吴中分局", "苏州市公安局"),
        ("咸阳市乾县", "乾县", "乾县公安局", "咸阳市公安局"),
        ("恩施州", "恩施土家族苗族自治州", "恩施土家族苗族自治州公安局", "湖北省公安厅"),
        ("兴安盟", "兴安盟", "兴安盟公安局", "内蒙古自治区公安厅"),
        ("四子王旗", "四子王旗", "四子王旗公安局", "乌兰察布市公安局"),
        ("北京市朝阳区", "朝阳区", "北京市公安局朝阳分局", "北京市公安局"),
        ("浦东新区", "浦东新区", "上海市公安局浦东分局", "上海市公安局"),
        ("仙桃", "仙桃市", "仙桃市公安局", "湖北省公安厅"),
        ("广西壮族自治区", "广西壮族自治区", "广西壮族自治区公安厅", "公安部"),
    ],
)
def test_names_short_forms_and_parents(divs: Divisions, text: str, name: str, key: str, parent: str) -> None:
    found = divs.chain_ending(text, len(text))
    assert found is not None and found[0] == 0
    d = found[1]
    assert (d.name, divs.bureau_key(d), divs.unit_parent(d)) == (name, key, parent)


@pytest.mark.parametrize("text", ["朝阳", "鼓楼区", "城区", "西湖区", "公安"])
def test_an_ambiguous_or_unknown_name_names_nothing(divs: Divisions, text: str) -> None:
    assert divs.chain_ending(text, len(text)) is None


def test_an_earlier_unit_settles_an_ambiguous_short_form(divs: Divisions) -> None:
    beijing = divs.of_key("北京市公安局")
    found = divs.chain_ending("朝阳", 2, outer=beijing)
    assert found is not None and divs.bureau_key(found[1]) == "北京市公安局朝阳分局"


def test_a_county_name_used_twice_keeps_its_city(divs: Divisions) -> None:
    twice = [d for d in divs.lookup("通州区")]
    assert len(twice) == 2 and len({divs.bureau_key(d) for d in twice}) == 2


def _units(text: str) -> tuple[list[tuple[str, str]], dict[str, str | None]]:
    a = recognise([text], _gazetteer())
    return [(e.text, e.key) for e in a.entities if e.type == "unit"], {r.key: r.parent for r in a.units}


@pytest.mark.parametrize(
    ("text", "unit", "key", "chain"),
    [
        ("颍上县公安局民警在商场附近抓获一名网上逃犯。", "颍上县公安局", "颍上县公安局", ["阜阳市公安局", "安徽省公安厅", "公安部"]),
        ("四子王旗公安局破获一起盗窃牲畜案。", "四子王旗公安局", "四子王旗公安局", ["乌兰察布市公安局", "内蒙古自治区公安厅"]),
        ("苏州吴中警方通报，一男子在景区盗窃手机被拘。", "苏州吴中警方", "苏州市公安局吴中分局", ["苏州市公安局", "江苏省公安厅"]),
        ("吴中警方提醒游客保管好随身财物。", "吴中警方", "苏州市公安局吴中分局", ["苏州市公安局"]),
        ("延边州公安局刑侦支队破获一起跨境案件。", "延边州公安局刑侦支队", "延边朝鲜族自治州公安局刑侦支队", ["延边朝鲜族自治州公安局", "吉林省公安厅"]),
        ("乾县交警大队在国道沿线开展夜查。", "乾县交警大队", "乾县公安局交通大队", ["乾县公安局", "咸阳市公安局", "陕西省公安厅"]),
        ("镇雄县公安局中屯派出所民警走访辖区群众。", "镇雄县公安局中屯派出所", "镇雄县公安局中屯派出所", ["镇雄县公安局", "昭通市公安局", "云南省公安厅"]),
    ],
)
def test_a_unit_anywhere_gets_its_place_and_parents(text: str, unit: str, key: str, chain: list[str]) -> None:
    units, parents = _units(text)
    assert (unit, key) in units
    up = parents[key]
    for expected in chain:
        assert up == expected
        up = parents[up]


def test_a_unit_written_in_full_gets_the_key_of_its_division() -> None:
    """One key however the text writes the branch (issue 13: counts add up across articles)."""
    units, parents = _units("广州市公安局天河区分局通报一起诈骗案。")
    assert units == [("广州市公安局天河区分局", "广州市公安局天河分局")]
    assert parents["广州市公安局天河分局"] == "广州市公安局" and parents["广州市公安局"] == "广东省公安厅"


def test_the_list_loads_lazily() -> None:
    code = "import sys, store.nlp.units, store.nlp.divisions as d; print(d.load.cache_info().currsize, 'jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]
