"""What QualCoder's REFI-QDA project import needs of a .qdpx, checked on a file (issue 19).

QualCoder is not on the package index here, so its import (``src/qualcoder/refi.py``,
``RefiImport.import_project`` and the methods it calls, read for this in QualCoder's own
repository) was read and each thing it relies on is written down below as a rule,
checked independently of both QualCoder's code and Beat's writer. The rules, by what
breaks when one is not met:

- Q1 archive: a zip, a ``*.qde`` at its top, the text files in ``sources/`` (or
  ``Sources/``). QualCoder extracts the whole zip and reads from that folder.
- Q2 project: every element in ``urn:QDA-XML:project:1.0`` (the version is read from the
  first child); ``Project/@origin`` present (``"ATLAS" in origin`` is evaluated for every
  text source: no origin is a TypeError) and without "ATLAS" (that switches its line-end
  handling).
- Q3 users: a ``User`` with guid and name for every ``creatingUser``; the match is plain
  string equality (case and braces count), anything else is owned by "default". The
  first ``User`` becomes QualCoder's current coder after the import.
- Q4 code book: ``CodeBook``'s first child is ``Codes``; ``isCodable="false"`` codes
  become categories, all others codes; code names are unique (its ``code_name.name`` is
  unique: a repeat is folded into the first, and codings of the second point at nothing),
  and so are category names.
- Q5 codings: a ``Coding``'s first child is its ``CodeRef`` (``list(coding)[0]``), whose
  target is a code's GUID, string-equal.
- Q6 variables: each ``Variable`` has a name unique in the project (a repeat raises a
  modal warning) and a ``typeOfVariable``; a source's ``VariableValue`` refers to one
  (string-equal GUID) and holds a ``TextValue``…; the value is stripped on import; one
  value per variable and source (its ``attribute`` table is unique on them, and the
  insert is not guarded: a repeat stops the import).
- Q7 text sources: no ``path`` attribute (an internal ``path`` would be read instead of
  the text), ``plainTextPath="internal://FILE.EXT"`` naming a file in the sources folder,
  with an extension (``split('.')[-1]`` names the copy); the ``name`` becomes the file
  name ``documents/NAME.txt``, so it must be a safe, non-empty file name (no ``/``, no
  ``\\ : * ? " < > |`` or control characters, no trailing dot or space, not a device
  name such as CON, at most 255 bytes with ".txt"), and unique (a repeat is renamed
  ``1_NAME``), case-insensitively on the file systems that fold case;
  ``creationDateTime`` ``YYYY-MM-DDTHH:MM:SS[.f]Z`` ("T" and "Z" are cut to store it).
- Q8 text files: UTF-8 without BOM (read as ``utf-8``, a BOM would be character 0),
  no "\\r" (a CRLF first line makes QualCoder insert a space after every "\\n"; Python's
  universal newlines turn a lone "\\r" into "\\n").
- Q9 selections: ``startPosition``/``endPosition`` are code-point offsets into the text as
  Python reads it (``fulltext[pos0:pos1]``), 0 <= start < end <= length; each holds a
  ``Coding`` (without one it becomes an annotation); ``creatingUser`` and
  ``creationDateTime`` are read from the ``PlainTextSelection`` itself, not its
  ``Coding``; (code, source, start, end, user) unique (its ``code_text`` table refuses a
  repeat).
- Q10 notes: each has ``creationDateTime`` or ``modifiedDateTime`` (None.replace fails
  otherwise); a note no ``NoteRef`` points at, with a ``plainTextPath`` and a non-empty
  name, is a journal: names unique (a repeat crashes its renaming), the file present.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

NS = "{urn:QDA-XML:project:1.0}"
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_BAD_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_DEVICES = {"con", "prn", "aux", "nul"} | {f"{k}{i}" for k in ("com", "lpt") for i in range(1, 10)}


@dataclass(frozen=True, slots=True)
class Seen:
    """One selection as QualCoder would store it: code name, source name, positions, text, owner, date."""

    code: str
    source: str
    start: int
    end: int
    text: str
    owner: str
    date: str
    memo: str


@dataclass(slots=True)
class Reading:
    problems: list[str] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)  # guid -> name, in document order
    codes: dict[str, str] = field(default_factory=dict)  # guid -> name (codable)
    categories: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # name -> text
    memos: dict[str, str] = field(default_factory=dict)  # source name -> its memo (the Description)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)  # source name -> variable -> value
    selections: list[Seen] = field(default_factory=list)
    journals: dict[str, str] = field(default_factory=dict)  # name -> text

    def bad(self, rule: str, what: str) -> None:
        self.problems.append(f"{rule}: {what}")


def _date(value: str | None) -> str:
    return (value or "").replace("T", " ").replace("Z", "")


def read_like_qualcoder(path: Path) -> Reading:
    """The project at ``path`` as QualCoder's import would take it, with every rule it breaks."""
    r = Reading()
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        r.bad("Q1", "not a zip")
        return r
    with z:
        names = z.namelist()
        qde = [n for n in names if "/" not in n and n.endswith(".qde")]
        if len(qde) != 1:
            r.bad("Q1", f"top-level .qde files: {qde}")
            return r
        folders = {n.split("/", 1)[0] for n in names if "/" in n}
        if not folders <= {"sources", "Sources"} or len(folders) > 1:
            r.bad("Q1", f"files outside one sources folder: {sorted(folders)}")
        files = {n.split("/", 1)[1]: z.read(n) for n in names if "/" in n}
        root = ET.fromstring(z.read(qde[0]))
    _project(r, root)
    texts = {name: _text_file(r, name, raw) for name, raw in files.items()}
    _users(r, root)
    _codebook(r, root)
    variables = _variables(r, root)
    refs = {el.get("targetGUID") for src in root.iter(NS + "TextSource") for el in src.findall(NS + "NoteRef")}
    _sources(r, root, texts, variables)
    _notes(r, root, texts, refs)
    return r


