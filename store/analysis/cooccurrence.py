"""Co-occurrence: which units and tags are mentioned together, and how strongly.

Contexts (``scope``):

- ``paragraph``: a paragraph; its units come from the index, its tags are the codings in it;
- ``article``: an article (units anywhere in it, tags anywhere in it);
- ``passage``: a tagged passage (a coding's span): the units whose mention lies inside the
  span, the other tags whose codings overlap it. Only meaningful with tags.

For each pair the count is the number of contexts holding both; strength is the
**Jaccard** index, both / (contexts with a + contexts with b − both), so a pair of
rare units that always appear together ranks above two busy units that meet by chance
as often. Pairs are sorted by count, then Jaccard (``by="jaccard"``: the other way).
Kinds: ``units``×``units``, ``tags``×``units`` (``tags-units``), ``tags``×``tags``; units are
named by their keys, the full names (a short name such as 刑侦大队 repeats across districts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding

SCOPES = ("passage", "paragraph", "article")
KINDS = ("units", "tags-units", "tags")


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    count: int
    a_total: int
    b_total: int

    @property
    def jaccard(self) -> float:
        union = self.a_total + self.b_total - self.count
        return self.count / union if union else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "count": self.count, "a_contexts": self.a_total, "b_contexts": self.b_total,
                "jaccard": round(self.jaccard, 4)}


@dataclass(frozen=True, slots=True)
class Context:
    left: frozenset[str]  # tags, or units for units×units
    right: frozenset[str]  # units, or the same as left for symmetric kinds
    article: str = ""  # where the context is: its article and paragraph (-1: the whole article)
    paragraph: int = -1


def _units_by_paragraph(index: CorpusIndex, aid: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for key, paras in index.corpus.unit_paragraph_map(aid).items():
        for p in paras:
            out.setdefault(p, set()).add(key)
    return out


def contexts(
    index: CorpusIndex, kind: str, scope: str, codings: Sequence[Coding] = (), articles: Iterable[str] | None = None
) -> list[Context]:
    """The contexts of ``kind`` at ``scope``; ValueError for an unknown kind or scope.

    Units are counted by key, their full names (武汉市公安局青山区分局刑侦大队): short names
    repeat across districts."""
    if kind not in KINDS or scope not in SCOPES:
        raise ValueError(f"kind is one of {', '.join(KINDS)}; scope one of {', '.join(SCOPES)}")
    if kind == "units" and scope == "passage":
        raise ValueError("units×units within a tagged passage needs tags: use --scope paragraph or article")
    ids = list(articles) if articles is not None else list(index.by_id)
    wanted = set(ids)
    tagged = [c for c in codings if c.article in wanted and not c.orphan]
    out: list[Context] = []
    if kind == "units":
        for aid in ids:
            if scope == "article":
                units = frozenset(index.by_id[aid].units)
                out.append(Context(units, units, aid))
            else:
                for p, keys in sorted(_units_by_paragraph(index, aid).items()):
                    names = frozenset(keys)
                    out.append(Context(names, names, aid, p))
        return out
    by_article: dict[str, list[Coding]] = {}
    for c in tagged:
        by_article.setdefault(c.article, []).append(c)
    for aid, cs in by_article.items():
        if scope == "article":
            tags = frozenset(c.tag for c in cs)
            units = frozenset(index.by_id[aid].units) if kind == "tags-units" else tags
            out.append(Context(tags, units, aid))
        elif scope == "paragraph":
            paras = _units_by_paragraph(index, aid) if kind == "tags-units" else {}
            for p in sorted({c.paragraph for c in cs}):
                tags = frozenset(c.tag for c in cs if c.paragraph == p)
                right = frozenset(paras.get(p, ())) if kind == "tags-units" else tags
                out.append(Context(tags, right, aid, p))
        else:
            entities = [e for e in index.corpus.entities(aid) if e.type == "unit"] if kind == "tags-units" else []
            for c in cs:
                if kind == "tags-units":
                    inside = {e.key for e in entities if e.paragraph == c.paragraph and c.start <= e.start and e.end <= c.end}
                    out.append(Context(frozenset([c.tag]), frozenset(inside), aid, c.paragraph))
                else:
                    tags = frozenset(o.tag for o in cs if o.paragraph == c.paragraph and o.start < c.end and c.start < o.end)
                    out.append(Context(tags, tags, aid, c.paragraph))
    return out


def pairs(found: Iterable[Context], symmetric: bool, by: str = "count") -> list[Pair]:
    """Pairs with their counts and marginals, strongest first."""
    together: Counter[tuple[str, str]] = Counter()
    left_totals: Counter[str] = Counter()
    right_totals: Counter[str] = Counter()
    for ctx in found:
        left_totals.update(ctx.left)
        if symmetric:
            together.update(combinations(sorted(ctx.left), 2))
        else:
            right_totals.update(ctx.right)
            together.update((a, b) for a in ctx.left for b in ctx.right)
    right = left_totals if symmetric else right_totals
    out = [Pair(a, b, n, left_totals[a], right[b]) for (a, b), n in together.items()]
    if by == "jaccard":
        out.sort(key=lambda p: (-p.jaccard, -p.count, p.a, p.b))
    else:
        out.sort(key=lambda p: (-p.count, -p.jaccard, p.a, p.b))
    return out


def cooccurrence(
    index: CorpusIndex, kind: str = "units", scope: str = "paragraph", codings: Sequence[Coding] = (),
    articles: Iterable[str] | None = None, by: str = "count",
) -> list[Pair]:
    return pairs(contexts(index, kind, scope, codings, articles), symmetric=kind != "tags-units", by=by)
