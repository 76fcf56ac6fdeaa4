"""Reading: opening articles, the passage cursor, highlights, original script, positions."""

from __future__ import annotations

import time
from dataclasses import replace

from textual.strip import Strip

from tests.tui.conftest import settle
from tests.tui.factory import jiangxia, qingshan, repeated, sample_docs
from tui.widgets.reader import Reader


def screen_lines(reader: Reader) -> list[str]:
    return [reader.render_line(y).text for y in range(reader.size.height)]


def line_with(reader: Reader, needle: str) -> Strip:
    for y in range(reader.size.height):
        strip = reader.render_line(y)
        if needle in strip.text:
            return strip
    raise AssertionError(f"{needle!r} not on screen")


def style_of(strip: Strip, needle: str):
    for segment in strip:
        if needle in segment.text:
            return segment.style
    raise AssertionError(f"{needle!r} not in one segment of {strip.text!r}")


async def test_enter_opens_the_highlighted_article_in_the_reader(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = app.screen.reader
        assert reader.doc.article.id == jiangxia().id
        assert app.focused is reader
        header = str(app.screen.query_one("ArticleHeader").render())
        assert "汤逊湖畔" in header and "今日湖北" in header and "published 2025-07-07" in header
        assert "庙山派出所" in header


async def test_header_says_when_the_date_is_unknown(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        header = str(app.screen.query_one("ArticleHeader").render())
        assert "date unknown" in header and "reference date unknown" in header
        assert "date unknown" in app.screen.articles.row_content(2, 1, 40).plain


async def test_j_k_move_the_passage_cursor_and_g_G_jump(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        assert reader.cursor == 0
        await pilot.press("j", "j")
        assert reader.cursor == 2
        assert line_with(reader, "今年2月").text.startswith("▌")
        assert not line_with(reader, "在谋划").text.startswith("▌")
        await pilot.press("k")
        assert reader.cursor == 1
        await pilot.press("G")
        assert reader.cursor == len(qingshan().paragraphs) - 1
        await pilot.press("g")
        assert reader.cursor == 0


async def test_space_scrolls_a_page_and_keeps_the_cursor_in_view(make_app):
    doc = qingshan()
    doc = replace(doc, paragraphs=repeated(doc, 12).paragraphs)  # a long article
    app = make_app([doc])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        await pilot.press("space")
        await pilot.pause()
        assert reader.scroll_y > 0
        first = reader.first_line(reader.cursor)
        assert reader.scroll_y <= first < reader.scroll_y + reader.size.height
        await pilot.press("pageup")
        await pilot.pause()
        assert reader.scroll_y == 0


async def test_entities_are_coloured_by_type_and_1_to_6_toggle_them(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        base = style_of(line_with(reader, "主动走访"), "主动走访")
        person = style_of(line_with(reader, "程波"), "程波")
        unit = style_of(line_with(reader, "新沟桥街派出所民警"), "新沟桥街派出所")
        assert person.color != base.color and unit.color != base.color and person.color != unit.color
        await pilot.press("2")  # hide persons
        await pilot.pause()
        assert style_of(line_with(reader, "程波"), "程波").color == base.color
        assert style_of(line_with(reader, "新沟桥街派出所民警"), "新沟桥街派出所").color == unit.color
        legend = app.screen.query_one("Legend").render()
        assert "person" in legend.plain
        await pilot.press("2")
        await pilot.pause()
        assert style_of(line_with(reader, "程波"), "程波").color == person.color


async def test_headings_and_captions_are_set_apart(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        heading = line_with(reader, "从“等企来”")
        assert style_of(heading, "从“等企来”").bold
        caption = line_with(reader, "图为新沟桥")
        assert "▏" in caption.text.split("图为")[0]
        assert style_of(caption, "走访辖区商户").italic


async def test_o_shows_the_original_script_without_highlights(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = app.screen.reader
        assert "武汉市公安局江夏区分局庙山派出所" in "".join(screen_lines(reader))
        await pilot.press("o")
        await pilot.pause()
        text = "".join(screen_lines(reader))
        assert "武漢市公安局江夏區分局廟山派出所" in text
        header = str(app.screen.query_one("ArticleHeader").render())
        assert "湯遜湖畔" in header and "original script" in header
        strip = line_with(reader, "廟山派出所")
        assert style_of(strip, "廟山派出所").color == style_of(strip, "近年來").color
        await pilot.press("o")
        await pilot.pause()
        assert "庙山派出所" in "".join(screen_lines(reader))


async def test_clicking_a_paragraph_moves_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        reader = app.screen.reader
        y = next(i for i, line in enumerate(screen_lines(reader)) if "9月16日" in line)
        await pilot.click(Reader, offset=(10, y))
        await pilot.pause()
        assert reader.cursor == 4


async def test_position_is_written_when_leaving_an_article(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await pilot.press("tab", "tab")  # back to the list (reader → timeline → list)
        assert app.focused is app.screen.articles
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.index.corpus.user.positions() == {sample_docs()[0].id: 4}
        assert app.screen.articles.read == {sample_docs()[0].id}


async def test_moving_the_cursor_does_not_write_on_every_key(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        calls = []
        monkeypatch.setattr(app.index.corpus.user, "set_position", lambda *a: calls.append(a))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"jjjjkk")
        await settle(pilot)
        assert calls == []


async def test_a_long_article_lays_out_quickly():
    """Measured, not a benchmark: 1,000 paragraphs wrap in well under a frame budget x10."""
    from store.corpus.corpus import Corpus
    from store.db.paths import Home
    from tui.app import create_app

    doc = repeated(qingshan(), 150)
    app = create_app(Home(__import__("pathlib").Path("/nonexistent")), Corpus.from_docs([doc]))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        reader = app.screen.reader
        started = time.perf_counter()
        reader.invalidate()
        elapsed = time.perf_counter() - started
        assert len(reader._layout.heights) == 1050
        assert elapsed < 1.0, elapsed


async def test_a_failing_article_load_is_shown_and_the_app_stays_up(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)

        def broken(ref):
            raise ValueError("reference date must be YYYY-MM-DD")

        monkeypatch.setattr(app.index.corpus, "events", broken)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.is_running
        assert any("Could not open article" in n.message for n in app._notifications)


async def test_anonymised_people_are_drawn_and_toggled_as_people():
    """Issue 13: 王某, 李女士 are their own type in the data, shown in the person colour under key 2."""
    from store.corpus.corpus import Corpus
    from store.db.paths import Home
    from store.db.schema import Entity
    from tui.app import create_app

    doc = qingshan()
    text = doc.paragraphs[4].text
    start = text.index("吴卫亚")
    anon = Entity("anon", "吴卫亚", 4, start, start + 3, "吴卫亚")
    doc = replace(doc, entities=tuple(e for e in doc.entities if e.text != "吴卫亚") + (anon,))
    app = create_app(Home(__import__("pathlib").Path("/nonexistent")), Corpus.from_docs([doc]))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        reader = app.screen.reader
        base = style_of(line_with(reader, "迅速联系"), "迅速联系")
        person = style_of(line_with(reader, "程波"), "程波")
        assert style_of(line_with(reader, "吴卫亚"), "吴卫亚").color == person.color != base.color
        await pilot.press("2")
        await pilot.pause()
        assert style_of(line_with(reader, "吴卫亚"), "吴卫亚").color == base.color
