"""The ``beat`` entry point: parse, take the home's lock for writers, run, turn failures into one line.

Nothing here imports Textual, Rich or jieba at module level: read-only commands must
start in a fraction of a second, and that is tested.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from store.db.paths import Home, resolve_home
from store.nlp.model import ModelError
from tui.cli.analysis import commands as analysis_commands
from tui.cli.analysis import writes as analysis_writes
from tui.cli.analysis_shell import Shell
from tui.cli.articles import date, list_, show, timeline
from tui.cli.build import build, convert_store, import_, tui
from tui.cli.entities import WRITES as ENTITY_WRITES
from tui.cli.entities import entity
from tui.cli.export import export
from tui.cli.opening import open_workspace
from tui.cli.output import EXIT_USAGE, CommandError, dump, line
from tui.cli.parser import build_parser
from tui.cli.tags import tag
from tui.cli.team import COMMANDS as TEAM_COMMANDS
from tui.cli.team import writes as team_writes
from tui.cli.units import units

Command = Callable[[Home, argparse.Namespace], int]

COMMANDS: dict[str, Command] = {
    "tui": tui,
    "build": build,
    "convert-store": convert_store,
    "import": import_,
    "list": list_,
    "show": show,
    "units": units,
    "timeline": timeline,
    "date": date,
    "tag": tag,
    "export": export,
    "entity": entity,
    **TEAM_COMMANDS,  # issue 19: import-qdpx, agreement, coder
    **analysis_commands(Shell(open_workspace, line, dump)),  # issue 17: search, kwic, counts, cooccur, reposts, figures
}


def main(argv: Sequence[str] | None = None) -> int:
    from store.corpus.query import UnitLookupError
    from store.workspace import WorkspaceError

    args = build_parser().parse_args(argv)
    home = home_of(args)
    command = args.command or "tui"
    try:
        if writes(args):
            return _locked(home, lambda: _reporting_recovery(home, args, COMMANDS[command]))
        return _reporting_recovery(home, args, COMMANDS[command])
    except CommandError as exc:  # an argument out of range, a filter that matched nothing: said in one line
        print(line(f"beat: {exc.message}"), file=sys.stderr)
        return exc.code
    except UnitLookupError as exc:  # names no unit or several: a usage error, like a bad date
        print(line(f"beat: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except WorkspaceError as exc:  # a merge cycle, a tag name taken, a full disk: nothing was changed
        print(line(f"beat: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # disk full, read-only home, permissions: say so, no traceback
        print(line(f"beat: {exc.strerror or exc} ({exc.filename or home.root}); nothing was changed"), file=sys.stderr)
        return 1
    except ModelError as exc:  # the entity model is missing or broken: one line, no traceback
        print(f"beat: {exc}", file=sys.stderr)
        return 1


def home_of(args: argparse.Namespace) -> Home:
    """The data home the arguments name: ``--home`` wherever it was written, else ``$BEAT_HOME``, else the default."""
    return resolve_home(getattr(args, "home", None))


def writes(args: argparse.Namespace) -> bool:
    """Commands that change the data home take the single-instance lock; readers don't."""
    if args.command in {"build", "convert-store", "import", "date"} or analysis_writes(args):
        return True
    if args.command == "units":
        return bool(args.merge or args.alias)
    if args.command == "entity":
        return bool(args.entity_command in ENTITY_WRITES)
    return args.command == "tag" and args.tag_command in {"add", "rm"} or team_writes(args)


def _locked(home: Home, run: Callable[[], int]) -> int:
    from store.db.lock import AlreadyRunning, HomeLock

    try:
        def waiting() -> None:
            print("beat: waiting for another beat command to finish…", file=sys.stderr, flush=True)

        with HomeLock(home.lock, reader=False, waiting=waiting):  # waits for another CLI writer, not for the reader
            return run()
    except AlreadyRunning as exc:
        print(line(f"beat: {exc}"), file=sys.stderr)
        return 2


def _reporting_recovery(home: Home, args: argparse.Namespace, run: Command) -> int:
    """Run a command after the user store was checked, saying on stderr what was recovered.

    Opening the user store recovers a damaged one (``store.db.recovery``); here every
    recovery is printed, and a read command that could not read the user's data as it
    was exits 1 even though it printed what it could. The reader shows them itself.
    """
    if args.command is None:
        return run(home, args)
    from store.db.recovery import UserStoreTooNew
    from store.db.userstore import UserStore, manifest_path

    recoveries, migrated = [], []
    if home.user.exists() or manifest_path(home.user).exists():
        try:
            user = UserStore(home.user)
        except UserStoreTooNew as exc:
            print(f"beat: {exc}", file=sys.stderr)
            return 1
        recoveries, migrated = user.recoveries, user.migrated
        user.close()
    for recovery in recoveries:
        print(f"beat: {recovery.message}", file=sys.stderr)
    for note in migrated:  # the one open that migrated the store says what changed; later ones have nothing to say
        print(f"beat: {note}", file=sys.stderr)
    code = run(home, args)
    return 1 if recoveries and code == 0 and not writes(args) else code
