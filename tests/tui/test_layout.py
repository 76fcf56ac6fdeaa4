"""Layout at 80×24 and 160×45: sidebars collapse, nothing overlaps, ``b`` toggles them."""

from __future__ import annotations

from textual.widget import Widget

from tests.tui.conftest import settle


def regions(app) -> dict[str, object]:
    screen = app.screen
    return {
        name: screen.query_one(selector).region
        for name, selector in (
            ("list", "ArticleList"),
            ("reader", "Reader"),
            ("timeline", "Timeline"),
            ("header", "ArticleHeader"),
            ("bar", "FilterBar"),
            ("footer", "Footer"),
        )
    }


def assert_no_overlap(app) -> None:
    shown = {k: r for k, r in regions(app).items() if r.area}
    names = list(shown)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not shown[a].overlaps(shown[b]), f"{a} {shown[a]} overlaps {b} {shown[b]}"
        assert app.screen.region.contains_region(shown[a]), a


async def test_wide_shows_list_reader_and_timeline(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        r = regions(app)
        assert r["list"].area and r["timeline"].area
        assert r["reader"].width >= 80
        assert_no_overlap(app)


async def test_narrow_shows_one_sidebar_and_b_cycles(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        r = regions(app)
        assert r["list"].area and not r["timeline"].area
        assert r["reader"].width >= 40
        assert_no_overlap(app)
        await pilot.press("b")
        await pilot.pause()
        r = regions(app)
        assert not r["list"].area and r["timeline"].area
        assert_no_overlap(app)
        await pilot.press("b")
        await pilot.pause()
        r = regions(app)
        assert not r["list"].area and not r["timeline"].area
        assert r["reader"].width >= 70
        await pilot.press("b")
        await pilot.pause()
        assert regions(app)["list"].area


async def test_b_hides_both_sidebars_when_wide(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        r = regions(app)
        assert not r["list"].area and not r["timeline"].area
        assert isinstance(app.focused, Widget) and app.focused is app.screen.reader


async def test_resizing_from_wide_to_narrow_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.narrow and app.screen.sidebars == "list"
        assert_no_overlap(app)
        reader = app.screen.reader
        assert reader.render_line(0).cell_length == reader.scrollable_content_region.width
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert not app.screen.narrow and app.screen.sidebars == "both"
        assert_no_overlap(app)


async def test_corpus_timeline_when_narrow_shows_the_timeline(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "b")  # none
        await pilot.press("c")
        await settle(pilot)
        assert regions(app)["timeline"].area
