"""The unit gazetteer: Wuhan's data, alias resolution, context, hierarchy, user edits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.nlp.gazetteer import LEVELS, Gazetteer, Unit

ROOT = Path(__file__).resolve().parents[3]
QINGSHAN = "武汉市公安局青山区分局"
WUHAN = "武汉市公安局"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_every_wuhan_branch_hangs_under_the_city(gazetteer: Gazetteer) -> None:
    keys = {u.key: u for u in gazetteer.units()}
    for district in ("江岸", "江汉", "硚口", "汉阳", "武昌", "青山", "洪山", "东西湖", "蔡甸", "江夏", "黄陂", "新洲"):
        unit = keys[f"武汉市公安局{district}区分局"]
        assert (unit.parent, unit.level) == (WUHAN, "district")
    for key in ("武汉经开区公安分局", "东湖新技术开发区公安分局", "武汉市公安局东湖生态旅游风景区分局", "武汉市公安局长江新区分局"):
        assert keys[key].parent == WUHAN
    assert keys[WUHAN].parent == "湖北省公安厅"
    assert keys["湖北省公安厅"].parent == "公安部"
    assert keys["公安部"].level == "ministry"
    assert all(u.level in LEVELS for u in keys.values())


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("青山公安", QINGSHAN),
        ("青山警方", QINGSHAN),
        ("青山分局", QINGSHAN),
        ("青山区公安分局", QINGSHAN),
        ("青山公安分局", QINGSHAN),
        ("钢城分局", QINGSHAN),
        ("武汉化学工业区分局", QINGSHAN),
        ("武汉市公安局青山区分局", QINGSHAN),
        ("武汉市青山区公安分局", QINGSHAN),
        ("武汉公安", WUHAN),
        ("武汉警方", WUHAN),
        ("武汉市公安局", WUHAN),
        ("车谷公安", "武汉经开区公安分局"),
        ("武汉经开区分局", "武汉经开区公安分局"),
        ("汉南分局", "武汉经开区公安分局"),
        ("光谷公安", "东湖新技术开发区公安分局"),
        ("武昌警方", "武汉市公安局武昌区分局"),
        ("硚口区公安分局", "武汉市公安局硚口区分局"),
        ("东西湖区公安分局", "武汉市公安局东西湖区分局"),
        ("湖北省公安厅", "湖北省公安厅"),
        ("公安部", "公安部"),
        ("水上公安", "武汉市公安局水上分局"),
    ],
)
def test_global_aliases(gazetteer: Gazetteer, name: str, key: str) -> None:
    assert gazetteer.resolve(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [("市公安局", WUHAN), ("市局", WUHAN), ("省公安厅", "湖北省公安厅"), ("化学工业区分局", QINGSHAN), ("经开区公安分局", "武汉经开区公安分局")],
)
def test_local_aliases_need_an_article_context(gazetteer: Gazetteer, name: str, key: str) -> None:
    assert gazetteer.resolve(name) is None  # "市公安局" alone could be any city's
    assert gazetteer.resolve(name, context=QINGSHAN) == key
    assert gazetteer.resolve(name, context="武汉市公安局江夏区分局") == key


def test_unknown_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("北京市公安局") is None
    assert gazetteer.resolve("派出所") is None
    assert gazetteer.resolve("") is None


def test_global_aliases_are_unambiguous(gazetteer: Gazetteer) -> None:
    for unit in gazetteer.units():
        for name in (unit.key, *unit.aliases):
            assert gazetteer.resolve(name) == unit.key, name


def test_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.place_unit("青山区") == QINGSHAN
    assert gazetteer.place_unit("钢城") == QINGSHAN
    assert gazetteer.place_unit("光谷") == "东湖新技术开发区公安分局"
    assert gazetteer.place_unit("经开区") is None
    assert gazetteer.place_unit("经开区", context="武汉经开区公安分局") == "武汉经开区公安分局"
    places = gazetteer.place_names(QINGSHAN)
    assert places["武汉"] == WUHAN and places["化工区"] == QINGSHAN


def test_hierarchy(gazetteer: Gazetteer) -> None:
    assert gazetteer.ancestors(QINGSHAN) == [QINGSHAN, WUHAN, "湖北省公安厅", "公安部"]
    assert gazetteer.city_of(QINGSHAN) == WUHAN
    assert gazetteer.parent("公安部") is None
    assert gazetteer.level("不存在") is None


def test_subunit_synonyms_and_orgs(gazetteer: Gazetteer) -> None:
    assert gazetteer.subunit_name("人口大队") == "人口管理大队"
    assert gazetteer.subunit_name("刑侦大队") == "刑侦大队"
    assert gazetteer.org_key("武钢") == "武汉钢铁有限公司"


def test_adding_a_city_is_adding_data() -> None:
    toml = """
[templates]
city = ["{p}公安局", "{p}市公安局", "{p}公安", "{p}警方"]
district = ["{p}分局", "{p}公安分局", "{p}公安", "{p}警方", "{pp}{p}公安分局", "{parent}{p}分局"]

[[unit]]
key = "宜昌市公安局"
level = "city"
places = ["宜昌市", "宜昌"]
local_aliases = ["市公安局"]

[[unit]]
key = "宜昌市公安局夷陵区分局"
level = "district"
parent = "宜昌市公安局"
places = ["夷陵区", "夷陵"]
"""
    g = Gazetteer.from_toml(toml)
    assert g.resolve("夷陵警方") == "宜昌市公安局夷陵区分局"
    assert g.resolve("宜昌市夷陵区公安分局") == "宜昌市公安局夷陵区分局"
    assert g.resolve("宜昌公安") == "宜昌市公安局"
    assert g.resolve("市公安局", context="宜昌市公安局夷陵区分局") == "宜昌市公安局"
    assert isinstance(g.units()[0], Unit)


@given(st.text(max_size=12))
def test_resolve_never_raises(name: str) -> None:
    g = _shared()
    key = g.resolve(name, context=QINGSHAN)
    assert key is None or g.unit(key) is not None


_CACHE: list[Gazetteer] = []


def _shared() -> Gazetteer:
    if not _CACHE:
        _CACHE.append(Gazetteer.load())
    return _CACHE[0]


def test_import_is_cheap() -> None:
    code = "import sys, store.nlp.gazetteer; store.nlp.gazetteer.Gazetteer.load(); print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
