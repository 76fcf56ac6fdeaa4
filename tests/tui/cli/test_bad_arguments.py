"""Bad arguments get a sentence and an exit status, never an exception's own text (issue 16, bugs 2 and 3).

``beat tag add ID --paragraph 99 x`` printed "beat: list index out of range"; an
unknown article, unit or paragraph now says what is allowed and exits 2 (usage); a
known unit that selects nothing says so and exits 1, and an export then writes no file.
"""

from __future__ import annotations

import pytest

from tests.tui.cli.conftest import factory_home
from tests.tui.factory import chegu, jiangxia, qingshan, sample_docs

Q, J = qingshan().id, jiangxia().id
RAW = ("Traceback", "index out of range", "KeyError", "IndexError", "ValueError", "invalid literal")

# (arguments, words the one line on stderr must hold, exit status). The home holds the three
# factory articles; qingshan has 7 paragraphs, its third (¶3) 83 characters long and tagged 纠纷.
CASES = [
    (["tag", "add", Q, "--paragraph", "99", "x"], f"article {Q} has 7 paragraphs; --paragraph takes 1–7 (got 99)", 2),
    (["tag", "add", Q, "--paragraph", "0", "x"], "--paragraph takes 1–7 (got 0)", 2),
    (["tag", "add", Q, "--paragraph", "-1", "x"], "--paragraph takes 1–7 (got -1)", 2),
    (["tag", "add", Q, "--paragraph", "3", "--start", "5", "--end", "2", "x"], "¶3 has 83 characters: --start and --end take 0–83", 2),
    (["tag", "add", Q, "--paragraph", "3", "--end", "999", "x"], "(got 0-999)", 2),
    (["tag", "add", "nope", "--paragraph", "1", "x"], "no article 'nope'; 'beat list' shows the ids", 2),
    (["tag", "add", Q, "--paragraph", "one", "x"], "argument --paragraph: invalid int value: 'one'", 2),
    (["tag", "rm"], "give the coding ids to remove", 2),
    (["tag", "rm", "--paragraph", "3"], "--paragraph and --tag choose within --article ID", 2),
    (["tag", "rm", "--article", Q, "--paragraph", "8"], "--paragraph takes 1–7 (got 8)", 2),
    (["tag", "rm", "--article", "zzz"], "no article 'zzz'", 2),
    (["tag", "rm", "no-such-coding"], "no tagged passage matched: nothing removed", 1),
    (["tag", "list", "--unit", "nowhere"], "no unit 'nowhere'", 2),
    (["tag", "list", "--unit", "武汉"], "'武汉' matches", 2),
    (["tag", "list", "--unit", "庙山派出所"], "no tagged passages mention 庙山派出所 or its sub-units", 1),
    (["tag", "list", "--tag", "反诈"], "no passages tagged 反诈", 1),
    (["show", "nope"], "no article 'nope'", 2),
    (["timeline", "--article", "nope"], "no article 'nope'", 2),
    (["timeline", "--unit", "nowhere"], "no unit 'nowhere'", 2),
    (["timeline", "--unit", "武汉市公安局", "--no-subunits"], "no dated events in passages that mention 武汉市公安局", 1),
    (["date", "nope", "2024-01-01"], "no article 'nope'", 2),
    (["date", Q, "2024-13-01"], "2024-13-01", 2),
    (["date", Q], "give the date as YYYY-MM-DD, or --clear", 2),
    (["units", "--merge", "nowhere", "武汉市公安局"], "no unit 'nowhere'", 2),
    (["export", "--format", "csv", "-o", "OUT", "--unit", "nowhere"], "no unit 'nowhere'", 2),
    (["export", "--format", "csv", "-o", "OUT", "--unit", "庙山派出所"],
     "no tagged passages mention 庙山派出所 or its sub-units: OUT not written", 1),
    (["export", "--format", "json", "-o", "OUT", "--unit", "庙山", "--unit", "人口大队"],
     "no tagged passages mention 庙山派出所 or 人口大队 or their sub-units", 1),
    (["export", "--format", "md", "-o", "OUT", "--unit", "青山区分局", "--no-subunits"],
     "no tagged passages mention 青山区分局: OUT not written", 1),
    (["export", "--format", "qdpx", "-o", "OUT", "--tag", "反诈"], "no passages tagged 反诈: OUT not written", 1),
]


@pytest.fixture
def home(tmp_path):
    return factory_home(tmp_path / "home", sample_docs(), [(Q, 2, "纠纷")])


@pytest.mark.parametrize(("argv", "says", "code"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_arguments_are_said_in_one_line_with_their_exit_status(home, beat, tmp_path, argv, says, code):
    out = tmp_path / "export.out"
    argv = [str(out) if a == "OUT" else a for a in argv]
    status, stdout, err = beat(*argv, "--home", str(home.root))
    says = says.replace("OUT", str(out))
    assert status == code, err
    assert says in err, err
    assert not any(raw in err for raw in RAW if raw not in says), err
    assert stdout == "" and err.strip().count("\n") == (0 if "usage:" not in err else err.strip().count("\n"))
    assert not out.exists()  # a refused or empty export writes nothing


def test_an_empty_export_leaves_an_earlier_file_as_it_was(home, beat, tmp_path):
    out = tmp_path / "earlier.csv"
    out.write_bytes(b"earlier")
    code, _, err = beat("export", "--format", "csv", "-o", str(out), "--unit", "庙山派出所", "--home", str(home.root))
    assert code == 1 and "not written" in err and out.read_bytes() == b"earlier"


def test_a_unit_that_matches_is_not_an_error(home, beat):
    """The counterpart of the rows above: the same commands exit 0 when the unit selects something."""
    h = str(home.root)
    assert beat("tag", "list", "--unit", "新沟桥街派出所", "--home", h)[0] == 0
    assert beat("timeline", "--unit", "武汉市公安局", "--home", h)[0] == 0  # its sub-units have events
    assert beat("tag", "list", "--home", h)[0] == 0
    assert beat("timeline", "--article", chegu().id, "--home", h)[0] == 0
    assert beat("show", J, "--home", h)[0] == 0


def test_help_documents_the_exit_statuses(beat):
    for argv in ([], ["export"], ["tag", "add"]):
        code, out, _ = beat(*argv, "--help")
        assert code == 0 and "exit status:" in out and "nothing matched" in out and "usage: an unknown" in out


@pytest.mark.parametrize("argv", [["timeline", "--unit", "庙山派出所"], ["tag", "list", "--unit", "庙山派出所"]], ids=" ".join)
def test_json_that_matches_nothing_is_still_json(home, beat, argv):
    code, out, err = beat(*argv, "--json", "--home", str(home.root))
    assert code == 1 and out.strip() == "[]" and "庙山派出所 or its sub-units" in err
