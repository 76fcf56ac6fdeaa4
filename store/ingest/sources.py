"""Reading source files: bytes to text, with the encoding found and recorded.

Scraped Chinese text arrives as UTF-8 (with or without BOM), UTF-16 (with or without
BOM), GBK / GB18030 or Big5. BOMs and strict UTF-8 are decisive; UTF-16 without a BOM
is recognised by where its NUL bytes fall; anything else is left to charset-normalizer,
restricted to the Chinese encodings so that it never guesses a Cyrillic or Latin code
page for GBK bytes.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from store.text.sanitize import sanitize

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# A larger "article" is not an article: even a page with inline scripts and images
# stays well under this, and refusing at stat time keeps a stray 1 GB dump from being
# read into memory, decoded and analysed.
MAX_BYTES = 8 * 1024 * 1024
_CHINESE_ENCODINGS = ["gb18030", "big5", "utf_8", "utf_16"]
# C0 controls but tab and line ends, and DEL: in UTF-8, GBK, GB18030 and Big5 these
# bytes are always characters of their own (never part of a multi-byte character), and
# the sanitiser drops them anyway, so the encoding is decided on the bytes without them.
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
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
    if b"\x00" in data:
        utf16 = _decode_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        # NUL padding left by an interrupted copy, or a stray NUL in a scrape, is
        # dropped with the other control characters; many NULs mean a binary file.
        if _nul_share(data.rstrip(b"\x00")) > 0.01:
            raise SourceError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_chinese(data)


def _decode_chinese(data: bytes) -> tuple[str, str]:
    """GBK / GB18030 / Big5, decided on the text without its control characters.

    charset-normalizer counts control characters as noise: one escape sequence or 30
    backspaces in a GBK file made it give up, while the same text in UTF-8 imported
    (and was cleaned). So it sees the bytes without them; the file is then decoded
    whole, so that the sanitiser removes escape sequences with their payloads.
    """
    from charset_normalizer import from_bytes

    probe = data.translate(None, _CONTROL_BYTES)
    best = from_bytes(probe, cp_isolation=_CHINESE_ENCODINGS).best() if probe.strip() else None
    if best is None or best.encoding is None:
        raise SourceError("not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    text = str(best)
    if _binary_share(text) > 0.05:
        raise SourceError("binary file, not text")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return text, best.encoding  # a control byte inside a character: keep the text without them


def _nul_share(data: bytes) -> float:
    head = data[:65536]
    return head.count(b"\x00") / len(head) if head else 0.0


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a BOM, from where its NUL bytes fall.

    ASCII characters (digits, line ends, spaces) put a NUL in their high byte, so NULs
    cluster on odd offsets in little-endian text and on even ones in big-endian text.
    Chinese characters seldom hold a NUL byte, so the share of NULs can be small: the
    parity picks the byte order, and a strict decode that reads as Chinese or ASCII
    text confirms it (the wrong order nearly always hits a lone surrogate or garbage).
    """
    if len(data) % 2:
        return None
    head = data[:65536]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 2 * even:
        encoding = "utf-16-le"
    elif even > 2 * odd:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _binary_share(text) > 0.001 or _common_share(text) < 0.9:
        return None
    return text, encoding


def _common_share(text: str) -> float:
    """Share of characters a Chinese news text is made of: CJK, ASCII, punctuation."""
    sample = text[:8192]
    if not sample:
        return 0.0
    common = sum(
        1
        for ch in sample
        if ch < "\x7f"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2000" <= ch <= "\u206f"
        or "\u00a0" <= ch <= "\u00ff"
    )
    return common / len(sample)


def _binary_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    return bad / len(sample)


def read_source(path: Path) -> Source:
    """Read one file; raise SourceError with a reason a user can act on."""
    return source_from_bytes(read_bytes(path), path)


