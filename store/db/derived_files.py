"""The derived store's files as whole files: checksums, the index's shape, debris.

Kept apart from the row and body encoding in ``store.db.derived``: these checks are
about whether the files on disk are the ones a build wrote, whatever they encode.

- Each side file's CRC-32 is recorded in the index at build time and checked on load:
  damage that keeps the size (a flipped byte, random bytes) used to pass the size
  check and surface as a UTF-8 or orjson traceback in whatever read the article.
- The index's shape is checked before anything reads it (``KeyError: 'files'``
  came out of every command, ``build`` included).
- Debris of killed or failed builds (side files no index names, a half-written
  index, temp files) is swept on every build, even one that finds the store current.
"""

from __future__ import annotations

import os
import re
import time
import zlib
from pathlib import Path
from typing import Any, BinaryIO, cast

from store.db.atomic import remove_abandoned_temps
from store.db.tinydb_storage import CorruptStoreError

TEXT, BODY = "text", "body"  # as in store.db.derived: a row's [offset, length] in each side file


def file_checksum(path: Path) -> int:
    """CRC-32 of a whole file: catches any flipped byte or burst of up to 32 bits.

    Damage detection, not tamper-proofing: zlib's CRC runs at several GB/s (about
    40 ms for the 128 MB of side files of 10,000 articles), where SHA-256 would add a
    quarter of a second to every start.
    """
    with open(path, "rb") as f:
        return file_crc(f)


def file_crc(f: BinaryIO) -> int:
    """CRC-32 of an open file, read in blocks rather than through a memory map.

    A CRC over the mapped file made every page of it resident in the reader: at
    100,000 articles 1.5 GB of the reader's 1.6 GB RSS (SQLite store) were the side
    files, of which a session reads a few articles."""
    crc = 0
    f.seek(0)
    while block := f.read(1 << 22):
        crc = zlib.crc32(block, crc)
    return crc


STAMPS = "stamps"  # in the build's meta: kind -> [size, mtime_ns, inode] of each file, sealed


def seal(paths: dict[str, Path]) -> dict[str, list[int]]:
    """Each finished file's stamp (size, modification time in ns, inode), for :func:`intact`.

    A CRC of every side file at every open was most of opening a large store: 1.6 GB
    at 100,000 articles, about 5 of the SQLite store's 6 s. Any write to a file after
    its build moves its modification time, so a file whose stamp is the one its build
    recorded holds what the build wrote, and only a file whose stamp moved is read
    whole. File times come from a coarse clock (a few ms), so a write in the same tick
    as the build's last one would keep the time: the stamps are taken only once the
    clock has moved past every file's (a probe file's time shows it, a few ms at most),
    and these files are new, under a token nobody else knows until ``derived.json``
    names them. What a stamp misses is damage that never writes through the file
    system (a failing disk); SQLite stores carry a CRC per article for that
    (``store.db.derived_sqlite``).
    """
    stats = {kind: os.stat(path, follow_symlinks=False) for kind, path in paths.items()}
    newest = max((st.st_mtime_ns for st in stats.values()), default=0)
    probe = next(iter(paths.values())).with_name(f".seal-{os.getpid()}.tmp") if paths else None
    for _ in range(200):  # the clock ticks every 1-10 ms; 2 s is a clock that stands still
        if probe is None:
            break
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
        try:
            now = os.fstat(fd).st_mtime_ns
        finally:
            os.close(fd)
            probe.unlink()
        if now > newest:
            return {kind: [st.st_size, st.st_mtime_ns, st.st_ino] for kind, st in stats.items()}
        time.sleep(0.01)
    return {}  # no stamps: every open checks the CRC, as before stamps


def check_file(f: BinaryIO, meta: dict[str, Any], kind: str, name: str) -> None:
    """CorruptStoreError unless the open file ``name`` is the size its build recorded as ``kind``
    and holds what it wrote (:func:`intact`): the one check of every file a store opens."""
    if os.fstat(f.fileno()).st_size != meta["sizes"][kind]:
        raise CorruptStoreError(f"{name} is not the size its build wrote")
    if not intact(f, meta, kind):
        raise CorruptStoreError(f"{name} does not hold what its build wrote (checksum differs)")


def intact(f: BinaryIO, meta: dict[str, Any], kind: str) -> bool:
    """True when the open file ``kind`` holds what its build wrote: its stamp unmoved, else its CRC.

    A missing or malformed stamp (a store from before stamps, a hand-edited record)
    falls back to the CRC, never to trusting the file."""
    st = os.fstat(f.fileno())
    stamps = meta.get(STAMPS)
    stamp = stamps.get(kind) if isinstance(stamps, dict) else None
    if stamp == [st.st_size, st.st_mtime_ns, st.st_ino]:
        return True
    return bool(file_crc(f) == meta["sums"][kind])


