"""Keys for unit mentions, decided per article: parents, the article's focus, coreference.

A bare "刑侦大队" or "八吉府街派出所" belongs to the branch named earlier in the same
sentence, else to the unit the article is mostly about (its focus); such parents are
marked inferred. A sub-unit named in full once ("普洱市公安局禁毒支队") lends its key to
its bare mentions, and short forms ("庙山所", "锦江警方") count only when the article
names the full unit.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from store.nlp import divisions
from store.nlp.gazetteer import AREA_LEVELS, Gazetteer
from store.nlp.units import Comp, UnitMention

_SENTENCE_END = re.compile("[。！？；!?;]")
_LOCAL_SCOPE = {
    "市公安局": r"^(.+?市公安局)",
    "市局": r"^(.+?市公安局)",
    "省公安厅": r"^(.+?省公安厅)",
    "省厅": r"^(.+?省公安厅)",
}


def learned_names(mentions: list[UnitMention], paragraphs: list[str]) -> list[UnitMention]:
    """More mentions of sub-units the article has named: "新吴大队" after
    "无锡市公安局交通警察支队新吴大队", and "庙山所" for 庙山派出所."""
    known: dict[str, UnitMention] = {}
    for m in mentions:
        last = m.comps[-1]
        if last.kind == "sub" and len(last.name) >= 4 and not m.parents_inferred[-1]:
            known.setdefault(last.name, m)
            if last.level == "station" and last.name.endswith("派出所") and len(last.name) >= 5:
                known.setdefault(last.name[:-3] + "所", m)
    taken = {(m.paragraph, i) for m in mentions for i in range(m.start, m.end)}
    out = []
    for name, model in known.items():
        pattern = re.compile(re.escape(name) + ("(?![长有在以属得谓需述])" if name.endswith("所") else ""))
        for p, text in enumerate(paragraphs):
            for hit in pattern.finditer(text):
                if any((p, i) in taken for i in range(hit.start(), hit.end())):
                    continue
                last = model.comps[-1]
                comp = Comp(hit.start(), hit.end(), "sub", last.name, last.level, place_parent=last.place_parent)
                out.append(UnitMention(p, hit.start(), hit.end(), [comp], keys=[model.keys[-1]], parents_inferred=[False]))
                taken.update((p, i) for i in range(hit.start(), hit.end()))
    return out


def resolve_mentions(mentions: list[UnitMention], gazetteer: Gazetteer, paragraphs: list[str]) -> str | None:
    """Fill in every mention's keys; return the article's focus unit (the one it is about)."""
    _settle_shared_names(mentions, paragraphs)
    _unify_discovered(mentions)
    mentions[:] = [m for m in mentions if m.comps[0].kind != "tentative"]
    counts: Counter[str] = Counter()
    for m in mentions:
        for c in m.comps:
            if c.kind in ("known", "area") and c.key and (c.level in AREA_LEVELS or c.kind == "area"):
                counts[c.key] += 1
    focus = counts.most_common(1)[0][0] if counts else None
    context = focus if focus and gazetteer.unit(focus) else None
    # chains that name their parent first, then bare sub-units, which may borrow the key
    # of the same sub-unit named in full elsewhere ("禁毒支队" after "普洱市公安局禁毒支队")
    ordered = sorted(
        mentions,
        key=lambda m: (
            m.comps[0].kind == "self" or m.comps[0].kind == "sub" and not m.comps[0].place_parent,
            m.paragraph,
            m.start,
        ),
    )
    named: dict[str, str] = {}
    earlier = _EarlierAreas(mentions, paragraphs)
    for m in ordered:
        if m.keys:
            continue
        first = m.comps[0]
        if len(m.comps) == 1 and first.kind == "sub" and not first.place_parent and first.name in named:
            m.keys, m.parents_inferred = [named[first.name]], [True]
            continue
        keys: list[str] = []
        inferred: list[bool] = []
        for i, c in enumerate(m.comps):
            parent = keys[-1] if keys else None
            if c.kind == "known" and c.key:
                key, was_inferred = c.key, False
            elif c.kind == "local":
                resolved = gazetteer.resolve(c.name, context) or _local_in(c.name, focus)
                key, was_inferred = resolved or c.name, False
                c.level = gazetteer.level(key) or ("province" if c.name.startswith("省") else "city")
            elif c.kind == "area":
                key = c.key or c.name
                if parent and c.key and not c.key.startswith(parent) and c.level != "county":  # 县公安局 stand alone
                    key = parent + c.name
                was_inferred = False
            else:
                was_inferred = bool(inferred and inferred[-1] and m.comps[i - 1].kind == "self")
                if parent is None:
                    parent = c.place_parent
                if parent is None:
                    parent = earlier.nearest(m) or focus
                    was_inferred = parent is not None
                key = parent if c.kind == "self" and parent else (f"{parent}{c.name}" if parent else c.name)
                if c.kind == "self" and not parent:
                    key = c.name
            keys.append(key)
            inferred.append(was_inferred)
        m.keys, m.parents_inferred = keys, inferred
        for c, key, was_inferred in zip(m.comps, keys, inferred, strict=True):
            if c.kind == "sub" and not was_inferred:
                named.setdefault(c.name, key)
    return focus


def _unify_discovered(mentions: list[UnitMention]) -> None:
    """One key per discovered branch: "锦江分局", "锦江警方" after "成都市公安局锦江分局".

    Names such as "锦江警方" only count as units when the article names that branch in
    full somewhere; otherwise they stay "tentative" and are dropped.
    """
    full: dict[str, str] = {}
    for m in mentions:
        for c in m.comps:
            if c.kind == "area" and c.level == "district" and c.key and len(c.key) > len(c.name):
                full.setdefault(_stem(c.name), c.key)
    for m in mentions:
        for c in m.comps:
            if c.kind in ("area", "tentative") and c.level == "district" and (target := full.get(_stem(c.name))):
                stem = _stem(c.name)
                if c.kind == "tentative" or c.key in (c.name, stem + "区公安分局") or c.key and c.key.endswith(stem + "分局"):
                    c.key, c.kind = target, "area"


def _settle_shared_names(mentions: list[UnitMention], paragraphs: list[str]) -> None:
    """Key a branch or county whose name several divisions share by the one whose city or
    province the article names elsewhere: "朝阳分局" in a story filed "本报北京…讯" is
    北京市公安局朝阳分局, "鼓楼警方" after "南京市公安局" is 南京市公安局鼓楼分局. China
    has 4 鼓楼区, 2 朝阳区, 2 城关区; without such a name the mention stays unkeyed (and a
    tentative "X警方" is dropped, as before)."""
    divs = divisions.load()
    text = "\n".join(paragraphs)
    for m in mentions:
        for c in m.comps:
            if c.kind not in ("area", "tentative") or c.level not in ("district", "county"):
                continue
            if c.key and divs.of_key(c.key) is not None:
                continue
            stem = _stem(c.name)
            stem = stem[: -len("公安局")] if stem.endswith("公安局") else stem
            if len(stem) < 2:
                continue
            names = (stem,) if stem.endswith(("区", "县", "旗")) else (stem, stem + "区", stem + "县")
            cands = {d for n in names for d in divs.lookup(n) if d.level == "county"}
            if c.name.endswith("分局"):
                cands = {d for d in cands if d.name.endswith("区")}
            rest = text.replace(stem, "\0")  # the unit's own name says nothing about its city
            hits = [d for d in cands if any(a.name in rest or len(a.short) >= 2 and a.short in rest for a in divs.chain(d)[1:])]
            if len(hits) == 1:
                c.key, c.kind, c.level = divs.bureau_key(hits[0]), "area", divs.unit_level(hits[0])


def _stem(name: str) -> str:
    for head in ("区公安分局", "公安分局", "区分局", "分局", "区公安", "公安", "区警方", "警方"):
        if name.endswith(head):
            return name[: -len(head)]
    return name


class _EarlierAreas:
    """Each paragraph's mentions in text order, with its sentence ends, built once so that
    looking back from a mention costs its own sentence, not the whole article."""

    def __init__(self, mentions: list[UnitMention], paragraphs: list[str]) -> None:
        self._mentions: dict[int, list[UnitMention]] = {}
        for m in sorted(mentions, key=lambda o: o.start):
            self._mentions.setdefault(m.paragraph, []).append(m)
        self._starts = {p: [m.start for m in ms] for p, ms in self._mentions.items()}
        self._ends = {p: [hit.start() for hit in _SENTENCE_END.finditer(paragraphs[p])] for p in self._mentions}

    def nearest(self, m: UnitMention) -> str | None:
        """The last district-level (else city-level) unit named earlier in the same sentence.

        Mentions of a paragraph never overlap, so walking back they end ever earlier:
        the first one ending before the sentence starts closes the walk.
        """
        ends = self._ends[m.paragraph]
        k = bisect.bisect_left(ends, m.start)
        sentence_start = ends[k - 1] + 1 if k else 0
        others = self._mentions[m.paragraph]
        district = city = None
        for i in range(bisect.bisect_left(self._starts[m.paragraph], m.start) - 1, -1, -1):
            other = others[i]
            if other.end < sentence_start or district is not None:
                break  # another sentence: "…从水上公安接管…。同日，成立第三警务综合服务站"
            for c, key in reversed(list(zip(other.comps, other.keys, strict=True))):
                if c.kind == "sub" and c.place_parent and c is other.comps[0]:
                    district = c.place_parent if district is None else district  # "浠水县交警大队联合巡特警大队"
                elif c.kind in ("known", "area", "local"):
                    if c.level in ("district", "county"):
                        district = key if district is None else district
                    elif c.level == "city":
                        city = key if city is None else city
        return district or city


def _local_in(name: str, focus: str | None) -> str | None:
    """"市公安局" in an article about a discovered unit of one city: that city's bureau."""
    if focus and (pattern := _LOCAL_SCOPE.get(name)) and (m := re.match(pattern, focus)):
        return m.group(1)
    return None


def unit_above(key: str, gazetteer: Gazetteer) -> tuple[str | None, str, str] | None:
    """(parent key, level, name) of an area unit: the gazetteer's, else the admin-division
    list's, so that a county bureau anywhere hangs under its city and province
    (颍上县公安局 -> 阜阳市公安局 -> 安徽省公安厅 -> 公安部). None for a sub-unit."""
    unit = gazetteer.unit(key)
    if unit is not None:
        return unit.parent, unit.level, unit.name
    if key == divisions.MINISTRY:
        return None, "ministry", key
    divs = divisions.load()
    d = divs.of_key(key)
    return (divs.unit_parent(d), divs.unit_level(d), key) if d is not None else None
