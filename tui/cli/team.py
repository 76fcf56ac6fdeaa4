"""``beat import-qdpx``, ``beat agreement`` and ``beat coder``: working with a team and other QDA tools.

Registered by :mod:`tui.cli.parser` (:func:`register`) and :mod:`tui.cli.main`
(:data:`COMMANDS`, :func:`writes`). Nothing heavy is imported at module level: ``beat agreement`` and ``beat coder`` are
read-only and must start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from store.db.paths import Home
from tui.cli.output import columns, line


def register(sub: Any, common: dict[str, Any]) -> None:
    q = sub.add_parser("import-qdpx", **common, help="import a REFI-QDA project (.qdpx): sources, codes, codings")
    q.add_argument("file", type=Path, metavar="FILE")
    a = sub.add_parser("agreement", **common, help="inter-coder agreement: percentage, Cohen's kappa, Krippendorff's alpha")
    a.add_argument("--tag", metavar="T", help="only this tag")
    a.add_argument("--level", choices=["char", "paragraph"], default="char", help="unit of analysis (default: char)")
    a.add_argument("--json", action="store_true", help="print JSON")
    c = sub.add_parser("coder", **common, help="show, or set, the coder's name stored on every new coding")
    c.add_argument("name", nargs="?", metavar="NAME")


def writes(args: argparse.Namespace) -> bool:
    return args.command == "import-qdpx" or (args.command == "coder" and args.name is not None)


def import_qdpx(home: Home, args: argparse.Namespace) -> int:
    from store.corpus.qdpx_zip import QdpxError
    from store.teamwork import import_qdpx as run

    try:
        report = run(home, args.file.expanduser())
    except QdpxError as exc:
        print(line(f"beat: {args.file}: {exc}; nothing was imported"), file=sys.stderr)
        return 1
    for text in report.lines():
        print(line(text), file=sys.stderr)
    return 0


def agreement(home: Home, args: argparse.Namespace) -> int:
    from store.corpus.agreement import agreement as figures_of
    from store.corpus.agreement import texts_of
    from store.corpus.corpus import Corpus

    if not home.derived.exists():
        raise SystemExit(f"beat: no store in {home.root} yet: run 'beat build' first")
    from store.db.userstore import UserStore

    user = UserStore(home.user) if home.user.exists() else None
    corpus = Corpus.open(home, user)
    from store.corpus.tags import TagBook

    codings = TagBook(user).codings() if user else []
    coders, figures = figures_of(codings, texts_of(corpus, codings), args.level, args.tag)
    if args.json:
        out = {"level": args.level, "coders": coders, "metric": "nominal", "figures": [f.to_dict() for f in figures]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return 0
    unit = "characters" if args.level == "char" else "paragraphs"
    print(line(f"coders: {', '.join(coders) or 'none'}; unit: {unit} of articles two or more coders coded; nominal"))
    if len(coders) < 2:
        print("beat: agreement needs codings by two or more coders in the same articles", file=sys.stderr)
        return 1

    def fmt(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    table = [["tag", "units", "agree", "kappa", "alpha", ""]]  # the empty last column lets alpha be padded too
    table += [[f.tag or "(overall)", str(f.units), fmt(f.percent), fmt(f.kappa), fmt(f.alpha), ""] for f in figures]
    for row in columns(table, right=(1, 2, 3, 4)):  # padded by display cells: tag names are CJK
        print(line(row))
    for f in figures:
        for d in f.disagreements:  # paragraphs from 1, as the reader shows them (issue 16, 1)
            print(line(f"  ≠ {d.tag}  {d.article} ¶{d.paragraph + 1} {d.start}-{d.end}  by {', '.join(d.coders)}: {d.text[:40]}"))
    return 0


def coder(home: Home, args: argparse.Namespace) -> int:
    from store.corpus.coders import SETTING, coder_name
    from store.db.userstore import UserStore

    if args.name is None:
        name = None
        if home.user.exists():
            user = UserStore(home.user)
            name = user.get_setting(SETTING)
            user.close()
        print(line(name or "(no coder named yet: codings are attributed to Beat)"))
        return 0
    try:
        name = coder_name(args.name)
    except ValueError as exc:
        print(line(f"beat: {exc}"), file=sys.stderr)
        return 2
    user = UserStore(home.user)
    try:
        user.set_setting(SETTING, name)
    finally:
        user.close()
    print(line(f"coder: {name}"), file=sys.stderr)
    return 0


COMMANDS = {"import-qdpx": import_qdpx, "agreement": agreement, "coder": coder}
