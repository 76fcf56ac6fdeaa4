"""Sentence and clause spans, and the selection that v / h / l / H / L / ← / → drive."""

from __future__ import annotations

from tui.sentences import Selection, clauses

TEXT = "今年2月，学校倒闭，负责人失联。他说：“快走！”随后离开；无人受伤。"


def test_clauses_keep_their_punctuation_and_closing_quotes():
    assert [TEXT[s:e] for s, e in clauses(TEXT)] == [
        "今年2月，", "学校倒闭，", "负责人失联。", "他说：", "“快走！”", "随后离开；", "无人受伤。",
    ]


def test_v_selects_the_first_sentence_and_moves_by_clause_and_sentence():
    sel = Selection.first_sentence(0, TEXT)
    assert sel.quote == "今年2月，学校倒闭，负责人失联。"
    sel = sel.shrink_clause().shrink_clause()
    assert sel.quote == "今年2月"  # a trailing ，；： belongs to no clause
    assert sel.move(1).quote == "学校倒闭"
    assert sel.move(-1).quote == "今年2月"
    assert sel.extend_sentence().quote == "今年2月，学校倒闭，负责人失联。"
    whole = sel.extend_sentence().extend_sentence()
    assert whole.quote == "今年2月，学校倒闭，负责人失联。他说：“快走！”"
    assert whole.shrink_sentence().quote == "今年2月，学校倒闭，负责人失联。"
    assert whole.extend_clause().extend_clause().extend_clause().quote == TEXT


def test_a_paragraph_without_punctuation_is_one_clause():
    sel = Selection.first_sentence(3, "从“等企来”到“上门去”")
    assert sel.quote == "从“等企来”到“上门去”" and sel.paragraph == 3
    assert Selection.first_sentence(0, "") is None
