"""Export tagged passages: CSV (Excel-friendly), JSON, a Markdown report, REFI-QDA .qdpx.

The QDPX project carries each article as a plain-text source (UTF-8, no BOM, "\\n"
line ends: the title, a blank line, then paragraphs separated by blank lines) and
each coding as a ``PlainTextSelection`` whose code-point positions cut exactly the
quote out of that text. GUIDs are derived from Beat's ids, so exporting twice gives
the same project.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from store.corpus.corpus import ArticleSummary, Corpus
from store.corpus.query import PassageUnits
from store.corpus.tags import SEP, Coding, Tag, TagBook
from store.db.dates import stamp
from store.db.metadata import byline_text
from store.text.wording import plural

if TYPE_CHECKING:
    from store.corpus.qdpx_export import QdpxReport


class ExportTargetError(ValueError):
    """The export target is not a file Beat can replace (a directory, FIFO or device)."""


FORMATS = ("csv", "json", "md", "qdpx")
LABELS = {"csv": "CSV", "json": "JSON", "md": "Markdown", "qdpx": "QDPX"}  # as menus name them
_GONE = "(article no longer in the corpus)"
FIELDS = [
    "tag", "parent", "memo", "article", "title", "source", "published", "bylines", "units", "quote", "paragraph", "start", "end",
    "orphan",
    "coder", "created",  # issue 19: who tagged it and when (UTC); the tag column is the code's path (a/b/c)
]  # "parent": the path above the tag (a/b for a/b/c, empty at the top), so a spreadsheet can group by level


@dataclass(frozen=True, slots=True)
class ExportRow:
    coding: Coding
    title: str
    source: str | None
    published: str | None
    units: tuple[str, ...]
    bylines: str = ""  # "记者 甲乙 · 通讯员 丙丁", from the article's metadata

    def to_dict(self) -> dict[str, Any]:
        c = self.coding
        return {
            "tag": c.tag,
            "parent": c.tag.rsplit(SEP, 1)[0] if SEP in c.tag else "",
            "memo": c.memo,
            "article": c.article,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "bylines": self.bylines,
            "units": list(self.units),
            "quote": c.quote,
            "paragraph": c.paragraph + 1,  # from 1, as the reader and the Markdown report show it
            "index": c.paragraph,  # from 0, as in 'beat show --json' (JSON only; CSV is for people)
            "start": c.start,
            "end": c.end,
            "orphan": c.orphan,
            "coder": c.by,
            "created": stamp(c.created) if c.created > 0 else "",
        }


def export_rows(
    corpus: Corpus,
    codings: Iterable[Coding],
    keys: frozenset[str] = frozenset(),
    summaries: Mapping[str, ArticleSummary] | None = None,
) -> list[ExportRow]:
    """Tagged passages with their article's metadata, only those counting under ``keys`` if any.

    ``units`` and the filter follow :class:`store.corpus.query.PassageUnits`, the same
    rule the tag browser uses (orphans count under their article's units).
    """
    units = PassageUnits(corpus, summaries)
    rows = []
    for c in codings:
        if not units.matches(c, keys):
            continue
        try:
            summary = corpus.article(c.article)
        except KeyError:
            rows.append(ExportRow(c, _GONE, None, None, ()))
            continue
        credits = byline_text(corpus.metadata(c.article))
        rows.append(ExportRow(c, summary.title, summary.source, summary.published, units(c), credits))
    return rows


def write_export(fmt: str, path: Path, corpus: Corpus, book: TagBook, tag: str | None = None, unit: str | None = None) -> int:
    """Write the export of ``book`` (one tag, one unit key if given); returns the passages written."""
    keys = frozenset({corpus.canonical_unit(unit)}) if unit else frozenset()
    rows = export_rows(corpus, book.codings(tag=tag), keys)
    report = write_rows(fmt, path, corpus, book.tags(), rows)
    return report.written if report is not None else len(rows)


def write_rows(
    fmt: str, path: Path, corpus: Corpus, tags: Iterable[Tag], rows: list[ExportRow], original_script: bool = False,
    exporter: str = "",
) -> QdpxReport | None:
    """Write ``rows`` in ``fmt``; ``tags`` give QDPX its code colours and memos (read by the caller).

    The target is replaced whole or not at all (see :func:`replacing`). QDPX returns what
    it wrote where (:class:`QdpxReport`); the other formats write every row. ``exporter``:
    the data home's coder, QDPX's first user.
    """
    report = None
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    with replacing(path) as out:
        if fmt == "csv":
            out.write(to_csv(rows).encode("utf-8-sig"))
        elif fmt == "json":
            out.write(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1).encode("utf-8"))
        elif fmt == "md":
            out.write(to_markdown(rows).encode("utf-8"))
        else:
            from store.corpus.qdpx_export import write_qdpx  # zip and XML: loaded only to write one

            report = write_qdpx(out, corpus, tags, rows, original_script, exporter)
    return report


def export_target(path: Path) -> Path:
    """The regular file an export to ``path`` replaces: ``path``, or the file a link at it points to.

    Anything else is refused before a byte is written: opening a FIFO for writing blocks
    until a reader comes (the export hung), a device swallows or rejects the data
    (/dev/full), and a directory cannot be replaced by a file.
    """
    try:
        st = os.stat(path)  # follows a link: exporting to a link writes the file it names
    except FileNotFoundError:
        return path
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
        raise ExportTargetError(f"{path} is {kind}, not a regular file: give a file name to export to")
    return path.resolve() if path.is_symlink() else path


@contextmanager
def replacing(path: Path) -> Iterator[IO[bytes]]:
    """A file to write the export into; on success it replaces ``path`` (temp file beside it,
    fsync, rename), on any failure ``path`` is left as it was and the temp file removed.

    Errors carry ``path`` as their file name, so messages name the export, not the data home.
    An existing target keeps its permission bits; a new one gets the usual 0666 minus umask.
    """
    target = export_target(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "w+b") as out:
            yield out
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
    _fsync_dir(target.parent)


def _umask() -> int:
    """The process umask, read without setting it (os.umask would change it for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable; some file systems cannot fsync a directory, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def to_csv(rows: list[ExportRow]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        d = r.to_dict()
        d["units"] = "; ".join(d["units"])
        writer.writerow(d)
    return out.getvalue()


def to_markdown(rows: list[ExportRow]) -> str:
    lines = ["# Tagged passages", "", f"{plural(len(rows), 'passage')}, exported {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    for tag in sorted({r.coding.tag for r in rows}):
        group = [r for r in rows if r.coding.tag == tag]
        lines += [f"## {_md(tag)} ({len(group)})", ""]
        for r in group:
            c = r.coding
            lines.append("> " + _md(c.quote))
            where = " · ".join(x for x in (r.title, r.source, r.published or "date unknown") if x)
            lines.append(f"— {_md(where)}, ¶{c.paragraph + 1}" + (f" · {_md(', '.join(r.units))}" if r.units else ""))
            if c.memo:
                lines.append(f"\n*Memo:* {_md(c.memo)}")
            if c.orphan:
                lines.append("\n*(orphan: this passage was not found in the current text)*")
            lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", " ").replace("*", "\\*").replace("_", "\\_").replace("#", "\\#")
