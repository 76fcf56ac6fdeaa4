"""One interactive Beat per data home: two writers would each overwrite the other's tags."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


class AlreadyRunning(Exception):
    """Another Beat holds the data home."""


class HomeLock:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(path))

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise AlreadyRunning(
                f"another Beat is already using {self._lock.lock_file.rsplit('/', 1)[0]}; "
                "close it first (read-only commands such as 'beat list' still work)"
            ) from None

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> HomeLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
