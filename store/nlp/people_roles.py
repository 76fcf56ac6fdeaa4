"""What the text calls each person it names: a byline role or an officer's title.

Researchers count reporters apart from officers, and officers by rank ("how many 所长
spoke"), so a person mention keeps the role word printed right before it: "记者宋立新"
-> 记者, "审核：孙立平" -> 审核, "分局局长刘卫国" -> 局长, "值班民警冯硕、李伟" -> 民警 for
both (a list after one role shares it). Byline labels are folded to the roles
``store.db.metadata.BYLINE_ROLES`` keeps (本报记者 -> 记者, 责编 -> 责任编辑); titles stay
as printed, the longest that fits (副所长, not 所长; a duty word before 民警 is dropped:
"值班民警" -> 民警). Anonymised people keep theirs too
("嫌疑人王某" has none; "民警刘某" is 民警).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from store.db.metadata import BYLINE_LABELS, BYLINE_TASKS
from store.db.schema import Entity
from store.nlp.lexicon import OFFICER_TITLES
from store.nlp.tokens import is_cjk

# Titles keep the form printed ("户籍民警"); a byline label is folded to its role.
_ROLE_OF = {**{t: t for t in OFFICER_TITLES}, **BYLINE_LABELS}
# A title or a label naming a person (本报记者, 责编) may touch the name; a label naming a
# task (store.db.metadata.BYLINE_TASKS: 一审, 统筹, 整理) only in a credit's shape.
_TOUCHING = [w for w in _ROLE_OF if w not in BYLINE_TASKS]
_SPACED = [w for w in _ROLE_OF if w in BYLINE_TASKS]


def _either(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_ROLE_BEFORE = re.compile(rf"(?:({_either(_TOUCHING)})[\s:：]*|({_either(_SPACED)})[\s:：]+)[”’\"]?$")
# What may stand between two names of one list: "冯硕、李伟", "甲乙 丙丁", "张三和李四".
_LIST_GAP = re.compile(r"[、，,\s]+|和|与|及")
_PEOPLE = frozenset({"person", "anon"})


def with_roles(entities: Sequence[Entity], paragraphs: Sequence[str]) -> list[Entity]:
    """``entities`` (sorted by paragraph and start) with each person's role filled in."""
    out: list[Entity] = []
    last: Entity | None = None  # the last person kept, to share its role along a list
    for e in entities:
        if e.type not in _PEOPLE:
            out.append(e)
            continue
        text = paragraphs[e.paragraph]
        m = _ROLE_BEFORE.search(text, max(0, e.start - 10), e.start)
        label = (m.group(1) or m.group(2)) if m else ""
        if m and len(label) == 1 and m.start() and is_cjk(text[m.start() - 1]):
            label = ""  # 文, 图 label a byline only on their own: "课文王某" is no byline
        role = _ROLE_OF[label] if label else ""
        if not role and last is not None and last.role and last.paragraph == e.paragraph:
            if _LIST_GAP.fullmatch(text, last.end, e.start):
                role = last.role
        last = replace(e, role=role) if role else e
        out.append(last)
    return out
