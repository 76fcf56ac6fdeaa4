"""Keyword in context: one hit per line, left context | keyword | right context.

Contexts are cut by display width (a CJK character is two columns, ``store.text.charclass.width``),
so the keyword column lines up in a terminal whatever mixes of Chinese, digits and Latin
surround it. Sort keys are AntConc's: ``right1`` orders by the text from the first
character after the keyword, ``right2`` from the second (then the first), ``left1`` by
the characters leading up to the keyword read leftwards, and so on; ``date``,
``unit``, ``article`` and ``position`` (list order) too, several joined by commas.
Chinese has no spaces, so positions count characters, not words.

10,000 lines take 0.22 s to build and sort (0.6–0.75 s on two busy cores; tests/bench/bench_analysis.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.analysis.search import Hit
from store.corpus.query import CorpusIndex
from store.text.charclass import width
from store.text.sanitize import sanitize

DEFAULT_WIDTH = 30  # display columns of each context: 15 CJK characters
SORT_KEYS = re.compile(r"(left|right)([1-9])|date|unit|article|position")


@dataclass(frozen=True, slots=True)
class Line:
    """One concordance line; ``left``/``right`` are cut to the width, ``left_full``/``right_full`` are the paragraph's."""

    hit: Hit
    left: str
    keyword: str
    right: str
    left_full: str
    right_full: str
    published: str
    unit: str  # the first unit mentioned in the paragraph, else in the article

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.hit.article, "paragraph": self.hit.paragraph + 1, "index": self.hit.paragraph,  # ¶ from 1
            "start": self.hit.start, "end": self.hit.end,
            "left": self.left, "keyword": self.keyword, "right": self.right, "published": self.published, "unit": self.unit,
        }


def _one_line(text: str) -> str:
    return sanitize(text).replace("\n", " ").replace("\t", " ")


def cut_left(text: str, columns: int) -> str:
    """The end of ``text`` that fits ``columns`` display columns, padded on the left to exactly that."""
    out, used = [], 0
    for ch in reversed(text):
        w = width(ch)
        if used + w > columns:
            break
        out.append(ch)
        used += w
    return " " * (columns - used) + "".join(reversed(out))


def cut_right(text: str, columns: int) -> str:
    """The start of ``text`` that fits ``columns`` display columns, padded on the right."""
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > columns:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (columns - used)


def lines(index: CorpusIndex, hits: Iterable[Hit], columns: int = DEFAULT_WIDTH) -> list[Line]:
    """Concordance lines of ``hits`` (paragraphs read once per article)."""
    corpus = index.corpus
    out: list[Line] = []
    texts: list[str] = []
    units: dict[str, tuple[int, ...]] = {}
    current = None
    for hit in hits:
        if hit.article != current:
            current = hit.article
            texts = corpus.paragraph_texts(hit.article)
            units = corpus.unit_paragraph_map(hit.article)
        text = texts[hit.paragraph]
        left, right = _one_line(text[max(0, hit.start - columns) : hit.start]), _one_line(text[hit.end : hit.end + columns])
        summary = index.by_id[hit.article]
        here = [k for k, paras in units.items() if hit.paragraph in paras]
        unit = index.unit_name(here[0]) if here else (index.unit_name(summary.units[0]) if summary.units else "")
        out.append(
            Line(
                hit, cut_left(left, columns), _one_line(text[hit.start : hit.end]), cut_right(right, columns),
                left, right, summary.published or "", unit,
            )
        )
    return out


def sort_key(spec: str) -> Callable[[Line], tuple[Any, ...]]:
    """The key that orders lines by ``spec`` (``right1``, ``left2,date``…); ValueError names a bad part."""
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    for part in parts:
        if not SORT_KEYS.fullmatch(part):
            raise ValueError(f"unknown sort key {part!r}: use left1..left9, right1..right9, date, unit, article or position")

    def key(line: Line) -> tuple[Any, ...]:
        out: list[Any] = []
        for part in parts:
            m = SORT_KEYS.fullmatch(part)
            assert m is not None
            if m.group(1) == "right":
                n = int(m.group(2)) - 1
                out.append(line.right_full[n:] + "\x00" + line.right_full[:n])
            elif m.group(1) == "left":
                n = int(m.group(2)) - 1
                backwards = line.left_full[::-1]
                out.append(backwards[n:] + "\x00" + backwards[:n])
            elif part == "date":
                out.append(line.published)
            elif part == "unit":
                out.append(line.unit)
            elif part == "article":
                out.append(line.hit.article)
        out.append(line.hit)
        return tuple(out)

    return key


def sorted_lines(found: list[Line], spec: str | None) -> list[Line]:
    return sorted(found, key=sort_key(spec)) if spec else found


CSV_HEADER = ("article", "paragraph", "start", "end", "published", "unit", "left", "keyword", "right")


def csv_row(line: Line) -> list[Any]:
    """One line for a spreadsheet: whole contexts (the paragraph's, not the cut ones), sanitised."""
    h = line.hit
    return [h.article, h.paragraph + 1, h.start, h.end, line.published, line.unit, line.left_full, line.keyword, line.right_full]


def write_lines(path: Path, found: list[Line]) -> int:
    """``found`` to ``path`` as JSON (a ``.json`` name) or CSV, replaced whole or not at all; the lines written.

    The export's own rules apply (``store.analysis.table_export``): a FIFO, a device or
    a folder is refused, a link is followed to the file it names.
    """
    from store.analysis.table_export import write_table

    return write_table(path, CSV_HEADER, [csv_row(ln) for ln in found], records=[ln.to_dict() for ln in found])
