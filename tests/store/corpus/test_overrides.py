"""The user's unit merges and aliases, applied when the corpus is read.

Moved from the gazetteer's tests (issue 12): the gazetteer's own override mechanism was
never fed; merges and aliases live in the user store and ``Corpus`` applies them, so
they survive rebuilds. Same questions: merged units leave the list and their names
become aliases of the target, a user alias names its unit, keys in the text change,
the data is untouched, and a cycle of merges terminates.
"""

from __future__ import annotations

import pytest

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.db.userstore import UserStore
from tests.tui.factory import QINGSHAN, WANGAN, qingshan, sample_docs

pytestmark = pytest.mark.usefixtures("backend")  # each test on both indexes of the derived store


def test_user_merges_and_aliases(tmp_path):
    user = UserStore(tmp_path / "user.json")
    user.merge_unit(WANGAN, QINGSHAN)
    user.add_unit_alias("钢都公安", QINGSHAN)
    corpus = Corpus.from_docs(sample_docs(), user)
    units = {u.key: u for u in corpus.units()}
    assert WANGAN not in units
    assert {"网安大队", "钢都公安"} <= set(units[QINGSHAN].aliases)
    assert CorpusIndex.build(corpus).lookup_unit("钢都公安") == QINGSHAN
    assert corpus.canonical_unit(WANGAN) == QINGSHAN
    assert ("网安大队", QINGSHAN) in {(e.text, e.key) for e in corpus.entities(qingshan().id) if e.type == "unit"}
    assert WANGAN in {u.key for u in Corpus.from_docs(sample_docs()).units()}  # the data is untouched


def test_merge_cycles_terminate(tmp_path):
    user = UserStore(tmp_path / "user.json")
    user.table("unit_merges").insert_multiple([{"key": "a", "into": "b"}, {"key": "b", "into": "a"}])  # as a damaged file might hold
    corpus = Corpus.from_docs(sample_docs(), user)
    assert corpus.canonical_unit("a") in ("a", "b")
