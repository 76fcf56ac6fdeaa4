"""The unit filter: picking by pinyin, several units, sub-units, n/N, merge and alias."""

from __future__ import annotations

from textual.widgets import OptionList

from store.corpus.query import UnitFilter
from tests.tui.conftest import settle
from tests.tui.factory import BAJIFU, MIAOSHAN, QINGSHAN, WANGAN, XINGOUQIAO, chegu, jiangxia, qingshan
from tui.dialogs.unit_picker import UnitPicker


async def open_picker(pilot, query: str = "") -> UnitPicker:
    await pilot.press("u")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, UnitPicker)
    assert picker.pinyin_ready
    if query:
        await pilot.press(*query)
        await pilot.pause()
    return picker


async def filter_by(pilot, query: str) -> None:
    """Open the picker, type ``query``, enter: filter by the unit it finds."""
    await open_picker(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


def visible(picker: UnitPicker) -> list[str]:
    return [o.id for o in picker.query_one(OptionList).options if not o.disabled]


async def test_pinyin_initials_find_a_station_and_enter_filters_by_it(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot, "xgq")
        assert visible(picker) == [XINGOUQIAO]
        context = [o.id for o in picker.query_one(OptionList).options if o.disabled]
        assert QINGSHAN in context  # its parents are shown for context, not selectable
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert screen.unit_filter == UnitFilter(frozenset({XINGOUQIAO}), True)
        assert [a.id for a in screen.articles.articles] == [qingshan().id]
        bar = str(screen.query_one("FilterBar").render())
        assert "新沟桥街派出所" in bar and "1/3 articles" in bar


async def test_full_pinyin_chinese_and_alias_all_match(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot, "xingouqiao")
        assert visible(picker) == [XINGOUQIAO]
        picker.query_one("QueryInput").value = "庙山"
        await pilot.pause()
        assert visible(picker) == [MIAOSHAN]
        picker.query_one("QueryInput").value = "车谷公安"  # an alias of 经开区公安分局
        await pilot.pause()
        assert visible(picker) == ["武汉经开区公安分局"]


async def test_escape_clears_the_filter(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await filter_by(pilot, "xgq")
        assert len(app.screen.articles.articles) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.unit_filter
        assert len(app.screen.articles.articles) == 3


async def test_space_marks_several_units_which_combine_with_or(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot, "xgq")
        await pilot.press("space")
        picker.query_one("QueryInput").value = ""
        await pilot.press(*"mspcs")
        await pilot.pause()
        assert visible(picker) == [MIAOSHAN]
        await pilot.press("space")
        assert picker.marked == {XINGOUQIAO, MIAOSHAN}
        await pilot.press("enter")
        await settle(pilot)
        ids = [a.id for a in app.screen.articles.articles]
        assert ids == [qingshan().id, jiangxia().id]


async def test_sub_units_toggle(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot, "qsqfj")
        assert visible(picker)[0] == QINGSHAN
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert {XINGOUQIAO, BAJIFU, WANGAN, QINGSHAN} <= screen.focus_keys
        assert "+sub-units" in str(screen.query_one("FilterBar").render())
        picker = await open_picker(pilot, "qsqfj")
        assert picker.marked == {QINGSHAN} and picker.include_subunits  # starts from the current filter
        await pilot.press("ctrl+s", "enter")
        await settle(pilot)
        assert screen.focus_keys == {QINGSHAN}


async def test_subunits_bring_in_articles_that_only_mention_a_child(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen.unit_filter = UnitFilter(frozenset({"武汉市公安局"}), True)
        await settle(pilot)
        assert len(app.screen.articles.articles) == 3
        app.screen.unit_filter = UnitFilter(frozenset({"武汉市公安局"}), False)
        await settle(pilot)
        assert list(app.screen.articles.articles) == []  # a lazy sequence on the SQLite store


async def test_n_and_N_jump_between_passages_that_mention_the_unit(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await filter_by(pilot, "xgq")
        reader = app.screen.reader
        assert reader.cursor == 0
        await pilot.press("n")
        await settle(pilot)
        assert reader.cursor == 2
        await pilot.press("n")
        assert reader.cursor == 3
        await pilot.press("p")
        assert reader.cursor == 2
        # the mentions are marked strongly, with a gutter mark on their passages
        line = next(reader.render_line(y) for y in range(reader.size.height) if "今年2月" in reader.render_line(y).text)
        assert line.text.startswith("▌◆")
        caption = next(reader.render_line(y) for y in range(reader.size.height) if "图为" in reader.render_line(y).text)
        focus = next(s.style for s in caption if "新沟桥街派出所" in s.text)
        plain = next(s.style for s in caption if "走访辖区" in s.text)
        assert focus.bold and focus.bgcolor != plain.bgcolor


async def test_n_moves_on_to_the_next_filtered_article(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO, MIAOSHAN}), False)
        await settle(pilot)
        await pilot.press("tab")
        reader = app.screen.reader
        await pilot.press("n", "n")
        await settle(pilot)
        assert reader.cursor == 3
        await pilot.press("n")
        await settle(pilot)
        assert reader.doc.article.id == jiangxia().id and reader.cursor == 0


async def test_corpus_timeline_keeps_only_events_of_passages_mentioning_the_unit(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        timeline = app.screen.timeline
        all_labels = [r.label for r in timeline.rows if r.kind == "event"]
        assert len(all_labels) == 7
        app.screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO}), False)
        await settle(pilot)
        labels = [r.label for r in timeline.rows if r.kind == "event"]
        assert len(labels) == 1 and labels[0].startswith("舞蹈学校倒闭引发纠纷")


