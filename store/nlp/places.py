"""Places and organisations: named by a known list or by a suffix after a proper name.

jieba tags 治安 and 大伯 as places, so its ``ns`` tag is never trusted alone: a place is
a known name (provinces, cities, the gazetteer's districts, the stems of police
stations the article names) or a name ending in a place noun (恩施街, 青山江滩) whose
body is a proper name rather than a kind (特色美食街). Organisations work the same way
with organisation suffixes (有限公司, 小学, 义警) and a list of government bureaus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from store.db.schema import Entity
from store.nlp.gazetteer import Gazetteer
from store.nlp.lexicon import (
    ADMIN_SUFFIXES,
    CITIES,
    COUNTRIES,
    GENERIC_ORG_BODIES,
    GENERIC_PLACE_BODIES,
    GOV_BODIES,
    GOV_FUNCTIONS,
    KNOWN_ORGS,
    NR_COMMON_WORDS,
    ORG_SUFFIXES,
    PARTY_COMMITTEES,
    PROVINCES,
    REGIONS,
    STRONG_PLACE_SUFFIXES,
    WEAK_PLACE_SUFFIXES,
)
from store.nlp.spans import DisjointSpans
from store.nlp.tokens import PROPER_TAGS, Tokens, extend_left, is_cjk, name_piece, word_tag

_STRONG = frozenset(STRONG_PLACE_SUFFIXES)
_PLACE_SUFFIX_RE = re.compile(
    "|".join(sorted((*STRONG_PLACE_SUFFIXES, *WEAK_PLACE_SUFFIXES), key=len, reverse=True)).replace("|湖|", "|湖(?=[畔边岸])|湖|")
)
_ADDRESS_TAIL = re.compile(r"\d+(?:街坊|号院|号楼|栋|号)")
_QUOTED_SIGHTS = re.compile(r"((?:“[^”“]{2,10}”)+)等(?:景点|景区|地标|打卡点|场所|地方)")
_ORG_SUFFIX_RE = re.compile("|".join(sorted(ORG_SUFFIXES, key=len, reverse=True)))
_GOV_RE = re.compile(
    r"[省市区县]?(?:" + "|".join(sorted(GOV_FUNCTIONS, key=len, reverse=True)) + r")局"
    r"|[省市区县]?(?:" + "|".join(sorted(GOV_BODIES, key=len, reverse=True)) + ")"
)
_COMMITTEE_TITLE = re.compile("(" + "|".join(PARTY_COMMITTEES) + ")(?:副?书记|常委|委员|秘书长)$")
_REGION_NOUNS = ("地区", "山区", "保护区", "城镇", "城市")
_INSTITUTE_RE = re.compile(r"\d{2,4}(?:研究)?所")
_TEAM_RE = re.compile(
    r"这支“([^”“]{2,10})”(?:队伍|团队|队)|“([^”“]{2,10})”[\u4e00-\u9fff]{0,4}?(?:志愿者|志愿服务队|志愿队|义警)"
)
# Places listed before "等重点区域": "在太古里、IFS国际金融中心等重点区域".
_LISTED_SIGHTS = re.compile(
    r"在((?:[^，。、；：“”\s]{2,12}、)+[^，。、；：“”\s]{2,12})等(?:重点|热门|人员密集)?(?:区域|场所|地段|景点|景区|商圈|路段|点位)"
)
# Words that end a place or organisation name going leftwards.
_BODY_STOP = frozenset(
    {"辖区", "当地", "属地", "本地", "企业", "单位", "群众", "市民", "居民", "民警", "辅警", "全市", "全区", "全省", "全国",
     "各地", "小区", "社区", "还建", "派出所", "分局", "公安", "警务室", "小学", "中学", "大学", "公司", "医院", "银行",
     "学校", "本报讯", "本报", "讯", "前往", "位于", "来到", "进驻", "地处", "原籍", "落户", "承载", "作为", "面对",
     "针对", "聚焦", "依托",
     "联合", "成立", "组建", "设立", "打造", "建设", "完善", "打通", "整合"}
)
# The party committee of an admin level, as 市委 and 镇党委 are (PARTY_COMMITTEES): 乡党委,
# 村党支部, 自治区党委; with the place before it when one is named (李庄村党支部). PD98 dev: 3
# more, none wrong. (A street's or community's committee stays with PARTY_COMMITTEES: the
# seeds' "所长兼任街道党工委委员" names a kind of post, not a body.)
_LEVEL_COMMITTEE = re.compile("(?:自治区|[乡村])(?:党委|党支部|党总支)")
# A newspaper's name in title marks: a paper's head word, or 报 after a name (公民报, 新皇冠报)
# but not a document's 报 word (通报, 简报, 情报, 公报, 举报, 汇报, 预报, 海报, 画报, 学报, 年报).
_PAPER = re.compile(
    r"《([^《》「」“”，。、]{1,12}?(?:日报|晚报|时报|早报|周报|商报|导报|快报|[^通简情公举汇预海画学电捷喜警年月]报))》"
)
# Kind nouns of areas (see kind_word).
_KIND_TAILS = ("城市", "城镇", "地区", "山区", "特区", "市区", "铁路", "公路", "隧道")
# A count or a plural before a noun: what follows is a kind, not a name.
_COUNTED = re.compile(
    r"(?:[0-9０-９一二三四五六七八九十两百千万几多余]+[家所个座批间]|各级|[各诸]|一些|这些|那些|所有|众多|不少|许多)$"
)
_GENERIC_GOV = frozenset({"政府", "人民政府", "办事处", "街道办事处"})
_UNIT_WORDS = ("派出所", "分局", "公安", "警务", "大队", "支队", "中队")


def find_places_orgs(
    paragraphs: Sequence[str],
    tokens: Sequence[Tokens],
    gazetteer: Gazetteer,
    context: str | None,
    stems: Iterable[str] = (),
) -> tuple[list[Entity], list[Entity]]:
    """(places, organisations) in an article."""
    known = _known_places(gazetteer, context, stems)
    max_known = max(map(len, known))
    org_names = {**{n: n for n in KNOWN_ORGS}, **{n: gazetteer.org_key(n) or n for n in gazetteer.org_names()}}
    groups = {m.group(1) or m.group(2) for text in paragraphs for m in _TEAM_RE.finditer(text)}
    places: list[Entity] = []
    orgs: list[Entity] = []
    for p, toks in enumerate(tokens):
        text = toks.text
        spans = _known_spans(toks, known, max_known) + _suffix_places(toks, known) + _sights(text) + _listed(toks, known)
        places += [Entity("place", text[s:e], p, s, e, text[s:e]) for s, e in _merge(spans)]
        found = _suffix_orgs(toks) + _gov_orgs(toks, known) + _institutes(toks) + _papers(text)
        found += [(s, e) for s, e in _word_hits(toks, org_names)]
        found += [(m.start(), m.end()) for g in groups for m in re.finditer(re.escape(g), text)]
        for s, e in _merge(found):
            name = text[s:e]
            orgs.append(Entity("org", name, p, s, e, org_names.get(name) or name))
    return places, orgs


def _known_places(gazetteer: Gazetteer, context: str | None, stems: Iterable[str]) -> dict[str, bool]:
    """Known place names -> whether they may stand without jieba's agreement."""
    out: dict[str, bool] = {}
    for name in CITIES:
        out[name] = False  # "来宾", "白银", "日照" are words too: only as jieba places
        out[name + "市"] = True
    for name in PROVINCES:
        out[name] = True
        out[name + "省"] = True
    for name in COUNTRIES:
        out.setdefault(name, True)
    for name in gazetteer.place_names(context):
        out[name] = True
    for stem in stems:
        out.setdefault(stem, True)
    return out


