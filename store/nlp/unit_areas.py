"""Bureaus and places before a unit head: "咸阳市乾县公安局", "苏州吴中警方", "南昌市交警支队".

The place before 公安局/分局/警方/公安 is read first from the nationwide admin-division
list (``store.nlp.divisions``: any province, city, county or banner, full or short,
with its parent chain), then from jieba's tokens for places the list does not hold
(development zones, 经开区). Split from ``store.nlp.units`` by role.
"""

from __future__ import annotations

import re

from store.nlp import divisions
from store.nlp.gazetteer import Gazetteer
from store.nlp.lexicon import ADMIN_SUFFIXES, CITIES, PROVINCES
from store.nlp.tokens import PROPER_TAGS, STOP_CHARS, STOP_TAGS, Tokens, is_cjk
from store.nlp.unit_parts import BODY_STOP, LEFT_BOUNDARY, MUNICIPALITIES, POSTING_VERBS, Comp, short_name

# The police of a transport or forest system, named by its place and its system, not an
# admin area: "首都机场公安分局", "南昌铁路公安处", "大兴安岭森林公安局".
_SYSTEM_WORDS = ("国际机场", "机场", "铁路", "民航", "港航", "航运", "森林", "林区", "林业")
_PROVINCE_PREFIX = re.compile("^(?:" + "|".join(PROVINCES) + ")(?:省|自治区|壮族自治区|回族自治区|维吾尔自治区)?(?=.+[市州县盟])")


def area_comp(
    text: str, tokens: Tokens, hs: int, he: int, head: str, prev: Comp | None, limit: int, gazetteer: Gazetteer
) -> Comp | None:
    """A bureau or branch not in the gazetteer: "北京市公安局朝阳分局", "黄浦区公安分局",
    "四子王旗公安局", "吴中警方"; the division list settles its place, level and key."""
    comp = _token_area(text, tokens, hs, he, head, prev, limit, gazetteer)
    if head == "公安部" or comp is not None and comp.kind == "self":
        return comp
    divs = divisions.load()
    chained = prev is not None and prev.kind != "self" and prev.key is not None and prev.level in ("city", "province")
    outer = divs.of_key(prev.key) if chained and prev is not None and prev.key else None
    found = divs.chain_ending(text, hs, limit, outer)
    if found is None:
        return comp or _shared_name(text, tokens, hs, he, head, limit)
    start, d = found
    if comp is not None and comp.kind != "tentative" and comp.start < start:
        return comp  # the tokens saw more than a division: "武汉经开区公安分局"
    opens = start == 0 or not is_cjk(text[start - 1]) or text[start - 1] in LEFT_BOUNDARY or tokens.starts_token(start)
    if not (opens or prev is not None and prev.end == start):
        return comp
    level = divs.unit_level(d)
    if head == "公安厅" and d.level != "province" or head in ("分局", "公安分局") and level not in ("district", "county"):
        return comp
    place = text[start:hs]
    if gazetteer.place_unit(place) or gazetteer.place_unit(d.name):
        return comp  # the gazetteer's own city keeps its keys
    # one key however the text writes it, so that counts per unit add up across articles:
    # "广州市公安局天河区分局", "天河区公安分局", "广州天河警方" and "天河分局" are all 广州市公安局天河分局
    return Comp(start, he, "area", text[start:he], level, divs.bureau_key(d))


def _shared_name(text: str, tokens: Tokens, hs: int, he: int, head: str, limit: int) -> Comp | None:
    """A branch named by a district name several cities share ("鼓楼分局": 4 鼓楼区):
    tentative until the article names its city (``store.nlp.unit_keys``)."""
    if head not in ("分局", "公安分局", "警方", "公安"):
        return None
    divs = divisions.load()
    for n in range(min(4, hs - limit), 1, -1):
        s = hs - n
        place = text[s:hs]
        if len([d for d in divs.lookup(place) if d.level == "county" and d.name.endswith("区")]) < 2:
            continue
        if s == 0 or not is_cjk(text[s - 1]) or text[s - 1] in LEFT_BOUNDARY or tokens.starts_token(s):
            return Comp(s, he, "tentative", text[s:he], "district")
    return None


