"""A workspace write from a key press, and what the user is told when it does not happen.

The one place that turns :class:`store.workspace.WorkspaceError` into a notification:
a refused change (a tag name taken) is a warning, a failed write (a full disk) an
error, a missing user store says tagging needs one. The answer is typed: ``None`` if
the change did not happen, else :class:`Written` holding the workspace's result (which
may itself be ``None``, as for an undo with nothing to undo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

from store.workspace import ChangeRefused, NotOpen, NoUserStore, Workspace, WorkspaceError

T = TypeVar("T")


class Notifier(Protocol):
    def notify(
        self, message: str, *, title: str = ..., severity: Literal["information", "warning", "error"] = ..., markup: bool = ...
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Written(Generic[T]):
    value: T


def write_tags(
    node: Notifier, workspace: Workspace, change: Callable[[Workspace], T], title: str = "Tags"
) -> Written[T] | None:
    """Run ``change`` on the UI thread (tag writes and entity corrections are a few ms and keep undo in step with the keys)."""
    try:
        return Written(change(workspace))
    except (NoUserStore, NotOpen):
        node.notify("Saving this needs a user store.", title=title, severity="warning", markup=False)
    except ChangeRefused as exc:  # a name taken, a tag gone, a text not in the article: the user's to fix
        node.notify(str(exc), title=title, severity="warning", markup=False)
    except WorkspaceError as exc:  # e.g. a full disk
        node.notify(str(exc), title=title, severity="error", markup=False)
    return None
