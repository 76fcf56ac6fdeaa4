"""CLI fixtures: a data home written from the test factory (no build, no jieba), and a runner."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from store.corpus.corpus import Corpus
from store.corpus.tags import TagBook
from store.db import derived
from store.db.paths import Home
from store.db.schema import Document
from store.db.userstore import UserStore
from tests.tui.factory import sample_docs
from tui.cli.main import main

Beat = Callable[..., tuple[int, str, str]]


def factory_home(root: Path, docs: Iterable[Document], tags: Iterable[tuple[str, int, str]] = ()) -> Home:
    """A home holding ``docs``; ``tags`` are (article, 0-based paragraph index, tag), each on a whole paragraph."""
    home = Home(root)
    derived.write(home.root, {}, list(docs), rank=lambda row: 0)
    user = UserStore(home.user)
    book, corpus = TagBook(user), Corpus.open(home, user)
    for aid, index, name in tags:
        texts = corpus.paragraph_texts(aid)
        book.add(aid, texts, index, 0, len(texts[index]), [name])
    user.close()
    return home


@pytest.fixture
def sample_home(tmp_path: Path) -> Home:
    """The three factory articles, nothing tagged."""
    return factory_home(tmp_path / "home", sample_docs())


@pytest.fixture
def beat(capsys: pytest.CaptureFixture[str]) -> Beat:
    """``beat ARGS...`` in-process: (exit status, stdout, stderr); argparse's own exits give their status too."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse, or a store that is not there
            code = exc.code if isinstance(exc.code, int) else 1
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        out, err = capsys.readouterr()
        return code, out, err

    return run
