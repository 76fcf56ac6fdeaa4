"""Panes as a new user meets them (issue 16): widths by proportion, < and >, one pane on tiny
terminals, a visible focus that moves where the next key goes, and a reader that follows the filter."""

from __future__ import annotations

from store.corpus.query import UnitFilter
from tests.tui.conftest import settle
from tui.screens.pane_layout import READER_MAX, pane_widths
from tui.widgets.timeline import EventLabel


def widths(app) -> tuple[int, int, int]:
    screen = app.screen
    return screen.articles.region.width, screen.query_one("#centre").region.width, screen.query_one("#side").region.width


def test_pane_widths_keep_the_reading_measure_and_give_the_rest_to_the_sidebars():
    # 160 columns: the reader near 40 CJK characters a line; 220: no wider, the sidebars take the rest
    left, right = pane_widths(160, "both", {})
    assert 80 <= 160 - left - right <= READER_MAX
    wide_left, wide_right = pane_widths(220, "both", {})
    assert 220 - wide_left - wide_right == READER_MAX
    assert wide_left > left and wide_right > right
    # the reader keeps its minimum whatever the user asked
    squeezed = pane_widths(100, "list", {"list": 200})
    assert 100 - squeezed[0] >= 40


async def test_at_160_columns_the_reader_is_a_reading_measure_and_sidebars_are_wide(make_app):
    app = make_app()
    async with app.run_test(size=(220, 50)) as pilot:
        await settle(pilot)
        left, centre, right = widths(app)
        assert centre == READER_MAX  # was 146 columns: 70 CJK characters a line
        assert left > 40 and right > 40


async def test_greater_than_widens_the_focused_sidebar_and_the_width_is_kept(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        before = widths(app)[0]
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        after = widths(app)[0]
        assert after == before + 8
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert widths(app)[0] == before + 4
    again = make_app()
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert widths(again)[0] == before + 4


async def test_tiny_terminal_shows_one_pane_and_tab_moves_on(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        left, centre, right = widths(app)
        assert (left, centre, right) == (40, 0, 0)  # was list 28 columns and reader 9
        await pilot.press("tab")
        await settle(pilot)
        assert widths(app) == (0, 40, 0) and app.focused is app.screen.reader
        assert app.screen.reader.region.height >= 6  # the header shrinks, the legend goes
        await pilot.press("tab")
        await settle(pilot)
        assert widths(app) == (0, 0, 40) and app.focused is app.screen.timeline
        await pilot.press("tab")
        await settle(pilot)
        assert widths(app) == (40, 0, 0)
        await pilot.press("enter")  # opening an article shows the reader
        await settle(pilot)
        assert widths(app) == (0, 40, 0)


async def test_tiny_terminal_unit_picker_shows_rows_and_tag_dialog_its_memo(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        options = app.screen.query_one("OptionList")
        assert options.scrollable_content_region.height >= 3 and options.option_count  # rows, not only a frame
        await pilot.press("escape", "tab")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        memo = app.screen.query_one("#tag-memo")
        box = app.screen.query_one(".dialog")
        assert memo.content_region.height >= 1 and box.region.contains_region(memo.content_region)


async def test_enter_on_a_timeline_event_moves_the_keys_to_the_reader(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen.timeline.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is app.screen.reader


async def test_the_event_label_shows_the_highlighted_event_whole(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        timeline = app.screen.timeline
        timeline.focus()
        await pilot.press("j")
        await settle(pilot)
        row = timeline.rows[timeline.cursor]
        shown = app.screen.query_one(EventLabel).render()
        assert row.label in str(shown) and row.when in str(shown)


async def test_maximised_timeline_uses_the_whole_width(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        timeline = app.screen.timeline
        timeline.focus()
        app.screen.maximize(timeline)
        await settle(pilot)
        assert timeline.region.width >= 150  # was the same 35-column strip, centred


async def test_after_a_unit_filter_the_reader_shows_an_article_that_matches(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        index = app.index
        shown = screen.article_id
        # a unit the open article does not mention: the filter leaves it out of the list
        key = next(k for k in index.units if shown not in {a.id for a in index.filtered(UnitFilter(frozenset({k}), True))})
        screen.unit_filter = UnitFilter(frozenset({key}), True)
        await settle(pilot)
        listed = [a.id for a in screen.articles.articles]
        assert listed and screen.article_id in listed and screen.reader.doc.article.id in listed


async def test_the_focused_pane_is_marked(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        articles, timeline = app.screen.articles, app.screen.timeline
        assert articles.styles.border_right[0] == "thick"
        assert timeline.styles.border_left[0] != "thick"
        timeline.focus()
        await settle(pilot)
        assert timeline.styles.border_left[0] == "thick" and articles.styles.border_right[0] != "thick"


async def test_j_and_k_move_in_the_article_list_where_focus_starts(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.articles
        await pilot.press("j")
        assert app.screen.articles.cursor == 1
        await pilot.press("k")
        assert app.screen.articles.cursor == 0


def test_corpus_timeline_dates_are_never_cut_when_the_sidebar_has_room():
    from dataclasses import replace

    from store.corpus.corpus import Corpus
    from store.corpus.query import TimelineRow
    from store.corpus.timeline_pages import CorpusTimeline
    from store.db import derived
    from store.db.schema import Event
    from tests.tui.factory import sample_docs
    from tui.widgets.timeline import _when_width

    when = "10-01..10-07"  # a range: cut, it read as a false exact day ("5月1…" in issue 16)
    assert _when_width([TimelineRow("event", "国庆假期安保", when, "a", 0, 0)], "corpus") >= len(when)
    doc = sample_docs()[0]
    holiday = Event("国庆期间", "2024-10-01", "2024-10-07", "range", "inferred", "国庆假期安保", 0, 0, 4)
    paged = CorpusTimeline(Corpus(derived.from_docs([replace(doc, events=(*doc.events, holiday))], "sqlite")))
    assert when in [row.when for row in paged]  # the paged corpus timeline measured it as it lined it up
    assert _when_width(paged, "corpus") >= len(when)


async def test_tiny_terminal_reader_shows_the_passage_it_was_sent_to(make_app):
    """A search hit opened while the reader was hidden: shown, it scrolls to the passage (it stayed at the top)."""
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        screen = app.screen
        last = len(screen.doc.article.paragraphs) - 1
        screen.open_article(screen.article_id, last)
        await settle(pilot)
        screen.show_pane("reader")
        await settle(pilot)
        reader = screen.reader
        top, height = round(reader.scroll_y), reader.scrollable_content_region.height
        assert reader.cursor == last and top <= reader.first_line(last) < top + height
