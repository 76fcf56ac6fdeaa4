"""The one plural helper: singular at exactly one, the given or regular plural otherwise."""

from __future__ import annotations

import pytest

from store.text.wording import plural


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (0, "tag", None, "0 tags"),
        (1, "tag", None, "1 tag"),
        (2, "tag", None, "2 tags"),
        (1, "tag exists", "tags exist", "1 tag exists"),
        (2, "tag exists", "tags exist", "2 tags exist"),
        (1, "entry", "entries", "1 entry"),
        (1200, "passage", None, "1,200 passages"),
    ],
)
def test_plural_agrees_with_the_count(count, one, many, expected):
    assert plural(count, one, many) == expected
