"""Two versions of a bulletin side by side: paragraphs lined up, then the characters that differ.

``difflib`` first matches whole paragraphs (``reposts.version_diff``): a paragraph both
versions share is ``equal``; a run replaced by another run is paired one to one in order,
each pair ``changed``, with its differing characters found by a second, character-level
match (reposts mostly swap a word or a date: 新沟桥街 → 新溝橋街, 近日 → 3月1日), and what
is left over of the longer run is ``removed`` (only in the left version) or ``added``
(only in the right). Spans are ``[start, end)`` character offsets into each side's text.
:func:`word_diff` writes a changed pair as one plain line, ``git diff --word-diff`` style
(``[-removed-]{+added+}``), for ``beat reposts --diff`` where no colour can be assumed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

OPS = ("equal", "changed", "removed", "added")


@dataclass(frozen=True, slots=True)
class Side:
    paragraph: int  # 0-based, in its version
    text: str
    spans: tuple[tuple[int, int], ...] = ()  # characters that differ from the other side


@dataclass(frozen=True, slots=True)
class DiffLine:
    op: str  # one of OPS
    left: Side | None
    right: Side | None


def char_spans(a: str, b: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """The character spans of ``a`` and of ``b`` that the other lacks."""
    left: list[tuple[int, int]] = []
    right: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            left.append((i1, i2))
        if j2 > j1:
            right.append((j1, j2))
    return tuple(left), tuple(right)


def word_diff(a: str, b: str) -> str:
    """``a`` turned into ``b`` in one plain line: what only ``a`` has in ``[-…-]``, what only ``b`` has in ``{+…+}``.

    The same character match as :func:`char_spans`, so the markers fall where the reader's
    diff view colours: 新沟桥街 → 新溝橋街 reads ``新[-沟桥-]{+溝橋+}街``.
    """
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(a[i1:i2])
            continue
        if i2 > i1:
            out.append(f"[-{a[i1:i2]}-]")
        if j2 > j1:
            out.append(f"{{+{b[j1:j2]}+}}")
    return "".join(out)


def side_by_side(left: list[str], right: list[str]) -> list[DiffLine]:
    """Every paragraph of both versions, in order, as lines of the side-by-side view."""
    out: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if op == "equal":
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            out += [DiffLine("equal", Side(i, left[i]), Side(j, right[j])) for i, j in pairs]
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            i, j = i1 + k, j1 + k
            spans_a, spans_b = char_spans(left[i], right[j])
            out.append(DiffLine("changed", Side(i, left[i], spans_a), Side(j, right[j], spans_b)))
        out += [DiffLine("removed", Side(i, left[i], ((0, len(left[i])),)), None) for i in range(i1 + paired, i2)]
        out += [DiffLine("added", None, Side(j, right[j], ((0, len(right[j])),))) for j in range(j1 + paired, j2)]
    return out


def summary(lines: list[DiffLine]) -> dict[str, int]:
    """How many lines of each kind: ``{"equal": 3, "changed": 1, "removed": 0, "added": 0}``."""
    return {op: sum(1 for ln in lines if ln.op == op) for op in OPS}
