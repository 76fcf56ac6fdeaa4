"""The reader's header names who wrote the article, as the cleaner found them."""

from __future__ import annotations

from dataclasses import replace

from tests.tui.conftest import settle
from tests.tui.factory import qingshan


async def test_header_shows_bylines_with_roles(make_app):
    doc = replace(qingshan(), metadata={"记者": "甲乙 丙丁", "通讯员": "戊己", "稿件来源": "某某网"})
    app = make_app([doc])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        header = str(app.screen.query_one("ArticleHeader").render())
        assert "记者 甲乙 丙丁 · 通讯员 戊己" in header


async def test_header_draws_byline_names_as_people(make_app):
    """The cleaner moved them out of the body, so only the header can show them as people."""
    doc = replace(qingshan(), metadata={"记者": "甲乙 丙丁", "审核": "戊己"})
    app = make_app([doc])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        header = app.screen.query_one("ArticleHeader").render()
        text = str(header)
        people = {text[s.start:s.end] for s in header.spans if "beat-person" in str(s.style)}
        assert people == {"甲乙", "丙丁", "戊己"}
