"""The entity legend under the article header; it also tells which of 1–6 are off."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from store.db.schema import ENTITY_TYPES
from tui.styles import component_style


class Legend(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {*(f"legend--{t}" for t in ENTITY_TYPES), "legend--off", "legend--key"}
    DEFAULT_CSS = """
    Legend {
        height: 1;
        padding: 0 1 0 3;
        color: $text-muted;
        & > .legend--key { color: $text-muted; }
        & > .legend--off { color: $text-disabled; text-style: strike; }
        & > .legend--unit { color: $beat-unit; text-style: bold; }
        & > .legend--person { color: $beat-person; }
        & > .legend--place { color: $beat-place; }
        & > .legend--org { color: $beat-org; }
        & > .legend--time { color: $beat-time; text-style: underline; }
        & > .legend--figure { color: $beat-figure; }
    }
    """

    hidden_types: reactive[frozenset[str]] = reactive(frozenset())
    show_original: reactive[bool] = reactive(False)

    def render(self) -> Content:
        parts: list[Content] = []
        for number, kind in enumerate(ENTITY_TYPES, start=1):
            name = "legend--off" if kind in self.hidden_types or self.show_original else f"legend--{kind}"
            parts.append(
                Content(f"{number}").stylize(component_style(self, "legend--key"))
                + Content(" ")
                + Content(kind).stylize(component_style(self, name))
            )
        legend = Content("  " if self.size.width >= 60 else " ").join(parts)
        if self.show_original:
            legend += Content("  original script: no highlights")
        return legend
