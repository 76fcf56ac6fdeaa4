"""Import safety when the import is cut short: a crash, a SIGKILL or a full disk mid-import (issue 11, items 7 and 11).

The import manifest always says where each kept file came from, a build after the
crash never turns a copy into an anonymous ``sources/…`` article, and the report says
exactly what was kept.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

import store.ingest.importer as importer
from store.db.paths import Home
from store.db.userstore import UserStore, manifest_path
from store.ingest.importer import import_paths
from store.text.wording import plural
from store.workspace import ensure_built
from tests.store.ingest.importing import (
    article,
    beat,
    manifest,
    rows,
    sources,
)

# --- 7: a crash during import never loses where files came from --------------------------


class Crash(BaseException):
    """Stands in for SIGKILL: nothing after it runs, no clean-up handler sees it."""


def _crash(*args, **kwargs):
    raise Crash


def _orphan_copies(home: Home, files: list[Path]) -> None:
    """What a crashed import of an older Beat left: copies in sources/ without records."""
    from store.ingest.sources import digest_bytes

    home.sources.mkdir(parents=True, exist_ok=True)
    for f in files:
        data = f.read_bytes()
        (home.sources / f"{digest_bytes(data)[:16]}.txt").write_bytes(data)


@pytest.mark.parametrize("point", ["before records", "after records", "older Beat's orphans"])
def test_crash_during_import_then_build_keeps_provenance(seeded, tmp_path, capsys, monkeypatch, point):
    """Item 7: copies without records became ``sources/<digest>.txt`` articles, re-imports were refused."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = [folder / f"{i}.txt" for i in range(3)]
    for i, f in enumerate(files):
        f.write_text(article(i), encoding="utf-8")
    if point == "older Beat's orphans":
        _orphan_copies(seeded, files)
    else:
        target = (UserStore, "add_imports") if point == "before records" else (importer, "_promote")
        with monkeypatch.context() as m:
            m.setattr(*target, _crash, raising=False)
            try:
                import_paths(seeded, [folder])
            except Crash:
                pass
    ensure_built(seeded)  # any build after the crash
    paths = {r["path"] for r in rows(seeded)}
    if point != "older Beat's orphans":
        assert not [p for p in paths if p.startswith("sources/")], paths
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    assert code == 0, err
    assert "imported 3 files, 0 already present, 0 failed" in err
    paths = {r["path"] for r in rows(seeded)}
    assert {str(f.resolve()) for f in files} <= paths and not [p for p in paths if p.startswith("sources/")]
    assert len(manifest(seeded)["imports"]) == 3
    assert [n for n in sources(seeded) if not n.startswith(".")] == sorted(
        r["stored"] for r in manifest(seeded)["imports"].values()
    )


# --- 11: a full disk: the report says exactly what was kept --------------------------------

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "fail_at,kept",
    [("copy 1", 0), ("copy 7", 6), ("records", 0)],
)
def test_import_on_a_full_disk_reports_what_was_kept(seeded, tmp_path, capsys, monkeypatch, fail_at, kept):
    """Item 11: "imported 10 file(s)" then "nothing was changed", though the 10 were kept."""
    import store.ingest.build as build

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        (folder / f"{i:02}.txt").write_text(article(i), encoding="utf-8")
    before = sources(seeded)
    real_write = importer.atomic_write_bytes
    calls = []

    def copy(path, data, **kw):
        calls.append(path)
        if fail_at == f"copy {len(calls)}":
            raise ENOSPC
        return real_write(path, data, **kw)

    monkeypatch.setattr(importer, "atomic_write_bytes", copy)
    if fail_at == "records":
        monkeypatch.setattr(UserStore, "add_imports", lambda *a: (_ for _ in ()).throw(ENOSPC))
    monkeypatch.setattr(build, "_write_derived", lambda *a: (_ for _ in ()).throw(ENOSPC))  # the disk stays full
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    monkeypatch.undo()
    assert code == 1
    assert f"imported {plural(kept, 'file')}" in err
    assert "nothing was changed" not in err or kept == 0
    records = list(manifest(seeded).get("imports", {}).values()) if manifest_path(seeded.user).exists() else []
    assert len(records) == kept
    assert len([n for n in sources(seeded) if not n.startswith(".")]) == len(before) + kept
    if kept:
        (line,) = [ln for ln in err.splitlines() if "kept" in ln]
        assert f"{plural(kept, 'imported file is', 'imported files are')}" in line and "beat build" in line
    ensure_built(seeded)
    assert len([r for r in rows(seeded) if not r["path"].startswith("seeds/")]) == kept


