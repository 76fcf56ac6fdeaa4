"""Generated articles for the million-row benchmark (issue 18): no analysis, a realistic unit population.

Each article is two to four short paragraphs (360 characters on average) of police-news
prose assembled from phrase templates, with its entities, events and unit records
made alongside the text, so offsets are exact without running the analyser: about 0.1 ms an
article (20,000 in 2.1 s on two loaded cores), so a million in under two minutes.

Units: 8 cities, 12 districts (分局) each, 4 brigades (大队) each and the 3,000
stations of ``tests.bench.corpus.station_population`` (Zipf, s = 1.1) placed under
the districts: 3,488 units, a few named in a large share of the articles and most
rarely, as a city's are. Dates: published over ten years (2016–2025). The same
``seed`` always gives the same articles.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from store.db.schema import Document, Entity, Event, Paragraph
from tests.bench.corpus import GIVEN, PLACE_CHARS, SURNAMES, station_population

CITIES = ("江城市", "湘南市", "临川市", "云岭市", "海陵市", "北原市", "青禾市", "南塘市")
DISTRICTS_PER_CITY = 12
BRIGADES = ("刑侦大队", "治安大队", "交警大队", "网安大队")
FIRST_YEAR, YEARS = 2016, 10
CRIMES = ("电信诈骗", "盗窃电动车", "入室盗窃", "酒驾", "醉驾", "非法集资", "聚众赌博", "故意伤害", "网络赌博", "贩卖假药")
PLACES = ("小区", "菜市场", "地铁站", "商业街", "学校门口", "公交站", "工地", "公园", "银行网点", "夜市")

# Sentences, "{}" placeholders filled in order from the fields named after each; "U" is the
# article's unit (an entity), "P" a person, "L" a place, "D" a dated expression (an event),
# "C" a crime, "N" and "S" numbers (a count, a percentage).
SENTENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{}，{}民警在{}巡逻时发现一名男子形迹可疑，经盘查，该男子{}涉嫌{}，已被依法刑事拘留。", ("D", "U", "L", "P", "C")),
    ("近日，{}成功破获一起{}案，抓获犯罪嫌疑人{}名，为群众挽回经济损失{}万元。", ("U", "C", "N", "N")),
    ("{}提醒广大市民：不要轻信陌生来电，不要向陌生账户转账，谨防{}。", ("U", "C")),
    ("{}，家住{}附近的{}到{}报警称，其手机收到一条中奖短信，按提示操作后被骗{}元。", ("D", "L", "P", "U", "N")),
    ("接警后，{}立即组织警力开展调查，通过走访群众、调取监控，很快锁定了嫌疑人{}。", ("U", "P")),
    ("{}民警主动走访辖区{}，向商户和居民发放反诈宣传资料{}余份。", ("U", "L", "N")),
    ("目前，犯罪嫌疑人{}已被{}依法采取刑事强制措施，案件正在进一步侦办中。", ("P", "U")),
    ("{}起，{}在辖区开展为期一个月的{}专项整治行动，重点检查{}等人员密集场所。", ("D", "U", "C", "L")),
    ("据{}介绍，今年以来辖区共发生{}类警情{}起，同比下降{}%。", ("U", "C", "N", "S")),
    ("群众{}将一面写有“人民警察为人民”的锦旗送到{}，感谢民警帮其找回丢失的财物。", ("P", "U")),
)


@dataclass(frozen=True, slots=True)
class Population:
    units: dict[str, dict[str, Any]]  # key -> record, as a build writes it
    stations: tuple[str, ...]  # station keys, busiest first
    cumulative: tuple[float, ...]  # their Zipf weights, accumulated (a draw is one bisect)
    parents: dict[str, str]  # station key -> its district's key
    brigades: dict[str, tuple[str, ...]]  # district key -> its brigades' keys


def _record(key: str, name: str, parent: str | None, level: str) -> dict[str, Any]:
    return {"key": key, "name": name, "aliases": [], "parent": parent, "parent_inferred": False, "level": level}


def population() -> Population:
    """The 3,488 units: 8 city bureaus, 96 districts, 384 brigades, 3,000 stations."""
    rng = random.Random(18_000)
    units: dict[str, dict[str, Any]] = {}
    districts: list[str] = []
    brigades: dict[str, tuple[str, ...]] = {}
    for city in CITIES:
        bureau = f"{city}公安局"
        units[bureau] = _record(bureau, bureau, None, "city")
        names: dict[str, None] = {}
        while len(names) < DISTRICTS_PER_CITY:
            names.setdefault(rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + "区")
        for name in names:
            key = f"{bureau}{name}分局"
            units[key] = _record(key, f"{name}分局", bureau, "district")
            districts.append(key)
            brigades[key] = tuple(f"{key}{b}" for b in BRIGADES)
            for b, full in zip(BRIGADES, brigades[key], strict=True):
                units[full] = _record(full, b, key, "brigade")
    names_, weights = station_population()
    stations, parents = [], {}
    for rank, name in enumerate(names_):
        district = districts[(rank * 7919) % len(districts)]  # busy stations spread over the districts
        key = f"{district}{name}派出所"
        units[key] = _record(key, f"{name}派出所", district, "station")
        stations.append(key)
        parents[key] = district
    return Population(units, tuple(stations), tuple(accumulate(weights)), parents, brigades)


class _Paragraph:
    """A paragraph assembled piece by piece, its entities' offsets counted as it grows."""

    def __init__(self, index: int) -> None:
        self.index, self.parts, self.length = index, [], 0
        self.entities: list[Entity] = []
        self.events: list[Event] = []

    def text(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def entity(self, kind: str, s: str, key: str) -> None:
        self.entities.append(Entity(kind, s, self.index, self.length, self.length + len(s), key))
        self.text(s)

    def event(self, s: str, day: str, label: str) -> None:
        self.events.append(Event(s, day, day, "day", "explicit", label, self.index, self.length, self.length + len(s)))
        self.entity("time", s, s)


def documents(n: int, seed: int = 18, start: int = 0) -> Iterator[Document]:
    """Articles ``start`` to ``start + n`` (the same ones whatever ``n``), newest first in no particular order."""
    pop = population()
    total = pop.cumulative[-1]
    for i in range(start, start + n):
        rng = random.Random(seed * 10_000_019 + i)
        station = pop.stations[bisect_left(pop.cumulative, rng.random() * total)]
        district = pop.parents[station]
        others = [station]
        if rng.random() < 0.4:  # a second unit: a brigade of its district, or the district itself
            others.append(rng.choice((*pop.brigades[district], district)))
        year, month, day = FIRST_YEAR + rng.randrange(YEARS), rng.randint(1, 12), rng.randint(1, 28)
        published = f"{year}-{month:02d}-{day:02d}"
        paragraphs: list[_Paragraph] = []
        chars = 0
        while chars < 300 or (len(paragraphs) < 2 and chars < 600):
            para = _Paragraph(len(paragraphs))
            for _ in range(rng.randint(1, 3)):
                template, fields = SENTENCES[rng.randrange(len(SENTENCES))]
                pieces = template.split("{}")
                for piece, kind in zip(pieces, (*fields, ""), strict=True):
                    para.text(piece)
                    if kind == "U":
                        key = rng.choice(others)
                        para.entity("unit", pop.units[key]["name"] if rng.random() < 0.5 else key, key)
                    elif kind == "P":
                        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
                        para.entity("person", name, name)
                    elif kind == "L":
                        place = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + rng.choice(PLACES)
                        para.entity("place", place, place)
                    elif kind == "D":
                        m, d = rng.randint(1, 12), rng.randint(1, 28)
                        para.event(f"{year}年{m}月{d}日", f"{year}-{m:02d}-{d:02d}", f"{pop.units[station]['name']}")
                    elif kind == "C":
                        para.text(rng.choice(CRIMES))
                    elif kind == "N":
                        para.text(str(rng.randint(2, 300)))
                    elif kind == "S":
                        para.text(str(rng.randint(2, 60)))
            chars += para.length
            paragraphs.append(para)
            if len(paragraphs) == 4:
                break
        paragraphs[-1].text(f"（编号{i}）")  # every text its own: the writer keeps one copy of a repeated text
        title = f"{pop.units[station]['name']}破获一起{rng.choice(CRIMES)}案"
        path = f"sources/m{i:07d}.txt"
        records = [pop.units[k] for k in {*others, district, pop.units[district]["parent"]}]
        yield Document(
            id=f"{i:012x}", title=title, path=path, name=path, stored=path, digest=f"{i:016x}", published=published,
            source="公安发布", paragraphs=tuple(Paragraph(p.index, "".join(p.parts)) for p in paragraphs),
            entities=tuple(e for p in paragraphs for e in p.entities), events=tuple(ev for p in paragraphs for ev in p.events),
            units=tuple(records), reference=(published, "published"),
        )  # fmt: skip
