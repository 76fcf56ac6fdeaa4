"""The shape of the user store and its import manifest: the one place it is checked.

``user.json`` and ``user.imports.json`` are hand-editable JSON, and a file that parses
can still be the wrong shape (a table that is a string, a row missing ``quote``, a
``start`` that is a string, a schema of 99). Every reader of these files used to
trust the shape and died with a traceback. They are checked here, once, on open:

- a defect of the whole file (not an object, a table that is not a table, a bad
  schema record) makes the file unusable, like a parse failure: the caller restores
  the newest good backup;
- a defect of one row drops that row (and an unknown field is dropped from its row),
  and the caller is told exactly what was dropped, so a hand edit gone wrong costs
  that row and not the user's tags.

The row specs mirror the dataclasses that read the rows (``store.corpus.tags.Coding``
and ``Tag``, ``store.db.userstore.ImportRecord``, ``store.db.corrections.Correction``);
a test keeps them in step.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from store.db.corrections import correction_id, correction_problem
from store.text.wording import plural

Check = Callable[[Any], bool]


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _nat(v: Any) -> bool:
    return _int(v) and v >= 0


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _any(v: Any) -> bool:
    return True


def _date(v: Any) -> bool:
    if not isinstance(v, str) or len(v) != 10:
        return False
    try:
        _dt.date.fromisoformat(v)
    except ValueError:
        return False
    return True


def _theme(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _opt_str(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _coder(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= 60


@dataclass(frozen=True, slots=True)
class RowSpec:
    """Field name -> (check, required); ``rule`` checks the row as a whole."""

    fields: dict[str, tuple[Check, bool]]
    rule: Callable[[dict[str, Any]], str | None] = lambda row: None


def _span_rule(row: dict[str, Any]) -> str | None:
    return "end before start" if row["end"] < row["start"] else None


def _setting_rule(row: dict[str, Any]) -> str | None:
    check = SETTINGS.get(row["key"])
    return None if check is None or check(row["value"]) else f"setting {row['key']!r} has a value of the wrong kind"


def _correction_rule(row: dict[str, Any]) -> str | None:
    """A hand-edited correction must still be one: known action and type, an article for an add.

    The id must be the digest of the keys: an edited text under an old id would be a second
    correction that ``beat entity forget`` of the first cannot reach.
    """
    problem = correction_problem(row["action"], row["article"], row["text"], row["type"])
    if problem is not None:
        return problem
    if row["id"] != correction_id(row["action"], row["article"], row["text"], row["type"]):
        return "an id that does not match its correction"
    return None


def _names(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _renames(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items())


def _widths(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(k, str) and _int(x) for k, x in v.items())


# known settings and what their values may be: the reader's look, kept across restarts like the theme
SETTINGS: dict[str, Check] = {
    "theme": _theme,
    "coder": _coder,  # who codes in this data home (issue 19)
    "hidden_types": _names,  # entity kinds whose highlight 1-6 turned off
    "article": _theme,  # the article open when the reader closed (an id, or None)
    "pane_widths": _widths,  # columns added to (or taken from) each sidebar with < and >
}

CODING = RowSpec(
    {
        "id": (_str, True), "tag": (_str, True), "article": (_str, True), "paragraph": (_nat, True),
        "start": (_nat, True), "end": (_nat, True), "quote": (_str, True), "before": (_str, True),
        "after": (_str, True), "position": (_int, True), "memo": (_str, False), "created": (_num, False),
        "orphan": (_bool, False), "coder": (_str, False),
    },
    _span_rule,
)
TAG = RowSpec({"name": (_str, True), "colour": (_str, True), "memo": (_str, False)})
CORRECTION = RowSpec(
    {
        "id": (_str, True), "action": (_str, True), "article": (_opt_str, True), "text": (_str, True),
        "type": (_opt_str, True), "created": (_num, False),
    },
    _correction_rule,
)
IMPORT = RowSpec(
    {
        "digest": (_str, True), "name": (_str, True), "original": (_str, True), "encoding": (_str, True),
        "stored": (_str, True), "imported_at": (_num, True),
    }
)
SEARCH = RowSpec({"name": (_str, True), "query": (_str, True), "created": (_num, False)})  # store.analysis.saved
USER_TABLES: dict[str, RowSpec] = {
    "codings": CODING,
    "tags": TAG,
    "settings": RowSpec({"key": (_str, True), "value": (_any, True)}, _setting_rule),
    "unit_merges": RowSpec({"key": (_str, True), "into": (_str, True)}),
    "unit_aliases": RowSpec({"alias": (_str, True), "key": (_str, True)}),
    "reference_dates": RowSpec({"article": (_str, True), "date": (_date, True)}),
    "positions": RowSpec({"article": (_str, True), "paragraph": (_nat, True)}),
    "entity_corrections": CORRECTION,
    "searches": SEARCH,
    "imports": IMPORT,  # kept in the user file by an older Beat; moved out on open
}
MANIFEST_TABLES: dict[str, RowSpec] = {"imports": IMPORT}
META = RowSpec({"schema": (_int, True), "created": (_num, False), "renamed": (_renames, False)})


class ShapeError(Exception):
    """The file as a whole is not a store of this kind: restore a backup."""


@dataclass(slots=True)
class Checked:
    """A store's tables with every bad row taken out, and what was taken out."""

    data: dict[str, Any]
    dropped: list[str] = field(default_factory=list)  # one line per table: "codings: 2 of 40 rows (missing 'quote')"

    @property
    def changed(self) -> bool:
        return bool(self.dropped)


