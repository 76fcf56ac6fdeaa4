"""What a workspace write answers: the errors it raises and the change events it emits.

Apart from :class:`store.workspace.Workspace` so that shells (the TUI, the CLI) and the
workspace's own parts name the same types; ``store.workspace`` re-exports them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding

if TYPE_CHECKING:
    from store.corpus.qdpx_export import QdpxReport  # only a type: the QDPX writer loads when exporting


class WorkspaceError(Exception):
    """A write that did not happen; ``str()`` is the sentence to show the user."""


class NoUserStore(WorkspaceError):
    """The corpus was opened without a user store (read-only)."""


class ChangeRefused(WorkspaceError):
    """The change makes no sense as asked: a tag name taken, a merge cycle, a bad date. Nothing was written."""


class WriteFailed(WorkspaceError):
    """The disk refused (full, read-only, permissions); the user store may need a redraw."""


class NotOpen(WorkspaceError):
    """Asked before the store was opened."""


@dataclass(frozen=True, slots=True)
class TagsChanged:
    codings: tuple[Coding, ...]  # every coding, after the change


@dataclass(frozen=True, slots=True)
class UnitsChanged:
    index: CorpusIndex  # a new index: unit keys, names and counts changed
    message: str


@dataclass(frozen=True, slots=True)
class EntitiesChanged(UnitsChanged):
    """An entity correction was made, undone or forgotten: entities and unit counts changed."""


@dataclass(frozen=True, slots=True)
class ReferenceChanged:
    article: str
    date: str | None


@dataclass(frozen=True, slots=True)
class CorpusChanged:
    index: CorpusIndex  # a new store and index: articles were imported
    message: str


Change = TagsChanged | UnitsChanged | EntitiesChanged | ReferenceChanged | CorpusChanged


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    passages: int
    report: QdpxReport | None = None  # QDPX: what went where, what was left out
