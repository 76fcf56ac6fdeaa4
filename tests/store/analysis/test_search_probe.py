"""A search's first screen of a common word comes from the head of the list, before the corpus is narrowed (issue 18).

Narrowing first made every article holding the word a candidate before the first hit
(民警 at 100,000 rows: 1.4 s). ``Search.passages`` matches the first :data:`PROBED`
articles directly, then narrows the rest: the hits must be those of narrowing alone.
"""

from __future__ import annotations

import pytest

from store.analysis import search as search_module
from store.analysis.finding import find
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.db import derived
from tests.tui.factory import synthetic_docs


@pytest.fixture(scope="module", params=["tinydb", "sqlite"])
def index(request) -> CorpusIndex:
    return CorpusIndex.build(Corpus(derived.from_docs(synthetic_docs(90), request.param)))


def test_a_common_words_first_hits_need_no_narrowing(index, monkeypatch):
    first = find(index, "民警", limit=10).hits
    assert len(first) == 10

    def refuse(text: str) -> list[str]:
        raise AssertionError("the corpus was narrowed before the first screen")

    monkeypatch.setattr(index.corpus, "containing", refuse)
    assert find(index, "民警", limit=10).hits == first


@pytest.mark.parametrize("few", [0, 2000])
@pytest.mark.parametrize("probed", [1, 5, 64, 500])
@pytest.mark.parametrize("query", ["民警", "第7次", "第8", "没有的词", "民警 AND 走访", "/第\\d9次/", "NOT 民警", "走访 OR 第3次"])
def test_the_hits_are_those_of_narrowing_alone(index, monkeypatch, probed, few, query):
    monkeypatch.setattr(search_module, "PROBED", 0)
    monkeypatch.setattr(search_module, "FEW", -1)
    expected = find(index, query).hits
    monkeypatch.setattr(search_module, "PROBED", probed)
    monkeypatch.setattr(search_module, "FEW", few)
    assert find(index, query).hits == expected
    assert find(index, query, limit=3).hits == expected[: len(find(index, query, limit=3).hits)]


def test_a_rare_word_places_its_few_candidates_without_walking_every_id(monkeypatch):
    docs = synthetic_docs(90)
    expected = find(CorpusIndex.build(Corpus(derived.from_docs(docs, "sqlite"))), "第77次").hits
    assert [h.article for h in expected] == [docs[77].id]
    store = derived.from_docs(docs, "sqlite")

    def refuse() -> list[str]:
        raise AssertionError("every id was walked")

    monkeypatch.setattr(store, "ids", refuse)
    assert find(CorpusIndex.build(Corpus(store)), "第77次").hits == expected
