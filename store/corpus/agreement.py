"""Inter-coder agreement: percentage agreement, Cohen's κ and Krippendorff's α, per tag and overall.

The units: every character (``level="char"``) or every paragraph (``"paragraph"``) of
the articles at least two coders coded. For each tag, a coder's value on a unit is
1 if one of their codings of that tag covers it (a paragraph: touches it), else 0,
so each tag is a nominal, binary variable; "overall" pools the units of every tag.
A coder who coded nothing in an article has no values there (missing, as α allows).

Characters are counted in runs: inside a paragraph the set of coders covering a
character changes only at coding boundaries, so a run of equal units is weighed by
its length instead of visited character by character (a 40,000-character corpus
with 12 codings takes a few dozen runs, not 40,000 units).

- percentage agreement: the share of pairable units on which all their coders agree;
- Cohen's κ (exactly two coders): (p_o − p_e) / (1 − p_e) over units both coded;
- Krippendorff's α (any number): 1 − (n − 1)·D_o / Σ_c≠k n_c·n_k, from the coincidence
  matrix, nominal metric; units with fewer than two values do not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from store.corpus.corpus import Corpus
from store.corpus.tags import Coding

Unit = tuple[int, tuple[int, ...]]  # (weight, the values of the coders who coded the article, in coder order)


@dataclass(frozen=True, slots=True)
class Disagreement:
    tag: str
    article: str
    paragraph: int
    start: int
    end: int
    text: str
    coders: tuple[str, ...]  # who coded it with the tag (the others did not)


@dataclass(slots=True)
class Figures:
    tag: str  # "" for overall
    units: int = 0
    percent: float | None = None
    kappa: float | None = None
    alpha: float | None = None
    disagreements: list[Disagreement] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "tag": self.tag or None, "units": self.units, "percent_agreement": self.percent, "cohen_kappa": self.kappa,
            "krippendorff_alpha": self.alpha,
            "disagreements": [
                {"article": d.article, "paragraph": d.paragraph + 1, "index": d.paragraph,  # from 1, as the reader shows
                 "start": d.start, "end": d.end, "text": d.text, "coders": list(d.coders)}
                for d in self.disagreements
            ],
        }


def alpha_nominal(units: Iterable[Unit]) -> float | None:
    """Krippendorff's α, nominal, from weighed units; None when it is undefined (no pairable units, one value)."""
    o: dict[tuple[int, int], float] = {}
    for weight, values in units:
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    o[(a, b)] = o.get((a, b), 0.0) + weight / (m - 1)
    n_c: dict[int, float] = {}
    for (a, _), v in o.items():
        n_c[a] = n_c.get(a, 0.0) + v
    n = sum(n_c.values())
    expected = sum(n_c[a] * n_c[b] for a in n_c for b in n_c if a != b)
    if n <= 1 or expected == 0:
        return None
    observed = sum(v for (a, b), v in o.items() if a != b)
    return 1.0 - (n - 1) * observed / expected


def cohen_kappa(units: Iterable[Unit]) -> float | None:
    """Cohen's κ over units both of two coders coded; None if undefined (p_e = 1)."""
    pairs = [(w, v) for w, v in units if len(v) == 2]
    total = sum(w for w, _ in pairs)
    if not total:
        return None
    agree = sum(w for w, (a, b) in pairs if a == b) / total
    values = {x for _, v in pairs for x in v}
    first = {c: sum(w for w, v in pairs if v[0] == c) / total for c in values}
    second = {c: sum(w for w, v in pairs if v[1] == c) / total for c in values}
    chance = sum(first[c] * second[c] for c in values)
    return None if chance == 1 else (agree - chance) / (1 - chance)


def percent(units: Iterable[Unit]) -> float | None:
    pairable = [(w, v) for w, v in units if len(v) >= 2]
    total = sum(w for w, _ in pairable)
    return sum(w for w, v in pairable if len(set(v)) == 1) / total if total else None


