"""The timeline sidebar: article events in date order, the corpus view, jumps, following."""

from __future__ import annotations

from dataclasses import replace

from tests.tui.conftest import settle
from tests.tui.factory import chegu, jiangxia, qingshan
from tui.symbols import TIMELINE_HERE
from tui.widgets.timeline import Timeline


def event_rows(timeline: Timeline) -> list[tuple[str, str]]:
    return [(r.when, r.label) for r in timeline.rows if r.kind == "event"]


async def test_article_events_are_in_date_order(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        rows = event_rows(app.screen.timeline)
        assert [w for w, _ in rows] == ["2024-06", "2025-02", "2025-04", "2025-09-16"]
        assert rows[0][1] == "签订警企党建共建协议"


async def test_unknown_year_events_come_last_under_their_own_heading(make_app):
    app = make_app([chegu()])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        rows = app.screen.timeline.rows
        assert [(r.kind, r.label) for r in rows] == [
            ("event", "汽车玻璃被砸、财物被盗"),
            ("heading", "Year unknown"),
            ("event", "走访辖区企业排查隐患"),
        ]
        assert rows[-1].when == "春节前后"


async def test_T_switches_to_the_corpus_timeline_grouped_by_year_and_month(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        timeline = app.screen.timeline
        headings = [r.label for r in timeline.rows if r.kind == "heading"]
        assert headings == ["2022", "2024", "2024-06", "2024-12", "2025", "2025-02", "2025-04", "2025-09", "Year unknown"]
        assert timeline.border_title == "Timeline · corpus"
        assert "corpus timeline" in str(app.screen.query_one("FilterBar").render())
        await pilot.press("c")
        await settle(pilot)
        assert timeline.border_title == "Timeline · this article"


async def test_enter_on_an_event_opens_its_article_at_the_passage(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        timeline = app.screen.timeline
        timeline.focus()
        target = next(i for i, r in enumerate(timeline.rows) if r.label.startswith("走访辖区企业"))
        timeline.cursor = target
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        assert reader.doc.article.id == chegu().id
        assert reader.cursor == 4


async def test_enter_in_the_article_timeline_moves_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        timeline = app.screen.timeline
        timeline.focus()
        await pilot.press("end", "enter")  # latest event: 9月16日, paragraph 4
        await settle(pilot)
        assert app.screen.reader.cursor == 4


async def test_the_sidebar_follows_the_passage_under_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        timeline = app.screen.timeline
        await pilot.press("j", "j")  # paragraph 2: 今年2月
        await pilot.pause()
        row = timeline.rows[timeline.cursor]
        assert (row.paragraph, row.label) == (2, "舞蹈学校倒闭引发纠纷")
        assert timeline.row_content(timeline.cursor, 0, 40).plain.startswith(TIMELINE_HERE)
        await pilot.press("j", "j", "j")  # paragraph 5: 2024年6月
        await pilot.pause()
        assert timeline.rows[timeline.cursor].paragraph == 5


async def test_events_are_labelled_literally(make_app):
    doc = jiangxia()
    doc = replace(doc, events=(replace(doc.events[0], label="[b]不是粗体[/b] [@click=app.quit]x[/]"), *doc.events[1:]))
    app = make_app([doc, qingshan()])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        line = app.screen.timeline.render_line(0).text
        assert "[b]不是粗体[/b] [@cli" in line
