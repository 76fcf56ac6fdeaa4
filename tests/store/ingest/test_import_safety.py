"""Import and source safety: identity, tampered manifests, links, encodings (crashes and full disks: test_import_crashes).

Each test is a regression test for an item of issue 11 (numbers in the docstrings):
what a hostile file system, a hostile manifest or a crash did to the user's corpus.
"""

from __future__ import annotations

import json
import os

import pytest

from store.ingest.build import Entry, analyse_entry, build_reason
from store.ingest.importer import import_paths
from store.ingest.sources import decode_bytes
from store.text.sanitize import sanitize
from store.workspace import ensure_built
from tests.store.ingest.importing import (
    ARTICLE,
    article,
    beat,
    manifest,
    rows,
    sources,
    text_of,
    write_manifest,
)

# --- 2: identity from the real path, never from its display form -------------------------

# Pairs of real names that clean to one display name.
LOOKALIKE_NAMES = {
    "zero width space": ("公安.txt", "公\u200b安.txt"),
    "nbsp": ("公 安.txt", "公\u00a0安.txt"),
    "escape sequence": ("公安.txt", "公\x1b[31m安.txt"),
    "newline": ("公 安.txt", "公\n安.txt"),
    "bidi override": ("公安.txt", "\u202e公安.txt"),
    "gbk bytes": ("公安新闻.txt", os.fsdecode("公安新闻".encode("gbk") + b".txt")),
}


@pytest.mark.parametrize("first,second", LOOKALIKE_NAMES.values(), ids=LOOKALIKE_NAMES.keys())
def test_lookalike_names_are_two_articles_never_a_replacement(seeded, tmp_path, capsys, first, second):
    """Item 2: the second file was taken as a new version of the first, whose copy was deleted."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / first).write_text(article("甲"), encoding="utf-8")
    (folder / second).write_text(article("乙"), encoding="utf-8")
    code, _, err = beat(capsys, "import", str(folder / first), "--home", str(seeded.root))
    assert code == 0, err
    (a,) = [r for r in rows(seeded) if not r["path"].startswith("seeds/")]
    code, _, err = beat(capsys, "import", str(folder / second), "--home", str(seeded.root))
    assert code == 0, err
    assert "replaced" not in err
    imported = [r for r in rows(seeded) if not r["path"].startswith("seeds/")]
    assert len(imported) == 2 and len({r["id"] for r in imported}) == 2
    assert "民警甲号" in text_of(seeded, a["id"])  # the first id still shows the first text
    assert len(manifest(seeded)["imports"]) == 2 and len(sources(seeded)) == 2
    for r in imported:
        assert sanitize(r["path"]) == r["path"]  # still safe to print


def test_a_new_version_of_the_same_file_is_reported_as_replaced(seeded, tmp_path, capsys):
    """Item 2: a replacement keeps the id (tags re-anchor) and the output says so."""
    f = tmp_path / "news.txt"
    f.write_text(article("甲"), encoding="utf-8")
    assert beat(capsys, "import", str(f), "--home", str(seeded.root))[0] == 0
    (before,) = [r for r in rows(seeded) if not r["path"].startswith("seeds/")]
    f.write_text(article("甲") + "\n补充：民警随后回访了老人家属。\n", encoding="utf-8")
    code, _, err = beat(capsys, "import", str(f), "--home", str(seeded.root))
    assert code == 0, err
    (line,) = [ln for ln in err.splitlines() if "replaced" in ln]
    assert str(f.resolve()) in line
    (after,) = [r for r in rows(seeded) if not r["path"].startswith("seeds/")]
    assert after["id"] == before["id"] and "回访" in text_of(seeded, after["id"])
    assert len(manifest(seeded)["imports"]) == 1 and len(sources(seeded)) == 1


# --- 3: a tampered manifest never makes Beat touch a file outside sources/ ----------------

BAD_STORED = {
    "parent": "../../victim.txt",
    "deep parent": "../../../../../../../../{victim}",
    "absolute": "{victim}",
    "subfolder": "sub/x.txt",
    "dotdot": "..",
    "empty": "",
    "backslash": "..\\..\\victim.txt",
    "link": "0123456789abcdef.txt",  # planted in sources/ as a link to the victim
}


@pytest.mark.parametrize("stored", BAD_STORED.values(), ids=BAD_STORED.keys())
def test_tampered_stored_name_is_reported_and_nothing_outside_is_deleted(seeded, tmp_path, capsys, stored):
    """Item 3: the record's ``stored`` name was joined to sources/ and unlinked on re-import."""
    victim = tmp_path / "victim.txt"
    victim.write_text("不可删除", encoding="utf-8")
    (seeded.root / "victim.txt").write_text("不可删除", encoding="utf-8")  # what "../../" reaches... and one level up
    (seeded.sources / "sub").mkdir(parents=True, exist_ok=True)
    (seeded.sources / "sub" / "x.txt").write_text("不可删除", encoding="utf-8")
    f = tmp_path / "news.txt"
    f.write_text(article("甲"), encoding="utf-8")
    assert beat(capsys, "import", str(f), "--home", str(seeded.root))[0] == 0
    data = manifest(seeded)
    (key,) = data["imports"]
    stored = stored.format(victim=str(victim).lstrip("/") if stored.startswith("../") else victim)
    if stored == "0123456789abcdef.txt":
        (seeded.sources / stored).symlink_to(victim)
    data["imports"][key]["stored"] = stored
    write_manifest(seeded, data)
    f.write_text(article("甲") + "\n补充：民警随后回访了老人家属。\n", encoding="utf-8")
    code, _, err = beat(capsys, "import", str(f), "--home", str(seeded.root))
    assert victim.read_text(encoding="utf-8") == "不可删除"
    assert (seeded.root / "victim.txt").exists() and (seeded.sources / "sub" / "x.txt").exists()
    if stored == "0123456789abcdef.txt":
        assert (seeded.sources / stored).is_symlink()  # not acted on either
    lines = [ln for ln in err.splitlines() if "import record" in ln]
    assert len(lines) == 1 and "left alone" in lines[0], err
    assert "\x1b" not in err


