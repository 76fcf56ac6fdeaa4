"""Opening the store a command reads: the corpus alone, or the workspace the reader uses."""

from __future__ import annotations

import argparse
from typing import Any

from store.db.paths import Home


def open_corpus(home: Home, writable: bool = False) -> Any:
    from store.corpus.corpus import Corpus, StoreMissing
    from store.db.tinydb_storage import CorruptStoreError
    from store.db.userstore import UserStore

    if not home.derived.exists():
        raise SystemExit(f"beat: no store in {home.root} yet: run 'beat build' first")
    user = UserStore(home.user) if writable or home.user.exists() else None
    try:
        return Corpus.open(home, user)
    except StoreMissing as exc:
        raise SystemExit(f"beat: {exc}") from None
    except CorruptStoreError as exc:
        raise SystemExit(f"beat: the store is damaged ({exc}): run 'beat build' to rebuild it") from None


def open_workspace(home: Home, writable: bool = False) -> Any:
    """The store opened as the reader opens it: corpus, index, tag book (no build)."""
    from store.workspace import Workspace

    workspace = Workspace(home, open_corpus(home, writable))
    workspace.open_or_build()
    return workspace


def unit_filter(workspace: Any, args: argparse.Namespace) -> frozenset[str] | None:
    """The keys ``--unit``/``--subunits`` stand for, as the reader's unit filter; None without ``--unit``."""
    if not args.unit:
        return None
    keys: frozenset[str] = workspace.index.unit_keys(args.unit, args.subunits)
    return keys