def _known_spans(toks: Tokens, known: dict[str, bool], max_known: int) -> list[tuple[int, int]]:
    """Known place names starting at a token start and ending at a token end (or at an
    administrative suffix inside a word jieba's HMM glued on: "青山区作为" -> "区作")."""
    text = toks.text
    items = toks.toks
    out = []
    for k, tok in enumerate(items):
        s = tok.start
        ends: list[int] = []
        for nxt in items[k : k + 6]:
            if nxt.end - s > max_known:
                break
            if nxt.tag is None and len(nxt.word) > 1:
                ends += [nxt.start + i + 1 for i, ch in enumerate(nxt.word[:-1]) if ch in ADMIN_SUFFIXES]
            ends.append(nxt.end)
        for e in sorted(ends, reverse=True):
            name = text[s:e]
            if name not in known:
                continue
            if not known[name] and not (tok.end == e and tok.tag in ("ns", None)):
                continue
            if text.startswith(_UNIT_WORDS, e):
                break  # part of a unit name ("武汉警方", "青山公安分局"): the unit decides
            out.append((s, e))
            break
    return out


def _suffix_places(toks: Tokens, known: dict[str, bool]) -> list[tuple[int, int]]:
    text = toks.text
    out = []
    for m in _PLACE_SUFFIX_RE.finditer(text):
        hs, he = m.span()
        suffix = m.group()
        tok = toks.at(hs)
        if tok and tok.end == he and kind_word(tok.word):
            continue  # a kind of area: "南部城市腊戍" names 腊戍, not 南部城市; 沿海地区 names none
        if tok and tok.tag is not None and len(tok.word) > 1:
            stem = tok.word[: -len(suffix)] if tok.end == he else ""
            if tok.start < hs and tok.end == he and tok.tag not in PROPER_TAGS:
                # a dictionary word ending in a place noun: a place only if it names one
                # ("思明区", "人民广场"), not a kind ("辖区", "城市广场", "思路")
                if suffix in ("区", "县", "市") or suffix in _STRONG:
                    if len(stem) >= 2 and stem not in GENERIC_PLACE_BODIES and tok.word not in GENERIC_PLACE_BODIES:
                        if not _common_stem(stem, known):
                            out.append((tok.start, he))
                continue
            if tok.start < hs and tok.tag in PROPER_TAGS and tok.end != he or tok.start == hs and tok.end > he and suffix != "湖":
                continue  # the suffix is part of a word: "城市"
            if tok.start < hs and tok.end > he and tok.tag not in PROPER_TAGS:
                continue  # inside a common word: "政治路线" holds no 政治路
        if suffix in ("区", "县", "市") and text[he:he + 1] in ("、", "级", "委", "民", "场", "长"):
            continue  # "省、市级嘉奖", "区委", "市民": not a place name
        start = extend_left(toks, hs, _place_piece, 0, 8)
        start = _trim_leading(toks, start, hs, known)
        if not _good_place_body(toks, start, hs, suffix in _STRONG, known):
            continue
        if tail := _ADDRESS_TAIL.match(text, he):
            he = tail.end()
        out.append((start, he))
    return out


