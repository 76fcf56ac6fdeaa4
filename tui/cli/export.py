"""``beat export``: tagged passages to CSV, JSON, Markdown or REFI-QDA, through the workspace."""

from __future__ import annotations

import argparse
import sys

from store.db.paths import Home
from tui.cli.opening import open_workspace, unit_filter
from tui.cli.output import line


def export(home: Home, args: argparse.Namespace) -> int:
    workspace = open_workspace(home)  # no user store yet: nothing tagged, an empty export
    result = workspace.export(args.format, args.output, unit_filter(workspace, args) or frozenset(), tag=args.tag)
    print(line(f"wrote {result.passages} tagged passage(s) to {args.output}"), file=sys.stderr)
    return 0
