"""Encodings are detected and recorded; unreadable files get one clear reason."""

from __future__ import annotations

import codecs

import pytest

from store.ingest.sources import SourceError, decode_bytes, iter_candidate_files, read_source
from tests.conftest import seed_text

TEXT = seed_text("002")[:3000]
TRAD = seed_text("003")[:3000].replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_simplified_encodings(data, expected):
    text, encoding = decode_bytes(data)
    assert encoding == expected
    assert text.lstrip("\ufeff") == TEXT


def test_big5_traditional():
    sample = TRAD.encode("big5", errors="ignore")
    text, encoding = decode_bytes(sample)
    assert encoding in {"big5", "cp950", "big5hkscs"}
    assert "廟山派出所" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"PK\x03\x04" + bytes(200), "binary"),
        (b"abc\x00\x00\x00def" * 50, "binary"),
    ],
)
def test_unreadable(tmp_path, data, reason):
    f = tmp_path / "x.txt"
    f.write_bytes(data)
    with pytest.raises(SourceError, match=reason):
        read_source(f)


def test_folder_walk_reports_missing_and_skips_other_suffixes(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.jpg").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<p>x</p>")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    errors: list[tuple[str, str]] = []
    found = iter_candidate_files([tmp_path, tmp_path / "missing.txt"], errors)
    assert [p.name for p in found] == ["a.txt", "c.html"]
    assert errors == [(str(tmp_path / "missing.txt"), "no such file or folder")]
