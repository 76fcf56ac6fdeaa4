"""Commands that build the store: ``beat`` (the reader, building first if needed), ``build``, ``import``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from store.db.paths import Home
from store.text.wording import plural
from tui.cli.output import line

if TYPE_CHECKING:
    from store.ingest.build import EngineStart
    from store.ingest.engines import Engine


def tui(home: Home, args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(home)


def progress(done: int, total: int, name: str) -> None:
    if total and sys.stderr.isatty():
        print(f"\r  {done}/{total} {line(name)[:50]:<50}", end="", file=sys.stderr, flush=True)
    elif total and (done == total or done % 100 == 0):
        print(f"  {done}/{total} articles", file=sys.stderr, flush=True)


def build(home: Home, args: argparse.Namespace) -> int:
    from store.ingest.engines import BatchFailed, ClusterError
    from store.nlp.model import ModelError
    from store.workspace import ensure_built

    if args.store and not args.rebuild:
        from store.db.tinydb_storage import CorruptStoreError

        try:  # a store on the other index: moved, not re-analysed
            _convert_if_other(home, args.store)
        except CorruptStoreError:
            pass  # rebuilt below, on the chosen index
    try:
        with _cluster(args.cluster, args.workers, args.join_timeout) as engine:
            report = ensure_built(home, progress, force=args.rebuild, engine=engine, workers=args.workers, store=args.store)
    except BatchFailed as exc:
        _end_progress()
        print(line(f"beat: {exc}; the store was not changed. The articles:"), file=sys.stderr)
        for name in exc.names:
            print(line(f"  {name}"), file=sys.stderr)
        return 1
    except ClusterError as exc:
        _end_progress()
        print(line(f"beat: {exc}; the store was not changed"), file=sys.stderr)
        return 1
    except ModelError as exc:  # here or in a worker: its message says the store was not changed
        _end_progress()
        print(line(f"beat: {exc}"), file=sys.stderr)
        return 1
    if report.built:
        _end_progress()
    for name, reason in report.errors:
        print(line(f"beat: {name}: {reason}"), file=sys.stderr)
    if report.built:
        resumed = f", {report.resumed} from an interrupted build" if report.resumed else ""
        counts = f"{plural(report.articles, 'article')} ({report.analysed} analysed{resumed})"
        print(f"{report.reason}: {counts} in {report.seconds:.2f} s", file=sys.stderr)
        if report.orphaned:
            orphans = plural(report.orphaned, "tagged passage")
            print(line(f"beat: {orphans} no longer found in the text: kept as orphans"), file=sys.stderr)
    else:
        print(line(f"beat: {report.reason}"), file=sys.stderr)
    return 1 if report.errors else 0


def _end_progress() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)


@contextlib.contextmanager
def _cluster(address: str | None, workers: int, join: float | None = None) -> Iterator[EngineStart | None]:
    """An engine start for ``--cluster``: it connects only once a batch must be analysed
    (an up-to-date store starts no cluster), and disconnects when the build ends.

    ``workers`` on a scheduler's address: how many workers must join first, waited for
    ``join`` seconds (``store.ingest.cluster.JOIN_S`` by default)."""
    if not address:
        yield None
        return
    with contextlib.ExitStack() as stack:
        engines: list[Engine] = []

        def start() -> Engine:
            if not engines:
                from store.ingest.engines import ClusterError

                try:
                    from store.ingest.cluster import connect  # imports Dask: only here
                except ImportError as exc:
                    raise ClusterError(f"--cluster needs Dask ({exc.name} is missing): pip install 'beat[cluster]'") from exc
                engines.append(stack.enter_context(connect(address, workers, join=join)))
            return engines[0]

        yield start


def _convert_if_other(home: Home, backend: str) -> int | None:
    """Convert the home's current store to ``backend`` if it is on the other one: its articles, None if there is no store.

    A damaged store raises CorruptStoreError (``beat build`` rebuilds it on ``backend``)."""
    from store.db import derived

    store = derived.load(home.root)
    if store is None or store.meta.get("schema") != derived.SCHEMA:
        return None
    current, count = store.backend(), len(store.rows)
    store.close()
    return derived.convert(home.root, backend) if current != backend else count


def convert_store(home: Home, args: argparse.Namespace) -> int:
    """``beat convert-store sqlite|tinydb``: the same rows and side files on the other index, swapped atomically."""
    import time

    from store.db.tinydb_storage import CorruptStoreError

    started = time.perf_counter()
    try:
        count = _convert_if_other(home, args.backend)
    except CorruptStoreError as exc:
        print(line(f"beat: the store is damaged ({exc}): run 'beat build --store {args.backend}'"), file=sys.stderr)
        return 1
    if count is None:
        print(line(f"beat: no current store in {home.root} to convert: run 'beat build --store {args.backend}'"), file=sys.stderr)
        return 1
    print(f"store on {args.backend}: {plural(count, 'article')} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


def import_(home: Home, args: argparse.Namespace) -> int:
    from store.ingest.importer import import_paths
    from store.workspace import ensure_built

    result = import_paths(home, args.paths)
    for path, reason in result.errors:
        print(line(f"beat: {path}: {reason}"), file=sys.stderr)
    for path, other in result.same_text.items():
        print(line(f"beat: {path}: same text as {other}, not imported again"), file=sys.stderr)
    for notice in result.notices:
        print(line(f"beat: {notice}"), file=sys.stderr)
    print(
        f"imported {plural(len(result.added), 'file')}, {len(result.duplicates)} already present, "
        f"{len(result.errors)} failed",
        file=sys.stderr,
    )
    try:
        report = ensure_built(home, progress)
    except OSError as exc:
        if not result.added:
            raise
        kept = plural(len(result.added), "imported file is", "imported files are")
        print(  # the imports are kept: "nothing was changed" would be untrue
            line(f"beat: the {kept} kept in {home.sources}, but the store could not be updated "
                 f"({exc.strerror or exc}); run 'beat build' when there is room"),
            file=sys.stderr,
        )
        return 1
    for name, reason in report.errors:
        print(line(f"beat: {name}: {reason}"), file=sys.stderr)
    return 1 if result.errors or report.errors else 0
