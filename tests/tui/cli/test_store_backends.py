"""``beat build --store`` and ``beat convert-store`` (issue 18): the same corpus on either index.

Converting moves the rows and side files without analysing anything, and every
command answers the same before and after; the choice is kept by later builds,
rebuilds included; a home with no store, or a damaged one, is told what to run.
"""

from __future__ import annotations

import shutil

import pytest

from store.db import derived
from store.db.paths import Home
from tui.cli.main import main

READS = [["list", "--json"], ["units", "--json"], ["timeline", "--json"], ["search", "民警", "--json"], ["counts", "--table", "--json"]]


def run(capsys, home: Home, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--home", str(home.root)])
    out, err = capsys.readouterr()
    return code, out, err


def answers(capsys, home: Home) -> list[str]:
    return [run(capsys, home, *argv)[1] for argv in READS]


@pytest.fixture
def home(built_home, tmp_path) -> Home:
    shutil.copytree(built_home.root, tmp_path / "home")
    return Home(tmp_path / "home")


def backend(home: Home) -> str:
    store = derived.load(home.root)
    try:
        return store.backend()
    finally:
        store.close()


def test_convert_there_and_back_changes_no_answer_and_reanalyses_nothing(home, capsys):
    before = answers(capsys, home)
    assert backend(home) == "tinydb"  # five articles: the default
    code, _, err = run(capsys, home, "convert-store", "sqlite")
    assert code == 0 and "store on sqlite: 5 articles" in err, err
    assert backend(home) == "sqlite" and len(list(home.root.glob("derived-*.sqlite"))) == 1
    assert answers(capsys, home) == before
    code, _, err = run(capsys, home, "build")
    assert code == 0 and "up to date" in err, err
    code, _, err = run(capsys, home, "build", "--rebuild")
    assert code == 0 and backend(home) == "sqlite"  # the choice is remembered
    assert answers(capsys, home) == before
    code, _, err = run(capsys, home, "build", "--store", "tinydb")
    assert code == 0 and "up to date" in err and backend(home) == "tinydb", err
    assert not list(home.root.glob("derived-*.sqlite"))  # the old index swept
    assert answers(capsys, home) == before


def test_build_store_on_a_fresh_home_writes_that_index(tmp_path, capsys):
    home = Home(tmp_path / "fresh")
    code, _, err = run(capsys, home, "build", "--store", "sqlite")
    assert code == 0 and backend(home) == "sqlite", err


def test_nothing_to_convert_or_a_damaged_store_says_what_to_run(tmp_path, home, capsys):
    code, _, err = run(capsys, Home(tmp_path / "empty"), "convert-store", "sqlite")
    assert code == 1 and "beat build --store sqlite" in err and "Traceback" not in err
    assert run(capsys, home, "convert-store", "sqlite")[0] == 0
    index = next(home.root.glob("derived-*.sqlite"))
    index.write_bytes(index.read_bytes()[:1000])
    code, _, err = run(capsys, home, "convert-store", "tinydb")
    assert code == 1 and "damaged" in err and "beat build --store tinydb" in err, err
    code, _, err = run(capsys, home, "build", "--store", "tinydb")
    assert code == 0 and backend(home) == "tinydb", err
