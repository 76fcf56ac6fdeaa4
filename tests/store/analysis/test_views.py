"""KWIC, counts, co-occurrence, reposts and the ledger over the synthetic corpus: known answers."""

from __future__ import annotations

import pytest

from store.analysis.cooccurrence import cooccurrence
from store.analysis.counts import period_of, period_range, query_series, unit_series, unit_table
from store.analysis.kwic import cut_left, cut_right, lines, sort_key, sorted_lines
from store.analysis.ledger import ledger, read_figure
from store.analysis.numerals import chinese_number
from store.analysis.reposts import clusters, representatives, version_diff
from store.analysis.search import search
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding
from store.text.charclass import width
from tests.store.analysis import synthetic
from tests.tui.factory import MIAOSHAN, QINGSHAN, XINGOUQIAO


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex.build(Corpus.from_docs(synthetic.docs()))


# --- KWIC ---------------------------------------------------------------------------------


def test_contexts_are_cut_and_padded_to_display_width():
    assert cut_left("民警abc", 6) == " 警abc" and width(cut_left("民警abc", 6)) == 6
    assert cut_right("a民警", 4) == "a民 " and width(cut_right("a民警", 4)) == 4
    assert cut_left("民警", 3) == " 警"  # a wide character never straddles the edge


def test_kwic_lines_align_and_sort(index):
    found = lines(index, search(index, "诈骗"), columns=10)
    assert len(found) == 5
    assert {width(ln.left) for ln in found} == {10} and {width(ln.right) for ln in found} == {10}
    assert all(ln.keyword == "诈骗" for ln in found)
    by_right = sorted_lines(found, "right1")
    assert [ln.right_full for ln in by_right] == sorted(ln.right_full for ln in found)
    by_left = sorted_lines(found, "left1")
    assert [ln.left_full[::-1] for ln in by_left] == sorted(ln.left_full[::-1] for ln in found)
    assert [ln.published for ln in sorted_lines(found, "date")] == sorted(ln.published for ln in found)
    assert found[0].unit == "青山区分局"  # the first unit of the hit's paragraph
    with pytest.raises(ValueError, match="unknown sort key 'middle'"):
        sort_key("right1,middle")


# --- counts -------------------------------------------------------------------------------


def test_periods():
    assert period_of("2024-02-14", "week") == "2024-W07"
    assert period_of("2024-02-14 08:00", "month") == "2024-02"
    assert period_of("2024", "year") == "2024" and period_of(None, "month") == "undated"


def test_period_range_fills_weeks_months_and_years_across_a_new_year():
    assert period_range(["2020-W52", "2021-W02"], "week") == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
    assert period_range(["2023-11", "undated", "2024-01"], "month") == ["2023-11", "2023-12", "2024-01", "undated"]
    assert period_range(["2022", "2024"], "year") == ["2022", "2023", "2024"] and period_range([], "year") == []
    with pytest.raises(ValueError, match="unknown period"):
        period_range([], "day")


def test_query_and_unit_series(index):
    assert query_series(index, "诈骗", "month").counts == {"2024-01": 3, "2024-03": 2}
    assert query_series(index, "诈骗", "month", passages=True).counts == {"2024-01": 2, "2024-03": 1}
    assert unit_series(index, "青山区分局", "month").counts == {
        "2024-01": 2, "2024-02": 2, "2024-03": 2, "2024-05": 1, "2024-08": 1,
    }
    assert unit_series(index, "青山区分局", "month", subunits=False).counts == {
        "2024-01": 1, "2024-02": 1, "2024-03": 1, "2024-05": 1, "2024-08": 1,
    }


def test_unit_table_rolls_up_the_hierarchy(index):
    table = unit_table(index, "month")
    rows = {key: counts for key, _name, _depth, counts in table.rows}
    assert rows[MIAOSHAN] == {"2024-02": 1}
    assert rows["武汉市公安局江夏区分局"] == {"2024-02": 1}  # the 派出所's mention counts for its 分局
    assert rows["武汉市公安局"]["2024-02"] == 3
    own = {key: counts for key, _n, _d, counts in unit_table(index, "month", rollup=False).rows}
    assert "武汉市公安局江夏区分局" not in own and own[QINGSHAN]["2024-02"] == 1


# --- co-occurrence --------------------------------------------------------------------------


def test_units_cooccur_by_paragraph_with_jaccard(index):
    top = cooccurrence(index, "units", "paragraph")[0]
    assert (top.a, top.b, top.count) == (QINGSHAN, XINGOUQIAO, 3)
    assert top.a_total == 5 and top.b_total == 3 and top.jaccard == pytest.approx(3 / 5)
    by_j = cooccurrence(index, "units", "paragraph", by="jaccard")
    assert by_j[0].jaccard >= by_j[-1].jaccard


