"""Printing for a terminal or a pipe: sanitised lines, JSON, columns by display cells, one-line errors.

Columns are padded by terminal cells, not characters: a CJK character takes two cells,
so padding ``f"{title:<12}"`` by characters made ``beat list``, ``tag list`` and
``timeline`` wander (issue 16, 7). The output is the same to a terminal and to a pipe:
plain text, columns separated by two spaces, no box drawing, nothing cut but the
``tag list`` quote (40 cells and "…"; ``--json`` has it whole). Rich is not imported:
read-only commands start without it (tested).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from store.text.charclass import width
from store.text.sanitize import sanitize

EXIT_USAGE = 2  # the arguments name nothing that exists, or something out of range: fix the command
EXIT_FAILED = 1  # a failure, or a filter (--unit, --tag) that matched nothing


class CommandError(Exception):
    """What went wrong, for one line on stderr, and the exit status (1 unless a usage error)."""

    code = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(CommandError):
    """An argument that names nothing or is out of range; the message says what is allowed."""

    code = EXIT_USAGE


def dump(data: Any) -> None:
    sys.stdout.write(json.dumps(clean(data), ensure_ascii=False, indent=1) + "\n")


def clean(data: Any) -> Any:
    """Every string in ``data`` through the sanitiser: json.dumps escapes C0, not C1 or bidi marks."""
    if isinstance(data, str):
        return sanitize(data)
    if isinstance(data, dict):
        return {clean(k): clean(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [clean(v) for v in data]
    return data


def line(value: object) -> str:
    """A stored (or typed) string for one line of terminal output: sanitised, no line breaks.

    Ingest already sanitised what the store holds, but a hand-edited or older store, or an
    argument echoed back, may hold escape sequences (OSC 52 writes the clipboard).
    """
    return sanitize(str(value)).replace("\n", " ").replace("\t", " ")


cell_width = width  # terminal cells: store.text.charclass holds the one rule


def fit(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` cells, "…" (one cell) marking the cut."""
    if cell_width(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def columns(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """``rows`` as lines of aligned columns: each padded to its widest cell width (columns in
    ``right`` aligned right), two spaces between; the last column is never padded."""
    if not rows:
        return []
    widths = [max(cell_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = []
        for i, value in enumerate(row[:-1]):
            pad = " " * (widths[i] - cell_width(value))
            cells.append(pad + value if i in right else value + pad)
        cells.append(row[-1])
        out.append("  ".join(cells).rstrip())
    return out


def numbered(record: dict[str, Any]) -> dict[str, Any]:
    """A record pointing at a paragraph, for JSON: ``paragraph`` from 1 as the reader shows it,
    ``index`` from 0 as in ``show --json``'s paragraph list (issue 16, 1)."""
    index = record["paragraph"]
    return {**record, "paragraph": index + 1, "index": index}
