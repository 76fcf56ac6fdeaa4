"""An Input that leaves the space bar to its dialog (space selects; queries need none).

Chinese text, pinyin and initials are typed without spaces, so the unit pickers use
space to select the highlighted unit while the query field keeps focus.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class QueryInput(Input):
    DEFAULT_CSS = """
    QueryInput { margin: 0 0 1 0; }
    """

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if key == "space":
            return False
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "space":
            return  # let the dialog's priority binding have it
        await super()._on_key(event)
