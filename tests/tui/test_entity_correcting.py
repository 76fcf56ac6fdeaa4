"""``e`` in the reader: reject an entity of the passage, mark a selection as one, undo (issue 13)."""

from __future__ import annotations

from tests.tui.conftest import settle
from tests.tui.factory import XINGOUQIAO, qingshan
from tui.dialogs.entity_dialog import EntityDialog

QS = qingshan().id


async def open_para(pilot, n: int) -> None:
    await settle(pilot)
    await pilot.press("enter", *["j"] * n)
    await settle(pilot)


def shown(app, paragraph: int) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in app.screen.doc.entities.get(paragraph, [])]


async def choose(pilot, label_part: str) -> None:
    """Highlight the dialog's first option whose label holds ``label_part``, then enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, EntityDialog)
    options = dialog.query_one("#entity-actions")
    index = next(i for i in range(options.option_count) if label_part in str(options.get_option_at_index(i).prompt))
    while options.highlighted != index:
        await pilot.press("down" if (options.highlighted or 0) < index else "up")
    await pilot.press("enter")
    await settle(pilot)


async def test_e_rejects_an_entity_here_and_ctrl_z_brings_it_back(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_para(pilot, 2)
        assert ("person", "程波") in shown(app, 2)
        await pilot.press("f")
        await settle(pilot)
        await choose(pilot, "not a person here")
        assert ("person", "程波") not in shown(app, 2)
        assert [c.text for c in app.workspace.entities.all()] == ["程波"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert ("person", "程波") in shown(app, 2) and app.workspace.entities.all() == []


async def test_e_rejecting_a_unit_everywhere_updates_the_unit_filter(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_para(pilot, 2)
        assert QS in app.index.unit_articles[XINGOUQIAO]
        await pilot.press("f")
        await settle(pilot)
        await choose(pilot, "never a unit, anywhere")
        assert QS not in app.index.unit_articles.get(XINGOUQIAO, [])
        assert not any(t == "新沟桥街派出所" for _, t in shown(app, 3))  # the other passage too


async def test_e_marks_the_typed_text_of_a_selection_as_a_type(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_para(pilot, 2)
        await pilot.press("v")  # select the first sentence: the dialog's box starts with it
        await pilot.press("f")
        await settle(pilot)
        box = app.screen.query_one("#entity-text")
        assert box.value.startswith("今年2月")
        box.value = "舞蹈学校"
        await pilot.pause()
        await choose(pilot, "mark the text as org")
        assert ("org", "舞蹈学校") in shown(app, 2)
        assert app.screen.reader.selection is None


async def test_a_text_the_article_lacks_is_refused_and_nothing_is_saved(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_para(pilot, 2)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#entity-text").value = "不在文中"
        await pilot.pause()
        await choose(pilot, "mark the text as person")
        assert app.workspace.entities.all() == []
        assert any("does not occur" in str(n.message) for n in app._notifications)


async def test_e_rejecting_a_time_takes_its_event_off_the_article_timeline(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_para(pilot, 4)
        assert any(ev.text == "9月16日" for ev in app.screen.doc.events)
        await pilot.press("f")
        await settle(pilot)
        await choose(pilot, "not a time here")
        assert not any(ev.text == "9月16日" for ev in app.screen.doc.events)
        assert ("time", "9月16日") not in shown(app, 4)
