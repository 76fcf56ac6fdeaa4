"""Kinds of model spans Beat used to lose or mangle (issue 13), on sentences written here.

Each test names a kind of error found on the PD98 dev split, checked on synthetic
sentences in the style of news (not the benchmark's own sentences).
"""

from __future__ import annotations

import pytest

from store.nlp.entities import recognise
from store.nlp.gazetteer import Gazetteer
from store.nlp.model import _load, _viterbi, tag_texts


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def found(text: str, gazetteer: Gazetteer) -> set[tuple[str, str]]:
    return {(e.type, e.text) for e in recognise([text], gazetteer).entities}


def test_decoded_paths_obey_bio_whatever_the_emissions() -> None:
    """The shipped CRF transitions are noise (|t| <= 0.21): the decoder itself must forbid
    an inside tag after anything but its own kind's begin or inside tag."""
    import numpy as np

    _, _, transitions, _, _, _, labels = _load()
    emissions = np.random.default_rng(7).normal(0, 5, (64, 30, len(labels))).astype(np.float32)
    paths = _viterbi(np, emissions, transitions, np.full(64, 30))
    for path in paths.tolist():
        for i, tag in enumerate(path):
            kind, _, part = labels[tag].rpartition("-")
            if part == "I":
                assert i > 0, "a piece starts inside a word"
                prev_kind, _, prev_part = labels[path[i - 1]].rpartition("-")
                assert prev_kind == kind and prev_part in ("B", "I")


def test_a_name_is_not_split_or_glued_by_the_decoder() -> None:
    text = "美国总统克林顿派代表前来祝贺。"
    assert ("PER", "克林顿") in {(k, text[s:e]) for k, s, e in tag_texts([text])[0]}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("两国外长就中俄关系交换了意见。", {"中", "俄"}),
        ("该国总理下月将访华，并在京会见企业界人士。", {"华", "京"}),
        ("会谈中，美方表示愿意继续对话。", {"美"}),
        ("英法就渔业争端举行了会谈。", {"英", "法"}),
        ("该部长去年访英后又赴港考察。", {"英", "港"}),
        ("分析人士认为韩美间的分歧正在扩大。", {"韩", "美"}),  # the model reads a person there
    ],
)
def test_one_character_short_forms_in_their_frames_are_places(text: str, places: set[str], gazetteer: Gazetteer) -> None:
    assert {(("place", p)) for p in places} <= found(text, gazetteer)


@pytest.mark.parametrize(
    "text",
    [
        "这是美好的一天，中间还有一段插曲。",
        "他在日报社工作，负责美术编辑。",
        "民警在走访中发现，回访中也有群众反映，记者采访中得知。",
        "消防员奔赴一线，赴汉口支援。",
    ],
)
def test_short_form_characters_outside_the_frames_are_nothing(text: str, gazetteer: Gazetteer) -> None:
    assert [e for e in found(text, gazetteer) if e[0] == "place" and len(e[1]) == 1] == []


def test_a_team_named_after_its_country_is_one_org(gazetteer: Gazetteer) -> None:
    got = found("决赛在巴西女队与日本女队之间进行。", gazetteer)
    assert {("org", "巴西女队"), ("org", "日本女队")} <= got
    assert ("place", "巴西") not in got


def test_a_government_named_by_its_place_is_the_place(gazetteer: Gazetteer) -> None:
    got = found("据报道，法国政府已决定推迟这项计划。", gazetteer)
    assert ("place", "法国") in got
    assert not any(t == "org" and "政府" in name for t, name in got)




def test_a_name_with_the_next_character_glued_on_is_cut_back(gazetteer: Gazetteer) -> None:
    text = ["青山分局民警陈思远参警五年，屡破大案。", "去年，陈思远被评为优秀民警。"]
    got = {(e.type, e.text) for e in recognise(text, gazetteer).entities}
    assert ("person", "陈思远") in got
    assert not any(t == "person" and name.startswith("陈思远") and name != "陈思远" for t, name in got)



