"""Faults, 4: damaged stores. A damaged derived store is rebuilt with every tag kept; a damaged
user store is restored from the newest good backup, and imported articles keep their names."""

from __future__ import annotations

import random

import pytest

from store.corpus.corpus import Corpus
from store.corpus.tags import TagBook
from store.db.userstore import UserStore
from store.workspace import ensure_built
from tests.store.db.faults.common import beat
from tui.cli import main

DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "truncated-to-one-byte": lambda raw: raw[:1],
    "empty": lambda raw: b"",
    "zeros": lambda raw: b"\x00" * len(raw),  # what some file systems show after a power cut
    "garbage": lambda raw: bytes(random.Random(1).randrange(256) for _ in range(4096)),
    "not-a-dict": lambda raw: b"[1, 2, 3]",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_derived_store_is_rebuilt_and_tags_kept(home, capsys, damage):
    tags = sorted(c.id for c in TagBook(UserStore(home.user)).codings())
    articles = len(Corpus.open(home))
    home.derived.write_bytes(DAMAGE[damage](home.derived.read_bytes()))
    code, _, err = beat(capsys, "build", "--home", str(home.root))
    assert code == 0 and "damaged" in err and "Traceback" not in err
    assert len(Corpus.open(home)) == articles
    assert sorted(c.id for c in TagBook(UserStore(home.user)).codings()) == tags


def test_read_only_command_on_a_damaged_derived_store_says_what_to_do(home, capsys):
    home.derived.write_bytes(home.derived.read_bytes()[:100])
    with pytest.raises(SystemExit) as exc:
        main(["list", "--home", str(home.root)])
    assert "beat build" in str(exc.value.code)


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_user_store_restored_from_backup(home, damage):
    user = UserStore(home.user)
    book = TagBook(user)
    codings = sorted(c.id for c in book.codings())
    user.close()
    # the next session's first write rotates the backups: .1 then holds these codings
    user = UserStore(home.user)
    user.set_setting("theme", "nord")
    user.close()
    home.user.write_bytes(DAMAGE[damage](home.user.read_bytes()))
    recovered = UserStore(home.user)
    assert recovered.notices and "restored" in recovered.notices[0]
    assert sorted(c.id for c in TagBook(recovered).codings()) == codings
    assert any(".corrupt-" in p.name for p in home.root.iterdir())


def test_damaged_user_store_and_newest_backup_falls_back_to_older(home):
    user = UserStore(home.user)
    codings = sorted(c.id for c in TagBook(user).codings())
    user.close()
    good = home.root / "user.json.2"
    good.write_bytes(home.user.read_bytes())
    (home.root / "user.json.1").write_bytes(home.user.read_bytes()[:50])  # truncated too
    home.user.write_bytes(b"\x00" * 100)
    recovered = UserStore(home.user)
    assert "user.json.2 was restored" in recovered.notices[0]
    assert sorted(c.id for c in TagBook(recovered).codings()) == codings


def test_build_with_damaged_user_store_keeps_import_names(home, capsys):
    """A damaged user store must not turn imported articles into anonymous 'sources/…' ones."""
    names = sorted(a.path for a in Corpus.open(home).articles())
    home.user.write_bytes(home.user.read_bytes()[:-10])
    user = UserStore(home.user)  # recovers from the backup, as the TUI and CLI do first
    user.close()
    ensure_built(home, force=True)
    assert sorted(a.path for a in Corpus.open(home).articles()) == names
