"""REFI-QDA ``.qdpx`` export: a project other QDA tools (QualCoder, ATLAS.ti, MAXQDA) import.

Each article is a plain-text source (UTF-8, no BOM, "\\n" line ends: the title, a blank
line, then paragraphs separated by blank lines); each coding a ``PlainTextSelection``
whose code-point positions cut exactly its quote out of that text. What travels:

- codes nested by their path (``组织/派出所`` is 派出所 inside 组织), colours and memos;
- each coding's own coder (a REFI ``User``, GUID from the name: ``store.corpus.coders``)
  and its own ``created`` time, not the export's;
- sources under names that are safe file names and unique (a "/" in a title broke
  QualCoder's copy of the file), the full title and the article's metadata in the
  description, and the metadata again as REFI ``Variables`` (source attributes);
- orphaned codings (their passage is no longer in the text): in a note per article
  holding their last known quotes, each coded on its quote's own text, so nothing is
  dropped; :class:`QdpxReport` says what went where and what was left out.

With ``original_script`` the sources hold the text as it was written (traditional), and
each coding is mapped onto it (``store.corpus.script_map``). GUIDs are derived from
Beat's ids, so exporting twice gives the same project.
"""

from __future__ import annotations

import re
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol
from xml.sax.saxutils import escape, quoteattr

from store.corpus.coders import NAMESPACE, coder_guid
from store.corpus.corpus import Corpus
from store.corpus.script_map import map_span
from store.corpus.tags import SEP, Coding, Tag
from store.db.dates import stamp
from store.db.schema import Article
from store.text.wording import plural


class Row(Protocol):
    """What the writer reads of ``store.corpus.export.ExportRow`` (that module imports this one)."""

    @property
    def coding(self) -> Coding: ...

    @property
    def title(self) -> str: ...

ORPHAN_NOTE = "Beat orphaned passages"  # the start of an orphan note's description: the importer looks for it
ARTICLE_VARIABLE = "Beat article"
VARIABLES = ("Outlet", "Published", "Units", "Source path", "Reference date", ARTICLE_VARIABLE)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
NAME_MAX = 80  # characters of a source name: file systems allow 255 bytes, CJK takes 3 each
# names Windows keeps for devices, whatever the extension: QualCoder there cannot copy "CON.txt"
_DEVICES = frozenset({"con", "prn", "aux", "nul"} | {f"{k}{i}" for k in ("com", "lpt") for i in range(1, 10)})


@dataclass(slots=True)
class QdpxReport:
    """What an export wrote: selections on articles, orphans in notes, and what it left out (and why)."""

    sources: int = 0
    selections: int = 0
    orphans: int = 0  # orphaned codings written on their quote's own text, in a note
    codes: int = 0
    users: int = 0
    left_out: list[str] = field(default_factory=list)  # one line per coding not written

    @property
    def written(self) -> int:
        return self.selections + self.orphans

    def summary(self) -> str:
        parts = [f"{plural(self.selections, 'passage')} on {plural(self.sources, 'source')}"]
        if self.orphans:
            parts.append(f"{plural(self.orphans, 'orphaned passage')} on their last known quote, in notes")
        parts.append(f"{plural(self.codes, 'code')}, {plural(self.users, 'coder')}")
        text = "; ".join(parts)
        return text + (f"; left out {len(self.left_out)}: " + "; ".join(self.left_out) if self.left_out else "; nothing left out")


def guid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def source_text(title: str, paragraphs: list[str]) -> tuple[str, list[int]]:
    """The plain text of one article and where each paragraph starts in it."""
    text = title + "\n\n"
    starts = []
    for p in paragraphs:
        starts.append(len(text))
        text += p + "\n\n"
    return text.rstrip("\n") + "\n", starts


def safe_name(title: str, taken: set[str]) -> str:
    """A source name that is a safe file name (no separators, no control characters, no leading dot,
    no device name such as ``CON``) and not yet in ``taken`` (a number is added: "标题 (2)");
    ``taken`` is updated."""
    base = _UNSAFE.sub("_", title).strip(" ._") or "article"
    base = base[:NAME_MAX].rstrip(" ._")
    if base.split(".")[0].strip().casefold() in _DEVICES:
        base += "_"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base} ({n})"
    taken.add(name.casefold())
    return name


def code_tree(tags: Iterable[Tag]) -> dict[str, tuple[Tag | None, list[str]]]:
    """Path -> (its tag, or None for a level no tag names; child paths), ancestors included."""
    nodes: dict[str, tuple[Tag | None, list[str]]] = {}
    for tag in sorted(tags, key=lambda t: t.name):
        parts = tag.name.split(SEP)
        for depth in range(1, len(parts) + 1):
            path = SEP.join(parts[:depth])
            if path not in nodes:
                nodes[path] = (None, [])
                if depth > 1:
                    nodes[SEP.join(parts[: depth - 1])][1].append(path)
        nodes[tag.name] = (tag, nodes[tag.name][1])
    return nodes


