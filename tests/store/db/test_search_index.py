"""The bigram index gives candidates; verified, they are exactly the scan's rows (store.db.search_index)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.db import derived, search_index
from store.db.schema import Document, Paragraph

# Simplified and traditional forms, Latin in both cases, digits, CJK and ASCII punctuation,
# a space, a character newer than SQLite's Unicode tables (U+31350, CJK extension H) and a combining mark.
ALPHABET = "诈骗詐騙民警察纠糾纷紛案aAbBzZ0129，。、“”,.()\"'* -𱍐\u0301"
texts = st.text(alphabet=ALPHABET, min_size=0, max_size=30)
corpora = st.lists(st.lists(texts, min_size=1, max_size=4), min_size=1, max_size=8)


def doc(i: int, paragraphs: list[str]) -> Document:
    return Document(id=f"a{i}", title=f"a{i}", path=f"a{i}", paragraphs=tuple(Paragraph(p, t) for p, t in enumerate(paragraphs)))


def write(root: Path, articles: list[list[str]]) -> derived.Derived:
    derived.write(root, {}, [doc(i, ps) for i, ps in enumerate(articles)], rank=lambda row: row.path)
    store = derived.load(root)
    assert store is not None
    return store


def scanned(store: derived.Derived, term: str) -> list[int]:
    fts, store.fts = store.fts, None
    try:
        return store.rows_containing(term)
    finally:
        store.fts = fts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles=corpora, extra=st.lists(texts.filter(bool), max_size=6), data=st.data())
def test_index_and_scan_find_the_same_rows(articles, extra, data):
    with tempfile.TemporaryDirectory() as tmp:
        store = write(Path(tmp), articles)
        assert store.fts is not None
        try:
            present = [t for ps in articles for t in ps if t]
            cut = [data.draw(st.sampled_from(present)) for _ in range(4)] if present else []
            terms = [t[data.draw(st.integers(0, len(t) - 1)) :][: data.draw(st.integers(1, 6))] for t in cut] + extra
            for term in terms:
                assert store.rows_containing(term) == scanned(store, term), term
        finally:
            store.close()


def test_a_two_character_term_is_answered_by_the_index(tmp_path):
    store = write(tmp_path, [["民警到场"], ["无关"], ["民警", "又是民警"]])
    assert store.fts is not None
    found = store.fts.candidates("民警")
    assert found is not None
    assert [store.rows[r].id for r in store.rows_with_hashes(found)] == ["a2", "a0"]  # list order: a2 first
    assert store.fts.candidates("民") is None  # one character: the scan answers
    assert store.fts.candidates("a b") is None  # no two indexable characters in a row


def test_the_index_is_a_file_of_the_build_swept_with_it(tmp_path):
    write(tmp_path, [["民警到场"]])
    first = sorted(p.name for p in tmp_path.glob("derived-*"))
    assert [n.rsplit(".", 1)[1] for n in first] == ["body", "fts", "text"]
    write(tmp_path, [["又一次"]])
    second = sorted(p.name for p in tmp_path.glob("derived-*"))
    assert len(second) == 3 and not set(first) & set(second)


def test_a_damaged_or_missing_index_falls_back_to_the_scan_silently(tmp_path):
    store = write(tmp_path, [["民警到场"], ["无关"]])
    assert store.fts is not None
    path = store.fts.path
    store.close()
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    store = write_free_load(tmp_path)
    assert store.fts is not None and [store.rows[r].id for r in store.rows_containing("民警")] == ["a0"]
    assert store.fts.candidates("民警") is None  # the checksum caught it: scanned
    store.close()
    path.unlink()
    store = write_free_load(tmp_path)
    assert store.fts is None and [store.rows[r].id for r in store.rows_containing("民警")] == ["a0"]
    store.close()
    write(tmp_path, [["民警到场"]])  # the next build writes a new one
    store = write_free_load(tmp_path)
    assert store.fts is not None and store.fts.candidates("民警") == [store.rows[0].text_hash]
    store.close()


def write_free_load(root: Path) -> derived.Derived:
    store = derived.load(root)
    assert store is not None
    return store


def test_bigrams_skip_white_space_and_controls():
    assert search_index.bigrams("民警 到场\u200b了\x00来") == ["民警", "到场"]
    assert search_index.bigrams("a,a,") == ["a,", ",a"]


def test_a_term_in_most_articles_is_left_to_the_scan_a_rare_one_to_the_index(tmp_path):
    articles = [[f"第{i}次民警巡逻", "酒驾" if i % 97 == 0 else "其他"] for i in range(search_index.PROBE * 5)]  # texts differ: kept
    store = write(tmp_path, articles)
    assert store.fts is not None
    assert store.fts.candidates("民警") is None  # in every article: one find per article beats the index
    rare = store.fts.candidates("酒驾")
    assert rare is not None and len(store.rows_with_hashes(rare)) == 4
    for term in ("民警", "酒驾", "巡逻", "次民警", "9次"):
        assert store.rows_containing(term) == scanned(store, term)
    store.close()
