"""Search: simplified or traditional queries, snippets, opening a hit, n/N through hits."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from store.corpus.query import UnitFilter
from tests.tui.conftest import settle
from tests.tui.factory import XINGOUQIAO, jiangxia, qingshan
from tui.dialogs.search import SearchDialog, snippet


async def search(pilot, query: str) -> SearchDialog:
    await pilot.press("slash")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, SearchDialog)
    dialog.query_one(Input).value = query
    await settle(pilot)
    return dialog


async def open_first_hit(pilot, query: str):
    """Search, press enter on the first hit; the reader it opened."""
    await search(pilot, query)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.reader


async def test_a_traditional_query_finds_simplified_text_with_snippets(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await search(pilot, "糾紛")
        query, hits = dialog.result
        assert query == "纠纷"
        assert [(h.article, h.paragraph) for h in hits] == [(qingshan().id, 2), (qingshan().id, 4), (jiangxia().id, 2)]
        options = dialog.query_one(OptionList).options
        assert len(options) == 3
        assert "纠纷" in options[0].prompt.plain and "保一方平安" in options[0].prompt.plain
        assert "3 matches in 2 articles" in str(dialog.query_one("#search-status").render())


async def test_enter_opens_the_passage_and_n_N_step_through_hits(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await search(pilot, "纠纷")
        await pilot.press("down", "enter")  # second hit: qingshan ¶4
        await settle(pilot)
        screen = app.screen
        reader = screen.reader
        assert (reader.doc.article.id, reader.cursor) == (qingshan().id, 4)
        assert "search “纠纷” 2/3" in str(screen.query_one("FilterBar").render())
        await pilot.press("n")
        await settle(pilot)
        assert (reader.doc.article.id, reader.cursor) == (jiangxia().id, 2)
        await pilot.press("n")  # wraps to the first hit
        await settle(pilot)
        assert (reader.doc.article.id, reader.cursor) == (qingshan().id, 2)
        await pilot.press("p")
        await settle(pilot)
        assert reader.doc.article.id == jiangxia().id


async def test_matches_are_highlighted_and_the_current_one_stands_out(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        reader = await open_first_hit(pilot, "纠纷")
        line = next(reader.render_line(y) for y in range(40) if "引发纠纷" in reader.render_line(y).text)
        match = next(s.style for s in line if s.text == "纠纷")
        other = next(s.style for s in line if "引发" in s.text)
        assert match.bgcolor != other.bgcolor and match.bold


async def test_search_wins_over_the_unit_filter_for_n_and_escape_clears_it_first(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO}), True)
        await settle(pilot)
        keys = {b.binding.key: b.binding.description for b in screen.active_bindings.values()}
        assert keys["n"] == "Next mention" and keys["escape"] == "Clear filter"
        await search(pilot, "纠纷")
        await pilot.press("enter")
        await settle(pilot)
        keys = {b.binding.key: b.binding.description for b in screen.active_bindings.values()}
        assert keys["n"] == "Next match" and keys["escape"] == "Clear search"
        await pilot.press("escape")
        assert screen.search is None and screen.unit_filter
        await pilot.press("escape")
        assert not screen.unit_filter


async def test_no_matches_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await search(pilot, "不存在的词")
        assert "no matches" in str(dialog.query_one("#search-status").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # nothing to open
        await pilot.press("escape")
        assert app.screen.search is None


async def test_enter_before_results_arrive_opens_the_first_hit(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one(Input).value = "纠纷"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.search is not None


def test_snippet_is_literal_and_marks_the_match():
    text = "前文[b]很长的上下文[/b]，民警程波主动走访，后文[@click=app.quit]x[/]"
    start = text.index("程波")
    content = snippet(text, start, 2)
    assert "[b]" in content.plain and "程波" in content.plain
    assert any(content.plain[s.start : s.end] == "程波" for s in content.spans)


async def test_titles_are_searched_and_a_title_hit_opens_the_article_at_its_top(make_app):
    """平安 is in two titles and in no passage: it found nothing before (issue 16, friction 6)."""
    from tests.tui.factory import chegu

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await search(pilot, "平安")
        _, hits = dialog.result
        assert {h.article for h in hits} == {qingshan().id, chegu().id}
        assert "2 matches in 2 articles (2 titles)" in str(dialog.query_one("#search-status").render())
        assert all("(title)" in o.prompt.plain for o in dialog.query_one(OptionList).options)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        assert reader.doc.article.id == hits[0].article and reader.cursor == 0


async def test_search_respects_the_unit_filter_and_says_both_counts(make_app):
    from tests.tui.factory import MIAOSHAN

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen.unit_filter = UnitFilter(frozenset({MIAOSHAN}), True)
        await settle(pilot)
        dialog = await search(pilot, "纠纷")
        _, hits = dialog.result
        assert [h.article for h in hits] == [jiangxia().id]
        assert len(dialog.query_one(OptionList).options) == 1
        assert "3 in corpus, 1 in filter (1 article)" in str(dialog.query_one("#search-status").render())
        dialog.query_one(Input).value = "程波"  # only in the unfiltered article
        await settle(pilot)
        status = str(dialog.query_one("#search-status").render())
        assert "no matches in the filter (1 in corpus" in status


async def test_the_count_follows_each_keystroke(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await search(pilot, "")
        await pilot.press("纠")
        await settle(pilot)
        first = str(dialog.query_one("#search-status").render())
        await pilot.press("纷", "x")
        await settle(pilot)
        assert " matches in " in first
        assert str(dialog.query_one("#search-status").render()) == "no matches"


async def test_a_query_that_cannot_run_says_why_and_where_in_the_dialog(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await search(pilot, "纠纷 OR (程波")
        error = dialog.query_one("#search-error")
        shown = str(error.render())
        assert error.display and "never closed" in shown and "at character 7" in shown
        marked = next(s for s in error.render().spans if "reverse" in str(s.style))  # the ( it goes wrong at
        assert str(error.render())[marked.start : marked.end] == "("
        assert not dialog.query_one(OptionList).options and "cannot run" in str(dialog.query_one("#search-status").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # nothing to open, nothing raised
        dialog.query_one(Input).value = "纠纷 OR (程波)"
        await settle(pilot)
        assert not error.display and len(dialog.query_one(OptionList).options) == 4  # 纠纷 three times, 程波 once


async def test_a_boolean_query_highlights_each_word_and_n_steps_its_hits(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        reader = await open_first_hit(pilot, "引发纠纷 OR 程波")
        assert (reader.doc.article.id, reader.cursor) == (qingshan().id, 2)

        def style_of(word: str):
            segments = [s for y in range(40) for s in reader.render_line(y)]
            return next(s.style for s in segments if s.text == word)

        plain = next(s.style for y in range(40) for s in reader.render_line(y) if "负责人失联" in s.text)
        current, other = style_of("引发纠纷"), style_of("程波")
        assert current.bold and other.bgcolor not in (None, plain.bgcolor) and not other.bold
        await pilot.press("n")
        await settle(pilot)
        assert style_of("程波").bold and not style_of("引发纠纷").bold  # the current hit moved to 程波


async def test_a_search_past_its_time_limit_lists_what_it_found_and_says_so(make_app, monkeypatch):
    from tui.dialogs import search as dialog_module

    monkeypatch.setattr(dialog_module, "SEARCH_SECONDS", -1.0)  # out of time before the first hit
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await search(pilot, "纠纷")
        assert "the search stopped" in str(dialog.query_one("#search-status").render())


def test_the_dialog_knows_title_hits_by_the_finders_mark():
    from store.analysis.finding import TITLE as FINDING_TITLE
    from tui.dialogs.search import TITLE

    assert TITLE == FINDING_TITLE


async def test_a_catastrophic_regex_is_stopped_and_said_never_freezing_the_reader(make_app, monkeypatch):
    from store.analysis import search as search_module
    from store.db.schema import Document, Paragraph

    monkeypatch.setattr(search_module, "REGEX_SECONDS", 0.2)
    long = Document(id="long", title="长文", path="long", published="2024-01-01", paragraphs=(Paragraph(0, "a" * 5000 + "!"),))
    app = make_app([long])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        dialog = await search(pilot, "/(a+)+$/")
        shown = str(dialog.query_one("#search-error").render())
        assert "took more than" in shown and "at character 1" in shown
        dialog.query_one(Input).value = "aaa"  # and the dialog still answers
        await settle(pilot)
        assert dialog.query_one(OptionList).options
