"""``beat entity``: the user's corrections to found entities, from the shell (issue 13).

``reject ARTICLE TEXT [--type T] [--everywhere]`` says TEXT is no entity (of type T)
in that article, or in any article; ``add ARTICLE TEXT --type T`` marks every
occurrence of TEXT in the article; ``corrections`` lists them (``--json`` for scripts);
``forget ID`` drops one (an id prefix is enough). Corrections are applied when the
corpus is read, so they hold after ``beat build --rebuild`` without one being needed
now.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.db.corrections import CORRECTABLE_TYPES, encode_correction
from store.db.paths import Home
from tui.cli.opening import open_workspace
from tui.cli.output import columns, dump, line

WRITES = frozenset({"reject", "add", "forget"})


def add_parser(sub: Any, common: dict[str, Any]) -> None:
    """Register ``beat entity`` and its actions on the top-level subparsers."""
    ent = sub.add_parser("entity", **common, help="correct found entities: reject, add, list, forget")
    esub = ent.add_subparsers(dest="entity_command", metavar="ACTION", required=True)
    r = esub.add_parser("reject", **common, help="TEXT is not an entity (of --type) in ARTICLE, or --everywhere")
    r.add_argument("article", metavar="ARTICLE", help="article id (or a unique prefix) where TEXT occurs")
    r.add_argument("text", metavar="TEXT", help="the entity's exact text")
    r.add_argument("--type", choices=CORRECTABLE_TYPES, help="only as this type (default: any type)")
    r.add_argument("--everywhere", action="store_true", help="in every article, now and after rebuilds")
    a = esub.add_parser("add", **common, help="every occurrence of TEXT in ARTICLE is an entity of --type")
    a.add_argument("article", metavar="ARTICLE")
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--type", choices=CORRECTABLE_TYPES, required=True)
    ls = esub.add_parser("corrections", **common, help="list the corrections")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--article", metavar="ID", help="only those that apply to this article (corpus-wide ones too)")
    f = esub.add_parser("forget", **common, help="drop a correction by its id (or a unique prefix)")
    f.add_argument("id", metavar="ID")


def entity(home: Home, args: argparse.Namespace) -> int:
    """One ``beat entity`` action; refusals are :class:`store.workspace.WorkspaceError`, reported by the caller."""
    action = args.entity_command
    workspace = open_workspace(home, action in WRITES)
    if action == "corrections":
        rows = workspace.entities.all()
        if args.article:
            try:
                aid = workspace.corpus.resolve_id(args.article)
            except KeyError as exc:
                print(line(f"beat: {exc.args[0]}"), file=sys.stderr)
                return 1
            rows = [c for c in rows if c.article in (None, aid)]
        if args.json:
            dump([encode_correction(c) for c in rows])
            return 0
        for row in columns([[c.id, c.action, c.article or "*", c.type or "*", c.text] for c in rows]):
            print(line(row))
        return 0
    if action == "forget":
        c = workspace.entities.forget(args.id)
        print(line(f"forgot: {c.describe()}"), file=sys.stderr)
        return 0
    if action == "reject":
        c = workspace.entities.reject(args.article, args.text, args.type, everywhere=args.everywhere)
    else:
        c = workspace.entities.add(args.article, args.text, args.type)
    print(c.id)
    print(line(c.describe()), file=sys.stderr)
    return 0
