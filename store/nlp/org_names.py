"""Organisations named after a place: "中国女队", "古巴代表团", "衡阳有色冶金机械总厂".

A body named after its country or city carries the place in its name, and the place is
then no entity of its own (the seed convention, and the PD98 one). The model reads such
names as a place plus common nouns (LOC "印尼" + n "女队"), and the rules find the body
without its place ("化工集团公司" in "大连化工集团公司"). Two repairs, both by kind:

* a place followed by at most four model nouns ending in a team, delegation or assembly
  word is one organisation (PD98 dev: 61 of 102 such organisations were a place + "队");
* an organisation directly after a place (no character between) takes the place in.

The government of a place is the place: "印度政府", "美国政府" are the place acting (PD98
tags the place alone; bare 政府 is never an org here), see ``store.nlp.backbone``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.db.schema import Entity
from store.nlp.lexicon import CITIES, COUNTRIES, PROVINCES

# Words that end a body named after a place: teams, delegations, assemblies; a ministry
# only inside a minister's title ("美国财政部长" names 美国财政部).
_HEAD = re.compile(r"(?:(?<![军部球])[男女]?队|代表团|代表队|议会|国会|委员会|组委会|足协|奥委会|(?<!工)厂)$")
# After a body's name that is not yet complete, a body noun completes it ("巴西" ORG +
# "足球队", "国务院残疾人" + "工作协调委员会"); a complete one ("小米公司") is not extended:
# what follows is its department or site (the seeds' convention).
_BODY_HEAD = re.compile(
    r"(?:委员会|联合会|协会|学会|组织|联盟|集团|公司|联合体|基金会?|大学|学院|研究所|署|局|厅|中心|报社|报"
    r"|(?<!工)厂|(?:足球|篮球|排球|网球|乒乓球|羽毛球|围棋|田径|国家)[男女]?队)$"
)
_COMPLETE = re.compile(r"(?:会|组织|联盟|集团|公司|大学|学院|所|署|局|厅|部|处|中心|社|报|台|队|团|委|院|行|党)$")
_NOUN_TAGS = frozenset({"n", "nz", "vn"})  # a model ORG after a body is a body of its own
_MAX_NOUNS = 4
_MAX_CHARS = 14


def team_orgs(words: Sequence[Sequence[tuple[str, int, int]]], texts: Sequence[str]) -> list[Entity]:
    """A place or body + nouns + a body word, and ministries named in a minister's title
    ("外交" + "部长" -> 外交部), from the model's own words."""
    out: list[Entity] = []
    for p, (items, text) in enumerate(zip(words, texts, strict=True)):
        for i, (tag, s, e) in enumerate(items):
            if tag == "n" and e - s == 2 and i + 1 < len(items) and text[e:items[i + 1][2]] == "部长":
                out.append(Entity("org", text[s:e + 1], p, s, e + 1, text[s:e + 1]))  # "司法部长"
                continue
            if tag not in ("LOC", "ORG") or tag == "ORG" and _COMPLETE.search(text, s, e):
                continue
            head = _HEAD if tag == "LOC" else _BODY_HEAD
            for j in range(i + 1, min(i + 1 + _MAX_NOUNS, len(items))):
                tag_j, _, end = items[j]
                if tag_j not in _NOUN_TAGS or end - s > _MAX_CHARS:
                    break
                if text[end - 2:end] == "部长" and end - s > 4:
                    end -= 1  # the ministry inside "财政部长"
                elif not head.search(text, s, end):
                    continue
                out.append(Entity("org", text[s:end], p, s, end, text[s:end]))
                break
    return out


def absorb_places(entities: list[Entity]) -> list[Entity]:
    """An org right after a place takes it in ("大连" + "化工集团公司"), and adjacent places
    make one place; sorted input."""
    out: list[Entity] = []
    for e in entities:
        prev = out[-1] if out else None
        if prev is not None and prev.type == "place" and prev.paragraph == e.paragraph and prev.end == e.start:
            # an org named after its place; adjacent places as one span (the seeds'
            # convention: 四川泸州, 北京图书大厦) whichever recogniser found each part,
            # one-character short forms ("中", "美") apart
            into_org = e.type == "org" and _named_place(prev.text)
            into_place = e.type == "place" and min(len(prev.text), len(e.text)) >= 2
            if into_org or into_place:
                name = prev.text + e.text
                out[-1] = Entity(e.type, name, e.paragraph, prev.start, e.end, name)
                continue
        out.append(e)
    return out


def _named_place(name: str) -> bool:
    """A country, province or city (with or without 省/市), or an admin chain of them."""
    stem = name[:-1] if name[-1:] in "省市县区" else name
    return len(name) >= 2 and (name in COUNTRIES or stem in PROVINCES or stem in CITIES or name[-1:] in "省市县区")