def agreement(
    codings: list[Coding], paragraphs_of: dict[str, list[str]], level: str = "char", tag: str | None = None
) -> tuple[list[str], list[Figures]]:
    """The coders and the figures per tag (then overall, tag ""), over articles two or more coders coded.

    ``paragraphs_of``: article -> its paragraph texts. Orphans have no place and are left out.
    """
    if level not in ("char", "paragraph"):
        raise ValueError(f"level is 'char' or 'paragraph', not {level!r}")
    placed = [c for c in codings if not c.orphan and c.article in paragraphs_of]
    coders = sorted({c.by for c in placed})
    by_article: dict[str, set[str]] = {}
    for c in placed:
        by_article.setdefault(c.article, set()).add(c.by)
    shared = {a: sorted(who) for a, who in by_article.items() if len(who) >= 2}
    tags = sorted({c.tag for c in placed if c.article in shared and (tag is None or c.tag == tag)})
    spans: dict[tuple[str, str, int], list[tuple[int, int, str]]] = {}  # one pass: 10,000 codings × 50 tags stay linear
    for c in placed:
        spans.setdefault((c.tag, c.article, c.paragraph), []).append((c.start, c.end, c.by))
    results, pooled = [], []
    for name in tags:
        units, disagreements = _units(name, spans, shared, paragraphs_of, level)
        pooled += units
        results.append(_figures(name, units, coders, disagreements))
    results.append(_figures("", pooled, coders, []))
    return coders, results


def _figures(tag: str, units: list[Unit], coders: list[str], disagreements: list[Disagreement]) -> Figures:
    return Figures(
        tag, sum(w for w, v in units if len(v) >= 2), percent(units), cohen_kappa(units) if len(coders) == 2 else None,
        alpha_nominal(units), disagreements,
    )


def _units(
    tag: str, coded: dict[tuple[str, str, int], list[tuple[int, int, str]]], shared: dict[str, list[str]],
    paragraphs_of: dict[str, list[str]], level: str,
) -> tuple[list[Unit], list[Disagreement]]:
    units: list[Unit] = []
    out: list[Disagreement] = []
    for article, who in shared.items():
        for p, text in enumerate(paragraphs_of[article]):
            spans = [(s, e, who.index(by)) for s, e, by in coded.get((tag, article, p), ()) if by in who]
            if level == "paragraph":
                values = tuple(int(any(s[2] == i for s in spans)) for i in range(len(who)))
                units.append((1, values))
                if len(set(values)) > 1:
                    out.append(_disagreement(tag, article, p, 0, len(text), text, who, values))
                continue
            cuts = sorted({0, len(text)} | {x for s in spans for x in s[:2]})
            for a, b in zip(cuts, cuts[1:], strict=False):
                if a >= b:
                    continue
                values = tuple(int(any(s[0] <= a and b <= s[1] and s[2] == i for s in spans)) for i in range(len(who)))
                units.append((b - a, values))
                if len(set(values)) > 1:
                    out.append(_disagreement(tag, article, p, a, b, text[a:b], who, values))
    return units, _joined(out)


def _disagreement(
    tag: str, article: str, p: int, a: int, b: int, text: str, who: list[str], values: tuple[int, ...]
) -> Disagreement:
    return Disagreement(tag, article, p, a, b, text, tuple(w for w, v in zip(who, values, strict=True) if v))


def _joined(found: list[Disagreement]) -> list[Disagreement]:
    """Adjacent runs with the same coders make one passage."""
    out: list[Disagreement] = []
    for d in found:
        last = out[-1] if out else None
        if last and (last.article, last.paragraph, last.end, last.coders) == (d.article, d.paragraph, d.start, d.coders):
            out[-1] = Disagreement(d.tag, d.article, d.paragraph, last.start, d.end, last.text + d.text, d.coders)
        else:
            out.append(d)
    return out


def texts_of(corpus: Corpus, codings: list[Coding]) -> dict[str, list[str]]:
    """The paragraph texts of every article a placed coding is in (articles gone from the corpus left out)."""
    texts = {}
    for aid in sorted({c.article for c in codings if not c.orphan}):
        try:
            texts[aid] = corpus.paragraph_texts(aid)
        except KeyError:
            continue
    return texts
