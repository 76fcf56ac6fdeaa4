"""The sentence and clause around a time expression: the event's sentence and its label.

An event's label is the clause its expression governs (its own clause without it, else
the next one); its sentence is cut from the paragraph on demand, never stored.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from store.db.schema import Event
from store.nlp.time.forms import TimeExpr

_SENT_END = "。！？!?"
_CLAUSE_END = "，,；;：:。！？!?"
_CLOSERS = "”’」』）)"
_TRIM = " \t\u3000\"'（）()、…—·"


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """From after the last stop before ``start`` to the first stop at or after ``end``."""
    at = _stops_in(text, stops)
    i, j = bisect.bisect_left(at, start), bisect.bisect_left(at, end)
    return at[i - 1] + 1 if i else 0, at[j] if j < len(at) else len(text)


@lru_cache(maxsize=16)
def _stops_in(text: str, stops: str) -> list[int]:
    """Where ``stops`` occur in ``text``, found once per paragraph: searching the text
    again for each expression made long paragraphs quadratic."""
    return [m.start() for m in re.finditer("[" + re.escape(stops) + "]", text)]


def event_sentence(paragraph: str, event: Event) -> str:
    """The sentence an event was found in, from its paragraph's text."""
    return _sentence(paragraph, event.start, event.end)


def _sentence(text: str, start: int, end: int) -> str:
    a, b = _bounds(text, start, end, _SENT_END)
    b = min(b + 1, len(text))
    while b < len(text) and text[b] in _CLOSERS:
        b += 1
    return text[a:b].strip()


def _trim(s: str) -> str:
    s = s.strip(_TRIM).lstrip(_CLOSERS).strip(_TRIM)  # "”武汉开学首日": a quotation's end is no label's start
    if s[:1] in ("在", "于"):
        s = s[1:].strip(_TRIM)
    for opener, closer in ("“”", "‘’", "「」"):  # drop a quote mark whose partner was cut off
        if s.startswith(opener) and closer not in s:
            s = s[1:]
        if s.endswith(closer) and opener not in s:
            s = s[:-1]
    return s.strip(_TRIM)


def governed(text: str, e: TimeExpr) -> tuple[str, str]:
    """The clause the expression governs - its own clause without it (and without a 于/在 before
    it or a finished quotation), else the next clause - as (label, raw clause text)."""
    a, b = _bounds(text, e.start, e.end, _CLAUSE_END)
    quote_end = max(text.rfind(c + "”", a, e.start) for c in "。！？!?…")
    if quote_end >= 0:
        a = quote_end + 2
    before = text[a:e.start]
    before = before[:-1] if before.endswith(("于", "在")) else before
    own = _trim(before + text[e.end:b])
    if len(own) > 2 or b >= len(text):  # "预计" alone says nothing: take the next clause
        return own, text[a:b]
    _, b2 = _bounds(text, b + 1, b + 1, _CLAUSE_END)
    return _trim(text[b + 1:b2]) or own, text[a:b2]
