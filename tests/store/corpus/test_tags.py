"""Tagging operations, each undoable and redoable, all persisted in the user store."""

from __future__ import annotations

import pytest

from store.corpus.tags import TagBook
from store.db.userstore import UserStore

PARAS = ["民警程波主动走访，联动区文旅局。", "今年2月，青山印象城一舞蹈学校倒闭。"]


@pytest.fixture
def book(tmp_path):
    return TagBook(UserStore(tmp_path / "user.json"))


def reopen(book: TagBook) -> TagBook:
    book.user.close()
    return TagBook(UserStore(book.user.path))


def test_add_several_tags_with_memo_and_persist(book):
    codings = book.add("a1", PARAS, 0, 0, 4, ["警民关系", "营商环境", "警民关系"], memo="典型")
    assert [c.tag for c in codings] == ["警民关系", "营商环境"]
    assert codings[0].quote == "民警程波" and codings[0].memo == "典型"
    again = reopen(book)
    assert [c.quote for c in again.codings()] == ["民警程波", "民警程波"]
    assert again.counts() == {"警民关系": (1, 1), "营商环境": (1, 1)}
    assert {t.name for t in again.tags()} == {"警民关系", "营商环境"}
    assert len({t.colour for t in again.tags()}) == 2


def test_same_tag_on_same_span_not_duplicated(book):
    book.add("a1", PARAS, 0, 0, 4, ["反诈"])
    assert book.add("a1", PARAS, 0, 0, 4, ["反诈"]) == []


def test_bad_span_refused(book):
    with pytest.raises(ValueError):
        book.add("a1", PARAS, 0, 5, 5, ["x"])
    with pytest.raises(ValueError):
        book.add("a1", PARAS, 0, 0, 4, ["  "])


def test_undo_redo_across_every_operation(book):
    c1 = book.add("a1", PARAS, 0, 0, 4, ["反诈"])[0]
    book.add("a1", PARAS, 1, 0, 5, ["营商"])
    book.set_memo(c1.id, "memo")
    book.rename("反诈", "反电诈")
    book.merge("营商", "反电诈")
    book.recolour("反电诈", "#112233")
    assert {c.tag for c in book.codings()} == {"反电诈"} and book.tag("反电诈").colour == "#112233"
    book.delete("反电诈")
    assert book.codings() == [] and book.tags() == []
    steps = [book.undo() for _ in range(7)]
    assert steps[-1].startswith("tag") and book.undo() is None
    assert book.codings() == [] and book.tags() == []
    for _ in range(7):
        book.redo()
    assert book.codings() == [] and book.redo() is None
    for _ in range(3):  # back to before the merge
        book.undo()
    assert sorted(c.tag for c in book.codings()) == ["反电诈", "营商"]
    assert [c.memo for c in book.codings(tag="反电诈")] == ["memo"]
    assert reopen(book).tag("营商") is not None  # undo is written through, not just in memory


def test_rename_onto_existing_refused_and_merge_drops_exact_duplicates(book):
    book.add("a1", PARAS, 0, 0, 4, ["A", "B"])
    with pytest.raises(ValueError):
        book.rename("A", "B")
    book.merge("A", "B")
    assert [c.tag for c in book.codings()] == ["B"]
    book.undo()
    assert sorted(c.tag for c in book.codings()) == ["A", "B"]


def test_remove_and_undo(book):
    cs = book.add("a1", PARAS, 0, 0, 4, ["A", "B"])
    assert book.remove([cs[0].id]) == 1
    assert [c.tag for c in book.codings()] == ["B"]
    assert book.undo() == "remove 1 tag"  # the undo label agrees with its count (issue 16, 8): not "1 tag(s)"
    assert sorted(c.tag for c in book.codings()) == ["A", "B"]
    assert book.remove([c.id for c in cs]) == 2 and book.undo() == "remove 2 tags"


def test_reanchor_after_text_change_and_orphans_kept(book):
    book.add("a1", PARAS, 1, 5, 10, ["地点"])
    book.add("a2", PARAS, 0, 0, 2, ["消失"])
    new = {"a1": ["导语。", *PARAS], "a2": ["全新内容。"]}
    moved, orphaned = book.reanchor_all(new.get)
    assert (moved, orphaned) == (1, 1)
    (c,) = book.codings(tag="地点")
    assert (c.paragraph, new["a1"][c.paragraph][c.start : c.end]) == (2, "青山印象城")
    (o,) = book.codings(tag="消失")
    assert o.orphan and o.quote == "民警"


def test_typed_names_and_memos_go_through_the_sanitiser(book):
    """A tag or memo typed in a shell can carry escapes ($'\\e]52;…'): stored without them."""
    (c,) = book.add("a1", PARAS, 0, 0, 4, ["\x1b]52;c;aGk=\x07警民\u202e关系"], memo="典型\x1b[2J\x9b31m")
    assert c.tag == "警民关系" and c.memo == "典型"
    book.set_memo(c.id, "\x1bc重点")
    book.set_tag_memo("警民关系", "含义\x07")
    book.rename("警民关系", "新\x00名")
    again = reopen(book)
    (c,) = again.codings()
    assert (c.tag, c.memo) == ("新名", "重点")
    assert [t.memo for t in again.tags()] == ["含义"]


def test_typed_unit_alias_goes_through_the_sanitiser(tmp_path):
    user = UserStore(tmp_path / "user.json")
    user.add_unit_alias("\x1b[31m青山\u200b公安\x1b[0m", "武汉市公安局青山区分局")
    assert user.unit_aliases() == {"青山公安": "武汉市公安局青山区分局"}
    with pytest.raises(ValueError):
        user.add_unit_alias("\x1b[31m", "武汉市公安局青山区分局")


def test_add_spans_is_one_write_and_one_undo_step(book):
    """The concordance's marked hits: three spans (one given twice) make two codings each, undone together."""
    spans = [("a1", PARAS, 0, 0, 2), ("a1", PARAS, 1, 5, 9), ("a1", PARAS, 0, 0, 2)]
    codings = book.add_spans(spans, ["纠纷", "走访"])
    assert sorted((c.paragraph, c.quote, c.tag) for c in codings) == [
        (0, "民警", "纠纷"), (0, "民警", "走访"), (1, "青山印象", "纠纷"), (1, "青山印象", "走访"),
    ]
    assert len(reopen(book).codings()) == 4
    assert book.undo() == "tag 纠纷, 走访"
    assert book.codings() == [] and book.tags() == []
    assert book.undo() is None  # nothing else was recorded
    book.redo()
    assert len(book.codings()) == 4