def read_bytes(path: Path, *, follow_links: bool = True) -> bytes:
    """The file's bytes, or SourceError: never blocks, never reads more than MAX_BYTES.

    Opened non-blocking and checked on the open descriptor, so a FIFO or device named
    ``x.txt`` is refused instead of hanging the import, and a file that grows after
    it was listed is still cut off at the limit. ``follow_links=False`` (the copies in
    ``sources/``) opens with O_NOFOLLOW: a link planted there is refused, not read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if path.is_symlink():
            raise SourceError("broken symbolic link (its target does not exist)") from None
        raise SourceError("file disappeared before it could be read") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise SourceError("a symbolic link: links in sources/ are never followed") from None
        raise SourceError(exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise SourceError("is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise SourceError("not a regular file (a pipe, socket or device)")
            if info.st_size > MAX_BYTES:
                raise SourceError(_too_large(info.st_size))
            data = fh.read(MAX_BYTES + 1)
    except PermissionError:
        raise SourceError("permission denied") from None
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise SourceError(_too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    mb = 1024 * 1024
    return f"too large for an article ({size / mb:.0f} MB; the limit is {MAX_BYTES // mb} MB)"


def printable_path(path: str | os.PathLike[str]) -> str:
    """A file name as text that is safe to store, print and write as JSON.

    Names come from the file system, not from us: a zip made on Chinese Windows
    yields GBK bytes (which Python holds as lone surrogates that no JSON encoder
    accepts), and a hostile name can carry escape sequences. Undecodable bytes are
    read as GB18030, escapes and control characters removed.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(text)
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
    return sanitize(text).replace("\n", " ")


# What ``beat import`` names a copy: the first 16 hex digits of its sha256, and a suffix.
_STORED_NAME = re.compile(r"[0-9a-f]{16}(?:" + "|".join(re.escape(s) for s in sorted(SUFFIXES)) + ")")
_DISAMBIGUATED = re.compile(r" #[0-9a-f]{16}\Z")


def stored_name(digest: str, suffix: str) -> str:
    """The name of an imported copy in ``sources/``: its content hash, so a name is never reused."""
    suffix = suffix.lower()
    return digest[:16] + (suffix if suffix in SUFFIXES else ".txt")


def stored_name_ok(name: object) -> bool:
    """True for a name ``beat import`` could have written: a plain file name in ``sources/``.

    The manifest is a file the user (or anyone) can edit; a ``stored`` field of
    ``../../x`` or ``/etc/passwd`` joined to ``sources/`` would let an import delete or
    read outside the data home. Only the exact shape an import writes passes: no
    separators, no ``..``, no hidden or temp names.
    """
    return isinstance(name, str) and _STORED_NAME.fullmatch(name) is not None


def original_path(path: str | os.PathLike[str]) -> str:
    """Where an imported file came from, as the printable text that identifies it.

    The identity of an import (a new version of the same file replaces the old one
    and keeps its id) must come from the real path, and :func:`printable_path` is not
    one-to-one: names differing by a zero-width space, an escape sequence, a newline
    or GBK bytes print the same. A real path that prints as itself is its own
    identity (nearly all); any other gets `` #`` and 16 hex digits of the hash of its
    bytes, so two real paths never share an identity (64 bits against a crafted
    collision) and the text stays safe to print. A plain path that happens to end in
    that pattern is hashed too, so it can never equal a hashed one.
    """
    real = os.fspath(path)
    shown = printable_path(real)
    if shown == real and not _DISAMBIGUATED.search(shown):
        return shown
    return f"{shown} #{hashlib.sha256(os.fsencode(real)).hexdigest()[:16]}"


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
    found: list[Path] = []
    for root in paths:
        try:
            is_dir = stat.S_ISDIR(os.stat(root).st_mode)
        except FileNotFoundError:
            if root.is_symlink():
                found.append(root)  # a dangling link: reading it names the problem
            else:
                errors.append((printable_path(root), "no such file or folder"))
            continue
        except OSError as exc:  # permission denied on a parent, a symlink loop, ...
            errors.append((printable_path(root), exc.strerror or str(exc)))
            continue
        if not is_dir:
            found.append(root)
            continue

        def on_error(exc: OSError, root: Path = root) -> None:
            errors.append((printable_path(exc.filename or root), exc.strerror or "cannot read folder"))

        for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                p = Path(folder) / name
                if p.suffix.lower() in SUFFIXES:
                    found.append(p)
    return found
