"""Recall rules that read a name out of a longer dictionary word, or a body's term out of its left context.

jieba's dictionary holds many compounds that start with a known place: its people, its
money, its events, its arts ("意大利人", "印度卢比", "南京大屠杀", "中国京剧", "塞尔维亚族").
One token, so neither the place rules (which look at whole words) nor the model (which
follows the same words) see the place inside. A country, province or city name that
opens such a word is that place: the word is a thing of the place, not a place of its
own. Bodies (tag nt: "中国银行", "北京人民大会堂") and longer places (tag ns with an admin
suffix) are left alone, and these candidates only fill where nothing else was found.

A body counted by its term ("第二届全国人民代表大会", "六届人大常委会", "第九届中央委员会")
is written with the term in PD98 and in police news alike ("第十四届全国人大"); the model
and the rules find the body without it. ``with_terms`` takes the term in.

A long committee or organisation written after its place is cut on the left: the model
stops at the place or at the first words ("中国" + 环境管理体系认证指导委员会, "欧洲" +
安全与合作组织). ``committees`` joins a place or body and the name words after it that end
in a committee's head word.

``league_committees`` keeps the Youth League's committee of a level whole (团县委,
共青团四川省委), which the rules find as the level's party committee (县委).

PD98 dev (gold as PD98 writes it), the four together: LOC 1459 -> 1462 right, 239 -> 234
wrong; ORG 10 more right, 8 fewer wrong. Seeds and the police suite unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.db.schema import Entity
from store.nlp.lexicon import CITIES, COUNTRIES, PROVINCES
from store.nlp.tokens import Tokens, word_tag

# jieba tags of a word a place may open: things, names, events, demonyms; not bodies (nt),
# not places (ns: 朝鲜半岛, 墨西哥城, 巴西利亚), not idioms (长治久安/l)
_THING_TAGS = frozenset({"n", "nz", "j"})
# one-character tails that make a thing of the place: its people, its art (not 式: "中国式
# 现代化" is an adjective, the seeds' and the model layer's convention)
_TAILS = frozenset("人族画籍")
# a tail that is a team or a paper: the word is a body PD98 and the seeds tag whole (古巴队, 天津日报)
_BODY_TAIL = re.compile("(?:队|报|社|台)$")
# the last characters of an event's noun: a meeting, a match, a festival, a show, a cup
_EVENT_ENDS = ("会", "赛", "节", "展", "杯")
_TERM = re.compile("第?[一二三四五六七八九十百零〇0-9０-９]{1,4}届$")


def _known(name: str) -> bool:
    return name in COUNTRIES or name in PROVINCES or name in CITIES


def place_heads(tokens: Sequence[Tokens]) -> list[Entity]:
    """Known places opening a longer dictionary word: "意大利人" -> 意大利, "印度卢比" -> 印度."""
    out: list[Entity] = []
    for p, toks in enumerate(tokens):
        for tok in toks.toks:
            word = tok.word
            if tok.tag not in _THING_TAGS or len(word) < 3:
                continue
            for n in range(min(len(word) - 1, 7), 1, -1):
                head = word[:n]
                if _known(head):
                    if _thing_tail(word[n:]):
                        out.append(Entity("place", head, p, tok.start, tok.start + n, head))
                    break
    return out


def _thing_tail(rest: str) -> bool:
    """The rest of the word names a thing of the place: a tail character (意大利|人, 中国|画) or
    a word of its own that is neither a place nor a body (印度|卢比, 南京|大屠杀, 法国|总理);
    not a piece of a longer name (大理|石, 岳阳|楼记)."""
    if len(rest) == 1:
        return rest in _TAILS
    tag = word_tag(rest)
    return tag is not None and tag not in ("ns", "nt", "nr", "nrt", "nz") and not _BODY_TAIL.search(rest)


def with_terms(entities: list[Entity], tokens: Sequence[Tokens]) -> list[Entity]:
    """An organisation takes in the term written right before it ("第六届" + 全国人大),
    where no other entity holds those characters, and no event follows it: then the term
    counts the event ("第十六届" 英联邦|运动会; but 第九届全国人民代表大会|代表). ``entities`` are sorted, disjoint."""
    out: list[Entity] = []
    for e in entities:
        toks = tokens[e.paragraph]
        nxt = toks.at(e.end)
        if nxt is not None and nxt.start == e.end and nxt.word.endswith(_EVENT_ENDS):
            out.append(e)
            continue
        if e.type == "org" and (m := _TERM.search(toks.text, max(0, e.start - 6), e.start)):
            prev_end = out[-1].end if out and out[-1].paragraph == e.paragraph else 0
            if m.end() == e.start and m.start() >= prev_end:
                text = toks.text[m.start():e.end]
                e = Entity("org", text, e.paragraph, m.start(), e.end, text, e.role)
        out.append(e)
    return out


# Head words of a committee's or an organisation's name: the end of a long body written
# after its place ("欧洲安全与合作组织", "北京市劳动争议仲裁委员会").
_COMMITTEE_HEAD = re.compile("(?:委员会|组织|协会|学会|研究会|基金会|联合会|理事会|基金|领导小组|工作组)$")
# tags of the words a body's name is made of between its place and its head
_NAME_TAGS = frozenset({"n", "vn", "nz", "nt", "j", "an", "b", "a", "ng", "nr", "ns"})
_JOINERS = frozenset({"与", "和", "及"})


def committees(entities: list[Entity], tokens: Sequence[Tokens]) -> list[Entity]:
    """A place followed by nouns ending in a committee's or an organisation's head word is
    one body, where the pieces were found as a place and a shorter body or nothing
    ("欧洲" + 安全与合作组织, "中国" + 环境管理体系认证指导委员会). Only places, bodies and
    nothing may lie in between; a police word leaves the span to the unit grammar."""
    out: list[Entity] = []
    i = 0
    while i < len(entities):
        e = entities[i]
        end = _committee_end(tokens[e.paragraph], e.end) if e.type in ("place", "org") else None
        if end is None:
            out.append(e)
            i += 1
            continue
        j = i + 1
        while j < len(entities) and entities[j].paragraph == e.paragraph and entities[j].start < end:
            j += 1
        inside = entities[i + 1 : j]
        if any(x.type not in ("place", "org") or x.end > end for x in inside):
            out.append(e)
            i += 1
            continue
        text = tokens[e.paragraph].text[e.start:end]
        out.append(Entity("org", text, e.paragraph, e.start, end, text))
        i = j
    return out


def _committee_end(toks: Tokens, start: int) -> int | None:
    """The end of the last head word in the run of name words from ``start``, if any."""
    text = toks.text
    pos, end, words = start, None, 0
    while pos < len(text) and pos - start <= 20:
        tok = toks.at(pos)
        if tok is None or tok.start != pos:
            break
        if tok.word in _JOINERS and words:
            pos = tok.end
            continue
        # jieba tags 组织, 认证, 仲裁 as verbs; a verb inside a name, never its first word
        # (中国|成立|委员会 is a clause)
        if not (tok.tag in _NAME_TAGS or tok.tag == "v" and words) or _POLICE_WORD.search(tok.word):
            break
        words += 1
        pos = tok.end
        if _COMMITTEE_HEAD.search(text, start, pos):
            end = pos
    return end


_POLICE_WORD = re.compile("公安|警|派出所|分局")


def league_committees(entities: list[Entity], tokens: Sequence[Tokens]) -> list[Entity]:
    """The Youth League's committee of a level is one body: 团 or 共青团 before a committee
    (团县委, 共青团四川省委), where the model and the rules find the level's party committee
    (县委, 四川省委) and leave 团 out or apart. 团 must open a word (not 集团|县委)."""
    out: list[Entity] = []
    for e in entities:
        toks = tokens[e.paragraph]
        if e.type == "org" and e.text.endswith("委") and not e.text.startswith(("团", "共青团")):
            prev = out[-1] if out and out[-1].paragraph == e.paragraph else None
            start = None
            if prev is not None and prev.type == "org" and prev.text == "共青团" and prev.end == e.start:
                out.pop()
                start = prev.start
            elif e.start >= 3 and toks.text[e.start - 3 : e.start] == "共青团" and (prev is None or prev.end <= e.start - 3):
                start = e.start - 3
            elif e.start and toks.text[e.start - 1] == "团" and toks.starts_token(e.start - 1):
                if prev is None or prev.end <= e.start - 1:
                    start = e.start - 1
            if start is not None:
                text = toks.text[start:e.end]
                e = Entity("org", text, e.paragraph, start, e.end, text)
        out.append(e)
    return out
