"""Both indexes of the derived store run the same store tests (issue 18).

``backend`` (tests/conftest.py) parametrizes a test over TinyDB and SQLite: stores written
in this process follow it (the size threshold is moved), and homes made here are converted
to it with the choice remembered, so builds in subprocesses (the kill tests) keep it too.
"""

from __future__ import annotations

import shutil

import pytest

from store.db import derived
from store.db.paths import Home


@pytest.fixture(scope="session")
def seed_homes(tmp_path_factory) -> dict[str, Home]:
    """The seeds built once (TinyDB, as for a small corpus), and a copy converted to SQLite."""
    from store.workspace import ensure_built

    tiny = Home(tmp_path_factory.mktemp("seed-home-db") / "home")
    assert ensure_built(tiny).articles == 5
    copy = Home(tmp_path_factory.mktemp("seed-home-sqlite") / "home")
    shutil.copytree(tiny.root, copy.root)
    derived.convert(copy.root, "sqlite")
    return {"tinydb": tiny, "sqlite": copy}


@pytest.fixture
def built_home(seed_homes, backend) -> Home:
    """The seed home on each backend (read-only use), replacing the session's for the store tests."""
    return seed_homes[backend]


def on(home: Home, backend: str) -> Home:
    """``home`` with its store on ``backend`` (kept by its later builds)."""
    if backend == "sqlite":
        derived.convert(home.root, "sqlite")
    return home
