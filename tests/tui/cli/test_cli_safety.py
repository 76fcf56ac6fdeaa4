"""The CLI against hostile input and a busy home (issue 11, items 10, 12, 13, 16)."""

from __future__ import annotations

import json
import os
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
    paragraph = str(n + 1) if paragraph == "LAST" else paragraph  # one past the end (paragraphs count from 1)
    code, out, err = beat(capsys, "tag", "add", row["id"], "--paragraph", paragraph, "x", "--home", h)
    assert code == 2 and out == ""
    assert f"has {n} paragraphs" in err and f"--paragraph takes 1–{n}" in err and "index" not in err, err
    assert json.loads(beat(capsys, "tag", "list", "--json", "--home", h)[1]) == []


def test_tag_add_accepts_the_first_and_last_paragraph(own_home, capsys):
    h = str(own_home.root)
    row = _first(capsys, own_home)
    for p in (1, row["paragraphs"]):
        assert beat(capsys, "tag", "add", row["id"], "--paragraph", str(p), "x", "--home", h)[0] == 0
    assert sorted(t["paragraph"] for t in json.loads(beat(capsys, "tag", "list", "--json", "--home", h)[1])) == [
        1, row["paragraphs"],
    ]


@pytest.mark.parametrize("span", [("-1", "2"), ("5", "2"), ("0", "100000")])
def test_tag_add_refuses_a_span_outside_the_paragraph(own_home, capsys, span):
    h = str(own_home.root)
    row = _first(capsys, own_home)
    code, _, err = beat(capsys, "tag", "add", row["id"], "--paragraph", "1", "--start", span[0], "--end", span[1], "x", "--home", h)
    assert code == 2 and "characters" in err and "index" not in err, err


# --- 12: stored strings are sanitised on the way out ----------------------------------

HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;aGk=\x07\u202e\u061c\u2066\x9b31m"


def _dirty(text: str) -> list[str]:
    """Characters that must never reach a terminal: escapes, C0/C1 but \\n, format (Cf) characters."""
    import unicodedata

    return sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf")})


@pytest.fixture
def hostile_home(own_home, capsys):
    """A home whose derived.json and user.json were edited by hand to hold escape sequences."""
    aid = _first(capsys, own_home)["id"]
    assert beat(capsys, "tag", "add", aid, "--paragraph", "1", "ok", "--home", str(own_home.root))[0] == 0
    derived = json.loads(own_home.derived.read_text("utf-8"))
    for row in derived["articles"].values():
        row["title"] = "标题" + HOSTILE + row["title"]
        row["source"] = HOSTILE + "来源"
        for ev in row["events"]:
            ev[5] = HOSTILE + ev[5]
    for row in derived["units"].values():
        if row.get("parent"):
            row["parent"] += HOSTILE
    own_home.derived.write_text(json.dumps(derived, ensure_ascii=False), "utf-8")
    user = json.loads(own_home.user.read_text("utf-8"))
    for row in user["tags"].values():
        row["name"] = HOSTILE + row["name"]
    for row in user["codings"].values():
        row["tag"] = HOSTILE + row["tag"]
        row["quote"] = HOSTILE + row["quote"]
    own_home.user.write_text(json.dumps(user, ensure_ascii=False), "utf-8")
    return own_home, aid


@pytest.mark.parametrize(
    "argv",
    [["list"], ["list", "--json"], ["show", "AID"], ["show", "AID", "--json"], ["timeline"], ["timeline", "--json"],
     ["units"], ["tag", "list"], ["tag", "list", "--json"]],
    ids=" ".join,
)
def test_hand_edited_stores_print_nothing_raw(hostile_home, capsys, argv):
    home, aid = hostile_home
    code, out, err = beat(capsys, *[aid if a == "AID" else a for a in argv], "--home", str(home.root))
    assert code == 0, err
    assert "pwned" in out or "aGk=" not in out  # the payload went with its escape
    assert _dirty(out) == [] and _dirty(err) == []
    if argv[-1] != "--json" and argv[0] in ("list", "show"):
        assert "标题" in out  # the text around the payload is still there


def test_unit_alias_echo_is_sanitised(own_home, capsys):
    key = json.loads(beat(capsys, "units", "--json", "--home", str(own_home.root))[1])[0]["key"]
    code, out, err = beat(capsys, "units", "--alias", "钢城" + HOSTILE + "公安", key, "--home", str(own_home.root))
    assert code == 0 and _dirty(out + err) == [] and "钢城" in err
    aliases = {u["key"]: u["aliases"] for u in json.loads(beat(capsys, "units", "--json", "--home", str(own_home.root))[1])}
    assert _dirty("".join(aliases[key])) == []


# --- 10: export targets ---------------------------------------------------------------


def _tagged(capsys, home: Home) -> str:
    aid = _first(capsys, home)["id"]
    assert beat(capsys, "tag", "add", aid, "--paragraph", "1", "t", "--home", str(home.root))[0] == 0
    return aid


@pytest.mark.parametrize("target", ["fifo", "/dev/full", "directory"])
def test_export_refuses_a_non_regular_target_at_once_and_names_it(own_home, capsys, tmp_path, target):
    _tagged(capsys, own_home)
    if target == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif target == "directory":
        path = tmp_path / "dir"
        path.mkdir()
    else:
        path = __import__("pathlib").Path(target)
    started = time.monotonic()
    run = subprocess.run(  # a subprocess: the FIFO used to block the writer for ever
        [sys.executable, "-m", "tui", "export", "--format", "csv", "-o", str(path), "--home", str(own_home.root)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert run.returncode == 1 and time.monotonic() - started < 30
    assert str(path) in run.stderr and "not a regular file" in run.stderr and str(own_home.root) not in run.stderr
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1


def test_export_failure_names_the_output_and_keeps_the_earlier_file(own_home, capsys, tmp_path, monkeypatch):
    import errno

    _tagged(capsys, own_home)
    out = tmp_path / "t.csv"
    out.write_bytes(b"earlier")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = beat(capsys, "export", "--format", "csv", "-o", str(out), "--home", str(own_home.root))
    assert code == 1 and str(out) in err and "No space left" in err and str(own_home.root) not in err
    assert "left as it was" in err
    assert out.read_bytes() == b"earlier" and sorted(p.name for p in tmp_path.iterdir() if p.name != "h") == ["t.csv"]
