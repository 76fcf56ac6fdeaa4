"""Corpus text into Textual ``Content`` without ever going through markup.

Titles and paragraphs come from scraped pages: "[@click=app.quit]" or "[/]" in them
must show literally, and no control character may reach the terminal. The store
sanitises at ingest; this is the second wall. Every widget that shows corpus text
builds it with :func:`literal` and adds styles as spans, never by formatting markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.content import Content, Span
from textual.style import Style

from store.text.sanitize import has_control, sanitize


def clean(text: str | None) -> str:
    """``text`` without escapes or control characters, and on one line."""
    if not text:
        return ""
    return sanitize(text).replace("\n", " ").replace("\t", " ")


def cell(value: object, style: str = "") -> Text:
    """A DataTable cell: a plain ``str`` there is read as markup, so corpus text goes in as ``Text``."""
    return Text(clean(str(value)), style=style, no_wrap=True)


def literal(text: str | None, style: Style | str = "") -> Content:
    """Plain text as Content, optionally styled as a whole (style names, not markup)."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def join(parts: Sequence[Content | str], separator: str = " · ") -> Content:
    """Join already-safe parts; plain ``str`` parts are treated as literal text."""
    return Content(separator).join(p if isinstance(p, Content) else literal(p) for p in parts if p)


def with_spans(text: str, spans: Sequence[tuple[int, int, Style | str]]) -> Content:
    """Literal text with styles over code-point ranges (entity offsets, matches).

    Offsets only hold for the text the store analysed, which it sanitised at ingest.
    Text that still holds control characters breaks that contract: it is shown
    sanitised and unstyled rather than with spans on the wrong characters.
    """
    if has_control(text):
        return Content(sanitize(text))
    return Content(
        text, [Span(s, e, st) for s, e, st in spans if 0 <= s < e <= len(text)], strip_control_codes=False
    )


OPENING_QUOTES = "“‘「『\"'«‹"
CLOSING_QUOTES = "”’」』\"'»›"


def quoted(text: str, limit: int | None = None) -> str:
    """``text`` between “ and ”, cut to ``limit`` characters with "…"; its own edge quotes dropped.

    A tagged span often starts or ends at the quote marks of a quotation in the article
    ("“被动处置”…" showed as "““被动处置”…", issue 16): the marks the text already has at
    its edges are removed before ours go round it, so a quote never shows doubled.
    """
    body = clean(text).lstrip(OPENING_QUOTES).rstrip(CLOSING_QUOTES) or clean(text)
    if limit is not None and len(body) > limit:
        body = body[: max(1, limit - 1)] + "…"
    return f"“{body}”"