def code_names(paths: Iterable[str]) -> dict[str, str]:
    """Path -> the name its REFI ``Code`` carries, unique across the project.

    QualCoder keeps code and category names unique (``unique(name)`` in its tables): of
    组织/派出所 and 单位/派出所 it makes one code, and the second one's codings point at
    nothing. So a leaf name that more than one path ends in is qualified by its parent
    path ("派出所 (单位)"; a top-level one keeps its bare name), with a number added if even
    that is taken. The GUID stays that of the path, so Beat's importer takes the
    qualifier off again (``store.corpus.qdpx_import``)."""
    ordered = sorted(paths)
    leaf = {p: p.rsplit(SEP, 1)[-1] for p in ordered}
    repeated = {n for n, k in Counter(leaf.values()).items() if k > 1}
    names = {p: leaf[p] for p in ordered if leaf[p] not in repeated}
    taken = set(names.values())
    for p in ordered:
        if p in names:
            continue
        base = f"{leaf[p]} ({p.rsplit(SEP, 1)[0]})" if SEP in p else leaf[p]
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base} ({n})"
        names[p] = name
        taken.add(name)
    return names


def _code_xml(path: str, nodes: dict[str, tuple[Tag | None, list[str]]], names: dict[str, str]) -> str:
    tag, children = nodes[path]
    colour = f" color={quoteattr(tag.colour)}" if tag and re.fullmatch(r"#[0-9A-Fa-f]{6}", tag.colour) else ""
    memo = f"<Description>{escape(tag.memo)}</Description>" if tag and tag.memo else ""
    inner = "".join(_code_xml(c, nodes, names) for c in children)
    return (
        f'<Code guid="{guid("code", path)}" name={quoteattr(names[path])} '
        f'isCodable="{"true" if tag else "false"}"{colour}>{memo}{inner}</Code>'
    )


def _selection(c: Coding, start: int, end: int, quote: str) -> str:
    user = coder_guid(c.by)
    when = f' creationDateTime="{stamp(c.created)}"' if c.created > 0 else ""
    memo = f"<Description>{escape(c.memo)}</Description>" if c.memo else ""
    return (
        f'<PlainTextSelection guid="{guid("selection", c.id)}" name={quoteattr(quote[:60])} '
        f'startPosition="{start}" endPosition="{end}" creatingUser="{user}"{when}>{memo}'
        f'<Coding guid="{guid("coding", c.id)}" creatingUser="{user}"{when}>'
        f'<CodeRef targetGUID="{guid("code", c.tag)}"/></Coding>'
        "</PlainTextSelection>"
    )


def _description(title: str, info: dict[str, str]) -> str:
    lines = [title] + [f"{k}: {v}" for k, v in info.items() if v]
    return "\n".join(lines)


def _variable_values(info: dict[str, str]) -> str:
    return "".join(
        f'<VariableValue><VariableRef targetGUID="{guid("variable", k)}"/><TextValue>{escape(v)}</TextValue></VariableValue>'
        for k, v in info.items()
        if v
    )


def _article_info(corpus: Corpus, article: Article, units: tuple[str, ...]) -> dict[str, str]:
    """What QualCoder shows as file attributes: outlet, dates, units, where the text came from."""
    reference, status = corpus.reference(article.id)
    return {
        "Outlet": article.source or "",
        "Published": article.published or "",
        "Units": "; ".join(units),
        "Source path": article.path,
        "Reference date": f"{reference} ({status})" if reference else "",
        ARTICLE_VARIABLE: article.id,
    }


