"""The side-by-side diff of two versions: paragraphs, then characters (synthetic texts, known answers)."""

from __future__ import annotations

from store.analysis.repost_diff import DiffLine, Side, char_spans, side_by_side, summary
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from tests.store.analysis import synthetic


def test_character_spans_of_a_changed_word():
    assert char_spans("近日破获一起案件", "3月1日破获一起案件") == (((0, 1),), ((0, 3),))
    assert char_spans("同一句话", "同一句话") == ((), ())


def test_paragraphs_are_paired_then_left_over_as_removed_or_added():
    left = ["甲段相同。", "乙段近日发生。", "丙段只在左边。"]
    right = ["甲段相同。", "乙段3月1日发生。"]
    lines = side_by_side(left, right)
    assert [ln.op for ln in lines] == ["equal", "changed", "removed"]
    assert lines[0] == DiffLine("equal", Side(0, "甲段相同。"), Side(0, "甲段相同。"))
    changed = lines[1]
    assert changed.left is not None and changed.right is not None
    assert changed.left.text[slice(*changed.left.spans[0])] == "近"
    assert changed.right.text[slice(*changed.right.spans[0])] == "3月1"
    assert lines[2].right is None and lines[2].left == Side(2, "丙段只在左边。", ((0, 7),))
    added = side_by_side(right[:1], right)
    assert [ln.op for ln in added] == ["equal", "added"] and added[1].left is None
    assert summary(lines) == {"equal": 1, "changed": 1, "removed": 1, "added": 0}


def test_the_synthetic_repost_differs_in_its_last_paragraph():
    index = CorpusIndex.build(Corpus.from_docs(synthetic.docs()))
    lines = side_by_side(index.corpus.paragraph_texts("r1"), index.corpus.paragraph_texts("r2"))
    assert summary(lines) == {"equal": 3, "changed": 1, "removed": 0, "added": 0}
    assert [(ln.left.paragraph, ln.right.paragraph) for ln in lines if ln.left and ln.right] == [(0, 0), (1, 1), (2, 2), (3, 3)]
