"""``beat tag add|list|rm``: tagged passages from scripts (the reader has keys for this).

Paragraphs are typed and printed from 1, as the reader and the Markdown export show
them (¶1 is the first); the tag book counts from 0, so the conversion happens here and
nowhere else (issue 16, 1: typing the ¶12 you saw used to tag ¶13).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from store.db.paths import Home
from store.text.wording import plural
from tui.cli.opening import UnitScope, article_id, open_workspace, unit_scope
from tui.cli.output import CommandError, UsageError, columns, dump, fit, line, numbered

QUOTE_CELLS = 40  # the quote column of 'beat tag list': a preview; --json has it whole


def tag(home: Home, args: argparse.Namespace) -> int:
    if args.tag_command == "list":
        return _list(home, args)
    workspace = open_workspace(home, writable=True)
    if args.tag_command == "add":
        return _add(workspace, args)
    return _rm(workspace, args)


def coding_dict(c: Any) -> dict[str, Any]:
    """A coding as JSON: ``paragraph`` from 1 as shown, ``index`` from 0 as in ``show --json``'s paragraphs."""
    return numbered(asdict(c))


def _list(home: Home, args: argparse.Namespace) -> int:
    workspace = open_workspace(home)
    codings = workspace.codings(tag=args.tag)
    scope = unit_scope(workspace, args)
    if scope is not None:
        units = workspace.index.passage_units()
        codings = [c for c in codings if units.matches(c, scope.keys)]
    if not codings and (scope is not None or args.tag):
        if args.json:
            dump([])  # still JSON for a script, which the exit status tells that nothing matched
        raise CommandError(nothing_tagged(scope, args.tag))
    if args.json:
        dump([coding_dict(c) for c in codings])
        return 0
    rows = [
        [line(c.id), line(c.tag), line(c.article), f"¶{c.paragraph + 1}", f"{c.start}-{c.end}",
         ("(orphan) " if c.orphan else "") + fit(line(c.quote), QUOTE_CELLS)]
        for c in codings
    ]
    for text in columns(rows, right=[3]):
        print(text)
    return 0


def nothing_tagged(scope: UnitScope | None, tag: str | None) -> str:
    """Why a tag listing or export is empty, naming the filters: "no tagged passages mention 庙山派出所 or its sub-units"."""
    what = f"no passages tagged {tag}" if tag else "no tagged passages"
    if scope is not None:
        return f"{what} mention {scope}"
    return f"{what} yet" if not tag else what


def _add(workspace: Any, args: argparse.Namespace) -> int:
    aid = article_id(workspace.corpus, args.id)
    texts = workspace.corpus.paragraph_texts(aid)
    paragraph = paragraph_index(aid, texts, args.paragraph)
    problem = span_problem(texts[paragraph], args.paragraph, args.start, args.end)
    if problem:
        raise UsageError(problem)
    codings = workspace.add_tags(aid, paragraph, args.names, args.start or 0, args.end, memo=args.memo, coder=args.coder)
    for c in codings:
        print(c.id)
    if not codings:
        print(line(f"beat: ¶{args.paragraph} of {aid} already has {', '.join(args.names)} there"), file=sys.stderr)
    return 0


def paragraph_index(aid: str, paragraphs: list[str], number: int) -> int:
    """The 0-based index of paragraph ``number`` (from 1, as shown); a :class:`UsageError` saying the range otherwise.

    Checked before the tag book: 0 or a negative number would count from the end of the
    list, a large one used to reach the user as "list index out of range".
    """
    n = len(paragraphs)
    if not 1 <= number <= n:
        allowed = f"--paragraph takes 1–{n}" if n else "it has nothing to tag"
        raise UsageError(f"article {aid} has {plural(n, 'paragraph')}; {allowed} (got {number})")
    return number - 1


def span_problem(text: str, number: int, start: int | None, end: int | None) -> str | None:
    """Why ``--start``/``--end`` cut no passage out of paragraph ``number`` (from 1), or None."""
    length = len(text)
    s = 0 if start is None else start
    e = length if end is None else end
    if not 0 <= s < e <= length:
        return f"¶{number} has {plural(length, 'character')}: --start and --end take 0–{length} with start < end (got {s}-{e})"
    return None


def _rm(workspace: Any, args: argparse.Namespace) -> int:
    if args.article is None and (args.paragraph is not None or args.tag is not None):
        raise UsageError("--paragraph and --tag choose within --article ID; give the article too, or coding ids")
    if args.article is None and not args.ids:
        raise UsageError("give the coding ids to remove ('beat tag list' prints them), or --article ID")
    ids = set(args.ids)
    if args.article is not None:
        aid = article_id(workspace.corpus, args.article)
        index = None if args.paragraph is None else paragraph_index(aid, workspace.corpus.paragraph_texts(aid), args.paragraph)
        ids |= {c.id for c in workspace.codings(tag=args.tag, article=aid) if index is None or c.paragraph == index}
    removed = workspace.remove_codings(ids)
    if not removed:
        raise CommandError("no tagged passage matched: nothing removed")
    print(f"removed {plural(removed, 'tagged passage')}", file=sys.stderr)
    return 0
