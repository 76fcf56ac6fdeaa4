"""How the analysis views open over the reader and hand a chosen passage back to it.

Each view (concordance, analysis tables, co-occurrence, reposts) is pushed from the
reading screen and dismisses with ``(article, paragraph)`` or None; a view it opens in turn
(a pair's passages, a cluster's copies) passes a chosen place on through it. Written once
here: four views each had their own copy of the callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from store.corpus.query import CorpusIndex

Place = tuple[str, int]


def push_over_reader(screen: Any, make: Callable[[CorpusIndex], Screen[Place | None]]) -> None:
    """Push ``make(index)`` from the reading ``screen``; the place it dismisses with opens in the reader."""
    index = screen.index
    if index is None:
        return

    def chosen(place: Place | None) -> None:
        if place is not None and place[0] in index.by_id:
            screen.open_article(*place)
            screen.reader.focus()

    screen.app.push_screen(make(index), chosen)


def pass_on(screen: Screen[Place | None], child: Screen[Place | None]) -> None:
    """Push ``child`` over ``screen``; a place chosen in it dismisses ``screen`` with that place."""

    def chosen(place: Place | None) -> None:
        if place is not None:
            screen.dismiss(place)

    screen.app.push_screen(child, chosen)