def kind_word(word: str) -> bool:
    """A dictionary word naming a kind of area, not a place, whatever jieba's tag: a kind
    noun after a common word or none (城市/ns, 港口城市/ns, 小城镇, 沿海地区/ns, 贫困山区,
    经济特区, 高速铁路/nz, 大城市). A proper name before the kind makes a place (东北地区,
    深圳特区), and other place nouns end real names (青山江滩, 人民广场). PD98 dev: 17 made-up
    places fewer, none right lost."""
    tail = next((t for t in _KIND_TAILS if word.endswith(t)), None)
    if tail is None:
        return False
    stem = word[: -len(tail)]
    if not stem:
        return tail not in ("地区", "山区")  # a region's tail alone is left to the region rules
    if len(stem) == 1:  # 大城市, 小城镇 are kinds; 土城镇, 龙城镇 are towns
        return word_tag(stem) in ("a", "b", "f", "m", "d")
    return stem in GENERIC_PLACE_BODIES or (tag := word_tag(stem)) is not None and tag not in PROPER_TAGS


def _common_stem(stem: str, known: dict[str, bool]) -> bool:
    """A dictionary word ending in a place noun whose stem is itself a common word names a
    kind ("保护区", "贫困县", "局部地区", "高速铁路"), unlike "思明区" (思明/ns). PD98 dev:
    places matching nothing 84 -> 60, one right place lost; the seeds' places unchanged."""
    tag = word_tag(stem)
    return stem not in known and tag is not None and tag not in PROPER_TAGS


def _place_piece(piece: str, tag: str | None) -> bool:
    if re.fullmatch(r"[一二三四五六七八九十]+", piece):
        return True  # 八大家花园
    return name_piece(piece, tag, _BODY_STOP)


def _proper(piece: str, tag: str | None, known: dict[str, bool]) -> bool:
    if piece in NR_COMMON_WORDS:
        return False
    return piece in known or piece in REGIONS or (len(piece) >= 2 and (tag is None or tag in PROPER_TAGS))


