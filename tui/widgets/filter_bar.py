"""The header line: what the lists are filtered by, and what n/N will step through."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.safe_text import literal


class FilterBar(Static):
    DEFAULT_CSS = """
    FilterBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def show(
        self,
        shown: int,
        total: int,
        units: list[str],
        include_subunits: bool,
        search: str | None,
        hit: int,
        hits: int,
        timeline: str,
    ) -> None:
        parts = [Content("Beat").stylize("bold $accent"), literal(f"{shown}/{total} articles" if units else f"{total} articles")]
        if units:
            names = Content(" | ").join(literal(u) for u in units).stylize("bold $beat-unit")
            parts.append(Content("unit: ") + names + (Content(" +sub-units") if include_subunits else Content("")))
        if search:
            parts.append(
                Content("search “")
                + literal(search, "bold $beat-match")
                + Content(f"” {hit + 1}/{hits}" if hits else "” no matches")
            )
        if timeline == "corpus":
            parts.append(Content("corpus timeline"))
        if not units and not search:
            parts.append(Content("no filter · u units · / search · ? keys").stylize("$text-muted"))
        self.update(Content(" · ").join(parts))
