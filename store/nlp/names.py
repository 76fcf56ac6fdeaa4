"""People: full names of real people, and anonymised ones (刘某, 王某某) kept apart.

A name is trusted where news introduces people: after a role ("民警程波", "“师父”温次文",
"辅警罗志平、周正") or in a byline; jieba's own name tag is used only in one narrow slot
("…的罗丹边听边思索"), because it also tags 安全感 and 公正 as names. Once trusted, a
name is found everywhere else in the article ("程波带领…"), which is how news refers back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from store.db.metadata import BYLINE_ROLES
from store.db.schema import Entity
from store.nlp.lexicon import (
    ADDRESS_SUFFIXES,
    COMMON_SURNAMES,
    COMPOUND_SURNAMES,
    NOT_NAME_CHARS,
    NOT_NAMES,
    PERSON_ANCHORS,
    SURNAMES,
)
from store.nlp.spans import DisjointSpans
from store.nlp.tokens import Tokens, is_cjk, word_freq, word_tag

_ANCHOR_RE = re.compile("(?:" + "|".join(sorted(PERSON_ANCHORS, key=len, reverse=True)) + ")[”’\"]?")
# Anonymised people: a surname and 某 ("刘某", "张某某"), or a surname and a form of
# address the press uses to withhold a name ("韩先生", "杨女士"; issue 13 counts them apart).
_ANON_RE = re.compile(
    "["
    + "".join(sorted(SURNAMES))
    + "](?:某{1,2}(?!一|些|种|个|项|处|地|年|月|日|时|天|方面|单位|公司|小区|医院|学校|部门|企业|平台|网站"
    + "|县|市|区|镇|村)|先生|女士)"
)
# A byline line's label, then its names: "记者：任富民", "文/图 甲乙 丙丁".
_LEAD_LABEL = r"(?:记者|通讯员|文|图|摄影|作者|文/图)\s*[:：/]?\s*"
_BYLINE_RE = re.compile(rf"^(?:{_LEAD_LABEL})?([\u4e00-\u9fff]{{2,3}})(?:[\s、，,]+([\u4e00-\u9fff]{{2,3}})){{1,4}}$")
# Anchors that are byline roles (记者, 通讯员, 编辑, 摄影, 作者): after them names are listed
# with spaces and end at the credit's edge.
_BYLINE_ANCHORS = tuple(a for a in PERSON_ANCHORS if a in BYLINE_ROLES)
_DOTTED_HEAD = re.compile("[\u4e00-\u9fff]{2,6}·")
_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s（(|｜]))((?:[\u4e00-\u9fff]{2,3}[ \u3000]+)*[\u4e00-\u9fff]{2,3})"
    r"\s*(?:/\s*(?:文|摄|图|文图|图文)|[ \u3000]+摄)(?![\u4e00-\u9fff])"
)
# Kin, home and belongings after 某 ("李某家", "王某父亲") and copulas ("张某系逃犯") are not given names.
_NOT_GIVEN = frozenset("系均仍家父母妻夫子女儿弟兄姐妹哥嫂叔姨婆爷奶亲车房店处屋部方人")
_NOT_SECOND = frozenset("的是在了着和与及、，。；：！？“”‘’（）() ")
_FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "rr", "rz"})
# Verbs a named subject typically does in police news: "程波带领…", "李新伟介绍…".
_SUBJECT_VERBS = re.compile(
    "带领|介绍|表示|说|告诉|坦言|指出|透露|回忆|感慨|解释|强调|发现|立即|迅速|随即|主动|当即|第一时间|接到|赶到|带着|"
    "一边|又|正在|随后|多次|连续|荣获|获评|先后|始终|曾|深有感触|笑着|激动"
)
_DOCTRINE = re.compile("(?:主义|思想|理论)$")
_NAME_TAGS = frozenset({"nr", "nrfg"})
_AFTER_TAGS = frozenset({"v", "vd", "vi", "d", "p", "c", "ad"})


def find_people(
    paragraphs: Sequence[str], tokens: Sequence[Tokens], trusted: Iterable[str] = ()
) -> tuple[list[Entity], list[Entity]]:
    """(persons, anonymised persons) in an article; persons include every later mention.

    ``trusted`` are names found by other means (the statistical model)."""
    # each name is counted once, not once per mention: a count scans the whole article
    count = cache("\n".join(paragraphs).count)
    names: set[str] = set()
    for toks in tokens:
        names.update(_anchored(toks, count))
        names.update(_tagged(toks))
    for text in paragraphs:
        names.update(_byline(text))
        names.update(_credits(text))
    for toks in tokens:
        names.update(_subjects(toks))
        names.update(_doctrines(toks))
    names = {n for n in names if _plausible(n)} | {n for n in trusted if _plausible_trusted(n)}
    # a name with the next character glued on ("肖宇航参警" read as 肖宇航参 once, 肖宇航
    # elsewhere): the shorter name standing alone elsewhere in the article is the name
    names = {n for n in names if not (len(n) >= 3 and n[:-1] in names and count(n[:-1]) > count(n))}
    persons: list[Entity] = []
    for p, text in enumerate(paragraphs):
        taken = DisjointSpans()
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                s, e = m.span()
                if taken.overlaps(s, e) or e < len(text) and text[e] == "某":
                    continue
                taken.add(s, e)
                persons.append(Entity("person", name, p, s, e, name))
    anons = [
        Entity("anon", toks.text[m.start() : end], p, m.start(), end, toks.text[m.start() : end])
        for p, toks in enumerate(tokens)
        for m in _ANON_RE.finditer(toks.text)
        if toks.starts_token(m.start()) or m.start() == 0 or not is_cjk(toks.text[m.start() - 1])
        for end in [_with_given(toks, m.end()) if m.group().endswith("某") and not m.group().endswith("某某") else m.end()]
    ]
    return persons, anons


def _with_given(toks: Tokens, end: int) -> int:
    """End of "刘某文", "翁某龙": the press keeps a suspect's given name after 某 when the
    character stands alone, before a list mark, a bracket or a word of its own ("翁某龙报称");
    not when it starts a word ("王某驾车", "李某家中") or is a function or kin character."""
    text = toks.text
    if end >= len(text) or not is_cjk(text[end]) or text[end] in NOT_NAME_CHARS or text[end] in _NOT_GIVEN:
        return end
    after = end + 1
    if after == len(text) or not is_cjk(text[after]) or text[after] in "、等和与及":
        return after
    nxt = toks.at(after)
    if nxt is not None and nxt.start == after and len(nxt.word) >= 2:
        return after
    return end


def _anchored(toks: Tokens, count: Callable[[str], int]) -> list[str]:
    """Names right after a role word, and the ones listed after them with 、; after a byline
    label ("通讯员 向佳慧 陈晓枫", "记者：任富民") also those listed with spaces, and a name
    whose surname is also a function word (向, 和, 任) when the name ends the credit."""
    text = toks.text
    out = []
    for m in _ANCHOR_RE.finditer(text):
        byline = m.group().rstrip('”’"').endswith(_BYLINE_ANCHORS)
        i = _skip_gap(text, m.end()) if byline else m.end()
        listed = False  # a later name of a byline's space-separated list
        while i < len(text):
            end = (
                _dotted_at(toks, i)
                or _name_at(toks, i, count)
                or _transliterated_at(toks, i)
                or (_credit_name_at(text, i, listed) if byline else None)
            )
            if end is None:
                break
            out.append(text[i:end])
            if end < len(text) - 1 and text[end] == "、":
                i = end + 1
                continue
            if byline and end < len(text) and text[end] in " \u3000" and (j := _skip_gap(text, end)) < len(text):
                i, listed = j, True
                continue
            break
    return out


def _transliterated_at(toks: Tokens, i: int) -> int | None:
    """End of a name with no Han surname that the dictionary knows as a transliterated name
    (nrt: Tibetan "次仁多吉", Mongolian and Uyghur names) right after a role word."""
    tok = toks.at(i)
    if tok is None or tok.start != i or tok.tag != "nrt" or not 2 <= len(tok.word) <= 4 or tok.word in NOT_NAMES:
        return None
    return tok.end


def _skip_gap(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u3000:：":
        i += 1
    return i


def _credit_name_at(text: str, i: int, listed: bool = False) -> int | None:
    """End of a 2-3 character name at ``i`` that ends a credit (space, bracket or end after
    it): the surname may be a function word elsewhere ("通讯员和建明）"). Later in a
    space-separated list any three characters that are no dictionary word count, whatever
    the surname ("通讯员胡子明 李雨晨 闻期远）"); two ("报道", "供图") never do."""
    three = text[i:i + 3]
    if (
        listed
        and len(three) == 3
        and all(is_cjk(c) for c in three)
        and (i + 3 == len(text) or not is_cjk(text[i + 3]))
        and word_freq(three) == 0
        and three not in NOT_NAMES
    ):
        return i + 3
    if text[i] not in SURNAMES:
        return None
    for n in (3, 2):
        if i + n <= len(text) and all(is_cjk(c) for c in text[i : i + n]) and (i + n == len(text) or not is_cjk(text[i + n])):
            return i + n
    return None


def _dotted_at(toks: Tokens, i: int) -> int | None:
    """End of a name written in parts joined by a middle dot ("阿依丁·努尔兰", Uyghur and
    Kazakh names): each part 2-6 characters; the last stops before a function character
    or a dictionary verb ("叶尔兰·托合提进山" ends at 提)."""
    text = toks.text
    m = _DOTTED_HEAD.match(text, i)
    if not m:
        return None
    end = m.end()
    while end < len(text) and end - m.end() < 6 and is_cjk(text[end]) and text[end] not in NOT_NAME_CHARS:
        tok = toks.at(end)
        if tok is not None and tok.start == end and len(tok.word) >= 2 and (tok.tag or "n")[0] in "vpcd":
            break
        if any(text.startswith(a, end) for a in ADDRESS_SUFFIXES if len(a) >= 2):
            break  # "希拉·威曼女士": the form of address is not the name
        end += 1
    return end if end - m.end() >= 2 else None


def _credits(text: str) -> list[str]:
    """Names credited by a trailing label: "孙芳华/文 顾浩然/摄", "王周平 孙芳华/文", "张鑫 摄"."""
    out: list[str] = []
    for m in _CREDIT_RE.finditer(text):
        parts = m.group(1).split()
        if all(p[0] in SURNAMES or p[:2] in COMPOUND_SURNAMES for p in parts):
            out.extend(parts)
    return out


def _name_at(toks: Tokens, i: int, count: Callable[[str], int]) -> int | None:
    """End of a full name starting at ``i``, or None when none starts there;
    ``count`` tells how often a string occurs in the article."""
    text = toks.text
    if text[i:i + 2] in COMPOUND_SURNAMES:
        given = 2
    elif i < len(text) and text[i] in SURNAMES:
        given = 1
    else:
        return None
    tok = toks.at(i)
    if tok and tok.start == i and tok.tag and tok.tag not in ("nr", "nrfg", "nrt"):
        if len(tok.word) == 2 and (nxt := toks.at(i + 2)) and nxt.start == i + 2 and _one_noun_char(nxt.word, nxt.tag):
            return i + 3  # a surname and a given name jieba read as a word, one more noun character: "包金|山"
        if len(tok.word) >= 2:
            return None  # a dictionary word such as "时刻", "全程"
        nxt = toks.at(i + 1)
        if tok.tag in _FUNCTION_TAGS and nxt and nxt.start == i + 1 and nxt.tag and len(nxt.word) >= 2:
            return None  # "向记者", "和典型": a function word, then a word
    short, long_ = i + given + 1, i + given + 2
    if short > len(text) or not is_cjk(text[short - 1]) or text[short - 1] in _NOT_SECOND:
        return None
    if long_ > len(text) or not is_cjk(text[long_ - 1]) or text[long_ - 1] in NOT_NAME_CHARS:
        return short
    two, three = text[i:short], text[i:long_]
    if count(two) >= 2:
        return long_ if count(three) == count(two) else short
    if tok and tok.start == i and tok.end == long_ and tok.tag in (None, "nr", "nrfg"):
        return long_  # jieba kept three characters together
    nxt = toks.at(short)
    if nxt and nxt.start == short and len(nxt.word) >= 2 and nxt.tag is not None:
        return short  # the third character starts a dictionary word: "周正协同", "程波主动"
    return long_


def _one_noun_char(word: str, tag: str | None) -> bool:
    """A lone noun character that can end a given name (山 in 包金山), not a verb (马上|赶)."""
    return len(word) == 1 and is_cjk(word) and word not in NOT_NAME_CHARS and tag in ("n", "ng")


def _tagged(toks: Tokens) -> list[str]:
    """Dictionary person names in the one slot where they are safe: "…的罗丹边听边思索"."""
    out = []
    items = toks.toks
    for k, tok in enumerate(items):
        if tok.tag not in _NAME_TAGS or not 2 <= len(tok.word) <= 3 or tok.word[0] not in COMMON_SURNAMES:
            continue
        if tok.word in NOT_NAMES or word_freq(tok.word) > 60:
            continue
        before = items[k - 1].word if k else ""
        after = items[k + 1] if k + 1 < len(items) else None
        if before not in ("的", "、", "，", "。", "：", "") and not (before and not is_cjk(before[-1])):
            continue
        if after is None or after.tag in _AFTER_TAGS or not is_cjk(after.word[0]):
            out.append(tok.word)
    return out


def _subjects(toks: Tokens) -> list[str]:
    """An unknown word shaped like a name opening a clause before a typical verb."""
    text = toks.text
    out = []
    for tok in toks.toks:
        if tok.tag is not None or not 2 <= len(tok.word) <= 3 or tok.word[0] not in COMMON_SURNAMES:
            continue
        if tok.start and text[tok.start - 1] not in "，。；：！？“”、（）《》 " and text[tok.start - 1] != "的":
            continue
        if not all(is_cjk(c) for c in tok.word) or tok.word[-1] in NOT_NAME_CHARS:
            continue
        if _SUBJECT_VERBS.match(text, tok.end):
            out.append(tok.word)
    return out


def _doctrines(toks: Tokens) -> list[str]:
    """The person a doctrine is named after ("马克思主义", "毛泽东思想"): jieba writes the
    doctrine as one word, and its stem is a dictionary name (nr). PD98 dev: 7 people."""
    out = []
    for tok in toks.toks:
        m = _DOCTRINE.search(tok.word)
        if m and m.start() >= 2 and word_tag(stem := tok.word[: m.start()]) in ("nr", "nrt", "nrfg"):
            out.append(stem)
    return out


def _byline(text: str) -> list[str]:
    """A paragraph that is nothing but two or more names: the reporters' byline."""
    m = _BYLINE_RE.match(text.strip())
    if not m:
        return []
    parts = re.split(r"[\s、，,]+", re.sub("^" + _LEAD_LABEL, "", text.strip()))
    if all(p and p[0] in SURNAMES for p in parts):
        return parts
    return []


# Suffixes that make abstract nouns ("严肃性", "规范化", "满意度"): never the end of a name.
_NOUN_SUFFIXES = ("性", "化", "度", "率", "感", "型", "式", "制", "界", "们", "者")


def _plausible_trusted(name: str) -> bool:
    """A name the model found: foreign names may be long ("科菲·安南") and may end in
    characters that end forms of address in Chinese names ("基里延科")."""
    if name in NOT_NAMES or "某" in name:
        return False
    if "·" in name or "•" in name:
        return len(name) <= 20
    if len(name) >= 3 and name.endswith(_NOUN_SUFFIXES[:3]):
        return False
    return 2 <= len(name) <= 6 and not any(name.endswith(s) for s in ADDRESS_SUFFIXES if len(s) >= 2)


def _plausible(name: str) -> bool:
    if "·" in name:
        return 5 <= len(name) <= 13 and "某" not in name
    if not 2 <= len(name) <= 4 or name in NOT_NAMES:
        return False
    if len(name) >= 3 and name.endswith(_NOUN_SUFFIXES):
        return False
    return not any(name.endswith(s) for s in ADDRESS_SUFFIXES) and "某" not in name
