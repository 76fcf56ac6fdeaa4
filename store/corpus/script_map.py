"""Offsets between a paragraph's simplified text (what Beat stores and codes) and its original script.

The cleaner keeps a traditional paragraph's original beside its simplified form
(``Paragraph.original``). OpenCC converts phrase by phrase, and almost always one
character for one, so the two have the same length and an offset is the same in both.
When a phrase changed length, the texts are aligned (difflib) and an offset inside a
changed stretch maps to that stretch's start or end, so a coding covers at least the
characters it covered.
"""

from __future__ import annotations

from difflib import SequenceMatcher


def offset_map(source: str, target: str) -> list[int]:
    """``m[i]`` is where offset ``i`` of ``source`` (0..len inclusive) falls in ``target``."""
    if len(source) == len(target):
        return list(range(len(source) + 1))
    out = [0] * (len(source) + 1)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, source, target, autojunk=False).get_opcodes():
        for k in range(i1, i2 + 1):
            out[k] = j1 + (k - i1) if tag == "equal" else (j1 if k == i1 else j2)
    return out


def map_span(source: str, target: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``target`` that holds ``source[start:end]``."""
    m = offset_map(source, target)
    return m[start], max(m[end], m[start])
