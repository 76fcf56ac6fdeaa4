"""What ``t``, ``x``, ``M`` and ``#`` do on the reading screen, kept out of ``main.py``.

The screen owns the state (open article, cursor, selection); this reads it, asks
the user with a dialog and hands the change to ``BeatApp.write_tags``, which writes
under the user-store lock and redraws everything that shows tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from store.corpus.tags import Coding
from store.corpus.query import FAILED, USER_WRITE_LOCK
from tui.safe_text import literal
from tui.styles import colour_style

if TYPE_CHECKING:
    from tui.app import BeatApp
    from tui.dialogs.tag_dialog import TagRequest
    from tui.screens.main import MainScreen


def coding_label(c: Coding, colours: dict[str, str]) -> Content:
    """``■ 纠纷  “quote”  ✎ memo`` for choosing one of a passage's tags."""
    quote = c.quote if len(c.quote) <= 30 else c.quote[:29] + "…"
    label = literal("■ ", colour_style(colours.get(c.tag, ""))) + literal(c.tag, "bold") + literal(f"  “{quote}”", "$text-muted")
    return label + literal(f"  ✎ {c.memo}", "italic") if c.memo else label


class PassageTagging:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> BeatApp:
        return self.screen.app  # type: ignore[return-value]

    def colours(self) -> dict[str, str]:
        book = self.app.tagbook
        if book is None:
            return {}
        with USER_WRITE_LOCK:
            return {t.name: t.colour for t in book.tags()}

    def show(self, codings: list[Coding] | None = None) -> None:
        screen, book = self.screen, self.app.tagbook
        screen.articles.restyle()
        if book is None or screen.doc is None:
            return
        aid = screen.doc.article.id
        if codings is None:
            with USER_WRITE_LOCK:
                codings = book.codings(article=aid)
        screen.reader.set_tags([c for c in codings if c.article == aid], self.colours())

    def _here(self) -> list[Coding]:
        return self.screen.reader.codings.get(self.screen.reader.cursor, [])

    # --- t ------------------------------------------------------------------------
    def tag(self, selection: bool) -> None:
        from tui.dialogs.tag_dialog import TagDialog

        screen, book, doc = self.screen, self.app.tagbook, self.screen.doc
        if doc is None:
            return
        if book is None:
            self.app.notify("Tagging needs a user store.", severity="warning", markup=False)
            return
        sel = screen.reader.selection if selection else None
        paragraph = sel.paragraph if sel else screen.reader.cursor
        text = doc.article.paragraphs[paragraph].text
        start, end = sel.span if sel else (0, len(text))
        if end <= start:
            self.app.notify("This passage is empty: nothing to tag.", severity="warning", markup=False)
            return
        with USER_WRITE_LOCK:
            tags = book.tags()
        texts = [p.text for p in doc.article.paragraphs]

        def chosen(request: TagRequest | None) -> None:
            if request is None:
                return
            added = self.app.write_tags(
                lambda b: b.add(doc.article.id, texts, paragraph, start, end, request.tags, request.memo), "tag the passage"
            )
            if added is FAILED:
                return
            screen.reader.selection = None
            what = "selection" if sel else "passage"
            if added:
                self.app.notify(f"Tagged the {what} with {', '.join(c.tag for c in added)}.", title="Tags", markup=False)  # type: ignore[union-attr]
            else:
                self.app.notify(f"The {what} already has these tags.", title="Tags", markup=False)

        self.app.push_screen(TagDialog(f"¶{paragraph + 1} of {doc.article.title}", text[start:end], tags), chosen)

    # --- x and M ------------------------------------------------------------------
    def _choose(self, title: str, then: object) -> None:
        """Call ``then(coding)`` with the passage's only coding, or the one the user picks."""
        from tui.dialogs.choice import ChoiceDialog

        here = self._here()
        if not here:
            return
        if len(here) == 1:
            then(here[0])  # type: ignore[operator]
            return
        colours = self.colours()
        by_id = {c.id: c for c in here}

        def chosen(coding_id: str | None) -> None:
            if coding_id in by_id:
                then(by_id[coding_id])  # type: ignore[operator]

        options = [(c.id, coding_label(c, colours)) for c in here]
        self.app.push_screen(ChoiceDialog(literal(title), options), chosen)

    def untag(self) -> None:
        def remove(c: Coding) -> None:
            if self.app.write_tags(lambda b: b.remove([c.id]), "remove the tag") is not FAILED:
                self.app.notify(f"Removed the tag {c.tag} (ctrl+z undoes).", title="Tags", markup=False)

        self._choose("Remove which tag from this passage?", remove)

    def edit_memo(self) -> None:
        from tui.dialogs.prompt import TextPrompt

        def edit(c: Coding) -> None:
            def saved(memo: str | None) -> None:
                if memo is not None and memo.strip() != c.memo:
                    if self.app.write_tags(lambda b: b.set_memo(c.id, memo.strip()), "save the memo") is not FAILED:
                        self.app.notify(f"Memo of {c.tag} saved.", title="Tags", markup=False)

            title = Content("Memo on ") + literal(c.tag, colour_style(self.colours().get(c.tag, ""), bold=True))
            self.app.push_screen(TextPrompt(title, c.memo, help=f"“{c.quote}”", placeholder="memo"), saved)

        self._choose("Edit the memo of which tag?", edit)

    # --- # --------------------------------------------------------------------------
    def browse(self) -> None:
        from tui.screens.tag_browser import TagBrowser

        screen, index, book = self.screen, self.screen.index, self.app.tagbook
        if index is None:
            return
        if book is None:
            self.app.notify("Tagging needs a user store.", severity="warning", markup=False)
            return

        def chosen(place: tuple[str, int] | None) -> None:
            if place is None:
                return
            article_id, paragraph = place
            if article_id not in index.by_id:
                self.app.notify("That article is no longer in the corpus.", severity="warning", markup=False)
                return
            screen.open_article(article_id, paragraph)
            screen.reader.focus()

        self.app.push_screen(TagBrowser(index, book, screen.focus_keys), chosen)
