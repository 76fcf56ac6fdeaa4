"""REFI-QDA ``.qdpx`` import, first half: read and check the whole project, write nothing.

:func:`read_project` turns an archive into plain records (codes with their paths,
coders, text sources with their selections, Beat's orphan notes) or raises one
:class:`~store.corpus.qdpx_zip.QdpxError` naming the part at fault. The REFI schema
cannot ship with Beat, so its rules are checked in code (``store.corpus.qdpx_schema``:
children, their order and number, attributes, typed values); here, on top of them, what
the schema cannot say: positions inside their source's text, references that resolve,
real dates, no GUID used twice, no DOCTYPE. (Tests check the same files against the XSD.)

Parts Beat has no place for (pictures, PDFs, audio, video, cases, sets, graphs,
links, codings of a whole source) are skipped and counted. The second half, placing
sources and selections in the corpus, is ``store.teamwork``.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from store.corpus.qdpx_export import ORPHAN_NOTE, guid
from store.corpus.qdpx_schema import NS, check_tree
from store.corpus.qdpx_schema import where as _where
from store.corpus.qdpx_zip import Archive, QdpxError, member_problem
from store.corpus.tags import DEFAULT_CODER, LEVEL_MAX, MAX_LEVELS, NAME_SLASH, SEP
from store.text.sanitize import sanitize

SKIPPED = {"PictureSource": "pictures", "PDFSource": "PDFs", "AudioSource": "audio", "VideoSource": "video",
           "Cases": "case lists", "Sets": "sets", "Graphs": "graphs", "Links": "links"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Code:
    path: str  # 组织/派出所: the tag's name
    colour: str
    memo: str
    codable: bool


@dataclass(frozen=True, slots=True)
class Selection:
    guid: str
    start: int
    end: int
    quote: str
    codes: tuple[str, ...]  # code paths
    coder: str
    created: float  # seconds since the epoch; 0.0 when the project gave none
    memo: str


@dataclass(slots=True)
class Source:
    guid: str
    name: str
    text: str
    selections: list[Selection]
    article: str | None = None  # a Beat export names its article ("Beat article" variable)


@dataclass(slots=True)
class OrphanNote:
    """A Beat export's note of orphaned codings: their last quotes, for the article it names."""

    article: str
    source: str | None  # the source GUID it belongs to
    selections: list[Selection]


@dataclass(slots=True)
class Project:
    codes: list[Code]
    coders: list[str]
    sources: list[Source]
    orphans: list[OrphanNote]
    skipped: Counter[str] = field(default_factory=Counter)  # kind -> how many were left out


def read_project(path: Path) -> Project:
    """The checked project in the .qdpx at ``path``; :class:`QdpxError` for the first problem found."""
    archive = Archive(path)
    try:
        raw = archive.read("project.qde")
        return _Reader(archive, _parse(raw)).project()
    finally:
        archive.close()


class _Declares(Exception):
    """A DOCTYPE seen by the pre-pass: entities could expand to gigabytes or read local files."""


def _refuse_doctype(*_: object) -> None:
    raise _Declares


def _parse(raw: bytes) -> ET.Element:
    # Expat itself looks for the DOCTYPE, in whatever encoding the file declares: a search of
    # the bytes for "<!DOCTYPE" missed one written in UTF-16.
    pre = expat.ParserCreate()
    pre.StartDoctypeDeclHandler = _refuse_doctype
    pre.EntityDeclHandler = _refuse_doctype
    try:
        pre.Parse(raw, True)
        root = ET.fromstring(raw)
    except _Declares:
        raise QdpxError("project.qde", "declares a DOCTYPE or entities, which a REFI project never needs") from None
    except (ET.ParseError, expat.ExpatError) as exc:
        raise QdpxError("project.qde", f"is not well-formed XML ({exc})") from exc
    check_tree(root)
    _check_guids(root)
    return root


