"""The one rule for a date a user types (a reference date): a real ``YYYY-MM-DD``.

The CLI (``beat date``), the reader's date dialog and the user store all go through
:func:`iso_date`, so a date one of them accepts the others accept too. Strict on
purpose: ``2025-1-5`` or ``2025/01/05`` are refused rather than guessed, and
``date.fromisoformat`` alone is not enough since Python 3.11 also reads ``20250105``
and ISO week dates (``2025-W01-1``), which nobody types meaning a day.
"""

from __future__ import annotations

import datetime as dt
import re

_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InvalidDate(ValueError):
    """Not a real date written as YYYY-MM-DD."""

    def __init__(self, text: str) -> None:
        super().__init__(f"give the date as YYYY-MM-DD, a real day (not {text!r})")
        self.text = text


def iso_date(text: str) -> str:
    """``text`` (surrounding spaces ignored) as a YYYY-MM-DD date; raises :class:`InvalidDate`."""
    stripped = text.strip()
    if not _SHAPE.fullmatch(stripped):
        raise InvalidDate(text)
    try:
        return dt.date.fromisoformat(stripped).isoformat()
    except ValueError:
        raise InvalidDate(text) from None


def is_iso_date(text: str) -> bool:
    try:
        iso_date(text)
    except InvalidDate:
        return False
    return True


def stamp(seconds: float) -> str:
    """An xsd:dateTime in UTC with microseconds (a coding's ``created``), so it survives a round trip."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
