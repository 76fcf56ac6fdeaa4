"""Both indexes of the derived store hold and answer the same (issue 18).

Generated documents are written through each backend (``from_docs`` and a real
``write``/``load`` on disk) and read back: the same rows, bodies and unit records, and
the same answers to every query of ``store.db.derived_api`` — the SQLite store's SQL
against the TinyDB store's scans. Converting a store there and back changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.db import derived
from store.db.derived_sqlite import Paged
from store.db.schema import Document, Entity, Event, Paragraph

UNIT_KEYS = ["甲市公安局", "甲市公安局乙区分局", "甲市公安局乙区分局丙派出所", "丁县公安局"]
UNITS = {k: {"key": k, "name": k[-5:], "aliases": [], "parent": p, "level": "unit"}
         for k, p in zip(UNIT_KEYS, [None, UNIT_KEYS[0], UNIT_KEYS[1], None], strict=True)}  # fmt: skip
TEXT = st.text("民警派出所巡逻走访乙区丁县ab“”\u3000", min_size=1, max_size=30)
DATE = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    out = []
    for i in range(draw(st.integers(1, 6))):
        texts = draw(st.lists(TEXT, min_size=1, max_size=4))
        entities, events = [], []
        for p, text in enumerate(texts):
            for key in draw(st.lists(st.sampled_from(UNIT_KEYS), max_size=3)):
                start = draw(st.integers(0, len(text) - 1))
                entities.append(Entity("unit", text[start:], p, start, len(text), key))
            for _ in range(draw(st.integers(0, 2))):
                when = draw(DATE)
                events.append(Event(text[:2], when, when, "day", "explicit" if when else "unknown", text[:3], p, 0, min(2, len(text))))  # fmt: skip
        keys = {e.key for e in entities}
        out.append(
            Document(
                id=f"a{i:02d}", title=draw(TEXT), path=f"p/{i}.txt", name=f"{i}.txt", stored=f"p/{i}.txt", digest="d",
                paragraphs=tuple(Paragraph(p, t, draw(st.sampled_from(["body", "heading"]))) for p, t in enumerate(texts)),
                source=draw(st.one_of(st.none(), TEXT)), published=draw(DATE), metadata={"版面": "A1"} if i % 2 else {},
                removed={"furniture": i}, reference=(draw(DATE), "published"), entities=tuple(entities),
                events=tuple(events), units=tuple(UNITS[k] for k in sorted(keys)),
            )  # fmt: skip
        )
    return out


def answers(store: derived.Derived) -> dict[str, object]:
    """Everything the reader asks a store, in one comparable value."""
    n = len(store.rows)
    return {
        "rows": list(store.rows),
        "indexed": [store.rows[i] for i in range(n)],
        "sliced": list(store.rows[1:3]),
        "bodies": [store.parsed(i) for i in range(n)],
        "texts": [store.paragraph_texts(i) for i in range(n)],
        "units": store.units,
        "ids": list(store.ids()),
        "briefs": list(store.briefs()),
        "index_of": [store.index_of(i) for i in [*store.ids(), "nope"]],
        "mentioning": [store.rows_mentioning(keys) for keys in ([k] for k in UNIT_KEYS)] + [store.rows_mentioning(UNIT_KEYS)],
        "totals": store.unit_totals(),
        "events": [store.unit_events([k]) for k in UNIT_KEYS] + [store.unit_events(UNIT_KEYS)],
        "titled": [store.titled(n) for n in ("民警", "警", "a", "\u3000")],
        "find": store.find("民警", 50),
        "containing": store.rows_containing("派出所"),
    }


@settings(max_examples=60, deadline=None)
@given(documents())
def test_both_backends_read_back_what_was_written_and_answer_alike(docs):
    tiny, lite = derived.from_docs(docs, "tinydb"), derived.from_docs(docs, "sqlite")
    assert (tiny.backend(), lite.backend()) == ("tinydb", "sqlite")
    expected = answers(tiny)
    for doc, row, body in zip(docs, expected["rows"], expected["bodies"], strict=True):
        assert (row.id, row.title, row.published, row.events, row.reference) == (doc.id, doc.title, doc.published, doc.events, doc.reference)
        assert (body.paragraphs, body.entities) == (doc.paragraphs, doc.entities)
    assert answers(lite) == expected
    lite.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_a_written_store_loads_the_same_on_both_and_converts_both_ways(tmp_path_factory, docs):
    root: Path = tmp_path_factory.mktemp("both")
    derived.write(root, {"store": "tinydb"}, iter(docs), lambda row: row.path)
    tiny = derived.load(root)
    expected = answers(tiny)
    tiny.close()
    for backend in ("sqlite", "tinydb", "sqlite"):
        assert derived.convert(root, backend) == len(expected["rows"])
        store = derived.load(root)
        assert store.backend() == backend and store.meta["store"] == backend
        assert answers(store) == expected
        store.close()


def test_paged_rows_index_slice_and_walk_like_a_list():
    items = list(range(1000))
    paged = Paged(len(items), lambda a, b: items[a:b], page=16)
    assert list(paged) == items and len(paged) == 1000
    assert [paged[i] for i in (0, 15, 16, 999, -1)] == [0, 15, 16, 999, 999]
    assert paged[10:40] == items[10:40] and paged[::250] == items[::250] and paged[5:5] == []
    with pytest.raises(IndexError):
        paged[1000]