def test_tags_with_units_and_tags(index):
    codings = [
        Coding("c1", "诈骗", "r1", 0, 0, 10, "", "", "", 0), Coding("c2", "宣传", "r1", 0, 5, 20, "", "", "", 0),
        Coding("c3", "诈骗", "r2", 3, 0, 4, "", "", "", 0),
    ]
    tu = cooccurrence(index, "tags-units", "paragraph", codings)
    assert {(p.a, p.b, p.count) for p in tu} >= {("诈骗", QINGSHAN, 1), ("宣传", XINGOUQIAO, 1)}
    inside = cooccurrence(index, "tags-units", "passage", codings)  # c1 spans ¶0[0:10]: 青山区分局 at 0..5
    assert {(p.a, p.b) for p in inside} == {("诈骗", QINGSHAN), ("宣传", XINGOUQIAO)}
    tt = cooccurrence(index, "tags", "passage", codings)
    assert [(p.a, p.b, p.count) for p in tt] == [("宣传", "诈骗", 2)]  # c1 and c2 overlap: one context each
    with pytest.raises(ValueError, match="needs tags"):
        cooccurrence(index, "units", "passage")


# --- reposts --------------------------------------------------------------------------------


def test_repost_cluster_and_earliest_publisher(index):
    (cluster,) = clusters(index)
    assert cluster.articles == ("r1", "r2") and cluster.earliest == "r1" and cluster.similarity >= 0.7
    assert set(representatives(index, [cluster])) == {"r1", "r3", "f1", "f2"}


def test_version_diff_by_paragraph(index):
    left, right, rows = version_diff(index, "r1", "r2")
    assert [r.op for r in rows] == ["equal", "replace"]
    assert rows[1].left == (3,) and rows[1].right == (3,)


def test_counts_per_cluster(index):
    (cluster,) = clusters(index)
    ids = representatives(index, [cluster])
    assert query_series(index, "诈骗", "month", articles=ids).counts == {"2024-01": 3}


# --- ledger ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value,approx,measure",
    [
        ("49起", 49, False, "起"), ("700余万元", 7_000_000, True, "元"), ("12名", 12, False, "名"),
        ("一千二百起", 1200, False, "起"), ("1.4万元", 14_000, False, "元"), ("3个多月", 3, True, "个月"),
        ("29.84%", 29.84, False, "%"), ("百分之三十", 30, False, "%"), ("1~2分钟", 2, True, "分钟"),
        ("一两分钟内", 2, True, "分钟"), ("两名", 2, False, "名"), ("100人以上", 100, True, "人"),
    ],
)
def test_read_figure(text, value, approx, measure):
    reading = read_figure(text)
    assert reading is not None and (reading.value, reading.approximate, reading.measure) == (value, approx, measure)


def test_chinese_numerals_agree_with_cn2an():
    cn2an = pytest.importorskip("cn2an")
    for text in ("十二", "四十九", "七百", "一万二千", "两千", "三百五十", "一亿零五百万", "十万", "一千零一", "二〇二四"):
        assert chinese_number(text) == cn2an.cn2an(text, "smart"), text


def test_ledger_rows_and_the_contradiction(index):
    rows = {(r.article, r.text): r for r in ledger(index)}
    assert set(rows) == {("f1", "40起"), ("f1", "12名"), ("f1", "700余万元"), ("f2", "35起"), ("f2", "一千二百起")}
    cases = rows["f1", "40起"]
    assert (cases.value, cases.kind, cases.unit, cases.date, cases.cumulative) == (40, "cases", QINGSHAN, "2024-05-06", True)
    assert rows["f1", "12名"].kind == "suspects" and rows["f1", "700余万元"].kind == "money"
    assert rows["f2", "一千二百起"].kind == "calls"
    assert rows["f1", "40起"].conflicts == ("f2:0:15",) and rows["f2", "35起"].conflicts == ("f1:0:15",)
    assert not rows["f1", "12名"].conflicts
    assert rows["f1", "12名"].sentence.startswith("今年以来") and rows["f1", "12名"].sentence.endswith("。")


def test_kwic_lines_written_to_csv_and_json(index, tmp_path):
    import csv as csv_module
    import json
    import os

    from store.analysis.kwic import write_lines
    from store.corpus.export import ExportTargetError

    found = sorted_lines(lines(index, search(index, "诈骗"), columns=10), "right1")
    assert write_lines(tmp_path / "k.csv", found) == 5
    rows = list(csv_module.reader((tmp_path / "k.csv").read_text("utf-8-sig").splitlines()))
    assert rows[0][-3:] == ["left", "keyword", "right"] and [r[7] for r in rows[1:]] == ["诈骗"] * 5
    assert [r[8] for r in rows[1:]] == [ln.right_full for ln in found]  # the order shown
    write_lines(tmp_path / "k.json", found)
    assert [d["keyword"] for d in json.loads((tmp_path / "k.json").read_text("utf-8"))] == ["诈骗"] * 5
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(ExportTargetError, match="FIFO"):
        write_lines(tmp_path / "fifo", found)  # refused at once, never blocks
