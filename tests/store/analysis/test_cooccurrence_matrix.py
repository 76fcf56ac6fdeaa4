"""The co-occurrence matrix and the passages behind a cell, over the synthetic corpus (known answers).

Units by paragraph: r1 ¶0 and r2 ¶0 hold 青山区分局 and 新沟桥街派出所, r3 ¶1 those two and
庙山派出所, f1 ¶0 and f2 ¶0 青山公安 (青山区分局's key) alone: 青山区分局 is in 5 paragraphs,
新沟桥街派出所 in 3, 庙山派出所 in 1.
"""

from __future__ import annotations

import pytest

from store.analysis.cooccurrence import contexts
from store.analysis.cooccurrence_matrix import Place, fit, matrix, places
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding
from store.text.charclass import width
from tests.store.analysis import synthetic
from tests.tui.factory import MIAOSHAN, QINGSHAN, XINGOUQIAO


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex.build(Corpus.from_docs(synthetic.docs()))


def test_units_matrix_counts_shared_paragraphs_with_the_totals_on_the_diagonal(index):
    m = matrix(contexts(index, "units", "paragraph"), symmetric=True)
    assert m.rows == m.columns == [QINGSHAN, XINGOUQIAO, MIAOSHAN]
    assert m.counts == [[5, 3, 1], [3, 3, 1], [1, 1, 1]]
    assert m.row_totals == [5, 3, 1] and m.peak == 3
    assert m.csv_rows()[0] == ["", QINGSHAN, XINGOUQIAO, MIAOSHAN]
    assert m.csv_rows()[2] == [XINGOUQIAO, 3, 3, 1]


def test_top_keeps_the_busiest_labels(index):
    m = matrix(contexts(index, "units", "article"), symmetric=True, top=2)
    assert m.rows == [QINGSHAN, XINGOUQIAO] and m.counts == [[5, 3], [3, 3]]
    with pytest.raises(ValueError, match="top"):
        matrix([], symmetric=True, top=0)


def test_a_cell_lists_the_paragraphs_where_its_pair_meets(index):
    found = contexts(index, "units", "paragraph")
    assert places(index, found, XINGOUQIAO, MIAOSHAN, True) == [Place("r3", 1)]
    met = places(index, found, QINGSHAN, XINGOUQIAO, True)
    assert sorted(met, key=lambda p: p.article) == [Place("r1", 0), Place("r2", 0), Place("r3", 1)]
    by_article = places(index, contexts(index, "units", "article"), MIAOSHAN, QINGSHAN, True)
    assert by_article == [Place("r3", 1)]  # the whole article: its first paragraph naming either


def test_tags_by_units_is_not_symmetric(index):
    codings = [
        Coding("c1", "诈骗", "r1", 0, 0, 10, "", "", "", 0), Coding("c2", "宣传", "r3", 1, 0, 5, "", "", "", 0),
        Coding("c3", "诈骗", "r2", 3, 0, 4, "", "", "", 0),
    ]
    found = contexts(index, "tags-units", "paragraph", codings)
    m = matrix(found, symmetric=False)
    assert m.rows == ["诈骗", "宣传"] and m.columns == [QINGSHAN, XINGOUQIAO, MIAOSHAN]
    assert m.counts == [[1, 1, 0], [1, 1, 1]]  # r2 ¶3 has 诈骗 and no unit
    assert places(index, found, "宣传", MIAOSHAN, False, codings) == [Place("r3", 1)]


def test_fit_cuts_by_display_width():
    assert fit("武汉市公安局", 7) == "武汉市…" and width(fit("武汉市公安局", 7)) == 7
    assert fit("ab", 4) == "ab" and fit("abcdef", 4) == "abc…"
    assert fit("武汉市公安局青山区分局", 10, tail=True) == "…山区分局" and width(fit("武汉市公安局青山区分局", 11, tail=True)) == 11