def _token_area(
    text: str, tokens: Tokens, hs: int, he: int, head: str, prev: Comp | None, limit: int, gazetteer: Gazetteer
) -> Comp | None:
    """The place before a bureau head from jieba's tokens and the city lists."""
    if prev is not None and prev.kind != "self" and prev.level in ("city", "province") and short_name(text[prev.end : hs]):
        start = prev.end  # "哈尔滨市公安局道里分局": whatever names the branch, jieba aside
    else:
        start = _place_start(text, tokens, hs, limit)
    place = text[start:hs]
    chained = prev is not None and prev.end == start and prev.kind != "self" and prev.level in ("city", "province", "ministry")
    system = _system_start(text, tokens, hs, limit)
    if system is not None and head in ("公安局", "公安分局", "公安处", "分局", "警方", "公安"):
        level = "city" if head == "公安局" else "district"
        return Comp(system, he, "area", text[system:he], level, text[system:he])  # "首都机场公安分局", "南昌铁路公安处"
    if head == "分局" and not place:
        if hs == 0 or not is_cjk(text[hs - 1]) or text[hs - 1] in "在由从向对将把和与及、" or text[hs - 1] in STOP_CHARS:
            return Comp(hs, he, "self", head, "district")  # bare 分局: only kept before a sub-unit
        return None
    if not place or all(c in "省市区县州盟旗乡镇" for c in place):
        return None  # level words name no place: "周边县区警方", "省市公安"
    city = next((c for c in (*MUNICIPALITIES, *CITIES) if place.startswith(c) and 2 <= len(place) - len(c) <= 3), None)
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
        if stem in MUNICIPALITIES or stem in CITIES:
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
    levels = {"公安厅": "province", "边检总站": "province", "公安局": "county" if place.endswith("县") else "city"}
    level = levels.get(head, "district")
    if head in ("公安分局", "分局") and chained and prev is not None and prev.key:
        return Comp(start, he, "area", place + head, level, prev.key + place + "分局")
    if head == "公安局" and place.rstrip("市") in MUNICIPALITIES | set(CITIES) and not place.endswith("市"):
        return Comp(start, he, "area", place + head, level, place + "市公安局")
    own = _PROVINCE_PREFIX.sub("", place) if head == "公安局" else place  # 湖南省长沙市 -> 长沙市
    return Comp(start, he, "area", place + head, level, own + head)


def _system_start(text: str, tokens: Tokens, hs: int, limit: int) -> int | None:
    """Start of a transport or forest system's place before a bureau head: the longest run
    of 2-8 characters before the system word that opens a word and holds no verb of moving
    or function character ("来到丽江机场分局" -> 丽江, "到威海大水泊国际机场公安分局" -> 威海大水泊)."""
    word = next((w for w in _SYSTEM_WORDS if text.startswith(w, hs - len(w))), None)
    if word is None:
        return None
    end = hs - len(word)
    for s in range(max(limit, end - 8), end - 1):
        run = text[s:end]
        if not all(is_cjk(c) for c in run) or run.startswith(POSTING_VERBS) or run in BODY_STOP:
            continue
        if any(t.end - t.start == 1 and t.word in STOP_CHARS for t in tokens.toks if s <= t.start < end):
            continue  # a function word of its own ("到威海"), not a character of a name ("首都")
        first = tokens.at(s)
        if (
            first is not None
            and first.start == s
            and first.end <= end
            and (first.tag in STOP_TAGS or first.tag not in (None, "b", *PROPER_TAGS) and not divisions.load().lookup(first.word))
        ):
            continue  # a common word opens it: "联系上海浦东机场警方" is 上海浦东's; "银川铁路" is a city's
        if s == 0 or not is_cjk(text[s - 1]) or text[s - 1] in LEFT_BOUNDARY or tokens.starts_token(s):
            return s
    return None


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


def _is_place_token(tokens: Tokens, start: int, end: int) -> bool:
    tok = tokens.at(start)
    return tok is not None and tok.start == start and tok.end == end and tok.tag == "ns"


def _place_piece(piece: str, tag: str | None) -> bool:
    """A token that may be (part of) the place before 公安局/分局; checked again after."""
    if not all(is_cjk(c) for c in piece) or piece in BODY_STOP:
        return False
    if tag is None or piece in CITIES or piece in PROVINCES:  # "大连" is tagged an adverb
        return len(piece) > 1 or piece in "省市区县"
    return tag not in STOP_TAGS and (len(piece) > 1 or piece in "省市区县")


