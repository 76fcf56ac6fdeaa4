"""The passages where two labels meet: what enter on a co-occurrence cell or pair opens.

One line per place (date, title, ¶, the paragraph's start), in corpus order; enter
dismisses with (article, paragraph), and the co-occurrence view hands that to the reader
as the concordance does. Corpus text is shown through ``literal`` (never markup).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from store.analysis.cooccurrence_matrix import Place
from store.corpus.query import CorpusIndex
from store.text.wording import plural
from tui.safe_text import join, literal

SNIPPET = 60  # characters of the paragraph after its title: a 160-column line holds it


class PairPassages(Screen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    PairPassages #pair-title { height: 1; padding: 0 1; background: $panel; }
    PairPassages #pair-places { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the co-occurrence view", id="pairs.back"),
    ]

    def __init__(self, index: CorpusIndex, title: str, found: list[Place]) -> None:
        super().__init__()
        self.index = index
        self.title_text = title
        self.found = found

    def compose(self) -> ComposeResult:
        yield Static(literal(f"{self.title_text}: {plural(len(self.found), 'passage')} · enter opens one in the reader"),
                     id="pair-title")
        yield OptionList(*(Option(self._prompt(p), id=str(n)) for n, p in enumerate(self.found)), id="pair-places")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(OptionList)
        view.focus()
        if self.found:
            view.highlighted = 0

    def _prompt(self, place: Place) -> Content:
        doc = self.index.by_id[place.article]
        texts = self.index.corpus.paragraph_texts(place.article)
        text = texts[place.paragraph] if 0 <= place.paragraph < len(texts) else ""
        return join([literal((doc.published or "-")[:10], "dim"), literal(doc.title, "bold"),
                     literal(f"¶{place.paragraph + 1}"), literal(text[:SNIPPET])], "  ")

    @on(OptionList.OptionSelected, "#pair-places")
    def open_place(self, event: OptionList.OptionSelected) -> None:
        place = self.found[int(event.option.id or 0)]
        self.dismiss((place.article, place.paragraph))

    def action_back(self) -> None:
        self.dismiss(None)
