"""Overlap tests against many spans in O(log n), so that long paragraphs stay linear.

Spans are half-open ``(start, end)`` character ranges; two overlap when
``a.start < b.end and b.start < a.end``, the test every recogniser uses.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class DisjointSpans:
    """A growing set of pairwise non-overlapping spans (a greedy selection's kept ones).

    Sorted by (start, end), such spans also have non-decreasing ends, so the last span
    starting before a candidate's end reaches furthest right: it alone decides overlap.
    """

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._spans, (end,))  # spans starting before ``end``
        return i > 0 and self._spans[i - 1][1] > start

    def add(self, start: int, end: int) -> None:
        """Add a span that overlaps none already here (the caller checked)."""
        bisect.insort(self._spans, (start, end))


class FixedSpans:
    """A fixed set of spans, overlapping one another or not."""

    __slots__ = ("_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        for _, e in ordered:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start
