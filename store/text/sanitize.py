"""The one sanitising step every piece of corpus text passes through before anything else.

Scraped text is hostile: control characters, ANSI/OSC escapes and bidi overrides can
rewrite the terminal or reorder what a reader sees. They are removed here: at ingest,
so the store never holds them, and again at output (CLI prints, the reader's text),
because a hand-edited or older store may hold them anyway.
"""

from __future__ import annotations

import re

# ESC-introduced sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes),
# so their printable payload ("]52;c;aGk=") disappears with them, not just the ESC.
# A string that is never terminated (a truncated scrape) is cut at its line end, so
# one stray "ESC ]" cannot swallow the rest of the article. A string also stops at the
# next introducer, so the search for a terminator stays linear in hostile text.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                      # CSI ... final byte
    | \x9b[0-?]*[ -/]*[@-~]                      # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])     # OSC, DCS, SOS, PM, APC (7- and 8-bit)
      (?:[^\x07\x1b\x90\x98\x9c-\x9f]*(?:\x07|\x1b\\|\x9c)  # ... up to BEL or ST,
      | [^\x07\x1b\x90\x98\x9c-\x9f\n]*)                #   or, never terminated, to the line end
    | \x1b[ -/]*[0-~]                            # other two-byte escapes, e.g. ESC c
    """,
    re.VERBOSE,
)
# C0 except \t and \n, DEL, C1 (category Cc), and every format character (category Cf,
# Unicode 14, with the Egyptian format block to its Unicode 15 end): bidi marks and
# isolates (U+061C, U+200E, U+2066..), zero-width space/joiners, soft hyphen, BOM,
# invisible operators, interlinear annotation, and the tag characters U+E0020.. that
# spell invisible ASCII. tests/store/text/test_sanitize.py checks this list against the
# running Python's unicodedata, so a new Unicode version cannot slip a Cf through.
# Kept on purpose: \t and \n (layout); nothing else. Even ZWJ goes: it only glues emoji
# into one glyph whose width terminals disagree on, and the parts stay readable.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def sanitize(text: str) -> str:
    """Return ``text`` without escape sequences, control or bidi characters.

    Line ends become ``\\n``; exotic spaces (NBSP, ideographic space) become plain
    spaces so that cleaning rules only ever see one kind of blank.
    """
    if text.isprintable():  # no Cc, Cf or exotic space at all: most text, at C speed
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text)


def has_control(text: str) -> bool:
    """True when ``text`` still holds something :func:`sanitize` removes (used by tests)."""
    return bool(_CONTROL.search(text))
