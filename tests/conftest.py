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
