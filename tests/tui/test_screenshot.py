"""``python -m tui.screenshot``: the README's pictures of the views, taken by the app on the seeds."""

from __future__ import annotations

import html
import re

import pytest

from tui.screenshot import main


def _text(svg: str) -> str:
    """The characters drawn in a Textual SVG export, row by row (cells are <text> elements)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), html.unescape(m.group(3)).replace("\xa0", " ")))
    return "\n".join("".join(t for _x, t in sorted(cells)) for _y, cells in sorted(rows.items()))


def test_the_concordance_and_a_tab_of_the_analysis_tables_are_pictured(tmp_path):
    kwic, units = tmp_path / "kwic.svg", tmp_path / "units.svg"
    assert main(["--view", "concordance", "--query", "纠纷", "--size", "100x24", str(kwic)]) == 0
    shown = _text(kwic.read_text(encoding="utf-8"))
    assert re.search(r"\d+ hits · order: position", shown)
    assert shown.count(" 纠纷 ") >= 10  # one keyword column, a hit per line
    assert main(["--view", "analysis", "--tab", "units", "--size", "100x24", str(units)]) == 0
    shown = _text(units.read_text(encoding="utf-8"))
    assert "unit (with sub-units)" in shown and "公安部" in shown


def test_the_concordance_needs_a_query():
    with pytest.raises(SystemExit):
        main(["--view", "concordance", "out.svg"])
