"""The paged corpus timeline shows the lines ``corpus_rows`` makes, on either store, under the user's changes.

``CorpusTimeline`` keeps two numbers an event and makes lines when they are read
(``store.corpus.timeline_pages``); ``corpus_rows`` over ``timeline_events`` of every
article (the CLI's ``beat timeline``) is the reference it must equal, headings included.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex, TimelineRow, UnitFilter, corpus_rows, timeline_events
from store.corpus.timeline_pages import PAGE, Cancelled, CorpusTimeline
from store.db import derived
from store.db.corrections import make_correction
from store.db.schema import Event
from store.db.userstore import UserStore
from tests.tui.factory import BAJIFU, QINGSHAN, XINGOUQIAO, qingshan, sample_docs, synthetic_docs

BACKENDS = ["tinydb", "sqlite"]


def expected(corpus: Corpus, flt: UnitFilter | None = None) -> list[TimelineRow]:
    index = CorpusIndex.build(corpus)
    events = index.timeline(flt) if flt else timeline_events(corpus, [a.id for a in corpus.articles()])
    return corpus_rows(events, corpus.titles({aid for aid, _ in events}))


def lines_and_passages(corpus: Corpus, flt: UnitFilter | None = None) -> None:
    """Every line equals the reference's, and every passage's first event is found on its line."""
    made = CorpusTimeline(corpus, CorpusIndex.build(corpus).expand(flt) if flt else None)
    rows = expected(corpus, flt)
    assert len(made) == len(rows)
    assert list(made) == rows  # read in order, page by page
    assert [made[i] for i in reversed(range(len(made)))] == rows[::-1]  # and back, pages made again
    first: dict[tuple[str | None, int], int] = {}
    for i, row in enumerate(rows):
        if row.kind == "event":
            first.setdefault((row.article, row.paragraph), i)
    for (article, paragraph), line in first.items():
        assert article is not None
        assert made.first_line(article, paragraph) == line
    assert made.first_line("no-such-article", 0) is None


USER_CHANGES = {
    "none": lambda user: None,
    "merge": lambda user: user.merge_unit(BAJIFU, XINGOUQIAO),
    "unit rejected everywhere": lambda user: user.change_entity_corrections(
        [make_correction("reject", None, "新沟桥街派出所", "unit", 1.0)], []),
    "unit added in one article": lambda user: user.change_entity_corrections(
        [make_correction("add", qingshan().id, "民警", "unit", 1.0)], []),
    "unit rejected in one article": lambda user: user.change_entity_corrections(
        [make_correction("reject", qingshan().id, "八吉府街派出所", "unit", 1.0)], []),
    "reference date": lambda user: user.set_reference_date(qingshan().id, "2020-01-01"),
    "time rejected in one article": lambda user: user.change_entity_corrections(
        [make_correction("reject", qingshan().id, "9月16日", "time", 1.0)], []),
    "time rejected everywhere": lambda user: user.change_entity_corrections(
        [make_correction("reject", None, "4月", "time", 1.0)], []),
}  # fmt: skip


@pytest.mark.parametrize("change", USER_CHANGES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_lines_equal_the_listed_timeline_under_the_users_changes(tmp_path, backend, change):
    user = UserStore(tmp_path / "user.json")
    USER_CHANGES[change](user)
    docs = [*sample_docs(), *synthetic_docs(3 * PAGE)]  # several pages, dates shared across articles
    corpus = Corpus(derived.from_docs(docs, backend), user)
    lines_and_passages(corpus)
    for keys, subunits in ((QINGSHAN, True), (QINGSHAN, False), (XINGOUQIAO, True), (BAJIFU, True)):
        lines_and_passages(corpus, UnitFilter(frozenset({keys}), subunits))
    lines_and_passages(corpus, UnitFilter(frozenset({XINGOUQIAO, BAJIFU}), True))  # several: OR
    user.close()


def test_a_unit_correction_in_one_article_changes_that_units_lines(tmp_path):
    """The user's change reaches the paged lines (the case above would pass if it changed nothing)."""
    docs = [*sample_docs(), *synthetic_docs(PAGE)]
    flt = UnitFilter(frozenset({BAJIFU}), True)
    plain = expected(Corpus(derived.from_docs(docs, "sqlite")), flt)
    user = UserStore(tmp_path / "user.json")
    USER_CHANGES["unit rejected in one article"](user)
    corpus = Corpus(derived.from_docs(docs, "sqlite"), user)
    changed = list(CorpusTimeline(corpus, CorpusIndex.build(corpus).expand(flt)))
    assert changed == expected(corpus, flt) and len(changed) < len(plain)
    assert qingshan().id in {r.article for r in plain} - {r.article for r in changed}
    user.close()


