"""The user store survives crashes and corruption; nothing the user made is lost."""

from __future__ import annotations

import os
from dataclasses import asdict

import orjson
import pytest

from store.db.tinydb_storage import AtomicJSONStorage, CorruptStoreError, open_db
from store.db.userstore import ImportRecord, UserStore, manifest_path, read_imports


def test_atomic_storage_loads_once_and_writes_whole_file(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    db = open_db(path)
    db.table("t").insert({"a": 1})
    assert orjson.loads(path.read_bytes()) == {"t": {"1": {"a": 1}}}
    reads = []
    real = path.read_bytes
    monkeypatch.setattr(type(path), "read_bytes", lambda self: reads.append(self) or real())
    db2 = open_db(path)
    for _ in range(5):
        db2.table("t").all()
    assert len(reads) == 1


def test_failed_write_leaves_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    db = open_db(path)
    db.table("t").insert({"a": 1})
    before = path.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        db.table("t").insert({"a": 2})
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_deferred_storage_writes_once(tmp_path):
    path = tmp_path / "d.json"
    storage = AtomicJSONStorage(path, defer=True)
    storage.write({"a": {}})
    assert not path.exists()
    storage.flush()
    assert orjson.loads(path.read_bytes()) == {"a": {}}


def test_settings_overrides_and_backups(tmp_path):
    path = tmp_path / "user.json"
    user = UserStore(path)
    user.set_setting("theme", "nord")
    user.merge_unit("青山分局", "武汉市公安局青山区分局")
    user.add_unit_alias("钢城公安", "武汉市公安局青山区分局")
    user.set_reference_date("abc", "2025-06-01")
    user.close()
    again = UserStore(path)
    assert again.get_setting("theme") == "nord"
    assert again.unit_merges() == {"青山分局": "武汉市公安局青山区分局"}
    assert again.unit_aliases() == {"钢城公安": "武汉市公安局青山区分局"}
    assert again.reference_dates() == {"abc": "2025-06-01"}
    assert not (tmp_path / "user.json.1").exists()  # reading alone rewrites nothing
    again.set_setting("font", "x")  # the first write of a session keeps a backup first
    assert orjson.loads((tmp_path / "user.json.1").read_bytes())["settings"]["1"]["value"] == "nord"


def test_merge_cycles_refused(tmp_path):
    user = UserStore(tmp_path / "user.json")
    user.merge_unit("a", "b")
    with pytest.raises(ValueError):
        user.merge_unit("b", "a")
    with pytest.raises(ValueError):
        user.merge_unit("a", "a")


@pytest.mark.parametrize("damage", [b"", b"{\"meta\": {", b"\x00\x01garbage", b"[1, 2]"])
def test_corrupt_user_store_recovered_from_backup(tmp_path, damage):
    path = tmp_path / "user.json"
    user = UserStore(path)
    user.set_setting("theme", "nord")
    user.close()
    # the first write of a session rotates backups: make one more so .1 holds the setting
    user = UserStore(path)
    user.set_setting("other", 1)
    user.close()
    path.write_bytes(damage)
    recovered = UserStore(path)
    assert recovered.get_setting("theme") == "nord"
    assert recovered.notices and "restored" in recovered.notices[0]
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damage


def test_corrupt_without_backup_starts_empty_but_keeps_file(tmp_path):
    path = tmp_path / "user.json"
    path.write_bytes(b"not json")
    user = UserStore(path)
    assert user.get_setting("theme") is None
    assert "no good backup" in user.notices[0]
    assert any(".corrupt-" in p.name for p in tmp_path.iterdir())


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "user.json"
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema": 999}}}))
    with pytest.raises(CorruptStoreError, match="newer"):
        UserStore(path)


def _record(n: int) -> ImportRecord:
    return ImportRecord(f"{n:064x}", f"{n}.txt", f"/corpus/{n}.txt", "utf-8", f"{n:016x}.txt", 1000.0 + n)


def test_import_manifest_lives_beside_the_user_file_and_tags_never_rewrite_it(tmp_path):
    path = tmp_path / "user.json"
    user = UserStore(path)
    user.add_imports([_record(n) for n in range(50)])
    manifest = user.manifest.read_bytes()
    user.set_setting("theme", "nord")  # a user edit rewrites only the small user file
    user.close()
    assert user.manifest.read_bytes() == manifest
    assert b"imports" not in path.read_bytes()
    assert [r.original for r in UserStore(path).imports()] == [f"/corpus/{n}.txt" for n in range(50)]
    assert len(read_imports(path)) == 50


def test_imports_kept_in_the_user_file_by_an_older_beat_move_out_once(tmp_path):
    path = tmp_path / "user.json"
    legacy = {"meta": {"1": {"schema": 1}}, "imports": {str(n + 1): asdict(_record(n)) for n in range(3)}}
    path.write_bytes(orjson.dumps(legacy))
    assert len(read_imports(path)) == 3  # readable before the move, without writing
    assert path.read_bytes() == orjson.dumps(legacy)
    # a crash after the manifest was written but before the user file dropped them:
    manifest_path(path).write_bytes(orjson.dumps({"imports": {"1": asdict(_record(0))}}))
    user = UserStore(path)
    assert sorted(r.digest for r in user.imports()) == sorted(_record(n).digest for n in range(3))
    user.close()
    assert "imports" not in orjson.loads(path.read_bytes())
    before = path.read_bytes(), manifest_path(path).read_bytes()
    UserStore(path).close()  # moved already: opening writes nothing
    assert (path.read_bytes(), manifest_path(path).read_bytes()) == before


def test_corrupt_import_manifest_recovered_from_backup(tmp_path):
    path = tmp_path / "user.json"
    user = UserStore(path)
    user.add_imports([_record(1)])
    user.close()
    user = UserStore(path)
    user._last_backup.clear()  # as in a later session: the next write rotates a backup
    user.add_imports([_record(2)])
    user.close()
    manifest_path(path).write_bytes(b"\x00garbage")
    recovered = UserStore(path)
    assert [r.digest for r in recovered.imports()] == [_record(1).digest]
    assert "import manifest was damaged" in recovered.notices[0] and "restored" in recovered.notices[0]
