"""Main text of saved web pages, by a maintained extractor (trafilatura), not by hand.

Imported lazily: trafilatura pulls in lxml and friends, which a plain-text corpus and
every read-only command should not pay for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.text.sanitize import sanitize

# "&#27;]52;c;…&#7;": an escape sequence spelled with character references passes the
# sanitiser as plain ASCII and makes lxml drop the whole page. Such references are
# turned into the characters they name, so the sanitiser removes the whole sequence.
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _control_reference(m: re.Match[str]) -> str:
    cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return chr(cp) if (cp < 32 and cp not in (9, 10, 13)) or 127 <= cp <= 159 else m.group()


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    date: str | None
    site: str | None


def extract_html(html: str) -> HtmlArticle | None:
    """Title, date, site name and main text; None when the page has no article text.

    Metadata comes from the page's own tags only (no guessing a date from the body:
    that is the cleaner's job, and it does it with more care). Everything returned
    is sanitised, because the extractor decodes entities after the sanitiser ran.
    """
    import logging

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    from trafilatura import bare_extraction

    doc = bare_extraction(
        sanitize(_NUMERIC_REFERENCE.sub(_control_reference, html)),
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    text = sanitize(get("text") or "").strip()
    if not text:
        return None
    title = sanitize(get("title") or "").strip() or None
    if title and text.split("\n", 1)[0].strip() == title:
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""  # the page's <h1>
        if not text:
            return None
    date = sanitize(get("date") or "")[:10] or None
    site = sanitize(get("sitename") or "").strip() or None
    return HtmlArticle(text=text, title=title, date=date, site=site)
