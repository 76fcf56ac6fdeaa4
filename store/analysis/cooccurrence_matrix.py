"""Co-occurrence as a matrix (the code × code table of ATLAS.ti and MAXQDA), and the passages behind a cell.

Rows and columns are the :data:`TOP` labels met in the most contexts (units by key, tags by
name; ``top`` changes it): past twenty a unit × unit matrix no longer fits 160 columns,
and the pairs list (``store.analysis.cooccurrence.pairs``) gives every pair anyway.
A cell is the number of contexts (paragraphs, articles or tagged passages, as
``contexts`` cut them) that hold both labels; for the symmetric kinds (units × units,
tags × tags) the diagonal is the number of contexts that hold the label at all, the
marginal that Jaccard divides by. :func:`places` lists where a cell's pair meets, one
(article, paragraph) per context, so a view can open each in the reader; a whole-article
context points at the first paragraph mentioning either label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from store.analysis.cooccurrence import Context
from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding
from store.text.charclass import width

TOP = 20  # rows and columns shown: 20 columns of 6 and a 24-column label fill 150 columns


@dataclass(frozen=True, slots=True)
class Matrix:
    rows: list[str]  # labels, busiest first
    columns: list[str]
    counts: list[list[int]]  # counts[row][column]: contexts holding both
    row_totals: list[int]  # contexts holding the row's label
    column_totals: list[int]
    symmetric: bool

    @property
    def peak(self) -> int:
        """The largest count off the diagonal (what shading scales to); 0 for an empty matrix."""
        return max(
            (n for i, row in enumerate(self.counts) for j, n in enumerate(row)
             if not (self.symmetric and self.rows[i] == self.columns[j])),
            default=0,
        )

    def csv_rows(self, name: object = str) -> list[list[object]]:
        """The matrix as a table: a header of column labels, then one row per label (``name``: label -> shown)."""
        show = name if callable(name) else str
        out: list[list[object]] = [["", *(show(c) for c in self.columns)]]
        out += [[show(r), *counts] for r, counts in zip(self.rows, self.counts, strict=True)]
        return out


def _busiest(totals: Counter[str], top: int) -> list[str]:
    return [label for label, _n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def matrix(found: Iterable[Context], symmetric: bool, top: int = TOP) -> Matrix:
    """The ``top`` × ``top`` matrix of the busiest labels; ValueError for ``top`` < 1."""
    if top < 1:
        raise ValueError("the matrix needs at least one row and column (top ≥ 1)")
    found = list(found)
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for ctx in found:
        left.update(ctx.left)
        right.update(ctx.left if symmetric else ctx.right)
    rows, columns = _busiest(left, top), _busiest(right, top)
    row_at = {label: i for i, label in enumerate(rows)}
    column_at = {label: j for j, label in enumerate(columns)}
    counts = [[0] * len(columns) for _ in rows]
    for ctx in found:
        mine = [row_at[a] for a in ctx.left if a in row_at]
        if not mine:
            continue
        theirs = [column_at[b] for b in (ctx.left if symmetric else ctx.right) if b in column_at]
        for i in mine:
            row = counts[i]
            for j in theirs:
                row[j] += 1
    return Matrix(rows, columns, counts, [left[r] for r in rows], [right[c] for c in columns], symmetric)


@dataclass(frozen=True, slots=True)
class Place:
    article: str
    paragraph: int


def places(
    index: CorpusIndex, found: Iterable[Context], a: str, b: str, symmetric: bool, codings: Sequence[Coding] = ()
) -> list[Place]:
    """Where ``a`` (a row label) and ``b`` (a column label) meet: one place per context, in corpus order."""
    out: list[Place] = []
    for ctx in found:
        if a not in ctx.left or b not in (ctx.left if symmetric else ctx.right):
            continue
        paragraph = ctx.paragraph if ctx.paragraph >= 0 else _first_paragraph(index, ctx.article, {a, b}, codings)
        place = Place(ctx.article, paragraph)
        if not out or out[-1] != place:  # two tagged passages in one paragraph: one place
            out.append(place)
    return out


def _first_paragraph(index: CorpusIndex, aid: str, labels: set[str], codings: Sequence[Coding]) -> int:
    units = index.corpus.unit_paragraph_map(aid)
    seen = [p for key in labels for p in units.get(key, ())]
    seen += [c.paragraph for c in codings if c.article == aid and c.tag in labels and not c.orphan]
    return min(seen, default=0)


def fit(text: str, columns: int, tail: bool = False) -> str:
    """``text`` cut to ``columns`` display columns (a CJK character is two), ``…`` marking the cut.

    ``tail`` keeps the end instead: a unit's name ends in what tells it apart
    (武汉市公安局青山区分局 and 武汉市公安局 begin alike).
    """
    if width(text) <= columns:
        return text
    out, used = "", 0
    for ch in reversed(text) if tail else text:
        w = width(ch)
        if used + w > columns - 1:
            break
        out, used = (ch + out if tail else out + ch), used + w
    return "…" + out if tail else out + "…"
