"""The gazetteer of police units: canonical keys, aliases and hierarchy.

News writes one unit many ways (武汉市公安局青山区分局, 青山分局, 青山公安, 钢城分局);
readers want one key. The data lives in ``data/wuhan_units.toml``; aliases are generated
there from place names by templates, so adding a city is adding data. The user's merges
and aliases are not applied here but when the corpus is read (``store.corpus.corpus``),
so they survive rebuilds. This module must stay cheap to import: no jieba, no I/O until ``load``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: Levels, outermost first. Discovered sub-units use the later ones.
LEVELS: tuple[str, ...] = (
    "ministry",  # 公安部
    "province",  # 省公安厅
    "city",  # 市公安局
    "district",  # 区公安分局, and city-wide branches (水上分局)
    "county",  # 县公安局
    "corps",  # 总队
    "detachment",  # 支队, 交通管理局
    "brigade",  # 大队
    "squad",  # 中队
    "department",  # 指挥处, 政治处
    "center",  # 实战中心, 指挥中心, 执法办案管理中心
    "station",  # 派出所
    "post",  # 警务室, 警务站
    "studio",  # 胡永鹏工作室, 许奎工作站
    "team",  # 步巡队, 服务队, 先锋队
    "detention",  # 看守所, 拘留所
    "other",
)
AREA_LEVELS = frozenset({"ministry", "province", "city", "district", "county"})
_SCOPE_SELF = frozenset({"ministry", "province", "city"})


@dataclass(frozen=True, slots=True)
class Unit:
    """One police unit of the gazetteer. ``places`` name the area it polices."""

    key: str
    name: str
    level: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    local_places: tuple[str, ...] = ()
    local_aliases: tuple[str, ...] = ()


@cache
def _bundled_text() -> str:
    return resources.files("store").joinpath("data", "wuhan_units.toml").read_text("utf-8")


class Gazetteer:
    """Resolves surface names to unit keys; knows parents, levels and places."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._units: dict[str, Unit] = {}
        for raw in data.get("unit", []):
            unit = Unit(
                key=raw["key"],
                name=raw.get("name", raw["key"]),
                level=raw.get("level", "other"),
                parent=raw.get("parent"),
                aliases=tuple(raw.get("aliases", ())),
                places=tuple(raw.get("places", ())),
                local_places=tuple(raw.get("local_places", ())),
                local_aliases=tuple(raw.get("local_aliases", ())),
            )
            self._units[unit.key] = unit
        self.subunit_synonyms: dict[str, str] = dict(data.get("subunit_synonyms", {}))
        self._orgs: dict[str, str] = dict(data.get("orgs", {}))
        templates: Mapping[str, list[str]] = data.get("templates", {})
        # surface name -> keys; two tables because local names need an article context
        self._global: dict[str, set[str]] = {}
        self._local: dict[str, set[str]] = {}
        self._global_places: dict[str, set[str]] = {}
        self._local_places: dict[str, set[str]] = {}
        for unit in self._units.values():
            parent = self._units.get(unit.parent) if unit.parent else None
            parent_places = parent.places if parent else ()
            for table, names in ((self._global, (unit.key, unit.name, *unit.aliases)), (self._local, unit.local_aliases)):
                for name in names:
                    table.setdefault(name, set()).add(unit.key)
            for table, places, alias_table in (
                (self._global_places, unit.places, self._global),
                (self._local_places, unit.local_places, self._local),
            ):
                for place in places:
                    table.setdefault(place, set()).add(unit.key)
                    for alias in _expand(templates.get(unit.level, ()), place, parent_places, unit.parent or ""):
                        alias_table.setdefault(alias, set()).add(unit.key)
        # generated aliases never shadow a listed one of another unit
        for name, keys in self._local.items():
            if name in self._global:
                keys.difference_update(self._global[name])
        self.max_alias_len = max((len(n) for n in [*self._global, *self._local]), default=0)

    @classmethod
    def load(cls) -> Gazetteer:
        """The bundled gazetteer. The user's unit merges and aliases are not applied here:
        ``store.corpus.corpus.Corpus`` applies them when reading, so they survive rebuilds."""
        return cls(_parsed())

    @classmethod
    def from_toml(cls, text: str) -> Gazetteer:
        """A gazetteer from TOML text (tests, other cities)."""
        return cls(tomllib.loads(text))

    # --- keys and hierarchy -------------------------------------------------------

    def unit(self, key: str) -> Unit | None:
        return self._units.get(key)

    def units(self) -> list[Unit]:
        """Every unit, its aliases without repeats."""
        out = []
        for key, unit in self._units.items():
            aliases = tuple(dict.fromkeys(a for a in unit.aliases if a != key))
            out.append(Unit(key, unit.name, unit.level, unit.parent, aliases, unit.places, unit.local_places, unit.local_aliases))
        return out

    def parent(self, key: str) -> str | None:
        unit = self.unit(key)
        return unit.parent if unit and unit.parent else None

    def level(self, key: str) -> str | None:
        unit = self.unit(key)
        return unit.level if unit else None

    def ancestors(self, key: str) -> list[str]:
        """``key`` and its parents, innermost first."""
        out: list[str] = []
        current: str | None = key
        while current and current not in out:
            out.append(current)
            current = self.parent(current)
        return out

    def city_of(self, key: str) -> str | None:
        """The nearest city- or province-level unit at or above ``key``."""
        for k in self.ancestors(key):
            if self.level(k) in ("city", "province"):
                return k
        return None

    # --- names --------------------------------------------------------------------

    def resolve(self, name: str, context: str | None = None) -> str | None:
        """Canonical key for a surface ``name``, or None when it is not a known unit.

        ``context`` is the key of the unit an article is about (any level); names that
        are only meaningful locally ("市公安局", "经开区公安分局") resolve only when
        the context lies within the unit's city or province.
        """
        keys = self._global.get(name)
        if keys:
            return self._pick(keys, context)
        keys = self._local.get(name)
        if keys and context:
            return self._pick(keys, context, require_context=True)
        return None

    def is_name(self, name: str) -> bool:
        """Whether ``name`` is any known unit name (global or local)."""
        return name in self._global or name in self._local

    def place_unit(self, place: str, context: str | None = None) -> str | None:
        """The area unit (bureau or branch) whose area ``place`` names, if known."""
        keys = self._global_places.get(place)
        if keys:
            return self._pick(keys, context)
        keys = self._local_places.get(place)
        if keys and context:
            return self._pick(keys, context, require_context=True)
        return None

    def place_names(self, context: str | None = None) -> dict[str, str]:
        """Place name -> unit key for every place usable in an article about ``context``."""
        out = {p: k for p in self._global_places if (k := self.place_unit(p, context))}
        if context:
            out.update({p: k for p in self._local_places if (k := self.place_unit(p, context))})
        return out

    def subunit_name(self, name: str) -> str:
        """A sub-unit's own name in its canonical form (人口大队 -> 人口管理大队)."""
        return self.subunit_synonyms.get(name, name)

    def org_key(self, name: str) -> str | None:
        """Full name of a well-known organisation written by its short name (武钢)."""
        return self._orgs.get(name)

    def org_names(self) -> Iterable[str]:
        return self._orgs.keys()

    def _in_scope(self, key: str, context: str) -> bool:
        unit = self._units[key]
        scope = key if unit.level in _SCOPE_SELF else (unit.parent or key)
        return scope in self.ancestors(context)

    def _pick(self, keys: set[str], context: str | None, require_context: bool = False) -> str | None:
        if len(keys) == 1 and not require_context:
            return next(iter(keys))
        if context:
            fitting = [k for k in keys if self._in_scope(k, context)]
            if len(fitting) == 1:
                return fitting[0]
        return None


@cache
def _parsed() -> dict[str, Any]:
    return tomllib.loads(_bundled_text())


def _expand(templates: Iterable[str], place: str, parent_places: Iterable[str], parent: str) -> list[str]:
    out = []
    for template in templates:
        if "{pp}" in template:
            out += [template.format(p=place, pp=pp, parent=parent) for pp in parent_places]
        elif "{parent}" in template and not parent:
            continue
        else:
            out.append(template.format(p=place, pp="", parent=parent))
    return out
