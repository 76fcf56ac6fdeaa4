"""The entity recogniser: units, people, places, organisations and figures in one pass.

Built for Chinese police news, not for five seed files: rules over jieba tokens and
word lists, a gazetteer for unit keys, no model. Each paragraph is segmented once
(``jieba.lcut``); everything else is dictionary lookups and regular expressions, so an
article costs about twice its plain segmentation. Dates and times are not recognised
here: the time normaliser owns them and wins where spans overlap.

Decisions the annotation (tests/data/seed_entities.toml) shares:

* unit: a chain written in one piece ("硚口区公安分局凯德警务站") is one span keyed by
  its innermost unit; sub-units hang under the branch the text names, else the nearest
  branch named earlier in the paragraph, else the unit the article is about (marked
  ``parent_inferred``). Bare 派出所/分局/警务室 and kinds ("企业警务室") are not units.
  Police-run teams (步巡队, 服务队) are units; volunteer groups (钢城义警, 红色管家) are orgs.
* person: full names only; 刘某/王某某 are ``anon``; 韩先生, 李大伯, 小杰（化名） are nothing.
* place: adjacent places are one span (四川泸州); org: companies, schools, hospitals,
  banks, bureaus, party committees, volunteer and civilian groups.
* figure: number + measure word (see ``store.nlp.figures``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from store.db.schema import Entity
from store.nlp import divisions
from store.nlp.backbone import dictionary_orgs, model_candidates
from store.nlp.datelines import dateline_places
from store.nlp.figures import figure_spans
from store.nlp.gazetteer import Gazetteer
from store.nlp.lexicon import CITIES, COUNTRIES, ORG_SUFFIXES, PROVINCES
from store.nlp.model import ENTITY_TAGS, tag_texts
from store.nlp.names import find_people
from store.nlp.org_names import absorb_places, team_orgs
from store.nlp.people_roles import with_roles
from store.nlp.places import find_places_orgs
from store.nlp.short_forms import short_form_places, split_runs
from store.nlp.spans import DisjointSpans, FixedSpans
from store.nlp.tokens import STOP_CHARS, Tokens, word_tag
from store.nlp.unit_keys import learned_names, resolve_mentions, unit_above
from store.nlp.units import UnitMention, find_unit_mentions
from store.nlp.word_heads import committees, league_committees, place_heads, with_terms

_PRIORITY = {"unit": 0, "org": 1, "person": 2, "anon": 3, "place": 4, "figure": 5}


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A unit an article mentions (or names as a parent), for the units index."""

    key: str
    name: str
    aliases: tuple[str, ...]
    parent: str | None
    parent_inferred: bool
    level: str
    known: bool  # in the gazetteer (False: discovered in the text)
    mentions: int  # spans keyed to this unit in the article

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Entities sorted by (paragraph, start), never overlapping; and the units seen."""

    entities: list[Entity] = field(default_factory=list)
    units: list[UnitRecord] = field(default_factory=list)
    focus: str | None = None  # the unit the article is mostly about


def recognise(paragraphs: list[str], gazetteer: Gazetteer) -> Analysis:
    """Every unit, person, anonymised person, place, organisation and figure in an article."""
    tokens = [Tokens(text) for text in paragraphs]
    words = tag_texts(paragraphs)
    found = [[(ENTITY_TAGS[k], s, e) for k, s, e in items if k in ENTITY_TAGS] for items in words]
    model_orgs = [[(s, e) for kind, s, e in spans if kind == "ORG"] for spans in found]
    mentions = [m for p, toks in enumerate(tokens) for m in find_unit_mentions(p, toks, gazetteer, model_orgs[p])]
    focus = resolve_mentions(mentions, gazetteer, paragraphs)
    mentions += learned_names(mentions, paragraphs)
    context = focus if focus and gazetteer.unit(focus) else None
    # a station's name is a place name ("庙山派出所" -> 庙山), unless it is a common word (轧钢)
    stems = {
        stem
        for m in mentions
        if m.comps[-1].level == "station"
        and len(stem := m.comps[-1].name[:-3]) >= 2
        and word_tag(stem) in (None, "ns", "nr", "nz")
    }
    model_names, model_spans = model_candidates(tokens, found)
    datelines = [e for p, text in enumerate(paragraphs) for e in dateline_places(text, p)]
    model_names -= {e.text for e in datelines}  # "本报波恩5月25日电": a place, whatever the model says
    persons, anons = find_people(paragraphs, tokens, model_names)
    places, orgs = find_places_orgs(paragraphs, tokens, gazetteer, context, stems)
    places = _without_people(places, persons)
    by_span = {(m.paragraph, m.start, m.end): m for m in mentions}
    units = [Entity("unit", paragraphs[m.paragraph][m.start:m.end], m.paragraph, m.start, m.end, m.key) for m in mentions]
    figures = [f for p, text in enumerate(paragraphs) for f in figure_spans(text, p)]
    shorts = [e for p, toks in enumerate(tokens) for e in short_form_places(toks, p)]
    # rules first: on police news they are precise (seed place P 0.82 vs 0.54 with the
    # model first); the model fills what they leave (PD98 micro F1 0.28 -> 0.67)
    rules = [*units, *orgs, *team_orgs(words, paragraphs), *persons, *anons, *places, *figures]
    first = _select([*datelines, *rules], keep=len(datelines))  # a dateline's place holds (新华社香港5月3日电)
    first = _yield_to_orgs(first, [e for e in model_spans if e.type == "org"])
    second = _select([*first, *model_spans, *shorts], keep=len(first))
    # jieba's dictionary bodies only where nothing else was found (内政部, 国民议会)
    # and places opening a longer dictionary word (意大利人, 印度卢比: store.nlp.word_heads)
    third = _select([*second, *dictionary_orgs(tokens), *place_heads(tokens)], keep=len(second))
    entities = committees(with_terms(absorb_places(split_runs(third, shorts)), tokens), tokens)
    entities = league_committees(entities, tokens)
    entities = with_roles(entities, paragraphs)  # byline roles and officers' titles (store.nlp.people_roles)
    kept = [by_span[(e.paragraph, e.start, e.end)] for e in entities if e.type == "unit"]
    return Analysis(entities, _records(kept, paragraphs, gazetteer), focus)


def _without_people(places: list[Entity], persons: list[Entity]) -> list[Entity]:
    """Drop a rule place that runs over a person's name: a place noun walked left across
    the name ("副书记刘友明带队走村", "吉林省委书记张德江"). PD98 dev: people 738 -> 741 right,
    113 -> 116 wrong; places 4 fewer wrong, 2 fewer right."""
    spans: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for e in persons:
        spans[e.paragraph].append((e.start, e.end))
    fixed = {p: FixedSpans(v) for p, v in spans.items()}
    return [e for e in places if e.paragraph not in fixed or not fixed[e.paragraph].overlaps(e.start, e.end)]


def _yield_to_orgs(kept: list[Entity], orgs: list[Entity]) -> list[Entity]:
    """Drop rule country/province/city names and rule organisations lying wholly inside a
    model organisation that covers nothing else found: the place or the body is part of
    the longer body's name ("中国美术馆", "联合国安理会", "中国检察日报社影视部").
    PD98 dev: ORG F1 0.55 -> 0.59 for places, 0.666 -> 0.688 for bodies, LOC unchanged."""
    inside: set[int] = set()
    for org in orgs:
        hits = [i for i, e in enumerate(kept) if e.paragraph == org.paragraph and e.start < org.end and org.start < e.end]
        if hits and all(
            (
                kept[i].type == "place"
                and (_admin_name(kept[i].text) or kept[i].start == org.start and _firm(org.text, kept[i].end - org.start))
                or kept[i].type == "org" and not _registered(kept[i].text)
            )
            and org.start <= kept[i].start
            and kept[i].end <= org.end
            for i in hits
        ):
            inside.update(hits)
    return [e for i, e in enumerate(kept) if i not in inside]


def _firm(name: str, place_end: int) -> bool:
    """A company, school, hospital or factory by its suffix: a place it starts with is its
    name's part ("琉璃河水泥厂", "汉江化工集团"), whatever kind of place it is, unless a
    numeral or function word follows the place ("青山印象城一舞蹈学校": a school there).
    PD98 dev: 5 organisations more, 5 wrong places fewer."""
    if name[place_end:place_end + 1] in STOP_CHARS:
        return False
    return name.endswith(ORG_SUFFIXES) or name[-1] == "厂" and word_tag(name[-2:]) is None


def _registered(name: str) -> bool:
    """A company's registered full name ("武汉钢铁有限公司"): it stands, and a department
    after it ("安全保卫部") is not a body of its own (the seeds' convention)."""
    return name.endswith(("有限公司", "有限责任公司"))


def _admin_name(name: str) -> bool:
    """A country, province or city name, or any admin division's full name (西藏自治区,
    衡南县; not a place made with a place noun, 印象城)."""
    stem = name[:-1] if name[-1:] in "省市" else name
    if name in COUNTRIES or stem in PROVINCES or stem in CITIES:
        return True
    return any(d.name == name for d in divisions.load().lookup(name))


def _select(candidates: Sequence[Entity], keep: int = 0) -> list[Entity]:
    """Units first, then longer spans first; a candidate overlapping a kept one is dropped.
    The first ``keep`` candidates are an earlier selection and stay."""
    taken: defaultdict[int, DisjointSpans] = defaultdict(DisjointSpans)
    kept: list[Entity] = []
    rest = sorted(
        candidates[keep:], key=lambda e: (e.type != "unit", -(e.end - e.start), _PRIORITY.get(e.type, 9), e.paragraph, e.start)
    )
    order = [*candidates[:keep], *rest]
    for e in order:
        spans = taken[e.paragraph]
        if spans.overlaps(e.start, e.end):
            continue
        spans.add(e.start, e.end)
        kept.append(e)
    kept.sort(key=lambda e: (e.paragraph, e.start))
    return kept


def _records(mentions: list[UnitMention], paragraphs: list[str], gazetteer: Gazetteer) -> list[UnitRecord]:
    """One record per unit key: its names in this article, its parent and level."""
    info: dict[str, dict[str, Any]] = {}
    for m in mentions:
        text = paragraphs[m.paragraph]
        for i, (comp, key) in enumerate(zip(m.comps, m.keys, strict=True)):
            if comp.kind == "self":
                continue
            unit = gazetteer.unit(key)
            rec = info.setdefault(
                key, {"aliases": [], "mentions": 0, "parent": None, "inferred": False, "level": comp.level, "name": comp.name}
            )
            surface = text[comp.start:comp.end]
            if i == len(m.comps) - 1:
                rec["mentions"] += 1
                surface = text[m.start:m.end]
            if surface not in rec["aliases"]:
                rec["aliases"].append(surface)
            if unit:
                rec.update(parent=gazetteer.parent(key), inferred=False, level=unit.level, name=unit.name)
            elif rec["parent"] is None or (rec["inferred"] and not m.parents_inferred[i]):
                parent = m.keys[i - 1] if i and m.comps[i - 1].kind != "self" else _parent_of(key, comp.name)
                if parent is None and comp.kind == "area" and (above := unit_above(key, gazetteer)):
                    parent = above[0]  # a county bureau anywhere: its city's (issue 13)
                rec.update(parent=parent, inferred=m.parents_inferred[i] if parent else False)
    # the gazetteer's (else the division list's) units above them: every article carries a complete tree
    for key in list(info):
        parent = info[key]["parent"]
        while parent and parent not in info and (above := unit_above(parent, gazetteer)):
            up, level, name = above
            info[parent] = {"aliases": [], "mentions": 0, "parent": up, "inferred": False, "level": level, "name": name}
            parent = up
    return [
        UnitRecord(
            key=key,
            name=rec["name"],
            aliases=tuple(a for a in rec["aliases"] if a != key),
            parent=rec["parent"],
            parent_inferred=rec["inferred"],
            level=rec["level"] or "other",
            known=gazetteer.unit(key) is not None,
            mentions=rec["mentions"],
        )
        for key, rec in info.items()
    ]


def _parent_of(key: str, name: str) -> str | None:
    """A sub-unit's key is its parent's key plus its own name."""
    return key[: -len(name)] or None if key.endswith(name) and key != name else None
