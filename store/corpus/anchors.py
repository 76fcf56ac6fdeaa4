"""Anchors for tagged passages that survive rebuilds and better cleaning.

An anchor is article id + paragraph + offsets + the exact quote + a little context on
each side. After a rebuild the offsets are tried first; if the quote is no longer
there, it is searched again: an occurrence still in its old surroundings wins, then
the one nearest the old place, context breaking ties. A quote that cannot be found leaves the tag an orphan: kept, never
dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 16  # characters of context kept on each side


@dataclass(frozen=True, slots=True)
class Anchor:
    paragraph: int
    start: int
    end: int
    quote: str
    before: str
    after: str
    position: int = 0  # offset of ``start`` in the whole article: "nearest" survives re-split paragraphs


def make_anchor(paragraphs: list[str], paragraph: int, start: int, end: int) -> Anchor:
    text = paragraphs[paragraph]
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"span {start}-{end} is outside paragraph {paragraph} ({len(text)} characters)")
    return Anchor(
        paragraph=paragraph,
        start=start,
        end=end,
        quote=text[start:end],
        before=text[max(0, start - CONTEXT) : start],
        after=text[end : end + CONTEXT],
        position=sum(len(t) for t in paragraphs[:paragraph]) + start,
    )


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def reanchor(anchor: Anchor, paragraphs: list[str]) -> Anchor | None:
    """Where ``anchor`` stands in the new ``paragraphs``; None if its quote is gone."""
    p = anchor.paragraph
    if p < len(paragraphs) and paragraphs[p][anchor.start : anchor.end] == anchor.quote:
        return make_anchor(paragraphs, p, anchor.start, anchor.end)
    best: tuple[tuple[int, int, int], int, int] | None = None
    offset = 0
    for i, text in enumerate(paragraphs):
        pos = text.find(anchor.quote)
        while pos != -1:
            context = _common_suffix(text[:pos], anchor.before) + _common_prefix(text[pos + len(anchor.quote) :], anchor.after)
            # an occurrence in (nearly) its old surroundings first, then the nearest one,
            # then the one with more context in common
            surrounded = 0 if context >= 0.75 * (len(anchor.before) + len(anchor.after)) else 1
            key = (surrounded, abs(offset + pos - anchor.position), -context)
            if best is None or key < best[0]:
                best = (key, i, pos)
            pos = text.find(anchor.quote, pos + 1)
        offset += len(text)
    if best is None:
        return None
    _, i, pos = best
    return make_anchor(paragraphs, i, pos, pos + len(anchor.quote))
