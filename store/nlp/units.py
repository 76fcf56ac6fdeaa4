"""Police-unit mentions: found from their head words, keyed through the gazetteer.

A mention is a chain of components written in one piece: "武汉市公安局江夏区分局" +
"庙山派出所", or "青山公安" + "大数据实战中心". Each component is found from its head
word (派出所, 大队, 分局 ...) by character; its left edge comes from gazetteer names,
speciality lists or jieba tokens, never from a raw regex (which would make
"带领光明社区警务室" a unit). Keys are resolved afterwards, per article, by
``store.nlp.unit_keys``: "市公安局" and a bare "刑侦大队" mean whatever the article is about.
The place before a bureau head is read in ``store.nlp.unit_areas`` (with China's admin
divisions, ``store.nlp.divisions``); components and name tests are in ``store.nlp.unit_parts``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile

from store.nlp.gazetteer import Gazetteer
from store.nlp.lexicon import (
    CENTER_KINDS,
    CENTER_MODIFIERS,
    CITIES,
    PERSON_ANCHORS,
    POST_HEADS,
    SPECIALTIES,
    STUDIO_HEADS,
    SURNAMES,
    TEAM_HEADS,
)
from store.nlp.tokens import STOP_CHARS, Tokens, extend_left, is_cjk
from store.nlp.unit_areas import area_comp, division_prefix, leading_place, place_prefix, traffic_alias
from store.nlp.unit_parts import (
    JOINT,
    KIND_BEFORE,
    LEFT_BOUNDARY,
    ORDINAL,
    Comp,
    UnitMention,
    after_verb,
    chained_name,
    clean_name,
    good_body,
    lead_name,
    proper_token,
    quoted_name,
    short_name,
    unit_name_piece,
    verb_gap,
)

__all__ = ["Comp", "UnitMention", "find_unit_mentions"]

# 边检总站: a province's border-inspection corps, over its 边境管理支队 ("云南边检总站").
_AREA_HEADS = ("公安部", "公安厅", "公安分局", "公安局", "公安处", "分局", "警方", "公安", "市局", "省厅", "边检总站")
_BRIGADE_HEADS = {"总队": "corps", "支队": "detachment", "大队": "brigade", "中队": "squad", "分队": "squad"}
_DEPT_HEADS = ("指挥处", "政治处", "警务处", "指挥室")
# Bureaus of the ministry and of a province's department ("公安部刑侦局", "公安厅出入境管理局"):
# only under a named unit, like departments.
_BUREAU_HEADS = (
    "刑侦局", "经侦局", "治安管理局", "出入境管理局", "交通管理局", "禁毒局", "网络安全保卫局", "反恐怖局", "监所管理局",
)
# Words after a bare speciality brigade that make it a kind: "加强巡警大队建设".
_KIND_AFTER = ("建设", "工作", "改革", "体系", "职能", "机制", "规范化", "标准化", "等警种", "等部门", "等单位")
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
            [*_AREA_HEADS, "派出所", *POST_HEADS, *_DEPT_HEADS, *_BUREAU_HEADS, *STUDIO_HEADS, *TEAM_HEADS, *_DETENTION_HEADS],
            key=len,
            reverse=True,
        )
    )
    + "|(?:总队|支队|大队|中队|分队)(?!长)"  # not the titles 大队长, 支队长
    + "|交警(?![\u4e00-\u9fff0-9]{0,4}?(?:总队|支队|大队|中队|分队)|部门|系统|队伍)"  # "定安交警", not 交警大队
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
_VAGUE_CENTERS = frozenset({"指挥", "数据", "侦查", "研判", "情报"})


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
    if head == "交警":
        return traffic_alias(text, tokens, hs, he, limit, gazetteer)
    if head in _AREA_HEADS:
        return area_comp(text, tokens, hs, he, head, prev, limit, gazetteer)
    quoted = quoted_name(text, hs, he)
    if head == "派出所" or head in POST_HEADS or head in TEAM_HEADS or head in STUDIO_HEADS or head in _DETENTION_HEADS:
        start = quoted if quoted is not None and quoted >= limit else extend_left(tokens, hs, unit_name_piece, limit, 8)
        if (
            hint is not None
            and limit <= hint < start
            and hs - hint <= 8
            and all(is_cjk(c) and c not in STOP_CHARS for c in text[hint:start])
        ):
            if not _HEAD_RE.search(text, hint, start) and not any(j in text[hint:start] for j in JOINT[:6]):
                start = hint  # the model's edge, where a word jieba tagged oddly stopped the walk
        start = after_verb(text, start, hs)
        body = text[start:hs]
        if (
            start == hs
            and prev is not None
            and prev.kind != "self"
            and prev.end < hs
            and short_name(text[prev.end:hs])
            and not verb_gap(tokens, prev.end, hs)
        ):
            start = prev.end  # a numeral-named station under its branch: "江岸区分局二七派出所"
            body = text[start:hs]
        elif prev is not None and prev.kind in ("area", "known", "local") and prev.end < start:
            if chained_name(tokens, prev.end, hs):
                start = prev.end  # in one piece after its bureau, whatever jieba's tags: "平度市公安局同和派出所"
                body = text[start:hs]
        place_parent, body = place_prefix(body, gazetteer)
        if head in STUDIO_HEADS and (officer := _officer_studio(text, tokens, hs, limit)) is not None:
            start, body = officer, text[officer:hs]  # "楼希平调解工作室": the officer's name and a kind word jieba tags a verb
        if head in STUDIO_HEADS and not (2 <= len(body) <= 7 and (body[0] in SURNAMES or _named_officer(text, body))):
            return None
        # a station's own post, named by the station: "宣州机场派出所警务室"
        station_post = head in POST_HEADS and not body and prev is not None and prev.end == hs and prev.level == "station"
        if (
            not good_body(body)
            and not (head in POST_HEADS and ORDINAL.fullmatch(body))
            and not (prev and prev.end == start and body)
            and not (station_post and not text.startswith(_KIND_AFTER, he))
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
        return Comp(start, he, "sub", clean_name(body + head), level, place_parent=place_parent)
    if head in _BRIGADE_HEADS:
        spec = _SPECIALTY_RE.search(text, max(limit, hs - 10), hs)
        start = spec.start() if spec else hs
        between = text[prev.end : spec.start() if spec and spec.group() else hs] if prev is not None else ""
        if (
            prev is not None
            and prev.end < start
            and short_name(between)
            and not between.startswith(JOINT)
            and (not (spec and spec.group()) or _names_brigade(tokens, prev, spec.start()))
        ):
            start = prev.end  # a place-named brigade under a named unit: "交通警察支队南山大队"
        if start == hs and (named := _SPEC_NAMED.search(text, max(limit, hs - 12), hs)):
            start = named.start()  # a speciality and a place name: "交警太平大队"
        elif (
            spec
            and spec.group()
            and (lead := _NAME_BEFORE.search(text, max(limit, start - 6), start))
            and lead_name(lead.group(1))
            and (proper_token(tokens, lead.start(1), start) or any(lead.group(1) in c.name for c in comps))
        ):
            start = lead.start(1)  # a place name (proper, or used by this paragraph's units) + speciality: "水头交警中队"
        if start == hs and not (prev and prev.end == hs):
            return None  # bare "大队"
        if text.startswith(_KIND_AFTER, he) and not (prev and prev.end == start):
            return None  # "加强巡警大队建设": the kind of brigade, not one brigade
        if KIND_BEFORE.search(text, max(0, start - 4), start) and not (prev and prev.end == start):
            return None  # "各地巡警大队", "基层派出所": a kind named with a plural or a level
        if spec and spec.group() and not re.search(r"\D", spec.group()) and not (prev and prev.end == start):
            return None  # "3个大队" was cut to "大队"; digits alone name nothing
        own = gazetteer.subunit_name(text[start:he])
        place_parent, start = leading_place(text, tokens, start, limit, gazetteer)
        if place_parent is None and (split := division_prefix(text, start, spec.start() if spec else hs)):
            place_parent, own = split[0], gazetteer.subunit_name(text[split[1]:he])  # "乾县交警大队"
        return Comp(start, he, "sub", own, _BRIGADE_HEADS[head], place_parent=place_parent)
    if head in _BUREAU_HEADS:
        if not (prev and prev.end == hs and prev.level in ("ministry", "province")):
            return None
        return Comp(hs, he, "sub", head, "department")
    if head in _DEPT_HEADS:
        start = hs - 2 if text[max(0, hs - 2):hs] in ("警务", "勤务", "情报") else hs
        if not (prev and prev.end == start) or prev.kind == "self":
            return None  # departments only count under a named unit ("我是分局指挥室" names none)
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
    own = clean_name(text[start:he])
    place = _CITY_BEFORE.search(text, max(limit, start - 10), start) if not (prev and prev.end == start) else None
    if place and (place.start() == 0 or not is_cjk(text[place.start() - 1]) or tokens.starts_token(place.start())):
        city, district, suffix = place.groups()
        parent = city + "市公安局" + (district + suffix + ("分局" if suffix == "区" else "公安局") if district else "")
        return Comp(place.start(), he, "sub", own, "center", place_parent=parent)
    if not (prev and prev.end == start):  # a county or prefecture anywhere: "颍上县反诈中心", "恩施州反诈中心"
        parent, lead_at = leading_place(text, tokens, start, limit, gazetteer)
        if parent is not None:
            return Comp(lead_at, he, "sub", own, "center", place_parent=parent)
    return Comp(start, he, "sub", own, "center")


def _named_officer(text: str, body: str) -> bool:
    """Whether a workroom's name opens with a person the paragraph introduces with a role
    ("退休民警楼希平…楼希平调解工作室"), whatever the surname list holds."""
    return any(a + body[:n] in text for a in PERSON_ANCHORS for n in (2, 3) if n <= len(body))


def _officer_studio(text: str, tokens: Tokens, hs: int, limit: int) -> int | None:
    """Start of a workroom's name that opens with an officer the paragraph names with a role."""
    for n in range(min(7, hs - limit), 1, -1):
        s = hs - n
        if all(is_cjk(c) for c in text[s:hs]) and tokens.starts_token(s) and _named_officer(text, text[s:hs]):
            return s
    return None


def _names_brigade(tokens: Tokens, prev: Comp, end: int) -> bool:
    """Whether the word between a named unit and a speciality names the brigade: a place
    ("福海边境管理大队"), or under a corps or detachment a line of work ("出入境管理总队证件
    管理二支队"); not a verb jieba tags as a noun ("分局指令刑警大队")."""
    if proper_token(tokens, prev.end, end):
        return True
    pieces = [t for t in tokens.toks if t.end > prev.end and t.start < end]
    return prev.level in ("corps", "detachment") and all(t.tag in ("n", "vn", "nz") for t in pieces)


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
        if s and is_cjk(text[s - 1]) and text[s - 1] not in LEFT_BOUNDARY:
            if not tokens.starts_token(s) or not gazetteer.resolve(name):
                continue  # the tail of a longer name: "成都市公安局" is not "市公安局"
        key = gazetteer.resolve(name)
        prev = comps[-1] if comps else None
        if key and prev and prev.end == s and prev.key and prev.level in ("city", "province"):
            if prev.key not in gazetteer.ancestors(key):
                continue  # "重庆市公安局水上分局" is not the gazetteer city's 水上分局
        return Comp(s, he, "known" if key else "local", name, (gazetteer.level(key) if key else "") or "", key)
    return None


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
