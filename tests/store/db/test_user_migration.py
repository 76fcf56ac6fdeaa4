"""Schema 1 to 2: tag names with "/" made before tags could nest keep meaning one code (issue 19).

A store of schema 1 was written by a Beat for which "/" was an ordinary character, so a
tag "2024/05" or "A/B" was one code; read by a Beat for which "/" separates levels, it
would silently become two nested codes. The migration renames each "/" in such a name
to "／", says so once, keeps the file as it was, and writes in one go.
"""

from __future__ import annotations

import orjson

from store.corpus.tags import NAME_SLASH, TagBook
from store.db.userstore import SCHEMA, UserStore
from tests.store.db.old_stores import old_store


def test_slashed_names_stay_one_tag_and_the_user_is_told_once(tmp_path):
    path = tmp_path / "user.json"
    before = old_store(
        path, ["2024/05", "A/B/C", "plain", f"x{NAME_SLASH}y", "x/y"],
        {"may": "tag:2024/05 OR 派出所", "quoted": 'tag:"A/B/C" AND tag:plain', "other": "tag:plain"},
    )
    user = UserStore(path)
    book = TagBook(user)
    names = {t.name for t in book.tags()}
    # each name still one level: no nesting appears, and the "／" a user had typed keeps its own tag
    assert names == {"2024／05", "A／B／C", "plain", "x／y", "x／y (2)"}
    assert {c.tag for c in book.codings()} == names  # every coding follows its tag
    assert all("/" not in n for n in names)
    (note,) = user.migrated
    for old, new in [("2024/05", "2024／05"), ("A/B/C", "A／B／C"), ("x/y", "x／y (2)")]:
        assert f"{old!r} → {new!r}" in note
    assert "3 tag names" in note and "2 saved searches" in note and "user.json.before-schema-2" in note
    assert note in user.notices  # what the reader shows
    queries = {r["name"]: r["query"] for r in user.table("searches").all()}
    assert queries == {"may": "tag:2024／05 OR 派出所", "quoted": 'tag:"A／B／C" AND tag:plain', "other": "tag:plain"}
    user.close()
    # the file as it was is kept, and the rotating backup holds it too
    assert (tmp_path / "user.json.before-schema-2").read_bytes() == before
    assert (tmp_path / "user.json.1").read_bytes() == before
    data = orjson.loads(path.read_bytes())
    assert data["meta"]["1"]["schema"] == SCHEMA == 2
    assert data["meta"]["1"]["renamed"]["2024/05"] == "2024／05"  # the record stays in the store
    again = UserStore(path)
    assert again.migrated == [] and again.notices == []  # told once
    assert {t.name for t in TagBook(again).tags()} == names
    again.close()


def test_a_store_without_slashes_migrates_silently_and_keeps_its_rows(tmp_path):
    path = tmp_path / "user.json"
    old_store(path, ["重点", "民警"])
    user = UserStore(path)
    assert user.migrated == [] and {t.name for t in TagBook(user).tags()} == {"重点", "民警"}
    user.close()
    assert orjson.loads(path.read_bytes())["meta"]["1"]["schema"] == 2


def test_a_slash_typed_now_is_a_level(tmp_path):
    """After the migration "/" means what the hierarchy says: the rename applies to old names only."""
    path = tmp_path / "user.json"
    old_store(path, ["2024/05"])
    user = UserStore(path)
    book = TagBook(user)
    book.add("a1", ["民警程波在青山区巡逻"], 0, 0, 2, ["组织/派出所"])
    assert {t.name for t in book.tags()} == {"2024／05", "组织/派出所"}
    user.close()
    again = UserStore(path)
    assert {t.name for t in TagBook(again).tags()} == {"2024／05", "组织/派出所"} and again.migrated == []
    again.close()


def test_a_failed_migration_write_leaves_the_old_store_to_migrate_next_time(tmp_path, monkeypatch):
    import pytest

    import store.db.tinydb_storage as storage

    path = tmp_path / "user.json"
    before = old_store(path, ["2024/05"])
    real = storage.atomic_write_bytes

    def full_disk(target, data, **kw):
        if target == path:
            raise OSError(28, "No space left on device")
        real(target, data, **kw)

    monkeypatch.setattr(storage, "atomic_write_bytes", full_disk)
    with pytest.raises(OSError):
        UserStore(path)
    assert path.read_bytes() == before  # untouched: still schema 1, still to be migrated
    monkeypatch.setattr(storage, "atomic_write_bytes", real)
    user = UserStore(path)
    assert {t.name for t in TagBook(user).tags()} == {"2024／05"} and len(user.migrated) == 1
    user.close()
