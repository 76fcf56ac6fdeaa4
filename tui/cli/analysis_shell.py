"""What the analysis commands share (``tui.cli.analysis`` and ``tui.cli.relations``): the
:class:`Shell` that :mod:`tui.cli.main` lends them, CSV and JSON output, the scope of
articles (``--per-cluster``), and the one way a query that cannot run is reported.

Apart from both so that neither imports the other (``analysis.commands`` lists the
relations' handlers)."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from store.db.paths import Home


@dataclass(frozen=True, slots=True)
class Shell:
    """What :mod:`tui.cli.main` lends these commands: its workspace opener and its sanitising printers."""

    workspace: Callable[..., Any]  # (home, writable=False) -> Workspace
    line: Callable[[object], str]
    dump: Callable[[Any], None]


Handler = Callable[[Home, argparse.Namespace], int]


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from store.text.sanitize import sanitize

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(header)
    for row in rows:
        out.writerow([sanitize(v) if isinstance(v, str) else v for v in row])


def _guarded(run: Callable[[Shell, Home, argparse.Namespace], int], sh: Shell, home: Home, args: argparse.Namespace) -> int:
    """Run a command; a query that cannot run is a usage error: the message, the query, a caret (exit 2)."""
    from store.analysis.query_parse import QueryError

    try:
        return run(sh, home, args)
    except QueryError as exc:
        print(sh.line(f"beat: {exc.message}"), file=sys.stderr)
        print("\n".join(sh.line(part) for part in exc.pointer().split("\n")), file=sys.stderr)
        return 2


def _output(
    sh: Shell, args: argparse.Namespace, records: Callable[[], Any], header: Sequence[str],
    rows: Callable[[], Iterable[Sequence[Any]]], lines: Callable[[], Iterable[str]],
) -> int:
    """One result three ways: ``--json`` records, ``--csv`` rows under ``header``, else text lines."""
    if args.json:
        sh.dump(records())
    elif getattr(args, "csv", False):
        _csv(header, rows())
    else:
        for line in lines():
            print(line)
    return 0


def _articles(workspace: Any, args: argparse.Namespace) -> list[str] | None:
    """With ``--per-cluster``: one article per cluster of reposts (the earliest) and every other one."""
    if not getattr(args, "per_cluster", False):
        return None
    from store.analysis.reposts import counted_articles

    return counted_articles(workspace.index)


# --- commands ---------------------------------------------------------------------------------
