"""A government named by its place is the place acting, also where the place is one jieba
knows but Beat's lists do not, or a special region (store.nlp.backbone, issue 13)."""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    ("jieba-place", "魁北克政府宣布了这项决定。", {("place", "魁北克")}, {("org", "魁北克政府")}),
    ("bare-special-region", "特区政府宣布了这项决定。", {("place", "特区")}, {("org", "特区政府")}),
    ("special-region", "对此，香港特区政府表示失望。", {("place", "香港特区")}, {("org", "香港特区政府")}),
    # a bare level's government stays nothing (a kind)
    ("bare-level", "区政府推出两项便民措施。", set(), {("org", "区政府"), ("place", "区")}),
]


@rows(CASES)
def test_governments(text: str, want: Found, never: Found) -> None:
    check(text, want, never)
