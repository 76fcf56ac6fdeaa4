"""Crash-safe file replacement: a reader sees the old file or the new one, never half.

Write to a temp file in the same folder, fsync it, ``os.replace`` it over the target,
then fsync the folder so the rename itself survives a power cut. A writer killed
midway leaves its temp file behind; the next process to write in that folder removes it.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: abandoned temp files are recognised by age instead
    fcntl = None  # type: ignore[assignment]

ABANDONED_AFTER_S = 3600.0  # without fcntl: no live write takes an hour


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # platforms without directory fds
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically; on any error the old file is untouched.

    The temp file is flock-ed until it has been renamed, so another writer can tell a
    temp file in use from one whose writer died (the lock dies with the process).
    ``sync_folder=False`` leaves the folder's fsync to the caller, who writes many
    files into one folder and syncs it once before anything refers to them.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent not in _swept:
        _swept.add(path.parent)
        remove_abandoned_temps(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if fcntl is not None:
                os.replace(tmp, path)  # still locked: never taken for abandoned
        if fcntl is None:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync_folder:
        fsync_dir(path.parent)


_swept: set[Path] = set()  # folders already cleared of abandoned temp files by this process


def remove_abandoned_temps(folder: Path) -> int:
    """Delete temp files in ``folder`` left by writers that were killed; return how many.

    Run on a process's first write into a folder: debris only comes from processes
    that died, and listing a folder of 10,000 imported files on every write would
    make an import quadratic.
    """
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp")]
    except OSError:
        return 0
    removed = 0
    for name in names:
        tmp = folder / name
        if _abandoned(tmp):
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def _abandoned(tmp: Path) -> bool:
    try:
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        age = time.time() - info.st_mtime
        if fcntl is None:
            return age > ABANDONED_AFTER_S
        if age < 1.0:
            return False  # just created: its writer may not hold the lock yet
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live writer holds it
        return True
    finally:
        os.close(fd)


def rotate_backups(path: Path, keep: int = 3) -> None:
    """Keep ``path.1`` (newest) .. ``path.N`` as hard links or copies of earlier versions."""
    if not path.exists():
        return
    for i in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{i}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{i + 1}"))
    newest = path.with_name(f"{path.name}.1")
    try:
        os.link(path, newest)
    except OSError:
        atomic_write_bytes(newest, path.read_bytes())
