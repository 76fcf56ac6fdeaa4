"""The ``beat`` command: the TUI with no subcommand, thin wrappers over ``store`` otherwise.

Nothing here imports Textual, Rich or jieba at module level: read-only commands must
start in a fraction of a second, and that is tested.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.db.paths import Home, resolve_home
from store.nlp.model import ModelError


def _parser() -> argparse.ArgumentParser:
    home = argparse.ArgumentParser(add_help=False)
    home.add_argument("--home", metavar="DIR", help="data directory (default: $BEAT_HOME or the user data dir)")
    p = argparse.ArgumentParser(
        prog="beat", parents=[home], description="Keyboard-first terminal reader for Chinese police news."
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", parents=[home], help="build or refresh the store")
    b.add_argument("--rebuild", action="store_true", help="rebuild everything from the sources")

    i = sub.add_parser("import", parents=[home], help="add .txt/.html files or folders to the corpus")
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    ls = sub.add_parser("list", parents=[home], help="list articles")
    ls.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("show", parents=[home], help="show one article")
    s.add_argument("id", metavar="ID", help="article id (or a unique prefix)")
    s.add_argument("--json", action="store_true", help="print JSON")

    u = sub.add_parser("units", parents=[home], help="list police units, or merge / alias them")
    u.add_argument("--json", action="store_true", help="print JSON")
    u.add_argument("--merge", nargs=2, metavar=("KEY", "INTO"), help="merge unit KEY into unit INTO")
    u.add_argument("--alias", nargs=2, metavar=("ALIAS", "KEY"), help="make ALIAS another name of unit KEY")

    t = sub.add_parser("timeline", parents=[home], help="dated events across the corpus")
    t.add_argument("--json", action="store_true", help="print JSON")
    t.add_argument("--article", metavar="ID", help="only this article")
    t.add_argument("--unit", metavar="KEY", help="only events in passages mentioning this unit")

    d = sub.add_parser("date", parents=[home], help="set (or clear) an article's reference date")
    d.add_argument("id", metavar="ID")
    d.add_argument("date", metavar="YYYY-MM-DD", nargs="?", help="omit with --clear")
    d.add_argument("--clear", action="store_true", help="go back to the date found in the text")
    tag = sub.add_parser("tag", parents=[home], help="tag passages from scripts (the reader has keys for this)")
    tsub = tag.add_subparsers(dest="tag_command", metavar="ACTION", required=True)
    ta = tsub.add_parser("add", parents=[home], help="tag a paragraph or a span of it")
    ta.add_argument("id", metavar="ID")
    ta.add_argument("--paragraph", type=int, required=True, metavar="N", help="paragraph index (0-based, as in 'beat show --json')")
    ta.add_argument("--start", type=int, metavar="S", help="first code point of the span (default: whole paragraph)")
    ta.add_argument("--end", type=int, metavar="E", help="code point after the span")
    ta.add_argument("names", nargs="+", metavar="NAME", help="one or more tags")
    ta.add_argument("--memo", default="", metavar="TEXT")
    tl = tsub.add_parser("list", parents=[home], help="list tagged passages")
    tl.add_argument("--json", action="store_true", help="print JSON")
    tl.add_argument("--tag", metavar="T")
    tr = tsub.add_parser("rm", parents=[home], help="remove tagged passages by their coding id, or a tag from a paragraph")
    tr.add_argument("ids", nargs="*", metavar="CODING", help="coding ids as printed by 'beat tag list'")
    tr.add_argument("--article", metavar="ID")
    tr.add_argument("--paragraph", type=int, metavar="N")
    tr.add_argument("--tag", metavar="T")

    e = sub.add_parser("export", parents=[home], help="export tagged passages (csv, json, md, qdpx)")
    e.add_argument("--format", required=True, choices=["csv", "json", "md", "qdpx"])
    e.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    e.add_argument("--tag", metavar="T", help="only this tag")
    e.add_argument("--unit", metavar="KEY", help="only passages mentioning this unit")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    home = resolve_home(args.home)
    command = args.command or "tui"
    try:
        if _writes(args):
            return _locked(home, lambda: _COMMANDS[command](home, args))
        return _COMMANDS[command](home, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # disk full, read-only home, permissions: say so, no traceback
        print(f"beat: {exc.strerror or exc} ({exc.filename or home.root}); nothing was changed", file=sys.stderr)
        return 1
    except ModelError as exc:  # the entity model is missing or broken: one line, no traceback
        print(f"beat: {exc}", file=sys.stderr)
        return 1


def _writes(args: argparse.Namespace) -> bool:
    """Commands that change the data home take the single-instance lock; readers don't."""
    if args.command in {"build", "import", "date"}:
        return True
    if args.command == "units":
        return bool(args.merge or args.alias)
    return args.command == "tag" and args.tag_command in {"add", "rm"}


