"""The one sanitising step every piece of corpus text passes through before anything else.

Scraped text is hostile: control characters, ANSI/OSC escapes and bidi overrides can
rewrite the terminal or reorder what a reader sees. They are removed here, once, at
ingest, so nothing downstream (store, CLI, TUI) ever holds them.
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
# C0 except \t and \n, DEL, C1; bidi embeddings/overrides/isolates; zero-width and BOM.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def sanitize(text: str) -> str:
    """Return ``text`` without escape sequences, control or bidi characters.

    Line ends become ``\\n``; exotic spaces (NBSP, ideographic space) become plain
    spaces so that cleaning rules only ever see one kind of blank.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text)


def has_control(text: str) -> bool:
    """True when ``text`` still holds something :func:`sanitize` removes (used by tests)."""
    return bool(_CONTROL.search(text))
