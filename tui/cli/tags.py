"""``beat tag add|list|rm``: tagged passages from scripts (the reader has keys for this)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.db.paths import Home
from tui.cli.opening import open_workspace, unit_filter
from tui.cli.output import dump, line


def tag(home: Home, args: argparse.Namespace) -> int:
    if args.tag_command == "list":
        workspace = open_workspace(home)
        codings = workspace.codings(tag=args.tag)
        keys = unit_filter(workspace, args)
        if keys is not None:
            units = workspace.index.passage_units()
            codings = [c for c in codings if units.matches(c, keys)]
        if args.json:
            dump([coding_dict(c) for c in codings])
        else:
            for c in codings:
                mark = " (orphan)" if c.orphan else ""
                print(
                    f"{line(c.id)}  {line(c.tag):<12} {line(c.article)} ¶{c.paragraph} {c.start}-{c.end}{mark}  "
                    f"{line(c.quote)[:40]}"
                )
        return 0
    workspace = open_workspace(home, writable=True)
    if args.tag_command == "add":
        return _add(workspace, args)
    return _rm(workspace, args)


def coding_dict(c: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(c)


def _add(workspace: Any, args: argparse.Namespace) -> int:
    try:
        article = workspace.corpus.article(args.id)
    except KeyError as exc:
        print(line(f"beat: {exc.args[0] if exc.args else exc}"), file=sys.stderr)
        return 1
    problem = span_problem(article.id, [p.text for p in article.paragraphs], args.paragraph, args.start, args.end)
    if problem:
        print(line(f"beat: {problem}"), file=sys.stderr)
        return 1
    codings = workspace.add_tags(article.id, args.paragraph, args.names, args.start or 0, args.end, memo=args.memo)
    for c in codings:
        print(c.id)
    return 0


def span_problem(aid: str, paragraphs: list[str], paragraph: int, start: int | None, end: int | None) -> str | None:
    """Why ``--paragraph``/``--start``/``--end`` name no passage of the article, or None.

    Checked here, before the tag book: a negative index would otherwise count from the
    end (and be stored as a negative paragraph), a large one fails as "list index out of range".
    """
    n = len(paragraphs)
    if not 0 <= paragraph < n:
        allowed = f"0 to {n - 1}" if n else "none"
        return f"article {aid} has {n} paragraphs (--paragraph {allowed}, as in 'beat show --json'); got {paragraph}"
    length = len(paragraphs[paragraph])
    s = 0 if start is None else start
    e = length if end is None else end
    if not 0 <= s < e <= length:
        return f"paragraph {paragraph} of {aid} has {length} characters: need 0 <= --start < --end <= {length}; got {s}-{e}"
    return None


def _rm(workspace: Any, args: argparse.Namespace) -> int:
    ids = set(args.ids)
    if args.article is not None:
        try:
            aid = workspace.corpus.resolve_id(args.article)
        except KeyError as exc:
            print(line(f"beat: {exc.args[0]}"), file=sys.stderr)
            return 1
        ids |= {
            c.id for c in workspace.codings(tag=args.tag, article=aid) if args.paragraph is None or c.paragraph == args.paragraph
        }
    removed = workspace.remove_codings(ids)
    print(f"removed {removed} tagged passage(s)", file=sys.stderr)
    return 0 if removed else 1
