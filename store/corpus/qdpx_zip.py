"""Reading a ``.qdpx`` archive without trusting it: its names, its sizes, its XML.

A .qdpx is a zip holding ``project.qde`` and the sources' text under ``sources/``.
A file from a colleague or another tool may be anything: not a zip, a zip bomb
(a few KB that inflate to gigabytes), members named ``../../.bashrc`` or ``/etc/x``.
Every problem is a :class:`QdpxError` naming the part it is in; nothing is written
before the whole project has been read and checked.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path, PurePosixPath

MAX_TOTAL = 256 * 1024 * 1024  # bytes inflated in all: far above any text project (10,000 articles ≈ 60 MB)
MAX_RATIO = 200  # inflated / compressed of one member past 1 MB: CJK text deflates about 3:1, bombs 1000:1
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 100_000  # a project of 10,000 articles holds about 10,000 files; the zip's directory is read only below this
_DRIVE = re.compile(r"^[A-Za-z]:")


class QdpxError(ValueError):
    """The project cannot be imported; ``str()`` names the part at fault. Nothing was imported."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(f"{part}: {reason}")
        self.part = part


def member_problem(name: str) -> str | None:
    """Why a member name may not be used, or None: absolute, drive-lettered, with ``..`` or a backslash."""
    if name.startswith("/") or _DRIVE.match(name):
        return "is an absolute path"
    if "\\" in name:
        return "holds a backslash"
    if ".." in PurePosixPath(name).parts:
        return "climbs out of the archive with '..'"
    return None


def declared_members(path: Path) -> int | None:
    """How many members the zip at ``path`` says it holds (its end record), read before its directory.

    The directory of a zip with millions of tiny members takes gigabytes to load, so the
    count is taken from the end record (or the zip64 one it points to) first. None when
    no end record is found: ``zipfile`` then refuses the file itself.
    """
    try:
        with path.open("rb") as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - 65_557))  # the end record (22 bytes) and a comment of at most 65,535
            tail = f.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) < at + 22:
                return None
            count: int = struct.unpack_from("<H", tail, at + 10)[0]
            locator = tail.rfind(b"PK\x06\x07", 0, at)
            if count == 0xFFFF and locator >= 0:
                f.seek(struct.unpack_from("<Q", tail, locator + 8)[0])
                record = f.read(56)
                if record[:4] == b"PK\x06\x06" and len(record) == 56:
                    count = struct.unpack_from("<Q", record, 32)[0]
            return count
    except OSError:
        return None


class Archive:
    """The members of a .qdpx read under the size bounds; the zip is opened and checked once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        members = declared_members(path)
        if members is not None and members > MAX_MEMBERS:
            raise QdpxError(path.name, f"holds {members:,} files, more than the {MAX_MEMBERS:,} a project may (a zip bomb?)")
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a zip archive, so not a .qdpx"
            raise QdpxError(path.name, reason) from exc
        self._read = 0
        declared = 0
        seen: set[str] = set()
        for info in self._zip.infolist():
            problem = member_problem(info.filename)
            if problem is not None:
                problem = f"member name {problem}"
            elif info.filename in seen:
                problem = "appears twice in the archive (which copy is meant?)"
            elif info.flag_bits & 0x1:
                problem = "is encrypted, which a .qdpx never is"
            if problem:
                self.close()
                raise QdpxError(info.filename, f"{problem}; refusing the archive")
            seen.add(info.filename)
            declared += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                self.close()
                raise QdpxError(info.filename, f"inflates {info.file_size // max(info.compress_size, 1)}:1 (a zip bomb?)")
        if declared > MAX_TOTAL:
            self.close()
            raise QdpxError(path.name, f"inflates to {declared >> 20} MB, more than the {MAX_TOTAL >> 20} MB allowed")
        self.names = {info.filename for info in self._zip.infolist()}

    def read(self, name: str) -> bytes:
        """A member's bytes, counted against :data:`MAX_TOTAL` as they inflate (headers can lie)."""
        if name not in self.names:
            raise QdpxError(name, "missing from the archive")
        chunks = []
        try:
            with self._zip.open(name) as f:
                while chunk := f.read(1 << 20):
                    self._read += len(chunk)
                    if self._read > MAX_TOTAL:
                        raise QdpxError(name, f"inflates past the {MAX_TOTAL >> 20} MB allowed (a zip bomb?)")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise QdpxError(name, f"cannot be read from the archive ({exc})") from exc
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()
