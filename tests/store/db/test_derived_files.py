"""Side-file checksums, the index's shape, and debris of killed or failed builds (issue 11.6, 11.14)."""

from __future__ import annotations

import errno
import os
import shutil
import time

import orjson
import pytest

import store.db.derived as derived
from store.db.paths import Home
from store.db.tinydb_storage import CorruptStoreError
from store.ingest.build import build_reason
from store.workspace import ensure_built


@pytest.fixture
def home(built_home, tmp_path) -> Home:
    shutil.copytree(built_home.root, tmp_path / "home")
    return Home(tmp_path / "home")


def live(home: Home) -> list[str]:
    store = derived.load(home.root)
    token, kinds = store.meta["files"], ["body", "fts", "sqlite", "text"] if store.backend() == "sqlite" else ["body", "fts", "text"]
    store.close()
    return [*(f"derived-{token}.{kind}" for kind in kinds), "derived.json"]


def files(home: Home) -> list[str]:
    return sorted(p.name for p in home.root.iterdir() if p.name.startswith(("derived", ".")))


@pytest.mark.parametrize("kind", ["text", "body", "sqlite"])
@pytest.mark.parametrize("where", [0.0, 0.5, 0.999])
def test_same_size_damage_of_a_side_file_is_detected(home, kind, where, backend):
    if kind == "sqlite" and backend != "sqlite":
        pytest.skip("the TinyDB store has no SQLite file")
    path = next(home.root.glob(f"derived-*.{kind}"))
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x20
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptStoreError, match="checksum"):
        derived.load(home.root)
    assert "damaged" in build_reason(home)
    if where == 0.5:  # the rebuild is the same whatever the byte: once per file and backend (the model analyses the seeds)
        report = ensure_built(home)
        assert report.built and report.articles == 5
        derived.load(home.root).close()


META_CHANGES = {
    "no files": lambda d: d["meta"]["1"].pop("files"),
    "files a path": lambda d: d["meta"]["1"].__setitem__("files", "../../etc/passwd"),
    "no sums": lambda d: d["meta"]["1"].pop("sums"),
    "sizes a string": lambda d: d["meta"]["1"].__setitem__("sizes", "big"),
}
INDEX_CHANGES = {  # the SQLite file's own record (TinyDB's index is derived.json itself)
    "no index size": lambda d: d["meta"]["1"]["sizes"].pop("index"),
    "index sum a string": lambda d: d["meta"]["1"]["sums"].__setitem__("index", "0"),
}
ROW_CHANGES = {  # TinyDB's rows: the SQLite store's derived.json holds none (its file's damage: test_corruption)
    "articles a list": lambda d: d.__setitem__("articles", []),
    "row null": lambda d: d["articles"].__setitem__("1", None),
    "span a string": lambda d: d["articles"]["1"].__setitem__("text", "0,10"),
    "no units": lambda d: d["articles"]["1"].pop("units"),
    "unit a string": lambda d: d["units"].__setitem__("1", "unit"),
}


@pytest.mark.parametrize("case", [*META_CHANGES, *INDEX_CHANGES, *ROW_CHANGES])
def test_index_of_the_wrong_shape_is_damage_not_a_traceback(home, case, backend):
    if case in ROW_CHANGES and backend == "sqlite":
        pytest.skip("no TinyDB rows in a SQLite store's derived.json")
    if case in INDEX_CHANGES and backend == "tinydb":
        pytest.skip("the TinyDB store has no SQLite file")
    data = orjson.loads(home.derived.read_bytes())
    {**META_CHANGES, **INDEX_CHANGES, **ROW_CHANGES}[case](data)
    home.derived.write_bytes(orjson.dumps(data))
    with pytest.raises(CorruptStoreError):
        derived.load(home.root)
    assert "damaged" in build_reason(home)
    assert ensure_built(home).articles == 5


