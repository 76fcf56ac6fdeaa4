"""Above the reader: title, outlet, dates (publication and reference), bylines and units named.

Byline names are drawn as people: the cleaner moved them out of the body, so they have
no span in a passage; ``ReaderDoc.credit_people`` gives each its span on the credits line.

The reference date is the one relative expressions ("今年2月") were resolved against;
saying whether it was inferred, set by the user or unknown tells the reader how far
to trust the timeline.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.safe_text import join, literal, with_spans
from tui.widgets.reader_doc import ReaderDoc


def reference_text(date: str | None, status: str) -> str:
    if not date or status == "unknown":
        return "reference date unknown"
    if status == "user":
        return f"reference {date} (set by you)"
    if status in ("published", "publication"):
        return f"reference {date} (publication date)"
    return f"reference {date} ({status})"


class ArticleHeader(Static):
    DEFAULT_CSS = """
    ArticleHeader {
        height: auto;
        max-height: 5;
        padding: 0 1 0 3;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border-bottom: solid $foreground 15%;
        color: $text-muted;
    }
    """

    def show_doc(self, doc: ReaderDoc | None, unit_names: list[str], original: bool = False) -> None:
        if doc is None:
            self.update("")
            return
        a = doc.article
        title = a.original_title if original and a.original_title else a.title
        lines = [
            literal(title, "bold $foreground"),
            join(
                [
                    a.source or "outlet unknown",
                    f"published {a.published}" if a.published else "date unknown",
                    reference_text(*doc.reference),
                    "original script" if original else "",
                ]
            ),
        ]
        if doc.credits:
            # the names are people like those in the body, in the same colour (issue 13)
            people = [(e.start, e.end, "$beat-person") for e in doc.credit_people]
            lines.append(with_spans(doc.credits, [(0, len(doc.credits), "$text-muted"), *people]))
        if unit_names:
            lines.append(Content("units: ") + join(unit_names, " · ").stylize("$beat-unit"))
        self.update(Content("\n").join(lines))
