"""Data homes for the fault tests: the seeds with a few tags (quick to rebuild), and a bigger corpus.

The ``home`` here shadows the empty one of ``tests/conftest.py`` for these tests only.
"""

from __future__ import annotations

import shutil

import pytest

from store.corpus.corpus import Corpus
from store.corpus.tags import TagBook
from store.db.paths import Home
from store.db.userstore import UserStore
from store.ingest.importer import import_paths
from store.workspace import ensure_built
from tests.store.db.conftest import on
from tests.store.db.faults.common import ARTICLES


@pytest.fixture(scope="module")
def corpus_home(tmp_path_factory) -> Home:
    """Seeds plus 60 synthetic articles, built, with a few tags (read-only: copy it)."""
    from tests.bench.corpus import write_corpus

    root = tmp_path_factory.mktemp("faults")
    write_corpus(root / "articles", ARTICLES, rename_people=False)
    home = Home(root / "home")
    result = import_paths(home, [root / "articles"])
    assert len(result.added) == ARTICLES and not result.errors
    ensure_built(home)
    corpus = Corpus.open(home)
    book = TagBook(UserStore(home.user))
    for summary in corpus.articles()[:5]:
        article = corpus.article(summary.id)
        book.add(article.id, [p.text for p in article.paragraphs], 0, 0, 4, ["before"])
    book.user.close()
    return home


@pytest.fixture
def big_home(corpus_home, tmp_path, backend) -> Home:
    """A copy of ``corpus_home`` on each backend (remembered: the kill tests' builds keep it)."""
    shutil.copytree(corpus_home.root, tmp_path / "big")
    return on(Home(tmp_path / "big"), backend)


@pytest.fixture
def home(built_home, tmp_path, backend) -> Home:
    """The seeds, one imported article and five tags: quick to rebuild."""
    shutil.copytree(built_home.root, tmp_path / "home")
    home = Home(tmp_path / "home")
    extra = tmp_path / "extra.txt"
    extra.write_text("民警夜巡\n\n民警程波在青山区巡逻，发现一名走失老人，随即联系家属。\n", encoding="utf-8")
    assert import_paths(home, [extra]).added
    ensure_built(home)
    on(home, backend)  # the choice remembered: builds in subprocesses keep it
    corpus = Corpus.open(home)
    user = UserStore(home.user)
    book = TagBook(user)
    for summary in corpus.articles()[:5]:
        article = corpus.article(summary.id)
        book.add(article.id, [p.text for p in article.paragraphs], 0, 0, 4, ["before"])
    user.close()
    return home
