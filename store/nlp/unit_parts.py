"""The pieces unit mentions are made of, and the tests on a unit's own name.

Split from ``store.nlp.units`` (441 lines) by role: the grammar that finds heads stays
there, bureaus and places before a head are in ``store.nlp.unit_areas``, and what a
component is and whether a run of characters can name a station or team is here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.nlp.lexicon import GENERIC_UNIT_BODIES
from store.nlp.tokens import STOP_CHARS, Tokens, is_cjk, name_piece

ORDINAL = re.compile(r"第[一二三四五六七八九十百\d]+")
# Words that never start or sit inside a station or team name.
BODY_STOP = frozenset(
    {"民警", "辅警", "警察", "干警", "群众", "辖区", "当地", "属地", "所属", "基层", "全市", "全区", "全省", "全国", "各区",
     "市区", "公安", "机关", "部门", "单位", "队伍", "系统", "分局",
     "公安分局", "公安局", "公安处", "支队", "大队", "中队", "派出所", "社区民警", "我局",
     "本局", "该局", "我所", "本所", "该所", "各地", "多地", "两地", "异地", "外地", "本地", "各个", "所有", "相关", "有关"}
)
# Characters after which a unit name may begin (a preposition or conjunction).
LEFT_BOUNDARY = frozenset("在由从向对将把和与及据经自为被给到并且或是的让请经由同跟")
MUNICIPALITIES = frozenset({"北京", "天津", "上海", "重庆"})
# Words joining two units ("利济路派出所联合特警大队": jointly with, not one name).
JOINT = ("联合", "会同", "协同", "配合", "携手", "联手", "协助", "和", "与", "及", "同")
# Words before a unit kind that make it a kind ("各地巡警大队", "全市交警支队", "基层").
KIND_BEFORE = re.compile("(?:各地|各级|各|全市|全省|全国|全区|多个|所有|每个|基层|县级|市级|省级|多支|一支|这支|该)$")
# Verbs of posting and moving that jieba leaves glued to a name ("调往闻韶派出所").
POSTING_VERBS = (
    "调往", "调任", "调至", "调入", "调到", "派驻", "前往", "赶往", "来到", "赶到", "进驻", "转至", "移送", "送往", "驻守",
)


@dataclass(slots=True)
class Comp:
    """One component of a unit mention."""

    start: int
    end: int
    kind: str  # known (gazetteer) | local ("市公安局") | area (discovered bureau) | tentative | sub | self (bare 分局)
    name: str  # own name: gazetteer surface, or normalised sub-unit name
    level: str
    key: str | None = None  # gazetteer key (known) or discovered area key
    place_parent: str | None = None  # parent named by a leading place ("武昌区交通大队")


@dataclass(slots=True)
class UnitMention:
    paragraph: int
    start: int
    end: int
    comps: list[Comp]
    keys: list[str] = field(default_factory=list)  # resolved key per component
    parents_inferred: list[bool] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.keys[-1]


def proper_token(tokens: Tokens, start: int, end: int) -> bool:
    """One jieba token from start to end that is a name or unknown word, not a verb ("抽调")."""
    tok = tokens.at(start)
    return tok is not None and tok.start == start and tok.end == end and tok.tag in (None, "ns", "nr", "nrt", "nz", "j")


def lead_name(name: str) -> bool:
    """Whether two characters before a speciality can be a place name, not a verb or a word like 联合."""
    return name not in JOINT and name not in BODY_STOP and not any(c in STOP_CHARS or c in LEFT_BOUNDARY for c in name)


def after_verb(text: str, start: int, end: int) -> int:
    """Skip a posting or moving verb at the start of a name: "调往闻韶" -> "闻韶"."""
    for verb in POSTING_VERBS:
        if text.startswith(verb, start) and end - start - len(verb) >= 2:
            return start + len(verb)
    return start


def chained_name(tokens: Tokens, start: int, end: int) -> bool:
    """Whether the 2-4 characters between a named bureau and a station or post name it,
    whatever jieba's tags say: "平度市公安局同和派出所" (同/p 和/c), "会泽县公安局者海警务站"
    (者/k). Not a verb or a joining word ("分局指导派出所", "公安局与江汉派出所"), not a
    kind ("分局辖区派出所") and not a plural ("分局各派出所")."""
    gap = tokens.text[start:end]
    if not 2 <= len(gap) <= 4 or not all(is_cjk(c) for c in gap) or gap in BODY_STOP:
        return False
    if any(c in "各全该本我其这那每" for c in gap):
        return False
    if any(gap.startswith(j) and len(gap) - len(j) >= 2 for j in JOINT):
        return False  # "联合江汉派出所", "与利济派出所": the next unit, named after a joining word
    return not verb_gap(tokens, start, end)


def verb_gap(tokens: Tokens, start: int, end: int) -> bool:
    """Whether the characters between two heads hold a dictionary verb, adverb, preposition
    or conjunction of two or more characters, or are one such word: "分局组织派出所" (the
    branch organises the stations) names no station "组织派出所"."""
    pieces = [t for t in tokens.toks if t.end > start and t.start < end]
    if len(pieces) == 1 and (pieces[0].tag or "n")[0] in "vdpcr":
        return True
    return any(len(t.word) >= 2 and (t.word in BODY_STOP or (t.tag or "n")[0] in "vpcdr") for t in pieces)


def short_name(text: str) -> bool:
    """1-4 Chinese characters with no function word: a name squeezed between two heads."""
    return 1 <= len(text) <= 4 and all(is_cjk(c) and c not in LEFT_BOUNDARY and c not in "各全该本我其这那副正" for c in text)


def unit_name_piece(piece: str, tag: str | None) -> bool:
    """Whether a token may be part of a station, post or team name."""
    if ORDINAL.fullmatch(piece):
        return True
    return name_piece(piece, tag, BODY_STOP)


def good_body(body: str) -> bool:
    if len(body) < 2 or body in GENERIC_UNIT_BODIES:
        return False
    return not any(body.startswith(g) and body[len(g):] in GENERIC_UNIT_BODIES for g in GENERIC_UNIT_BODIES if len(g) < len(body))


def quoted_name(text: str, hs: int, he: int) -> int | None:
    """Start of a name written in quotes, “英模背包服务队”, if the head ends it."""
    if he >= len(text) or text[he] != "”":
        return None
    q = text.rfind("“", max(0, hs - 12), hs)
    if q < 0 or "”" in text[q:hs] or not all(is_cjk(c) for c in text[q + 1:hs]):
        return None
    return q + 1


def clean_name(name: str) -> str:
    return name.replace("“", "").replace("”", "")
