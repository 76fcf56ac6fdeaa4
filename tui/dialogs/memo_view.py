"""``enter`` in the reader: the memos of the passage under the cursor, in full.

The reader marked a memo only with ✎ on the tag line (issue 16, friction 10): reading it
meant opening the edit dialog (M) or the tag browser. This shows, for each tag on the
passage, the tagged words, the passage's memo and the tag's own memo; M still edits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from store.corpus.tags import Coding, Tag
from tui.dialogs.base import BeatDialog
from tui.safe_text import literal
from tui.styles import colour_style
from tui.symbols import MEMO

QUOTE = 40  # characters of the tagged words shown; the passage itself is on screen behind


def memo_content(codings: Iterable[Coding], tags: dict[str, Tag]) -> Content:
    """One block per coding: ``tag “words”``, then its memo and the tag's memo, or "no memo"."""
    blocks: list[Content] = []
    for c in sorted(codings, key=lambda c: (c.start, c.tag)):
        tag = tags.get(c.tag)
        head = literal(c.tag, colour_style(tag.colour if tag else "", bold=True))
        quote = c.quote if len(c.quote) <= QUOTE else c.quote[: QUOTE - 1] + "…"
        lines = [head + literal(f"  “{quote}”", "$text-muted")]
        if c.memo:
            lines.append(literal(f"  {MEMO} ") + literal(c.memo))
        if tag is not None and tag.memo:
            lines.append(literal(f"  {MEMO} tag: ", "$text-muted") + literal(tag.memo, "italic"))
        if len(lines) == 1:
            lines.append(literal("  no memo (M writes one)", "$text-muted"))
        blocks.append(Content("\n").join(lines))
    return Content("\n\n").join(blocks)


class MemoView(BeatDialog[None]):
    DEFAULT_CSS = """
    MemoView > Vertical.dialog { max-width: 90; max-height: 80%; }
    MemoView VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "cancel", "Close", id="memos.close"),
    ]

    def __init__(self, title: str, body: Content) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.title_text, "bold"))
            with VerticalScroll():
                yield Static(self.body, id="memo-body")
        yield Footer()
