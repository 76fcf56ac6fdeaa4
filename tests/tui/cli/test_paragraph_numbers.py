"""One paragraph numbering, from 1, wherever a person reads or types it (issue 16, bug 1).

The reader and the Markdown report said ¶3 for the third paragraph while ``beat tag
list``, ``tag add --paragraph``, the CSV and the JSON export counted from 0: typing the
number the reader showed tagged the next paragraph. Here one coding on the third
paragraph of ``qingshan`` (index 2) must read ¶3 / 3 everywhere, with JSON keeping the
0-based ``index`` beside it, and QDPX positions still cutting the quote exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest

from tests.tui.cli.conftest import factory_home
from tests.tui.factory import qingshan, sample_docs

THIRD = qingshan().paragraphs[2].text  # "今年2月，青山印象城一舞蹈学校…"


@pytest.fixture
def tagged(tmp_path):
    """Qingshan's third paragraph (index 2) tagged 纠纷, written by the tag book, not the CLI."""
    return factory_home(tmp_path / "home", sample_docs(), [(qingshan().id, 2, "纠纷")])


def test_tag_add_takes_the_number_the_reader_shows(sample_home, beat):
    h = str(sample_home.root)
    code, _, err = beat("tag", "add", qingshan().id, "--paragraph", "3", "纠纷", "--home", h)
    assert code == 0, err
    (coding,) = json.loads(beat("tag", "list", "--json", "--home", h)[1])
    assert coding["quote"] == THIRD
    assert (coding["paragraph"], coding["index"]) == (3, 2)


def test_tag_list_prints_the_number_the_reader_shows(tagged, beat):
    code, out, _ = beat("tag", "list", "--home", str(tagged.root))
    assert code == 0
    assert re.search(r"\s¶3\s", out) and "¶2" not in out


def test_tag_rm_paragraph_counts_from_one(tagged, beat):
    h = str(tagged.root)
    code, _, err = beat("tag", "rm", "--article", qingshan().id, "--paragraph", "3", "--home", h)
    assert code == 0 and "removed 1 tagged passage" in err
    assert json.loads(beat("tag", "list", "--json", "--home", h)[1]) == []


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "qdpx"])
def test_every_export_numbers_the_paragraph_from_one(tagged, beat, tmp_path, fmt):
    out = tmp_path / f"x.{fmt}"
    code, _, err = beat("export", "--format", fmt, "-o", str(out), "--home", str(tagged.root))
    assert code == 0, err
    if fmt == "csv":
        (row,) = csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))
        assert row["paragraph"] == "3" and "index" not in row  # CSV is for people: one number
    elif fmt == "json":
        (row,) = json.loads(out.read_text("utf-8"))
        assert (row["paragraph"], row["index"]) == (3, 2)
    elif fmt == "md":
        assert "¶3" in out.read_text("utf-8")
    else:  # QDPX counts code points in its own source text: unchanged, the quote still cut exactly
        with zipfile.ZipFile(out) as z:
            project = z.read("project.qde").decode("utf-8")
            (source,) = [n for n in z.namelist() if n.startswith("sources/")]
            text = z.read(source).decode("utf-8")
        start, end = map(int, re.search(r'startPosition="(\d+)" endPosition="(\d+)"', project).groups())
        assert text[start:end] == THIRD


def test_show_and_timeline_json_number_paragraphs_from_one_with_a_zero_based_index(sample_home, beat):
    h = str(sample_home.root)
    doc = json.loads(beat("show", qingshan().id, "--json", "--home", h)[1])
    assert [(p["paragraph"], p["index"]) for p in doc["paragraphs"][:3]] == [(1, 0), (2, 1), (3, 2)]
    for record in doc["entities"] + doc["events"]:
        assert record["paragraph"] == record["index"] + 1
        assert doc["paragraphs"][record["index"]]["text"][record["start"] : record["end"]] == record["text"]
    events = json.loads(beat("timeline", "--json", "--article", qingshan().id, "--home", h)[1])
    assert {(e["paragraph"], e["index"]) for e in events} == {(3, 2), (5, 4), (6, 5), (7, 6)}


async def test_the_reader_shows_the_number_the_cli_prints(tagged, beat):
    """The tag browser (Pilot) and ``beat tag list`` name the same paragraph ¶3; enter puts the reader's cursor on it."""
    from store.corpus.corpus import Corpus
    from store.db.userstore import UserStore
    from tests.tui.conftest import settle
    from tui.app import create_app

    assert re.search(r"\s¶3\s", beat("tag", "list", "--home", str(tagged.root))[1])
    app = create_app(tagged, Corpus.open(tagged, UserStore(tagged.user)))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("number_sign")
        await settle(pilot)
        passages = app.screen.query_one("#tb-passages")
        assert passages.option_count == 1
        assert " · ¶3 · " in str(passages.get_option_at_index(0).prompt)
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert app.main.reader.cursor == 2  # the third paragraph, index 2
