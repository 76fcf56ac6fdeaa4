"""Opening what a command reads: the corpus alone or the reader's workspace, and the arguments
that name something in it (an article, units), refused with what is allowed when they don't."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from store.db.paths import Home
from tui.cli.output import UsageError


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


def article_id(corpus: Any, ref: str) -> str:
    """The id ``ref`` (an id or a unique prefix) names; a :class:`UsageError` when none or several."""
    try:
        aid: str = corpus.resolve_id(ref)
    except KeyError as exc:  # "no article 'x'" or "'a' is ambiguous (3 articles)"
        raise UsageError(f"{exc.args[0] if exc.args else exc}; 'beat list' shows the ids") from None
    return aid


@dataclass(frozen=True, slots=True)
class UnitScope:
    """What ``--unit``/``--subunits`` stand for: the keys to match, and how to name them in a message."""

    keys: frozenset[str]  # canonical, sub-units added when asked
    names: tuple[str, ...]  # the units given, as the corpus names them
    subunits: bool

    def __str__(self) -> str:
        """"庙山派出所 or its sub-units", "A, B or their sub-units", "A or B"."""
        given = self.names[0] if len(self.names) == 1 else ", ".join(self.names[:-1]) + " or " + self.names[-1]
        if not self.subunits:
            return given
        return f"{given} or {'its' if len(self.names) == 1 else 'their'} sub-units"


def unit_scope(workspace: Any, args: argparse.Namespace) -> UnitScope | None:
    """``--unit`` looked up as the reader's unit filter does; None without ``--unit``.

    An unknown or ambiguous unit raises :class:`store.corpus.query.UnitLookupError`
    (exit 2, the candidates listed), the same lookup wherever ``--unit`` is accepted.
    """
    if not args.unit:
        return None
    index = workspace.index
    given = list(dict.fromkeys(index.lookup_unit(ref) for ref in args.unit))
    keys: frozenset[str] = index.unit_keys(given, args.subunits)
    return UnitScope(keys, tuple(index.unit_name(k) for k in given), args.subunits)
