"""Tagging from the reader: the tag dialog, selections, x / M, undo, the tag browser."""

from __future__ import annotations

from store.corpus.query import UnitFilter
from tests.tui.conftest import settle
from tests.tui.factory import XINGOUQIAO, qingshan
from tui.screens.tag_browser import TagBrowser

PARA2 = qingshan().paragraphs[2].text


async def open_first(pilot, *keys: str) -> None:
    await settle(pilot)
    await pilot.press("enter", *keys)
    await settle(pilot)


async def tag(pilot, names: str, memo: str = "") -> None:
    """Press t, type ``names`` (and a memo) in the dialog, save."""
    await pilot.press("t")
    await settle(pilot)
    dialog = pilot.app.screen
    dialog.query_one("#tag-names").value = names
    dialog.query_one("#tag-memo").value = memo
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


def reader_text(app) -> str:
    reader = app.screen.reader
    return "\n".join(reader.render_line(y).text for y in range(reader.size.height))


async def test_t_tags_the_passage_with_two_tags(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await tag(pilot, "纠纷、警企合作", "first memo")
        codings = app.tagbook.codings()
        assert sorted(c.tag for c in codings) == ["纠纷", "警企合作"]
        assert all(c.paragraph == 2 and c.quote == PARA2 and c.memo == "first memo" for c in codings)
        assert "▌┃  # 纠纷 ✎ · 警企合作 ✎" in reader_text(app)
        assert app.index.tag_count(qingshan().id) == 2
        assert "2 tags" in app.screen.articles.row_content(0, 1, 40).plain
        assert app.timings["tag_write"] < 0.2


async def test_v_selection_tags_exactly_one_clause(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j", "v")
        assert app.screen.reader.selection.quote == PARA2[: PARA2.index("。") + 1]
        await pilot.press("h", "h", "h", "right", "right")
        assert app.screen.reader.selection.quote == "负责人失联"
        await pilot.press("l")
        assert app.screen.reader.selection.quote == "负责人失联，引发纠纷。"
        await pilot.press("left_square_bracket")
        assert app.screen.reader.selection.quote == "负责人失联"
        await tag(pilot, "失联")
        (c,) = app.tagbook.codings()
        assert c.quote == "负责人失联" and PARA2[c.start : c.end] == "负责人失联"
        assert app.screen.reader.selection is None


async def test_escape_cancels_the_selection_before_anything_else(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j", "v")
        app.screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO}))
        await pilot.press("escape")
        assert app.screen.reader.selection is None and app.screen.unit_filter


async def test_completion_by_pinyin_initials(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot)
        await tag(pilot, "纠纷化解")
        await pilot.press("j", "t")
        await settle(pilot)
        await pilot.press("j", "f")
        await settle(pilot)
        dialog = app.screen
        assert dialog._completions == ["纠纷化解"]
        await pilot.press("tab")
        assert dialog.query_one("#tag-names").value == "纠纷化解、"
        await pilot.press("enter")
        await settle(pilot)
        assert [c.paragraph for c in app.tagbook.codings(tag="纠纷化解")] == [0, 1]


async def test_x_removes_and_memo_and_undo_redo_several_steps(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await tag(pilot, "甲 乙")
        # M with two tags asks which; the first is highlighted
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("Input").value = "备注"
        await pilot.press("enter")
        await settle(pilot)
        assert [c.memo for c in app.tagbook.codings(tag="乙")] == ["备注"]
        # x: choose 乙 (second in start/tag order? the dialog lists the passage's codings)
        await pilot.press("x")
        await settle(pilot)
        options = app.screen.query_one("OptionList")
        target = next(i for i in range(options.option_count) if "乙" in str(options.get_option_at_index(i).prompt))
        options.highlighted = target
        await pilot.press("enter")
        await settle(pilot)
        assert [c.tag for c in app.tagbook.codings()] == ["甲"]
        assert app.index.tag_count(qingshan().id) == 1
        await pilot.press("ctrl+z")  # the remove
        assert sorted(c.tag for c in app.tagbook.codings()) == ["乙", "甲"]
        await pilot.press("ctrl+z")  # the memo
        assert [c.memo for c in app.tagbook.codings(tag="乙")] == [""]
        await pilot.press("ctrl+z")  # the add
        assert app.tagbook.codings() == [] and app.index.tag_count(qingshan().id) == 0
        await settle(pilot)
        assert "#" not in reader_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any("Nothing to undo" in n.message for n in app._notifications)
        await pilot.press("ctrl+y", "ctrl+y")
        assert [c.memo for c in app.tagbook.codings(tag="乙")] == ["备注"]
        assert any("Redid: edit memo" in n.message for n in app._notifications)


async def test_single_tag_x_removes_without_asking(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot)
        await tag(pilot, "一个")
        await pilot.press("x")
        await settle(pilot)
        assert app.tagbook.codings() == []


async def test_tag_browser_lists_and_opens_a_passage(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j", "j", "j")
        await tag(pilot, "钢材")
        await pilot.press("g")
        await tag(pilot, "钢材")
        await pilot.press("number_sign")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, TagBrowser)
        passages = browser.query_one("#tb-passages")
        assert passages.option_count == 2
        assert "9月16日" in str(passages.get_option_at_index(1).prompt)
        assert "保一方平安" in str(passages.get_option_at_index(1).prompt)
        assert "八吉府街派出所" in str(passages.get_option_at_index(1).prompt)
        assert str(browser.query_one("#tb-tags").get_option_at_index(0).prompt) == "■ 钢材  2"
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, TagBrowser)
        assert app.screen.reader.cursor == 4


