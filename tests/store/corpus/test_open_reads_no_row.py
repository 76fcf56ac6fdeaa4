"""Opening a corpus on the SQLite store reads no per-article list (issue 18: a million rows).

Showing the list, applying a unit filter and opening an article go through the store's
id index and pages of rows; the full id list (~1 s at 1,000,000 rows) is read only when a
search or a timeline first needs it (``Corpus.warm`` reads it ahead in the reader).
"""

from __future__ import annotations

import pytest

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex, UnitFilter
from store.db import derived
from tests.tui.factory import QINGSHAN, synthetic_docs


def _no_ids(store: derived.Derived) -> None:
    def refuse() -> list[str]:
        raise AssertionError("the whole id list was read")

    store.ids = refuse  # type: ignore[method-assign]


def test_open_list_filter_and_article_never_read_every_id():
    store = derived.from_docs(synthetic_docs(30), "sqlite")
    _no_ids(store)
    corpus = Corpus(store)
    index = CorpusIndex.build(corpus)
    assert len(corpus) == len(index.by_id) == 30
    first = index.articles[0]
    assert first.id in index.by_id and index.by_id[first.id] == first
    listed = index.filtered(UnitFilter(frozenset({QINGSHAN})))
    assert [a.id for a in listed[:5]]
    assert corpus.article(first.id).paragraphs and corpus.events(first.id) is not None


def test_the_id_list_is_read_once_when_first_needed():
    store = derived.from_docs(synthetic_docs(12), "sqlite")
    expected, calls, real = list(store.ids()), [], store.ids
    store._memo.clear()
    store.ids = lambda: calls.append(1) or real()  # type: ignore[method-assign]
    corpus = Corpus(store)
    index = CorpusIndex.build(corpus)
    assert calls == []
    corpus.warm()
    assert list(index.by_id) == list(corpus.ids()) == expected
    assert calls == [1]


@pytest.mark.parametrize("backend", ["tinydb", "sqlite"])
def test_titles_equal_the_list_lines(backend):
    corpus = Corpus(derived.from_docs(synthetic_docs(40), backend))
    index = CorpusIndex.build(corpus)
    wanted = [a.id for a in index.articles][::3] + ["no-such-id"]
    expected = {aid: index.by_id[aid].title for aid in wanted if aid in index.by_id}
    assert index.titles(wanted) == expected == corpus.titles(wanted)
    assert corpus.titles([]) == {}
