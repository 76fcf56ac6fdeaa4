"""The table-driven entity tests' one check: each row is (name, text, want, never), what
the recogniser must find in a synthetic sentence and what it must not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar

import pytest

from store.nlp.entities import recognise
from store.nlp.gazetteer import Gazetteer

Found = set[tuple[str, str]]
Row = tuple[str, str, Found, Found]
F = TypeVar("F", bound=Callable[..., Any])


@cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


def rows(cases: Sequence[Row]) -> Callable[[F], F]:
    """Parametrise a test over ``(text, want, never)``, named by each row's first field."""
    return pytest.mark.parametrize(("text", "want", "never"), [c[1:] for c in cases], ids=[c[0] for c in cases])


def check(text: str, want: Found, never: Found) -> None:
    got = {(e.type, e.text) for e in recognise([text], _gazetteer()).entities}
    assert want <= got, (want - got, got)
    assert not (never & got), (never & got, got)
