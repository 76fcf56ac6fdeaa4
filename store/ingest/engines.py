"""Where a build's analysis runs, and the loop that feeds it batches and keeps their shards.

An engine takes a batch of corpus entries and returns a future of its shard payload
(``store.ingest.shards``' format, encoded in the worker, so what crosses a process or
the network is one bytes object per batch, not thousands of small objects):

- :class:`InProcess`: here, one batch after the other (small builds, one core);
- :class:`LocalPool`: forked worker processes that inherit the model the build
  loaded, one per core by default, fewer when memory is short (:func:`default_workers`);
- ``store.ingest.cluster.DaskEngine``: a Dask cluster (``beat build --cluster``).

:func:`analysed` is the same for all three: batches whose shard exists are read back,
the others are submitted a few ahead of the one being merged, each result is written
as a shard and then handed on, in the batch order, so every engine builds the same
store. A batch that fails is submitted once more (a lost local worker's pool is
restarted; a cluster reschedules a lost worker's tasks itself); a batch that fails
twice raises :class:`BatchFailed` naming its articles, before the store is replaced.
A worker that cannot load the entity model fails every batch it takes, whatever the
articles: that raises :class:`ModelFailed` at once, naming the cause, not the articles.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from store.db.paths import Home
from store.ingest import shards
from store.nlp.model import ModelError  # the module imports neither onnxruntime nor numpy

Entry = Any  # store.ingest.build.Entry: the engines pass on what the build gives them, unread but for .name
Work = Callable[[list[Entry]], bytes]  # store.ingest.build.analyse_batch: module-level, so a pool or a cluster can send it

WORKER_MB = 250  # a forked build worker after 24 benchmark articles: RSS 200 MB, 123 MB of it its own (2026-12-01)
PARALLEL_FROM = 40  # articles; below this, process start-up costs more than it saves
AHEAD = 2  # batches in flight per worker: the next is queued while one runs, results stay few


class Pending(Protocol):
    """A batch being analysed: a ``concurrent.futures.Future`` or a Dask future."""

    def result(self) -> bytes: ...

    def cancel(self) -> object: ...


class Engine(Protocol):
    workers: int  # how many batches run at once
    where: str  # where the analysis runs, for messages: "in a build worker"

    def submit(self, batch: list[Entry]) -> Pending: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """Every core this process may run on, as many as memory holds at ``WORKER_MB`` each.

    The old cap of four workers had no stated reason (it came with the first build
    pipeline, before the model); memory is the real bound: each worker holds its own
    copy of the analysis state beside the model pages it shares with the parent.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    available = _available_mb()
    return max(1, min(cores, available // WORKER_MB)) if available else max(1, cores)


def _available_mb() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class InProcess:
    """Analysis here, batch by batch: what a build of a few articles, or one core, uses."""

    workers = 1
    where = "in this process"

    def __init__(self, work: Work) -> None:
        self.work = work

    def submit(self, batch: list[Entry]) -> Future[bytes]:
        future: Future[bytes] = Future()
        try:
            future.set_result(self.work(batch))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def close(self) -> None:
        pass


class LocalPool:
    """Forked worker processes: they start in milliseconds with the parent's loaded model."""

    where = "in a build worker"

    def __init__(self, workers: int, work: Work) -> None:
        self.workers, self.work = workers, work
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method))

    def submit(self, batch: list[Entry]) -> Future[bytes]:
        try:
            return self._pool.submit(self.work, batch)
        except BrokenProcessPool:  # a worker died (killed, out of memory): a new pool for what is left
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            return self._pool.submit(self.work, batch)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def local(articles: int, workers: int, work: Work) -> Callable[[], Engine]:
    """This process for a few articles or one worker, else a forked pool of ``workers`` (0: every core)."""
    count = workers or default_workers()
    if articles < PARALLEL_FROM or count < 2:
        return lambda: InProcess(work)
    return lambda: LocalPool(min(count, articles), work)


class BatchFailed(RuntimeError):
    """A batch whose analysis failed twice: the build stops and the store stays as it was."""

    def __init__(self, names: list[str], cause: BaseException) -> None:
        self.names = names
        self.cause = cause
        super().__init__(f"analysis failed twice ({type(cause).__name__}: {cause}) in a batch of {len(names)} articles")


class ModelFailed(ModelError):
    """The entity model could not load where a batch ran: the build stops, the store stays as it was.

    Not a :class:`BatchFailed`: the articles are not at fault, and trying the batch
    again on the same worker fails the same way (the model loads once per process)."""

    def __init__(self, where: str, cause: BaseException) -> None:
        self.cause = cause
        super().__init__(f"{where}: {cause}")


class ClusterError(RuntimeError):
    """A cluster that could not be reached or set up (``store.ingest.cluster``): nothing was built."""


@dataclass(slots=True)
class Tally:
    analysed: int = 0  # articles analysed by this build
    resumed: int = 0  # articles whose analysis came from the shard of an earlier, interrupted build
    shards: int = 0  # shards written by this build


Result = tuple["Entry", shards.Result]


def analysed(
    home: Home, todo: list[Entry], engine: Callable[[], Engine], versions: str, tally: Tally
) -> Iterator[Result]:
    """Each entry of ``todo`` with its analysis, in order; ``engine`` is called only if a batch must run."""
    limit = shards.batch_limit(sum(e.size for e in todo), shards.BATCH_BYTES)  # read here: a test makes batches small
    cut = shards.batches(todo, limit)
    digests = [shards.batch_digest(versions, batch) for batch in cut]
    ready: dict[int, list[tuple[str, shards.Result]]] = {}
    for i, digest in enumerate(digests):
        done = shards.read(home, digest, versions)
        if done is not None and [name for name, _ in done] == [e.name for e in cut[i]]:
            ready[i] = done
    running: dict[int, Pending] = {}
    started: Engine | None = None
    queued = 0  # the first batch not yet submitted (nor read from its shard)
    try:
        for i, batch in enumerate(cut):
            if i in ready:
                tally.resumed += len(batch)
                results = ready.pop(i)
            else:
                if started is None:
                    started = engine()
                queued = max(queued, i)  # the batches before this one are merged already
                while queued < len(cut) and len(running) < AHEAD * started.workers or queued <= i:
                    if queued not in ready:
                        running[queued] = started.submit(cut[queued])
                    queued += 1
                payload, results = _result(started, batch, running.pop(i), versions)
                shards.write(home, digests[i], payload)
                tally.shards += 1
                tally.analysed += len(batch)
            yield from zip(batch, (result for _, result in results), strict=True)
    finally:
        for future in running.values():
            future.cancel()
        if started is not None:
            started.close()


def _result(
    engine: Engine, batch: list[Entry], future: Pending, versions: str
) -> tuple[bytes, list[tuple[str, shards.Result]]]:
    """The batch's payload and results; a second try when the first fails (a worker of
    another Beat version fails both: its payload names other versions)."""
    try:
        payload = future.result()
        return payload, shards.decode(payload, versions)
    except ModelError as exc:
        raise ModelFailed(engine.where, exc) from exc
    except Exception:
        try:
            payload = engine.submit(batch).result()
            return payload, shards.decode(payload, versions)
        except ModelError as exc:
            raise ModelFailed(engine.where, exc) from exc
        except Exception as exc:
            raise BatchFailed([e.name for e in batch], exc) from exc
