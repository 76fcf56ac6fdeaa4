"""The derived store's layout: a small index, side files read on demand, swapped whole."""

from __future__ import annotations

import hashlib

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.corpus.corpus import Corpus
from store.db import derived
from store.db.derived import load as _load
from store.db.schema import Document, Paragraph
from store.db.tinydb_storage import CorruptStoreError
from store.db.userstore import UserStore
from store.ingest.build import build_reason
from store.ingest.importer import import_paths
from store.workspace import ensure_built
from tests.tui.factory import chegu, jiangxia, qingshan

pytestmark = pytest.mark.usefixtures("backend")  # every test on both indexes (tests/store/db/conftest.py)


def docs() -> list[Document]:
    return [qingshan(), jiangxia(), chegu()]


def plain(id: str, texts: list[str]) -> Document:
    return Document(id=id, title=id, path=id, paragraphs=tuple(Paragraph(i, t) for i, t in enumerate(texts)))


def test_articles_read_back_as_written():
    written = docs()
    store = derived.from_docs(written)
    for i, doc in enumerate(written):
        parsed = store.parsed(i)
        assert parsed.paragraphs == doc.paragraphs
        assert parsed.entities == doc.entities  # text cut from the paragraph again
        row = store.rows[i]
        assert row.paragraphs == len(doc.paragraphs) and row.chars == sum(len(p.text) for p in doc.paragraphs)
        assert row.events == doc.events
        assert (row.id, row.title, row.original_title, row.reference) == (doc.id, doc.title, doc.original_title, doc.reference)


def test_unit_index_counts_mentions_and_paragraphs():
    doc = qingshan()
    row = derived.from_docs([doc]).rows[0]
    for key, seen in row.units.items():
        mine = [e for e in doc.entities if e.type == "unit" and e.key == key]
        assert seen.count == len(mine)
        assert list(seen.paragraphs) == sorted({e.paragraph for e in mine})


def test_unit_records_keep_ancestors_and_surface_forms():
    store = derived.from_docs(docs())
    for rec in store.units.values():  # the hierarchy is whole: every parent has a record
        assert not rec.get("parent") or rec["parent"] in store.units
    for doc in docs():
        for e in doc.entities:
            if e.type == "unit":  # what the text calls a unit is its key, name or an alias
                assert e.text in (e.key, store.units[e.key]["name"], *store.units[e.key]["aliases"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.text("青山派出所民警ab“”\u3000", min_size=0, max_size=12), min_size=1, max_size=4), min_size=1, max_size=4),
    st.text("青山派出所民警ab“", min_size=1, max_size=3),
)
def test_find_agrees_with_a_scan_of_each_paragraph(articles, needle):
    store = derived.from_docs([plain(f"a{i}", paras) for i, paras in enumerate(articles)])
    expected = []
    for row, paras in enumerate(articles):
        for p, text in enumerate(paras):
            start = text.find(needle)
            while start != -1:
                expected.append((row, p, start))
                start = text.find(needle, start + 1)
    assert store.find(needle, limit=10_000) == expected
    assert store.find(needle, limit=2) == expected[:2]


def test_find_never_spans_paragraphs():
    store = derived.from_docs([plain("a", ["青山", "公安"])])
    assert store.find("山公", 10) == [] and store.find("山\n公", 10) == []


def test_a_store_loads_only_its_index_until_an_article_is_opened(built_home):
    store = _load(built_home.root)
    assert len(store.rows) == 5 and not store._cache
    store.parsed(0)
    assert list(store._cache) == [0]
    assert built_home.derived.stat().st_size < sum(p.stat().st_size for p in built_home.root.glob("derived-*"))
    store.close()


def test_missing_or_cut_side_file_is_damage_and_is_rebuilt(home):
    ensure_built(home)
    token = _load(home.root).meta["files"]
    body = home.root / f"derived-{token}.body"
    body.write_bytes(body.read_bytes()[:-10])
    with pytest.raises(CorruptStoreError, match="size"):
        _load(home.root)
    assert "damaged" in build_reason(home)
    assert ensure_built(home).articles == 5
    (home.root / f"derived-{_load(home.root).meta['files']}.text").unlink()
    assert "damaged" in build_reason(home)
    ensure_built(home)
    assert len(Corpus.open(home).articles()) == 5


def test_store_of_an_older_layout_is_rebuilt(home):
    ensure_built(home)
    data = orjson.loads(home.derived.read_bytes())
    data["meta"]["1"] = {"schema": 1, "versions": "1.2.1"}  # the one-file layout
    home.derived.write_bytes(orjson.dumps(data))
    assert "changed" in build_reason(home)
    assert ensure_built(home).analysed == 5


def test_a_build_sweeps_side_files_of_other_builds(home, backend):
    ensure_built(home)
    (home.root / "derived-deadbeef0000.text").write_bytes(b"a killed build's")
    (home.root / "derived-deadbeef0000.sqlite").write_bytes(b"a killed build's")
    ensure_built(home, force=True)
    token = _load(home.root).meta["files"]
    kinds = ["body", "fts", "sqlite", "text"] if backend == "sqlite" else ["body", "fts", "text"]
    assert sorted(p.name for p in home.root.glob("derived-*")) == [f"derived-{token}.{kind}" for kind in kinds]


def test_incremental_build_carries_articles_over_unchanged(home, tmp_path):
    ensure_built(home)
    before = Corpus.open(home)
    old = {a.id: (before.article(a.id), before.entities(a.id), before.events(a.id)) for a in before.articles()}
    new = tmp_path / "new.txt"
    new.write_text("新文章\n\n民警程波在青山区巡逻。\n", encoding="utf-8")
    import_paths(home, [new])
    report = ensure_built(home)
    assert report.analysed == 1 and report.articles == 6
    after = Corpus.open(home)
    for aid, (article, entities, events) in old.items():
        assert (after.article(aid), after.entities(aid), after.events(aid)) == (article, entities, events)
    kept = {u.key: (u.name, u.parent, u.level, u.aliases) for u in before.units()}
    assert {u.key: (u.name, u.parent, u.level, u.aliases) for u in after.units() if u.key in kept} == kept


def test_same_text_twice_keeps_the_earliest_import(home, tmp_path):
    text = "同一篇\n\n民警程波在青山区巡逻，发现走失老人。\n"
    first, second = tmp_path / "b-first.txt", tmp_path / "a-second.txt"  # alphabetical order is the other way
    first.write_text(text, encoding="utf-8")
    import_paths(home, [first])
    # A second copy in other bytes that slipped past the import check (an older Beat).
    user = UserStore(home.user)
    record = user.imports()[0]
    raw = text.encode("gb18030")
    stored = f"{hashlib.sha256(raw).hexdigest()[:16]}.txt"
    (home.sources / stored).write_bytes(raw)
    from dataclasses import replace

    user.add_import(replace(record, digest=hashlib.sha256(raw).hexdigest(), stored=stored,
                            original=str(second), name=second.name, imported_at=record.imported_at + 10))
    user.close()
    ensure_built(home)
    paths = [a.path for a in Corpus.open(home).articles()]
    assert str(first) in paths and str(second) not in paths


def test_side_files_are_private_like_the_index(home):
    ensure_built(home)
    for path in home.root.glob("derived*"):
        assert path.stat().st_mode & 0o077 == 0, path.name
