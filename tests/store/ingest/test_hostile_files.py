"""Hostile files through ``beat import``: unreadable, mis-encoded, huge, vanishing, looping, duplicated.

Every case: no crash, one message naming the file and the reason, everything else
imported, exit status 1 when any file failed, and nothing already in the store lost.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from store.db.paths import Home
from store.ingest.clean import clean_text
from store.ingest.importer import import_paths
from store.ingest.sources import MAX_BYTES, SourceError, decode_bytes
from store.text.wording import plural
from tests.store.ingest.importing import (
    ARTICLE,
    SEED_FILES,
    article_ids,
    assert_store_clean,
    beat,
    errors_for,
)

# --- unreadable files ----------------------------------------------------------------


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", ARTICLE * 20)
    return buf.getvalue()


BAD_FILES = {
    "empty.txt": (b"", "file is empty"),
    "blank.txt": (b" \n\t\r\n", "file is empty"),
    "image.txt": (_png(), "binary file"),
    "archive.txt": (_zip(), "binary file"),
    "nul-heavy.txt": (b"\x00\x01\x02\x03abc\x00\x00\x00" * 400, "binary file"),
    "invalid-utf8.txt": (bytes(range(128, 256)) * 40, "not text"),
    "no-article.html": (b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>", "no article text"),
}


def test_unreadable_files_each_named_once_rest_imported(seeded, tmp_path, capsys):
    before = article_ids(seeded, capsys)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    assert code == 1
    for name, (_, reason) in BAD_FILES.items():
        lines = errors_for(err, name)
        assert len(lines) == 1 and reason in lines[0], (name, err)
    assert f"imported 1 file, 0 already present, {len(BAD_FILES)} failed" in err
    after = article_ids(seeded, capsys)
    assert before < after and len(after) == len(before) + 1
    assert_store_clean(seeded)


def test_stray_nul_bytes_and_nul_padding_are_text(tmp_path):
    """A NUL inside a scrape or NUL padding after an interrupted copy is not a binary file."""
    stray = ARTICLE.replace("民警程波", "民警\x00程波").encode("utf-8")
    text, encoding = decode_bytes(stray)
    assert encoding == "utf-8" and "\x00" in text  # removed by the sanitiser, below
    padded = ARTICLE.encode("utf-8") + b"\x00" * 4096
    assert decode_bytes(padded)[1] == "utf-8"
    result = clean_text(text)
    assert all("\x00" not in p.text for p in result.paragraphs)
    assert any("民警程波" in p.text for p in result.paragraphs)


def test_nul_bytes_import_through_cli(seeded, tmp_path, capsys):
    f = tmp_path / "nul.txt"
    f.write_bytes(ARTICLE.replace("走失老人", "走失\x00老人").encode("utf-8") + b"\x00" * 100)
    code, _, err = beat(capsys, "import", str(f), "--home", str(seeded.root))
    assert code == 0, err
    assert_store_clean(seeded)


# --- encodings -----------------------------------------------------------------------


def _variants() -> list[tuple[str, str, bytes, str]]:
    """(file name, encoding, bytes, text the bytes stand for) for every seed."""
    out = []
    for path in SEED_FILES:
        prefix = path.name[:3]
        text = path.read_text("utf-8")
        traditional = prefix == "003"
        encodings = ["gb18030", "big5"] if traditional else ["gbk"]
        encodings += ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]
        for enc in encodings:
            # every variant gets its own first paragraph, so none is a duplicate of another
            marked = f"编码测试\n\n这是第{prefix}篇的{enc}版本。\n\n{text}"
            data = marked.encode(enc, errors="replace")
            expected = data.decode(enc)  # Big5 cannot hold every character of 003
            out.append((f"{prefix}-{enc}.txt", enc, data, expected))
    return out


VARIANTS = _variants()


@pytest.mark.parametrize(("name", "enc", "data", "expected"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_seed_encodings_decode_to_the_same_text(name, enc, data, expected):
    text, found = decode_bytes(data)
    assert text.lstrip("\ufeff") == expected.lstrip("\ufeff")
    family = {"gbk": "gb18030", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}
    assert found.replace("_", "-").lower() in {family.get(enc, enc), enc, "big5", "cp950"}


def test_seed_encodings_import_as_the_utf8_articles(seeded, tmp_path, capsys):
    folder = tmp_path / "enc"
    folder.mkdir()
    for name, _, data, _ in VARIANTS:
        (folder / name).write_bytes(data)
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    assert code == 0, err
    assert f"imported {plural(len(VARIANTS), 'file')}" in err
    rows = {Path(r["path"]).name: r for r in json.loads(beat(capsys, "list", "--json", "--home", str(seeded.root))[1])}
    for name, _enc, _, expected in VARIANTS:
        row = rows[name]
        shown = json.loads(beat(capsys, "show", row["id"], "--json", "--home", str(seeded.root))[1])
        want = clean_text(expected.lstrip("\ufeff"), name)  # untitled: named after the imported file
        assert shown["title"] == want.title, name
        assert [p["text"] for p in shown["paragraphs"]] == [p.text for p in want.paragraphs], name
    assert rows["000-utf-16-le.txt"]["encoding"] == "utf-16-le"
    assert rows["000-utf-16-be.txt"]["encoding"] == "utf-16-be"
    assert_store_clean(seeded)


def test_utf16_without_bom_short_ascii_and_garbage():
    text = "Police report 2025\n民警程波\n"
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be")) == (text, "utf-16-be")
    with pytest.raises(SourceError, match="binary|not text"):  # NULs on both byte parities
        decode_bytes(bytes(range(256)) * 64)
    odd = ARTICLE.encode("utf-16-le") + b"x"  # odd length: cannot be UTF-16
    with pytest.raises(SourceError):
        decode_bytes(odd)


# --- size ----------------------------------------------------------------------------


def test_50_mb_file_refused_without_reading_it(seeded, tmp_path, capsys):
    big = tmp_path / "huge.txt"
    chunk = (ARTICLE * 200).encode("utf-8")
    with big.open("wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = article_ids(seeded, capsys)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code, _, err = beat(capsys, "import", str(big), str(tmp_path / "ok"), "--home", str(seeded.root))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1
    (line,) = errors_for(err, "huge.txt")
    assert "too large" in line and "50 MB" in line and f"{MAX_BYTES // 2**20} MB" in line
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MB: the file was read"
    assert time.perf_counter() - started < 30
    assert len(article_ids(seeded, capsys)) == len(before) + 1


def test_file_growing_after_stat_is_cut_off(tmp_path, monkeypatch):
    """The limit holds on the bytes read, not just on what stat said."""
    import store.ingest.sources as sources

    f = tmp_path / "grows.txt"
    f.write_bytes(b"x" * 2048)
    monkeypatch.setattr(sources, "MAX_BYTES", 1024)
    real_fstat = os.fstat

    def small_fstat(fd):
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))

    monkeypatch.setattr(sources.os, "fstat", small_fstat)
    with pytest.raises(SourceError, match="too large"):
        sources.read_bytes(f)


def test_fifo_named_txt_is_refused_not_waited_on(seeded, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    assert code == 1
    (line,) = errors_for(err, "pipe.txt")
    assert "not a regular file" in line
    assert "imported 1 file" in err


# --- the file system fights back -----------------------------------------------------


def test_unreadable_folder_and_file_are_reported(seeded, tmp_path, capsys, monkeypatch):
    """Tests run as root, which ignores permissions: EACCES is injected instead."""
    import store.ingest.sources as sources

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "secret.txt").write_text(ARTICLE.replace("程波", "王五"), encoding="utf-8")
    (folder / "ok.txt").write_text(ARTICLE.replace("程波", "赵六"), encoding="utf-8")
    real_scandir, real_open = os.scandir, os.open

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def sources_open(path, flags, *args):
        if Path(path).name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(sources.os, "open", sources_open)
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    monkeypatch.undo()
    assert code == 1
    (line,) = errors_for(err, "locked")
    assert "Permission denied" in line
    (line,) = errors_for(err, "secret.txt")
    assert "permission denied" in line
    assert "imported 1 file" in err


def test_unreadable_parent_of_a_named_path(seeded, tmp_path, capsys, monkeypatch):
    """``beat import /no/access/x.txt``: stat itself fails with EACCES."""
    import store.ingest.sources as sources

    target = tmp_path / "x.txt"
    target.write_text(ARTICLE, encoding="utf-8")
    real_stat = os.stat

    def stat(path, *a, **k):
        if Path(path) == target:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_stat(path, *a, **k)

    monkeypatch.setattr(sources.os, "stat", stat)
    code, _, err = beat(capsys, "import", str(target), "--home", str(seeded.root))
    assert code == 1 and len(errors_for(err, "x.txt")) == 1 and "Permission denied" in err


def test_symlink_loops_and_dangling_links(seeded, tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # directory loop
    (folder / "self").symlink_to(folder / "self")  # a link to itself
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")  # file loop
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "sub" / "real.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "sub" / "real.txt")  # same bytes, other name
    started = time.perf_counter()
    code, _, err = beat(capsys, "import", str(folder), str(folder / "self"), "--home", str(seeded.root))
    assert time.perf_counter() - started < 30
    assert code == 1
    for name in ("a.txt", "b.txt"):
        (line,) = errors_for(err, f"{folder / name}:")
        assert "symbolic links" in line
    (line,) = errors_for(err, "gone.txt")
    assert "broken symbolic link" in line
    (line,) = errors_for(err, f"{folder / 'self'}:")
    assert "symbolic links" in line
    assert "imported 1 file, 1 already present" in err


def test_file_removed_between_listing_and_reading(seeded, tmp_path, capsys, monkeypatch):
    import store.ingest.importer as importer

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("程波", "李四"), encoding="utf-8")
    real = importer.iter_candidate_files

    def listing_then_delete(paths, errors):
        found = real(paths, errors)
        (folder / "a.txt").unlink()
        return found

    monkeypatch.setattr(importer, "iter_candidate_files", listing_then_delete)
    code, _, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    assert code == 1
    (line,) = errors_for(err, "a.txt")
    assert "disappeared" in line
    assert "imported 1 file" in err


# --- duplicates ----------------------------------------------------------------------


def test_same_bytes_under_another_name_is_already_present(seeded, tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "copy of a.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    shutil.copy(a, b)
    before = article_ids(seeded, capsys)
    code, _, err = beat(capsys, "import", str(a), str(b), "--home", str(seeded.root))
    assert code == 0 and "imported 1 file, 1 already present, 0 failed" in err
    assert len(article_ids(seeded, capsys)) == len(before) + 1
    code, _, err = beat(capsys, "import", str(tmp_path / "copy of a.txt"), "--home", str(seeded.root))
    assert code == 0 and "0 files, 1 already present" in err


def test_same_text_other_bytes_never_displaces_a_tagged_article(seeded, tmp_path, capsys):
    """The GBK copy of a tagged UTF-8 article sorts first; the tagged one must stay."""
    original = tmp_path / "z-original.txt"
    original.write_text(ARTICLE, encoding="utf-8")
    assert beat(capsys, "import", str(original), "--home", str(seeded.root))[0] == 0
    rows = json.loads(beat(capsys, "list", "--json", "--home", str(seeded.root))[1])
    (row,) = [r for r in rows if r["path"].endswith("z-original.txt")]
    assert beat(capsys, "tag", "add", row["id"], "--paragraph", "1", "走失", "--home", str(seeded.root))[0] == 0
    copy = tmp_path / "a-copy-gbk.txt"
    copy.write_bytes(ARTICLE.replace("\n", "\r\n").encode("gbk"))
    seed_copy = tmp_path / "seed-copy.txt"
    seed_copy.write_bytes(SEED_FILES[2].read_text("utf-8").encode("gb18030"))
    code, _, err = beat(capsys, "import", str(copy), str(seed_copy), "--home", str(seeded.root))
    assert code == 0 and "imported 0 files, 2 already present" in err
    assert f"beat: {copy}: same text as {original.resolve()}, not imported again" in err
    assert f"beat: {seed_copy}: same text as seeds/{SEED_FILES[2].name}, not imported again" in err
    result = import_paths(seeded, [copy, seed_copy])
    assert result.same_text == {str(copy): str(original.resolve()), str(seed_copy): f"seeds/{SEED_FILES[2].name}"}
    rows = json.loads(beat(capsys, "list", "--json", "--home", str(seeded.root))[1])
    assert row["id"] in {r["id"] for r in rows} and len(rows) == 6
    tags = json.loads(beat(capsys, "tag", "list", "--json", "--home", str(seeded.root))[1])
    assert [(t["article"], t["orphan"]) for t in tags] == [(row["id"], False)]


def test_same_text_on_a_fresh_home_counts_the_seeds(tmp_path):
    """No derived store yet: the seeds still count as the corpus."""
    home = Home(tmp_path / "fresh")
    copy = tmp_path / "000.txt"
    copy.write_bytes(codecs.BOM_UTF8 + SEED_FILES[0].read_bytes())
    result = import_paths(home, [copy])
    assert result.duplicates == [str(copy)] and not result.added
