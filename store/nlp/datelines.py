"""The place in a news dateline: "本报巴黎5月2日电", "新华社平壤4月3日电".

A dateline names where the story was filed, between the agency and the date, and it is
always a place (a city, or a country and a city), whatever the model makes of an
unfamiliar name there (it read 波恩 as a person and 巴黎 as a body). On the PD98 dev
split 50 of its 54 datelines hold exactly one place; the other four hold a country and
a city (德国慕尼黑), written here as one span like any adjacent places, or a body
(联合国), which is left to the other recognisers.
"""

from __future__ import annotations

import re

from store.db.schema import Entity
from store.nlp.lexicon import KNOWN_ORGS

_DATELINE = re.compile(
    r"(?:本报|新华社|中新社|人民网|新华网)(?:记者)?([\u4e00-\u9fff·]{2,10}?)(?=[0-9０-９一二三四五六七八九十]{1,2}月)"
)


def dateline_places(text: str, paragraph: int) -> list[Entity]:
    """The filing place of each dateline in a paragraph."""
    out = []
    for m in _DATELINE.finditer(text):
        name = m.group(1)
        if name in KNOWN_ORGS or name.endswith(("讯", "电", "报道")):
            continue
        out.append(Entity("place", name, paragraph, m.start(1), m.end(1), name))
    return out
