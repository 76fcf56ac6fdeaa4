"""The query language's grammar and its errors: where, and what was expected."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.analysis.query_parse import (
    MAX_QUERY_CHARS,
    And,
    DateRange,
    Field,
    Not,
    Or,
    Pattern,
    QueryError,
    Text,
    parse,
    positives,
)


def test_words_phrases_and_operators():
    assert parse("诈骗") == Text("诈骗", 0)
    assert parse('"电信 诈骗"') == Text("电信 诈骗", 0)
    assert parse("诈骗 反诈") == And((Text("诈骗", 0), Text("反诈", 3)))
    assert parse("诈骗 AND 反诈") == And((Text("诈骗", 0), Text("反诈", 7)))
    assert parse("a OR b c") == Or((Text("a", 0), And((Text("b", 5), Text("c", 7)))))  # AND binds tighter
    assert parse("(a OR b) c") == And((Or((Text("a", 1), Text("b", 6))), Text("c", 9)))
    assert parse("NOT a") == Not(Text("a", 4))
    assert parse("NOT NOT a") == Text("a", 8)
    assert parse("and or not") == And((Text("and", 0), Text("or", 4), Text("not", 7)))  # lower case: words


def test_regex_and_fields():
    assert parse("/骗.{0,4}万元/") == Pattern("骗.{0,4}万元", 0)
    assert parse(r"/a\/b/") == Pattern(r"a\/b", 0)
    assert parse("unit:青山") == Field("unit", "青山", 0)
    assert parse("unit:=青山区分局") == Field("unit", "青山区分局", 0, exact=True)
    assert parse('source:"长江 日报"') == Field("source", "长江 日报", 0)
    assert parse("110/120") == Text("110/120", 0)  # a slash inside a word is a character
    date = parse("date:2024-01..2024-06")
    assert isinstance(date, Field) and date.dates == DateRange("2024-01-01", "2024-06-30")
    assert parse("published:2024").dates == DateRange("2024-01-01", "2024-12-31")
    assert parse("published:2024-02").dates == DateRange("2024-02-01", "2024-02-29")
    assert parse("date:..2023").dates == DateRange(None, "2023-12-31")
    assert parse("date:2024-03-05..").dates == DateRange("2024-03-05", None)


def test_positives_are_the_terms_not_under_not():
    tree = parse("a (b OR NOT c) NOT (d NOT e) /f/")
    assert [p.text if isinstance(p, Text) else p.pattern for p in positives(tree)] == ["a", "b", "e", "f"]


@pytest.mark.parametrize(
    "query,offset,says",
    [
        ("(诈骗 OR 盗窃", 0, "never closed: expected a )"),
        ("诈骗)", 2, "closes no ("),
        ("诈骗 AND", 6, "ends after AND"),
        ("诈骗 OR OR 盗窃", 6, "OR cannot follow here"),
        ("()", 1, "empty parentheses"),
        ('"诈骗', 0, 'expected a closing "'),
        ("/诈骗", 0, "expected a closing /"),
        ("//", 0, "empty regular expression"),
        ("unit:", 5, "expected a value after unit:"),
        ("colour:red", 0, "unknown field colour:"),
        ("person:=张三", 7, "'=' (this unit alone) applies to unit:"),
        ("date:2024-06..2024-01", 5, "ends (2024-01-31) before it starts (2024-06-01)"),
        ("date:2024-13", 5, "no month 13"),
        ("date:2024-02-30", 5, "has no day 30"),
        ("published:yesterday", 10, "expected a date as YYYY"),
        ("   ", 3, "empty query"),
        ('ab"cd', 2, "inside a word"),
    ],
)
def test_errors_point_at_the_position_and_say_what_was_expected(query, offset, says):
    with pytest.raises(QueryError) as exc:
        parse(query)
    assert exc.value.offset == offset and says in exc.value.message
    assert exc.value.pointer().split("\n")[1].endswith("^")


def test_pointer_counts_wide_characters_twice():
    with pytest.raises(QueryError) as exc:
        parse("诈骗 OR OR")
    shown, caret = exc.value.pointer().split("\n")
    assert caret == " " * 8 + "^"  # 诈骗 is four columns, then " OR "


def test_a_ten_thousand_character_query_is_refused_at_once():
    started = time.perf_counter()
    for query in ("诈" * 10_000, "(" * 10_000, "a OR " * 2_000):
        with pytest.raises(QueryError, match="characters long") as exc:
            parse(query)
        assert exc.value.offset == MAX_QUERY_CHARS
    assert time.perf_counter() - started < 0.1


def test_deep_nesting_under_the_length_limit_is_an_error_not_a_crash():
    with pytest.raises(QueryError, match="nested parentheses"):
        parse("(" * 900 + "a" + ")" * 900)


ALPHABET = st.sampled_from(list('()"/: =.-') + ["AND", "OR", "NOT", "unit:", "date:", "tag:", "published:", "诈骗", "a", "2024", "..", "\\", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_parser_raises_nothing_but_query_error(query):
    try:
        parse(query)
    except QueryError as exc:
        assert 0 <= exc.offset <= len(query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_parser_raises_nothing_but_query_error_on_any_text(query):
    try:
        parse(query)
    except QueryError as exc:
        assert 0 <= exc.offset <= len(query)
