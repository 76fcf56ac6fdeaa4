"""Nothing from a corpus may reach the terminal as an escape sequence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.text.sanitize import has_control, sanitize

PAYLOADS = [
    "\x1b[31mred\x1b[0m",
    "\x1bc",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\x9d0;title\x9c",
    "a\u202eb\u2066c",
    "nul\x00byte",
]


def test_payloads_removed_with_their_parameters():
    assert sanitize("\x1b]52;c;aGk=\x07x") == "x"
    assert sanitize("\x1b[2J\x1b[Hclear") == "clear"
    assert sanitize("\x1b]8;;http://e.x\x1b\\link\x1b]8;;\x1b\\") == "link"
    assert sanitize("a\u202eb") == "ab"
    assert sanitize("民警\r\n程波\u00a0\u3000好") == "民警\n程波  好"
    for payload in PAYLOADS:
        assert not has_control(sanitize(payload))


@given(st.text())
def test_sanitize_is_total_idempotent_and_clean(text):
    once = sanitize(text)
    assert sanitize(once) == once
    assert not has_control(once)
    assert "\x1b" not in once and "\r" not in once


def _format_characters() -> list[str]:
    import sys
    import unicodedata

    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


def test_every_format_character_is_removed():
    """Unicode category Cf: bidi marks (U+061C, U+200E), isolates, invisible operators,
    soft hyphen, tag characters (U+E0020..: invisible ASCII), interlinear annotation.

    None of them is needed to read Chinese news, and each can hide or reorder text.
    The zero-width joiner goes too (kept by nothing on purpose): it only glues emoji into
    one glyph, terminals disagree on that glyph's width, and the parts stay readable.
    """
    cf = _format_characters()
    assert len(cf) > 150  # the table really covers the category
    kept = [f"U+{ord(c):04X}" for c in cf if sanitize(f"a{c}b") != "ab" or not has_control(c)]
    assert kept == []


def test_format_characters_inside_a_sentence():
    assert sanitize("民警\u061c程波\u00ad在\U000e0041\U000e0042青山\u2069区") == "民警程波在青山区"
    assert sanitize("👨\u200d👩") == "👨👩"


def test_printable_text_comes_back_unchanged():
    text = "民警程波在青山区巡逻 (2025年) — “平安”"
    assert sanitize(text) is text
