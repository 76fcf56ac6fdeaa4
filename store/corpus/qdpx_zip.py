"""Reading a ``.qdpx`` archive without trusting it: its names, its sizes, its XML.

A .qdpx is a zip holding ``project.qde`` and the sources' text under ``sources/``.
A file from a colleague or another tool may be anything: not a zip, a zip bomb
(a few KB that inflate to gigabytes), members named ``../../.bashrc`` or ``/etc/x``.
Every problem is a :class:`QdpxError` naming the part it is in; nothing is written
before the whole project has been read and checked.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

MAX_TOTAL = 256 * 1024 * 1024  # bytes inflated in all: far above any text project (10,000 articles ≈ 60 MB)
MAX_RATIO = 200  # inflated / compressed of one member past 1 MB: CJK text deflates about 3:1, bombs 1000:1
RATIO_FLOOR = 1024 * 1024
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


class Archive:
    """The members of a .qdpx read under the size bounds; the zip is opened and checked once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a zip archive, so not a .qdpx"
            raise QdpxError(path.name, reason) from exc
        self._read = 0
        declared = 0
        for info in self._zip.infolist():
            problem = member_problem(info.filename)
            if problem:
                self.close()
                raise QdpxError(info.filename, f"member name {problem}; refusing the archive")
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
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise QdpxError(name, f"cannot be read from the archive ({exc})") from exc
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()