def _check_guids(root: ET.Element) -> None:
    """No GUID used twice (the schema declares no key, so the XSD lets this through), and real dates."""
    seen: dict[str, str] = {}
    for el in root.iter():
        ident = el.get("guid")
        if ident is not None:
            key = ident.strip("{}").lower()
            if key in seen:
                raise QdpxError(_where(el), f"GUID {ident} is used twice (also by {seen[key]})")
            seen[key] = _where(el)
        for attr in ("creationDateTime", "modifiedDateTime"):
            if el.get(attr) is not None:
                _seconds(el.get(attr), el)


def _seconds(value: str | None, el: ET.Element) -> float:
    if not value:
        return 0.0
    try:
        when = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise QdpxError(_where(el), f"creationDateTime {value!r} is not a date and time") from exc
    return (when if when.tzinfo else when.replace(tzinfo=_dt.UTC)).timestamp()


def _text(el: ET.Element | None) -> str:
    return sanitize(el.text or "") if el is not None else ""


def _beat_leaf(name: str, parent: str, ident: str) -> str:
    """The level a code names. Beat's export qualifies a leaf name that several paths end in
    ("派出所 (单位)": ``qdpx_export.code_names``) but keeps the GUID of the bare path, so a
    qualifier whose removal gives back that GUID is taken off; any other name is kept whole."""
    want, cut = ident.strip("{}").lower(), name
    while " (" in cut:
        cut = cut[: cut.rfind(" (")]
        if guid("code", f"{parent}{SEP}{cut}" if parent else cut) == want:
            return cut
    return name