def test_a_sqlite_file_is_read_on_a_connection_of_its_own(tmp_path: Path, monkeypatch):
    """A store on disk streams its order on a second connection (the list keeps the first)."""
    docs = [*sample_docs(), *synthetic_docs(2 * PAGE)]
    derived.write(tmp_path, {"store": "sqlite"}, iter(docs), lambda row: row.path)
    store = derived.load(tmp_path)
    assert store is not None and store.backend() == "sqlite" and getattr(store, "path", None) is not None
    shared, asked = store.query, []  # type: ignore[attr-defined]
    monkeypatch.setattr(store, "query", lambda sql, args=(): asked.append(sql) or shared(sql, args))
    CorpusTimeline(Corpus(store))
    assert not [sql for sql in asked if "FROM events e" in sql]  # the stream never took the shared connection
    monkeypatch.undo()
    corpus = Corpus(store)
    lines_and_passages(corpus)


def test_a_store_whose_file_a_newer_build_swept_still_lines_up(tmp_path: Path):
    """A reader still on the old store after a rebuild swept its file: the open connection reads it."""
    derived.write(tmp_path, {"store": "sqlite"}, iter([*sample_docs(), *synthetic_docs(PAGE)]), lambda row: row.path)
    store = derived.load(tmp_path)
    assert store is not None and getattr(store, "path", None) is not None
    corpus = Corpus(store)
    wanted = expected(corpus)
    store.path.unlink()  # type: ignore[attr-defined]
    assert list(CorpusTimeline(corpus)) == wanted
    store.close()


def test_a_cancelled_pass_stops():
    corpus = Corpus(derived.from_docs(synthetic_docs(40), "sqlite"))
    with pytest.raises(Cancelled):
        CorpusTimeline(corpus, cancelled=lambda: True)


def test_only_the_shown_pages_are_made(monkeypatch):
    corpus = Corpus(derived.from_docs(synthetic_docs(4 * PAGE), "sqlite"))
    made = CorpusTimeline(corpus)
    asked: list[int] = []
    real = corpus.stored_events
    monkeypatch.setattr(corpus, "stored_events", lambda places: asked.append(len(places)) or real(places))
    made[len(made) // 2]
    made[len(made) // 2 + 1]
    assert asked == [PAGE]  # one page read, once


DATES = st.one_of(
    st.none(),
    st.tuples(st.integers(2019, 2021), st.integers(1, 12), st.integers(1, 28)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
)


@st.composite
def dated_docs(draw: st.DrawFn) -> list:
    docs = []
    for n, doc in enumerate(synthetic_docs(draw(st.integers(1, 6)))):
        events = []
        for i in range(draw(st.integers(0, 5))):
            start = draw(DATES)
            precision = draw(st.sampled_from(["day", "month", "year", "range", "open"]))
            year = draw(st.sampled_from(["explicit", "inferred", "unknown"]))
            end = None if start is None or precision == "open" else start
            at = draw(st.integers(0, 3))  # several events at one place: ties left to their order
            events.append(Event(f"时{i}", start, end, precision, year, draw(st.sampled_from(["", "事"])),
                                draw(st.integers(0, 2)), at, at + 1))  # fmt: skip
        docs.append(replace(doc, id=f"{draw(st.integers(0, 3))}-{n}", events=tuple(events)))
    return docs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=dated_docs(), backend=st.sampled_from(BACKENDS))
def test_any_events_are_lined_up_as_the_listed_timeline(docs, backend):
    """Shared dates and ids out of list order, whole years beside 1 January, unknown years:
    the store's order and the headings are the reference's."""
    corpus = Corpus(derived.from_docs(docs, backend))
    lines_and_passages(corpus)
    lines_and_passages(corpus, UnitFilter(frozenset({QINGSHAN}), True))
