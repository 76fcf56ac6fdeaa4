"""The one rule for a typed date (moved here from the date dialog's test with its cases)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.db.dates import InvalidDate, is_iso_date, iso_date


def test_iso_date_accepts_only_real_iso_dates():
    assert iso_date("2024-02-29") == "2024-02-29"
    assert iso_date(" 2025-10-20 ") == "2025-10-20"
    for bad in ("2025-02-30", "2025-2-3", "20251020", "2025/10/20", "昨天", "", "2025-1-5", "2025-W01-1", "２０２５-01-05"):
        assert not is_iso_date(bad)
        with pytest.raises(InvalidDate):
            iso_date(bad)


@given(st.dates())
def test_every_real_day_round_trips(day: dt.date):
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    assert iso_date(text) == text
