"""A reproducible synthetic corpus made from the seeds: same prose, other units, names, dates.

Each article is one seed's cleaned paragraphs (a few dropped, a few borrowed from
another seed) with its district swapped for another Wuhan district from the unit
gazetteer, its 派出所 renamed, its people renamed and its dates moved. The text
stays police news that exercises every recogniser, at about 3,000 characters an
article, like the seeds. The same ``seed`` always gives the same files.

Stations (issue 18): only the seeds' real 派出所 (read from their hand annotation,
tests/data/seed_entities.toml) are renamed, to names drawn from a fixed population
of 3,000 with a long-tailed (Zipf, s = 1.1) distribution, the same within an
article, as a city's stations are: a few named often, most rarely. The old renaming
(``stations="harsh"``) replaced any two or three characters before 派出所, which
glued words such as 市各 or 将工人村 into names and gave ~35,000 distinct bogus units
at 10,000 articles; it stays as the harsh case for the unit index's worst day.
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from tests.conftest import SEEDS

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力波宁俊峰鹏浩亮飞斌宇鑫凯晨婷雪琳颖欣"
PLACE_CHARS = "东西南北新华建和平安康宁光明兴盛丰利民生阳春秋青松竹桃李园林湖港桥湾塘岭坡岗台山河江滨沙洲"
PLACE_ENDS = ["路", "街", "村", "湾", "桥", "园", "岭", ""]


@dataclass(frozen=True, slots=True)
class Seed:
    name: str
    title: str
    paragraphs: tuple[str, ...]
    district: str | None  # the district place name ("青山区") the seed is about


@dataclass(frozen=True, slots=True)
class District:
    full: str  # 青山区
    short: str  # 青山


@cache
def districts() -> tuple[District, ...]:
    data = tomllib.loads(resources.files("store").joinpath("data", "wuhan_units.toml").read_text("utf-8"))
    out = []
    for unit in data["unit"]:
        if unit.get("level") != "district":
            continue
        places = unit.get("places") or []
        full = next((p for p in places if p.endswith("区") and len(p) <= 4), None)
        if full:
            out.append(District(full, full[:-1]))
    return tuple(out)


@cache
def seeds() -> tuple[Seed, ...]:
    from store.ingest.clean import clean_text

    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        result = clean_text(path.read_text("utf-8"))
        text = "".join(p.text for p in result.paragraphs)
        counts = {d.full: text.count(d.full) + text.count(d.short) for d in districts()}
        district = max(counts, key=counts.get) if any(counts.values()) else None
        out.append(Seed(path.name, result.title, tuple(p.text for p in result.paragraphs), district))
    return tuple(out)


@cache
def _seed_persons() -> tuple[str, ...]:
    """Person names the recogniser finds in the seeds (computed once; jieba is slow)."""
    from store.ingest.analysis import analyse_paragraphs

    names: set[str] = set()
    for seed in seeds():
        for e in analyse_paragraphs(list(seed.paragraphs), None).entities:
            if e.type == "person" and 2 <= len(e.text) <= 3:
                names.add(e.text)
    return tuple(sorted(names))


_ANY_STATION = re.compile(r"([\u4e00-\u9fff]{2,3})(派出所)")  # the harsh case: glues words into names
POPULATION = 3000  # distinct station names the realistic corpus draws from
ZIPF_S = 1.1
_YEAR = re.compile(r"(20[12]\d)(年)")
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _station(rng: random.Random) -> str:
    return rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + rng.choice(PLACE_ENDS)


@cache
def station_population() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """3,000 distinct station names and their Zipf weights (rank 1 most mentioned)."""
    rng = random.Random(20181)
    names: dict[str, None] = {}
    while len(names) < POPULATION:
        names.setdefault(_station(rng))
    return tuple(names), tuple(1 / rank**ZIPF_S for rank in range(1, POPULATION + 1))


@cache
def _seed_stations() -> re.Pattern[str]:
    """The seeds' real 派出所 names, from their hand annotation (text and key), longest first."""
    data = tomllib.loads((Path(__file__).parents[1] / "data" / "seed_entities.toml").read_text("utf-8"))
    names: set[str] = set()
    for article in (a for tables in data.values() if isinstance(tables, list) for a in tables):
        for row in article.get("entities", []):
            if row[0] != "unit" or len(row) < 3 or not row[2].endswith("派出所"):
                continue
            marked = re.search(r"\[\[(.+?)\]\]", row[1])
            for written in (marked.group(1) if marked else "", row[2].rsplit("分局", 1)[-1]):
                name = written.removesuffix("派出所")
                if 2 <= len(name) <= 4 and not any(ch in name for ch in "区所局公"):  # a station's own name only
                    names.add(name)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(f"({alternatives})(派出所)")


def make_article(i: int, rng: random.Random, persons: tuple[str, ...] = (), stations: str = "realistic") -> tuple[str, str]:
    """(title, text) of article ``i``: a varied seed. ``stations``: "realistic" or "harsh" (see the module)."""
    pool = seeds()
    seed = pool[i % len(pool)]
    paragraphs = [p for p in seed.paragraphs if rng.random() > 0.15]
    other = pool[rng.randrange(len(pool))]
    for _ in range(rng.randint(0, 4)):
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(other.paragraphs))
    target = rng.choice(districts())
    renames = {name: _person(rng) for name in persons}
    renamed: dict[str, str] = {}
    if stations == "harsh":
        pattern, draw = _ANY_STATION, lambda: _station(rng)
    else:
        names, weights = station_population()
        pattern, draw = _seed_stations(), lambda: rng.choices(names, weights)[0]
    year_shift = rng.randint(-6, 1)

    def vary(text: str) -> str:
        if seed.district:
            text = text.replace(seed.district, target.full).replace(seed.district[:-1], target.short)
        text = pattern.sub(lambda m: renamed.setdefault(m.group(1), draw()) + m.group(2), text)
        for old, new in renames.items():
            text = text.replace(old, new)
        text = _YEAR.sub(lambda m: f"{int(m.group(1)) + year_shift}{m.group(2)}", text)
        return _MONTH_DAY.sub(lambda m: f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", text)

    body = [vary(p) for p in paragraphs]
    body.insert(0, f"（本报讯 第{i}期）{target.full}公安持续开展“平安{target.short}”建设，{_person(rng)}等民警参与。")
    title = vary(seed.title)
    published = f"{2019 + rng.randint(0, 6)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:00"
    text = f"{title}\n\n{published} 来源:平安{target.short}\n\n" + "\n\n".join(body) + "\n"
    return title, text


def write_corpus(folder: Path, n: int, seed: int = 20250305, rename_people: bool = True, stations: str = "realistic") -> int:
    """Write ``n`` articles as ``folder/NNNNN.txt``; return the characters written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    persons = _seed_persons() if rename_people else ()
    chars = 0
    for i in range(n):
        _, text = make_article(i, rng, persons, stations)
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars
