"""Where to break Chinese lines: by cell width, without orphaned punctuation.

Textual's wrapper breaks at spaces, which Chinese does not have, so it folds at the
width and can start a line with "。" or end one with "“". This breaker follows the
basic rules of Chinese typesetting (避头尾, kinsoku): closing punctuation never starts
a line and opening punctuation never ends one (the neighbour moves with it), and runs
of Latin letters or digits ("GDP", "2025") are not split when they fit on a line.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size

CLOSING = frozenset("，。、；：？！）》」』】〕〉”’…—·％%,.;:?!)]}")
OPENING = frozenset("（《「『【〔〈“‘([{")


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def break_offsets(text: str, width: int) -> list[int]:
    """Offsets at which new lines start (0 excluded); each line fits ``width`` cells.

    A line holds at least one character, so a character wider than ``width`` still
    makes progress.
    """
    width = max(width, 1)
    widths = [get_character_cell_size(ch) for ch in text]
    offsets: list[int] = []
    start, cells, i = 0, 0, 0
    while i < len(text):
        if cells + widths[i] <= width or i == start:
            cells += widths[i]
            i += 1
            continue
        cut = i
        if _is_word(text[cut]) and _is_word(text[cut - 1]):
            word = cut
            while word > start and _is_word(text[word - 1]):
                word -= 1
            if word > start:
                cut = word
        while cut > start + 1 and (text[cut] in CLOSING or text[cut - 1] in OPENING):
            cut -= 1
        offsets.append(cut)
        start, cells, i = cut, sum(widths[cut:i]), i
    return offsets