IMPORTER = """
import sys, time
from pathlib import Path
import store.ingest.importer as importer
from store.db.paths import Home
from store.db.userstore import UserStore

home, folder, point = Home(Path(sys.argv[1])), Path(sys.argv[2]), sys.argv[3]
importer._Batch.EVERY = 2  # two batches: the kill lands in the second
flushes = []
_add, _promote = UserStore.add_imports, getattr(importer, "_promote", None)  # None before staging existed


def stop_here(name):
    print(name, flush=True)  # the test kills us now
    time.sleep(60)


def add_imports(self, records):
    flushes.append(1)
    if point == "before records" and len(flushes) == 2:
        stop_here(point)
    _add(self, records)
    if point == "after records" and len(flushes) == 2:
        stop_here(point)


def promote(staged, final):
    _promote(staged, final)
    if point == "between renames" and len(flushes) == 2:
        stop_here(point)


UserStore.add_imports, importer._promote = add_imports, promote
importer.import_paths(home, [folder])
print("done", flush=True)
"""


@pytest.mark.parametrize("point", ["before records", "after records", "between renames"])
def test_sigkill_during_import_then_build_keeps_provenance(seeded, tmp_path, capsys, point):
    """Item 7 with a real SIGKILL at each step of an import's second batch."""
    import signal
    import subprocess
    import sys

    from tests.conftest import ROOT

    folder = tmp_path / "in"
    folder.mkdir()
    files = [folder / f"{i}.txt" for i in range(4)]
    for i, f in enumerate(files):
        f.write_text(article(f"杀{i}"), encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(seeded.root), str(folder), point],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, start_new_session=True,
    )
    try:
        assert child.stdout.readline().strip() == point
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    ensure_built(seeded)  # any build after the kill
    paths = {r["path"] for r in rows(seeded)}
    assert not [p for p in paths if p.startswith("sources/")], paths
    assert str(files[0].resolve()) in paths  # the first batch was complete
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    assert code == 0 and "0 failed" in err, err
    paths = {r["path"] for r in rows(seeded)}
    assert {str(f.resolve()) for f in files} <= paths and not [p for p in paths if p.startswith("sources/")]
    records = manifest(seeded)["imports"].values()
    assert sorted(r["stored"] for r in records) == [n for n in sources(seeded) if not n.startswith(".")]


def test_a_record_whose_copy_is_missing_gets_its_copy_back(seeded, tmp_path, capsys):
    """Item 7: a record without its copy (a crash after the records) is mended, not duplicated."""
    f = tmp_path / "news.txt"
    f.write_text(article("甲"), encoding="utf-8")
    import_paths(seeded, [f])
    (record,) = manifest(seeded)["imports"].values()
    (seeded.sources / record["stored"]).unlink()
    other_name = tmp_path / "news-copy.md"  # the same bytes under another name and suffix
    shutil.copy(f, other_name)
    code, _, err = beat(capsys, "import", str(other_name), "--home", str(seeded.root))
    assert code == 0 and "imported 1 file, 0 already present" in err, err
    assert list(manifest(seeded)["imports"].values()) == [record]
    assert sources(seeded) == [record["stored"]]
    assert str(f.resolve()) in {r["path"] for r in rows(seeded)}
