"""One failing handler must not take the reader down (issue 11, item 17).

Textual exits the app on any exception from a key action, a message handler, a screen's
result callback or a worker: a stale search position once killed the reader and lost the
unsaved reading position with it. Here such failures are caught where Textual would
exit, written to ``beat-errors.log`` in the data home (traceback, newest last; the file is
private and kept under ``LOG_LIMIT`` bytes), shown as one line, and the app runs on.

Tests set ``RAISE`` so that a bug still fails the test that meets it (tests/tui/conftest.py);
the tests of this module turn it off again.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from textual._callback import invoke
from textual.worker import WorkerFailed

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message

RAISE = False  # re-raise instead of reporting (set by the test suite)
LOG_NAME = "beat-errors.log"
LOG_LIMIT = 256 * 1024  # bytes: a few hundred tracebacks; the older half is dropped past it


def report(app: App[Any], where: str, exc: BaseException) -> None:
    """Log ``exc`` with its traceback, show one line about it, keep running."""
    if RAISE:
        raise exc
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    app.log.error(f"{where}: {text}")
    app.failures.append(exc)  # type: ignore[attr-defined]
    logged = _append_log(app, f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {where}\n{text}")
    message = f"Something went wrong ({where}): {type(exc).__name__}: {exc}"
    if logged:
        message += f" — details in {logged}"
    try:
        app.notify(message, title="Beat kept running", severity="error", timeout=15, markup=False)
    except Exception:  # noqa: BLE001 - reporting must never be the next failure
        pass


def _append_log(app: App[Any], entry: str) -> str | None:
    home = getattr(app, "home", None)
    if home is None:
        return None
    path = home.root / LOG_NAME
    try:
        if path.is_file() and path.stat().st_size > LOG_LIMIT:
            keep = path.read_bytes()[-LOG_LIMIT // 2 :]
            path.write_bytes(keep)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(entry)
    except OSError:
        return None
    return str(path)


def _guarded(app: App[Any], callback: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(callback)
    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await invoke(callback, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported, the app stays up
            report(app, getattr(callback, "__qualname__", "callback"), exc)
            return None

    return run


class GuardedApp:
    """Mix into the App (before ``App``): key actions, result callbacks and workers."""

    failures: list[BaseException]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failures = []

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        try:
            handled: bool = await super().run_action(action, default_namespace, namespaces)  # type: ignore[misc]
            return handled
        except Exception as exc:  # noqa: BLE001 - reported, the app stays up
            report(self, f"action {action if isinstance(action, str) else action[1]}", exc)  # type: ignore[arg-type]
            return True

    def call_next(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Screen results come back through here (``push_screen(..., callback)``)."""
        super().call_next(_guarded(cast("App[Any]", self), callback), *args, **kwargs)  # type: ignore[misc]

    def _handle_exception(self, error: Exception) -> None:
        if not RAISE and isinstance(error, WorkerFailed) and getattr(self, "_running", False):
            report(self, "background task", error.error)  # type: ignore[arg-type]
            return
        super()._handle_exception(error)  # type: ignore[misc]


class GuardedScreen:
    """Mix into a Screen (before ``Screen``): its message handlers, once it is mounted.

    Before that (compose, mount) a failure still ends the app: there is nothing to run on.
    """

    async def _dispatch_message(self, message: Message) -> None:
        if not self.is_mounted:  # type: ignore[attr-defined]
            await super()._dispatch_message(message)  # type: ignore[misc]
            return
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - reported, the screen keeps handling messages
            report(self.app, f"handling {type(message).__name__}", exc)  # type: ignore[attr-defined]
