"""The command line says once what a user-store migration renamed (schema 2: "/" in old tag names)."""

from __future__ import annotations

import orjson

from tests.tui.cli.conftest import factory_home
from tests.tui.factory import sample_docs


def test_the_first_command_after_the_upgrade_says_what_was_renamed(tmp_path, beat):
    docs = sample_docs()
    home = factory_home(tmp_path / "home", docs, [(docs[0].id, 0, "2024-05")])
    data = orjson.loads(home.user.read_bytes())  # as a Beat before tag paths wrote it: one tag "2024/05"
    data["meta"]["1"]["schema"] = 1
    for row in data["tags"].values():
        row["name"] = "2024/05"
    for row in data["codings"].values():
        row["tag"] = "2024/05"
    home.user.write_bytes(orjson.dumps(data))
    code, out, err = beat("--home", str(home.root), "tag", "list")
    assert code == 0, err
    assert "'2024/05' → '2024／05'" in err and "user.json.before-schema-2" in err
    assert "2024／05" in out
    code, out, err = beat("--home", str(home.root), "tag", "list")
    assert code == 0 and "→" not in err and "2024／05" in out  # told once
