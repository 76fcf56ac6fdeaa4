"""Reading source files: bytes to text, with the encoding found and recorded.

Scraped Chinese text arrives as UTF-8 (with or without BOM), UTF-16 with BOM, GBK /
GB18030 or Big5. BOMs and strict UTF-8 are decisive; anything else is left to
charset-normalizer, restricted to the Chinese encodings so that it never guesses a
Cyrillic or Latin code page for GBK bytes.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from store.sanitize import sanitize

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 64 * 1024 * 1024  # a larger "article" is not an article
_CHINESE_ENCODINGS = ["gb18030", "big5", "utf_8", "utf_16"]
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class SourceError(Exception):
    """A file that cannot be read as an article; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Source:
    """One file's text, sanitised, with what is needed to find it again."""

    path: str
    name: str
    text: str
    encoding: str
    digest: str  # sha256 of the raw bytes: re-importing the same content is a no-op
    is_html: bool


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` as Chinese text; return (text, encoding name) or raise SourceError."""
    if not data.strip():
        raise SourceError("file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SourceError(f"broken {encoding} text ({exc.reason})") from None
    if b"\x00" in data[:4096] and not _looks_like_utf16(data):
        raise SourceError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CHINESE_ENCODINGS).best()
    if best is None or best.encoding is None:
        raise SourceError("not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    text = str(best)
    if _binary_share(text) > 0.05:
        raise SourceError("binary file, not text")
    return text, best.encoding


def _looks_like_utf16(data: bytes) -> bool:
    head = data[:4096]
    return head.count(b"\x00") > len(head) // 4 and head.count(b"\x00\x00") == 0


def _binary_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    return bad / len(sample)


def read_source(path: Path) -> Source:
    """Read one file; raise SourceError with a reason a user can act on."""
    return source_from_bytes(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(f"too large ({size // (1024 * 1024)} MB; limit {MAX_BYTES // (1024 * 1024)} MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError("file disappeared before it could be read") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None


def source_from_bytes(data: bytes, path: Path) -> Source:
    is_html = path.suffix.lower() in HTML_SUFFIXES
    if data[:8].startswith((b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\xff\xd8\xff", b"GIF8")):
        raise SourceError("binary file (image, archive or PDF), not text")
    text, encoding = decode_bytes(data)
    return Source(
        path=str(path),
        name=path.name,
        text=sanitize(text),
        encoding=encoding,
        digest=digest_bytes(data),
        is_html=is_html,
    )


def iter_candidate_files(paths: list[Path], errors: list[tuple[str, str]]) -> list[Path]:
    """Expand files and folders into article files, in a stable order.

    Folders are walked without following symlinked directories (no loops); problems
    are appended to ``errors`` as (path, reason) rather than raised, so one bad entry
    never stops an import.
    """
    import os

    found: list[Path] = []
    for root in paths:
        if root.is_dir():
            def on_error(exc: OSError, root: Path = root) -> None:
                errors.append((exc.filename or str(root), exc.strerror or "cannot read folder"))

            for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    p = Path(folder) / name
                    if p.suffix.lower() in SUFFIXES:
                        found.append(p)
        elif root.exists() or root.is_symlink():
            found.append(root)
        else:
            errors.append((str(root), "no such file or folder"))
    return found
