"""Every kind of damage to every file of a data home ends in a recovery with a message (issue 11.4-6).

Table-driven over user.json, the import manifest, the derived index and its side files:
wrong shapes that still parse, a flipped byte, random bytes of the same size, a cut
file. The real CLI runs several commands on each damaged home; none may raise (a
traceback), the first says what was damaged, read commands that could not read the
data exit non-zero, ``build`` never calls a damaged store up to date, and afterwards
the home works again with the tags that could be kept.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from store.db.paths import Home
from tests.store.db.conftest import on
from tui.cli import main

Damage = Callable[[Path], None]


def beat(capsys, home: Home, *argv: str) -> tuple[int, str, str]:
    os.environ["BEAT_HOME"] = str(home.root)  # the home by environment: every command position resolves it
    said = ""
    try:
        code = main(list(argv))  # any other exception here is the traceback the user would see
    except SystemExit as exc:  # how the CLI stops with a message: Python prints it, exit 1
        code, said = (1, f"{exc.code}\n") if isinstance(exc.code, str) else (exc.code or 0, "")
    finally:
        del os.environ["BEAT_HOME"]
    out, err = capsys.readouterr()
    return code, out, err + said


def _quiet(home: Home, *argv: str) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out = io.StringIO()
    os.environ["BEAT_HOME"] = str(home.root)
    try:
        with redirect_stdout(out), redirect_stderr(io.StringIO()):
            code = main(list(argv))
    finally:
        del os.environ["BEAT_HOME"]
    return code, out.getvalue()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Home, Path]:
    """A home with the seeds, one imported file and two tags (one of them in user.json.1)."""
    root = tmp_path_factory.mktemp("corrupt-template")
    home = Home(root / "home")
    src = root / "extra.txt"
    src.write_text("县公安局破获一起电信诈骗案\n\n2024年3月1日，县公安局民警在走访中发现线索，联动银行网点开展劝阻。\n", encoding="utf-8")
    assert _quiet(home, "import", str(src))[0] == 0
    code, out = _quiet(home, "list", "--json")
    aid = json.loads(out)[0]["id"]
    for tag in ("first", "second"):  # each command is a session: the second rotates a backup holding the first
        assert _quiet(home, "tag", "add", aid, "--paragraph", "1", tag)[0] == 0
    return home, src


@pytest.fixture
def home(template, tmp_path, backend) -> Home:
    """The template on each backend of the derived store."""
    shutil.copytree(template[0].root, tmp_path / "home")
    return on(Home(tmp_path / "home"), backend)


def article_id(capsys, home: Home) -> str:
    code, out, _ = beat(capsys, home, "tag", "list", "--json")
    return json.loads(out)[0]["article"] if code == 0 and out.strip() else ""


# --- damage ------------------------------------------------------------------------------


def edit_json(name: str, change: Callable[[dict], object]) -> Damage:
    def damage(root: Path) -> None:
        path = root / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return damage


def first(data: dict, table: str) -> dict:
    return data[table][min(data[table], key=int)]


def side(kind: str) -> Callable[[Path], Path]:
    return lambda root: next(root.glob(f"derived-*.{kind}"))


def flip_byte(locate: Callable[[Path], Path]) -> Damage:
    def damage(root: Path) -> None:
        path = locate(root)
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))

    return damage


def random_bytes(locate: Callable[[Path], Path]) -> Damage:
    def damage(root: Path) -> None:
        path = locate(root)
        path.write_bytes(random.Random(7).randbytes(path.stat().st_size))

    return damage


def truncate(locate: Callable[[Path], Path]) -> Damage:
    def damage(root: Path) -> None:
        path = locate(root)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    return damage


def named(name: str) -> Callable[[Path], Path]:
    return lambda root: root / name


USER = "user.json"
MANIFEST = "user.imports.json"
INDEX = "derived.json"

# (case, file kind, damage)
CASES: list[tuple[str, str, Damage]] = [
    ("user: codings table a string", "user", edit_json(USER, lambda d: d.__setitem__("codings", "x"))),
    ("user: a coding row a string", "user", edit_json(USER, lambda d: d["codings"].__setitem__("1", "x"))),
    ("user: coding without quote", "user", edit_json(USER, lambda d: first(d, "codings").pop("quote"))),
    ("user: coding with an extra field", "user", edit_json(USER, lambda d: first(d, "codings").__setitem__("zz", 1))),
    ("user: start a string", "user", edit_json(USER, lambda d: first(d, "codings").__setitem__("start", "0"))),
    ("user: tag null", "user", edit_json(USER, lambda d: first(d, "codings").__setitem__("tag", None))),
    ("user: schema 0", "user", edit_json(USER, lambda d: d["meta"]["1"].__setitem__("schema", 0))),
    ("user: schema a string", "user", edit_json(USER, lambda d: d["meta"]["1"].__setitem__("schema", "x"))),
    ("user: schema 99", "newer", edit_json(USER, lambda d: d["meta"]["1"].__setitem__("schema", 99))),
    ("user: theme an object", "user", edit_json(USER, lambda d: d.__setitem__("settings", {"1": {"key": "theme", "value": {"a": 1}}}))),
    ("user: bad reference date", "user", edit_json(USER, lambda d: d.__setitem__("reference_dates", {"1": {"article": "x", "date": "2024-02-31"}}))),
    ("user: flipped byte", "user", flip_byte(named(USER))),
    ("user: random bytes", "user", random_bytes(named(USER))),
    ("user: truncated", "user", truncate(named(USER))),
    ("manifest: row missing fields", "user", edit_json(MANIFEST, lambda d: first(d, "imports").pop("stored"))),
    ("manifest: imports a list", "user", edit_json(MANIFEST, lambda d: d.__setitem__("imports", []))),
    ("manifest: random bytes", "user", random_bytes(named(MANIFEST))),
    ("manifest: truncated", "user", truncate(named(MANIFEST))),
    ("index: meta without files", "derived", edit_json(INDEX, lambda d: d["meta"]["1"].pop("files"))),
    ("index: articles a string", "derived", edit_json(INDEX, lambda d: d.__setitem__("articles", "x"))),
    ("index: an article a string", "derived", edit_json(INDEX, lambda d: d["articles"].__setitem__("1", "x"))),
    ("index: article without its text span", "derived", edit_json(INDEX, lambda d: first(d, "articles").pop("text"))),
    ("index: article span past the end", "derived", edit_json(INDEX, lambda d: first(d, "articles").__setitem__("body", [10**9, 5]))),
    ("index: title a number", "derived", edit_json(INDEX, lambda d: first(d, "articles").__setitem__("title", 5))),
    ("index: units a list", "derived", edit_json(INDEX, lambda d: d.__setitem__("units", []))),
    ("index: random bytes", "derived", random_bytes(named(INDEX))),
    ("index: truncated", "derived", truncate(named(INDEX))),
    ("text: flipped byte", "derived", flip_byte(side("text"))),
    ("text: random bytes", "derived", random_bytes(side("text"))),
    ("text: truncated", "derived", truncate(side("text"))),
    ("body: flipped byte", "derived", flip_byte(side("body"))),
    ("body: random bytes", "derived", random_bytes(side("body"))),
    ("body: truncated", "derived", truncate(side("body"))),
    ("sqlite: flipped byte", "derived", flip_byte(side("sqlite"))),
    ("sqlite: random bytes", "derived", random_bytes(side("sqlite"))),
    ("sqlite: truncated", "derived", truncate(side("sqlite"))),
    ("sqlite: index sum gone", "derived", edit_json(INDEX, lambda d: d["meta"]["1"]["sums"].pop("index"))),
]
ROWS_IN_JSON = ("index: articles", "index: an article", "index: article", "index: title", "index: units")  # TinyDB's rows
ROWS_IN_SQLITE = ("sqlite:",)


@pytest.mark.parametrize("case,kind,damage", CASES, ids=[c[0] for c in CASES])
def test_damage_ends_in_recovery_with_a_message(home, template, capsys, tmp_path, case, kind, damage, backend):
    if case.startswith(ROWS_IN_JSON if backend == "sqlite" else ROWS_IN_SQLITE):
        pytest.skip(f"the {backend} store keeps no such table in that file")
    aid = article_id(capsys, home)
    damage(home.root)
    runs = [
        ("tag", "list"),
        ("list",),
        ("show", aid),
        ("timeline",),
        ("export", "--format", "json", "-o", str(tmp_path / "out.json")),
        ("tag", "add", aid, "--paragraph", "1", "third"),
    ]
    results = [(argv, *beat(capsys, home, *argv)) for argv in runs]
    said = " ".join(err for *_, err in results)
    if kind == "newer":
        assert all(code != 0 and "newer Beat" in err for _, code, _, err in results), results
        return
    if kind == "user":
        argv, code, _, err = results[0]
        assert "was damaged" in err and "kept as" in err and code == 1, results[0]
    else:
        assert "damaged" in said
        for argv, code, _, err in results[:6]:  # every command that reads articles says what to do
            assert code != 0 and "beat build" in err, (argv, code, err)
    code, _, err = beat(capsys, home, "build")
    assert code == 0, err
    if kind == "derived":
        assert "damaged" in err and "up to date" not in err, err
    code, _, err = beat(capsys, home, "import", str(template[1]))
    assert code == 0 and "0 failed" in err, err  # a lost import record: imported again, same article
    code, out, err = beat(capsys, home, "tag", "list", "--json")
    assert code == 0 and not err, err
    kept = json.loads(out)
    assert kept and all(isinstance(c["start"], int) for c in kept)
    code, out, err = beat(capsys, home, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 6, err
    assert not [p.name for p in home.root.iterdir() if p.name.endswith((".tmp", ".building"))]
    assert len(list(home.root.glob("derived-*"))) == (4 if backend == "sqlite" else 3)  # text, body, the search index (and the rows)


def test_every_backup_bad_is_said_and_read_commands_fail(home, capsys):
    for path in home.root.glob("user.json*"):
        path.write_bytes(b"\x00not a store")
    code, out, err = beat(capsys, home, "tag", "list", "--json")
    assert code == 1 and json.loads(out) == []
    assert "no good backup" in err and "starts empty" in err and "user.json.corrupt-" in err
    code, out, err = beat(capsys, home, "tag", "list", "--json")
    assert code == 0 and not err  # said once: the empty store is now the user's store


def test_a_write_command_after_a_recovery_says_so_and_succeeds(home, capsys):
    aid = article_id(capsys, home)
    (home.root / "user.json").write_bytes(b"{")
    code, out, err = beat(capsys, home, "tag", "add", aid, "--paragraph", "1", "again")
    assert code == 0 and out.strip() and "was damaged" in err and "user.json.1 was restored" in err
    code, out, err = beat(capsys, home, "tag", "list", "--json")
    assert code == 0 and "again" in {c["tag"] for c in json.loads(out)} and not err