class _Reader:
    def __init__(self, archive: Archive, root: ET.Element) -> None:
        self.archive, self.root = archive, root
        self.skipped: Counter[str] = Counter()
        self.users = {
            u.get("guid", "").strip("{}").lower(): " ".join(sanitize(u.get("name") or "").split())[:60]
            for u in root.iter(NS + "User")
        }
        self.codes: dict[str, Code] = {}
        self.notes = {n.get("guid", "").strip("{}").lower(): n for n in root.iter(NS + "Note")}
        self.variables = {v.get("guid", "").strip("{}").lower(): v.get("name", "") for v in root.iter(NS + "Variable")}

    def project(self) -> Project:
        for books in self.root.findall(NS + "CodeBook"):
            for codes in books.findall(NS + "Codes"):
                for code in codes.findall(NS + "Code"):
                    self._code(code, "")
        for kind, label in SKIPPED.items():
            found = sum(1 for _ in self.root.iter(NS + kind))
            if found:
                self.skipped[label] += found
        sources = [s for el in self.root.iter(NS + "TextSource") if (s := self._source(el)) is not None]
        orphans, other_notes = [], 0
        for note in self.notes.values():
            about = _text(note.find(NS + "Description"))
            if about.startswith(ORPHAN_NOTE):
                named = re.search(r"of article (\S+) \(source ([^)]+)\)", about)
                text = self._content(note)
                if named and text is not None:
                    selections = self._selections(note, text)
                    orphans.append(OrphanNote(named.group(1), named.group(2).lower(), selections))
                    continue
            other_notes += 1
        if other_notes:
            self.skipped["notes (memos not on a passage)"] += other_notes
        coders = sorted({s.coder for src in sources for s in src.selections} | {s.coder for n in orphans for s in n.selections})
        return Project(list(self.codes.values()), coders, sources, orphans, self.skipped)

    def _code(self, top: ET.Element, parent: str) -> None:
        """A code and the codes inside it, depth first without recursion (a crafted project nests thousands)."""
        stack = [(top, parent, 1)]
        while stack:
            el, parent, depth = stack.pop()
            if depth > MAX_LEVELS:
                raise QdpxError(_where(el), f"nests codes more than {MAX_LEVELS} levels deep, and a tag has at most {MAX_LEVELS}")
            # a "/" in another tool's code name is not a level here; a level holds at most LEVEL_MAX characters
            raw = _beat_leaf(el.get("name", ""), parent, el.get("guid", ""))
            name = " ".join(sanitize(raw).replace(SEP, NAME_SLASH).split())[:LEVEL_MAX] or "unnamed"
            path = f"{parent}{SEP}{name}" if parent else name
            colour = el.get("color") or ""
            if len(colour) == 4:  # #abc → #aabbcc
                colour = "#" + "".join(ch * 2 for ch in colour[1:])
            codable = el.get("isCodable") in ("true", "1")
            memo = _text(el.find(NS + "Description"))
            self.codes[el.get("guid", "").strip("{}").lower()] = Code(path, colour.lower(), memo, codable)
            stack += [(child, path, depth + 1) for child in reversed(el.findall(NS + "Code"))]

    def _content(self, el: ET.Element) -> str | None:
        """A text source's (or note's) plain text: inline, or a file inside the archive; None if elsewhere."""
        inline = el.find(NS + "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        where = el.get("plainTextPath")
        if not where or not where.startswith("internal://"):
            self.skipped["text sources whose text is outside the archive" if where else "text sources without plain text"] += 1
            return None
        member = "sources/" + where.removeprefix("internal://")
        problem = member_problem(where.removeprefix("internal://"))
        if problem:
            raise QdpxError(_where(el), f"plainTextPath {where!r} {problem}")
        data = self.archive.read(member)
        try:
            return data.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            raise QdpxError(member, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc

    def _source(self, el: ET.Element) -> Source | None:
        text = self._content(el)
        if text is None:
            return None
        if el.find(NS + "Coding") is not None:
            self.skipped["codings of a whole source"] += len(el.findall(NS + "Coding"))
        article = None
        for value in el.findall(NS + "VariableValue"):
            ref = value.find(NS + "VariableRef")
            if ref is not None and self.variables.get(ref.get("targetGUID", "").strip("{}").lower()) == "Beat article":
                article = _text(value.find(NS + "TextValue")) or None
        guid = el.get("guid", "").strip("{}").lower()
        return Source(guid, sanitize(el.get("name") or "source"), text, self._selections(el, text), article)

    def _selections(self, el: ET.Element, text: str) -> list[Selection]:
        out = []
        for sel in el.findall(NS + "PlainTextSelection"):
            start, end = int(sel.get("startPosition", "0")), int(sel.get("endPosition", "0"))
            if not 0 <= start < end <= len(text):
                where = "is empty or ends before it starts" if end <= start else "lies outside its source's text"
                raise QdpxError(_where(sel), f"selection {start}-{end} {where} ({len(text)} characters) in {_where(el)}")
            codes, coder = [], ""
            for coding in sel.findall(NS + "Coding"):
                ref = coding.find(NS + "CodeRef")
                target = (ref.get("targetGUID", "") if ref is not None else "").strip("{}").lower()
                if target not in self.codes:
                    raise QdpxError(_where(coding), f"refers to code {target or '(none)'}, which the code book does not hold")
                codes.append(self.codes[target].path)
                coder = coder or self._user(coding.get("creatingUser"))
            memo = "\n".join(
                t for t in [_text(sel.find(NS + "Description"))] + [self._note_text(r) for r in sel.iter(NS + "NoteRef")] if t
            )
            out.append(
                Selection(
                    sel.get("guid", "").strip("{}").lower(), start, end, text[start:end], tuple(dict.fromkeys(codes)),
                    coder or self._user(sel.get("creatingUser")) or DEFAULT_CODER,
                    _seconds(sel.get("creationDateTime"), sel), memo,
                )
            )
        return out

    def _user(self, ident: str | None) -> str:
        if not ident:
            return ""
        key = ident.strip("{}").lower()
        return self.users.get(key) or f"user {key[:8]}"

    def _note_text(self, ref: ET.Element) -> str:
        note = self.notes.get(ref.get("targetGUID", "").strip("{}").lower())
        if note is None:
            return ""
        text = self._content(note)
        return sanitize(text.strip()) if text else _text(note.find(NS + "Description"))
