"""Component-class styles for text spans, resolved the way the theme means them.

Textual's ``get_visual_style(name, partial=True)`` resolves colours with alpha
against a blank base (``$text-muted`` comes out near-white on a light theme) and
drops opaque backgrounds; the full style gets both right but also carries the
widget's own background. A span wants the full style's colours, but only the
properties its class actually sets, so it can sit on a tinted cursor line.
"""

from __future__ import annotations

from textual.style import Style
from textual.widget import Widget

# Entity colours are theme variables ($beat-unit …): a theme may override them.
DARK_ENTITY_COLOURS = {
    "beat-unit": "#f5a524",
    "beat-person": "#4ade80",
    "beat-place": "#60a5fa",
    "beat-org": "#e879f9",
    "beat-time": "#22d3ee",
    "beat-figure": "#fca5a5",
    "beat-match": "#facc15",
}
# One shade darker than the 700s they were: on textual-light's #e0e0e0 (and the reader's
# tinted cursor line) unit, person and time text measured 3.7-4.1:1, under WCAG's 4.5:1
# for text (tests/tui/test_contrast.py computes it).
LIGHT_ENTITY_COLOURS = {
    "beat-unit": "#92400e",
    "beat-person": "#166534",
    "beat-place": "#1e40af",
    "beat-org": "#86198f",
    "beat-time": "#155e75",
    "beat-figure": "#991b1b",
    "beat-match": "#ca8a04",
}

NARROW = 110  # below this many columns only one sidebar shows, and footers go compact


def component_style(widget: Widget, name: str) -> Style:
    full = widget.get_visual_style(name)
    partial = widget.get_visual_style(name, partial=True)
    rules = widget.get_component_styles(name)
    return Style(
        background=full.background if rules.has_rule("background") else None,
        foreground=full.foreground if rules.has_rule("color") else None,
        bold=partial.bold,
        dim=partial.dim,
        italic=partial.italic,
        underline=partial.underline,
        strike=partial.strike,
    )


def colour_style(colour: str, bold: bool = False) -> Style:
    """A tag's colour as a text style; a colour the store holds but Textual can't read is ignored."""
    from textual.color import Color, ColorParseError

    try:
        return Style(foreground=Color.parse(colour), bold=bold)
    except ColorParseError:
        return Style(bold=bold)
