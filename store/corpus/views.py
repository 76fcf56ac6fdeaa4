"""Sequences and mappings over a corpus that build their items when asked.

On the SQLite store (``store.db.derived_sqlite``) a hundred thousand article rows stay
on disk until shown; these views keep it so above the store: the article list is the
store's list lines mapped one by one (a screen of the list reads a page of rows), a
unit filter is a list of row numbers over it, ``by_id`` finds an article through the
store's id index, and the unit -> articles index answers one unit at a time. On the
TinyDB store the same views sit over lists in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeVar

from store.db.derived_api import View

S = TypeVar("S")
T = TypeVar("T")


class Mapped(View[T]):
    """``make`` over every item of ``items``, made when read (a screen's worth at a time)."""

    def __init__(self, items: Sequence[S], make: Callable[[S], T]) -> None:
        self._items, self._make = items, make

    def __len__(self) -> int:
        return len(self._items)

    def item(self, index: int) -> T:
        return self._make(self._items[index])

    def run(self, start: int, stop: int) -> list[T]:
        return [self._make(item) for item in self._items[start:stop]]

    def __iter__(self) -> Iterator[T]:
        return map(self._make, self._items)


def picked(items: Sequence[T], positions: Sequence[int]) -> Mapped[T]:
    """The items of ``items`` at ``positions`` (ascending): a filtered list that copies nothing."""
    return Mapped(positions, items.__getitem__)


class ById(Mapping[str, T]):
    """Article id -> item, through ``locate`` (the store's id index), in list order when walked.

    ``ids`` is asked for the ids only when the mapping is walked (a search over every
    article): a lookup or ``len`` never reads them, so a warm start does not either."""

    def __init__(self, items: Sequence[T], ids: Callable[[], Sequence[str]], locate: Callable[[str], int | None]) -> None:
        self._items, self._ids, self._locate = items, ids, locate

    def __getitem__(self, key: str) -> T:
        at = self._locate(key)
        if at is None:
            raise KeyError(key)
        return self._items[at]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._locate(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._items)


class Lazily(Mapping[str, list[str]]):
    """Key -> list, each answered by ``answer(key)`` once and kept; ``keys`` are the keys it has."""

    def __init__(self, keys: Callable[[], Sequence[str]], answer: Callable[[str], list[str]]) -> None:
        self._keys, self._answer = keys, answer
        self._known: dict[str, list[str]] = {}
        self._listed: Sequence[str] | None = None

    def __getitem__(self, key: str) -> list[str]:
        if key not in self._known:
            self._known[key] = self._answer(key)
        if not (found := self._known[key]):
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        if self._listed is None:
            self._listed = self._keys()
        return iter(self._listed)

    def __len__(self) -> int:
        if self._listed is None:
            self._listed = self._keys()
        return len(self._listed)
