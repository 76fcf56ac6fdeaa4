"""Faults, 2: full disks and denied writes.

The previous file of a failed write is intact, no temp file is left, nothing failed
stays in memory to be saved later, and the CLI says what happened in one line.
"""

from __future__ import annotations

import errno

import pytest

import store.db.atomic as atomic
from store.corpus.corpus import Corpus
from store.corpus.tags import TagBook
from store.db.atomic import atomic_write_bytes
from store.db.userstore import UserStore, manifest_path
from store.workspace import ensure_built
from tests.store.db.faults.common import beat, temps


def _fail_at(monkeypatch, point: str, exc: OSError) -> None:
    def boom(*a, **k):
        raise exc

    if point == "mkstemp":
        monkeypatch.setattr(atomic.tempfile, "mkstemp", boom)
    elif point == "write":
        real = atomic.os.fdopen

        class Full:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc_info):
                self.fh.close()

            def fileno(self):
                return self.fh.fileno()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])
                raise exc

            def flush(self):
                self.fh.flush()

        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r", *a: Full(real(fd, mode)) if "w" in mode else real(fd, mode, *a))
    elif point == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", boom)
    elif point == "replace":
        monkeypatch.setattr(atomic.os, "replace", boom)


POINTS = ["mkstemp", "write", "fsync", "replace"]
ERRORS = [
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EROFS, "Read-only file system"),
]


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("exc", ERRORS, ids=["ENOSPC", "EACCES", "EROFS"])
def test_failed_atomic_write_leaves_previous_file_and_no_temp(tmp_path, monkeypatch, point, exc):
    target = tmp_path / "store.json"
    atomic_write_bytes(target, b'{"old": true}')
    _fail_at(monkeypatch, point, exc)
    with pytest.raises(OSError) as raised:
        atomic_write_bytes(target, b'{"new": true}' * 1000)
    assert raised.value.errno == exc.errno
    monkeypatch.undo()
    assert target.read_bytes() == b'{"old": true}'
    assert temps(tmp_path) == []


@pytest.mark.parametrize("point", POINTS)
def test_tag_write_on_a_full_disk_is_not_kept_in_memory_either(tmp_path, monkeypatch, point):
    """A failed tag must not show in the open store, nor be saved by the next good write."""
    path = tmp_path / "user.json"
    book = TagBook(UserStore(path))
    paras = ["民警程波主动走访，联动区文旅局。"]
    (kept,) = book.add("a1", paras, 0, 0, 2, ["kept"])
    before = path.read_bytes()
    _fail_at(monkeypatch, point, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError):
        book.add("a1", paras, 0, 2, 4, ["lost"])
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [c.tag for c in book.codings()] == ["kept"]
    assert [t.name for t in book.tags()] == ["kept"]
    book.add("a1", paras, 0, 4, 6, ["later"])  # the disk has room again
    book.user.close()
    again = TagBook(UserStore(path))
    assert sorted(c.tag for c in again.codings()) == ["kept", "later"]


def test_derived_store_survives_a_full_disk_during_build(home, monkeypatch):
    before = home.derived.read_bytes()
    _fail_at(monkeypatch, "fsync", OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError):
        ensure_built(home, force=True)
    monkeypatch.undo()
    assert home.derived.read_bytes() == before
    assert [n for n in temps(home.root) if n.endswith(".tmp")] == []
    assert ensure_built(home).built is False  # still current: nothing to redo


def test_import_on_a_full_disk_stops_with_one_message(home, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"标题{i}\n\n民警程波在青山区巡逻，第{i}次发现走失老人。\n", encoding="utf-8")
    before = home.user.read_bytes()
    _fail_at(monkeypatch, "write", OSError(errno.ENOSPC, "No space left on device"))
    code, _, err = beat(capsys, "import", str(folder), "--home", str(home.root))
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("beat: ")]
    assert lines[0].endswith(f"could not be saved in {home.root} (No space left on device)") and "0.txt" in lines[0]
    assert "import stopped: 2 more files not imported" in lines[1]
    assert home.user.read_bytes() == before
    assert not list(home.sources.glob(".*.tmp"))


def test_import_when_the_import_manifest_cannot_be_written(home, tmp_path, monkeypatch, capsys):
    """The copy went in but its record could not: the copy is taken out again."""
    f = tmp_path / "x.txt"
    f.write_text("标题\n\n民警程波在青山区巡逻，发现走失老人。\n", encoding="utf-8")
    sources_before = sorted(p.name for p in home.sources.iterdir())
    import store.db.tinydb_storage

    real = store.db.tinydb_storage.atomic_write_bytes

    def manifest_denied(path, data):
        if path == manifest_path(home.user):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real(path, data)

    monkeypatch.setattr(store.db.tinydb_storage, "atomic_write_bytes", manifest_denied)
    code, _, err = beat(capsys, "import", str(f), "--home", str(home.root))
    monkeypatch.undo()
    assert code == 1 and "Permission denied" in err
    assert sorted(p.name for p in home.sources.iterdir()) == sources_before
    assert ensure_built(home).built is False




def test_cli_build_on_a_full_disk_says_so(home, monkeypatch, capsys):
    before = home.derived.read_bytes()
    _fail_at(monkeypatch, "fsync", OSError(errno.ENOSPC, "No space left on device"))
    try:
        code, _, err = beat(capsys, "build", "--rebuild", "--home", str(home.root))
    finally:
        monkeypatch.undo()
        assert home.derived.read_bytes() == before
    assert code == 1 and "No space left on device" in err and str(home.root) in err


def test_cli_tag_on_a_read_only_home_says_so(home, monkeypatch, capsys):
    aid = Corpus.open(home).articles()[0].id
    _fail_at(monkeypatch, "replace", OSError(errno.EROFS, "Read-only file system"))
    try:
        code, _, err = beat(capsys, "tag", "add", aid, "--paragraph", "1", "x", "--home", str(home.root))
    finally:
        monkeypatch.undo()
    assert code == 1 and "Read-only file system" in err
