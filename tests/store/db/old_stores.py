"""Schema-1 user stores, as a Beat from before tag paths wrote them (for the migration tests)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson


def coding(n: int, tag: str, article: str = "a1") -> dict[str, Any]:
    return {
        "id": f"c{n:03d}", "tag": tag, "article": article, "paragraph": 0, "start": n, "end": n + 2, "quote": "民警",
        "before": "", "after": "", "position": 0, "memo": "", "created": 1714979289.0 + n,
    }


def old_store(path: Path, tags: list[str], searches: dict[str, str] | None = None) -> bytes:
    """A schema-1 user file: one tag row and one coding per name, the saved searches given; its bytes."""
    data = {
        "meta": {"1": {"schema": 1, "created": time.time() - 86400}},
        "tags": {str(i + 1): {"name": t, "colour": "#e5c07b", "memo": ""} for i, t in enumerate(tags)},
        "codings": {str(i + 1): coding(i, t) for i, t in enumerate(tags)},
        "searches": {str(i + 1): {"name": n, "query": q} for i, (n, q) in enumerate((searches or {}).items())},
    }
    raw = orjson.dumps(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return raw
