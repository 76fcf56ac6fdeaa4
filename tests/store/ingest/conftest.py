"""Fixtures of the ingest tests that import into a store."""

from __future__ import annotations

import shutil

import pytest

from store.db.paths import Home


@pytest.fixture
def seeded(built_home, tmp_path) -> Home:
    """A writable copy of the built seed home: imports only analyse the new files."""
    shutil.copytree(built_home.root, tmp_path / "home")
    return Home(tmp_path / "home")
