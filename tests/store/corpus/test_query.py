"""The TUI's precomputed index: unit hierarchy, filters, timeline rows."""

from __future__ import annotations

import pytest

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex, UnitFilter, article_rows, corpus_rows, timeline_events, when_label
from store.db.schema import Event
from tests.tui.factory import BAJIFU, CITY, JINGKAI, QINGSHAN, WANGAN, XINGOUQIAO, chegu, jiangxia, qingshan, sample_docs

pytestmark = pytest.mark.usefixtures("backend")  # each test on both indexes of the derived store


def index() -> CorpusIndex:
    return CorpusIndex.build(Corpus.from_docs(sample_docs()))


def test_unit_tree_is_depth_first_under_parents():
    tree = [(u.key, d) for u, d in index().unit_tree()]
    assert tree[0] == (CITY, 0)
    assert tree.index((QINGSHAN, 1)) < tree.index((XINGOUQIAO, 2)) < tree.index((JINGKAI, 1))
    assert {k for k, _ in tree} == set(index().units)


def test_expand_adds_descendants_only_with_subunits():
    ix = index()
    assert ix.expand(UnitFilter(frozenset({QINGSHAN}), True)) == {QINGSHAN, XINGOUQIAO, BAJIFU, WANGAN}
    assert ix.expand(UnitFilter(frozenset({QINGSHAN}), False)) == {QINGSHAN}


def test_filtered_keeps_corpus_order():
    ix = index()
    flt = UnitFilter(frozenset({XINGOUQIAO, "武汉市公安局江夏区分局庙山派出所"}), False)
    assert [a.id for a in ix.filtered(flt)] == [qingshan().id, jiangxia().id]
    assert ix.filtered(UnitFilter()) == ix.articles


def test_a_cycle_from_user_merges_does_not_hang_the_tree():
    docs = sample_docs()
    for d in docs:
        for u in d.units:
            if u["key"] == CITY:
                u["parent"] = XINGOUQIAO  # corrupt hierarchy: city under its own station
    ix = CorpusIndex.build(Corpus.from_docs(docs))
    tree = ix.unit_tree()
    assert len(tree) == len(ix.units)
    assert ix.expand(UnitFilter(frozenset({CITY}), True)) >= {XINGOUQIAO}


def test_when_label_by_precision():
    def ev(**kw):
        base = dict(text="x", date_start="2025-09-16", date_end="2025-09-16", precision="day", year="explicit", label="", paragraph=0, start=0, end=1)
        return Event(**{**base, **kw})

    assert when_label(ev()) == "2025-09-16"
    assert when_label(ev(precision="month", date_start="2025-09-01")) == "2025-09"
    assert when_label(ev(precision="year", date_start="2025-01-01")) == "2025"
    assert when_label(ev(precision="range", date_start="2025-10-01", date_end="2025-10-07")) == "2025-10-01..10-07"
    assert when_label(ev(precision="range", date_start="2025-08-21", date_end="2025-08-31"), short=True) == "08-21..08-31"
    assert when_label(ev(precision="range", date_start="2025-01-01", date_end="2025-05-31")) == "2025-01..05"
    assert when_label(ev(precision="range", date_start="2024-12-01", date_end="2025-01-31")) == "2024-12..2025-01"
    assert when_label(ev(precision="quarter", date_start="2025-07-01", date_end="2025-09-30")) == "2025-07..09"
    assert when_label(ev(precision="open", date_start="2024-04-21", date_end="2024-06-15")) == "2024-04-21 →"
    assert when_label(ev(precision="open", date_start="2024-04-21", date_end=None), short=True) == "04-21 →"
    assert when_label(ev(year="unknown", date_start=None, text="春节前后")) == "春节前后"
    assert when_label(ev(), short=True) == "09-16"


def test_article_rows_put_unknown_years_last():
    c = Corpus.from_docs([chegu()])
    rows = article_rows(chegu().id, c.events(chegu().id))
    assert [r.kind for r in rows] == ["event", "heading", "event"]


def test_corpus_rows_group_by_year_and_month():
    c = Corpus.from_docs(sample_docs())
    rows = corpus_rows(timeline_events(c, [a.id for a in c.articles()]), {a.id: a.title for a in c.articles()})
    headings = [r.label for r in rows if r.kind == "heading"]
    assert headings[:3] == ["2022", "2024", "2024-06"]
    assert headings[-1] == "Year unknown"


def test_corpus_rows_group_a_range_by_its_start():
    def ev(start: str, end: str, precision: str) -> Event:
        return Event(text="x", date_start=start, date_end=end, precision=precision, year="explicit", label=start,
                     paragraph=0, start=0, end=1)

    items = [("a", ev("2024-09-20", "2024-09-20", "day")), ("a", ev("2024-10-01", "2024-10-07", "range"))]
    rows = corpus_rows(items, {})
    labels = [(r.kind, r.label.split(" · ")[0]) for r in rows]
    assert labels == [("heading", "2024"), ("heading", "2024-09"), ("event", "2024-09-20"),
                      ("heading", "2024-10"), ("event", "2024-10-01")]


def test_unit_events_keep_passages_mentioning_any_unit():
    c = Corpus.from_docs(sample_docs())
    items = timeline_events(c, [a.id for a in c.articles()], frozenset({XINGOUQIAO, BAJIFU}))
    assert sorted(ev.paragraph for _, ev in items) == [2, 4]
    # the same as the index's single-unit timeline without sub-units, for one unit
    assert [ev for _, ev in timeline_events(c, [qingshan().id], frozenset({XINGOUQIAO}))] == [
        ev for _, ev in CorpusIndex.build(c).timeline(UnitFilter(frozenset({XINGOUQIAO}), False))
    ]


def test_unit_label_names_the_parent_only_where_two_units_share_a_name():
    from dataclasses import replace

    from store.db.schema import Entity, Paragraph

    name, docs = "刑侦大队", sample_docs()
    twins = {f"{QINGSHAN}刑侦大队": QINGSHAN, f"{JINGKAI}刑侦大队": JINGKAI}
    for n, (key, parent) in enumerate(twins.items()):
        doc = docs[n]
        p = len(doc.paragraphs)
        docs[n] = replace(
            doc,
            paragraphs=(*doc.paragraphs, Paragraph(p, f"{name}民警出警。")),
            entities=(*doc.entities, Entity("unit", name, p, 0, len(name), key)),
            units=(*doc.units, {"key": key, "name": name, "aliases": [], "parent": parent, "parent_inferred": False, "level": "brigade"}),
        )
    ix = CorpusIndex.build(Corpus.from_docs(docs))
    assert {ix.unit_label(k) for k in twins} == {f"{name}（{ix.unit_name(QINGSHAN)}）", f"{name}（{ix.unit_name(JINGKAI)}）"}
    assert ix.unit_label(XINGOUQIAO) == ix.unit_name(XINGOUQIAO)  # a name of its own stays bare
