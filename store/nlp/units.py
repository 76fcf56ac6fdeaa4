"""Police-unit mentions: found from their head words, keyed through the gazetteer.

A mention is a chain of components written in one piece: "武汉市公安局江夏区分局" +
"庙山派出所", or "青山公安" + "大数据实战中心". Each component is found from its head
word (派出所, 大队, 分局 ...) by character; its left edge comes from gazetteer names,
speciality lists or jieba tokens, never from a raw regex (which would make
"带领光明社区警务室" a unit). Keys are resolved afterwards, per article, by
``store.nlp.unit_keys``: "市公安局" and a bare "刑侦大队" mean whatever the article is about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import takewhile

from store.nlp.gazetteer import Gazetteer
from store.nlp.lexicon import (
    ADMIN_SUFFIXES,
    CENTER_KINDS,
    CENTER_MODIFIERS,
    CITIES,
    GENERIC_UNIT_BODIES,
    POST_HEADS,
    PROVINCES,
    SPECIALTIES,
    STUDIO_HEADS,
    SURNAMES,
    TEAM_HEADS,
)
from store.nlp.tokens import STOP_CHARS, STOP_TAGS, Tokens, extend_left, is_cjk, name_piece

_AREA_HEADS = ("公安部", "公安厅", "公安分局", "公安局", "分局", "警方", "公安", "市局", "省厅")
_BRIGADE_HEADS = {"总队": "corps", "支队": "detachment", "大队": "brigade", "中队": "squad", "分队": "squad"}
_DEPT_HEADS = ("指挥处", "政治处", "警务处")
_DETENTION_HEADS = ("看守所", "拘留所", "戒毒所")
# "公安机关", "公安部门", "公安系统" are kinds of body, not units: no head starts inside them
# ("成都市公安部门" is not 公安部, "江苏省公安机关" not 江苏省公安).
_KIND_GUARD = "(?!公安(?:机关|部门|系统|战线)|公安部门)"
_CENTER_HEAD = "(?:" + "|".join(sorted(CENTER_KINDS, key=len, reverse=True)) + ")中心"
_HEAD_RE = re.compile(
    _KIND_GUARD
    + "(?:"
    + "|".join(
        sorted(
            [*_AREA_HEADS, "派出所", *POST_HEADS, *_DEPT_HEADS, *STUDIO_HEADS, *TEAM_HEADS, *_DETENTION_HEADS],
            key=len,
            reverse=True,
        )
    )
    + "|(?:总队|支队|大队|中队|分队)(?!长)"  # not the titles 大队长, 支队长
    + "|"
    + _CENTER_HEAD
    + ")"
)
_SPECIALTY_RE = re.compile(
    "(?:" + "|".join(sorted(SPECIALTIES, key=len, reverse=True)) + "){0,3}[一二三四五六七八九十0-9]*$"
)
_MODIFIERS = sorted(CENTER_MODIFIERS, key=len, reverse=True)
_SPEC_NAMED = re.compile("(?:" + "|".join(sorted(SPECIALTIES, key=len, reverse=True)) + ")[\u4e00-\u9fff]{2}$")
# A two-character place name opening a clause or after 联合/和/与, then a speciality.
_NAME_BEFORE = re.compile("(?:^|[，。；：、（“\\s]|联合|会同|和|与|及)([\u4e00-\u9fff]{2})$")
# A city (and a district or county of it) before a centre: "银川市金凤区反诈中心".
_CITY_BEFORE = re.compile("(" + "|".join(sorted(CITIES, key=len, reverse=True)) + ")市?(?:([\u4e00-\u9fff]{1,3})([区县]))?$")
_ORDINAL = re.compile(r"第[一二三四五六七八九十百\d]+")
# Words that never start or sit inside a station or team name.
_BODY_STOP = frozenset(
    {"民警", "辅警", "警察", "干警", "群众", "辖区", "当地", "属地", "所属", "基层", "全市", "全区", "全省", "全国", "各区",
     "市区", "公安", "机关", "部门", "单位", "队伍", "系统", "分局", "支队", "大队", "中队", "派出所", "社区民警", "我局",
     "本局", "该局", "我所", "本所", "该所", "各地", "多地", "两地", "异地", "外地", "本地", "各个", "所有", "相关", "有关"}
)
# Characters after which a unit name may begin (a preposition or conjunction).
_LEFT_BOUNDARY = frozenset("在由从向对将把和与及据经自为被给到并且或是的让请经由同跟")
_VAGUE_CENTERS = frozenset({"指挥", "数据", "侦查", "研判", "情报"})
_MUNICIPALITIES = frozenset({"北京", "天津", "上海", "重庆"})
_PROVINCE_PREFIX = re.compile("^(?:" + "|".join(PROVINCES) + ")(?:省|自治区|壮族自治区|回族自治区|维吾尔自治区)?(?=.+[市州县盟])")


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


def find_unit_mentions(
    paragraph: int, tokens: Tokens, gazetteer: Gazetteer, model_orgs: Sequence[tuple[int, int]] = ()
) -> list[UnitMention]:
    """Candidate unit mentions in one paragraph (keys resolved later, per article).

    ``model_orgs`` are the statistical model's organisation spans: where one ends at a
    station head, it may supply the name's left edge that jieba's tags hid ("青年/t 路"),
    and the grammar still judges the name."""
    text = tokens.text
    hint = {e: s for s, e in model_orgs}
    comps: list[Comp] = []
    for m in _HEAD_RE.finditer(text):
        hs, he = m.span()
        head = m.group()
        if comps and hs < comps[-1].end:
            continue
        comp = _component(text, tokens, hs, he, head, comps, gazetteer, hint.get(he))
        if comp is None:
            continue
        while comps and comp.start < comps[-1].end:  # an alias swallowed earlier parts
            comps.pop()
        comps.append(comp)
    return _chains(paragraph, text, comps)


def _component(
    text: str, tokens: Tokens, hs: int, he: int, head: str, comps: list[Comp], gazetteer: Gazetteer, hint: int | None = None
) -> Comp | None:
    prev = comps[-1] if comps else None
    limit = prev.end if prev else 0
    alias = _alias(text, tokens, hs, he, head, comps, gazetteer)
    if alias:
        return alias
    if head in _AREA_HEADS:
        return _area(text, tokens, hs, he, head, prev, limit, gazetteer)
    quoted = _quoted_name(text, hs, he)
    if head == "派出所" or head in POST_HEADS or head in TEAM_HEADS or head in STUDIO_HEADS or head in _DETENTION_HEADS:
        start = quoted if quoted is not None and quoted >= limit else extend_left(tokens, hs, _name_piece, limit, 8)
        if (
            hint is not None
            and limit <= hint < start
            and hs - hint <= 8
            and all(is_cjk(c) and c not in STOP_CHARS for c in text[hint:start])
        ):
            start = hint  # the model's edge, where a word jieba tagged oddly stopped the walk
        start = _after_verb(text, start, hs)
        body = text[start:hs]
        if start == hs and prev is not None and prev.kind != "self" and prev.end < hs and _short_name(text[prev.end:hs]):
            start = prev.end  # a numeral-named station under its branch: "江岸区分局二七派出所"
            body = text[start:hs]
        place_parent, body = _place_prefix(body, gazetteer)
        if head in STUDIO_HEADS and not (body and body[0] in SURNAMES and 2 <= len(body) <= 7):
            return None
        if (
            not _good_body(body)
            and not (head in POST_HEADS and _ORDINAL.fullmatch(body))
            and not (prev and prev.end == start and body)
        ):
            return None
        level = (
            "station"
            if head == "派出所"
            else "post"
            if head in POST_HEADS
            else "studio"
            if head in STUDIO_HEADS
            else "team"
            if head in TEAM_HEADS
            else "detention"
        )
        return Comp(start, he, "sub", _clean(body + head), level, place_parent=place_parent)
    if head in _BRIGADE_HEADS:
        spec = _SPECIALTY_RE.search(text, max(limit, hs - 10), hs)
        start = spec.start() if spec else hs
        between = text[prev.end:hs] if prev is not None else ""
        if prev is not None and prev.end < start and _short_name(between) and not between.startswith(_JOINT):
            start = prev.end  # a place-named brigade under a named unit: "交通警察支队南山大队"
        if start == hs and (named := _SPEC_NAMED.search(text, max(limit, hs - 12), hs)):
            start = named.start()  # a speciality and a place name: "交警太平大队"
        elif (
            spec
            and spec.group()
            and (lead := _NAME_BEFORE.search(text, max(limit, start - 6), start))
            and _lead_name(lead.group(1))
            and _proper_token(tokens, lead.start(1), start)
        ):
            start = lead.start(1)  # a place name and a speciality: "（联合）水头交警中队"
        if start == hs and not (prev and prev.end == hs):
            return None  # bare "大队"
        if _KIND_BEFORE.search(text, max(0, start - 4), start) and not (prev and prev.end == start):
            return None  # "各地巡警大队", "基层派出所": a kind named with a plural or a level
        if spec and spec.group() and not re.search(r"\D", spec.group()) and not (prev and prev.end == start):
            return None  # "3个大队" was cut to "大队"; digits alone name nothing
        own = gazetteer.subunit_name(text[start:he])
        place_parent, start = _leading_place(text, tokens, start, limit, gazetteer)
        return Comp(start, he, "sub", own, _BRIGADE_HEADS[head], place_parent=place_parent)
    if head in _DEPT_HEADS:
        start = hs - 2 if text[max(0, hs - 2):hs] in ("警务", "勤务", "情报") else hs
        if not (prev and prev.end == start):
            return None  # departments only count under a named unit
        return Comp(start, he, "sub", text[start:he], "department")
    # a centre: modifiers then kind, e.g. "大数据实战中心", "“情指行”一体化作战中心"
    start = hs
    while True:
        for mod in _MODIFIERS:
            if start - len(mod) >= limit and text.startswith(mod, start - len(mod)):
                start -= len(mod)
                break
        else:
            break
    if start == hs and not (prev and prev.end == hs) and head[:-2] in _VAGUE_CENTERS:
        return None  # a bare "指挥中心" says what, not whose
    own = _clean(text[start:he])
    place = _CITY_BEFORE.search(text, max(limit, start - 10), start) if not (prev and prev.end == start) else None
    if place and (place.start() == 0 or not is_cjk(text[place.start() - 1]) or tokens.starts_token(place.start())):
        city, district, suffix = place.groups()
        parent = city + "市公安局" + (district + suffix + ("分局" if suffix == "区" else "公安局") if district else "")
        return Comp(place.start(), he, "sub", own, "center", place_parent=parent)
    return Comp(start, he, "sub", own, "center")


def _alias(text: str, tokens: Tokens, hs: int, he: int, head: str, comps: list[Comp], gazetteer: Gazetteer) -> Comp | None:
    """The longest gazetteer name ending at ``he`` (it may swallow earlier components)."""
    floor = comps[-1].end if comps else 0  # an alias may cover whole earlier components, never half of one
    reach = min(gazetteer.max_alias_len, he)
    # components run in text order; only those an alias can reach matter (all: quadratic)
    starts = {c.start for c in takewhile(lambda c: c.start >= he - reach, reversed(comps))}
    for length in range(reach, len(head) - 1, -1):
        s = he - length
        if s < floor and s not in starts:
            continue
        name = text[s:he]
        if not gazetteer.is_name(name):
            continue
        if length <= 2 and not (tokens.starts_token(s) and tokens.ends_token(he)):
            continue  # "市局" must be a word of its own, not the middle of "超市局部"
        if s and is_cjk(text[s - 1]) and text[s - 1] not in _LEFT_BOUNDARY:
            if not tokens.starts_token(s) or not gazetteer.resolve(name):
                continue  # the tail of a longer name: "成都市公安局" is not "市公安局"
        key = gazetteer.resolve(name)
        return Comp(s, he, "known" if key else "local", name, (gazetteer.level(key) if key else "") or "", key)
    return None


def _area(
    text: str, tokens: Tokens, hs: int, he: int, head: str, prev: Comp | None, limit: int, gazetteer: Gazetteer
) -> Comp | None:
    """A bureau or branch not in the gazetteer: "北京市公安局朝阳分局", "黄浦区公安分局"."""
    if prev is not None and prev.kind != "self" and prev.level in ("city", "province") and _short_name(text[prev.end : hs]):
        start = prev.end  # "哈尔滨市公安局道里分局": whatever names the branch, jieba aside
    else:
        start = _place_start(text, tokens, hs, limit)
    place = text[start:hs]
    chained = prev is not None and prev.end == start and prev.kind != "self" and prev.level in ("city", "province", "ministry")
    if head == "分局" and not place:
        if hs == 0 or not is_cjk(text[hs - 1]) or text[hs - 1] in "在由从向对将把和与及、" or text[hs - 1] in STOP_CHARS:
            return Comp(hs, he, "self", head, "district")  # bare 分局: only kept before a sub-unit
        return None
    if not place or place in ("省", "市", "区", "县"):
        return None
    city = next((c for c in (*_MUNICIPALITIES, *CITIES) if place.startswith(c) and 2 <= len(place) - len(c) <= 3), None)
    if city and head in ("公安分局", "分局", "警方", "公安") and not place.endswith(ADMIN_SUFFIXES) and not chained:
        rest = place[len(city) :].lstrip("市")  # "上海普陀公安分局", "苏州吴中警方": a city and its district's short form
        if len(rest) >= 2:
            return Comp(start, he, "area", place + head, "district", city + "市公安局" + rest + "分局")
    if head in ("公安", "警方"):
        stem = place.rstrip("省市")
        if place.endswith(("区", "县")):
            return Comp(
                start,
                he,
                "area",
                place + head,
                "district" if place.endswith("区") else "county",
                place + ("公安分局" if place.endswith("区") else "公安局"),
            )
        if stem in _MUNICIPALITIES or stem in CITIES:
            return Comp(start, he, "area", place + head, "city", stem + "市公安局")
        if stem in PROVINCES:
            return Comp(start, he, "area", place + head, "province", stem + "省公安厅")
        if 2 <= len(place) <= 4:
            return Comp(start, he, "tentative", place + head, "district")  # "锦江警方": kept if 锦江分局 is named
        return None
    known_place = place.endswith(ADMIN_SUFFIXES) or place.rstrip("市省") in CITIES or place.rstrip("市省") in PROVINCES
    if not (known_place or chained or _is_place_token(tokens, start, hs)):
        return None
    if head == "公安部":
        return None
    level = {"公安厅": "province", "公安局": "county" if place.endswith("县") else "city"}.get(head, "district")
    if head in ("公安分局", "分局") and chained and prev is not None and prev.key:
        return Comp(start, he, "area", place + head, level, prev.key + place + "分局")
    if head == "公安局" and place.rstrip("市") in _MUNICIPALITIES | set(CITIES) and not place.endswith("市"):
        return Comp(start, he, "area", place + head, level, place + "市公安局")
    own = _PROVINCE_PREFIX.sub("", place) if head == "公安局" else place  # 湖南省长沙市 -> 长沙市
    return Comp(start, he, "area", place + head, level, own + head)


def _place_start(text: str, tokens: Tokens, hs: int, limit: int) -> int:
    """Start of the place before a bureau head; past a full "X市" only another level may
    follow ("湖南省长沙市"), so "会同普洱市公安局" starts at 普洱."""
    start = hs
    for s, e, tag in tokens.pieces_left(hs, limit):
        piece = text[s:e]
        if hs - s > 8 or not _place_piece(piece, tag):
            break
        place = text[start:hs]
        if len(place) >= 2 and place.endswith(ADMIN_SUFFIXES) and start < hs:
            if not (piece.endswith(ADMIN_SUFFIXES) or piece in PROVINCES or piece in CITIES):
                break
        start = s
    return start


# Words joining two units ("利济路派出所联合特警大队": jointly with, not one name).
_JOINT = ("联合", "会同", "协同", "配合", "携手", "联手", "协助", "和", "与", "及", "同")
# Words before a unit kind that make it a kind ("各地巡警大队", "全市交警支队", "基层").
_KIND_BEFORE = re.compile("(?:各地|各级|各|全市|全省|全国|全区|多个|所有|每个|基层|县级|市级|省级|多支|一支|这支|该)$")
# Verbs of posting and moving that jieba leaves glued to a name ("调往闻韶派出所").
_POSTING_VERBS = (
    "调往", "调任", "调至", "调入", "调到", "派驻", "前往", "赶往", "来到", "赶到", "进驻", "转至", "移送", "送往", "驻守",
)


def _proper_token(tokens: Tokens, start: int, end: int) -> bool:
    """One jieba token from start to end that is a name or unknown word, not a verb ("抽调")."""
    tok = tokens.at(start)
    return tok is not None and tok.start == start and tok.end == end and tok.tag in (None, "ns", "nr", "nrt", "nz", "j")


def _lead_name(name: str) -> bool:
    """Whether two characters before a speciality can be a place name, not a verb or a word like 联合."""
    return name not in _JOINT and name not in _BODY_STOP and not any(c in STOP_CHARS or c in _LEFT_BOUNDARY for c in name)


def _after_verb(text: str, start: int, end: int) -> int:
    """Skip a posting or moving verb at the start of a name: "调往闻韶" -> "闻韶"."""
    for verb in _POSTING_VERBS:
        if text.startswith(verb, start) and end - start - len(verb) >= 2:
            return start + len(verb)
    return start


def _short_name(text: str) -> bool:
    """1-4 Chinese characters with no function word: a name squeezed between two heads."""
    return 1 <= len(text) <= 4 and all(is_cjk(c) and c not in _LEFT_BOUNDARY and c not in "各全该本我其这那副正" for c in text)


def _is_place_token(tokens: Tokens, start: int, end: int) -> bool:
    tok = tokens.at(start)
    return tok is not None and tok.start == start and tok.end == end and tok.tag == "ns"


def _place_piece(piece: str, tag: str | None) -> bool:
    """A token that may be (part of) the place before 公安局/分局; checked again after."""
    if not all(is_cjk(c) for c in piece) or piece in _BODY_STOP:
        return False
    if tag is None or piece in CITIES or piece in PROVINCES:  # "大连" is tagged an adverb
        return len(piece) > 1 or piece in "省市区县"
    return tag not in STOP_TAGS and (len(piece) > 1 or piece in "省市区县")


def _name_piece(piece: str, tag: str | None) -> bool:
    """Whether a token may be part of a station, post or team name."""
    if _ORDINAL.fullmatch(piece):
        return True
    return name_piece(piece, tag, _BODY_STOP)


def _good_body(body: str) -> bool:
    if len(body) < 2 or body in GENERIC_UNIT_BODIES:
        return False
    return not any(body.startswith(g) and body[len(g):] in GENERIC_UNIT_BODIES for g in GENERIC_UNIT_BODIES if len(g) < len(body))


def _quoted_name(text: str, hs: int, he: int) -> int | None:
    """Start of a name written in quotes, “英模背包服务队”, if the head ends it."""
    if he >= len(text) or text[he] != "”":
        return None
    q = text.rfind("“", max(0, hs - 12), hs)
    if q < 0 or "”" in text[q:hs] or not all(is_cjk(c) for c in text[q + 1:hs]):
        return None
    return q + 1


def _place_prefix(body: str, gazetteer: Gazetteer) -> tuple[str | None, str]:
    """Split a leading district off a name: "江夏区庙山" -> (江夏 branch, "庙山")."""
    for n in range(min(len(body) - 2, 9), 1, -1):
        place = body[:n]
        if place.endswith(("区", "县", "市")):
            key = gazetteer.place_unit(place)
            if key:
                return key, body[n:]
    return None, body


def _leading_place(text: str, tokens: Tokens, start: int, limit: int, gazetteer: Gazetteer) -> tuple[str | None, int]:
    """A district written right before a brigade: "武昌区交通大队"."""
    for n in range(min(9, start - limit), 1, -1):
        place = text[start - n:start]
        if place.endswith(("区", "县", "市")) and (key := gazetteer.place_unit(place)):
            if start - n == 0 or not is_cjk(text[start - n - 1]) or tokens.starts_token(start - n):
                return key, start - n
    for n in range(min(5, start - limit), 1, -1):  # a city or province anywhere: "南昌市交警支队"
        place = text[start - n:start]
        stem = place[:-1] if place[-1] in "市省" else place
        if place[-1] not in "市省" and stem not in _MUNICIPALITIES:
            continue
        key = stem + "市公安局" if stem in CITIES or stem in _MUNICIPALITIES else stem + "省公安厅" if stem in PROVINCES else None
        if key and (start - n == 0 or not is_cjk(text[start - n - 1]) or tokens.starts_token(start - n)):
            return key, start - n
    return None, start


def _clean(name: str) -> str:
    return name.replace("“", "").replace("”", "")


def _chains(paragraph: int, text: str, comps: list[Comp]) -> list[UnitMention]:
    """Group adjacent components into mentions; drop a bare 分局 that heads nothing."""
    out: list[UnitMention] = []
    chain: list[Comp] = []

    def flush() -> None:
        if chain and not (len(chain) == 1 and chain[0].kind == "self"):
            out.append(UnitMention(paragraph, chain[0].start, chain[-1].end, list(chain)))
        chain.clear()

    for comp in comps:
        if chain and (comp.start != chain[-1].end or comp.kind in ("known", "local", "area") and chain[-1].kind == "sub"):
            flush()
        if chain and chain[-1].kind == "self" and comp.kind != "sub":
            chain.clear()
        chain.append(comp)
    flush()
    return out
