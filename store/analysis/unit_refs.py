"""``unit:`` values to unit keys: key, name, alias or unique prefix (as ``beat --unit``), else pinyin.

The index's lookup (``CorpusIndex.lookup_unit``) is tried first, in the simplified script
the store holds; a Latin value it does not know is then read as pinyin, full
(``qingshan``) or initials (``qsq``), found in each unit's names. Several units
answer when one of them holds all the others (the 分局 of its stations); otherwise the
error lists them. pypinyin (~0.4 s
to import) is loaded only then.
"""

from __future__ import annotations

from store.analysis.query_parse import Field, QueryError
from store.corpus.query import CorpusIndex, UnitLookupError


def unit_keys(index: CorpusIndex, node: Field, query: str) -> frozenset[str]:
    """The keys ``unit:VALUE`` stands for: the unit and, unless ``unit:=``, its sub-units."""
    try:
        key = resolve_unit(index, node.value)
    except UnitLookupError as exc:
        raise QueryError(str(exc), node.offset + len("unit:"), query) from None
    return index.unit_keys([key], include_subunits=not node.exact)


def resolve_unit(index: CorpusIndex, value: str) -> str:
    """One unit key for ``value``; raises ``UnitLookupError`` (with the candidates) when there is none."""
    try:
        return index.lookup_unit(value)
    except UnitLookupError as exc:
        retried = _retry(index, value, exc)
        if retried is None:
            raise
        return retried


def _retry(index: CorpusIndex, value: str, exc: UnitLookupError) -> str | None:
    if exc.ambiguous:
        return _subtree_root(index, [u.key for u in exc.candidates])
    if not value.isascii():
        from store.text.script import to_simplified

        simplified = to_simplified(value)
        if simplified == value:
            return None
        try:
            return index.lookup_unit(simplified)
        except UnitLookupError:
            return None
    if not value.isalpha():
        return None
    return _subtree_root(index, pinyin_matches(index, value.lower()))


def _subtree_root(index: CorpusIndex, keys: list[str]) -> str | None:
    """The one key the others all descend from (``青山`` matches the 分局 and its stations: the 分局), else None."""
    for key in keys:
        if all(other == key or key in index.ancestors(other) for other in keys):
            return key
    return None


def pinyin_matches(index: CorpusIndex, typed: str) -> list[str]:
    """Unit keys one of whose names holds ``typed`` in full pinyin or in initials (``qsq`` in 武汉市…青山区…)."""
    from pypinyin import lazy_pinyin

    out = []
    for unit in index.units.values():
        for name in (unit.name, *unit.aliases):
            syllables = [s.lower() for s in lazy_pinyin(name)]
            if typed in "".join(syllables) or typed in "".join(s[:1] for s in syllables):
                out.append(unit.key)
                break
    return out
