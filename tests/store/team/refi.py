"""Shared by the REFI-QDA tests: where the schema is, and a writable copy of the seed home."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT

# the shared files sit beside the checkout (../shared), or two levels up for a worktree one level deeper
SCHEMA = next(
    (p for p in (ROOT.parent / "shared" / "refi-qda" / "Project.xsd", ROOT.parent.parent / "shared" / "refi-qda" / "Project.xsd")
     if p.exists()),
    ROOT.parent / "shared" / "refi-qda" / "Project.xsd",
)


def copy_home(built: Path, dest: Path):
    from store.db.paths import Home

    shutil.copytree(built, dest, symlinks=True)
    for lock in dest.glob("*.lock"):
        lock.unlink()
    return Home(dest)


def validate(project: str | bytes) -> None:
    """Validate against the REFI XSD when it and xmlschema are there (the caller skips otherwise)."""
    import xmlschema

    xmlschema.XMLSchema(str(SCHEMA)).validate(project)


def open_ws(home):
    """A workspace on ``home``, built if need be (close it with :func:`close`)."""
    from store.corpus.corpus import Corpus
    from store.db.userstore import UserStore
    from store.workspace import Workspace

    ws = Workspace(home, Corpus.open(home, UserStore(home.user)))
    ws.open_or_build()
    return ws


def close(ws) -> None:
    ws.user.close()
    ws.corpus.close()
