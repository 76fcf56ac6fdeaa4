"""``beat units``: list the police units, or record the user's merges and aliases."""

from __future__ import annotations

import argparse
import sys

from store.db.paths import Home
from tui.cli.opening import open_corpus, open_workspace
from tui.cli.output import dump, line


def units(home: Home, args: argparse.Namespace) -> int:
    if args.merge or args.alias:
        workspace = open_workspace(home, writable=True)
        if args.merge:
            key, into = (workspace.index.lookup_unit(ref) for ref in args.merge)
            workspace.merge_unit(key, into)
            print(line(f"merged {key} into {into}"), file=sys.stderr)
        if args.alias:
            alias, key = args.alias[0], workspace.index.lookup_unit(args.alias[1])
            workspace.add_unit_alias(alias, key)
            print(line(f"{alias} is now an alias of {key}"), file=sys.stderr)
        return 0
    corpus = open_corpus(home)
    found = corpus.units()
    if args.json:
        dump([u.to_dict() for u in found])
        return 0
    for u in found:
        parent = f" ‹ {line(u.parent)}{' (inferred)' if u.parent_inferred else ''}" if u.parent else ""
        print(f"{u.mentions:>4} × {u.articles:>3} art  {line(u.key)}{parent}")
    return 0
