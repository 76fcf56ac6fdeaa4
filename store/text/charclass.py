"""Regex character classes built from the running Python's Unicode tables.

Used where a per-character Python loop was the cost (display width, combining marks):
one class, built once per process by scanning the code points that can match, makes
the test one regex pass in C.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def char_class(test: Callable[[str], bool], *spans: range) -> str:
    """``[…]`` of every code point in ``spans`` for which ``test`` holds, as ranges."""
    ranges: list[str] = []
    for span in spans:
        start = None
        for cp in span:
            if test(chr(cp)):
                if start is None:
                    start = cp
            elif start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
                start = None
        if start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(span[-1]))}")
    return "[" + "".join(ranges) + "]"