def test_up_to_date_build_still_sweeps_a_killed_builds_debris(home):
    names = live(home)
    for name in ("derived-0123456789ab.text", "derived-0123456789ab.spool-body", "derived.json.building"):
        (home.root / name).write_bytes(b"left by a killed build")
    old_temp = home.root / ".derived.json.building.x1y2.tmp"
    old_temp.write_bytes(b"half")
    os.utime(old_temp, (time.time() - 60, time.time() - 60))
    report = ensure_built(home)
    assert not report.built and report.reason == "store is up to date"
    assert files(home) == names


@pytest.mark.parametrize("point", ["open_db", "replace"])
def test_failed_build_leaves_no_side_files_behind(home, monkeypatch, point):
    names = live(home)
    full = OSError(errno.ENOSPC, "No space left on device")

    def fail(*args, **kwargs):
        raise full

    if point == "open_db":
        monkeypatch.setattr(derived, "open_db", fail)
    else:
        real = os.replace
        monkeypatch.setattr(derived.os, "replace", lambda a, b: fail() if str(b).endswith("derived.json") else real(a, b))
    with pytest.raises(OSError):
        ensure_built(home, force=True)
    monkeypatch.undo()
    assert files(home) == names
    derived.load(home.root).close()  # the old store is whole


def test_checksums_are_recorded_for_both_side_files(home, backend):
    meta = derived.load(home.root).meta
    kinds = {"text": "text", "body": "body", "fts": "fts", **({"index": "sqlite"} if backend == "sqlite" else {})}
    assert sorted(meta["sums"]) == sorted(kinds)
    for kind, suffix in kinds.items():
        path = home.root / f"derived-{meta['files']}.{suffix}"
        assert meta["sums"][kind] == derived.file_checksum(path)


def test_build_sweeps_a_killed_imports_temp_copy(home):
    sources = home.root / "sources"
    sources.mkdir(exist_ok=True)
    temp = sources / ".0123456789abcdef.txt.k3j9.tmp"
    temp.write_bytes(b"half a copy")
    os.utime(temp, (time.time() - 60, time.time() - 60))
    fresh = sources / ".fedcba9876543210.txt.a1b2.tmp"  # a live import's: younger than a second
    fresh.write_bytes(b"being written")
    assert not ensure_built(home).built
    assert sorted(p.name for p in sources.iterdir()) == [fresh.name]


def _crc_forbidden(f):
    raise AssertionError("a file was read whole")


def test_a_store_opened_as_its_build_left_it_is_not_read_whole(tmp_path, monkeypatch, backend):
    """Stamps (size, mtime, inode) stand for the CRC: 1.6 GB read at every open of 100,000 articles."""
    from store.db import derived_files

    h = Home(tmp_path / "home")
    ensure_built(h)
    monkeypatch.setattr(derived_files, "file_crc", _crc_forbidden)
    store = derived.load(h.root)
    assert store is not None and store.fts is not None
    assert store.fts.candidates("派出所") is not None  # the search index's first use: its stamp too
    store.close()


@pytest.mark.parametrize("kind", ["text", "body", "sqlite"])
def test_damage_right_after_the_build_is_caught_by_the_stamp(tmp_path, kind, backend):
    """Written within the build's last clock tick, a same-size change would keep the time: seal waits the tick out."""
    if kind == "sqlite" and backend != "sqlite":
        pytest.skip("the TinyDB store has no SQLite file")
    h = Home(tmp_path / "home")
    ensure_built(h)
    path = next(h.root.glob(f"derived-*.{kind}"))
    with open(path, "r+b") as f:  # same file, same size, one byte
        f.seek(path.stat().st_size // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0x20]))
    with pytest.raises(CorruptStoreError, match="checksum"):
        derived.load(h.root)


def test_seal_waits_until_a_later_write_would_move_the_time(tmp_path):
    from store.db.derived_files import seal

    for i in range(20):
        path = tmp_path / f"f{i}"
        path.write_bytes(b"x" * 10)
        stamps = seal({"f": path})
        path.write_bytes(b"y" * 10)  # at once: the next tick at the earliest
        assert stamps["f"][1] < path.stat().st_mtime_ns
        assert stamps["f"][0] == 10 and stamps["f"][2] == path.stat().st_ino
