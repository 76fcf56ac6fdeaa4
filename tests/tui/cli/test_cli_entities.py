"""``beat entity``: corrections to found entities from the shell, surviving a rebuild (issue 13)."""

from __future__ import annotations

import json
import shutil

import pytest

from store.db.paths import Home
from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def own_home(built_home, tmp_path) -> Home:
    shutil.copytree(built_home.root, tmp_path / "h")
    return Home(tmp_path / "h")


def show(capsys, home: Home, aid: str) -> dict:
    code, out, _ = run(capsys, "show", aid, "--json", "--home", str(home.root))
    assert code == 0
    return json.loads(out)


def first_with(capsys, home: Home, type_: str) -> tuple[str, str]:
    """(article id, text) of the first entity of ``type_`` in the seed store."""
    rows = json.loads(run(capsys, "list", "--json", "--home", str(home.root))[1])
    for row in rows:
        for e in show(capsys, home, row["id"])["entities"]:
            if e["type"] == type_:
                return row["id"], e["text"]
    raise AssertionError(f"no {type_} in the seeds")


def texts(doc: dict, type_: str) -> set[str]:
    return {e["text"] for e in doc["entities"] if e["type"] == type_}


# argv after "entity" ({a}: an article id, {p}: a person's text in it), exit code, what stderr says
CASES = [
    (["reject", "{a}", "{p}", "--type", "person"], 0, "is not a person in"),
    (["reject", "{a}", "{p}", "--everywhere"], 0, "is not an entity anywhere"),
    (["add", "{a}", "{p}", "--type", "org"], 0, "is an org in"),
    (["add", "{a}", "{p}"], 2, "--type"),  # an add needs a type: usage error
    (["reject", "{a}", "{p}", "--type", "hero"], 2, "invalid choice"),
    (["reject", "{a}", "不在这篇文章里的字"], 1, "does not occur in article"),
    (["reject", "nope", "{p}"], 1, "no article"),
    (["forget", "ffffff"], 1, "no correction"),
]


@pytest.mark.parametrize("argv,code,said", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_entity_actions(own_home, capsys, argv, code, said):
    aid, person = first_with(capsys, own_home, "person")
    argv = [a.format(a=aid, p=person) for a in argv]
    if code == 2:
        with pytest.raises(SystemExit) as exc:
            main(["entity", *argv, "--home", str(own_home.root)])
        assert exc.value.code == 2 and said in capsys.readouterr().err
        return
    got, out, err = run(capsys, "entity", *argv, "--home", str(own_home.root))
    assert got == code and said in err, err
    listed = json.loads(run(capsys, "entity", "corrections", "--json", "--home", str(own_home.root))[1])
    assert [c["id"] for c in listed] == ([out.strip()] if code == 0 else [])


def test_a_rejection_and_an_addition_survive_a_rebuild_and_forget_undoes_them(own_home, capsys):
    h = str(own_home.root)
    aid, person = first_with(capsys, own_home, "person")
    _, unit = first_with(capsys, own_home, "unit")
    units_before = {u["key"]: u["mentions"] for u in json.loads(run(capsys, "units", "--json", "--home", h)[1])}
    code, out, _ = run(capsys, "entity", "reject", aid, person, "--type", "person", "--home", h)
    rejected = out.strip()
    assert code == 0 and person not in texts(show(capsys, own_home, aid), "person")
    code, out, _ = run(capsys, "entity", "reject", aid, unit, "--type", "unit", "--everywhere", "--home", h)
    assert code == 0
    assert run(capsys, "entity", "add", aid, person, "--type", "anon", "--home", h)[0] == 0
    assert run(capsys, "build", "--rebuild", "--home", h)[0] == 0
    doc = show(capsys, own_home, aid)
    assert person not in texts(doc, "person") and person in texts(doc, "anon")
    assert unit not in texts(doc, "unit")
    units_after = {u["key"]: u["mentions"] for u in json.loads(run(capsys, "units", "--json", "--home", h)[1])}
    assert sum(units_after.values()) < sum(units_before.values())  # the unit filter and list count it no more
    code, out, _ = run(capsys, "entity", "corrections", "--article", aid, "--home", h)
    assert code == 0 and len(out.splitlines()) == 3 and rejected in out
    assert run(capsys, "entity", "forget", rejected[:6], "--home", h)[0] == 0
    lines = run(capsys, "entity", "corrections", "--home", h)[1].splitlines()
    assert len(lines) == 2 and not any(rejected in ln for ln in lines)