def test_stored_name_rule_table():
    """Item 3: only a plain file name as an import writes it is a stored name."""
    from store.ingest.sources import stored_name_ok

    good = ["0123456789abcdef.txt", "0123456789abcdef.html", "fedcba9876543210.md"]
    bad = ["", ".", "..", "../x.txt", "/etc/passwd", "a/b.txt", "a\\b.txt", ".hidden.txt", "x\x00.txt",
           "0123456789abcdef.txt/", "0123456789abcdef.exe", "0123456789abcdef.txt.tmp", None, 7, ["x"]]
    assert [stored_name_ok(n) for n in good] == [True] * len(good)
    assert [stored_name_ok(n) for n in bad] == [False] * len(bad)


# --- 9: links in sources/ are never followed; changes are seen by content ----------------


@pytest.mark.parametrize("name", ["0123456789abcdef.txt", "passwd.txt"])
def test_links_planted_in_sources_are_not_articles(seeded, tmp_path, name):
    """Item 9: a link to a file outside the home (``/etc/passwd``) became an article."""
    outside = tmp_path / "outside.txt"
    outside.write_text(article("外"), encoding="utf-8")
    seeded.sources.mkdir(exist_ok=True)
    (seeded.sources / name).symlink_to(outside)
    ensure_built(seeded)
    assert [r["path"] for r in rows(seeded) if not r["path"].startswith("seeds/")] == []
    outside.write_text(article("改"), encoding="utf-8")  # editing the target changes nothing either
    assert build_reason(seeded) is None


def test_a_stored_copy_is_read_without_following_links(tmp_path):
    """Item 9: the worker opened the path it was given, link or not."""
    outside = tmp_path / "outside.txt"
    outside.write_text(article("外"), encoding="utf-8")
    link = tmp_path / "0123456789abcdef.txt"
    link.symlink_to(outside)
    result = analyse_entry(Entry("sources/0123456789abcdef.txt", "0123456789abcdef", path=link))
    assert isinstance(result, str) and "symbolic link" in result


def test_a_stored_copy_edited_in_place_is_rebuilt(seeded, tmp_path):
    """Item 9: changes were detected by names (the hash in the name), so an edit went unnoticed."""
    f = tmp_path / "news.txt"
    f.write_text(article("甲"), encoding="utf-8")
    import_paths(seeded, [f])
    ensure_built(seeded)
    (copy,) = seeded.sources.iterdir()
    (row,) = [r for r in rows(seeded) if not r["path"].startswith("seeds/")]
    copy.write_text(article("甲") + "\n补充：民警随后回访了老人家属。\n", encoding="utf-8")
    assert build_reason(seeded) is not None
    ensure_built(seeded)
    assert "回访" in text_of(seeded, row["id"])


