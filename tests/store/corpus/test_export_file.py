"""Where an export goes: a temp file beside the target, fsync, replace (issue 11, item 10).

A full disk used to leave a truncated file in place of a good earlier export; a FIFO
target hung the writer; a device target was written to.
"""

from __future__ import annotations

import errno
import os
import stat

import pytest

from store.corpus.corpus import Corpus
from store.corpus.export import FORMATS, ExportTargetError, write_export
from store.corpus.tags import TagBook
from store.db.userstore import UserStore
from tests.store.corpus.test_export import PARAS, doc


@pytest.fixture
def setup(tmp_path):
    user = UserStore(tmp_path / "user.json")
    corpus = Corpus.from_docs([doc("a1", "标题一")], user)
    book = TagBook(user)
    book.add("a1", PARAS, 0, 2, 4, ["人物"])
    return corpus, book


def _debris(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("out", "user.json") and not p.name.startswith("user."))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_write_leaves_the_earlier_export_whole(setup, tmp_path, monkeypatch, fmt):
    corpus, book = setup
    out = tmp_path / "out"
    out.write_bytes(b"the earlier export")
    os.chmod(out, 0o640)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as exc:
        write_export(fmt, out, corpus, book)
    assert exc.value.errno == errno.ENOSPC and exc.value.filename == str(out)
    assert out.read_bytes() == b"the earlier export"
    assert _debris(tmp_path) == []  # the temp file went too


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_replaced_export_keeps_its_mode_and_a_new_one_follows_the_umask(setup, tmp_path, fmt):
    corpus, book = setup
    out = tmp_path / "out"
    out.write_bytes(b"old")
    os.chmod(out, 0o640)
    assert write_export(fmt, out, corpus, book) == 1
    assert out.read_bytes() != b"old" and stat.S_IMODE(out.stat().st_mode) == 0o640
    new = tmp_path / "sub" / "new"
    new.parent.mkdir()
    old_umask = os.umask(0o027)
    try:
        write_export(fmt, new, corpus, book)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    assert _debris(tmp_path) == ["sub"] and sorted(p.name for p in new.parent.iterdir()) == ["new"]


def test_a_link_to_a_file_writes_that_file(setup, tmp_path):
    corpus, book = setup
    real = tmp_path / "real.json"
    real.write_text("[]", "utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_export("json", link, corpus, book)
    assert link.is_symlink() and '"人物"' in real.read_text("utf-8")


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_non_regular_targets_are_refused_without_touching_them(setup, tmp_path, kind):
    corpus, book = setup
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "directory":
        target = tmp_path / "folder"
        target.mkdir()
    else:
        target = __import__("pathlib").Path("/dev/null")
    with pytest.raises(ExportTargetError, match="not a regular file") as exc:
        write_export("csv", target, corpus, book)  # a FIFO used to block here for ever
    assert str(target) in str(exc.value)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
