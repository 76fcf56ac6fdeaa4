"""Faults, 3: a second Beat on one home: refused for writes, allowed for reads, and reads never write."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from store.corpus.corpus import Corpus
from tests.conftest import ROOT
from tests.store.db.faults.common import beat


@pytest.fixture
def held(home):
    probe = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from store.db.lock import HomeLock\n"
        "lock = HomeLock(Path(sys.argv[1]))\n"
        "lock.acquire()\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", probe, str(home.lock)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "held"
    yield home
    holder.kill()
    holder.wait()


def test_second_beat_refused_for_writes_and_allowed_for_reads(held, tmp_path, capsys):
    h = str(held.root)
    aid = Corpus.open(held).articles()[0].id
    f = tmp_path / "x.txt"
    f.write_text("标题\n\n民警程波在青山区巡逻。\n", encoding="utf-8")
    derived, user = held.derived.read_bytes(), held.user.read_bytes()
    for argv in (["build"], ["build", "--rebuild"], ["import", str(f)], ["tag", "add", aid, "--paragraph", "1", "x"],
                 ["tag", "rm", "--article", aid], ["entity", "forget", "abc"]):
        code, _, err = beat(capsys, *argv, "--home", h)
        assert code == 2 and "already using" in err and err.count("\n") == 1, argv
    assert held.derived.read_bytes() == derived and held.user.read_bytes() == user
    for argv in (["list"], ["list", "--json"], ["show", aid, "--json"], ["units"], ["timeline"], ["tag", "list"],
                 ["export", "--format", "json", "-o", str(tmp_path / "t.json")]):
        code, out, err = beat(capsys, *argv, "--home", h)
        assert code == 0, (argv, err)
    assert len(json.loads((tmp_path / "t.json").read_text("utf-8"))) == 5


def test_read_only_commands_never_write_the_user_store(home, tmp_path, capsys):
    """Opening the user store used to rewrite it (and rotate its backups) every time, so a
    'beat list' beside a running Beat could put back a stale copy under its feet."""
    h = str(home.root)
    aid = Corpus.open(home).articles()[0].id
    files = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in home.root.glob("user.json*")}
    for argv in (["list"], ["show", aid, "--json"], ["units"], ["timeline"], ["tag", "list"], ["entity", "corrections"],
                 ["export", "--format", "csv", "-o", str(tmp_path / "t.csv")], ["build"]):
        assert beat(capsys, *argv, "--home", h)[0] == 0, argv
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in home.root.glob("user.json*")} == files


@pytest.mark.parametrize("argv", [["date", "{aid}", "2024-01-01"], ["units", "--alias", "钢城公安", "武汉市公安局青山区分局"]])
def test_second_beat_refused_for_user_store_edits(held, capsys, argv):
    aid = Corpus.open(held).articles()[0].id
    user = held.user.read_bytes()
    code, _, err = beat(capsys, *[a.format(aid=aid) for a in argv], "--home", str(held.root))
    assert code == 2 and "already using" in err
    assert held.user.read_bytes() == user
