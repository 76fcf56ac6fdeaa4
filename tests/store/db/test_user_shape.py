"""The user store's shape is checked on open; a wrong shape is recovered and reported (issue 11.4, 11.5)."""

from __future__ import annotations

import dataclasses
import stat
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

import store.db.recovery as recovery
from store.analysis.saved import SavedSearch
from store.corpus.tags import Coding, Tag, TagBook
from store.db.corrections import Correction
from store.db.recovery import Recovery, UserStoreTooNew
from store.db.user_schema import CODING, CORRECTION, IMPORT, SEARCH, TAG
from store.db.userstore import ImportRecord, UserStore, manifest_path, read_imports

PARAS = ["民警程波主动走访，联动区文旅局开展宣传。"]


def _record(n: int) -> ImportRecord:
    return ImportRecord(f"d{n}", f"f{n}.txt", f"/corpus/f{n}.txt", "utf-8", f"d{n}.txt", 1.0 + n)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A user store with two codings, a theme, a reference date, two imports, and a backup of all of it."""
    p = tmp_path / "user.json"
    for session in range(2):  # the first write of a session rotates backups: two sessions make .1 whole
        user = UserStore(p)
        user._last_backup.clear()
        if session == 0:
            book = TagBook(user)
            book.add("a1", PARAS, 0, 0, 4, ["people"])
            book.add("a1", PARAS, 0, 5, 9, ["place"])
            user.set_reference_date("a1", "2024-03-01")
            user.set_setting("theme", "nord")
            user.add_imports([_record(1), _record(2)])
        else:
            user.set_position("a1", 0)
            user.add_imports([_record(3)])
        user.close()
    return p


def _edit(p: Path, change: Callable[[dict], None]) -> None:
    data = orjson.loads(p.read_bytes())
    change(data)
    p.write_bytes(orjson.dumps(data))


def _first(data: dict, table: str) -> dict:
    return data[table][min(data[table], key=int)]


# name, file (user or manifest), change, restored from a backup?, what survives
CASES: list[tuple[str, str, Callable[[dict], None], bool]] = [
    ("codings table a string", "user", lambda d: d.__setitem__("codings", "oops"), True),
    ("tags table a list", "user", lambda d: d.__setitem__("tags", [1, 2]), True),
    ("a coding row a string", "user", lambda d: d["codings"].__setitem__("1", "oops"), False),
    ("a coding without quote", "user", lambda d: _first(d, "codings").pop("quote"), False),
    ("a coding with an extra field", "user", lambda d: _first(d, "codings").__setitem__("colour", "red"), False),
    ("start a string", "user", lambda d: _first(d, "codings").__setitem__("start", "0"), False),
    ("end before start", "user", lambda d: _first(d, "codings").__setitem__("start", 9), False),
    ("tag null", "user", lambda d: _first(d, "codings").__setitem__("tag", None), False),
    ("tag row without colour", "user", lambda d: _first(d, "tags").pop("colour"), False),
    ("schema 0", "user", lambda d: d["meta"]["1"].__setitem__("schema", 0), True),
    ("schema a string", "user", lambda d: d["meta"]["1"].__setitem__("schema", "x"), True),
    ("meta a list", "user", lambda d: d["meta"].__setitem__("1", []), True),
    ("theme an object", "user", lambda d: _first(d, "settings").__setitem__("value", {"x": 1}), False),
    ("bad reference date", "user", lambda d: _first(d, "reference_dates").__setitem__("date", "2024-13-45"), False),
    ("position negative", "user", lambda d: _first(d, "positions").__setitem__("paragraph", -3), False),
    ("row id not a number", "user", lambda d: d["codings"].__setitem__("x", d["codings"].pop("1")), False),
    ("whole file a list", "user", lambda d: (d.clear(), None), True),
    ("manifest row missing fields", "manifest", lambda d: _first(d, "imports").pop("stored"), False),
    ("manifest imports a string", "manifest", lambda d: d.__setitem__("imports", "x"), True),
]


@pytest.mark.parametrize("name,which,change,from_backup", CASES, ids=[c[0] for c in CASES])
def test_wrong_shape_is_recovered_and_reported(path, name, which, change, from_backup):
    target = path if which == "user" else manifest_path(path)
    before = target.read_bytes()
    if name == "whole file a list":
        target.write_bytes(b"[1, 2]")
    else:
        _edit(target, change)
    user = UserStore(path)
    (rec,) = user.recoveries
    assert isinstance(rec, Recovery) and rec.file == target.name and rec.message
    assert (rec.restored_from == f"{target.name}.1") is from_backup, rec
    if not from_backup:
        assert rec.dropped and rec.restored_from is None
    aside = target.with_name(rec.aside)
    assert aside.read_bytes() != before  # the damaged file is kept as it was
    # everything reads back without an error, and most of it survived
    book = TagBook(user)
    codings = book.codings()
    assert len(codings) >= 1 and all(isinstance(c.start, int) for c in codings)
    assert book.tags()
    assert user.get_setting("theme") in ("nord", None)
    assert all(isinstance(v, str) for v in user.reference_dates().values())
    assert len(user.imports()) >= 2
    assert all(isinstance(r, ImportRecord) for r in user.imports())
    user.close()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not UserStore(path).recoveries  # recovered once, for good


def test_rows_are_dropped_one_by_one_and_named(path):
    _edit(path, lambda d: _first(d, "codings").pop("quote"))
    user = UserStore(path)
    (rec,) = user.recoveries
    assert "codings: 1 of 2 rows dropped" in rec.message and "'quote'" in rec.message
    assert [c.tag for c in TagBook(user).codings()] == ["place"]


def test_extra_field_is_dropped_but_the_row_kept(path):
    _edit(path, lambda d: _first(d, "codings").__setitem__("colour", "red"))
    user = UserStore(path)
    assert len(TagBook(user).codings()) == 2
    assert "unknown field 'colour'" in user.recoveries[0].message


def test_newer_schema_is_refused_and_left_untouched(path):
    _edit(path, lambda d: d["meta"]["1"].__setitem__("schema", 99))
    before = path.read_bytes()
    with pytest.raises(UserStoreTooNew, match="newer Beat"):
        UserStore(path)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if ".corrupt-" in p.name]


def test_no_good_backup_says_everything_is_missing(tmp_path):
    p = tmp_path / "user.json"
    p.write_bytes(orjson.dumps({"codings": "x"}))
    (rec,) = UserStore(p).recoveries
    assert rec.empty and "starts empty" in rec.message


def test_restored_file_stays_private(path):
    path.chmod(0o600)
    path.write_bytes(b"\x00garbage")
    UserStore(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_two_recoveries_in_one_second_keep_both_damaged_files(path, monkeypatch):
    monkeypatch.setattr(recovery.time, "strftime", lambda fmt: "20260101-000000")
    path.write_bytes(b"first damage")
    UserStore(path).close()
    path.write_bytes(b"second damage")
    UserStore(path).close()
    kept = sorted(p.read_bytes() for p in path.parent.iterdir() if ".corrupt-" in p.name)
    assert kept == [b"first damage", b"second damage"]


def test_read_imports_skips_rows_of_the_wrong_shape(path):
    _edit(manifest_path(path), lambda d: _first(d, "imports").pop("stored"))
    assert sorted(r["digest"] for r in read_imports(path)) == ["d2", "d3"]


@pytest.mark.parametrize(
    "spec,cls", [(CODING, Coding), (TAG, Tag), (IMPORT, ImportRecord), (CORRECTION, Correction), (SEARCH, SavedSearch)]
)
def test_row_specs_match_the_records_that_read_them(spec, cls):
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert set(spec.fields) == set(fields)
    for name, (_check, required) in spec.fields.items():
        has_default = fields[name].default is not dataclasses.MISSING
        assert required is not has_default, name


@pytest.mark.parametrize(
    "key,value,kept",
    [
        ("hidden_types", ["person", "org"], True),
        ("hidden_types", "person", False),  # not a list
        ("article", "1514e1ab80b8", True),
        ("article", 7, False),
        ("pane_widths", {"list": 8, "timeline": -4}, True),
        ("pane_widths", {"list": "wide"}, False),
    ],
)
def test_reader_settings_of_the_wrong_kind_are_dropped(tmp_path, key, value, kept):
    """The reader's kept settings (issue 16) are checked on open like the theme: a bad value is dropped, not shown."""
    p = tmp_path / "user.json"
    user = UserStore(p)
    user.set_setting(key, value)
    user.close()
    again = UserStore(p)
    assert (again.settings().get(key) == value) is kept
    assert bool(again.recoveries) is not kept
    again.close()
