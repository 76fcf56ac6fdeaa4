"""Printing for a terminal or a pipe: sanitised lines and JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from store.text.sanitize import sanitize


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
