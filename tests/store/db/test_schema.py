"""The typed schema: every record survives its encoding on disk unchanged.

Rows go through JSON (TinyDB's file) and bodies through orjson plus the paragraph
texts the text file holds, exactly as the derived store reads them back.
"""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.db import derived
from store.db.schema import (
    Body,
    Document,
    Entity,
    Event,
    IndexRow,
    Mentions,
    Paragraph,
    SchemaError,
    decode_body,
    decode_row,
    encode_body,
    encode_row,
)

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=12)
maybe = st.none() | text
small = st.integers(0, 10**9)
span = st.tuples(small, small)
kinds = st.sampled_from(["body", "heading", "caption"])
entity_types = st.sampled_from(["unit", "person", "place", "org", "time", "figure", "anon"])

events = st.builds(
    Event,
    text=text,
    date_start=maybe,
    date_end=maybe,
    precision=st.sampled_from(["day", "month", "season", "quarter", "year", "range", "open"]),
    year=st.sampled_from(["explicit", "inferred", "unknown"]),
    label=text,
    paragraph=st.integers(0, 500),
    start=st.integers(0, 5000),
    end=st.integers(0, 5000),
)

rows = st.builds(
    IndexRow,
    id=text,
    title=text,
    path=text,
    paragraphs=st.integers(0, 10_000),
    chars=small,
    text_hash=text,
    text=span,
    body=span,
    name=text,
    stored=text,
    digest=text,
    original_title=maybe,
    source=maybe,
    published=maybe,
    encoding=text,
    removed=st.dictionaries(text, st.integers(0, 1000), max_size=3),
    metadata=st.dictionaries(text, text, max_size=3),
    reference=st.tuples(maybe, st.sampled_from(["published", "text", "user", "unknown"])),
    events=st.lists(events, max_size=4).map(tuple),
    units=st.dictionaries(
        text,
        st.builds(Mentions, st.integers(1, 50), st.lists(st.integers(0, 500), unique=True).map(lambda ps: tuple(sorted(ps)))),
        max_size=4,
    ),
)


@st.composite
def bodies(draw: st.DrawFn) -> Body:
    """Paragraphs numbered by position; entities cut from them (the schema's offset rule)."""
    paragraphs = tuple(
        Paragraph(i, t, kind, original)
        for i, (t, kind, original) in enumerate(draw(st.lists(st.tuples(text, kinds, st.none() | text.filter(bool)), max_size=5)))
    )
    entities = []
    for p in paragraphs:
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, len(p.text)))
            end = draw(st.integers(start, len(p.text)))
            cut = p.text[start:end]
            key = draw(st.just(cut) | text)  # a unit's key is often not its text
            role = draw(st.sampled_from(("", "民警", "记者")))  # a person's title or byline role
            entities.append(Entity(draw(entity_types), cut, p.index, start, end, key, role))
    return Body(paragraphs, tuple(entities))


@settings(max_examples=300, deadline=None)
@given(rows)
def test_an_index_row_survives_the_json_file(row: IndexRow) -> None:
    assert decode_row(orjson.loads(orjson.dumps(encode_row(row)))) == row


@settings(max_examples=300, deadline=None)
@given(bodies())
def test_a_body_survives_its_blob_and_the_text_file(body: Body) -> None:
    assert decode_body(encode_body(body), [p.text for p in body.paragraphs]) == body


@settings(max_examples=100, deadline=None)
@given(bodies(), st.lists(events, max_size=3), st.dictionaries(text, text, max_size=2))
def test_a_document_reads_back_through_the_store(body: Body, evs: list[Event], metadata: dict[str, str]) -> None:
    doc = Document(
        id="a", title="t", path="p", paragraphs=body.paragraphs, entities=body.entities,
        events=tuple(evs), metadata=metadata, reference=("2025-01-02", "published"),
    )  # fmt: skip
    store = derived.from_docs([doc])
    row = decode_row(orjson.loads(orjson.dumps(encode_row(store.rows[0]))))
    assert store.parsed(0) == body
    assert (row.events, row.metadata, row.reference, row.paragraphs) == (doc.events, metadata, doc.reference, len(body.paragraphs))
    assert sum(m.count for m in row.units.values()) == sum(e.type == "unit" for e in body.entities)


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r.pop("events"),
        lambda r: r.update(events=[["only", "three", "fields"]]),
        lambda r: r.update(units={"k": 3}),
        lambda r: r.update(text=[1]),
        lambda r: r.update(reference=None),
    ],
)
def test_a_row_of_another_shape_is_a_schema_error(damage) -> None:  # noqa: ANN001
    store = derived.from_docs([Document(id="a", title="t", path="p", paragraphs=(Paragraph(0, "青山"),))])
    data = encode_row(store.rows[0])
    damage(data)
    with pytest.raises(SchemaError):
        decode_row(data)


@pytest.mark.parametrize("blob", [b"", b"[]", b'{"k": [], "o": []}', b'{"k": [], "o": [], "e": [["unit", 5, 0, 1, null]]}'])
def test_a_body_of_another_shape_is_a_schema_error(blob: bytes) -> None:
    with pytest.raises(SchemaError):
        decode_body(blob, ["青山"])
