"""``beat export``: tagged passages to CSV, JSON, Markdown or REFI-QDA, through the workspace.

An export that would hold no passage is not written (an empty file looks like a result)
and exits 1, saying which filter matched nothing (issue 16, 2).
"""

from __future__ import annotations

import argparse
import sys

from store.db.paths import Home
from store.text.wording import plural
from tui.cli.opening import open_workspace, unit_scope
from tui.cli.output import CommandError, line
from tui.cli.tags import nothing_tagged


def export(home: Home, args: argparse.Namespace) -> int:
    workspace = open_workspace(home)  # no user store yet: nothing tagged, nothing to write
    scope = unit_scope(workspace, args)
    keys = scope.keys if scope is not None else frozenset()
    result = workspace.export(
        args.format, args.output, keys, tag=args.tag, write_empty=False, original_script=args.original_script
    )
    if not result.passages:
        raise CommandError(f"{nothing_tagged(scope, args.tag)}: {line(args.output)} not written")
    if result.report is not None:  # QDPX: where each passage went, and what was left out
        print(line(f"wrote {result.report.summary()} to {args.output}"), file=sys.stderr)
        return 0
    print(line(f"wrote {plural(result.passages, 'tagged passage')} to {args.output}"), file=sys.stderr)
    return 0
