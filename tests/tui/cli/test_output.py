"""The CLI's cell measure against Rich's, and columns padded and cut by cells (issue 16, 7)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.cli.output import cell_width, columns, fit


@pytest.mark.parametrize("text", ["abc", "武汉公安", "Beat 测试 mixed", "网易号·武汉公安", "ｆｕｌｌ", "e\u0301", "Ａ１ mixed 全角"])
def test_cell_width_agrees_with_rich(text):
    assert cell_width(text) == cell_len(text)


def test_columns_and_fit_pad_and_cut_by_cells():
    lines = columns([["长江日报", "x"], ["ab", "y"]])
    assert lines == ["长江日报  x", "ab        y"]
    assert fit("武汉市公安局青山区分局", 9) == "武汉市公…" and cell_len(fit("武汉市公安局青山区分局", 9)) == 9
    assert fit("short", 9) == "short"