def _trim_leading(toks: Tokens, start: int, end: int, known: dict[str, bool]) -> int:
    """Drop common words before a proper name: "政务服务事项武汉都市圈" -> "武汉都市圈"."""
    pieces = list(toks.pieces_left(end, start))[::-1]
    for k, (s, e, tag) in enumerate(pieces):
        piece = toks.text[s:e]
        if _proper(piece, tag, known):
            return s if k else start
        if len(piece) < 2 or tag is None:
            return start
    return start


def _good_place_body(toks: Tokens, start: int, end: int, strong: bool, known: dict[str, bool]) -> bool:
    body = toks.text[start:end]
    if not body or body in GENERIC_PLACE_BODIES or body in NR_COMMON_WORDS:
        return False
    pieces = list(toks.pieces_left(end, start))
    words = [toks.text[s:e] for s, e, _ in pieces]
    if all(w in GENERIC_PLACE_BODIES for w in words):
        return False
    if any(_proper(toks.text[s:e], t, known) for s, e, t in pieces):
        return True
    plain = all(t in (None, "n", "nr", "ns", "m", "s") for _, _, t in pieces)
    if len(pieces) == 1 and 2 <= len(body) <= 3:
        if toks.text[end:end + 1] in "区县" and plain:
            return True  # "思茅/区": a district written apart from its name
        before = toks.text[start - 1:start]
        if (
            toks.text[end : end + 1] in "街路巷"
            and (not before or before in "在至于到往经沿、，。：（“")
            and pieces[0][2] not in ("d", "p", "c", "r", "m", "q")
        ):
            return True  # "在育才街": a street right after a preposition
    # no proper name in it: only a strong place noun after plain nouns ("玉带正街"); a
    # region noun after plain words is a kind ("民族地区", "贫困山区", "局部地区": 13 of
    # the 89 made-up places on PD98 dev)
    if toks.text.startswith(_REGION_NOUNS, end) and all(t is not None for _, _, t in pieces):
        return False  # dictionary words only: an unknown word may be a name ("庙山地区")
    return strong and len(body) >= 2 and plain


def _place_name_piece(piece: str, tag: str | None) -> bool:
    return len(piece) >= 2 and all(is_cjk(c) for c in piece) and (tag is None or tag in PROPER_TAGS) and piece not in _BODY_STOP


def _sights(text: str) -> list[tuple[int, int]]:
    """Places listed in quotes before 等景点: “5号码头”“白色灯塔”等景点."""
    out = []
    for m in _QUOTED_SIGHTS.finditer(text):
        for q in re.finditer(r"“([^”“]+)”", m.group(1)):
            out.append((m.start(1) + q.start(1), m.start(1) + q.end(1)))
    return out