def _project(r: Reading, root: ET.Element) -> None:
    for el in root.iter():
        if not el.tag.startswith(NS):
            r.bad("Q2", f"element {el.tag} outside urn:QDA-XML:project:1.0")
            break
    origin = root.get("origin")
    if origin is None or "ATLAS" in origin.upper():
        r.bad("Q2", f"Project origin {origin!r}")


def _text_file(r: Reading, name: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        r.bad("Q8", f"{name} starts with a BOM")
    if b"\r" in raw:
        r.bad("Q8", f"{name} holds a carriage return")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        r.bad("Q8", f"{name} is not UTF-8")
        return raw.decode("utf-8", "replace")


def _owner(r: Reading, el: ET.Element, what: str) -> str:
    guid = el.get("creatingUser") or el.get("modifyingUser")
    if guid not in r.users:
        r.bad("Q3", f"{what}: creatingUser {guid!r} is no User's guid")
        return "default"
    return r.users[guid]


def _users(r: Reading, root: ET.Element) -> None:
    for user in root.iter(NS + "User"):
        if not user.get("guid") or not user.get("name"):
            r.bad("Q3", f"a User without guid or name: {user.attrib}")
        r.users[user.get("guid", "")] = user.get("name", "")


def _codebook(r: Reading, root: ET.Element) -> None:
    book = root.find(NS + "CodeBook")
    if book is None:
        return
    if not len(book) or book[0].tag != NS + "Codes":
        r.bad("Q4", "CodeBook's first child is not Codes")
        return
    stack = list(book[0])
    while stack:
        code = stack.pop()
        name = code.get("name") or ""
        if code.get("isCodable") == "false":
            r.categories.append(name)
        else:
            if name in r.codes.values():
                r.bad("Q4", f"code name {name!r} twice")
            r.codes[code.get("guid", "")] = name
        colour = code.get("color")
        if colour is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            r.bad("Q4", f"code {name!r} colour {colour!r}")
        stack += code.findall(NS + "Code")
    for name, n in Counter(r.categories).items():
        if n > 1:
            r.bad("Q4", f"category name {name!r} {n} times")


def _variables(r: Reading, root: ET.Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in root.iter(NS + "Variable"):
        name = v.get("name") or ""
        if name in out.values():
            r.bad("Q6", f"variable {name!r} twice")
        if v.get("typeOfVariable") not in ("Text", "Boolean", "Integer", "Float", "Date", "DateTime"):
            r.bad("Q6", f"variable {name!r} type {v.get('typeOfVariable')!r}")
        out[v.get("guid", "")] = name
    return out


def _file_name_problem(name: str) -> str | None:
    if not name or _BAD_NAME.search(name):
        return "is empty or holds a character a file name cannot"
    if name != name.rstrip(". "):
        return "ends in a dot or space"
    if name.split(".")[0].strip().casefold() in _DEVICES:
        return "is a device name"
    if len((name + ".txt").encode("utf-8")) > 255:
        return "is longer than a file name may be"
    return None


def _sources(r: Reading, root: ET.Element, texts: dict[str, str], variables: dict[str, str]) -> None:
    folded: set[str] = set()
    for src in root.iter(NS + "TextSource"):
        name = src.get("name") or ""
        problem = _file_name_problem(name)
        if problem:
            r.bad("Q7", f"source name {name!r} {problem}")
        key = unicodedata.normalize("NFC", name).casefold()
        if key in folded:
            r.bad("Q7", f"source name {name!r} repeats another (it would become 1_{name})")
        folded.add(key)
        if src.get("path") is not None:
            r.bad("Q7", f"source {name!r} has a path attribute")
        where = src.get("plainTextPath") or ""
        file = where.removeprefix("internal://")
        if not where.startswith("internal://") or file not in texts or "." not in file:
            r.bad("Q7", f"source {name!r} plainTextPath {where!r}")
            continue
        if not _STAMP.fullmatch(src.get("creationDateTime") or ""):
            r.bad("Q7", f"source {name!r} creationDateTime {src.get('creationDateTime')!r}")
        text = texts[file]
        r.sources[name] = text
        r.memos[name] = next((d.text or "" for d in src.findall(NS + "Description")), "")
        _owner(r, src, f"source {name!r}")
        attrs = r.attributes.setdefault(name, {})
        for value in src.findall(NS + "VariableValue"):
            ref = value.find(NS + "VariableRef")
            target = ref.get("targetGUID") if ref is not None else None
            if target not in variables:
                r.bad("Q6", f"source {name!r}: VariableValue refers to {target!r}, no Variable")
                continue
            held = [el for el in value if el.tag != NS + "VariableRef" and el.text is not None]
            if not held:
                r.bad("Q6", f"source {name!r}: {variables[target]} has no value")
                continue
            if variables[target] in attrs:
                r.bad("Q6", f"source {name!r}: {variables[target]} twice")
            if held[0].text != held[0].text.strip():
                r.bad("Q6", f"source {name!r}: {variables[target]} loses white space on import")
            attrs[variables[target]] = held[0].text.strip()
        _selections(r, src, name, text)


def _selections(r: Reading, src: ET.Element, name: str, text: str) -> None:
    seen: set[tuple[str, int, int, str]] = set()
    for sel in src.findall(NS + "PlainTextSelection"):
        start, end = int(sel.get("startPosition", "-1")), int(sel.get("endPosition", "-1"))
        if not 0 <= start < end <= len(text):
            r.bad("Q9", f"source {name!r}: selection {start}-{end} outside its {len(text)} characters")
            continue
        owner = _owner(r, sel, f"selection {sel.get('guid')}")
        if not _STAMP.fullmatch(sel.get("creationDateTime") or ""):
            r.bad("Q9", f"selection {sel.get('guid')}: creationDateTime {sel.get('creationDateTime')!r}")
        memo = next((d.text or "" for d in sel.findall(NS + "Description")), "")
        codings = sel.findall(NS + "Coding")
        if not codings:
            r.bad("Q9", f"selection {sel.get('guid')} holds no Coding: it would be an annotation")
        for coding in codings:
            first = coding[0] if len(coding) else None
            if first is None or first.tag != NS + "CodeRef":
                r.bad("Q5", f"coding {coding.get('guid')}: first child is not a CodeRef")
                continue
            code = r.codes.get(first.get("targetGUID", ""))
            if code is None:
                r.bad("Q5", f"coding {coding.get('guid')} refers to {first.get('targetGUID')!r}, no codable Code")
                continue
            key = (code, start, end, owner)
            if key in seen:
                r.bad("Q9", f"source {name!r}: {code!r} at {start}-{end} by {owner} twice")
            seen.add(key)
            r.selections.append(Seen(code, name, start, end, text[start:end], owner, _date(sel.get("creationDateTime")), memo))


def _notes(r: Reading, root: ET.Element, texts: dict[str, str], refs: set[str | None]) -> None:
    for note in root.iter(NS + "Note"):
        name = note.get("name") or ""
        if not (note.get("creationDateTime") or note.get("modifiedDateTime")):
            r.bad("Q10", f"note {name!r} has no date")
        if note.get("guid") in refs or not note.get("plainTextPath") or not name:
            continue  # an annotation, or not a journal
        file = (note.get("plainTextPath") or "").removeprefix("internal://")
        if file not in texts:
            r.bad("Q10", f"journal {name!r}: file {file!r} missing")
        if name in r.journals:
            r.bad("Q10", f"journal name {name!r} twice")
        r.journals[name] = texts.get(file, "")
