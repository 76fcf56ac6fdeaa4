"""The ``beat`` command: the TUI with no subcommand, thin wrappers over ``store`` otherwise.

Nothing here imports Textual, Rich or jieba at module level: read-only commands must
start in a fraction of a second, and that is tested.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from store.db.paths import Home, resolve_home
from store.nlp.model import ModelError
from store.text.sanitize import sanitize


def _parser() -> argparse.ArgumentParser:
    # SUPPRESS: a subcommand that is not given --home must leave the attribute alone, or its
    # default (None) overwrites the --home given before the command (issue 11, item 1).
    home = argparse.ArgumentParser(add_help=False)
    home.add_argument(
        "--home", metavar="DIR", default=argparse.SUPPRESS, help="data directory (default: $BEAT_HOME or the user data dir)"
    )
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
    u.add_argument(
        "--merge", nargs=2, metavar=("UNIT", "INTO"), help="merge UNIT into unit INTO (key, name, alias or unique prefix)"
    )
    u.add_argument("--alias", nargs=2, metavar=("ALIAS", "UNIT"), help="make ALIAS another name of UNIT")

    t = sub.add_parser("timeline", parents=[home], help="dated events across the corpus")
    t.add_argument("--json", action="store_true", help="print JSON")
    t.add_argument("--article", metavar="ID", help="only this article")
    _unit_options(t, "only events in passages mentioning this unit")

    d = sub.add_parser("date", parents=[home], help="set (or clear) an article's reference date")
    d.add_argument("id", metavar="ID")
    d.add_argument("date", metavar="YYYY-MM-DD", nargs="?", help="omit with --clear")
    d.add_argument("--clear", action="store_true", help="go back to the date found in the text")
    tag = sub.add_parser("tag", parents=[home], help="tag passages from scripts (the reader has keys for this)")
    tsub = tag.add_subparsers(dest="tag_command", metavar="ACTION", required=True)
    ta = tsub.add_parser("add", parents=[home], help="tag a paragraph or a span of it")
    ta.add_argument("id", metavar="ID")
    ta.add_argument(
        "--paragraph", type=int, required=True, metavar="N", help="paragraph index (0-based, as in 'beat show --json')"
    )
    ta.add_argument("--start", type=int, metavar="S", help="first code point of the span (default: whole paragraph)")
    ta.add_argument("--end", type=int, metavar="E", help="code point after the span")
    ta.add_argument("names", nargs="+", metavar="NAME", help="one or more tags")
    ta.add_argument("--memo", default="", metavar="TEXT")
    tl = tsub.add_parser("list", parents=[home], help="list tagged passages")
    tl.add_argument("--json", action="store_true", help="print JSON")
    tl.add_argument("--tag", metavar="T")
    _unit_options(tl, "only passages counting under this unit (an orphan: its article's units)")
    tr = tsub.add_parser("rm", parents=[home], help="remove tagged passages by their coding id, or a tag from a paragraph")
    tr.add_argument("ids", nargs="*", metavar="CODING", help="coding ids as printed by 'beat tag list'")
    tr.add_argument("--article", metavar="ID")
    tr.add_argument("--paragraph", type=int, metavar="N")
    tr.add_argument("--tag", metavar="T")

    e = sub.add_parser("export", parents=[home], help="export tagged passages (csv, json, md, qdpx)")
    e.add_argument("--format", required=True, choices=["csv", "json", "md", "qdpx"])
    e.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    e.add_argument("--tag", metavar="T", help="only this tag")
    _unit_options(e, "only passages mentioning this unit (an orphan: its article's units)")
    from tui.cli_analysis import add_parsers  # search, kwic, counts, cooccur, reposts, figures, searches

    add_parsers(sub, home)
    return p


def _unit_options(p: argparse.ArgumentParser, what: str) -> None:
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


def main(argv: Sequence[str] | None = None) -> int:
    from store.corpus.query import UnitLookupError
    from store.workspace import WorkspaceError

    args = _parser().parse_args(argv)
    home = _home(args)
    command = args.command or "tui"
    try:
        if _writes(args):
            return _locked(home, lambda: _reporting_recovery(home, args, _COMMANDS[command]))
        return _reporting_recovery(home, args, _COMMANDS[command])
    except UnitLookupError as exc:  # names no unit or several: a usage error, like a bad date
        print(_line(f"beat: {exc}"), file=sys.stderr)
        return 2
    except WorkspaceError as exc:  # a merge cycle, a tag name taken, a full disk: nothing was changed
        print(_line(f"beat: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # disk full, read-only home, permissions: say so, no traceback
        print(_line(f"beat: {exc.strerror or exc} ({exc.filename or home.root}); nothing was changed"), file=sys.stderr)
        return 1
    except ModelError as exc:  # the entity model is missing or broken: one line, no traceback
        print(f"beat: {exc}", file=sys.stderr)
        return 1


def _home(args: argparse.Namespace) -> Home:
    """The data home the arguments name: ``--home`` wherever it was written, else ``$BEAT_HOME``, else the default."""
    return resolve_home(getattr(args, "home", None))


def _writes(args: argparse.Namespace) -> bool:
    """Commands that change the data home take the single-instance lock; readers don't."""
    if args.command in {"build", "import", "date"}:
        return True
    from tui.cli_analysis import writes

    if writes(args):
        return True
    if args.command == "units":
        return bool(args.merge or args.alias)
    return args.command == "tag" and args.tag_command in {"add", "rm"}


