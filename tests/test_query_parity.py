"""The shell and the screen give the same answers: ``beat`` and the reader on one store.

Issue 12: ``beat export --unit 庙山派出所`` wrote 0 passages while the reader, with the
same name, found them; the CLI's date check took ``2025-1-5``. Both now go through
``store.corpus.query`` and ``store.db.dates``; these tests ask the same unit, date and
tag questions of the CLI, the query layer and the running reader, and compare.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex, UnitFilter, UnitLookupError
from store.corpus.tags import TagBook
from store.db import derived
from store.db.dates import InvalidDate, iso_date
from store.db.paths import Home
from store.db.userstore import UserStore
from tests.tui.conftest import settle
from tests.tui.factory import (
    JIANGXIA,
    JINGKAI,
    MIAOSHAN,
    QINGSHAN,
    RENKOU,
    XINGZHEN,
    chegu,
    jiangxia,
    qingshan,
    sample_docs,
)
from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shared(tmp_path: Path) -> Home:
    """A data home holding the test corpus (no build, no jieba) and some tagged passages.

    Tagged: the 庙山 paragraph (¶0 of jiangxia), a 新沟桥 paragraph (¶2 of qingshan),
    the 八吉府 one (¶4), a 刑侦大队 one of chegu (¶0), and an orphan of chegu (its quote
    gone from the text: it counts under every unit chegu mentions).
    """
    home = Home(tmp_path / "home")
    derived.write(home.root, {}, sample_docs(), rank=lambda row: 0)
    user = UserStore(home.user)
    book = TagBook(user)
    corpus = Corpus.open(home, user)
    for doc, paragraph, tag in ((jiangxia(), 0, "社区"), (qingshan(), 2, "纠纷"), (qingshan(), 4, "纠纷"), (chegu(), 0, "盗窃"), (chegu(), 4, "走访")):
        texts = corpus.paragraph_texts(doc.id)
        book.add(doc.id, texts, paragraph, 0, len(texts[paragraph]), [tag])
    book.reanchor_all(lambda article: ["全新的文字"] if article == chegu().id else corpus.paragraph_texts(article))
    user.close()
    return home


def cli_json(capsys, home: Home, *argv: str) -> list[dict]:
    """The JSON a command prints; a filter that matches nothing prints [] and exits 1 (issue 16)."""
    code, out, err = run(capsys, *argv, "--home", str(home.root))
    assert code == 0 or (code == 1 and json.loads(out) == [] and "no " in err), err
    return json.loads(out)


def open_index(home: Home) -> tuple[CorpusIndex, TagBook]:
    user = UserStore(home.user)
    return CorpusIndex.build(Corpus.open(home, user)), TagBook(user)


# --- units ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "key"),
    [
        (MIAOSHAN, MIAOSHAN),  # the key
        ("庙山派出所", MIAOSHAN),  # the name
        ("车谷公安", JINGKAI),  # an alias
        ("人口管理大队", RENKOU),  # an alias of a sub-unit
        ("庙山", MIAOSHAN),  # a unique prefix of a name
        ("江夏区分局", JIANGXIA),  # an exact name beats the longer names it begins
        (" 青山区分局 ", QINGSHAN),  # spaces around are not part of the name
    ],
)
def test_unit_lookup_by_key_name_alias_or_unique_prefix(shared, ref, key):
    index, _ = open_index(shared)
    assert index.lookup_unit(ref) == key


@pytest.mark.parametrize(("ref", "ambiguous"), [("武汉", True), ("派出所", False), ("nope", False), ("", False)])
def test_an_ambiguous_or_unknown_unit_is_an_error_listing_candidates(shared, capsys, ref, ambiguous):
    index, _ = open_index(shared)
    with pytest.raises(UnitLookupError) as caught:
        index.lookup_unit(ref)
    assert caught.value.ambiguous is ambiguous
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(shared.root / "x.json"), "--unit", ref, "--home", str(shared.root))
    assert code == 2 and str(caught.value) in err
    if ref == "武汉":
        assert "武汉市公安局" in err and "matches" in err  # the candidates are listed
    if ref == "派出所":  # in no name's start, but inside some: suggested
        assert "庙山派出所" in err and "did you mean" in err


def test_export_by_unit_name_finds_what_the_query_layer_finds(shared, capsys, tmp_path):
    out = tmp_path / "x.json"
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(out), "--unit", "庙山派出所", "--home", str(shared.root))
    assert code == 0 and "wrote 1 " in err
    cli = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["article"], r["index"], r["tag"]) for r in cli] == [(jiangxia().id, 0, "社区")]
    index, book = open_index(shared)
    units = index.passage_units()
    keys = index.expand(UnitFilter(frozenset({MIAOSHAN})))
    assert [(c.article, c.paragraph, c.tag) for c in book.codings() if units.matches(c, keys)] == [
        (r["article"], r["index"], r["tag"]) for r in cli
    ]


def test_subunits_on_by_default_and_off_on_request(shared, capsys, tmp_path):
    out = tmp_path / "x.json"
    h = str(shared.root)
    assert run(capsys, "export", "--format", "json", "-o", str(out), "--unit", "青山区分局", "--home", h)[0] == 0
    with_sub = {(r["article"], r["index"]) for r in json.loads(out.read_text(encoding="utf-8"))}
    assert with_sub == {(qingshan().id, 2), (qingshan().id, 4)}  # 新沟桥 and 八吉府 are under 青山
    out.unlink()
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(out), "--unit", "青山区分局", "--no-subunits", "--home", h)
    assert code == 1 and "no tagged passages mention 青山区分局" in err  # neither paragraph names 青山区分局 itself
    assert not out.exists()  # and no empty export is written (issue 16)


def test_an_orphan_counts_under_its_articles_units_everywhere(shared, capsys, tmp_path):
    """One orphan rule: CLI export, CLI tag list and the query layer agree."""
    h = str(shared.root)
    out = tmp_path / "x.json"
    assert run(capsys, "export", "--format", "json", "-o", str(out), "--unit", "人口大队", "--home", h)[0] == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    listed = cli_json(capsys, shared, "tag", "list", "--json", "--unit", "人口大队")
    assert {r["tag"] for r in exported} == {c["tag"] for c in listed} == {"盗窃", "走访"}  # both are orphans now
    assert all(r["orphan"] for r in exported)
    assert {RENKOU, XINGZHEN, JINGKAI} <= set(exported[0]["units"])  # the article's units


# --- timeline ------------------------------------------------------------------------


@pytest.mark.parametrize(("refs", "subunits"), [(["经开区公安分局"], True), (["经开区公安分局"], False), (["新沟桥街派出所", "庙山"], True), ([], True)])
def test_timeline_cli_equals_the_index_timeline(shared, capsys, refs, subunits):
    argv = [a for r in refs for a in ("--unit", r)] + ([] if subunits else ["--no-subunits"])
    cli = cli_json(capsys, shared, "timeline", "--json", *argv)
    index, _ = open_index(shared)
    flt = UnitFilter(frozenset(index.lookup_unit(r) for r in refs), subunits)
    assert [(r["article"], r["index"], r["start"]) for r in cli] == [
        (aid, ev.paragraph, ev.start) for aid, ev in index.timeline(flt)
    ]


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2025-1-5", "2025-02-30", "2025/01/05", "20250105", "2025-W01-1", "昨天", "2025-01-05x"])
def test_one_date_rule_for_cli_dialog_and_store(shared, capsys, bad):
    from tui.dialogs.date_dialog import IsoDate

    with pytest.raises(InvalidDate):
        iso_date(bad)
    assert not IsoDate().validate(bad).is_valid
    assert run(capsys, "date", qingshan().id, bad, "--home", str(shared.root))[0] == 2
    with pytest.raises(InvalidDate):
        UserStore(shared.user).set_reference_date(qingshan().id, bad)
    assert UserStore(shared.user).reference_dates() == {}


# --- the reader ------------------------------------------------------------------------


async def test_the_reader_finds_with_a_name_what_the_cli_finds(shared, capsys, tmp_path):
    """Type 庙山派出所 in the unit picker: the reader's articles, tagged passages, timeline and export match the CLI's."""
    from tui.app import create_app
    from tui.dialogs.unit_picker import UnitPicker

    h = str(shared.root)
    cli_out = tmp_path / "cli.json"
    assert run(capsys, "export", "--format", "json", "-o", str(cli_out), "--unit", "庙山派出所", "--home", h)[0] == 0
    cli_timeline = cli_json(capsys, shared, "timeline", "--json", "--unit", "庙山派出所")
    cli_tags = cli_json(capsys, shared, "tag", "list", "--json", "--unit", "庙山派出所")

    app = create_app(shared, Corpus.open(shared, UserStore(shared.user)))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, UnitPicker)
        picker.query_one("QueryInput").value = "庙山派出所"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        main_screen = app.main
        assert main_screen.unit_filter == UnitFilter(frozenset({MIAOSHAN}), True)
        assert [a.id for a in main_screen.articles.articles] == [jiangxia().id]
        await pilot.press("c")  # the corpus timeline under the filter
        await settle(pilot)
        events = [(r.article, r.paragraph, r.start) for r in main_screen.timeline.rows if r.kind == "event"]
        assert events == [(r["article"], r["index"], r["start"]) for r in cli_timeline]
        reader_out = tmp_path / "reader.json"
        result = app.workspace.export("json", reader_out, main_screen.focus_keys)
        assert result.passages == 1
        await pilot.press("number_sign")
        await settle(pilot)
        browser = app.screen
        listed = [c.id for cs in browser.by_tag.values() for c in cs]
    assert listed == [c["id"] for c in cli_tags]
    assert json.loads(reader_out.read_text(encoding="utf-8")) == json.loads(cli_out.read_text(encoding="utf-8"))
