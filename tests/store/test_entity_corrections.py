"""The user's entity corrections (issue 13): written by the workspace, applied by the read model, undoable.

Built on the in-memory fixture articles (no jieba): ``qingshan`` names 程波 and the
新沟桥街派出所 twice, ``jiangxia`` another station; the survival of a rebuild is tested
on the seed store in ``tests/tui/cli/test_cli_entities.py``.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.corpus.corpus import Corpus
from store.corpus.query import timeline_events
from store.db.corrections import (
    CORRECTABLE_TYPES,
    Correction,
    correction_id,
    decode_correction,
    encode_correction,
    make_correction,
)
from store.db.paths import Home
from store.db.user_schema import CORRECTION, check_row
from store.db.userstore import UserStore
from store.workspace import EntitiesChanged, TagsChanged, Workspace
from tests.tui.factory import JIANGXIA, MIAOSHAN, XINGOUQIAO, jiangxia, qingshan, sample_docs

QS, JX = qingshan().id, jiangxia().id


@pytest.fixture
def ws(tmp_path) -> Workspace:
    workspace = Workspace(Home(tmp_path / "home"), Corpus.from_docs(sample_docs(), UserStore(tmp_path / "user.json")))
    workspace.open_or_build()
    return workspace


def texts(ws: Workspace, article: str, type_: str | None = None) -> list[str]:
    return [e.text for e in ws.corpus.entities(article) if type_ is None or e.type == type_]


def test_reject_here_drops_every_occurrence_in_that_article_only(ws):
    seen: list[object] = []
    ws.subscribe(seen.append)
    assert texts(ws, QS, "unit").count("新沟桥街派出所") == 2
    c = ws.entities.reject(QS, "新沟桥街派出所", "unit")
    assert "新沟桥街派出所" not in texts(ws, QS)
    assert QS not in ws.index.unit_articles.get(XINGOUQIAO, [])  # the unit filter no longer finds it here
    assert ws.index.units[XINGOUQIAO].mentions == 0
    assert [type(e) for e in seen] == [EntitiesChanged] and "not a unit in" in seen[0].message
    assert [x.id for x in ws.entities.all()] == [c.id] and c.article == QS and not c.everywhere


def test_reject_of_another_type_leaves_the_entity(ws):
    ws.entities.reject(QS, "程波", "place")
    assert "程波" in texts(ws, QS, "person")
    ws.entities.reject(QS, "程波")  # no type: not an entity of any type
    assert "程波" not in texts(ws, QS)


def test_reject_everywhere_reaches_every_article(ws):
    docs = [d for d in sample_docs() if any(e.text == "青山公安" for e in d.entities)]
    assert len(docs) >= 1
    ws.entities.reject(QS, "青山公安", "unit", everywhere=True)
    for d in sample_docs():
        assert "青山公安" not in texts(ws, d.id)
    assert ws.entities.all()[0].article is None


def test_add_places_every_occurrence_and_wins_over_what_it_overlaps(ws):
    before = {e.text: e for e in ws.corpus.entities(QS)}
    assert before["武汉市青山区"].type == "place"
    c = ws.entities.add(QS, "青山区", "place")  # inside 武汉市青山区 and 武汉市公安局青山区分局
    found = [e for e in ws.corpus.entities(QS) if e.text == "青山区"]
    paras = ws.corpus.paragraph_texts(QS)
    assert len(found) == sum(p.count("青山区") for p in paras) >= 2
    assert all(paras[e.paragraph][e.start : e.end] == "青山区" for e in found)
    assert "武汉市青山区" not in texts(ws, QS)  # overlapped: the user's span wins
    assert c.type == "place" and c.action == "add"


def test_added_unit_joins_a_known_unit_by_name_and_counts(ws):
    """江夏区分局 is the name of a known unit: the added span takes its key and counts under it."""
    assert JX not in ws.index.unit_articles.get(JIANGXIA, [])
    ws.entities.add(JX, "江夏区分局", "unit")  # inside the station's full name, which it replaces
    (added,) = [e for e in ws.corpus.entities(JX) if e.text == "江夏区分局"]
    assert added.key == JIANGXIA and added.type == "unit"
    assert JX in ws.index.unit_articles[JIANGXIA]
    assert JX not in ws.index.unit_articles.get(MIAOSHAN, [])


def test_added_unit_of_its_own_is_listed(ws):
    ws.entities.add(QS, "环食药侦大队", "unit")
    units = {u.key: u for u in ws.corpus.units()}
    assert units["环食药侦大队"].mentions == 1 and units["环食药侦大队"].articles == 1
    assert QS in ws.index.unit_articles["环食药侦大队"]


def test_rejected_time_leaves_both_timelines(ws):
    assert any(ev.text == "9月16日" for ev in ws.corpus.events(QS))
    ws.entities.reject(QS, "9月16日", "time")
    assert not any(ev.text == "9月16日" for ev in ws.corpus.events(QS))
    assert not any(ev.text == "9月16日" for _, ev in timeline_events(ws.corpus, [QS]))


def test_undo_and_redo_share_the_tag_history(ws):
    seen: list[object] = []
    ws.subscribe(seen.append)
    ws.add_tags(QS, 2, ["纠纷"])
    ws.entities.reject(QS, "程波", "person")
    assert "程波" not in texts(ws, QS)
    assert ws.undo() is not None  # the last edit: the correction
    assert "程波" in texts(ws, QS) and ws.entities.all() == [] and ws.codings()
    assert ws.redo() is not None
    assert "程波" not in texts(ws, QS)
    assert ws.undo() and ws.undo()  # the correction, then the tag
    assert ws.codings() == [] and "程波" in texts(ws, QS)
    assert EntitiesChanged in {type(e) for e in seen} and TagsChanged in {type(e) for e in seen}


def test_forget_by_prefix_and_undo_it(ws):
    c = ws.entities.reject(QS, "程波")
    assert ws.entities.forget(c.id[:5]) == c
    assert "程波" in texts(ws, QS) and ws.entities.all() == []
    ws.undo()
    assert [x.id for x in ws.entities.all()] == [c.id]


def test_a_new_mind_replaces_the_old_correction(ws):
    ws.entities.add(QS, "程波", "person")
    ws.entities.add(QS, "程波", "person")  # twice: one row
    assert len(ws.entities.all()) == 1
    ws.entities.reject(QS, "程波", "person")  # the opposite, same text and type: replaces it
    (c,) = ws.entities.all()
    assert c.action == "reject" and "程波" not in texts(ws, QS)
    ws.undo()
    (back,) = ws.entities.all()
    assert back.action == "add"


def test_corrections_are_read_back_by_a_new_session(tmp_path):
    path = tmp_path / "user.json"
    first = Workspace(Home(tmp_path / "h"), Corpus.from_docs(sample_docs(), UserStore(path)))
    first.open_or_build()
    first.entities.reject(QS, "程波", "person", everywhere=True)
    first.user.close()
    second = Workspace(Home(tmp_path / "h"), Corpus.from_docs(sample_docs(), UserStore(path)))
    second.open_or_build()
    assert "程波" not in texts(second, QS)


# --- the stored row ---------------------------------------------------------------------

surface = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=20)


@st.composite
def corrections(draw: st.DrawFn) -> Correction:
    action = draw(st.sampled_from(["reject", "add"]))
    type_ = draw(st.sampled_from(CORRECTABLE_TYPES) if action == "add" else st.none() | st.sampled_from(CORRECTABLE_TYPES))
    article = draw(st.text(min_size=1, max_size=12) if action == "add" else st.none() | st.text(min_size=1, max_size=12))
    created = draw(st.floats(0, 2e9, allow_nan=False))
    return make_correction(action, article, draw(surface), type_, created)


@given(corrections())
def test_a_correction_survives_its_row_and_passes_the_shape_check(c):
    row = json.loads(json.dumps(encode_correction(c)))
    assert decode_correction(row) == c
    assert check_row(row, CORRECTION) is None


@pytest.mark.parametrize(
    "edit,reason",
    [
        (lambda r: r.update(action="accept"), "reject or add"),
        (lambda r: r.update(type="hero"), "no entity type"),
        (lambda r: r.update(text="张三"), "id that does not match"),  # edited by hand under the old id
        (lambda r: r.update(article=None, action="add"), "needs an article"),
        (lambda r: r.pop("text"), "missing 'text'"),
        (lambda r: r.update(article=3), "'article' is a int"),
    ],
)
def test_the_shape_check_names_a_bad_row(edit, reason):
    row = encode_correction(make_correction("reject", "a1", "程波", "person", 1.0))
    edit(row)
    assert reason in (check_row(row, CORRECTION) or "")


def test_a_bad_row_is_dropped_on_open_with_a_recovery_message(tmp_path):
    path = tmp_path / "user.json"
    user = UserStore(path)
    good = make_correction("reject", "a1", "程波", "person", 1.0)
    user.change_entity_corrections([good, make_correction("add", "a1", "张三", "person", 2.0)], [])
    user.close()
    data = json.loads(path.read_text("utf-8"))
    rows = data["entity_corrections"]
    bad = next(k for k, r in rows.items() if r["text"] == "张三")
    rows[bad]["type"] = "hero"
    path.write_text(json.dumps(data), "utf-8")
    user = UserStore(path)
    (rec,) = user.recoveries
    assert "entity_corrections: 1 of 2 rows dropped" in rec.message and "no entity type" in rec.message
    assert user.entity_corrections() == [good]
    assert correction_id("reject", "a1", "程波", "person") == good.id