def test_a_dateline_names_a_place_whatever_the_model_says(gazetteer: Gazetteer) -> None:
    got = found("本报波恩5月25日电记者王明报道：会议今天闭幕。", gazetteer)
    assert ("place", "波恩") in got
    assert ("person", "波恩") not in got
    got = found("新华社香港6月3日电 当地今天举行庆祝活动。", gazetteer)
    assert ("place", "香港") in got


def test_weather_words_are_not_part_of_a_city(gazetteer: Gazetteer) -> None:
    got = found("台北阴26℃／35℃悉尼晴10℃／19℃", gazetteer)
    assert {("place", "台北"), ("place", "悉尼")} <= got
    assert not any(name.endswith(("阴", "晴")) for _, name in got)


def test_a_dateline_word_does_not_open_a_place(gazetteer: Gazetteer) -> None:
    got = found("本报讯江苏泰兴市今年新建了三所学校。", gazetteer)
    assert not any(name.startswith("本报讯") for _, name in got)


@pytest.mark.parametrize("text", ["学生与陈教授刚从外地回来。", "当天，胡老说起了往事。", "去世后，李大娘成了孤老。"])
def test_a_surname_with_a_title_is_not_a_full_name(text: str, gazetteer: Gazetteer) -> None:
    assert [e for e in found(text, gazetteer) if e[0] == "person"] == []


def test_a_given_name_ending_in_a_kinship_character_is_still_a_name(gazetteer: Gazetteer) -> None:
    from store.nlp.backbone import _person

    assert _person("俞平伯")



def test_a_dotted_foreign_name_is_one_person(gazetteer: Gazetteer) -> None:
    got = found("联合国艾滋病规划署执行干事彼得·皮奥在开幕式上讲话。", gazetteer)
    assert ("person", "彼得·皮奥") in got


def test_a_one_character_word_after_a_name_is_cut_off(gazetteer: Gazetteer) -> None:
    got = found("班长赵华说，大家要注意安全。", gazetteer)
    assert ("person", "赵华") in got and ("person", "赵华说") not in got


def test_a_countrys_army_is_the_country(gazetteer: Gazetteer) -> None:
    got = found("报道披露，美国军队曾在当地驻扎。", gazetteer)
    assert ("place", "美国") in got
    assert ("org", "美国军队") not in got


def test_a_common_word_before_a_place_noun_is_a_kind(gazetteer: Gazetteer) -> None:
    got = found("动物随意进入保护区，造成破坏；贫困县的学校也得到了资助。", gazetteer)
    assert ("place", "保护区") not in got and ("place", "贫困县") not in got




def test_mou_yi_is_a_certain_one_not_an_anonymised_person(gazetteer: Gazetteer) -> None:
    got = found("他长期从事于某一方面的研究。", gazetteer)
    assert [e for e in got if e[0] == "anon"] == []


def test_a_place_never_runs_over_a_persons_name(gazetteer: Gazetteer) -> None:
    got = found("村党支部副书记刘友明带队走村访户，了解群众困难。", gazetteer)
    assert ("person", "刘友明") in got


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("去年，沈阳化工集团公司的产值增长了两成。", "org", "沈阳化工集团公司"),  # a body takes in the city before it
        ("民警与武汉钢铁有限公司安全保卫部签订协议。", "org", "武汉钢铁有限公司"),  # a registered company keeps its name before a department
        ("俄罗斯外长普里马科夫今天抵达开罗。", "person", "普里马科夫"),  # long transcribed names are people
        ("他们认真学习马克思主义理论。", "person", "马克思"),  # the person a doctrine is named after
        ("合肥雷阵雨20℃／28℃，福州阴转雷阵雨26℃／31℃", "place", "合肥"),  # a city jieba files as a common word
        ("四日，市委书记张学忠主持会议。", "org", "市委"),  # the committee inside a secretary's title
    ],
)
def test_one_entity_of_a_kind(text: str, kind: str, name: str, gazetteer: Gazetteer) -> None:
    assert (kind, name) in found(text, gazetteer)
