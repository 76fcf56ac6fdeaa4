"""Set the date an article's relative expressions ("今年2月", "昨天") count from.

Returns the date as YYYY-MM-DD, "" to go back to the date found in the text, or
None when cancelled. The rule is the store's (``store.db.dates.iso_date``), the one
``beat date`` and the user store apply too.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.validation import ValidationResult, Validator
from textual.widgets import Footer, Input, Static

from store.db.dates import InvalidDate, is_iso_date, iso_date
from tui.dialogs.base import BeatDialog
from tui.safe_text import literal


class IsoDate(Validator):
    def validate(self, value: str) -> ValidationResult:
        if not value.strip() or is_iso_date(value):
            return self.success()
        return self.failure("use YYYY-MM-DD, a real date (or leave empty to clear)")


SOURCES = {
    "user": "set by you",
    "published": "the publication date",
    "corrected": "the publication date, corrected",
    "dateline": "the dateline",
    "url": "a date in the page address",
    "filename": "a date in the file name",
    "inferred": "inferred from the text",
}


def date_status(current: str | None, status: str) -> str:
    """What relative dates count from now, in words ("Now: unknown (unknown)" said nothing, issue 16)."""
    if not current:
        return (
            "No reference date yet: relative dates (昨天, 今年2月) stay unresolved. "
            "Type one, or leave empty to keep using the text's date."
        )
    source = SOURCES.get(status, status)
    return f"Relative dates count from {current} ({source}). Empty = use the text's date."


class DateDialog(BeatDialog[str | None]):
    DEFAULT_CSS = """
    DateDialog > Vertical.dialog { width: 64; }
    DateDialog #date-error { color: $error; height: auto; }
    DateDialog #date-help { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="date.cancel"),
        Binding("enter", "save", "Save", priority=True, id="date.save"),
    ]

    def __init__(self, title: str, current: str | None, status: str) -> None:
        super().__init__()
        self.article_title = title
        self.current = current
        self.status = status

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Reference date of ").stylize("bold") + literal(self.article_title, "bold $accent"))
            yield Static(literal(date_status(self.current, self.status)), id="date-help")
            yield Input(
                value=self.current if self.status == "user" and self.current else "",
                placeholder="YYYY-MM-DD",
                validators=[IsoDate()],
                max_length=10,
                id="date-input",
            )
            yield Static(id="date-error")
        yield Footer()

    def action_save(self) -> None:
        value = self.query_one(Input).value.strip()
        if not value:
            self.dismiss("")
            return
        try:
            date = iso_date(value)
        except InvalidDate:
            self.query_one("#date-error", Static).update(Content("Use YYYY-MM-DD, a real date — or leave it empty to clear."))
            return
        self.dismiss(date)
