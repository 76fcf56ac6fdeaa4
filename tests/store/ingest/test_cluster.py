"""``beat build --cluster`` against a local Dask cluster of 2 worker processes.

One cluster for the module: it starts in 2–4 s and each worker loads the model once.
Faults are made in the workers themselves: :func:`_install` replaces the analyser in
every worker process (``client.run``), as a test cannot reach into them otherwise.
"""

from __future__ import annotations

import logging
import os
import sys
import time

import cloudpickle
import orjson
import pytest
from distributed import Client, LocalCluster

from store.ingest import shards
from store.ingest.cluster import connect
from store.ingest.engines import BatchFailed, ClusterError
from store.ingest.importer import import_paths
from store.workspace import ensure_built
from tests.bench.corpus import write_corpus
from tests.store.ingest.conftest import MARKER, copy_home, same_store, store_files, with_marked_article


@pytest.fixture(scope="module")
def scheduler():
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers need not import this test module
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    client = Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()


def _install(mode: str, flag: str = "") -> None:
    """In a worker: count analysed articles; ``mode`` "raise" or "die" on the marked article ("die": once)."""
    from store.ingest import build

    real = build.__dict__.setdefault("_real_analyse_entry", build.analyse_entry)
    seen = build.__dict__.setdefault("_seen", [])
    seen.clear()

    def patched(entry):
        seen.append(entry.name)
        if MARKER.encode() in entry.read():
            if mode == "raise":
                raise RuntimeError("the analyser tripped")
            if mode == "die" and not os.path.exists(flag):
                open(flag, "w").close()
                os._exit(1)  # the worker process dies mid-batch
        return real(entry)

    build.analyse_entry = patched


def _seen() -> list[str]:
    from store.ingest import build

    return list(build.__dict__.get("_seen", []))


def _uninstall() -> None:
    from store.ingest import build

    build.analyse_entry = build.__dict__.get("_real_analyse_entry", build.analyse_entry)


def _running(dask_worker) -> int:
    return len(dask_worker.active_threads)


def _wait_idle(client: Client) -> None:
    """Until the workers finish what an aborted build left running (a cancelled task's thread runs on)."""
    deadline = time.monotonic() + 60
    while any(client.run(_running).values()) and time.monotonic() < deadline:
        time.sleep(0.1)


def _analysed_on_workers(client: Client) -> list[str]:
    return [name for names in client.run(_seen).values() for name in names]


def build_on(client: Client, home, **kwargs):
    with connect(client.scheduler.address) as engine:
        return ensure_built(home, engine=lambda: engine, **kwargs)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(shards, "BATCH_BYTES", 20_000)  # a few articles a batch: both workers busy


def test_a_cluster_build_equals_the_local_build(scheduler, synthetic_imported, synthetic_built, tmp_path, small_batches):
    home = copy_home(synthetic_imported, tmp_path / "home")
    scheduler.run(_install, "count")
    try:
        report = build_on(scheduler, home)
        per_worker = scheduler.run(_seen)
    finally:
        scheduler.run(_uninstall)
    assert report.articles == 17 and report.analysed == 17 and not report.errors
    assert len(per_worker) == 2 and all(per_worker.values())  # both workers took batches
    assert sorted(n for names in per_worker.values() for n in names) == sorted(r.stored for r in _rows(synthetic_built))
    same_store(home, synthetic_built)


def _rows(home):
    from store.db import derived

    store = derived.load(home.root)
    try:
        return list(store.rows)
    finally:
        store.close()


def test_a_cluster_build_resumes_from_the_shards_of_an_aborted_one(scheduler, synthetic_built, tmp_path, small_batches):
    """Six new articles on a built store (the seventeen are carried over): abort after two, rerun."""
    home = copy_home(synthetic_built, tmp_path / "home")
    write_corpus(tmp_path / "more", 6, seed=7, rename_people=False)
    assert len(import_paths(home, [tmp_path / "more"]).added) == 6

    def stop_at_two(done: int, total: int, name: str) -> None:
        if done == 2:
            raise KeyboardInterrupt  # Ctrl-C between two batches' merges

    with pytest.raises(KeyboardInterrupt):
        build_on(scheduler, home, progress=stop_at_two)
    finished = [orjson.loads(p.read_bytes())["results"] for p in (home.root / "shards").glob("*.json")]
    in_shards = {name for results in finished for name, _ in results}
    assert 2 <= len(in_shards) < 6
    _wait_idle(scheduler)
    scheduler.run(_install, "count")
    try:
        report = build_on(scheduler, home)
        analysed = _analysed_on_workers(scheduler)
    finally:
        scheduler.run(_uninstall)
    assert report.articles == 23 and report.resumed == len(in_shards)
    assert report.analysed == 6 - len(in_shards) == len(analysed) and not in_shards & set(analysed)


def test_a_batch_failing_twice_on_the_cluster_stops_the_build(scheduler, synthetic_built, tmp_path):
    home = copy_home(synthetic_built, tmp_path / "home")
    marked = with_marked_article(home, tmp_path)
    before = store_files(home)
    scheduler.run(_install, "raise")
    try:
        with pytest.raises(BatchFailed, match="failed twice.*tripped") as caught:
            build_on(scheduler, home)
        tries = _analysed_on_workers(scheduler)
    finally:
        scheduler.run(_uninstall)
    assert caught.value.names == [str(marked)] and len(tries) == 2
    assert store_files(home) == before  # the old store, untouched


def test_a_lost_worker_s_batch_runs_again(scheduler, synthetic_built, tmp_path):
    home = copy_home(synthetic_built, tmp_path / "home")
    with_marked_article(home, tmp_path)
    scheduler.run(_install, "die", str(tmp_path / "died"))
    try:
        report = build_on(scheduler, home)
    finally:
        scheduler.run(_uninstall)
    assert (tmp_path / "died").exists()  # a worker did die on it
    assert report.articles == 18 and report.analysed == 1 and not report.errors
    scheduler.wait_for_workers(2, timeout=60)  # the nanny restarts it for the next test


def test_an_unreachable_cluster_is_a_clear_error():
    with pytest.raises(ClusterError, match="could not use the cluster at tcp://127.0.0.1:9"):
        with connect("tcp://127.0.0.1:9", timeout=0.5):
            pass
