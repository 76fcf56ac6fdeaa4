"""The CLI against hostile input and a busy home (issue 11, items 10, 12, 13, 16)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import pytest

from store.db.paths import Home
from tests.conftest import ROOT
from tui.cli import main


def beat(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def own_home(built_home, tmp_path):
    import shutil

    shutil.copytree(built_home.root, tmp_path / "h")
    return Home(tmp_path / "h")


def _first(capsys, home: Home) -> dict:
    return json.loads(beat(capsys, "list", "--json", "--home", str(home.root))[1])[0]


# --- 13: paragraph ranges ------------------------------------------------------------


@pytest.mark.parametrize("paragraph", ["-1", "-5", "LAST", "999"])
def test_tag_add_refuses_a_paragraph_outside_the_article(own_home, capsys, paragraph):
    h = str(own_home.root)
    row = _first(capsys, own_home)
    n = row["paragraphs"]
    paragraph = str(n) if paragraph == "LAST" else paragraph  # one past the end
    code, out, err = beat(capsys, "tag", "add", row["id"], "--paragraph", paragraph, "x", "--home", h)
    assert code == 1 and out == ""
    assert f"has {n} paragraphs" in err and f"0 to {n - 1}" in err and "index" not in err, err
    assert json.loads(beat(capsys, "tag", "list", "--json", "--home", h)[1]) == []


def test_tag_add_accepts_the_first_and_last_paragraph(own_home, capsys):
    h = str(own_home.root)
    row = _first(capsys, own_home)
    for p in (0, row["paragraphs"] - 1):
        assert beat(capsys, "tag", "add", row["id"], "--paragraph", str(p), "x", "--home", h)[0] == 0
    assert sorted(t["paragraph"] for t in json.loads(beat(capsys, "tag", "list", "--json", "--home", h)[1])) == [
        0, row["paragraphs"] - 1,
    ]


@pytest.mark.parametrize("span", [("-1", "2"), ("5", "2"), ("0", "100000")])
def test_tag_add_refuses_a_span_outside_the_paragraph(own_home, capsys, span):
    h = str(own_home.root)
    row = _first(capsys, own_home)
    code, _, err = beat(capsys, "tag", "add", row["id"], "--paragraph", "0", "--start", span[0], "--end", span[1], "x", "--home", h)
    assert code == 1 and "characters" in err and "index" not in err, err