async def test_tag_browser_respects_the_unit_filter_and_lists_orphans(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await tag(pilot, "走访")
        await pilot.press("j", "j")
        await tag(pilot, "走访")
        app.screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO}))
        await settle(pilot)
        await pilot.press("number_sign")
        await settle(pilot)
        assert app.screen.query_one("#tb-passages").option_count == 1  # ¶5 mentions 八吉府, not 新沟桥
        await pilot.press("escape")
        await settle(pilot)
        # the text changed under the tags (a rebuild): they become orphans, still listed
        app.tagbook.reanchor_all(lambda article: ["全新的文字"])
        app.tags_changed()
        await pilot.press("number_sign")
        await settle(pilot)
        passages = app.screen.query_one("#tb-passages")
        assert passages.option_count == 2  # an orphan counts when its article mentions the unit
        assert all("[orphan]" in str(passages.get_option_at_index(i).prompt) for i in range(2))


async def test_browser_rename_merge_delete_with_undo(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot)
        await tag(pilot, "甲")
        await pilot.press("j")
        await tag(pilot, "乙")
        await pilot.press("number_sign")
        await settle(pilot)
        browser = app.screen
        browser.query_one("#tb-tags").highlighted = [t.name for t in browser.tags].index("甲")
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("Input").value = "丙"
        await pilot.press("enter")
        await settle(pilot)
        assert {t.name for t in app.tagbook.tags()} == {"乙", "丙"}
        # merge 乙 into 丙
        browser.query_one("#tb-tags").highlighted = [t.name for t in browser.tags].index("乙")
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert {t.name for t in app.tagbook.tags()} == {"丙"}
        assert len(app.tagbook.codings(tag="丙")) == 2
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.tagbook.tags() == [] and app.tagbook.codings() == []
        assert browser.query_one("#tb-tags").option_count == 0
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(app.tagbook.codings(tag="丙")) == 2 and browser.query_one("#tb-tags").option_count == 1
        await pilot.press("ctrl+z")
        assert {t.name for t in app.tagbook.tags()} == {"乙", "丙"}
        await pilot.press("ctrl+z")
        assert {t.name for t in app.tagbook.tags()} == {"甲", "乙"}