def _locked(home: Home, run: Callable[[], int]) -> int:
    from store.db.lock import AlreadyRunning, HomeLock

    try:
        def waiting() -> None:
            print("beat: waiting for another beat command to finish…", file=sys.stderr, flush=True)

        with HomeLock(home.lock, reader=False, waiting=waiting):  # waits for another CLI writer, not for the reader
            return run()
    except AlreadyRunning as exc:
        print(_line(f"beat: {exc}"), file=sys.stderr)
        return 2


def _reporting_recovery(home: Home, args: argparse.Namespace, run: Callable[[Home, argparse.Namespace], int]) -> int:
    """Run a command after the user store was checked, saying on stderr what was recovered.

    Opening the user store recovers a damaged one (``store.db.recovery``); here every
    recovery is printed, and a read command that could not read the user's data as it
    was exits 1 even though it printed what it could. The reader shows them itself.
    """
    if args.command is None:
        return run(home, args)
    from store.db.recovery import UserStoreTooNew
    from store.db.userstore import UserStore, manifest_path

    recoveries = []
    if home.user.exists() or manifest_path(home.user).exists():
        try:
            user = UserStore(home.user)
        except UserStoreTooNew as exc:
            print(f"beat: {exc}", file=sys.stderr)
            return 1
        recoveries = user.recoveries
        user.close()
    for recovery in recoveries:
        print(f"beat: {recovery.message}", file=sys.stderr)
    code = run(home, args)
    return 1 if recoveries and code == 0 and not _writes(args) else code


# --- commands --------------------------------------------------------------------


def _tui(home: Home, args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(home)


def _progress(done: int, total: int, name: str) -> None:
    if total and sys.stderr.isatty():
        print(f"\r  {done}/{total} {_line(name)[:50]:<50}", end="", file=sys.stderr, flush=True)
    elif total and (done == total or done % 100 == 0):
        print(f"  {done}/{total} articles", file=sys.stderr, flush=True)


def _build(home: Home, args: argparse.Namespace) -> int:
    from store.workspace import ensure_built

    report = ensure_built(home, _progress, force=args.rebuild)
    if sys.stderr.isatty() and report.built:
        print(file=sys.stderr)
    for name, reason in report.errors:
        print(_line(f"beat: {name}: {reason}"), file=sys.stderr)
    if report.built:
        print(
            f"{report.reason}: {report.articles} articles ({report.analysed} analysed) in {report.seconds:.2f} s", file=sys.stderr
        )
        if report.orphaned:
            print(
                _line(f"beat: {report.orphaned} tagged passage(s) no longer found in the text: kept as orphans"), file=sys.stderr
            )
    else:
        print(_line(f"beat: {report.reason}"), file=sys.stderr)
    return 1 if report.errors else 0


def _import(home: Home, args: argparse.Namespace) -> int:
    from store.ingest.importer import import_paths
    from store.workspace import ensure_built

    result = import_paths(home, args.paths)
    for path, reason in result.errors:
        print(_line(f"beat: {path}: {reason}"), file=sys.stderr)
    for path, other in result.same_text.items():
        print(_line(f"beat: {path}: same text as {other}, not imported again"), file=sys.stderr)
    for line in result.notices:
        print(_line(f"beat: {line}"), file=sys.stderr)
    print(
        f"imported {len(result.added)} file(s), {len(result.duplicates)} already present, "
        f"{len(result.errors)} failed",
        file=sys.stderr,
    )
    try:
        report = ensure_built(home, _progress)
    except OSError as exc:
        if not result.added:
            raise
        print(  # the imports are kept: "nothing was changed" would be untrue
            _line(f"beat: the {len(result.added)} imported file(s) are kept in {home.sources}, but the store could "
            f"not be updated ({exc.strerror or exc}); run 'beat build' when there is room"),
            file=sys.stderr,
        )
        return 1
    for name, reason in report.errors:
        print(_line(f"beat: {name}: {reason}"), file=sys.stderr)
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


def _workspace(home: Home, writable: bool = False) -> Any:
    """The store opened as the reader opens it: corpus, index, tag book (no build)."""
    from store.workspace import Workspace

    workspace = Workspace(home, _open_corpus(home, writable))
    workspace.open_or_build()
    return workspace


def _unit_filter(workspace: Any, args: argparse.Namespace) -> frozenset[str] | None:
    """The keys ``--unit``/``--subunits`` stand for, as the reader's unit filter; None without ``--unit``."""
    if not args.unit:
        return None
    keys: frozenset[str] = workspace.index.unit_keys(args.unit, args.subunits)
    return keys


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(_clean(data), ensure_ascii=False, indent=1) + "\n")


