"""Traditional → Simplified script conversion, shared by ingest (paragraphs, titles) and search.

Ingest stores simplified text and search converts the query the same way, so one
function in the bottom layer serves both: ``store.corpus`` and the TUI's search no
longer reach into ``store.ingest`` for it. OpenCC is imported on first use only,
because read-only CLI commands must start without it (tests/test_cli.py).
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _converter() -> Any:  # opencc ships no type hints
    import opencc

    return opencc.OpenCC("tw2s")


def to_simplified(text: str) -> str:
    """Simplified Chinese, converted by phrase: 摸得著 → 摸得着 but 著名 stays 著名.

    OpenCC's ``t2s`` maps 著 character by character and leaves the particle as 著;
    ``tw2s`` adds the phrase table that tells the particle (着) from 著 in 著名/著作,
    and changes nothing else that ``t2s`` keeps (vocabulary stays as written: no
    ``tw2sp`` phrase rewriting such as 軟體 → 软件, which would change what was said).
    """
    return str(_converter().convert(text))
