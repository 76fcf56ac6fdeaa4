"""User-store migrations: schema n to n+1, each a pure function of the parsed tables.

``store.db.userstore`` runs them on open, after keeping the file as it was
(``user.json.before-schema-N``, never rotated away), and writes the result in one
atomic write that also carries the new schema number: a crash leaves the old store or
the migrated one, never half (tests/store/db/faults/test_migration.py). What a
migration changed is said in sentences (:attr:`Migrated.notes`), shown once by the
command line and the reader, and kept in the schema record (``meta`` ``renamed``).

Schema 2 (issue 19): a tag's name became its path in the code hierarchy, "/" between
levels (``组织/派出所`` is 派出所 inside 组织). Before, "/" was an ordinary character, so
a store of schema 1 may hold one code named "A/B" or "2024/05"; read as a path it
would silently turn into a nest of two codes. Every "/" in a schema-1 tag name becomes
:data:`SLASH_IN_NAME` ("／", the full-width solidus the REFI import already uses for a
"/" inside another tool's code name), on the tag, on each of its codings and in the
saved searches that name it, so each name still means one code.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from store.text.wording import plural

SLASH_IN_NAME = "\uff0f"  # "／": a slash that is part of one level's name, not a level separator
SHOWN_RENAMES = 30  # renames listed in the notice; the rest are counted (all are kept in meta)


@dataclass(slots=True)
class Migrated:
    """The migrated tables, and what changed, one sentence per migration that changed anything."""

    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _rows(data: dict[str, Any], table: str) -> dict[str, Any]:
    rows = data.get(table)
    return rows if isinstance(rows, dict) else {}


def _free(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``(3)``… if a tag already holds it (a "／" typed before, say)."""
    out, n = name, 1
    while out in taken:
        n += 1
        out = f"{name} ({n})"
    return out


def _search_renamed(query: str, renamed: dict[str, str]) -> str:
    """``tag:A/B`` (bare or quoted) in a saved query, pointed at the tag's new name."""
    def swap(m: re.Match[str]) -> str:
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value not in renamed:
            return m.group(0)
        new = renamed[value]
        return f'{m.group(1)}"{new}"' if m.group(2) is not None else f"{m.group(1)}{new}"

    return re.sub(r'(tag:=?)(?:"([^"]*)"|([^\s()"]+))', swap, query)


def _to_2(data: dict[str, Any]) -> tuple[dict[str, Any], str | None, dict[str, str]]:
    """Slashes in tag names stop meaning levels: see the module's docstring."""
    tags, codings, searches = _rows(data, "tags"), _rows(data, "codings"), _rows(data, "searches")
    names = {r["name"] for r in tags.values()} | {r["tag"] for r in codings.values()}
    taken = {n for n in names if "/" not in n}
    renamed: dict[str, str] = {}
    for old in sorted(n for n in names if "/" in n):
        renamed[old] = _free(old.replace("/", SLASH_IN_NAME), taken)
        taken.add(renamed[old])
    if not renamed:
        return data, None, {}
    for row in tags.values():
        row["name"] = renamed.get(row["name"], row["name"])
    for row in codings.values():
        row["tag"] = renamed.get(row["tag"], row["tag"])
    changed = 0
    for row in searches.values():
        query = _search_renamed(row["query"], renamed)
        changed += query != row["query"]
        row["query"] = query
    pairs = [f"{old!r} → {new!r}" for old, new in renamed.items()]
    shown = "; ".join(pairs[:SHOWN_RENAMES]) + (f"; and {len(pairs) - SHOWN_RENAMES} more" if len(pairs) > SHOWN_RENAMES else "")
    note = (
        f"Tags can now nest, with '/' between levels; {plural(len(renamed), 'tag name')} made before held '/', "
        f"so each '/' in them became '{SLASH_IN_NAME}' and each is still one tag: {shown}"
        + (f"; {plural(changed, 'saved search names', 'saved searches name')} the new names" if changed else "")
    )
    return data, note, renamed


# schema n -> n+1: (tables) -> (tables, what changed or None, old tag name -> new)
MIGRATIONS: dict[int, Callable[[dict[str, Any]], tuple[dict[str, Any], str | None, dict[str, str]]]] = {1: _to_2}


def migrate(data: dict[str, Any], version: int, schema: int) -> Migrated:
    """``data`` (a checked store of ``version``) brought to ``schema``, its schema record included."""
    out = Migrated(data)
    renamed: dict[str, str] = {}
    while version < schema:
        out.data, note, names = MIGRATIONS[version](out.data)
        renamed.update(names)
        if note:
            out.notes.append(note)
        version += 1
    meta = out.data.setdefault("meta", {})
    row = dict(meta.get("1") or {"created": time.time()})
    row["schema"] = schema
    if renamed:
        row["renamed"] = {**(row.get("renamed") or {}), **renamed}
    meta["1"] = row
    return out