def _clean(data: Any) -> Any:
    """Every string in ``data`` through the sanitiser: json.dumps escapes C0, not C1 or bidi marks."""
    if isinstance(data, str):
        return sanitize(data)
    if isinstance(data, dict):
        return {_clean(k): _clean(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_clean(v) for v in data]
    return data


def _line(value: object) -> str:
    """A stored (or typed) string for one line of terminal output: sanitised, no line breaks.

    Ingest already sanitised what the store holds, but a hand-edited or older store, or an
    argument echoed back, may hold escape sequences (OSC 52 writes the clipboard).
    """
    return sanitize(str(value)).replace("\n", " ").replace("\t", " ")


def _credits(metadata: dict[str, Any]) -> dict[str, Any]:
    """Who wrote it and when, as the cleaner found them: bylines with roles, time, outlet's page."""
    from store.db.metadata import bylines

    return {
        "bylines": [{"role": role, "name": name} for role, name in bylines(metadata)],
        "published_time": metadata.get("发布时间"),
        "page": metadata.get("版面"),
        "dateline": metadata.get("电头"),
    }


def _list(home: Home, args: argparse.Namespace) -> int:
    corpus = _open_corpus(home)
    rows = corpus.articles()
    if args.json:
        _dump([{**r.to_dict(), **_credits(corpus.metadata(r.id))} for r in rows])
        return 0
    for r in rows:
        print(
            f"{_line(r.id)}  {_line(r.published or '(no date)'):<10}  {_line(r.source or '-')[:12]:<12}  "
            f"{r.paragraphs:>3}¶  {_line(r.title)}"
        )
    return 0


def _show(home: Home, args: argparse.Namespace) -> int:
    corpus = _open_corpus(home)
    try:
        article = corpus.article(args.id)
    except KeyError as exc:
        print(_line(f"beat: {exc.args[0]}"), file=sys.stderr)
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
                **_credits(corpus.metadata(article.id)),
                "paragraphs": [
                    {"index": p.index, "kind": p.kind, "text": p.text, **({"original": p.original} if p.original else {})}
                    for p in article.paragraphs
                ],
                "entities": [e.to_dict() for e in entities],
                "events": [_event_dict(ev, article.paragraphs[ev.paragraph].text) for ev in events],
            }
        )
        return 0
    print(_line(article.title))
    print(f"{_line(article.source or '-')} · {_line(article.published or 'date unknown')} · {_line(article.id)}")
    if article.removed:
        print("cleaned: " + ", ".join(f"{_line(k)} {_line(v)}" for k, v in article.removed.items()))
    print()
    for p in article.paragraphs:
        prefix = {"heading": "## ", "caption": "[图] "}.get(p.kind, "")
        print(prefix + sanitize(p.text) + "\n")
    return 0


def _units(home: Home, args: argparse.Namespace) -> int:
    if args.merge or args.alias:
        workspace = _workspace(home, writable=True)
        if args.merge:
            key, into = (workspace.index.lookup_unit(ref) for ref in args.merge)
            workspace.merge_unit(key, into)
            print(_line(f"merged {key} into {into}"), file=sys.stderr)
        if args.alias:
            alias, key = args.alias[0], workspace.index.lookup_unit(args.alias[1])
            workspace.add_unit_alias(alias, key)
            print(_line(f"{alias} is now an alias of {key}"), file=sys.stderr)
        return 0
    corpus = _open_corpus(home)
    units = corpus.units()
    if args.json:
        _dump([u.to_dict() for u in units])
        return 0
    for u in units:
        parent = f" ‹ {_line(u.parent)}{' (inferred)' if u.parent_inferred else ''}" if u.parent else ""
        print(f"{u.mentions:>4} × {u.articles:>3} art  {_line(u.key)}{parent}")
    return 0


