"""What one hostile article may cost at ingest (issue 11, item 8).

Each input kind once froze the reader or pushed an import past 2 GB: stacked combining
marks, one paragraph of millions of characters, hundreds of thousands of paragraphs.
After cleaning, every article is bounded by :mod:`store.ingest.bounds`, ends with a
note when anything was cut or split, and the seeds come out exactly as before.
"""

from __future__ import annotations

import time
import unicodedata

import pytest

from store.ingest import bounds
from store.ingest.bounds import (
    MAX_ARTICLE_CHARS,
    MAX_MARKS,
    MAX_PARAGRAPH_CHARS,
    MAX_PARAGRAPHS,
    NOTE_PREFIX,
)
from store.ingest.clean import clean_text
from tests.conftest import SEEDS

SENTENCE = "民警在辖区巡逻时发现一名走失老人，随即联系社区工作人员帮助其回家。"  # 32 characters


def longest_mark_run(text: str) -> int:
    best = run = 0
    for ch in text:
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        best = max(best, run)
    return best


def notes(result) -> list[str]:
    return [p.text for p in result.paragraphs if p.text.startswith(NOTE_PREFIX)]


def body(result) -> list[str]:
    return [p.text for p in result.paragraphs if not p.text.startswith(NOTE_PREFIX)]


@pytest.mark.parametrize(
    ("name", "text", "kept"),
    [
        # (what, input paragraph, the marks each base may keep)
        ("zalgo", "警" + "\u0301\u0316\u0336" * 20 + "察在巡逻。", MAX_MARKS),
        ("marks only", "\u0300" * 50_000, 0),  # limited, then a line with no text is furniture
        ("enclosing marks", "a" + "\u20dd" * 30 + "。", MAX_MARKS),
        ("vietnamese, two marks", unicodedata.normalize("NFD", "Người dân Việt Nam。"), 2),
        ("thai, three marks", "ป\u0e39\u0e49\u0e4c ตำรวจ。", 3),
    ],
)
def test_combining_marks_are_limited_per_character(name, text, kept):
    result = clean_text(f"标题\n\n{text}\n")
    joined = "".join(body(result))
    assert longest_mark_run(joined) == kept, name
    if 0 < kept < MAX_MARKS:
        assert not notes(result), "real scripts pass untouched"
    else:
        assert "combining marks" in notes(result)[0]
        assert result.removed["stacked_marks"] > 0


def test_file_of_marks_is_small_after_cleaning():
    """The 2 MB file of marks that took a minute to open in the reader."""
    text = ("e" + "\u0301\u0323\u0302" * 10) * 35_000
    result = clean_text(text)
    assert sum(len(t) for t in body(result)) <= 35_000 * (1 + MAX_MARKS)
    assert all(len(t) <= MAX_PARAGRAPH_CHARS for t in body(result))


def test_absurd_paragraph_is_split_at_sentence_ends_with_a_note():
    text = SENTENCE * 20_000  # 640,000 characters in one paragraph
    result = clean_text("标题\n\n" + text)
    pieces = body(result)
    assert all(len(p) <= MAX_PARAGRAPH_CHARS for p in pieces)
    assert all(p.endswith("。") for p in pieces[:-1]), "split at a sentence end"
    assert sum(len(p) for p in pieces) <= MAX_ARTICLE_CHARS
    (note,) = notes(result)
    assert "split" in note and "cut" in note
    assert result.paragraphs[-1].text == note, "the note ends the article"
    assert result.removed["split_paragraphs"] == 1


def test_paragraph_without_any_break_is_split_hard():
    result = clean_text("标题\n\n" + "警" * 12_000)
    assert [len(p) for p in body(result)] == [MAX_PARAGRAPH_CHARS, MAX_PARAGRAPH_CHARS, 2_000]
    assert "split into 3 parts" in notes(result)[0]


def test_split_never_parts_a_character_from_its_marks():
    text = ("e\u0301\u0323" * 4_000)[: MAX_PARAGRAPH_CHARS + 1]
    cut = bounds.split_point(text, MAX_PARAGRAPH_CHARS)
    assert unicodedata.category(text[cut]) not in ("Mn", "Me")


@pytest.mark.parametrize("count", [300_000, MAX_PARAGRAPHS + 1])
def test_paragraph_count_is_capped_with_a_note_saying_what_was_cut(count):
    text = "标题\n\n" + "\n\n".join(f"第{i}条。" for i in range(count))
    result = clean_text(text)
    kept = body(result)
    assert len(kept) <= MAX_PARAGRAPHS
    (note,) = notes(result)
    assert "cut" in note
    cut = result.removed["cut_paragraphs"]
    assert f"{cut:,} paragraph" in note
    if count == MAX_PARAGRAPHS + 1:
        assert cut == 1 and kept[-1] == f"第{MAX_PARAGRAPHS - 1}条。"


def test_many_unterminated_lines_clean_in_linear_time():
    """Lines that never end a sentence are joined into one paragraph: bounded, not quadratic."""
    text = "标题\n\n" + "\n\n".join("民警在辖区巡逻，" for _ in range(100_000))
    started = time.perf_counter()
    result = clean_text(text)
    assert time.perf_counter() - started < 20
    assert all(len(p) <= MAX_PARAGRAPH_CHARS for p in body(result))


def test_input_past_the_read_limit_is_not_read():
    text = "标题\n\n" + (SENTENCE + "\n\n") * 40_000  # 1.36M characters
    result = clean_text(text)
    assert result.removed["unread_chars"] > 0
    assert "not read" in notes(result)[0]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_are_far_inside_every_bound(path):
    result = clean_text(path.read_text("utf-8"))
    assert not notes(result)
    assert not {"stacked_marks", "split_paragraphs", "cut_paragraphs", "unread_chars"} & set(result.removed)
    assert len(result.paragraphs) * 10 <= MAX_PARAGRAPHS
    assert max(len(p.text) for p in result.paragraphs) * 10 <= MAX_PARAGRAPH_CHARS
    assert sum(len(p.text) for p in result.paragraphs) * 10 <= MAX_ARTICLE_CHARS
