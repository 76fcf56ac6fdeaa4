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
    ],
)
def test_one_character_short_forms_in_their_frames_are_places(text: str, places: set[str], gazetteer: Gazetteer) -> None:
    assert {(("place", p)) for p in places} <= found(text, gazetteer)


@pytest.mark.parametrize("text", ["这是美好的一天，中间还有一段插曲。", "他在日报社工作，负责美术编辑。"])
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


def test_a_body_takes_in_the_city_before_it(gazetteer: Gazetteer) -> None:
    got = found("去年，沈阳化工集团公司的产值增长了两成。", gazetteer)
    assert ("org", "沈阳化工集团公司") in got


def test_a_registered_company_keeps_its_name_before_a_department(gazetteer: Gazetteer) -> None:
    got = found("民警与武汉钢铁有限公司安全保卫部签订协议。", gazetteer)
    assert ("org", "武汉钢铁有限公司") in got


def test_a_name_with_the_next_character_glued_on_is_cut_back(gazetteer: Gazetteer) -> None:
    text = ["青山分局民警陈思远参警五年，屡破大案。", "去年，陈思远被评为优秀民警。"]
    got = {(e.type, e.text) for e in recognise(text, gazetteer).entities}
    assert ("person", "陈思远") in got
    assert not any(t == "person" and name.startswith("陈思远") and name != "陈思远" for t, name in got)


def test_long_transcribed_names_are_people(gazetteer: Gazetteer) -> None:
    got = found("俄罗斯外长普里马科夫今天抵达开罗。", gazetteer)
    assert ("person", "普里马科夫") in got
