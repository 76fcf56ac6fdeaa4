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
import time
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from store.corpus.corpus import ArticleSummary, Corpus
from store.corpus.query import PassageUnits
from store.corpus.tags import Coding, Tag, TagBook

FORMATS = ("csv", "json", "md", "qdpx")
LABELS = {"csv": "CSV", "json": "JSON", "md": "Markdown", "qdpx": "QDPX"}  # as menus name them
_NS = uuid.UUID("8d3b2f4e-5c1a-4e9b-9a77-2f0c6f1b7e10")
FIELDS = ["tag", "memo", "article", "title", "source", "published", "units", "quote", "paragraph", "start", "end", "orphan"]


@dataclass(frozen=True, slots=True)
class ExportRow:
    coding: Coding
    title: str
    source: str | None
    published: str | None
    units: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        c = self.coding
        return {
            "tag": c.tag, "memo": c.memo, "article": c.article, "title": self.title, "source": self.source,
            "published": self.published, "units": list(self.units), "quote": c.quote, "paragraph": c.paragraph,
            "start": c.start, "end": c.end, "orphan": c.orphan,
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
            rows.append(ExportRow(c, "(article no longer in the corpus)", None, None, ()))
            continue
        rows.append(ExportRow(c, summary.title, summary.source, summary.published, units(c)))
    return rows


def write_export(fmt: str, path: Path, corpus: Corpus, book: TagBook, tag: str | None = None, unit: str | None = None) -> int:
    """Write the export of ``book`` (one tag, one unit key if given); returns the passages written."""
    keys = frozenset({corpus.canonical_unit(unit)}) if unit else frozenset()
    rows = export_rows(corpus, book.codings(tag=tag), keys)
    write_rows(fmt, path, corpus, book.tags(), rows)
    return len(rows)


def write_rows(fmt: str, path: Path, corpus: Corpus, tags: Iterable[Tag], rows: list[ExportRow]) -> None:
    """Write ``rows`` in ``fmt``; ``tags`` give QDPX its code colours and memos (read by the caller)."""
    if fmt == "csv":
        path.write_bytes(to_csv(rows).encode("utf-8-sig"))
    elif fmt == "json":
        path.write_text(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "md":
        path.write_text(to_markdown(rows), encoding="utf-8")
    elif fmt == "qdpx":
        write_qdpx(path, corpus, tags, rows)
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def to_csv(rows: list[ExportRow]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        d = r.to_dict()
        d["units"] = "; ".join(d["units"])
        writer.writerow(d)
    return out.getvalue()


def to_markdown(rows: list[ExportRow]) -> str:
    lines = ["# Tagged passages", "", f"{len(rows)} passages, exported {time.strftime('%Y-%m-%d %H:%M')}.", ""]
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


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(_NS, "/".join(parts)))


def source_text(title: str, paragraphs: list[str]) -> tuple[str, list[int]]:
    """The plain text of one article and where each paragraph starts in it."""
    text = title + "\n\n"
    starts = []
    for p in paragraphs:
        starts.append(len(text))
        text += p + "\n\n"
    return text.rstrip("\n") + "\n", starts


def write_qdpx(path: Path, corpus: Corpus, tag_list: Iterable[Tag], rows: list[ExportRow]) -> None:
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    user = _guid("user", "beat")
    tags = {t.name: t for t in tag_list}
    used = sorted({r.coding.tag for r in rows})
    xml = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Beat export" origin="Beat" creatingUserGUID="{user}" '
        f'creationDateTime="{now}">',
        f'<Users><User guid="{user}" name="Beat"/></Users>',
        "<CodeBook><Codes>",
    ]
    if not used:
        xml[-1] = ""
    for name in used:
        tag = tags.get(name)
        colour = f" color={quoteattr(tag.colour)}" if tag and tag.colour else ""
        memo = f"<Description>{escape(tag.memo)}</Description>" if tag and tag.memo else ""
        xml.append(f'<Code guid="{_guid("code", name)}" name={quoteattr(name)} isCodable="true"{colour}>{memo}</Code>')
    if used:
        xml.append("</Codes></CodeBook>")
    files: dict[str, str] = {}
    by_article: dict[str, list[ExportRow]] = {}
    for r in rows:
        by_article.setdefault(r.coding.article, []).append(r)
    if by_article:
        xml.append("<Sources>")
    for aid, group in by_article.items():
        try:
            article = corpus.article(aid)
        except KeyError:
            continue
        paragraphs = [p.text for p in article.paragraphs]
        text, starts = source_text(article.title, paragraphs)
        sguid = _guid("source", aid)
        files[f"sources/{sguid}.txt"] = text
        xml.append(
            f'<TextSource guid="{sguid}" name={quoteattr(article.title)} plainTextPath="internal://{sguid}.txt" '
            f'creatingUser="{user}" creationDateTime="{now}">'
        )
        for r in group:
            c = r.coding
            if c.orphan or c.paragraph >= len(paragraphs) or paragraphs[c.paragraph][c.start : c.end] != c.quote:
                continue  # an orphan has no place in the text to point at
            start = starts[c.paragraph] + c.start
            memo = f"<Description>{escape(c.memo)}</Description>" if c.memo else ""
            xml.append(
                f'<PlainTextSelection guid="{_guid("selection", c.id)}" name={quoteattr(c.quote[:60])} '
                f'startPosition="{start}" endPosition="{start + len(c.quote)}" creatingUser="{user}" '
                f'creationDateTime="{now}">{memo}'
                f'<Coding guid="{_guid("coding", c.id)}" creatingUser="{user}"><CodeRef targetGUID="{_guid("code", c.tag)}"/></Coding>'
                "</PlainTextSelection>"
            )
        xml.append("</TextSource>")
    if by_article:
        xml.append("</Sources>")
    xml.append("</Project>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", "\n".join(x for x in xml if x))
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
