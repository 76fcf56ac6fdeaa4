"""Shared fixtures: seeds read from the repo, and throwaway data homes."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def home(tmp_path: Path):
    from store.db.paths import Home

    return Home(tmp_path / "home")


@pytest.fixture(scope="session")
def built_home(tmp_path_factory):
    """A data home with the seed store built once for the whole run (read-only use)."""
    from store.db.paths import Home
    from store.workspace import ensure_built

    h = Home(tmp_path_factory.mktemp("seed-home"))
    report = ensure_built(h)
    assert report.built and report.articles == 5, report
    return h


@pytest.fixture(params=["tinydb", "sqlite"])
def backend(request, monkeypatch) -> str:
    """Run the test on each index of the derived store: stores written in this process follow it."""
    from store.db import derived_api

    monkeypatch.setattr(derived_api, "SQLITE_FROM", 0 if request.param == "sqlite" else 10**12)
    return request.param


@pytest.fixture(scope="session")
def dask_client():
    """A Dask cluster of 2 worker processes on this machine, one for the whole run, and a client of it.

    Its start costs 2–4 s and each worker loads the model once, so the cluster tests of
    the build and of the CLI share it; a test that changes the workers puts them back.
    Tests reach it by its address, as a build reaches a cluster started elsewhere.
    """
    import logging

    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    )
    client = Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()
