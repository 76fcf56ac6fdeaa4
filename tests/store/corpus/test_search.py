"""The reader's search in the query layer: titles first, the unit filter, the count before it."""

from __future__ import annotations

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex, UnitFilter
from store.corpus.search import TITLE_HIT, search
from tests.tui.factory import MIAOSHAN, chegu, jiangxia, qingshan, sample_docs


def index() -> CorpusIndex:
    return CorpusIndex.build(Corpus.from_docs(sample_docs()))


def test_titles_come_first_and_traditional_folds():
    found = search(index(), "糾紛", 100)
    assert found.query == "纠纷" and found.in_corpus == 3
    found = search(index(), "平安", 100)
    assert found.hits == [(qingshan().id, 0, TITLE_HIT), (chegu().id, 0, TITLE_HIT)]


def test_the_filter_keeps_its_articles_and_the_count_before_it():
    found = search(index(), "纠纷", 100, UnitFilter(frozenset({MIAOSHAN})))
    assert [h[0] for h in found.hits] == [jiangxia().id] and found.in_corpus == 3


def test_blank_finds_nothing():
    assert search(index(), "  ", 100).hits == []
