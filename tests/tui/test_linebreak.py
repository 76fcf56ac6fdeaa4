"""Chinese line breaking: fits the width, loses nothing, no orphaned punctuation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.linebreak import CLOSING, OPENING, break_offsets

TOKENS = [*"警民公安派出所青山区分局，。、“”（）《》ABC12 ", "GDP", "2025", "……"]
TEXT = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


def lines(text: str, width: int) -> list[str]:
    cuts = [0, *break_offsets(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=40))
def test_lines_fit_and_rejoin(text, width):
    out = lines(text, width)
    assert "".join(out) == text
    assert all(line for line in out) or text == ""
    for line in out:
        assert cell_len(line) <= width or len(line) == 1


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=4, max_value=40))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text, width):
    out = lines(text, width)
    for before, line in zip(out, out[1:], strict=False):
        if len(before) > 1:  # a one-character line cannot give anything up
            assert line[0] not in CLOSING, (before, line)
            assert before[-1] not in OPENING, (before, line)


def test_the_full_stop_takes_its_neighbour_along():
    assert lines("一二三四。", 8) == ["一二三", "四。"]


def test_latin_words_and_numbers_are_kept_whole_when_they_fit():
    assert lines("经济增GDP增长", 7) == ["经济增", "GDP增长"]
    assert lines("共计12345元", 8) == ["共计", "12345元"]


def test_a_word_longer_than_the_line_is_folded():
    assert lines("ABCDEFGHIJ", 4) == ["ABCD", "EFGH", "IJ"]
