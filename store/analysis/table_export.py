"""Any table a view shows, written to a file: CSV (a spreadsheet opens it) or JSON (a ``.json`` name).

One writer for the views' exports (the concordance's lines, the co-occurrence matrix and
pairs, counts over time): the file is replaced whole or not at all, by the export's own
rules (``store.corpus.export.replacing``: a FIFO, a device or a folder is refused), and
every string cell is sanitised, since corpus text reaches the cells.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.text.sanitize import sanitize


def _clean(value: Any) -> Any:
    return sanitize(value) if isinstance(value, str) else value


def table_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]], as_json: bool) -> bytes:
    """The table as CSV (UTF-8 with a byte-order mark, which makes Excel read UTF-8) or as JSON records."""
    if as_json:
        records = [dict(zip(map(_clean, header), map(_clean, row), strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\n")
    out.writerow([_clean(h) for h in header])
    out.writerows([_clean(v) for v in row] for row in rows)
    return text.getvalue().encode("utf-8-sig")


def write_table(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], records: Any = None) -> int:
    """``rows`` under ``header`` to ``path``; a ``.json`` name writes ``records`` if given, else one object per row.

    Returns the rows written; OSError or ValueError (from ``replacing``) leave the file as it was.
    """
    from store.corpus.export import replacing

    as_json = path.suffix.lower() == ".json"
    if as_json and records is not None:
        data = json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    else:
        data = table_bytes(header, rows, as_json)
    with replacing(path) as f:
        f.write(data)
    return len(rows)
