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


def with_terms(entities: list[Entity], paragraphs: Sequence[str]) -> list[Entity]:
    """An organisation takes in the term written right before it ("第六届" + 全国人大),
    where no other entity holds those characters. ``entities`` are sorted, disjoint."""
    out: list[Entity] = []
    for e in entities:
        if e.type == "org" and (m := _TERM.search(paragraphs[e.paragraph], max(0, e.start - 6), e.start)):
            prev_end = out[-1].end if out and out[-1].paragraph == e.paragraph else 0
            if m.end() == e.start and m.start() >= prev_end:
                text = paragraphs[e.paragraph][m.start():e.end]
                e = Entity("org", text, e.paragraph, m.start(), e.end, text, e.role)
        out.append(e)
    return out
