"""Main text of saved web pages, by a maintained extractor (trafilatura), not by hand.

Imported lazily: trafilatura pulls in lxml and friends, which a plain-text corpus and
every read-only command should not pay for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    date: str | None
    site: str | None


def extract_html(html: str) -> HtmlArticle | None:
    """Title, date, site name and main text; None when the page has no article text."""
    import logging

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    from trafilatura import bare_extraction

    doc = bare_extraction(html, include_comments=False, include_tables=False, favor_precision=True)
    if doc is None:
        return None
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    text = (get("text") or "").strip()
    if not text:
        return None
    date = get("date")
    return HtmlArticle(text=text, title=get("title"), date=date[:10] if date else None, site=get("sitename"))
