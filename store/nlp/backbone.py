"""The model's people, places and organisations, judged by Beat's rules before they count.

The model (``store.nlp.model``) finds people without role words and places and bodies
anywhere in China, but it does not know Beat's conventions: police units belong to the
unit grammar (a model ORG "江苏省公安机关" is a kind, "调往闻韶派出所" has a verb
glued on), anonymised people are their own type, and a span of control characters or
Latin noise is nothing. This module turns model spans into candidate entities; the
recogniser's selection then weighs them against the rule-made ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.db.schema import Entity
from store.nlp.lexicon import (
    CITIES,
    COUNTRIES,
    GENERIC_ORG_BODIES,
    GENERIC_PLACE_BODIES,
    NOT_NAMES,
    NR_COMMON_WORDS,
    ORG_SUFFIXES,
    PROVINCES,
    SHORT_PLACE_CHARS,
    STRONG_PLACE_SUFFIXES,
    SURNAMES,
    WEAK_PLACE_SUFFIXES,
)
from store.nlp.places import kind_word
from store.nlp.short_forms import PROVINCES as SHORT_PROVINCES
from store.nlp.short_forms import STATES as SHORT_STATES
from store.nlp.tokens import PROPER_TAGS, STOP_CHARS, STOP_TAGS, Tokens, is_cjk, word_freq, word_tag

# Police words: a model ORG holding one is left to the unit grammar (found there or not a unit).
_POLICE = re.compile("公安|警|派出所|分局|[总支大中分]队|看守所|拘留所|戒毒所|边防|边检")
# Organisations that are only a kind ("政府", "公安机关", "有关部门").
_GENERIC_ORG = re.compile(
    r"^(?:[省市区县乡镇村]|当地|各级|有关|相关|地方|基层)?(?:人民)?(?:政府|机关|部门|单位|党委|党支部|支部|法院|检察院)$"
)
_TRIM = "，。、；：！？“”‘’（）()《》〈〉「」『』【】[] \u3000\t·-—…"
_ANON = re.compile("^[" + "".join(sorted(SURNAMES)) + "](?:某{1,2}|先生|女士|小姐)$")
_FOREIGN_NAME = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:[·•][\u4e00-\u9fff]{1,8})+$")
# Place and organisation kinds: what a generic body plus one of these names is a kind
# (美食街, 城市公园, 化工园区, 社区卫生服务中心), not a place or a body.
_PLACE_KINDS = tuple(
    sorted(
        {*STRONG_PLACE_SUFFIXES, *WEAK_PLACE_SUFFIXES, "园区", "陵园", "辅路", "堤", "滩", "高原", "地带"}, key=len, reverse=True
    )
)
_ORG_KINDS = tuple(
    sorted({*ORG_SUFFIXES, "服务中心", "中心", "党工委", "党委", "委员会", "委", "会", "部", "站", "队"}, key=len, reverse=True)
)
# Slogans and qualities the model reads as bodies ("新时代", "平安" + a place).
_SLOGANS = ("新时代", "平安", "和谐", "文明", "智慧", "枫桥")
# jieba tags of common words: a model span that is one such word names nothing.
_COMMON_TAGS = frozenset({"n", "v", "vn", "a", "an", "ad", "d", "m", "mq", "t", "q", "r", "p", "c", "u", "f", "l", "i"})
SHORT_FORMS = frozenset(SHORT_STATES + SHORT_PROVINCES + "华")
# A government named by its place ("美国政府", "俄政府", "特区政府"): the place, not an org.
_GOVERNMENT = re.compile("(?:新|联邦|中央)?(?:人民)?(?:政府|当局)$")
_BODY_HEADS = frozenset("队委部社党军署局院会团行")
_FUNCTION_CHARS = frozenset(STOP_CHARS) | frozenset("当但可")
# A city's weather glued to its name in a forecast table, before the temperature.
_WEATHER = re.compile("(?:[晴阴]|多云|[小中大暴阵]?雨|雷阵雨|[小中大]?雪|雾)(?:转(?:[晴阴]|多云|[小中大暴阵]?雨|雷阵雨))?$")
_TEMPERATURE = re.compile(r"[-－]?[0-9０-９]+[℃度]")
# One-character verbs and particles that follow a subject; never the end of a name here.
_GLUED_WORDS = frozenset("是说也去到了的就都又还将在")
_NAME_DOTS = "·•.・．"
# A surname and a title, kinship or household word: a form of address, not a full name
# ("胡老", "刘家", "陈教授", "唐外长", "李大娘"; the seeds' 李大伯 is nothing). PD98 dev: 9 wrong
# people fewer (the benchmark tags the surname alone there); kinship only after 大 (俞平伯).
_TITLED = re.compile(
    "^[" + "".join(sorted(SURNAMES)) + "](?:[老家总]|大[娘伯爷叔婶妈嫂]|[\u4e00-\u9fff][长授席官])$"
)
# Not a full name: a trophy named after people ("汤姆斯杯" written 汤杯), a form of address
# (老于, 小王), a surname with a preposition or particle glued on (李从|底线, 阿在). PD98 dev:
# 9 wrong people fewer, none right lost.
_NO_FULL_NAME = re.compile(
    "^(?:.+杯|[老小][" + "".join(sorted(SURNAMES)) + "]|.[的是在和与及将把被对向从为由到至于以并或给让也都又就还即等])$"
)
_TITLE_END = re.compile("(?:长|员|官|家|者|人|士|师|会|队|党|国|省|市|县|州|军)$")
# Collective nouns after a place that make no body's name: its army, firms, markets, sport.
# PD98 dev: 2 places more, 2 wrong organisations fewer (the benchmark tags the place alone).
_COLLECTIVE = re.compile("(?:军队|部队|军方|公司|企业|政局|政坛|汇市|股市|球队|[田影文体乒泳棋歌乐]坛|全国性.*)$")
# Head words of a body's name in jieba's dictionary (tag nt): not 政府 (a place acting),
# not a region's compass part (中南部), not an event (音乐会).
_NT_HEAD = re.compile(
    "(?:(?<![东南西北中])部|[厅署委局院军队党]|组织|联盟|议会|委员会|协会|学会|联合会|商会|基金会|报社|通讯社)$"
)
# A kind of place right before a name: the name is that place, whatever the model or
# jieba call it ("首都阿布贾", "港口城市德班", "北部城市腊戍"). PD98 dev: 6 places more,
# 4 wrong people fewer.
_APPOSITION = re.compile("(?:城市|首都|首府|省会|港口|小镇|小城|古城|名城|胜地|村庄|岛国)$")
# Head words a model organisation may stop before, each a word of its own in jieba
# ("欧佩克" + "组织"); one-character heads are too often other words (所, 会) to follow.
_HEAD_WORDS = frozenset(
    {"组织", "委员会", "协会", "学会", "联合会", "联盟", "集团", "公司", "合作部", "基金会", "研究所", "研究院"}
)
_HEAD_WORDS_END = re.compile("(?:" + "|".join(sorted(_HEAD_WORDS, key=len, reverse=True)) + "|[会部局院厅署委])$")
_PSEUDONYM = re.compile(r"[（(]化名[）)]")


def model_candidates(
    tokens: Sequence[Tokens], found: Sequence[Sequence[tuple[str, int, int]]]
) -> tuple[set[str], list[Entity]]:
    """(person names the model trusts, place/org/anon candidates) from model spans."""
    names: set[str] = set()
    out: list[Entity] = []
    for p, (toks, spans) in enumerate(zip(tokens, found, strict=True)):
        text = toks.text
        ends = {e for _, _, e in spans}
        for kind, s, e in _join_dotted(text, spans):
            s, e = _trim(text, s, e)
            if kind in ("LOC", "PER") and (weather := _WEATHER.search(text, s, e)) and _TEMPERATURE.match(text, e):
                kind, e = "LOC", weather.start()  # a weather table: "台北阴26℃", "卡拉奇晴30℃"
            if e - s == 1 and kind == "LOC" and text[s] in SHORT_FORMS:
                out.append(Entity("place", text[s], p, s, e, text[s]))  # the model's "俄", "京", "华"
                continue
            if sum(map(is_cjk, text[s:e])) < 2 or e - s > 40 or any(ord(c) < 32 or c == "\ufffd" for c in text[s:e]):
                continue
            if not (toks.starts_token(s) or not is_cjk(text[s - 1]) or kind == "PER" and _glued_after_function(toks, s)):
                if not (kind == "ORG" and s in ends):
                    continue  # the model started inside a word: "先锋队" -> "锋队"
                # unless its own entity ends there: jieba's 俄罗斯国家杜马/ns is LOC + ORG
            if kind in ("PER", "LOC") and _APPOSITION.search(text, 0, s):
                out.append(Entity("place", text[s:e], p, s, e, text[s:e]))  # "首都阿布贾", "城市腊戍"
                continue
            if kind == "PER":
                e = _name_end(toks, s, _name_token_end(toks, s, e))
                name = text[s:e]
                if _ANON.match(name):
                    out.append(Entity("anon", name, p, s, e, name))
                elif _place_name(name) or len(name) >= 3 and name[-1] in "省市县镇乡村州":
                    out.append(Entity("place", name, p, s, e, name))  # "高升镇", "布隆迪" read as people
                elif text[e:e + 1] == "族":
                    continue  # "阿昌族": a people, not a person
                elif _person(name) and not _common_word(name, person=True) and not _PSEUDONYM.match(text, e):
                    names.add(name)
                continue
            if kind == "ORG":
                e = _org_token_end(toks, s, e)
            name = text[s:e]
            if _common_word(name) and not _named_body(kind, name) and not _short_firm(toks, kind, s, e):
                continue
            if name.startswith(_SLOGANS) or text[e:e + 1] == "式":
                continue  # "中国式现代化": an adjective, not the place
            first = toks.at(s)
            if first is not None and first.start == s and first.tag in STOP_TAGS and not _place_name(first.word):
                continue  # a name never starts with a preposition or a numeral: "从一起" (but 大连/d, 保定/v)
            if (
                kind == "LOC"
                and len(name) <= 4
                and all(c in SHORT_PLACE_CHARS for c in name)
                and word_tag(name) in (None, "j", "ns")
            ):
                out += [Entity("place", c, p, i, i + 1, c) for i, c in enumerate(name, start=s)]  # "中美": two places
            elif kind == "LOC" and not _kind_of(toks, s, e, _PLACE_KINDS, GENERIC_PLACE_BODIES) and not kind_word(name):
                out.append(Entity("place", name, p, s, e, name))
            elif kind == "ORG" and (collective := _COLLECTIVE.search(name)) and _place_name(name[: collective.start()]):
                head = name[: collective.start()]  # "美国军队", "中国田坛": the place's army, its sport
                out.append(Entity("place", head, p, s, s + len(head), head))
            elif kind == "ORG" and (gov := _GOVERNMENT.search(name)):
                head = name[: gov.start()]
                # "印度政府": the place acting, no org of its own; also a place jieba knows
                # (魁北克/ns) or a special region ("香港特区政府", "特区政府")
                if _place_name(head) or len(head) >= 2 and (word_tag(head) == "ns" or head.endswith("特区")):
                    out.append(Entity("place", head, p, s, s + len(head), head))
            elif kind == "ORG" and not _POLICE.search(name) and not _GENERIC_ORG.match(name) and not _predicate(toks, s, e):
                if not _kind_of(toks, s, e, _ORG_KINDS, GENERIC_ORG_BODIES | GENERIC_PLACE_BODIES):
                    out.append(Entity("org", name, p, s, e, name))
    return names, out


def dictionary_orgs(tokens: Sequence[Tokens]) -> list[Entity]:
    """Organisations jieba's dictionary knows (tag nt) that end in a body's head word:
    ministries, assemblies, leagues, teams the model leaves as common nouns (内政部, 国民议会,
    石油输出国组织). Only where nothing else was found; never a kind (党组织, 民间组织,
    音乐会), a government (a place acting, see ``_GOVERNMENT``) or a police word (the unit
    grammar's). PD98 dev: ORG +17 right, +4 wrong."""
    out: list[Entity] = []
    for p, toks in enumerate(tokens):
        for tok in toks.toks:
            word = tok.word
            if tok.tag != "nt" or len(word) < 3 or not (head := _NT_HEAD.search(word)):
                continue
            body = word[: head.start()]
            if len(head.group()) == 1 and word_tag(word[-2:]) in _COMMON_TAGS:
                continue  # the head ends a common word: "新格局", "大杭州骗局"
            if len(body) < 2 or body in GENERIC_ORG_BODIES or _POLICE.search(word) or _GENERIC_ORG.match(word):
                continue
            out.append(Entity("org", word, p, tok.start, tok.end, word))
    return out


def _org_token_end(toks: Tokens, s: int, e: int) -> int:
    """Extend an organisation the model cut short to the end of the dictionary name it
    stops inside: the model reads 美国化学|会 where jieba knows 美国化学会 (nt)."""
    text = toks.text
    while e - s > 2 and (last := toks.at(e - 1)) is not None and last.start == e - 1 and last.tag in ("c", "p", "uj"):
        e -= 1  # a conjunction glued on: "中央党校和"
    nxt = toks.at(e)
    if nxt is not None and nxt.start == e and nxt.word in _HEAD_WORDS and not _HEAD_WORDS_END.search(text, s, e):
        return nxt.end  # the head word left out: "欧佩克|组织", "对外贸易经济|合作部"
    tok = toks.at(e - 1)
    if tok is None or tok.tag != "nt" or tok.start < s or not e < tok.end <= e + 2:
        return e
    name = text[s:tok.end]
    # a body or a government (then the place: "以色列|政府"), not "中泰关系", "保安大队"
    return tok.end if (_NT_HEAD.search(name) or _GOVERNMENT.search(name)) and not _POLICE.search(name) else e


def _named_body(kind: str, name: str) -> bool:
    """jieba files many bodies as common nouns (教育部, 市委, 古巴队, 路透社: tag n); a model
    organisation ending in a body's head character is a body all the same. PD98 dev:
    37 of the 67 organisations dropped as common words were right, 30 wrong; keeping
    those with a head character gives Beat ORG 568 -> 584 right for 184 -> 187 wrong."""
    if kind == "LOC":
        # jieba files cities as common words too (合肥/n, 大连/d, 保定/v); a known city or
        # a name with an admin suffix is a place. PD98 dev: 34 such places were dropped, 14 rightly
        return _place_name(name) or len(name) >= 3 and name[-1] in "省市县区镇乡村州" or _rare_noun(name)
    return kind == "ORG" and word_tag(name) == "n" and name[-1] in _BODY_HEADS and not _GENERIC_ORG.match(name)


def _short_firm(toks: Tokens, kind: str, s: int, e: int) -> bool:
    """A company by its short name, which jieba files as a rarer common word (微软/a 1757,
    思科/n 269, 鞍钢/n 114, 可口可乐公司/l 26): a model organisation standing as a word of
    its own, not the first part of a noun phrase (富士|苹果, 计生|协会, 松日|队), a title
    (国务卿) or a pair of short forms (中葡). PD98 dev: ORG 678 -> 694 right, 145 -> 149 wrong (raw)."""
    name = toks.text[s:e]
    if kind != "ORG" or word_tag(name) not in ("n", "a", "l", "i") or not 0 < word_freq(name) < 2000:
        return False
    if _GENERIC_ORG.match(name) or _GOVERNMENT.search(name) or _TITLE_END.search(name) or name[-1] == "卿":
        return False
    if all(c in SHORT_FORMS for c in name):
        return False
    nxt, prev = toks.at(e), toks.at(s - 1) if s else None
    glued = nxt is not None and nxt.start == e and (nxt.tag in ("n", "vn", "nz", "ng", "nr", "q") or nxt.word in _BODY_HEADS)
    # or the last part of one, after a name (红|富士|苹果)
    return not glued and not (prev is not None and prev.end == s and prev.tag in ("nz", "nr", "nrt"))


def _rare_noun(name: str) -> bool:
    """A word jieba files as a noun or verb but has seen rarely: a place name it mislabels
    (港岛/n 17, 黄洋界/n 11, 平壤/n 335, 申扎/v 5), where everyday nouns run to thousands
    (广场 7424, 经济 48718). Not a pair of short forms (中朝, 中日: the pair frames' job).
    PD98 dev: places the model finds and jieba calls common words, under 500: 10 right, 3 wrong;
    raw LOC 1462 -> 1467 right, 234 -> 236 wrong."""
    return (
        word_tag(name) in ("n", "v", "vn")
        and 0 < word_freq(name) < _RARE
        and not all(c in SHORT_FORMS for c in name)
        and not _common_kind(name)
    )


def _common_kind(name: str) -> bool:
    """A common word and a place kind in one word (烈士|陵园/n 97, 航天|城): a kind of place."""
    kind = next((k for k in _PLACE_KINDS if name.endswith(k)), None)
    return kind is not None and word_tag(name[: -len(kind)]) in _COMMON_TAGS


_RARE = 500


def _place_name(name: str) -> bool:
    """A country, province or city name, or a one-character short form of one."""
    stem = name[:-1] if name[-1:] in "省市" else name
    if len(name) == 1:
        return name in SHORT_FORMS
    return name in COUNTRIES or stem in PROVINCES or stem in CITIES


def _join_dotted(text: str, spans: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Person spans either side of a name dot are one foreign name: "科菲" "·" "安南", also
    when the model kept the dot on the first part ("彼得·" + "皮奥")."""
    out: list[tuple[str, int, int]] = []
    for kind, s, e in spans:
        joined = out and kind == "PER" and out[-1][0] == "PER"
        if joined and (s - out[-1][2] == 1 and text[s - 1] in _NAME_DOTS or s == out[-1][2] and text[s - 1] in _NAME_DOTS):
            out[-1] = ("PER", out[-1][1], e)
        else:
            out.append((kind, s, e))
    return out


def _common_word(name: str, person: bool = False) -> bool:
    """A dictionary word with a common-word tag ("思索", "平安", "百年"), or a known non-name.
    jieba tags some famous names as time words (周恩来/t): for people 't' is no evidence."""
    tag = word_tag(name)
    return name in NR_COMMON_WORDS or tag in _COMMON_TAGS and not (person and tag == "t")


def _predicate(toks: Tokens, s: int, e: int) -> bool:
    """An organisation span holding a clause: a modal or adverb inside, or a verb at its
    end ("中国能派队", "环太平洋航行"): a body's name is a noun phrase."""
    pieces = list(toks.pieces_left(e, s))
    if not pieces or pieces[0][1] != e:
        return False
    last_start, _, last_tag = pieces[0]
    # a one-character last word or a body's head is no evidence (jieba: 禁毒署/v, 蝶阀厂/v)
    headed = _NT_HEAD.search(toks.text, s, e) or toks.text[e - 1] in "厂所处站馆校店社会"
    if e - last_start >= 2 and last_tag in ("v", "vd", "vi", "d", "ad", "p", "u", "uj", "ul") and not headed:
        return True
    return any(
        (t in ("d", "ad", "p", "u", "uj", "ul") or t == "v" and b - a == 1 and toks.text[a] in "能会要将可")
        and not _place_name(toks.text[a:b])  # 大连/d
        for a, b, t in pieces[1:]
    )


def _glued_after_function(toks: Tokens, s: int) -> bool:
    """jieba's HMM glued a preposition or conjunction onto the name ("对陶|汉明", "以朴|普熙",
    "但葛菲"): the name still starts at ``s``. PD98 dev: 6 people more, 2 wrong."""
    tok = toks.at(s)
    return tok is not None and tok.tag is None and tok.start == s - 1 and toks.text[s - 1] in _FUNCTION_CHARS


def _name_token_end(toks: Tokens, s: int, e: int) -> int:
    """Extend a name the model cut short to the name-like jieba word it starts: the model
    stops at 罗豪|才 or 季红|真 where jieba keeps 罗豪才 (nr) or 季红真 (unknown) whole.
    PD98 dev: 6 people more, 6 wrong ones fewer."""
    tok = toks.at(s)
    if tok is None or tok.start != s or not e < tok.end <= s + 4 or tok.tag not in (None, "nr", "nrfg", "nrt"):
        return e
    return tok.end if all(is_cjk(c) for c in tok.word) else e


def _name_end(toks: Tokens, s: int, e: int) -> int:
    """Cut a name whose last character starts the next word: "袁志积极" -> 袁志 (not 袁志积)."""
    if e - s >= 3 and not toks.ends_token(e):
        tok = toks.at(e - 1)
        if tok is not None and tok.start == e - 1 and tok.tag is not None and len(tok.word) >= 2:
            return e - 1
    if e - s == 3 and toks.text[e - 1] in _GLUED_WORDS and toks.text[s] in SURNAMES:
        return e - 1  # a one-character word glued on: "赵华说", "郑咏是", "卢金也"
    return e


def _kind_of(toks: Tokens, s: int, e: int, kinds: tuple[str, ...], generic: frozenset[str]) -> bool:
    """Whether a span is a generic body plus a kind noun (城市公园, 社区卫生服务中心)."""
    text = toks.text
    name = text[s:e]
    if name in generic:
        return True
    suffix = next((k for k in kinds if name.endswith(k)), None)
    if suffix is None:
        return False
    body_end = e - len(suffix)
    if body_end <= s:
        return True  # the kind alone: "江滩"
    body = text[s:body_end]
    if len(body) == 1 and body in "江河湖海山":
        return True  # "江堤", "河滩": a kind of bank or shore
    if body in generic or body.isdigit() or all(c in "一二三四五六七八九十两几多" for c in body):
        return True
    words = [text[a:b] for a, b, _ in toks.pieces_left(body_end, s)]
    tags = [t for _, _, t in toks.pieces_left(body_end, s)]
    if all(w in generic for w in words):
        return True
    # only common words before the kind ("烈士陵园", "出口辅路"): a kind, not a name; a known
    # place among them names the body (jieba tags 大连/d, 保定/v: "大连化工集团公司")
    if any(_place_name(w) for w in words):
        return False
    return all(t in _COMMON_TAGS for t in tags) and not any(t in PROPER_TAGS for t in tags)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _person(name: str) -> bool:
    """A full name (Chinese, or a transcribed foreign one with ·), not a common word."""
    if name in NOT_NAMES or "某" in name or _TITLED.match(name) or _NO_FULL_NAME.match(name):
        return False
    if _FOREIGN_NAME.match(name):
        return True
    if not all(is_cjk(c) for c in name) or not 2 <= len(name) <= 6:
        return False
    # five or six characters: a transcribed or Japanese full name ("普里马科夫", "桥本龙太郎"),
    # never one ending in a title or a kind noun ("费舍尔议长"). PD98 dev: +15 people, +3 wrong
    return len(name) <= 4 or not _TITLE_END.search(name)
