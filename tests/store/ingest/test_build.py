"""The derived store: built on first launch, rebuilt only when it must be, ids stable."""

from __future__ import annotations

import orjson

from store.corpus.corpus import Corpus
from store.ingest.build import build_reason
from store.ingest.importer import import_paths
from store.workspace import ensure_built
from tests.store.ingest.conftest import copy_home, with_marked_article


def test_first_build_then_up_to_date(home):
    assert build_reason(home).startswith("first launch")
    calls = []
    report = ensure_built(home, lambda d, t, n: calls.append((d, t)))
    assert report.built and report.articles == 5 and not report.errors
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    assert build_reason(home) is None
    assert not ensure_built(home).built
    ids = [a.id for a in Corpus.open(home).articles()]
    ensure_built(home, force=True)
    assert [a.id for a in Corpus.open(home).articles()] == ids  # stable across rebuilds


def test_schema_or_corpus_change_triggers_rebuild(home, tmp_path):
    ensure_built(home)
    data = orjson.loads(home.derived.read_bytes())
    data["meta"]["1"]["versions"] = "0.0.0"
    home.derived.write_bytes(orjson.dumps(data))
    assert "changed" in build_reason(home)
    ensure_built(home)
    new = tmp_path / "new.txt"
    new.write_text("标题\n\n民警程波在青山区巡逻。", encoding="utf-8")
    assert import_paths(home, [new]).added == [str(new)]
    assert "corpus changed" in build_reason(home)
    report = ensure_built(home)
    assert report.articles == 6 and report.analysed == 1  # the five seeds were carried over


def test_damaged_derived_store_is_rebuilt(home):
    ensure_built(home)
    home.derived.write_bytes(b'{"articles": {"1": ')
    assert "damaged" in build_reason(home)
    assert ensure_built(home).articles == 5


def test_derived_records(built_home):
    corpus = Corpus.open(built_home)
    by_title = {a.title: a for a in corpus.articles()}
    a = by_title["车谷公安用开拓进取写就“平安答卷”"]
    assert a.published == "2025-02-19" and a.encoding == "utf-8" and a.path.startswith("seeds/")
    art = corpus.article(a.id[:6])
    assert art.id == a.id and art.paragraphs[0].text.startswith("武汉经开区因车而建")
    assert art.removed["trailer_lines"] > 50


def test_an_incremental_build_walks_a_sqlite_store_s_rows_in_order(synthetic_built, tmp_path, monkeypatch):
    """Each old row decoded about twice (is it reusable, then carried over), not a page of 16 per row.

    SQLite rows are decoded a page at a time and 256 kept; asked for in the corpus's
    order, a store past that decoded 16 rows per row, twice: 100 articles added to
    10,000 took 308 s, 228 of them there (``tests.bench.bench_build``). One page kept
    here makes the 22 rows outgrow the cache as 10,000 outgrow 256."""
    from store.db import derived, derived_sqlite

    home = copy_home(synthetic_built, tmp_path / "home")
    assert derived.convert(home.root, "sqlite") == 17
    with_marked_article(home, tmp_path)
    monkeypatch.setattr(derived_sqlite, "ROWS_CACHED", 16)
    decoded = []
    real = derived_sqlite.SqliteDerived.decode

    def counted(self, start, stop):
        rows = real(self, start, stop)
        decoded.extend(rows)
        return rows

    monkeypatch.setattr(derived_sqlite.SqliteDerived, "decode", counted)
    report = ensure_built(home)
    assert report.analysed == 1 and report.articles == 18
    assert len(decoded) <= 2 * 17 + 18, len(decoded)  # the old rows twice, the new store's once at most
