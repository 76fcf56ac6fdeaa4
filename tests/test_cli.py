"""The CLI contract scripts depend on, and its start-up hygiene."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_and_show_json(built_home, capsys):
    code, out, _ = run(capsys, "list", "--json", "--home", str(built_home.root))
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    assert set(rows[0]) == {"id", "title", "source", "published", "paragraphs", "chars", "path", "encoding"}
    assert {r["published"] for r in rows} == {"2026-02-08", "2025-07-07", "2025-02-19", None}
    code, out, _ = run(capsys, "show", rows[0]["id"], "--json", "--home", str(built_home.root))
    doc = json.loads(out)
    assert code == 0
    for key in ("id", "title", "source", "published", "headings", "captions", "paragraphs", "entities", "events"):
        assert key in doc
    assert doc["paragraphs"][0]["index"] == 0
    for e in doc["entities"]:
        assert doc["paragraphs"][e["paragraph"]]["text"][e["start"] : e["end"]] == e["text"]


def test_show_unknown_id(built_home, capsys):
    code, _, err = run(capsys, "show", "nope", "--home", str(built_home.root))
    assert code == 1 and "no article" in err


def test_plain_output_readable(built_home, capsys):
    code, out, _ = run(capsys, "list", "--home", str(built_home.root))
    assert code == 0 and "车谷公安用开拓进取写就“平安答卷”" in out and "(no date)" in out


def test_no_store_yet(tmp_path, capsys):
    with pytest.raises(SystemExit, match="beat build"):
        main(["list", "--home", str(tmp_path)])


def test_every_command_has_help(capsys):
    from tui.cli import _COMMANDS

    for name in _COMMANDS:
        if name == "tui":
            continue
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert "usage: beat " + name in capsys.readouterr().out


@pytest.mark.parametrize("command", [["list", "--json"], ["show", "--json"], ["units", "--json"], ["timeline", "--json"]])
def test_read_only_commands_import_no_ui_or_jieba(built_home, command):
    """Read-only commands start fast: no textual, rich, jieba, trafilatura or opencc."""
    if command[0] == "show":
        command = ["show", json.loads(subprocess.run(
            [sys.executable, "-m", "tui", "list", "--json", "--home", str(built_home.root)],
            capture_output=True, text=True, cwd=ROOT, check=True).stdout)[0]["id"], "--json"]
    probe = (
        "import sys, io, contextlib\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({command + ['--home', str(built_home.root)]!r})\n"
        "bad = [m for m in ('textual', 'rich', 'jieba', 'trafilatura', 'opencc') if m in sys.modules]\n"
        "print(code, bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "0 []"


def test_store_never_imports_ui():
    probe = (
        "import sys, pkgutil, importlib, store\n"
        "for m in pkgutil.iter_modules(store.__path__):\n"
        "    importlib.import_module('store.' + m.name)\n"
        "print([m for m in ('textual', 'rich', 'jieba') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def test_import_reports_bad_files_and_continues(home, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("新闻标题\n\n民警张三在武昌区巡逻，发现一名走失老人。", encoding="gbk")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    code, _, err = run(capsys, "import", str(folder), "--home", str(home.root))
    assert code == 1
    assert "empty.txt: file is empty" in err and "pic.txt: binary" in err
    assert "imported 1 file(s)" in err
    code, out, _ = run(capsys, "list", "--json", "--home", str(home.root))
    rows = json.loads(out)
    assert len(rows) == 6 and any(r["encoding"] == "gb18030" and r["title"] == "新闻标题" for r in rows)
    code, _, err = run(capsys, "import", str(folder / "good.txt"), "--home", str(home.root))
    assert code == 0 and "1 already present" in err
