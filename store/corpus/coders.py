"""Coders: who made each coding, one name per data home, and their stable REFI-QDA GUIDs.

A data home belongs to one person at a time; the name is a setting (asked once by the
reader, ``beat coder NAME`` in a shell) stamped on every coding made there. Codings made
before Beat knew coders carry none and read as :data:`DEFAULT_CODER` ("Beat", the one
user older exports named), so nothing is lost and an old export and a new one agree.
GUIDs come from the name (UUID v5), so the same coder has the same GUID in every
export, from every data home: a colleague's codings merge under the right person.
"""

from __future__ import annotations

import uuid

from store.corpus.tags import DEFAULT_CODER
from store.text.sanitize import sanitize

NAMESPACE = uuid.UUID("8d3b2f4e-5c1a-4e9b-9a77-2f0c6f1b7e10")  # Beat's GUID namespace (export.py used it first)
SETTING = "coder"
MAX_LEN = 60


def coder_name(name: str) -> str:
    """A coder's name as stored: sanitised, one line, trimmed; ValueError if empty or too long."""
    name = " ".join(sanitize(name).split())
    if not name:
        raise ValueError("a coder needs a name")
    if len(name) > MAX_LEN:
        raise ValueError(f"a coder's name is at most {MAX_LEN} characters")
    return name


def coder_guid(name: str) -> str:
    """The coder's REFI-QDA user GUID: the same for the same name (case-insensitive) everywhere.

    ``Beat`` keeps the GUID every export had before coders existed.
    """
    return str(uuid.uuid5(NAMESPACE, f"user/{(name or DEFAULT_CODER).casefold()}"))
