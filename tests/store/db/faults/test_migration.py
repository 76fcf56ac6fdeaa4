"""Faults, 5: SIGKILL during a user-store migration (schema 1 to 2, ``store.db.user_migrations``).

The migrating process is stopped at each step that writes (keeping the file as it was,
rotating the backups, the temp file's fsync, the rename over ``user.json``) and killed
there. Each time the store on disk is the old one, byte for byte, or the migrated one,
whole; the next open finishes the job, and every tag and coding is there, each name
still one code.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import orjson
import pytest

from store.corpus.tags import TagBook
from store.db.userstore import UserStore
from tests.conftest import ROOT
from tests.store.db.old_stores import old_store

OPENER = """
import os, sys, time
from pathlib import Path

path, stop = Path(sys.argv[1]), sys.argv[2]
_replace, _link, _fsync = os.replace, os.link, os.fsync


def stop_here(name):
    print(name, flush=True)  # the test kills us now
    time.sleep(30)


def replace(src, dst, **kw):
    if (stop == "rename" and str(dst) == str(path)) or (stop == "keep" and str(dst).endswith("before-schema-2")):
        stop_here("at-" + stop)
    _replace(src, dst, **kw)
    if stop == "renamed" and str(dst) == str(path):
        stop_here("at-renamed")  # the new file is in place, its folder not yet synced


def link(src, dst, **kw):
    if stop == "backup" and str(dst).endswith("user.json.1"):
        stop_here("at-backup")
    _link(src, dst, **kw)


def fsync(fd):
    try:
        name = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        name = ""
    if stop == "fsync" and "/.user.json." in name:
        stop_here("at-fsync")
    _fsync(fd)


os.replace, os.link, os.fsync = replace, link, fsync
from store.db.userstore import UserStore
UserStore(path).close()
print("migrated", flush=True)
"""

NAMES = ["2024/05", "A/B", "重点"]
MIGRATED = {"2024／05", "A／B", "重点"}


@pytest.mark.parametrize("stop", ["keep", "backup", "fsync", "rename", "renamed"])
def test_a_kill_during_migration_leaves_the_old_store_or_the_migrated_one(tmp_path, stop):
    if stop == "fsync" and not os.path.exists("/proc/self/fd"):
        pytest.skip("no /proc to name the file being synced")
    path = tmp_path / "user.json"
    before = old_store(path, NAMES, {"may": "tag:2024/05"})
    proc = subprocess.Popen(
        [sys.executable, "-c", OPENER, str(path), stop], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT, start_new_session=True,
    )
    line = proc.stdout.readline()
    assert line.strip() == f"at-{stop}", (line, proc.stderr.read() if proc.poll() is not None else "")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    now = path.read_bytes()
    if stop == "renamed":  # after the rename: the whole migration, schema number and all, is in the file
        data = orjson.loads(now)
        assert data["meta"]["1"]["schema"] == 2
        assert {r["name"] for r in data["tags"].values()} == MIGRATED
        assert data["codings"]["1"]["tag"] == "2024／05" and data["searches"]["1"]["query"] == "tag:2024／05"
    else:  # before it: the old store, byte for byte
        assert now == before
    user = UserStore(path)
    book = TagBook(user)
    assert {t.name for t in book.tags()} == MIGRATED
    assert sorted(c.id for c in book.codings()) == ["c000", "c001", "c002"]
    assert [r["query"] for r in user.table("searches").all()] == ["tag:2024／05"]
    assert not user.recoveries  # nothing was damaged, nothing recovered
    if now == before:
        assert len(user.migrated) == 1  # the open that migrated says so
    user.close()
    assert (tmp_path / "user.json.before-schema-2").read_bytes() == before
