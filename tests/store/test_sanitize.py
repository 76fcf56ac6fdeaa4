"""Nothing from a corpus may reach the terminal as an escape sequence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.sanitize import has_control, sanitize

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
