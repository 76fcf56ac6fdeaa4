"""Set the date an article's relative expressions ("今年2月", "昨天") count from.

Returns the date as YYYY-MM-DD, "" to go back to the date found in the text, or
None when cancelled. Validation happens here so the store only sees real dates.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Footer, Input, Static

from tui.safe_text import literal


def parse_date(text: str) -> str | None:
    """The ISO date in ``text``, or None if it is not a real YYYY-MM-DD date."""
    text = text.strip()
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


class IsoDate(Validator):
    def validate(self, value: str) -> ValidationResult:
        if not value.strip() or parse_date(value):
            return self.success()
        return self.failure("use YYYY-MM-DD, a real date (or leave empty to clear)")


class DateDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    DateDialog { align: center middle; }
    DateDialog > Vertical {
        width: 64; height: auto; border: thick $accent; background: $surface; padding: 0 1;
    }
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
        with Vertical():
            yield Static(Content("Reference date of ").stylize("bold") + literal(self.article_title, "bold $accent"))
            yield Static(
                literal(f"Now: {self.current or 'unknown'} ({self.status}). Relative dates count from it. Empty = use the text's date."),
                id="date-help",
            )
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
        date = parse_date(value)
        if date is None:
            self.query_one("#date-error", Static).update(Content("Use YYYY-MM-DD, a real date — or leave it empty to clear."))
            return
        self.dismiss(date)

    def action_cancel(self) -> None:
        self.dismiss(None)
