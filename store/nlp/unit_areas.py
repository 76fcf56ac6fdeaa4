"""Bureaus and places before a unit head: "咸阳市乾县公安局", "苏州吴中警方", "南昌市交警支队".

The place before 公安局/分局/警方/公安 is read first from the nationwide admin-division
list (``store.nlp.divisions``: any province, city, county or banner, full or short,
with its parent chain), then from jieba's tokens for places the list does not hold
(development zones, 经开区). Split from ``store.nlp.units`` by role.
"""

from __future__ import annotations

import re

from store.nlp.gazetteer import Gazetteer
from store.nlp.lexicon import ADMIN_SUFFIXES, CITIES, PROVINCES
from store.nlp.tokens import STOP_CHARS, STOP_TAGS, Tokens, is_cjk
from store.nlp.unit_parts import BODY_STOP, MUNICIPALITIES, Comp, short_name

_PROVINCE_PREFIX = re.compile("^(?:" + "|".join(PROVINCES) + ")(?:省|自治区|壮族自治区|回族自治区|维吾尔自治区)?(?=.+[市州县盟])")


def area_comp(
    text: str, tokens: Tokens, hs: int, he: int, head: str, prev: Comp | None, limit: int, gazetteer: Gazetteer
) -> Comp | None:
    """A bureau or branch not in the gazetteer: "北京市公安局朝阳分局", "黄浦区公安分局"."""
    if prev is not None and prev.kind != "self" and prev.level in ("city", "province") and short_name(text[prev.end : hs]):
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
    level = {"公安厅": "province", "公安局": "county" if place.endswith("县") else "city"}.get(head, "district")
    if head in ("公安分局", "分局") and chained and prev is not None and prev.key:
        return Comp(start, he, "area", place + head, level, prev.key + place + "分局")
    if head == "公安局" and place.rstrip("市") in MUNICIPALITIES | set(CITIES) and not place.endswith("市"):
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
    """Split a leading district off a name: "江夏区庙山" -> (江夏 branch, "庙山")."""
    for n in range(min(len(body) - 2, 9), 1, -1):
        place = body[:n]
        if place.endswith(("区", "县", "市")):
            key = gazetteer.place_unit(place)
            if key:
                return key, body[n:]
    return None, body


def leading_place(text: str, tokens: Tokens, start: int, limit: int, gazetteer: Gazetteer) -> tuple[str | None, int]:
    """A district written right before a brigade: "武昌区交通大队"."""
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
    return None, start