def write_qdpx(
    out: Path | IO[bytes], corpus: Corpus, tag_list: Iterable[Tag], rows: Sequence[Row], original_script: bool = False,
    exporter: str = "",
) -> QdpxReport:
    """Write the project of ``rows`` (``store.corpus.export.ExportRow``) to ``out``; what was written.

    ``exporter`` (the data home's coder), when among the coders, is the first ``User`` and
    the sources' creator: QualCoder makes the first user its current coder on import.
    """
    report = QdpxReport()
    now = stamp(time.time())
    tags = list(tag_list)
    nodes = code_tree(tags + [Tag(n, "") for n in {r.coding.tag for r in rows} - {t.name for t in tags}])
    coders = sorted({r.coding.by for r in rows} or {"Beat"}, key=lambda n: (n != exporter, n))
    creator = coder_guid(coders[0])
    report.codes, report.users = sum(1 for t, _ in nodes.values() if t), len(coders)
    sources: list[str] = []
    notes: list[str] = []
    files: dict[str, str] = {}
    taken: set[str] = set()
    note_names: set[str] = set()  # QualCoder keeps journal names unique too (and fails on a repeat)
    by_article: dict[str, list[Row]] = {}
    units_of = {a.id: a.units for a in corpus.articles()} if rows else {}  # the article's units, not one passage's
    for r in rows:
        by_article.setdefault(r.coding.article, []).append(r)
    for aid, group in by_article.items():
        try:
            article = corpus.article(aid)
        except KeyError:
            article = None
        placed, orphans = [], []
        for r in group:
            c = r.coding
            paras = article.paragraphs if article else ()
            if not c.orphan and c.paragraph < len(paras) and paras[c.paragraph].text[c.start : c.end] == c.quote:
                placed.append(c)
            else:
                orphans.append(c)
        title = article.title if article else group[0].title
        name = safe_name(title, taken)
        sguid = guid("source", aid)
        if article is not None:
            texts = [p.text for p in article.paragraphs]
            shown = [(p.original or p.text) if original_script else p.text for p in article.paragraphs]
            head = (article.original_title or article.title) if original_script else article.title
            text, starts = source_text(head, shown)
            files[f"sources/{sguid}.txt"] = text
            info = _article_info(corpus, article, units_of.get(aid, ()))
            selections = []
            for c in placed:
                s, e = map_span(texts[c.paragraph], shown[c.paragraph], c.start, c.end)
                selections.append(_selection(c, starts[c.paragraph] + s, starts[c.paragraph] + e, shown[c.paragraph][s:e]))
            sources.append(
                f'<TextSource guid="{sguid}" name={quoteattr(name)} plainTextPath="internal://{sguid}.txt" '
                f'creatingUser="{creator}" creationDateTime="{now}">'
                f"<Description>{escape(_description(article.title, info))}</Description>"
                + "".join(selections) + _variable_values(info) + "</TextSource>"
            )
            report.sources += 1
            report.selections += len(placed)
        if orphans:
            notes.append(_orphan_note(aid, safe_name("orphans of " + name, note_names), title, orphans, files, creator, now))
            report.orphans += len(orphans)
    return _finish(out, report, nodes, coders, creator, now, sources, notes, files)


def _orphan_note(aid: str, name: str, title: str, orphans: list[Coding], files: dict[str, str], creator: str, now: str) -> str:
    """A note holding the last known quotes of an article's orphaned codings, one per paragraph, each coded.

    No ``NoteRef`` from the article's source points at it: QualCoder takes a note so
    referenced for an annotation on that source (at the note's own positions, empty) and
    drops its text; unreferenced, the note arrives as a journal holding the quotes, each
    with a line naming its tag, coder, date and memo (a journal keeps no codings)."""
    nguid = guid("note", aid)
    about = f"{ORPHAN_NOTE} of article {aid} (source {guid('source', aid)}): {title}"
    # each quote is followed by what it was coded with: QualCoder reads the note's text only (as a journal)
    lines = [line for c in orphans for line in (c.quote, _orphan_label(c))]
    text, starts = source_text(f"Orphaned passages of {title}", lines)
    files[f"sources/{nguid}.txt"] = text
    selections = "".join(
        _selection(c, starts[2 * i], starts[2 * i] + len(c.quote), c.quote) for i, c in enumerate(orphans)
    )
    return (
        f'<Note guid="{nguid}" name={quoteattr(name)} plainTextPath="internal://{nguid}.txt" '
        f'creatingUser="{creator}" creationDateTime="{now}">'
        f"<Description>{escape(about)}</Description>"
        f"{selections}</Note>"
    )


def _orphan_label(c: Coding) -> str:
    """The line under an orphan's quote in its note: tag, coder, date and memo, on one line."""
    when = f"; tagged {stamp(c.created)[:10]}" if c.created > 0 else ""
    memo = f"; memo: {' '.join(c.memo.split())}" if c.memo else ""
    return f"(tag: {c.tag}; coder: {c.by}{when}{memo})"


def _finish(
    out: Path | IO[bytes], report: QdpxReport, nodes: dict[str, tuple[Tag | None, list[str]]], coders: list[str],
    creator: str, now: str, sources: list[str], notes: list[str], files: dict[str, str],
) -> QdpxReport:
    users = "".join(f'<User guid="{coder_guid(c)}" name={quoteattr(c)}/>' for c in coders)
    xml = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Beat export" origin="Beat" creatingUserGUID="{creator}" '
        f'creationDateTime="{now}">',
        f"<Users>{users}</Users>",
    ]
    roots = [p for p in nodes if SEP not in p]
    if roots:
        names = code_names(nodes)
        xml.append("<CodeBook><Codes>" + "".join(_code_xml(p, nodes, names) for p in roots) + "</Codes></CodeBook>")
    if sources:
        xml.append(
            "<Variables>"
            + "".join(f'<Variable guid="{guid("variable", v)}" name={quoteattr(v)} typeOfVariable="Text"/>' for v in VARIABLES)
            + "</Variables>"
        )
        xml.append("<Sources>" + "".join(sources) + "</Sources>")
    if notes:
        xml.append("<Notes>" + "".join(notes) + "</Notes>")
    xml.append("</Project>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", "\n".join(xml))
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    return report