async def test_m_merges_the_highlighted_unit_into_another(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot, "bjf")
        assert visible(picker) == [BAJIFU]
        await pilot.press("tab", "m")
        await settle(pilot)
        assert type(app.screen).__name__ == "MergeDialog"
        await pilot.press(*"xgq")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is picker
        assert BAJIFU not in picker.index.units
        assert app.index.corpus.user.unit_merges() == {BAJIFU: XINGOUQIAO}
        assert "八吉府街派出所" in app.index.units[XINGOUQIAO].aliases
        assert app.index.units[XINGOUQIAO].mentions == 3


async def test_m_then_ctrl_a_adds_an_alias(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await open_picker(pilot, "xgq")
        await pilot.press("tab", "m")
        await settle(pilot)
        await pilot.press(*"xgqs")
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert app.index.corpus.user.unit_aliases() == {"xgqs": XINGOUQIAO}
        picker = app.screen
        picker.query_one("QueryInput").value = "xgqs"
        await pilot.pause()
        assert visible(picker) == [XINGOUQIAO]


async def test_a_merge_cycle_is_refused_with_a_message(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        app.index.corpus.user.merge_unit(BAJIFU, XINGOUQIAO)
        from tui.dialogs.unit_picker import MergeRequest

        app.apply_unit_override(MergeRequest("merge", XINGOUQIAO, BAJIFU))
        await settle(pilot)
        assert any("already merged" in n.message for n in app._notifications)


async def test_unfiltered_list_holds_every_article(make_app):
    app = make_app([qingshan(), jiangxia(), chegu()])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.screen.articles.articles) == 3


async def test_enter_right_after_typing_uses_the_typed_query(make_app):
    """A paste then enter reaches the picker before the input's Changed message."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        picker.query_one("QueryInput").value = "xgq"
        picker.action_apply()  # no await in between: Changed is still queued
        await settle(pilot)
        assert app.screen.unit_filter.keys == {XINGOUQIAO}


async def test_enter_with_no_match_keeps_the_picker_open(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot, "zzzz")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is picker
        assert any("No unit matches" in n.message for n in app._notifications)


async def test_a_long_unit_list_shows_the_busiest_and_says_how_many_more(make_app, monkeypatch):
    import tui.dialogs.unit_picker as unit_picker

    monkeypatch.setattr(unit_picker, "SHOWN", 3)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        total = len(app.index.units)
        assert len(picker.query_one(OptionList).options) == 3
        assert f"{total - 3:,} more units: type to narrow" in str(picker.query_one("#picker-status").render())
        await pilot.press(*"xgq")  # narrowing finds a unit beyond the first three
        await settle(pilot)
        assert visible(picker) == [XINGOUQIAO]
        assert "more units" not in str(picker.query_one("#picker-status").render())


async def test_reopening_marks_the_current_filter_and_space_widens_it(make_app):
    """Issue 16, friction 8: the picker opened blank, so the filter in force was not shown."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await filter_by(pilot, "xgq")
        picker = await open_picker(pilot)
        assert picker.marked == {XINGOUQIAO}
        options = picker.query_one(OptionList)
        assert options.highlighted_option.id == XINGOUQIAO
        assert options.highlighted_option.prompt.plain.startswith("[x]")
        await pilot.press(*"mspcs")
        await pilot.pause()
        await pilot.press("space", "enter")
        await settle(pilot)
        assert app.screen.unit_filter.keys == {XINGOUQIAO, MIAOSHAN}


async def test_enter_with_untouched_marks_picks_the_highlighted_unit(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO}), True)
        await settle(pilot)
        await open_picker(pilot, "mspcs")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.unit_filter.keys == {MIAOSHAN}


async def test_a_parent_counts_its_sub_units_mentions(make_app):
    """The texts name 江夏区分局 only inside 武汉市公安局江夏区分局庙山派出所: it said "0× in 0 articles"."""
    from tests.tui.factory import JIANGXIA

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        prompt = picker.query_one(OptionList).get_option(JIANGXIA).prompt.plain
        assert "1× in 1 article (0× itself)" in prompt
        await pilot.press("ctrl+s")  # without sub-units the filter matches its own mentions only
        await pilot.pause()
        assert "0× in 0 articles" in picker.query_one(OptionList).get_option(JIANGXIA).prompt.plain


def test_unit_counts_are_what_the_filter_lists():
    from store.corpus.corpus import Corpus
    from store.corpus.query import CorpusIndex
    from tests.tui.factory import sample_docs

    index = CorpusIndex.build(Corpus.from_docs(sample_docs()))
    for key in index.units:
        for sub in (True, False):
            assert index.unit_counts(key, sub)[1] == len(index.filtered(UnitFilter(frozenset({key}), sub))), key


async def test_pinyin_warmed_after_the_picker_closed_does_nothing(make_app):
    """The warm-up worker's answer can arrive after the picker was closed (keys typed while
    quitting): it used to refilter a picker with no widgets and end the app with NoMatches."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is not picker
        picker._pinyin_warmed(picker.index, {})  # as call_from_thread would, late
        await settle(pilot)
        assert app.is_running