def _listed(toks: Tokens, known: dict[str, bool]) -> list[tuple[int, int]]:
    """Named spots listed "在A、B等重点区域"; kinds such as 广场, 特色美食街 are skipped."""
    text = toks.text
    out = []
    for m in _LISTED_SIGHTS.finditer(text):
        pos = m.start(1)
        for item in m.group(1).split("、"):
            first = toks.at(pos)
            proper = (
                bool(re.search(r"[A-Za-z]", item))
                or item in known
                or (
                    first is not None
                    and first.start == pos
                    and len(first.word) >= 2
                    and (first.tag is None or first.tag in PROPER_TAGS)
                )
            )
            if proper and item not in GENERIC_PLACE_BODIES:
                out.append((pos, pos + len(item)))
            pos += len(item) + 1
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest non-overlapping spans, with touching ones joined (四川 + 泸州)."""
    chosen: list[tuple[int, int]] = []
    taken = DisjointSpans()
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not taken.overlaps(s, e):
            taken.add(s, e)
            chosen.append((s, e))
    chosen.sort()
    merged: list[tuple[int, int]] = []
    for s, e in chosen:
        if merged and merged[-1][1] == s:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _org_piece(piece: str, tag: str | None) -> bool:
    return not piece.endswith(("企业", "单位")) and name_piece(piece, tag, _BODY_STOP)


def _suffix_orgs(toks: Tokens) -> list[tuple[int, int]]:
    text = toks.text
    out = []
    for m in _ORG_SUFFIX_RE.finditer(text):
        hs, he = m.span()
        suffix = m.group()
        tok = toks.at(hs)
        if tok and tok.tag is not None and (tok.end > he or tok.start < hs and tok.tag not in PROPER_TAGS):
            continue  # "大学生", "银行卡"
        start = extend_left(toks, hs, _org_piece, 0, 12)
        if _COUNTED.search(text, 0, start):
            continue  # counted, it is a kind: "2000多家大中型医院", "各级计生协会", "一所小学"
        body = text[start:hs]
        words = [text[s:e] for s, e, _ in toks.pieces_left(hs, start)]
        if len(body) < 2 or body in GENERIC_ORG_BODIES or all(w in GENERIC_ORG_BODIES for w in words):
            continue
        if suffix in ("公司", "集团") and (len(body) > 4 or any(w in GENERIC_ORG_BODIES for w in words)):
            continue  # "某大型装备制造公司" is a description, "小米公司" a name
        out.append((start, he))
    return out


def _gov_orgs(toks: Tokens, known: dict[str, bool]) -> list[tuple[int, int]]:
    """Bureaus by function, with the place they serve: "成都市市场监督管理局", "区文旅局"."""
    text = toks.text
    out = []
    for m in (*_GOV_RE.finditer(text), *_LEVEL_COMMITTEE.finditer(text)):
        start = m.start()
        if m.re is _LEVEL_COMMITTEE and not toks.ends_token(start + m.group().index("党")):
            continue  # the level ends a word ("李庄村|党支部"), not "山村党" inside another
        if m.re is _GOV_RE and len(m.group()) <= 3 and not (toks.starts_token(start) and toks.ends_token(m.end())):
            continue  # inside a word: "许多人大惑不解" holds no 人大
        if start and text[start - 1] in "镇乡" and text[start] not in "省市区县":
            start -= 1  # "朱河镇政府"
        if text[start] in "省市区县镇乡村" and start and is_cjk(text[start - 1]):
            # the place the bureau serves: "成都市市场监督管理局", "锦江区市场监管局"
            for n in range(min(12, start), 0, -1):
                if text[start - n:start + 1] in known:
                    start -= n
                    break
            else:
                place = extend_left(toks, start, _place_name_piece, 0, 6)
                if start - place >= 2:
                    start = place
        if start == m.start() and m.group().lstrip("省市区县") in _GENERIC_GOV:
            continue  # "政府", "市政府": a kind of body until a place names it
        out.append((start, m.end()))
    for tok in toks.toks:
        if tok.word in PARTY_COMMITTEES:
            out.append((tok.start, tok.end))
        elif committee := _COMMITTEE_TITLE.match(tok.word):
            # jieba keeps the title on: "市委书记", "县委副书记" hold the committee 市委
            out.append((tok.start, tok.start + committee.end(1)))
    return out


def _papers(text: str) -> list[tuple[int, int]]:
    """A newspaper named in title marks is its publisher ("据《法治日报》报道", 《纽约时报》),
    as 人民日报 is in KNOWN_ORGS; a title ending in another 报 word is a document
    (《…的通报》, 《…简报》). PD98 dev: 7 organisations more, 1 wrong (a region before it)."""
    return [m.span(1) for m in _PAPER.finditer(text)]


def _institutes(toks: Tokens) -> list[tuple[int, int]]:
    """Numbered institutes written by number: "中船710所"."""
    text = toks.text
    out = []
    for m in _INSTITUTE_RE.finditer(text):
        if m.end() < len(text) and text[m.end()] in "长有在以属得":
            continue
        start = extend_left(toks, m.start(), _org_piece, 0, 6)
        if m.start() - start >= 2 and text[start:m.start()] not in GENERIC_ORG_BODIES:
            out.append((start, m.end()))
    return out


def _word_hits(toks: Tokens, names: dict[str, str]) -> list[tuple[int, int]]:
    """Known organisation names standing as words of their own."""
    text = toks.text
    out = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            opens = toks.starts_token(start) or not is_cjk(text[start - 1])
            if opens and (toks.ends_token(end) or len(name) >= 4 or not is_cjk(text[start - 1:start] or "，")):
                out.append((start, end))
            start = text.find(name, end)
    return out
