"""Every ``beat`` command and option, declared once (``--home`` on each, see :func:`build_parser`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_CODES = """exit status:
  0    done
  1    failed or refused (a full disk, an unreadable store, a tag name taken), or
       nothing matched: a --unit or --tag that selects nothing (no export file
       is written)
  2    usage: an unknown or ambiguous article or unit (the candidates are listed),
       a paragraph or span the article does not have, a bad date; or another
       beat holds the data home
  130  interrupted

Paragraphs are numbered from 1, as the reader shows them (¶1 is the first); JSON
output keeps a 0-based "index" beside each 1-based "paragraph"."""


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: a subcommand that is not given --home must leave the attribute alone, or its
    # default (None) overwrites the --home given before the command (issue 11, item 1).
    home = argparse.ArgumentParser(add_help=False)
    home.add_argument(
        "--home", metavar="DIR", default=argparse.SUPPRESS, help="data directory (default: $BEAT_HOME or the user data dir)"
    )
    p = argparse.ArgumentParser(
        prog="beat",
        parents=[home],
        description="Keyboard-first terminal reader for Chinese police news.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    common: dict[str, Any] = {"parents": [home], "epilog": EXIT_CODES, "formatter_class": argparse.RawDescriptionHelpFormatter}

    b = sub.add_parser("build", **common, help="build or refresh the store")
    b.add_argument("--rebuild", action="store_true", help="rebuild everything from the sources")
    b.add_argument(
        "--cluster", metavar="ADDRESS", help="analyse on a Dask cluster (tcp://host:8786), or 'local' to start one here"
    )
    b.add_argument(
        "--workers", type=_positive, default=0, metavar="N",
        help="worker processes (default: one per core, as memory allows); with --cluster ADDRESS: wait until N "
        "workers have joined the cluster before starting (see --join-timeout), else stop with the store unchanged",
    )  # fmt: skip
    b.add_argument(
        "--join-timeout", type=_seconds, default=None, metavar="S",
        help="with --cluster ADDRESS --workers N: how long the N workers may take to join (default: 60 s)",
    )  # fmt: skip
    b.add_argument(
        "--store", choices=("sqlite", "tinydb"),
        help="the index to keep the articles in, kept by later builds (default: by corpus size: SQLite from 10,000)",
    )  # fmt: skip

    cs = sub.add_parser("convert-store", **common, help="move the store to the other index, without analysing again")
    cs.add_argument("backend", choices=("sqlite", "tinydb"), metavar="sqlite|tinydb")

    i = sub.add_parser("import", **common, help="add .txt/.html files or folders to the corpus")
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    ls = sub.add_parser("list", **common, help="list articles")
    ls.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("show", **common, help="show one article")
    s.add_argument("id", metavar="ID", help="article id (or a unique prefix)")
    s.add_argument("--json", action="store_true", help="print JSON")

    u = sub.add_parser("units", **common, help="list police units, or merge / alias them")
    u.add_argument("--json", action="store_true", help="print JSON")
    u.add_argument(
        "--merge", nargs=2, metavar=("UNIT", "INTO"), help="merge UNIT into unit INTO (key, name, alias or unique prefix)"
    )
    u.add_argument("--alias", nargs=2, metavar=("ALIAS", "UNIT"), help="make ALIAS another name of UNIT")

    t = sub.add_parser("timeline", **common, help="dated events across the corpus")
    t.add_argument("--json", action="store_true", help="print JSON")
    t.add_argument("--article", metavar="ID", help="only this article")
    unit_options(t, "only events in passages mentioning this unit")

    d = sub.add_parser("date", **common, help="set (or clear) an article's reference date")
    d.add_argument("id", metavar="ID")
    d.add_argument("date", metavar="YYYY-MM-DD", nargs="?", help="omit with --clear")
    d.add_argument("--clear", action="store_true", help="go back to the date found in the text")
    tag = sub.add_parser("tag", **common, help="tag passages from scripts (the reader has keys for this)")
    tsub = tag.add_subparsers(dest="tag_command", metavar="ACTION", required=True)
    ta = tsub.add_parser("add", **common, help="tag a paragraph or a span of it")
    ta.add_argument("id", metavar="ID")
    ta.add_argument(
        "--paragraph", type=int, required=True, metavar="N", help="paragraph number, from 1 as the reader shows it (¶N)"
    )
    ta.add_argument("--start", type=int, metavar="S", help="first code point of the span (default: whole paragraph)")
    ta.add_argument("--end", type=int, metavar="E", help="code point after the span")
    ta.add_argument("names", nargs="+", metavar="NAME", help="one or more tags")
    ta.add_argument("--memo", default="", metavar="TEXT")
    ta.add_argument("--coder", metavar="NAME", help="who made this coding (default: the data home's coder)")
    tl = tsub.add_parser("list", **common, help="list tagged passages")
    tl.add_argument("--json", action="store_true", help="print JSON")
    tl.add_argument("--tag", metavar="T")
    unit_options(tl, "only passages counting under this unit (an orphan: its article's units)")
    tr = tsub.add_parser("rm", **common, help="remove tagged passages by their coding id, or a tag from a paragraph")
    tr.add_argument("ids", nargs="*", metavar="CODING", help="coding ids as printed by 'beat tag list'")
    tr.add_argument("--article", metavar="ID")
    tr.add_argument("--paragraph", type=int, metavar="N", help="only this paragraph of --article (from 1, as ¶N)")
    tr.add_argument("--tag", metavar="T", help="only this tag, on --article")

    e = sub.add_parser("export", **common, help="export tagged passages (csv, json, md, qdpx)")
    e.add_argument("--format", required=True, choices=["csv", "json", "md", "qdpx"])
    e.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    e.add_argument("--tag", metavar="T", help="only this tag")
    e.add_argument("--original-script", action="store_true", help="qdpx: the articles' text as written (traditional)")
    unit_options(e, "only passages mentioning this unit (an orphan: its article's units)")

    from tui.cli.entities import add_parser as add_entity_parser  # issue 13: beat entity

    add_entity_parser(sub, common)
    from tui.cli.team import register as add_team_parsers  # issue 19: import-qdpx, agreement, coder

    add_team_parsers(sub, common)
    from tui.cli.analysis import add_parsers as add_analysis_parsers  # issue 17: search, kwic, counts, …

    add_analysis_parsers(sub, common)
    return p


def unit_options(p: argparse.ArgumentParser, what: str) -> None:
    """``--unit`` as the reader's unit filter: key, name, alias or unique prefix; several = OR; sub-units on."""
    p.add_argument(
        "--unit", action="append", metavar="UNIT", help=f"{what}; key, name, alias or unique prefix; repeat for several (OR)"
    )
    p.add_argument(
        "--subunits",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="count the units' sub-units too (default: yes, as in the reader)",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value
