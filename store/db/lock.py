"""One writer per data home at a time: two writers would each overwrite the other's tags.

Two kinds of holder. The reader (the TUI) holds the home for as long as it is open, so
a writer that finds it there is refused at once ("close it first"). A CLI writer
(``beat tag add``, ``import``, ``build``) holds it for well under a second, so another
CLI writer waits for it, up to ``WAIT`` seconds, instead of failing: 20 scripts tagging
in parallel all succeed (179 of 200 used to fail at once, issue 11).

How a waiter tells them apart: besides the home lock (``beat.lock``), a reader holds a
second lock, ``beat.lock.reader``, taken before the home lock and released after it.
A waiter that finds the home lock taken probes the reader lock: free (within 0.25 s, as
other waiters probe it too) means the holder is a CLI writer. Both are OS file locks (``filelock``),
so a killed holder releases them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

WAIT = 30.0  # seconds a writer waits for another CLI writer; a tag add holds it ~0.2 s
_POLL = 0.05  # seconds between tries while waiting
_PROBE = 1.0  # seconds a reader waits for a writer's probe of the reader lock (microseconds long)
_SETTLE = 0.25  # seconds the reader lock must stay taken for a waiter to conclude a reader is open


class AlreadyRunning(Exception):
    """Another Beat holds the data home."""


class HomeLock:
    """The data home's lock. ``reader=True`` (the default) is the TUI: it refuses writers at
    once while open; ``reader=False`` is a short CLI writer that others may wait for.

    Either kind waits up to ``wait`` seconds for a CLI writer to finish, never for a reader.
    """

    def __init__(
        self, path: Path, *, reader: bool = True, wait: float = WAIT, waiting: Callable[[], None] | None = None
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._home = path.parent
        self._lock = FileLock(str(path))
        self._reader = FileLock(str(path.with_name(path.name + ".reader")))
        self._is_reader = reader
        self._wait = wait
        self._waiting = waiting  # called once when the wait passes a second, to say why nothing happens

    def acquire(self) -> None:
        if self._is_reader:
            try:
                self._reader.acquire(timeout=_PROBE)
            except Timeout:
                raise self._busy() from None
        try:
            self._acquire_home()
        except BaseException:
            if self._is_reader:
                self._reader.release()
            raise

    def _acquire_home(self) -> None:
        started = time.monotonic()
        deadline = started + self._wait
        told = self._waiting is None
        while True:
            try:
                self._lock.acquire(timeout=_POLL)
                return
            except Timeout:
                pass
            if not self._is_reader and self._reader_open():
                raise self._busy()
            if not told and time.monotonic() - started > 1.0:
                told = True
                self._waiting()  # type: ignore[misc]
            if time.monotonic() >= deadline:
                raise AlreadyRunning(
                    f"waited {self._wait:g} s for another beat command writing {self._home}; "
                    "it is still running: try again when it has finished"
                )

    def _reader_open(self) -> bool:
        """True when a reader (the TUI) holds the home: its reader lock is taken."""
        try:  # other waiters probe too, each for microseconds: only a lock held throughout is a reader
            self._reader.acquire(timeout=_SETTLE, poll_interval=0.01)
        except Timeout:
            return True
        self._reader.release()
        return False

    def _busy(self) -> AlreadyRunning:
        return AlreadyRunning(
            f"another Beat is already using {self._home}; close it first (read-only commands such as 'beat list' still work)"
        )

    def release(self) -> None:
        self._lock.release()
        if self._is_reader:
            self._reader.release()

    def __enter__(self) -> HomeLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
