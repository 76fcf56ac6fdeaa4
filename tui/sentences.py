"""Sentences and clauses of a paragraph, and a selection that grows or shrinks by them.

Tagging part of a paragraph without a mouse: ``v`` selects a sentence, then the
selection moves and stretches clause by clause or sentence by sentence. Sentences end
at 。！？ (closing quotes stay with their sentence); clauses also end at ，；：. No
Textual import: this is text logic, tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SENTENCE_ENDS = "。！？!?"
CLAUSE_ENDS = "，；：,;:"
CLOSERS = "”’」』）)》\"'"


def clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each clause, its closing punctuation and quotes included."""
    ends = SENTENCE_ENDS + CLAUSE_ENDS
    out: list[tuple[int, int]] = []
    start = i = 0
    while i < len(text):
        if text[i] in ends:
            j = i + 1
            while j < len(text) and (text[j] in ends or text[j] in CLOSERS):
                j += 1
            out.append((start, j))
            start = i = j
        else:
            i += 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def ends_sentence(text: str, clause: tuple[int, int]) -> bool:
    """A clause ends its sentence when its last punctuation (before quotes) is 。！？."""
    s, e = clause
    body = text[s:e].rstrip(CLOSERS)
    return not body or body[-1] in SENTENCE_ENDS or e == len(text)


@dataclass(frozen=True, slots=True)
class Selection:
    """Clauses ``lo``..``hi`` (inclusive) of one paragraph."""

    paragraph: int
    text: str
    parts: tuple[tuple[int, int], ...]
    lo: int
    hi: int

    @classmethod
    def first_sentence(cls, paragraph: int, text: str) -> Selection | None:
        parts = tuple(clauses(text))
        if not parts:
            return None
        sel = cls(paragraph, text, parts, 0, 0)
        return replace(sel, hi=sel._sentence_end(0))

    def _sentence_end(self, i: int) -> int:
        while i < len(self.parts) - 1 and not ends_sentence(self.text, self.parts[i]):
            i += 1
        return i

    def _sentence_start(self, i: int) -> int:
        while i > 0 and not ends_sentence(self.text, self.parts[i - 1]):
            i -= 1
        return i

    @property
    def span(self) -> tuple[int, int]:
        """Offsets of the selected text; a trailing ，；： is left out (it belongs to no clause)."""
        start, end = self.parts[self.lo][0], self.parts[self.hi][1]
        trimmed = self.text[start:end].rstrip()
        if trimmed and trimmed[-1] in CLAUSE_ENDS:
            trimmed = trimmed[:-1]
        return start, start + max(1, len(trimmed))

    @property
    def quote(self) -> str:
        s, e = self.span
        return self.text[s:e]

    # --- moves (each returns a new selection) --------------------------------------
    def extend_clause(self) -> Selection:
        return replace(self, hi=min(len(self.parts) - 1, self.hi + 1))

    def shrink_clause(self) -> Selection:
        return replace(self, hi=max(self.lo, self.hi - 1))

    def extend_sentence(self) -> Selection:
        end = self._sentence_end(self.hi)
        if end == self.hi and end < len(self.parts) - 1:
            end = self._sentence_end(end + 1)
        return replace(self, hi=end)

    def shrink_sentence(self) -> Selection:
        """Drop the last (whole or partial) sentence; never below one clause."""
        return replace(self, hi=max(self.lo, self._sentence_start(self.hi) - 1))

    def move(self, step: int) -> Selection:
        """The same number of clauses, one clause later (``step`` 1) or earlier (-1)."""
        width = self.hi - self.lo
        lo = max(0, min(len(self.parts) - 1 - width, self.lo + step))
        return replace(self, lo=lo, hi=lo + width)
