"""The corpus answers the same on either index of the derived store, the user's overrides applied (issue 18).

Unit counts, the unit -> articles index, filtered lists and unit timelines are the
SQLite store's queries adjusted for merges, aliases, reference dates and entity
corrections (``store.corpus.corpus``): here each is compared with the TinyDB store's
answer over the same documents and the same user data.
"""

from __future__ import annotations

import pytest

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex, UnitFilter
from store.db import derived
from store.db.corrections import make_correction
from store.db.userstore import UserStore
from tests.tui.factory import BAJIFU, QINGSHAN, XINGOUQIAO, qingshan, sample_docs


def answers(corpus: Corpus) -> dict[str, object]:
    index = CorpusIndex.build(corpus)
    keys = sorted(index.units)
    return {
        "units": corpus.units(),
        "articles": list(corpus.articles()),
        "unit_articles": {k: index.unit_articles.get(k) for k in keys},
        "filtered": {(k, sub): [a.id for a in index.filtered(UnitFilter(frozenset({k}), sub))] for k in keys for sub in (True, False)},
        "timeline": {k: index.timeline(UnitFilter(frozenset({k}), True)) for k in keys},
        "counts": {k: index.unit_counts(k) for k in keys},
    }


OVERRIDES = {
    "none": lambda user: None,
    "merge": lambda user: user.merge_unit(BAJIFU, XINGOUQIAO),
    "alias": lambda user: user.add_unit_alias("青山老分局", QINGSHAN),
    "reference date": lambda user: user.set_reference_date(qingshan().id, "2020-01-01"),
    "unit rejected everywhere": lambda user: user.change_entity_corrections(
        [make_correction("reject", None, "新沟桥街派出所", "unit", 1.0)], []),
    "unit added in one article": lambda user: user.change_entity_corrections(
        [make_correction("add", qingshan().id, "民警", "unit", 1.0)], []),
}  # fmt: skip


@pytest.mark.parametrize("override", OVERRIDES)
def test_both_indexes_answer_alike_under_the_users_overrides(tmp_path, override):
    user = UserStore(tmp_path / "user.json")
    OVERRIDES[override](user)
    tiny = Corpus(derived.from_docs(sample_docs(), "tinydb"), user)
    lite = Corpus(derived.from_docs(sample_docs(), "sqlite"), user)
    assert answers(lite) == answers(tiny)
    user.close()


@pytest.mark.parametrize("override", OVERRIDES)
@pytest.mark.parametrize("backend", ["tinydb", "sqlite"])
def test_unit_counts_are_a_recount_of_the_corrected_entities(tmp_path, override, backend):
    """The store's totals adjusted for overrides equal counting every article's corrected entities."""
    user = UserStore(tmp_path / "user.json")
    OVERRIDES[override](user)
    corpus = Corpus(derived.from_docs(sample_docs(), backend), user)
    mentions: dict[str, int] = {}
    articles: dict[str, set[str]] = {}
    for summary in corpus.articles():
        for e in corpus.entities(summary.id):
            if e.type == "unit":
                mentions[e.key] = mentions.get(e.key, 0) + 1
                articles.setdefault(e.key, set()).add(summary.id)
    counted = {u.key: (u.mentions, u.articles) for u in corpus.units() if u.mentions}
    assert counted == {k: (n, len(articles[k])) for k, n in mentions.items()}
    index = CorpusIndex.build(corpus)
    assert {k: set(index.unit_articles.get(k, ())) for k in articles} == articles
    user.close()
