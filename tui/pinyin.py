"""Pinyin matching for the unit picker: type ``xgq`` or ``xingouqiao`` to find 新沟桥.

pypinyin costs ~0.4 s to import, so it is imported on first use (the unit picker
warms it in a worker) and never on a warm start. Keys are cached per string, without
a bound: the picker re-filters every unit name on each keystroke, and an evicting
cache smaller than the corpus's names would miss on every one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any


def _as_is(chunk: str) -> Any:
    """pypinyin's ``errors`` callback: a chunk without a reading, marked, as one item.

    Returns a list, which pypinyin takes as the chunk's items (its hints say ``str``).
    """
    return [_AS_IS + chunk]


@cache
def pinyin_keys(text: str) -> tuple[str, str]:
    """``(full, initials)`` of ``text`` in lower case, e.g. ("xingouqiao…", "xgq…").

    Characters without a reading (Latin letters, digits) pass through unchanged, so
    "110指挥中心" gives "110zhihuizhongxin" and "110zhzx".
    """
    from pypinyin import lazy_pinyin

    # One call gives both: a syllable's initial is its first letter, and chunks without
    # a reading (marked by the callback) pass through whole. Half the cost of two calls.
    items = lazy_pinyin(text, errors=_as_is)
    full = "".join(i.removeprefix(_AS_IS) for i in items).lower()
    initials = "".join(i[1:] if i.startswith(_AS_IS) else i[:1] for i in items).lower()
    return "".join(full.split()), "".join(initials.split())


_AS_IS = "\0"  # marks a chunk pypinyin had no reading for


def normalise_query(query: str) -> str:
    return "".join(query.split()).lower()


def text_matches(query: str, text: str, use_pinyin: bool = True) -> bool:
    """True when ``query`` (already normalised) occurs in ``text`` or its pinyin."""
    if not query:
        return True
    if query in text.lower():
        return True
    if not use_pinyin or not query.isascii():
        return False
    full, initials = pinyin_keys(text)
    return query in full or query in initials


def haystack(names: Iterable[str], use_pinyin: bool = True) -> str:
    """One string to test a normalised query against with ``in``: the names in lower
    case and, with ``use_pinyin``, their full pinyin and initials, one per line (a query
    holds no whitespace, so it never matches across two of them)."""
    parts = [n.lower() for n in names]
    if use_pinyin:
        parts += [key for n in list(parts) for key in pinyin_keys(n)]
    return "\n".join(parts)


def warm(texts: list[str]) -> None:
    """Compute the keys of ``texts`` ahead of typing (run in a worker thread)."""
    for text in texts:
        pinyin_keys(text)