def _locked(home: Home, run: Any) -> int:
    from store.db.lock import AlreadyRunning, HomeLock

    try:
        with HomeLock(home.lock):
            return run()
    except AlreadyRunning as exc:
        print(f"beat: {exc}", file=sys.stderr)
        return 2


# --- commands --------------------------------------------------------------------


def _tui(home: Home, args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(home)


def _progress(done: int, total: int, name: str) -> None:
    if total and sys.stderr.isatty():
        print(f"\r  {done}/{total} {name[:50]:<50}", end="", file=sys.stderr, flush=True)
    elif total and (done == total or done % 100 == 0):
        print(f"  {done}/{total} articles", file=sys.stderr, flush=True)


def _build(home: Home, args: argparse.Namespace) -> int:
    from store.ingest.build import ensure_built

    report = ensure_built(home, _progress, force=args.rebuild)
    if sys.stderr.isatty() and report.built:
        print(file=sys.stderr)
    for name, reason in report.errors:
        print(f"beat: {name}: {reason}", file=sys.stderr)
    if report.built:
        print(f"{report.reason}: {report.articles} articles ({report.analysed} analysed) in {report.seconds:.2f} s", file=sys.stderr)
        if report.orphaned:
            print(f"beat: {report.orphaned} tagged passage(s) no longer found in the text: kept as orphans", file=sys.stderr)
    else:
        print(f"beat: {report.reason}", file=sys.stderr)
    return 1 if report.errors else 0


def _import(home: Home, args: argparse.Namespace) -> int:
    from store.ingest.build import ensure_built
    from store.ingest.importer import import_paths

    result = import_paths(home, args.paths)
    for path, reason in result.errors:
        print(f"beat: {path}: {reason}", file=sys.stderr)
    for path, other in result.same_text.items():
        print(f"beat: {path}: same text as {other}, not imported again", file=sys.stderr)
    print(
        f"imported {len(result.added)} file(s), {len(result.duplicates)} already present, "
        f"{len(result.errors)} failed",
        file=sys.stderr,
    )
    report = ensure_built(home, _progress)
    for name, reason in report.errors:
        print(f"beat: {name}: {reason}", file=sys.stderr)
    return 1 if result.errors or report.errors else 0


def _open_corpus(home: Home, writable: bool = False) -> Any:
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


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _list(home: Home, args: argparse.Namespace) -> int:
    corpus = _open_corpus(home)
    rows = corpus.articles()
    if args.json:
        _dump([r.to_dict() for r in rows])
        return 0
    for r in rows:
        print(f"{r.id}  {r.published or '(no date)':<10}  {(r.source or '-')[:12]:<12}  {r.paragraphs:>3}¶  {r.title}")
    return 0


def _show(home: Home, args: argparse.Namespace) -> int:
    corpus = _open_corpus(home)
    try:
        article = corpus.article(args.id)
    except KeyError as exc:
        print(f"beat: {exc.args[0]}", file=sys.stderr)
        return 1
    entities = corpus.entities(article.id)
    events = corpus.events(article.id)
    reference, status = corpus.reference(article.id)
    if args.json:
        _dump(
            {
                "id": article.id,
                "title": article.title,
                "original_title": article.original_title,
                "source": article.source,
                "published": article.published,
                "reference_date": reference,
                "reference_status": status,
                "path": article.path,
                "encoding": article.encoding,
                "headings": article.headings,
                "captions": article.captions,
                "removed": article.removed,
                "metadata": corpus.metadata(article.id),
                "paragraphs": [
                    {"index": p.index, "kind": p.kind, "text": p.text, **({"original": p.original} if p.original else {})}
                    for p in article.paragraphs
                ],
                "entities": [e.to_dict() for e in entities],
                "events": [_event_dict(ev, article.paragraphs[ev.paragraph].text) for ev in events],
            }
        )
        return 0
    print(article.title)
    print(f"{article.source or '-'} · {article.published or 'date unknown'} · {article.id}")
    if article.removed:
        print("cleaned: " + ", ".join(f"{k} {v}" for k, v in article.removed.items()))
    print()
    for p in article.paragraphs:
        prefix = {"heading": "## ", "caption": "[图] "}.get(p.kind, "")
        print(prefix + p.text + "\n")
    return 0


def _units(home: Home, args: argparse.Namespace) -> int:
    if args.merge or args.alias:
        corpus = _open_corpus(home, writable=True)
        known = {u.key for u in corpus.units()}
        if args.merge:
            key, into = args.merge
            for k in (key, into):
                if k not in known:
                    print(f"beat: no unit {k!r}", file=sys.stderr)
                    return 1
            try:
                corpus.user.merge_unit(key, into)
            except ValueError as exc:
                print(f"beat: {exc}", file=sys.stderr)
                return 1
            print(f"merged {key} into {into}", file=sys.stderr)
        if args.alias:
            alias, key = args.alias
            if key not in known:
                print(f"beat: no unit {key!r}", file=sys.stderr)
                return 1
            corpus.user.add_unit_alias(alias, key)
            print(f"{alias} is now an alias of {key}", file=sys.stderr)
        return 0
    corpus = _open_corpus(home)
    units = corpus.units()
    if args.json:
        _dump([u.to_dict() for u in units])
        return 0
    for u in units:
        parent = f" ‹ {u.parent}{' (inferred)' if u.parent_inferred else ''}" if u.parent else ""
        print(f"{u.mentions:>4} × {u.articles:>3} art  {u.key}{parent}")
    return 0


def _timeline(home: Home, args: argparse.Namespace) -> int:
    corpus = _open_corpus(home)
    try:
        rows = corpus.timeline(article=args.article, unit=args.unit)
    except KeyError as exc:
        print(f"beat: {exc.args[0]}", file=sys.stderr)
        return 1
    if args.json:
        texts: dict[str, list[str]] = {}
        for aid, _ in rows:
            if aid not in texts:
                texts[aid] = corpus.paragraph_texts(aid)
        _dump([{"article": aid, **_event_dict(ev, texts[aid][ev.paragraph])} for aid, ev in rows])
        return 0
    for aid, ev in rows:
        when = ev.date_start or f"????: {ev.text}"
        print(f"{when:<12} {aid}  {ev.label}")
    return 0


def _event_dict(event: Any, paragraph: str) -> dict[str, Any]:
    from store.nlp.time.resolve import event_sentence

    return {**event.to_dict(), "sentence": event_sentence(paragraph, event)}


def _date(home: Home, args: argparse.Namespace) -> int:
    if not args.clear:
        try:
            time.strptime(args.date or "", "%Y-%m-%d")
        except ValueError:
            print("beat: give the date as YYYY-MM-DD (or --clear)", file=sys.stderr)
            return 2
    corpus = _open_corpus(home, writable=True)
    try:
        corpus.set_reference(args.id, None if args.clear else args.date)
    except KeyError as exc:
        print(f"beat: {exc.args[0]}", file=sys.stderr)
        return 1
    print(f"reference date of {corpus.resolve_id(args.id)}: {args.date if not args.clear else 'from the text'}", file=sys.stderr)
    return 0


def _tag(home: Home, args: argparse.Namespace) -> int:
    from store.corpus.tags import TagBook

    if args.tag_command == "list":
        corpus = _open_corpus(home)
        book = TagBook(corpus.user) if corpus.user else None
        codings = book.codings(tag=args.tag) if book else []
        if args.json:
            _dump([_coding_dict(c) for c in codings])
        else:
            for c in codings:
                mark = " (orphan)" if c.orphan else ""
                print(f"{c.id}  {c.tag:<12} {c.article} ¶{c.paragraph} {c.start}-{c.end}{mark}  {c.quote[:40]}")
        return 0
    corpus = _open_corpus(home, writable=True)
    book = TagBook(corpus.user)
    if args.tag_command == "add":
        return _tag_add(corpus, book, args)
    return _tag_rm(corpus, book, args)


def _coding_dict(c: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(c)


def _tag_add(corpus: Any, book: Any, args: argparse.Namespace) -> int:
    try:
        article = corpus.article(args.id)
        paragraphs = [p.text for p in article.paragraphs]
        text = paragraphs[args.paragraph]
        start = 0 if args.start is None else args.start
        end = len(text) if args.end is None else args.end
        codings = book.add(article.id, paragraphs, args.paragraph, start, end, args.names, memo=args.memo)
    except (KeyError, IndexError, ValueError) as exc:
        print(f"beat: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    for c in codings:
        print(c.id)
    return 0


def _tag_rm(corpus: Any, book: Any, args: argparse.Namespace) -> int:
    ids = set(args.ids)
    if args.article is not None:
        try:
            aid = corpus.resolve_id(args.article)
        except KeyError as exc:
            print(f"beat: {exc.args[0]}", file=sys.stderr)
            return 1
        ids |= {
            c.id for c in book.codings(tag=args.tag, article=aid) if args.paragraph is None or c.paragraph == args.paragraph
        }
    removed = book.remove(ids)
    print(f"removed {removed} tagged passage(s)", file=sys.stderr)
    return 0 if removed else 1


def _export(home: Home, args: argparse.Namespace) -> int:
    from store.corpus.export import write_export
    from store.corpus.tags import TagBook
    from store.db.userstore import UserStore

    corpus = _open_corpus(home)
    book = TagBook(corpus.user or UserStore(home.user))
    n = write_export(args.format, args.output, corpus, book, tag=args.tag, unit=args.unit)
    print(f"wrote {n} tagged passage(s) to {args.output}", file=sys.stderr)
    return 0


_COMMANDS = {
    "tui": _tui,
    "build": _build,
    "import": _import,
    "list": _list,
    "show": _show,
    "units": _units,
    "timeline": _timeline,
    "date": _date,
    "tag": _tag,
    "export": _export,
}
