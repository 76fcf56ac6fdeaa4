"""The frame every modal dialog shares: centred, one ``.dialog`` box, escape cancels, arrows move.

Eight dialogs (choice, date, merge, prompt, search, tag, unit picker, help) had each
repeated the same frame CSS and the same cancel and move actions. A dialog answers
only through ``dismiss`` (None when cancelled): it never reaches into the app.
Subclasses keep their own bindings (their ids name them in ``?`` and the palette) and
set only their box's size, as ``Name > Vertical.dialog { ... }`` (more specific than
the frame's rule, so it wins whatever order the CSS is read in).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import OptionList

T = TypeVar("T")


class BeatDialog(ModalScreen[T]):
    DEFAULT_CSS = """
    BeatDialog { align: center middle; }
    BeatDialog > .dialog {
        width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_move(self, how: str) -> None:
        """Move the dialog's list cursor: ``up``/``down`` or ``page_up``/``page_down``, typing in the input meanwhile."""
        options = self.query_one(OptionList)
        getattr(options, f"action_{'cursor_' + how if how in ('up', 'down') else how}")()
