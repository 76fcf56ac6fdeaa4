"""One passage of the reader as styled text: entity colours, tags, selection, search matches.

Pure functions of the passage and what is marked in it, kept out of the reader
widget (which decides where lines go and which are on screen). Styles come in
resolved, by component-class name, so nothing here asks the widget for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.content import Content
from textual.style import Style

from store.corpus.tags import Coding
from store.db.schema import ENTITY_TYPES, Entity
from tui.safe_text import literal, quoted, with_spans
from tui.sentences import Selection
from tui.styles import colour_style
from tui.symbols import MEMO as MEMO_MARK
from tui.symbols import TAG_LINE as TAG_MARK

# Types drawn in another type's colour and toggled with its key: anonymised people (王某,
# 李女士) are people to a reader; the type stays apart in the data so researchers count them apart.
SHOWN_AS = {"anon": "person"}
QUOTE_LIMIT = 12  # characters of a part-passage quote on the tag line: the tag names must still fit at 80 columns


@dataclass(frozen=True, slots=True)
class Marks:
    """What is marked in the open article beyond its entities: the filter, hidden kinds, tags, search."""

    focus_units: frozenset[str] = frozenset()
    hidden_types: frozenset[str] = frozenset()
    codings: Mapping[int, list[Coding]] | None = None
    selection: Selection | None = None
    matches: Mapping[int, list[tuple[int, int]]] | None = None  # paragraph -> the search's spans in it
    current_hit: tuple[int, int] | None = None  # (paragraph, start) of the hit n/p stopped at


def tag_line(codings: list[Coding], paragraph_len: int, muted: Style, colours: Mapping[str, str]) -> Content:
    """``# 纠纷 · 警企合作 ✎ “part of it…” 服务`` under a tagged passage, one group per span."""
    parts = [literal(f"  {TAG_MARK}", muted)]
    spans: dict[tuple[int, int], list[Coding]] = {}
    several = len({c.by for c in codings}) > 1  # a colleague's codings too: say whose each is (issue 19)
    for c in sorted(codings, key=lambda c: (c.start, c.end, c.tag, c.by)):
        spans.setdefault((c.start, c.end), []).append(c)
    for (start, end), group in spans.items():
        parts.append(Content(" "))
        if (start, end) != (0, paragraph_len):
            parts.append(literal(quoted(group[0].quote, QUOTE_LIMIT) + " ", muted))
        for i, c in enumerate(group):
            if i:
                parts.append(literal(" · ", muted))
            parts.append(literal(c.tag, colour_style(colours.get(c.tag, ""), bold=True)))
            if several:
                parts.append(literal(f" ‹{c.by}›", muted))
            if c.memo:
                parts.append(literal(f" {MEMO_MARK}", muted))
    return Content("").join(parts)


def paragraph_content(
    index: int, text: str, kind_style: Style | None, entities: list[Entity], marks: Marks, style: Mapping[str, Style]
) -> Content:
    """Passage ``index`` with its spans styled; ``style`` maps component-class names to resolved styles."""
    spans = []
    for e in entities:
        if e.type == "unit" and e.key in marks.focus_units:
            # Full (not partial) styles where a class sets an opaque background:
            # Textual's partial styles drop it.
            spans.append((e.start, e.end, style["reader--focus"]))
        elif (kind := SHOWN_AS.get(e.type, e.type)) in ENTITY_TYPES and kind not in marks.hidden_types:
            spans.append((e.start, e.end, style[f"reader--{kind}"]))
    for c in (marks.codings or {}).get(index, ()):
        spans.append((c.start, c.end, style["reader--tagged"]))
    sel = marks.selection
    if sel is not None and sel.paragraph == index:
        spans.append((*sel.span, style["reader--selection"]))
    for start, end in (marks.matches or {}).get(index, ()):
        current = marks.current_hit == (index, start)
        spans.append((start, end, style["reader--match-current" if current else "reader--match"]))
    content = with_spans(text, spans)
    return content.stylize_before(kind_style) if kind_style else content
