"""CLI columns line up by display cells, and counts agree with their nouns (issue 16, bugs 7 and 8).

A CJK character takes two terminal cells; padding by characters (``f"{s:<12}"``) made
``beat list``, ``tag list`` and ``timeline`` wander whenever a column mixed CJK and
ASCII. The oracle here is Rich's own cell measure, not the CLI's.
"""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from tests.tui.cli.conftest import factory_home
from tests.tui.factory import DocBuilder, chegu, jiangxia, qingshan


def mixed(id: str, title: str, source: str | None, published: str | None) -> DocBuilder:
    return DocBuilder(id, title, source, published).para(f"{title}：民警走访辖区企业，2024年5月1日起开展专项行动。")


@pytest.fixture
def home(tmp_path):
    docs = [
        qingshan(),
        jiangxia(),
        chegu(),
        mixed("e5ascii00000", "Police open day", "Wuhan Evening News", "2024-05-02").event(0, "2024年5月1日", "2024-05-01", "open day").build(),
        mixed("f6mixed00000", "Beat 测试 mixed", "长江日报 app", None).build(),
    ]
    tags = [(qingshan().id, 2, "纠纷"), (jiangxia().id, 0, "community"), (chegu().id, 0, "盗窃 theft"), (qingshan().id, 4, "x")]
    return factory_home(tmp_path / "home", docs, tags)


def starts(lines: list[str], values: list[str]) -> set[int]:
    """The cell offset at which each line's ``value`` begins (found from the right: the last column's own text)."""
    return {cell_len(line[: line.rindex(value)]) for line, value in zip(lines, values, strict=True)}


def test_list_titles_start_in_one_column(home, beat):
    code, out, _ = beat("list", "--home", str(home.root))
    rows = json.loads(beat("list", "--json", "--home", str(home.root))[1])
    lines = out.splitlines()
    assert code == 0 and len(lines) == 5
    assert len(starts(lines, [r["title"] for r in rows])) == 1, out
    assert len(starts(lines, [f"{r['paragraphs']}¶" for r in rows])) == 1, out  # right-aligned count, same end too


def test_tag_list_articles_start_in_one_column(home, beat):
    code, out, _ = beat("tag", "list", "--home", str(home.root))
    listed = json.loads(beat("tag", "list", "--json", "--home", str(home.root))[1])
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert len(starts(lines, [c["article"] for c in listed])) == 1, out
    assert len({cell_len(line[: line.index("¶")]) for line in lines}) == 1, out


def test_timeline_articles_start_in_one_column(home, beat):
    code, out, _ = beat("timeline", "--home", str(home.root))
    events = json.loads(beat("timeline", "--json", "--home", str(home.root))[1])
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(events) and any(line.startswith("????: 春节") for line in lines)
    assert len({cell_len(line[: line.index(e["article"])]) for line, e in zip(lines, events, strict=True)}) == 1, out


# --- wording -------------------------------------------------------------------------


def test_counts_agree_with_their_nouns(home, beat, tmp_path):
    h = str(home.root)
    out = tmp_path / "one.md"
    code, _, err = beat("export", "--format", "md", "-o", str(out), "--tag", "community", "--home", h)
    assert code == 0 and f"wrote 1 tagged passage to {out}" in err
    assert "1 passage, exported" in out.read_text("utf-8")
    code, _, err = beat("export", "--format", "md", "-o", str(out), "--tag", "纠纷", "--home", h)
    assert code == 0 and "wrote 1 tagged passage to" in err
    code, _, err = beat("export", "--format", "csv", "-o", str(out), "--home", h)
    assert code == 0 and "wrote 4 tagged passages" in err
    (coding,) = json.loads(beat("tag", "list", "--json", "--tag", "x", "--home", h)[1])
    code, _, err = beat("tag", "rm", coding["id"], "--home", h)
    assert code == 0 and err.strip() == "removed 1 tagged passage"
    assert "(s)" not in err