# --- 15: the encoding is decided on the text, then controls are removed -------------------

CONTAMINATION = {
    "csi": "\x1b[31m红色\x1b[0m",
    "osc": "\x1b]0;窗口标题\x07",
    "30 backspaces": "\x08" * 30,
    "30 DEL": "\x7f" * 30,
    "mixed": "\x1b[2J\x08\x7f\x07\x0b\x0c" * 5,
}


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8"])
@pytest.mark.parametrize("bad", CONTAMINATION.values(), ids=CONTAMINATION.keys())
def test_gbk_with_controls_decodes_and_cleans_like_utf8(encoding, bad):
    """Item 15: one escape sequence made a GBK file "not text in ... GB18030/GBK"."""
    head, tail = ARTICLE.split("民警程波")
    text = f"{head}民警程波{bad}{tail}"
    decoded, found = decode_bytes(text.encode(encoding))
    assert found in {"gb18030", "gbk", "utf-8"}
    assert sanitize(decoded) == sanitize(text)


def test_big5_with_controls_decodes_as_big5():
    trad = "民警夜巡護平安\n\n2025年3月5日晚，青山區分局紅衛路派出所民警程波在轄區巡邏時，發現一名走失老人。" * 4
    decoded, found = decode_bytes((trad + "\x08" * 30 + "\x1b[31m").encode("big5"))
    assert found in {"big5", "cp950", "big5hkscs"} and sanitize(decoded) == sanitize(trad + "\x08" * 30 + "\x1b[31m")


def test_gbk_file_with_controls_imports_as_the_utf8_one(seeded, tmp_path, capsys):
    """Item 15, end to end: the GBK copy is the same text, so it is a duplicate of the UTF-8 one."""
    contaminated = ARTICLE.replace("民警程波", "民警程波" + CONTAMINATION["mixed"] + CONTAMINATION["30 DEL"])
    gbk, utf8 = tmp_path / "gbk.txt", tmp_path / "utf8.txt"
    gbk.write_bytes(contaminated.encode("gbk"))
    utf8.write_bytes(contaminated.encode("utf-8"))
    code, _, err = beat(capsys, "import", str(gbk), "--home", str(seeded.root))
    assert code == 0 and "imported 1 file" in err, err
    code, _, err = beat(capsys, "import", str(utf8), "--home", str(seeded.root))
    assert code == 0 and "same text as" in err, err
    (row,) = [r for r in rows(seeded) if not r["path"].startswith("seeds/")]
    assert "\x1b" not in text_of(seeded, row["id"]) and "窗口标题" not in json.dumps(row, ensure_ascii=False)


def test_unchanged_copies_are_not_read_again_by_a_build(seeded, tmp_path, monkeypatch):
    """Item 9, cost: a build hashes only copies whose size or mtime moved, not all of them."""
    import store.ingest.build as build

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(article(i), encoding="utf-8")
        import_paths(seeded, [tmp_path / f"{i}.txt"])
    ensure_built(seeded)
    read = []
    real = build._same_bytes
    monkeypatch.setattr(build, "_same_bytes", lambda e, d: read.append(e.name) or real(e, d))
    (tmp_path / "new.txt").write_text(article("新"), encoding="utf-8")
    import_paths(seeded, [tmp_path / "new.txt"])
    assert ensure_built(seeded).analysed == 1
    assert [n for n in read if n.startswith("sources/")] == []
    copy = sorted(seeded.sources.iterdir())[0]
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 10**9))  # touched, same bytes
    assert build_reason(seeded) is not None
    assert ensure_built(seeded).analysed == 0 and [n for n in read if n.startswith("sources/")] == [f"sources/{copy.name}"]


def test_random_bytes_without_nul_are_still_not_text():
    """Item 15's guard: dropping control bytes before detection does not turn noise into text."""
    import random

    from store.ingest.sources import SourceError

    rng = random.Random(11)
    for _ in range(30):
        data = bytes(rng.randrange(1, 256) for _ in range(4000))
        with pytest.raises(SourceError):
            decode_bytes(data)
