"""The REFI-QDA project schema's rules, checked in code on a parsed ``project.qde``.

The schema itself (``Project.xsd``) does not ship with Beat, so what it says about the
parts Beat reads is written here as tables: which children each element holds, in
which order and how many (:data:`CONTENT`), which attributes it may carry and which it
must (:data:`ATTRIBUTES`), and the lexical form of each typed value (GUIDs, integers,
booleans, ``xsd:dateTime``, colours, variable types). A project that breaks one of
them is refused whole with one message naming the element, before anything is read
from it: tests/store/team/test_qdpx_import.py runs each kind of break through both
this check and the XSD and expects the same verdict.

The parts Beat skips (pictures, PDFs, audio, video, sets, graphs) are checked for their
place and attributes only; what they hold is not read, so it is not checked either.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from store.corpus.qdpx_zip import QdpxError

NS = "{urn:QDA-XML:project:1.0}"
ANY = -1  # maxOccurs="unbounded"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    least: int = 0  # minOccurs
    most: int = 1  # maxOccurs, ANY for unbounded


def _many(*names: str) -> tuple[Part, ...]:
    return tuple(Part(n, 0, ANY) for n in names)


_TEXT_PARTS = (Part("Description"), Part("PlainTextContent"), *_many("PlainTextSelection", "Coding", "NoteRef", "VariableValue"))
_VALUES = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
# element -> its children in schema order; None: a choice of these names, any number, any order
CONTENT: dict[str, tuple[Part, ...] | None] = {
    "Project": (
        Part("Users"), Part("CodeBook"), Part("Variables"), Part("Cases"), Part("Sources"), Part("Notes"), Part("Links"),
        Part("Sets"), Part("Graphs"), Part("Description"), *_many("NoteRef"),
    ),
    "Users": (Part("User", 1, ANY),), "User": (),
    "CodeBook": (Part("Codes", 1, 1),), "Codes": (Part("Code", 1, ANY),),
    "Code": (Part("Description"), *_many("NoteRef", "Code")),
    "Variables": (Part("Variable", 1, ANY),), "Variable": (Part("Description"),),
    "Cases": (Part("Case", 1, ANY),),
    "Case": (Part("Description"), *_many("CodeRef", "VariableValue", "SourceRef", "SelectionRef")),
    "Sources": None, "TextSource": _TEXT_PARTS, "Notes": (Part("Note", 1, ANY),), "Note": _TEXT_PARTS,
    "PlainTextSelection": (Part("Description"), *_many("Coding", "NoteRef")),
    "Coding": (Part("CodeRef", 1, 1), *_many("NoteRef")),
    "Links": (Part("Link", 1, ANY),), "Link": _many("NoteRef"),
    "Sets": (Part("Set", 1, ANY),), "Graphs": (Part("Graph", 1, ANY),),
    "VariableValue": (Part("VariableRef", 1, 1),),  # then at most one of _VALUES: see _check_children
    "CodeRef": (), "NoteRef": (), "SourceRef": (), "SelectionRef": (), "VariableRef": (),
}
CHOICES = {"Sources": ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")}
TEXT_ONLY = {"Description", "PlainTextContent", *_VALUES}  # simple content: text, no elements
UNREAD = {"PictureSource", "PDFSource", "AudioSource", "VideoSource", "Set", "Graph"}  # skipped: not looked inside

_STAMPS = ("creationDateTime", "modifiedDateTime")
_SOURCE = ("guid", "name", "richTextPath", "plainTextPath", "creatingUser", *_STAMPS[:1], "modifyingUser", _STAMPS[1])
_REF = {"targetGUID": True}
# element -> attribute -> required
ATTRIBUTES: dict[str, dict[str, bool]] = {
    "Project": {"name": True, "origin": False, "creatingUserGUID": False, "creationDateTime": False,
                "modifyingUserGUID": False, "modifiedDateTime": False, "basePath": False},
    "User": {"guid": True, "name": False, "id": False},
    "Code": {"guid": True, "name": True, "isCodable": True, "color": False},
    "Case": {"guid": True, "name": False},
    "Variable": {"guid": True, "name": True, "typeOfVariable": True},
    "TextSource": {a: a == "guid" for a in _SOURCE}, "Note": {a: a == "guid" for a in _SOURCE},
    "PlainTextSelection": {"guid": True, "name": False, "startPosition": True, "endPosition": True, "creatingUser": False,
                           "creationDateTime": False, "modifyingUser": False, "modifiedDateTime": False},
    "Coding": {"guid": True, "creatingUser": False, "creationDateTime": False},
    "Link": {"guid": True, "name": False, "direction": False, "color": False, "originGUID": False, "targetGUID": False},
    "CodeRef": _REF, "NoteRef": _REF, "SourceRef": _REF, "SelectionRef": _REF, "VariableRef": _REF,
    **{k: {} for k in ("Users", "CodeBook", "Codes", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
                       "VariableValue", *TEXT_ONLY)},
}
_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_DATE = r"-?\d{4,}-\d{2}-\d{2}"
_ZONE = r"(?:Z|[+-]\d{2}:\d{2})?"
FORMS: dict[str, re.Pattern[str]] = {  # the lexical form of each typed attribute and value
    "GUID": re.compile(rf"{_GUID}|\{{{_GUID}\}}"),
    "whole number": re.compile(r"[+-]?\d+"),
    "boolean": re.compile(r"true|false|1|0"),
    "decimal": re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)"),
    "date": re.compile(rf"{_DATE}{_ZONE}"),
    "dateTime": re.compile(rf"{_DATE}T\d{{2}}:\d{{2}}:\d{{2}}(?:\.\d+)?{_ZONE}"),
    "colour (#RRGGBB)": re.compile(r"#(?:[A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})"),
    "variable type": re.compile(r"Text|Boolean|Integer|Float|Date|DateTime"),
    "link direction": re.compile(r"Associative|OneWay|Bidirectional"),
}
_KINDS = {
    **dict.fromkeys(("guid", "targetGUID", "originGUID", "creatingUser", "modifyingUser", "creatingUserGUID",
                     "modifyingUserGUID"), "GUID"),
    "startPosition": "whole number", "endPosition": "whole number", "isCodable": "boolean",
    "creationDateTime": "dateTime", "modifiedDateTime": "dateTime", "color": "colour (#RRGGBB)",
    "typeOfVariable": "variable type", "direction": "link direction",
}
_VALUE_KINDS = {"BooleanValue": "boolean", "IntegerValue": "whole number", "FloatValue": "decimal", "DateValue": "date",
                "DateTimeValue": "dateTime"}


def local(el: ET.Element) -> str:
    return el.tag[len(NS):] if el.tag.startswith(NS) else el.tag


def where(el: ET.Element) -> str:
    """How a message names an element: its kind, GUID and name."""
    name, ident = local(el), el.get("guid")
    return f"project.qde <{name}{' ' + ident if ident else ''}{' ' + repr(el.get('name')) if el.get('name') else ''}>"


def check_tree(root: ET.Element) -> None:
    """Every element of ``root`` against the schema's tables; :class:`QdpxError` for the first break."""
    if root.tag != NS + "Project":
        raise QdpxError("project.qde", f"its root is <{root.tag}>, not a REFI-QDA <Project> (urn:QDA-XML:project:1.0)")
    stack = [root]
    while stack:
        el = stack.pop()
        name = local(el)
        if not el.tag.startswith(NS):
            raise QdpxError(where(el), "an element outside the REFI-QDA namespace")
        _check_attributes(el, name)
        if name in UNREAD:
            continue
        if name in TEXT_ONLY:
            if len(el):
                raise QdpxError(where(el), f"holds <{local(el[0])}>, but the REFI-QDA schema gives it text only")
            kind = _VALUE_KINDS.get(name)
            if kind and not FORMS[kind].fullmatch((el.text or "").strip()):
                raise QdpxError(where(el), f"{(el.text or '')[:40]!r} is not a {kind}")
            continue
        if (el.text or "").strip() or any((c.tail or "").strip() for c in el):
            raise QdpxError(where(el), "holds text where the REFI-QDA schema allows only elements")
        _check_children(el, name)
        stack.extend(el)


