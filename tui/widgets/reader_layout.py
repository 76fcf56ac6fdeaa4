"""The reader's line layout for one width: each passage's block height, exact only where laid out.

Heights start as estimates (one C-speed encode per paragraph) and become exact as
passages are wrapped; ``tops`` are their running sums, so finding the passage at a
line is a bisection, not a walk over a 50,000-paragraph article.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from textual.content import Content

BLOCK_CACHE = 512  # laid-out paragraphs kept; a 45-line screen shows at most ~45
EAGER_CHARS = 20_000
"""Articles up to this size (4x the seeds' longest) are laid out whole when opened, in
~20 ms: their heights are exact from the start, so the scroll bar never changes size."""


@dataclass(slots=True)
class ReaderLayout:
    """One width's layout: every paragraph's block height, exact only where laid out.

    A paragraph's block is its lines: a blank before a heading (not the first), the
    wrapped text, its tag lines and a blank after. ``tops`` are the running sums of
    ``heights`` (``tops[p]`` = first line of block ``p``, ``tops[-1]`` = all lines),
    recomputed only after a height changed.
    """

    width: int = 0
    heights: list[int] = field(default_factory=list)
    exact: bytearray = field(default_factory=bytearray)
    blocks: dict[int, list[tuple[int, Content]]] = field(default_factory=dict)
    placeholder: list[tuple[int, Content]] = field(default_factory=list)
    _tops: list[int] | None = None

    @property
    def tops(self) -> list[int]:
        if self._tops is None:
            self._tops = list(accumulate(self.heights, initial=0))
        return self._tops

    @property
    def total(self) -> int:
        return self.tops[-1] if self.heights else len(self.placeholder)

    def paragraph_at(self, line: int) -> int:
        return min(bisect_right(self.tops, line) - 1, len(self.heights) - 1)
