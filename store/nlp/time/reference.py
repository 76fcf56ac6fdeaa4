"""Where an article's reference date can come from when the page gave no publication date:
a dateline or byline in the text, the page's own URL, or the file name.

Police pages often lose their publication date in the saved copy while the text still says it:
a byline such as "某某网 2023/01/26", a label "发布时间：2024-09-05 10:21", a bare "2024年09月05日"
above the title; or the page's canonical/og:url carries it (".../2024-10/11/content_123.htm",
".../t20241011_456.html"), or the user's file name does. :func:`store.nlp.time.resolve.resolve_reference`
tries them in that order of trust, after a real publication date, and says which one it used
(``dateline`` / ``url`` / ``filename``) so ``beat show --json`` can report it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

_Y = r"((?:19|20)\d{2})"
_LABELLED = re.compile(r"(?:发布时间|发布日期|发表时间|发表日期|更新时间|时间|日期|来源)\s*[：:]\s*[^，。\d]{0,12}?"
                       + _Y + r"\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})")
_FULL = re.compile(_Y + r"\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})(?!\d)")
# A dateline paragraph is short and not a sentence: "某某网 2023/01/26", "2024年09月05日 10:21".
_DATELINE_MAX = 40
_SENTENCE = re.compile("[，。！？；,!?;]")
_URL_DATES = [
    re.compile(_Y + r"-?(\d{2})/(\d{2})(?=/)"),  # /2024-10/11/ and /202410/11/
    re.compile(_Y + r"/(\d{1,2})/(\d{1,2})(?=/)"),  # /2024/10/11/
    re.compile(r"(?<!\d)" + _Y + r"(\d{2})(\d{2})(?!\d)"),  # t20241011_456, 20241011.html
    re.compile(_Y + r"[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)"),  # 2024-10-11_title.html
]
_PAGE_URL = re.compile(
    r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"']([^\"'<>\s]+)"
    r"|<link\b[^>]*\bhref=[\"']([^\"'<>\s]+)[\"'][^>]*\brel=[\"']?canonical"
    r"|<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*\bcontent=[\"']([^\"'<>\s]+)"
    r"|<meta\b[^>]*\bcontent=[\"']([^\"'<>\s]+)[\"'][^>]*\bproperty=[\"']og:url",
    re.IGNORECASE,
)
_HEAD_LIMIT = 200_000  # canonical links live in the head; never scan a huge page's whole body


def _date(y: str, m: str, d: str) -> date | None:
    try:
        found = date(int(y), int(m), int(d))
    except ValueError:
        return None
    return found if 1990 <= found.year <= 2100 else None


def dateline_date(paragraphs: list[str]) -> date | None:
    """A publication date the text states in a dateline or byline: a labelled date (发布时间：…)
    in the first or last five paragraphs, or a full date in a short non-sentence paragraph there."""
    edge = paragraphs[:5] + paragraphs[-5:] if len(paragraphs) > 10 else paragraphs
    for text in edge:
        if (m := _LABELLED.search(text)) and (d := _date(*m.groups())):
            return d
    for text in edge:
        if len(text) <= _DATELINE_MAX and not _SENTENCE.search(text) and (m := _FULL.search(text)) \
                and (d := _date(*m.groups())):
            return d
    return None


def locator_date(locator: str) -> date | None:
    """A date a URL or file name carries (see the module docstring); None when none is valid."""
    for pattern in _URL_DATES:
        for m in pattern.finditer(locator):
            if (d := _date(*m.groups())):
                return d
    return None


def page_url(html: str) -> str | None:
    """The page's own address from its canonical link or og:url, if it names one."""
    m = _PAGE_URL.search(html[:_HEAD_LIMIT])
    return next((g for g in m.groups() if g), None) if m else None


def first_locator_date(locators: Iterable[tuple[str, str]]) -> tuple[date, str] | None:
    """The first (date, kind) found in (kind, locator) pairs given in order of trust."""
    for kind, locator in locators:
        if locator and (d := locator_date(locator)):
            return d, kind
    return None
