"""``--home`` means one data home wherever it is written (issue 11, item 1).

Each subcommand used to re-declare ``--home`` with a default of None, and argparse
lets a subparser's default overwrite what the main parser read, so
``beat --home DIR build`` built the default home.
"""

from __future__ import annotations

import json

import pytest

from store.db.paths import Home
from tui.cli.main import COMMANDS, home_of, main
from tui.cli.parser import build_parser

# The smallest valid arguments of every command; the test fails when a command is added
# without a row here, so every new command gets its --home checked too.
MINIMAL: dict[str, list[list[str]]] = {
    "tui": [[]],
    "build": [["build"]],
    "convert-store": [["convert-store", "sqlite"]],
    "import": [["import", "a.txt"]],
    "list": [["list"]],
    "show": [["show", "ID"]],
    "units": [["units"], ["units", "--alias", "A", "K"]],
    "timeline": [["timeline"]],
    "date": [["date", "ID", "2024-01-01"]],
    "tag": [
        ["tag", "add", "ID", "--paragraph", "1", "t"],
        ["tag", "list"],
        ["tag", "rm", "C"],
    ],
    "export": [["export", "--format", "csv", "-o", "f.csv"]],
    "entity": [
        ["entity", "reject", "ID", "T"],
        ["entity", "add", "ID", "T", "--type", "person"],
        ["entity", "corrections"],
        ["entity", "forget", "C"],
    ],
    "import-qdpx": [["import-qdpx", "p.qdpx"]],
    "agreement": [["agreement"]],
    "coder": [["coder"], ["coder", "名"]],
    "search": [["search", "诈骗"], ["search", "诈骗", "--save", "N"]],
    "searches": [["searches"], ["searches", "--delete", "N"]],
    "kwic": [["kwic", "诈骗"]],
    "counts": [["counts", "诈骗"], ["counts", "--table"]],
    "cooccur": [["cooccur"]],
    "reposts": [["reposts"]],
    "figures": [["figures"]],
}


def _tag_actions() -> set[str]:
    sub = next(a for a in build_parser()._subparsers._group_actions)  # noqa: SLF001 - introspecting our own parser
    tag = sub.choices["tag"]
    return set(next(a for a in tag._subparsers._group_actions).choices)  # noqa: SLF001


def _placements(argv: list[str], where: str) -> list[list[str]]:
    """``argv`` with ``--home DIR`` before the command, after each command word, and at the end."""
    opt = ["--home", where]
    if not argv:
        return [opt]
    words = 2 if argv[0] in ("tag", "entity") else 1
    out = [opt + argv]
    for n in range(1, words + 1):
        out.append(argv[:n] + opt + argv[n:])
    out.append(argv + opt)
    return out


def test_the_table_covers_every_command():
    assert set(MINIMAL) == set(COMMANDS)
    assert {argv[1] for argv in MINIMAL["tag"]} == _tag_actions()


CASES = [
    pytest.param(placed, id=" ".join(placed).replace("/x/h", "DIR") or "tui")
    for rows in MINIMAL.values()
    for argv in rows
    for placed in _placements(argv, "/x/h")
]


@pytest.mark.parametrize("argv", CASES)
def test_every_position_of_home_gives_the_same_home(argv, monkeypatch, tmp_path):
    monkeypatch.setenv("BEAT_HOME", str(tmp_path / "env"))
    assert home_of(build_parser().parse_args(argv)) == Home(__import__("pathlib").Path("/x/h"))


@pytest.mark.parametrize("argv", [argv for rows in MINIMAL.values() for argv in rows], ids=" ".join)
def test_beat_home_is_used_when_no_home_is_given(argv, monkeypatch, tmp_path):
    monkeypatch.setenv("BEAT_HOME", str(tmp_path / "env"))
    assert home_of(build_parser().parse_args(argv)) == Home((tmp_path / "env").resolve())


def test_home_before_the_command_really_reads_that_home(built_home, monkeypatch, tmp_path, capsys):
    """End to end: the form ``beat --help`` shows; the environment points at an empty home."""
    monkeypatch.setenv("BEAT_HOME", str(tmp_path / "empty"))
    assert main(["--home", str(built_home.root), "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5
    assert main(["tag", "--home", str(built_home.root), "list", "--json"]) == 0
    assert not (tmp_path / "empty").exists()
