"""Reference dates for pages without a publication date (issue 14, item 11): an explicit year
nearby in the article, a dateline or byline, the page's URL, the file name - in that order of
trust - and the status that says which one was used."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest.build import _date_locators
from store.ingest.sources import source_from_bytes
from store.nlp.time.reference import dateline_date, locator_date, page_url
from store.nlp.time.resolve import extract_events, resolve_reference

BODY = "9月3日，民警破获一起盗窃案。"


@pytest.mark.parametrize("first,want", [
    ("某某网 2023/01/26", "2023-01-26"),
    ("发布时间：2024-09-05 10:21", "2024-09-05"),
    ("2024年09月05日", "2024-09-05"),
    ("来源：平安某某  日期：2022.11.23", "2022-11-23"),
])
def test_dateline_gives_the_reference(first: str, want: str) -> None:
    assert resolve_reference([first, BODY], None) == (want, "dateline")


@pytest.mark.parametrize("text", [
    "2024年9月5日，民警在巡逻中发现一名走失老人，随即联系家属。",  # a sentence, not a dateline
    "案件编号2024/13/45",  # no such date
])
def test_sentences_and_impossible_dates_are_no_dateline(text: str) -> None:
    assert dateline_date([text, BODY]) is None


@pytest.mark.parametrize("locator,want", [
    ("http://www.example.gov.cn/2024-10/11/content_123.htm", "2024-10-11"),
    ("https://example.cn/news/202410/11/c_1.html", "2024-10-11"),
    ("https://example.cn/2024/10/11/story.html", "2024-10-11"),
    ("http://gaj.example.gov.cn/jwzx/t20241011_456.html", "2024-10-11"),
    ("2023-01-05_警情通报.html", "2023-01-05"),
    ("20230105通报.html", "2023-01-05"),
    ("1751874246696775.png", None),
    ("http://example.cn/2024-13/45/x.htm", None),
    ("", None),
])
def test_locator_dates(locator: str, want: str | None) -> None:
    got = locator_date(locator)
    assert (got.isoformat() if got else None) == want


def test_order_of_trust() -> None:
    url = ("url", "http://example.cn/2024-10/11/content_1.htm")
    name = ("filename", "20230105.html")
    assert resolve_reference([BODY], "2025-10-02", [url, name]) == ("2025-10-02", "published")
    assert resolve_reference(["发布时间：2022-03-04", BODY], None, [url, name]) == ("2022-03-04", "dateline")
    assert resolve_reference([BODY], None, [url, name]) == ("2024-10-11", "url")
    assert resolve_reference([BODY], None, [("url", ""), name]) == ("2023-01-05", "filename")
    assert resolve_reference([BODY], None, []) == (None, "unknown")


def test_events_use_the_locator_reference() -> None:
    (e,) = extract_events([BODY], None, locators=[("url", "http://example.cn/2024-10/11/c.htm")])
    assert (e.date_start, e.year) == ("2024-09-03", "inferred")


def test_explicit_year_nearby_dates_a_bare_date() -> None:
    paragraphs = ["2024年国庆假期期间，全市警力全员上岗。", "10月3日，民警在景区救助一名走失儿童。"]
    events = extract_events(paragraphs, None)
    assert [(e.text, e.date_start, e.year) for e in events][-1] == ("10月3日", "2024-10-03", "inferred")


def test_explicit_year_far_away_dates_nothing() -> None:
    paragraphs = ["2023年5月，该所成立。"] + ["民警走访辖区。"] * 5 + ["5月28日凌晨，一间作坊起火。"]
    assert extract_events(paragraphs, None)[-1].date_start is None


def test_page_url_from_canonical_or_og_url() -> None:
    assert page_url('<head><link rel="canonical" href="http://a.cn/2024-10/11/c_1.htm"></head>') == \
        "http://a.cn/2024-10/11/c_1.htm"
    assert page_url('<meta property="og:url" content="http://a.cn/t20241011_1.html">') == "http://a.cn/t20241011_1.html"
    assert page_url("<p>no address</p>") is None


def test_import_passes_url_and_file_name() -> None:
    html = '<html><head><link rel="canonical" href="http://a.cn/2024-10/11/c.htm"></head><body></body></html>'
    source = source_from_bytes(html.encode(), Path("20230105.html"))
    assert _date_locators(source) == (("url", "http://a.cn/2024-10/11/c.htm"), ("filename", "20230105.html"))