def check_store(data: Any, tables: dict[str, RowSpec], schema: int | None) -> Checked:
    """Check a parsed store file; ``schema`` is the newest schema understood (None: no meta).

    Raises ShapeError for a defect of the whole file. Unknown tables are kept as they
    are when they are tables (a later Beat's data is not this one's to delete).
    """
    if not isinstance(data, dict):
        raise ShapeError("it does not hold a store")
    out: dict[str, Any] = {}
    dropped: list[str] = []
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ShapeError(f"its {name!r} table is a {type(table).__name__}, not a table")
        if name == "meta" and schema is not None:
            out[name] = _check_meta(table, schema)
            continue
        spec = tables.get(name)
        rows, reasons = check_rows(table, spec)
        out[name] = rows
        if reasons:
            dropped.append(_summary(name, len(table), reasons))
    return Checked(out, dropped)


def _check_meta(table: dict[str, Any], schema: int) -> dict[str, Any]:
    row = table.get("1")
    if row is None and not table:
        return table  # a store whose meta is written on open
    if not isinstance(row, dict) or check_row(row, META) is not None:
        raise ShapeError("its schema record is damaged")
    if not 1 <= row["schema"]:
        raise ShapeError(f"its schema number {row['schema']} is not one Beat ever wrote")
    return table  # newer than ``schema``: the caller refuses it without touching it


def check_rows(table: dict[str, Any], spec: RowSpec | None) -> tuple[dict[str, Any], list[str]]:
    """The good rows of one table (unknown fields dropped from them), and why others went."""
    rows: dict[str, Any] = {}
    reasons: list[str] = []
    for doc_id, row in table.items():
        if not doc_id.isdigit():
            reasons.append("a row id that is not a number")
            continue
        if spec is None:
            if isinstance(row, dict):
                rows[doc_id] = row
            else:
                reasons.append(f"a row that is a {type(row).__name__}")
            continue
        problem = check_row(row, spec)
        if problem is not None:
            reasons.append(problem)
            continue
        extra = [k for k in row if k not in spec.fields]
        if extra:
            reasons.append(f"unknown field {extra[0]!r} ignored (row kept)")
            row = {k: v for k, v in row.items() if k in spec.fields}
        rows[doc_id] = row
    return rows, reasons


def check_row(row: Any, spec: RowSpec) -> str | None:
    """Why ``row`` does not fit ``spec``, or None. Unknown fields are not a reason."""
    if not isinstance(row, dict):
        return f"a row that is a {type(row).__name__}"
    for name, (check, required) in spec.fields.items():
        if name not in row:
            if required:
                return f"missing {name!r}"
        elif not check(row[name]):
            return f"{name!r} is {_kind(row[name])}"
    return spec.rule(row)


def _kind(v: Any) -> str:
    return "null" if v is None else f"a {type(v).__name__}"


def _summary(table: str, total: int, reasons: list[str]) -> str:
    lost = sum(1 for r in reasons if not r.endswith("(row kept)"))
    counts: dict[str, int] = {}
    for r in reasons:
        counts[r] = counts.get(r, 0) + 1
    why = "; ".join(f"{r}" + (f" ×{n}" if n > 1 else "") for r, n in counts.items())
    return f"{table}: {lost} of {plural(total, 'row')} dropped ({why})" if lost else f"{table}: {why}"