async def test_markup_in_a_tag_name_or_memo_shows_literally(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await tag(pilot, "[bold]x", "[@click=app.quit]m[/]")  # no "/" in the name: it is the path separator now (issue 19)
        assert [c.tag for c in app.tagbook.codings()] == ["[bold]x"]
        assert "# [bold]x ✎" in reader_text(app)
        await pilot.press("number_sign")
        await settle(pilot)
        browser = app.screen
        assert "[bold]x" in str(browser.query_one("#tb-tags").get_option_at_index(0).prompt)
        assert "[@click=app.quit]m[/]" in str(browser.query_one("#tb-passages").get_option_at_index(0).prompt)
        assert app.is_running


async def test_export_from_the_palette_writes_the_file(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await tag(pilot, "纠纷")
        target = tmp_path / "out.csv"
        app.ask_export("csv")
        await settle(pilot)
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        text = target.read_text(encoding="utf-8-sig")
        assert "纠纷" in text and "负责人失联" in text
        titles = [c.title for c in app.get_system_commands(app.main)]
        assert "Export tagged passages as QDPX" in titles
        assert any(t.startswith("Tag ¶") for t in titles)


async def test_browser_M_edits_the_tag_memo_undoably(make_app):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot)
        await tag(pilot, "甲")
        await pilot.press("number_sign")
        await settle(pilot)
        browser = app.screen
        assert "M writes one" in str(browser.query_one("#tb-memo").render())
        await pilot.press("e")
        await settle(pilot)
        prompt = app.screen
        assert prompt.query_one("Input").value == ""
        prompt.query_one("Input").value = " 冲突 [b]x[/] "
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is browser and app.tagbook.tag("甲").memo == "冲突 [b]x[/]"
        assert "冲突 [b]x[/]" in str(browser.query_one("#tb-memo").render())  # literal, not markup
        assert "冲突 [b]x[/]" in str(browser.query_one("#tb-tags").get_option_at_index(0).prompt)
        await pilot.press("e")  # the prompt starts from the memo it edits
        await settle(pilot)
        assert app.screen.query_one("Input").value == "冲突 [b]x[/]"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.tagbook.tag("甲").memo == ""
        assert "M writes one" in str(browser.query_one("#tb-memo").render())
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.tagbook.tag("甲").memo == "冲突 [b]x[/]"
        assert any("Redid: memo of 甲" in n.message for n in app._notifications)


async def test_ctrl_z_while_typing_leaves_the_tags_alone(make_app):
    """Every text field lives in a ModalScreen, and Textual ends a modal's binding chain at
    the modal: the app's ctrl+z / ctrl+y (tag undo) cannot fire while one has focus."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot)
        await tag(pilot, "甲")
        assert "ctrl+z" in app.screen.active_bindings
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert "ctrl+z" not in dialog.active_bindings and "ctrl+y" not in dialog.active_bindings
        await pilot.press("a", "b", "ctrl+z", "ctrl+y")
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#tag-names").value == "ab"
        assert [c.tag for c in app.tagbook.codings()] == ["甲"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # the memo prompt: a text field as well
        await settle(pilot)
        await pilot.press("x", "ctrl+z")
        await settle(pilot)
        assert [c.tag for c in app.tagbook.codings()] == ["甲"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+z")  # back in the reader, ctrl+z undoes the tag
        await settle(pilot)
        assert app.tagbook.codings() == []


def footer_keys(app) -> dict[str, object]:
    """Key -> region of each key the footer shows."""
    return {k.key: k.region for k in app.screen.query("FooterKey")}


async def test_footer_at_80_columns_shows_the_tagging_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for state in ("list", "reader", "tagged passage", "unit filter"):
            if state == "reader":
                await pilot.press("enter")
            elif state == "tagged passage":
                await tag(pilot, "甲")
            elif state == "unit filter":
                app.screen.unit_filter = UnitFilter(frozenset({XINGOUQIAO}))
            await settle(pilot)
            keys = footer_keys(app)
            wanted = ("t", "number_sign") + (("x", "e") if state in ("tagged passage", "unit filter") else ())
            for key in wanted:
                region = keys[key]
                assert region.width and region.right <= 80, f"{key} cut off in the {state} footer: {region}"
        await pilot.press("number_sign")  # the tag browser's keys fit too (compact when narrow)
        await settle(pilot)
        keys = footer_keys(app)
        assert all(keys[k].width and keys[k].right <= 80 for k in ("r", "m", "c", "e", "d", "question_mark"))


async def test_tag_browser_shows_the_code_tree_with_counts_rolled_up_and_moves_by_keyboard(make_app):
    """Issue 19: tags are paths; levels sorted by pinyin (反 fan before 组 zu, which code point order reverses)."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot)
        await tag(pilot, "组织/派出所")
        await pilot.press("j")
        await tag(pilot, "组织/派出所/社区警务")
        await pilot.press("j")
        await tag(pilot, "反诈")
        await pilot.press("number_sign")
        await settle(pilot)
        browser = app.screen
        tags = browser.query_one("#tb-tags")
        rows = [str(tags.get_option_at_index(i).prompt) for i in range(tags.option_count)]
        assert [r.strip().split("  ")[0] for r in rows] == ["■ 反诈", "▸ 组织", "■ 派出所", "■ 社区警务"]
        assert rows[1].endswith("  2") and rows[2].strip().endswith("  2") and rows[3].strip().endswith("  1")
        assert tags.get_option_at_index(2).id == "组织/派出所" and rows[2].startswith("  ")
        tags.highlighted = 3
        await pilot.press("less_than_sign")  # 社区警务 one level up: 组织/社区警务
        await settle(pilot)
        assert {t.name for t in app.tagbook.tags()} == {"组织/派出所", "组织/社区警务", "反诈"}
        await pilot.press("s")  # by passages
        await settle(pilot)
        assert browser.by_count


async def test_the_coder_is_asked_once_then_stamped_on_every_coding(make_app):
    """Issue 19: the first tag in a data home without a coder asks for the name; later tags don't ask."""
    app = make_app(coder=None)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await pilot.press("t")
        await settle(pilot)
        prompt = app.screen
        prompt.query_one("#prompt-input").value = "王明"
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#tag-names").value = "纠纷"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j")
        await tag(pilot, "走访")  # no second question
        assert [(c.tag, c.coder) for c in app.tagbook.codings()] == [("纠纷", "王明"), ("走访", "王明")]
        assert app.workspace.coder() == "王明"


async def test_agreement_from_the_palette_lists_disagreements_and_opens_one(make_app):
    """Issue 19: two coders on one article; the palette's agreement lists where they differ, Enter goes there."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first(pilot, "j", "j")
        await tag(pilot, "纠纷")
        aid = app.main.article_id
        app.workspace.add_tags(aid, 2, ["纠纷"], coder="乙")
        app.workspace.add_tags(aid, 4, ["纠纷"], coder="乙")  # 乙 only: a disagreement in ¶5
        app.main.open_article(aid, 0)
        await settle(pilot)
        (command,) = [c for c in app.get_system_commands(app.main) if c.title == "Inter-coder agreement"]
        command.callback()
        await settle(pilot)
        dialog = app.screen
        text = str(dialog.query_one("OptionList").get_option_at_index(0).prompt)
        assert "¶5" in text and "乙 only" in text
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.article_id == aid and app.screen.reader.cursor == 4