def place_prefix(body: str, gazetteer: Gazetteer) -> tuple[str | None, str]:
    """Split a leading district or county off a name: "江夏区庙山" -> (江夏 branch, "庙山")."""
    for n in range(min(len(body) - 2, 9), 1, -1):
        place = body[:n]
        if place.endswith(("区", "县", "市")):
            key = gazetteer.place_unit(place)
            if key:
                return key, body[n:]
    # a county anywhere, written in full: "晴隆县大厂镇" -> (晴隆县公安局, "大厂镇")
    divs = divisions.load()
    for n in range(min(len(body) - 2, divs.max_len), 1, -1):
        found = divs.chain_ending(body, n)
        if found is not None and found[0] == 0 and body[:n].endswith(found[1].name) and found[1].level == "county":
            return divs.bureau_key(found[1]), body[n:]
    return None, body


def leading_place(text: str, tokens: Tokens, start: int, limit: int, gazetteer: Gazetteer) -> tuple[str | None, int]:
    """The area written right before a brigade: "武昌区交通大队", "南昌市交警支队", "乾县交警大队"."""
    for n in range(min(9, start - limit), 1, -1):
        place = text[start - n:start]
        if place.endswith(("区", "县", "市")) and (key := gazetteer.place_unit(place)):
            if start - n == 0 or not is_cjk(text[start - n - 1]) or tokens.starts_token(start - n):
                return key, start - n
    for n in range(min(5, start - limit), 1, -1):  # a city or province anywhere: "南昌市交警支队"
        place = text[start - n:start]
        stem = place[:-1] if place[-1] in "市省" else place
        if place[-1] not in "市省" and stem not in MUNICIPALITIES:
            continue
        key = stem + "市公安局" if stem in CITIES or stem in MUNICIPALITIES else stem + "省公安厅" if stem in PROVINCES else None
        if key and (start - n == 0 or not is_cjk(text[start - n - 1]) or tokens.starts_token(start - n)):
            return key, start - n
    # a county, banner or prefecture anywhere, written with its suffix: "乾县交警大队", "延边州特警支队"
    divs = divisions.load()
    found = divs.chain_ending(text, start, limit)
    if found is not None:
        s, d = found
        written = text[s:start]
        opens = s == 0 or not is_cjk(text[s - 1]) or text[s - 1] in LEFT_BOUNDARY or tokens.starts_token(s)
        if written.endswith((d.name, "州", "盟")) and opens:
            return divs.bureau_key(d), s
        first = tokens.at(s)
        if opens and written == d.short and first is not None and first.end <= start and first.tag not in STOP_TAGS:
            return divs.bureau_key(d), s  # a short form, a word of its own: "普洱边境管理支队", "阿勒泰边境管理支队"
    return None, start


def division_prefix(text: str, start: int, end: int) -> tuple[str, int] | None:
    """(bureau key, end of the place) when ``text[start:end]`` is a division written with its
    suffix, the speciality after it: the place-named brigade "乾县交警大队" is 乾县's."""
    if end - start < 2:
        return None
    divs = divisions.load()
    found = divs.chain_ending(text, end, start)
    if found is None or found[0] != start or not text[start:end].endswith((found[1].name, "州", "盟")):
        return None
    return divs.bureau_key(found[1]), end


def traffic_alias(text: str, tokens: Tokens, hs: int, he: int, limit: int, gazetteer: Gazetteer) -> Comp | None:
    """"定安交警", "成都交警": a place's traffic police, like "X警方" its bureau; keyed as
    the bureau's traffic brigade (county or district), detachment (city) or corps
    (province), so that "定安交警" and "定安县公安局交通管理大队" count as one unit. Without a
    place before it 交警 is an officer's title ("交警向海军"), not a unit."""
    divs = divisions.load()
    found = divs.chain_ending(text, hs, limit)
    if found is None:
        return None
    start, d = found
    if not (start == 0 or not is_cjk(text[start - 1]) or text[start - 1] in LEFT_BOUNDARY or tokens.starts_token(start)):
        return None
    level = divs.unit_level(d)
    bureau = gazetteer.place_unit(text[start:hs]) or gazetteer.place_unit(d.name) or divs.bureau_key(d)
    kind, own = {"province": ("corps", "交警总队"), "city": ("detachment", "交警支队")}.get(level, ("brigade", "交警大队"))
    return Comp(start, he, "sub", gazetteer.subunit_name(own), kind, place_parent=bureau)