def sweep(root: Path, keep: str | None) -> None:
    """Remove side files of other builds (replaced, or abandoned by a killed build).

    Only a writer holding the home's lock calls this. A reader that still has old
    files open keeps reading them: on POSIX an open file outlives its name.
    """
    for path in root.glob("derived-*.*"):
        if keep is None or path.name.split(".", 1)[0] != f"derived-{keep}":
            try:
                path.unlink()
            except OSError:
                pass  # e.g. still open on Windows: the next build tries again


_FILES = re.compile(rb'^\{"meta":\{"1":\{[^{}]*?"files":"([0-9a-f]{1,64})"')
_STORE = re.compile(rb'^\{"meta":\{"1":\{[^{}]*?"store":"(sqlite|tinydb)"')


def chosen_store(root: Path) -> str | None:
    """The backend the user chose for this home's store (``beat build --store``), if any.

    Read from the start of ``derived.json`` (its meta comes first), not by parsing it:
    a forced rebuild keeps the choice without loading the old store."""
    try:
        with open(root / "derived.json", "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    m = _STORE.match(head)
    return m.group(1).decode() if m else None


def sweep_debris(root: Path, *folders: Path) -> None:
    """Everything a killed or failed build left in ``root``: other builds' side files,
    the half-written index, abandoned temp files (and those in ``folders``: a killed
    import's half copy in ``sources/``). Run on every build, even one that finds the
    store up to date. Only a writer holding the home's lock calls this.

    The live side files are named by the index; their token is read from the start of
    ``derived.json`` (the build writes its meta first), not by parsing 37 MB. When it
    cannot be read there (a damaged or hand-written index), nothing is swept: the
    coming rebuild sweeps with its own token.
    """
    for folder in folders:
        remove_abandoned_temps(folder)
    if not root.is_dir():
        return
    remove_abandoned_temps(root)
    try:
        (root / "derived.json.building").unlink(missing_ok=True)
    except OSError:
        pass
    try:
        with open(root / "derived.json", "rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        sweep(root, keep=None)
        return
    except OSError:
        return
    if m := _FILES.match(head):
        sweep(root, keep=m.group(1).decode())


_ROW_FIELDS: dict[str, type] = {  # what every reader of a row takes for granted
    "id": str, "title": str, "path": str, "text_hash": str, "encoding": str,
    "paragraphs": int, "chars": int, "units": dict, "events": list,
}
_BUILT_ROW_FIELDS: dict[str, type] = {"stored": str, "digest": str}  # and the build's reuse, in a store it wrote


SIDE_FILES = ("text", "body")


def check_meta(meta: dict[str, Any], kinds: tuple[str, ...]) -> dict[str, int]:
    """The build record's sizes of the files ``kinds``, once it names its files (a token)
    and records each one's size and CRC as integers; CorruptStoreError otherwise."""
    token, sizes, sums = meta.get("files"), meta.get("sizes"), meta.get("sums")
    if not isinstance(token, str) or not re.fullmatch(r"[0-9a-f]{1,64}", token):
        raise CorruptStoreError("derived.json does not name its side files")
    for name, table in (("sizes", sizes), ("sums", sums)):
        if not isinstance(table, dict) or not all(_is_int(table.get(k)) for k in kinds):
            raise CorruptStoreError(f"derived.json has no side-file {name}")
    return cast(dict[str, int], sizes)  # checked just above


def check_index(data: dict[str, Any], meta: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The index's rows and units, once its shape is known to be what a build writes.

    Checks what points into the side files (token, sizes, checksums, every row's
    spans within them) and the fields every reader takes for granted; a hand-edited
    or damaged index raises CorruptStoreError instead of a KeyError somewhere later.
    """
    side_sizes = check_meta(meta, SIDE_FILES)
    articles, units = data.get("articles", {}), data.get("units", {})
    if not isinstance(articles, dict) or not isinstance(units, dict):
        raise CorruptStoreError("derived.json has the wrong shape (articles or units is not a table)")
    rows = list(articles.values())
    fields = {**_ROW_FIELDS, **_BUILT_ROW_FIELDS} if "fingerprint" in meta else _ROW_FIELDS
    for row in rows:
        if not isinstance(row, dict):
            raise CorruptStoreError("derived.json has an article row that is not a record")
        for name, kind in fields.items():
            if not isinstance(row.get(name), kind) or isinstance(row.get(name), bool):
                raise CorruptStoreError(f"derived.json has an article without a valid {name!r}")
        for span, side in ((row.get(TEXT), "text"), (row.get(BODY), "body")):
            if not (isinstance(span, list) and len(span) == 2 and all(_is_int(v) and v >= 0 for v in span)):
                raise CorruptStoreError("derived.json has an article without its place in the side files")
            if span[0] + span[1] > side_sizes[side]:
                raise CorruptStoreError("derived.json points past the end of a side file")
    if not all(isinstance(u, dict) and isinstance(u.get("key"), str) for u in units.values()):
        raise CorruptStoreError("derived.json has a unit record of the wrong shape")
    return rows, {u["key"]: u for u in units.values()}


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)
