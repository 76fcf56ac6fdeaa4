"""Counts in messages: "1 tag exists", "2 tags exist", never "1 tags" or "tag(s)".

One helper for every message Beat prints with a number in it (CLI lines, export
headers, undo labels), so the singular is never forgotten in one of them (issue 16, 8).
"""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and the form that agrees with it: ``plural(1, "tag exists", "tags exist")`` -> "1 tag exists".

    ``many`` defaults to ``one`` + "s", right for Beat's nouns (tag, passage, file, article);
    give it for anything else ("1 entry", "2 entries"). Counts get thousands separators.
    """
    return f"{count:,} {one if count == 1 else many or one + 's'}"