def _timeline(home: Home, args: argparse.Namespace) -> int:
    from store.corpus.query import timeline_events

    workspace = _workspace(home)
    corpus, keys = workspace.corpus, _unit_filter(workspace, args)
    try:
        ids = [corpus.resolve_id(args.article)] if args.article else [a.id for a in workspace.index.articles]
        rows = timeline_events(corpus, ids, keys)
    except KeyError as exc:
        print(_line(f"beat: {exc.args[0]}"), file=sys.stderr)
        return 1
    if args.json:
        texts: dict[str, list[str]] = {}
        for aid, _ in rows:
            if aid not in texts:
                texts[aid] = corpus.paragraph_texts(aid)
        _dump([{"article": aid, **_event_dict(ev, texts[aid][ev.paragraph])} for aid, ev in rows])
        return 0
    from store.corpus.query import when_label

    for aid, ev in rows:  # the reader's forms: "2024-04-21 →", "2024-08-21..08-31", "2024-08"
        when = when_label(ev) if ev.date_start and ev.year != "unknown" else f"????: {ev.text}"
        print(f"{_line(when):<17} {_line(aid)}  {_line(ev.label)}")
    return 0


def _event_dict(event: Any, paragraph: str) -> dict[str, Any]:
    from store.nlp.time.resolve import event_sentence

    return {**event.to_dict(), "sentence": event_sentence(paragraph, event)}


def _date(home: Home, args: argparse.Namespace) -> int:
    from store.db.dates import InvalidDate, iso_date

    if args.clear == (args.date is not None):
        print("beat: give the date as YYYY-MM-DD, or --clear", file=sys.stderr)
        return 2
    try:
        date = None if args.clear else iso_date(args.date)
    except InvalidDate as exc:
        print(_line(f"beat: {exc} (or --clear)"), file=sys.stderr)
        return 2
    workspace = _workspace(home, writable=True)
    changed = workspace.set_reference(args.id, date)
    print(_line(f"reference date of {changed.article}: {changed.date or 'from the text'}"), file=sys.stderr)
    return 0


def _tag(home: Home, args: argparse.Namespace) -> int:
    if args.tag_command == "list":
        workspace = _workspace(home)
        codings = workspace.codings(tag=args.tag)
        keys = _unit_filter(workspace, args)
        if keys is not None:
            units = workspace.index.passage_units()
            codings = [c for c in codings if units.matches(c, keys)]
        if args.json:
            _dump([_coding_dict(c) for c in codings])
        else:
            for c in codings:
                mark = " (orphan)" if c.orphan else ""
                print(
                    f"{_line(c.id)}  {_line(c.tag):<12} {_line(c.article)} ¶{c.paragraph} {c.start}-{c.end}{mark}  "
                    f"{_line(c.quote)[:40]}"
                )
        return 0
    workspace = _workspace(home, writable=True)
    if args.tag_command == "add":
        return _tag_add(workspace, args)
    return _tag_rm(workspace, args)


def _coding_dict(c: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(c)


def _tag_add(workspace: Any, args: argparse.Namespace) -> int:
    try:
        article = workspace.corpus.article(args.id)
    except KeyError as exc:
        print(_line(f"beat: {exc.args[0] if exc.args else exc}"), file=sys.stderr)
        return 1
    problem = _span_problem(article.id, [p.text for p in article.paragraphs], args.paragraph, args.start, args.end)
    if problem:
        print(_line(f"beat: {problem}"), file=sys.stderr)
        return 1
    codings = workspace.add_tags(article.id, args.paragraph, args.names, args.start or 0, args.end, memo=args.memo)
    for c in codings:
        print(c.id)
    return 0


def _span_problem(aid: str, paragraphs: list[str], paragraph: int, start: int | None, end: int | None) -> str | None:
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


def _tag_rm(workspace: Any, args: argparse.Namespace) -> int:
    ids = set(args.ids)
    if args.article is not None:
        try:
            aid = workspace.corpus.resolve_id(args.article)
        except KeyError as exc:
            print(_line(f"beat: {exc.args[0]}"), file=sys.stderr)
            return 1
        ids |= {
            c.id for c in workspace.codings(tag=args.tag, article=aid) if args.paragraph is None or c.paragraph == args.paragraph
        }
    removed = workspace.remove_codings(ids)
    print(f"removed {removed} tagged passage(s)", file=sys.stderr)
    return 0 if removed else 1


def _export(home: Home, args: argparse.Namespace) -> int:
    workspace = _workspace(home)  # no user store yet: nothing tagged, an empty export
    result = workspace.export(args.format, args.output, _unit_filter(workspace, args) or frozenset(), tag=args.tag)
    print(_line(f"wrote {result.passages} tagged passage(s) to {args.output}"), file=sys.stderr)
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
from tui.cli_analysis import Shell, commands  # noqa: E402  (search, kwic, counts, cooccur, reposts, figures, searches)

_COMMANDS.update(commands(Shell(_workspace, _line, _dump)))
