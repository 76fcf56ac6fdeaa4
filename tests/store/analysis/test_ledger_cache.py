"""The ledger cached beside the derived store: the same rows, read back, made again when the build or the overrides change."""

from __future__ import annotations

import orjson

from store.analysis import ledger_cache
from store.analysis.ledger import ledger
from store.analysis.ledger_cache import cache_path, cached_ledger
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.db import derived
from store.db.userstore import UserStore
from tests.store.analysis import synthetic


def _index(home, user=None) -> CorpusIndex:
    return CorpusIndex.build(Corpus.open(home, user))


def _no_reading(monkeypatch):
    def refuse(index, aid):
        raise AssertionError("the rows were made again, not read from the cache")

    monkeypatch.setattr(ledger_cache, "article_rows", refuse)


def test_rows_are_written_once_then_read(tmp_path, monkeypatch):
    home = synthetic.write_home(tmp_path / "h")
    index = _index(home)
    made = cached_ledger(index, home.root)
    assert made == ledger(index) and len(made) == 5
    path = cache_path(index, home.root)
    assert path is not None and path.exists() and path.name.startswith("derived-")
    _no_reading(monkeypatch)
    assert cached_ledger(_index(home), home.root) == made
    only_f2 = cached_ledger(_index(home), home.root, ["f2"])  # the contradiction needs f1: not flagged alone
    assert len(only_f2) == 2 and not any(r.conflicts for r in only_f2)


def test_a_rebuild_or_an_override_makes_the_rows_again(tmp_path, monkeypatch):
    home = synthetic.write_home(tmp_path / "h")
    first = cache_path(_index(home), home.root)
    cached_ledger(_index(home), home.root)
    derived.write(home.root, {}, synthetic.docs(), rank=lambda row: 0)  # a rebuild: a new token, the old files swept
    index = _index(home)
    assert cache_path(index, home.root) != first and first is not None and not first.exists()
    calls = []
    real = ledger_cache.article_rows
    monkeypatch.setattr(ledger_cache, "article_rows", lambda ix, aid: calls.append(aid) or real(ix, aid))
    cached_ledger(index, home.root)
    assert len(calls) == 5
    user = UserStore(home.user)
    user.set_reference_date("f1", "2023-12-31")
    calls.clear()
    cached_ledger(_index(home, user), home.root)
    assert len(calls) == 5  # the overrides' digest changed


def test_a_damaged_cache_is_made_again(tmp_path):
    home = synthetic.write_home(tmp_path / "h")
    index = _index(home)
    made = cached_ledger(index, home.root)
    path = cache_path(index, home.root)
    assert path is not None
    path.write_bytes(b'{"version": 2, "overrides": "x", "rows": [')
    assert cached_ledger(_index(home), home.root) == made
    head = {"version": ledger_cache.VERSION, "fields": ledger_cache.FIELDS, "overrides": index.corpus.overrides_key()}
    path.write_bytes(orjson.dumps({**head, "rows": {"f1": [["too", "short"]]}}))
    assert cached_ledger(_index(home), home.root) == made


def test_a_store_in_memory_is_never_cached(tmp_path):
    index = CorpusIndex.build(Corpus.from_docs(synthetic.docs()))
    assert cache_path(index, tmp_path) is None
    assert len(cached_ledger(index, tmp_path)) == 5 and not list(tmp_path.iterdir())


def test_contradictions_match_comparing_every_pair():
    """The bisect over earlier totals flags exactly the pairs the all-pairs comparison did (random groups)."""
    import random
    from dataclasses import replace

    from store.analysis.ledger import LedgerRow, flag_contradictions

    def brute(rows: list[LedgerRow]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for early in rows:
            for late in rows:
                if late.date.split("..")[-1] > early.date.split("..")[-1] and late.value < early.value and not late.approximate:
                    out.setdefault(early.ref, set()).add(late.ref)
                    out.setdefault(late.ref, set()).add(early.ref)
        return out

    rng = random.Random(17)
    base = LedgerRow("a", 0, 0, 2, "9起", 9, False, "起", "cases", "案件", "u", "2024-01-01", True, "")
    for _ in range(50):
        rows = [replace(base, article=f"a{i}", value=rng.choice([5, 7, 9, 9, 12]), approximate=rng.random() < 0.2,
                        date=rng.choice(["2024-01-01", "2024-02-01", "2024-01-01..2024-03-01", "2024-03-01"]))
                for i in range(rng.randint(1, 12))]
        flagged = {r.ref: set(r.conflicts) for r in flag_contradictions(rows) if r.conflicts}
        assert flagged == brute(rows)
