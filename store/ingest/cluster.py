"""``beat build --cluster ADDRESS``: the analysis on a Dask (distributed) cluster.

Dask, not Ray, by measurement (``python -m tests.bench.bench_engines``, 2 shared
cores at load 6–14, 2026-12-01; each engine in its own venv):

| | Dask 2026.8 (dask + distributed) | Ray 2.60 |
|---|---|---|
| install (site-packages added) | 44 MB, 18 s | 265 MB, 24 s |
| import | 0.6–1.2 s | 0.8–1.2 s |
| local cluster of 2 worker processes, to ready | 2.3–4.0 s | 8.9–12.0 s |
| an empty task (200 at once) | 3–10 ms | 0.6–0.8 ms |
| 12 batches of 4 articles, wall minus the busiest worker's analysis | 0.42 s | 0.51 s |

Ray's tasks are cheaper, but a batch is seconds of analysis (``store.ingest.shards``),
so neither engine's per-task cost shows; what shows is Ray's six times larger install
(a raylet, a GCS server and a dashboard's dependencies, for one function run in a
loop) and its three times slower start, which a test of a 2-worker cluster pays on
every run. Dask is pure Python over tornado, installs wherever Beat does, and its
``LocalCluster`` gives ``--cluster local`` for free.

The workers must run the same Beat (``pip install beat`` in their environment); a
batch analysed by another version is refused (its shard names other analyser
versions) and the build stops with the store untouched. Each worker loads the model
once, when it joins (:class:`LoadModel`); articles are read here and sent as bytes,
so the workers need no access to the data home. A lost worker's batches are
rescheduled by the scheduler; a batch that fails twice stops the build
(``store.ingest.engines``), and so does a worker that cannot load the model, at once
(``engines.ModelFailed``). On a scheduler's cluster, ``--workers N`` is the number of
workers the build waits for (at most ``JOIN_S``) before it starts. Run workers with
``--nthreads 1``: analysis is Python, threads in one process share one core's worth
of the GIL.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin

from store.ingest.build import Entry, analyse_batch
from store.ingest.engines import ClusterError, ModelFailed, default_workers
from store.ingest.sources import SourceError
from store.nlp.model import ModelError

CONNECT_S = 10.0  # a scheduler that does not answer in this long is taken for unreachable
JOIN_S = 60.0  # ``--workers N`` on a cluster elsewhere: how long N workers may take to join (``--join-timeout``)
LOCAL = "local"  # the address that starts a cluster on this machine instead


class LoadModel(WorkerPlugin):  # type: ignore[misc]  # distributed's types are skipped (pyproject)
    """Loads the entity model in each worker as it joins (one load per worker, not per batch)."""

    name = "beat-load-model"

    def setup(self, worker: Any) -> None:
        from store.nlp.model import ensure_loaded

        ensure_loaded()


class DaskEngine:
    """Submits batches to a Dask client; ``workers`` is the cluster's task slots when connected."""

    def __init__(self, client: Client, where: str = "on a cluster worker") -> None:
        self.client = client
        self.workers = max(1, sum(client.nthreads().values()))
        self.where = where  # for messages

    def submit(self, batch: list[Entry]) -> Any:
        # pure=False: a retried batch runs again instead of returning the failed result
        return self.client.submit(analyse_batch, [_with_bytes(e) for e in batch], pure=False)

    def close(self) -> None:
        pass  # the connection is :func:`connect`'s


def _with_bytes(entry: Entry) -> Entry:
    """The entry with its bytes, read here: workers elsewhere cannot open the home's files.

    One that cannot be read goes as it is, and the worker reports the failed read."""
    if entry.data is not None:
        return entry
    try:
        return replace(entry, data=entry.read())
    except (OSError, SourceError):
        return entry


@contextlib.contextmanager
def connect(
    address: str, workers: int = 0, timeout: float | None = None, join: float | None = None
) -> Iterator[DaskEngine]:
    """A connected engine, the model loaded on every worker; ClusterError when that fails.

    ``address`` is a scheduler's (``tcp://host:8786``), or ``local`` for a cluster of
    ``workers`` processes on this machine (0: one per core, as memory allows). On a
    scheduler's cluster ``workers`` is how many workers must have joined before the
    build starts, waited for ``join`` seconds (``JOIN_S``): workers started with the
    scheduler, or by a batch system, join seconds to minutes after it answers, and a
    build started on the first one to join would run on it alone.
    """
    timeout = CONNECT_S if timeout is None else timeout
    join = JOIN_S if join is None else join
    cluster = None
    client = None
    try:
        if address == LOCAL:
            count = workers or default_workers()
            cluster = LocalCluster(  # its workers' logs silenced: Beat says what failed, without their tracebacks
                n_workers=count, threads_per_worker=1, processes=True, silence_logs=logging.CRITICAL,
                dashboard_address=":0",  # any free port: None meant 8787, and a warning when another cluster held it
            )  # fmt: skip
        client = Client(cluster or address, timeout=f"{timeout}s", set_as_default=False)
        if cluster is None and workers:
            _await_workers(client, address, workers, join)
        elif not client.nthreads():
            client.wait_for_workers(1, timeout=timeout)
    except ClusterError:
        _close(client, cluster)
        raise
    except Exception as exc:
        _close(client, cluster)
        raise ClusterError(f"could not use the cluster at {address} ({type(exc).__name__}: {exc})") from exc
    try:
        client.register_plugin(LoadModel())
    except Exception as exc:
        with contextlib.suppress(Exception):  # a long-lived scheduler keeps no plugin that fails: a worker
            client.unregister_worker_plugin(LoadModel.name)  # restarted after dying in it would die again
        _close(client, cluster)
        if isinstance(exc, ModelError):
            raise ModelFailed(_where(address), exc) from exc
        raise ClusterError(  # a worker that dies loading the model (out of memory) closes the scheduler's call
            f"the cluster at {address} failed as its workers loaded the entity model, "
            f"a worker may have died loading it ({type(exc).__name__}: {exc})"
        ) from exc
    try:
        yield DaskEngine(client, _where(address))
    finally:
        _close(client, cluster)


def _where(address: str) -> str:
    return "on a worker of the local cluster" if address == LOCAL else f"on a worker of the cluster at {address}"


def _await_workers(client: Client, address: str, workers: int, join: float) -> None:
    """Until ``workers`` workers have joined; ClusterError naming how many did when ``join`` seconds pass."""
    try:
        client.wait_for_workers(workers, timeout=join)
    except TimeoutError as exc:
        joined = getattr(exc, "available_workers", None)
        if joined is None:
            joined = len(client.nthreads())
        raise ClusterError(
            f"only {joined} of the {workers} workers asked for (--workers) joined the cluster at {address} in {join:g} s"
        ) from exc


def _close(client: Client | None, cluster: LocalCluster | None) -> None:
    with contextlib.suppress(Exception):
        if client is not None:
            client.close()
    with contextlib.suppress(Exception):
        if cluster is not None:
            cluster.close()