def _check_attributes(el: ET.Element, name: str) -> None:
    allowed = ATTRIBUTES.get(name)
    if allowed is None:  # the unread parts: their GUIDs still count (no GUID twice), so check their form
        allowed = {a: False for a in el.attrib}
    for attr, required in allowed.items():
        if required and el.get(attr) is None:
            raise QdpxError(where(el), f"lacks its required {attr!r} attribute")
    for attr, value in el.attrib.items():
        if attr.startswith(XSI):  # xsi:schemaLocation and kin: every XSD validator allows them anywhere
            continue
        if attr not in allowed:
            raise QdpxError(where(el), f"has an attribute {attr!r} that the REFI-QDA schema does not allow there")
        kind = _KINDS.get(attr)
        if kind and not FORMS[kind].fullmatch(value.strip()):
            raise QdpxError(where(el), f"{attr} {value!r} is not a {kind}")


def _check_children(el: ET.Element, name: str) -> None:
    names = [local(c) for c in el]
    if name in CHOICES:
        for child in names:
            if child not in CHOICES[name]:
                raise QdpxError(where(el), f"holds <{child}>, which the REFI-QDA schema does not allow there")
        return
    if name == "VariableValue":  # its reference, then at most one value of one kind
        if not names or names[0] != "VariableRef" or len(names) > 2 or (len(names) == 2 and names[1] not in _VALUES):
            raise QdpxError(where(el), "holds something other than one <VariableRef> and at most one value")
        return
    parts = CONTENT.get(name, ())
    assert parts is not None
    at, counts = 0, [0] * len(parts)
    for child in names:
        while at < len(parts) and parts[at].name != child:
            at += 1
        if at == len(parts):
            known = any(p.name == child for p in parts)
            why = "out of the REFI-QDA schema's order" if known else "which the REFI-QDA schema does not allow there"
            raise QdpxError(where(el), f"holds <{child}>, {why}")
        counts[at] += 1
        if parts[at].most != ANY and counts[at] > parts[at].most:
            raise QdpxError(where(el), f"holds more than {parts[at].most} <{child}>")
    for part, n in zip(parts, counts, strict=True):
        if n < part.least:
            raise QdpxError(where(el), f"holds no <{part.name}>, which the REFI-QDA schema requires")
