"""Agreement figures: Cohen's κ against a published worked example, Krippendorff's α against the reference package."""

from __future__ import annotations

import random

import pytest

from store.corpus.agreement import agreement
from store.corpus.anchors import make_anchor
from store.corpus.tags import Coding


def coding(n: int, tag: str, article: str, paras: list[str], p: int, start: int, end: int, coder: str) -> Coding:
    a = make_anchor(paras, p, start, end)
    return Coding(f"c{n}", tag, article, p, start, end, a.quote, a.before, a.after, a.position, coder=coder)


def test_cohen_kappa_matches_the_textbook_example():
    """The worked example in the usual references: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o 0.7, κ 0.4."""
    paras = [f"第{i}段。" for i in range(50)]
    codings = [coding(i, "t", "a", paras, i, 0, 3, "甲") for i in range(25)]
    codings += [coding(100 + i, "t", "a", paras, i, 0, 3, "乙") for i in [*range(20), *range(25, 35)]]
    coders, figures = agreement(codings, {"a": paras}, level="paragraph")
    (tag, overall) = figures
    assert coders == ["乙", "甲"] and tag.units == 50
    assert tag.percent == pytest.approx(0.7) and tag.kappa == pytest.approx(0.4)
    assert len(tag.disagreements) == 15 and overall.kappa == pytest.approx(0.4)


def _reference_alpha(codings, paragraphs_of, coders, tag, level):
    """Units enumerated one by one (no runs), for the krippendorff package: coders × units, NaN for missing."""
    import numpy as np

    shared = {a for a in paragraphs_of if len({c.by for c in codings if c.article == a}) >= 2}
    columns = []
    for a in sorted(shared):
        who = {c.by for c in codings if c.article == a}
        for p, text in enumerate(paragraphs_of[a]):
            positions = [None] if level == "paragraph" else range(len(text))
            for k in positions:
                col = []
                for coder in coders:
                    if coder not in who:
                        col.append(np.nan)
                        continue
                    hit = any(
                        c.by == coder and c.tag == tag and c.paragraph == p and (k is None or c.start <= k < c.end)
                        for c in codings if c.article == a
                    )
                    col.append(float(hit))
                columns.append(col)
    return np.array(columns).T


def _fixture(correlated: bool):
    """Three coders over three articles (two of them on the third). Correlated: the others follow 甲's spans
    with ends off by up to two characters and now and then another tag; else every span is drawn at random."""
    rng = random.Random(19)
    paragraphs_of = {a: ["".join(rng.choice("警民共建平安社区") for _ in range(rng.randint(20, 60))) for _ in range(6)] for a in "abc"}
    coders = ["甲", "乙", "丙"]
    codings, n = [], 0
    for a, paras in paragraphs_of.items():
        first = []
        for _ in range(8):
            p = rng.randrange(len(paras))
            s = rng.randrange(len(paras[p]) - 5)
            first.append((rng.choice(["甲类", "乙类"]), p, s, min(len(paras[p]), s + rng.randint(1, 15))))
        for coder in coders if a != "c" else coders[:2]:
            for tag, p, s, e in first:
                if coder != "甲" and not correlated:
                    p = rng.randrange(len(paras))
                    s = rng.randrange(len(paras[p]) - 5)
                    e = min(len(paras[p]), s + rng.randint(1, 15))
                    tag = rng.choice(["甲类", "乙类"])
                elif coder != "甲":
                    s, e = max(0, s + rng.randint(-2, 2)), min(len(paras[p]), e + rng.randint(-2, 2))
                    tag = tag if rng.random() < 0.85 else rng.choice(["甲类", "乙类"])
                if s < e:
                    codings.append(coding(n, tag, a, paras, p, s, e, coder))
                    n += 1
    return codings, paragraphs_of


@pytest.mark.parametrize("correlated", [True, False], ids=["coders agree", "at random"])
@pytest.mark.parametrize("level", ["char", "paragraph"])
def test_krippendorff_alpha_equals_the_reference_implementation(level, correlated):
    krippendorff = pytest.importorskip("krippendorff")
    codings, paragraphs_of = _fixture(correlated)
    found, figures = agreement(codings, paragraphs_of, level=level)
    for fig in figures[:-1]:
        data = _reference_alpha(codings, paragraphs_of, found, fig.tag, level)
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert round(fig.alpha, 3) == round(expected, 3), (fig.tag, fig.alpha, expected)
        if correlated and level == "char":
            assert fig.alpha > 0.5  # the fixture is not all noise: the figures are compared where they mean something
    assert figures[-1].kappa is None  # three coders: κ is for two


def test_agreement_of_identical_coders_is_one_and_single_coder_articles_do_not_count():
    paras = ["甲乙丙丁戊己庚辛"]
    codings = [coding(1, "t", "a", paras, 0, 2, 5, "甲"), coding(2, "t", "a", paras, 0, 2, 5, "乙"), coding(3, "t", "b", paras, 0, 0, 3, "甲")]
    _, (fig, _) = agreement(codings, {"a": paras, "b": paras})
    assert (fig.units, fig.percent, fig.kappa, fig.alpha, fig.disagreements) == (8, 1.0, 1.0, 1.0, [])
