"""The UI-free workspace: every write, its typed result or error, and the change events."""

from __future__ import annotations

import json
import threading

import pytest

from store.corpus.corpus import Corpus
from store.db.paths import Home
from store.db.userstore import UserStore
from store.workspace import (
    ChangeRefused,
    NoUserStore,
    ReferenceChanged,
    TagsChanged,
    UnitsChanged,
    Workspace,
)
from tests.tui.factory import BAJIFU, XINGOUQIAO, qingshan, sample_docs


@pytest.fixture
def ws(tmp_path) -> Workspace:
    home = Home(tmp_path / "home")
    workspace = Workspace(home, Corpus.from_docs(sample_docs(), UserStore(tmp_path / "user.json")))
    workspace.open_or_build()
    return workspace


def test_tag_writes_return_results_and_emit_one_event_each(ws):
    seen: list[object] = []
    ws.subscribe(seen.append)
    aid = qingshan().id
    added = ws.add_tags(aid, 2, ["纠纷", "走访"], memo="m")
    assert [c.tag for c in added] == ["纠纷", "走访"] and all(c.quote == ws.corpus.paragraph_texts(aid)[2] for c in added)
    assert ws.index.tag_count(aid) == 2
    ws.rename_tag("走访", "回访")
    assert ws.undo() is not None and {t.name for t in ws.tags()} == {"纠纷", "走访"}
    assert [type(e) for e in seen] == [TagsChanged] * 3
    assert len(seen[-1].codings) == 2


def snapshot(ws: Workspace) -> str:
    user = ws.user
    data = [ws.tags(), ws.codings(), user.unit_merges(), user.unit_aliases(), user.reference_dates(), user.entity_corrections()]
    return json.dumps(data, sort_keys=True, default=repr)


@pytest.mark.parametrize(
    "change",
    [
        lambda ws: ws.add_tags(qingshan().id, 99, ["x"]),  # no such paragraph
        lambda ws: ws.add_tags("nope", 0, ["x"]),  # no such article
        lambda ws: ws.rename_tag("不存在", "y"),  # no such tag
        lambda ws: ws.merge_unit(XINGOUQIAO, XINGOUQIAO),  # into itself
        lambda ws: ws.set_reference(qingshan().id, "2025-1-5"),  # not YYYY-MM-DD
        lambda ws: ws.add_unit_alias("  ", XINGOUQIAO),  # no text
        lambda ws: ws.entities.reject(qingshan().id, "不在文中的字"),  # not in the article: a typo
        lambda ws: ws.entities.reject("nope", "程波"),  # no such article
        lambda ws: ws.entities.reject(qingshan().id, "程波", "hero"),  # no such entity type
        lambda ws: ws.entities.add(qingshan().id, "程波", None),  # an added entity needs a type
        lambda ws: ws.entities.add(qingshan().id, "   ", "person"),  # no text
        lambda ws: ws.entities.forget("ffffffffffff"),  # no such correction
    ],
)
def test_a_refused_change_raises_a_typed_error_and_writes_nothing(ws, change):
    seen: list[object] = []
    ws.subscribe(seen.append)
    before = snapshot(ws)
    with pytest.raises(ChangeRefused):
        change(ws)
    assert seen == []
    assert snapshot(ws) == before


def test_without_a_user_store_writes_say_so(tmp_path):
    ws = Workspace(Home(tmp_path / "h"), Corpus.from_docs(sample_docs()))
    ws.open_or_build()
    with pytest.raises(NoUserStore):
        ws.add_tags(qingshan().id, 0, ["x"])
    with pytest.raises(NoUserStore):
        ws.set_reference(qingshan().id, "2025-01-05")
    assert ws.export("json", tmp_path / "x.json").passages == 0


def test_a_unit_merge_reindexes_and_says_so(ws):
    seen: list[object] = []
    ws.subscribe(seen.append)
    old = ws.index
    event = ws.merge_unit(BAJIFU, XINGOUQIAO)
    assert seen == [event] and isinstance(event, UnitsChanged) and ws.index is event.index is not old
    assert BAJIFU not in ws.index.units and "八吉府街派出所" in ws.index.units[XINGOUQIAO].aliases
    with pytest.raises(ChangeRefused):  # a cycle
        ws.merge_unit(XINGOUQIAO, BAJIFU)


def test_reference_dates_and_events_from_another_thread(ws):
    seen: list[tuple[object, int]] = []
    ws.subscribe(lambda change: seen.append((change, threading.get_ident())))
    worker = threading.Thread(target=ws.set_reference, args=(qingshan().id[:4], "2023-05-01"))
    worker.start()
    worker.join()
    (change, thread), = seen
    assert change == ReferenceChanged(qingshan().id, "2023-05-01") and thread == worker.ident  # the writer's thread
    assert ws.corpus.reference(qingshan().id) == ("2023-05-01", "user")


def test_unsubscribe(ws):
    seen: list[object] = []
    unsubscribe = ws.subscribe(seen.append)
    unsubscribe()
    ws.add_tags(qingshan().id, 0, ["x"])
    assert seen == []


def test_import_runs_inside_the_reader_through_its_own_user_store(built_home, tmp_path):
    """The reader holds the home lock for as long as it is open, so ``beat import`` is refused
    (tests/test_cli.py::test_second_instance_refused); the workspace imports under that lock,
    through the user store it already has open, and says :class:`CorpusChanged`."""
    import shutil

    from store.db.lock import HomeLock
    from store.workspace import CorpusChanged
    from tests.pages import PAGE, TITLE

    home = Home(tmp_path / "home")
    shutil.copytree(built_home.root, home.root)
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    with HomeLock(home.lock):  # as tui.app.run_app holds it
        workspace = Workspace(home)
        workspace.open_or_build()
        user = workspace.user
        seen: list[object] = []
        workspace.subscribe(seen.append)
        steps: list[str] = []
        outcome = workspace.import_files([page], lambda done, total, name: steps.append(name.split()[0]))
        assert outcome.result.added and not outcome.errors
        assert [type(c) for c in seen] == [CorpusChanged]
        assert TITLE in {a.title for a in workspace.index.articles} and len(workspace.index.articles) == 6
        assert workspace.user is user and [r.name for r in user.imports()] == ["page.html"]
        assert steps[0] == "copying" and "analysing" in steps
        again = workspace.import_files([page])  # the same file: nothing to build
        assert again.report is None and again.summary() == "Imported 0 files (1 already present)."
