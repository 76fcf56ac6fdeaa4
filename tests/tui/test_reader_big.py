"""A huge article costs the reader what the screen shows, not what the article holds (issue 11.8).

Ingest bounds articles (:mod:`store.ingest.bounds`), but a store built before that, or
one written by hand, can still hold 50,000 paragraphs: opening it, moving, paging,
jumping to the end and leaving must each answer within a frame budget, and the
layout must not hold a line of every paragraph.
"""

from __future__ import annotations

import time
from dataclasses import replace

from store.db.schema import Document, Paragraph
from tests.tui.conftest import settle
from tests.tui.factory import qingshan

PARAGRAPHS = 50_000
BUDGET = 0.25
"""CPU seconds per key, Pilot included (~70 ms measured; the 100 ms target is for the key
alone). CPU, not wall time: the test machine is shared, and waiting for a core is not
the reader's cost. Before the lazy layout, opening this article took 16 s."""


def big_doc() -> Document:
    doc = qingshan()
    base = doc.paragraphs
    paragraphs = [replace(base[i % len(base)], index=i) for i in range(PARAGRAPHS)]
    paragraphs[-1] = Paragraph(PARAGRAPHS - 1, "最后一段：民警圆满完成任务。", "body", None)
    return replace(doc, paragraphs=tuple(paragraphs))


async def timed(pilot, *keys: str) -> float:
    started = time.process_time()
    await pilot.press(*keys)
    await pilot.pause()
    return time.process_time() - started


async def test_keys_answer_quickly_in_a_50k_paragraph_article(make_app):
    app = make_app([big_doc()])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        started = time.process_time()
        await pilot.press("enter")
        await settle(pilot)
        opened = time.process_time() - started
        reader = app.screen.reader
        assert len(reader.doc.article.paragraphs) == PARAGRAPHS
        assert opened < 4 * BUDGET, f"opening took {opened:.2f} s of CPU"
        times = {key: await timed(pilot, key) for key in ("j", "space", "space", "k", "pageup")}
        times["G"] = await timed(pilot, "G")
        assert reader.cursor == PARAGRAPHS - 1
        lines = [reader.render_line(y).text for y in range(reader.size.height)]
        assert any("最后一段" in line for line in lines), "G shows the last paragraph"
        times["g"] = await timed(pilot, "g")
        assert reader.cursor == 0 and reader.scroll_y == 0
        slow = {k: round(v, 3) for k, v in times.items() if v > BUDGET}
        assert not slow, f"keys over {BUDGET} s: {slow}"
        assert len(reader._cached_blocks()) < 1_000, "only the paragraphs near the view are laid out"
        started = time.process_time()
        await pilot.press("q")
        await pilot.pause()
    assert time.process_time() - started < 4 * BUDGET


def uneven_doc(count: int = 3_000) -> Document:
    """Paragraphs whose heights the length estimate gets wrong: long Latin words wrap early."""
    words = ["Interoperability", "民警", "reconnaissance", "巡逻。", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "辖区"]
    paragraphs = tuple(
        Paragraph(i, f"第{i}段 " + " ".join(words[(i + k) % len(words)] for k in range(5 + i % 37))) for i in range(count)
    )
    return replace(qingshan(), paragraphs=paragraphs, entities=(), events=())


def rows(reader) -> list[str]:
    return [reader.render_line(y).text[2:] for y in range(reader.size.height)]  # without the gutter


def line_at(reader, row: int) -> tuple[int, int]:
    """(paragraph, line within its block) shown on ``row``."""
    layout = reader._layout
    index = round(reader.scroll_y) + row
    paragraph = layout.paragraph_at(index)
    return paragraph, index - layout.tops[paragraph]


async def test_scrolling_up_from_the_end_never_jumps(make_app):
    """Estimated paragraphs laid out above the view move the view with them."""
    app = make_app([uneven_doc()])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        await pilot.press("G")
        await pilot.pause()
        last = reader.size.height - 1
        estimates_wrong = 0
        for _ in range(12):
            before, top = rows(reader), line_at(reader, 0)
            heights = list(reader._layout.heights)
            reader.scroll_to(y=round(reader.scroll_y) - last, animate=False)  # a screen up, as the wheel does
            await pilot.pause()
            estimates_wrong += heights != reader._layout.heights
            assert line_at(reader, last) == top, "the old top line is now the bottom line"
            assert rows(reader)[last] == before[0]
        assert estimates_wrong, "the test must exercise a wrong estimate"


async def test_new_tags_keep_the_text_in_view_where_it_was(make_app):
    from store.corpus.tags import Coding

    app = make_app([uneven_doc()])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.reader
        reader.scroll_to(y=20_000, animate=False)
        await pilot.pause()
        before = rows(reader)
        text = reader.doc.article.paragraphs[0].text
        coding = Coding("c1", "纠纷", reader.doc.article.id, 0, 0, 2, text[:2], "", text[2:12], 0)
        reader.set_tags([coding], {"纠纷": "red"})
        await pilot.pause()
        assert rows(reader) == before
