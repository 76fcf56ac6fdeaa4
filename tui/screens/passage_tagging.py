"""What ``t``, ``x``, ``M`` and ``#`` do on the reading screen, kept out of ``main.py``.

The screen owns the state (open article, cursor, selection); this reads it, asks
the user with a dialog and hands the change to the workspace (through
``tui.writes.write_tags``), which writes under its lock and says :class:`TagsChanged`;
the app then redraws everything that shows tags. The screen is seen through
:class:`TaggingHost`, the few things this needs of it, so neither module imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from textual.app import App
from textual.content import Content

from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding
from store.workspace import Workspace
from tui.safe_text import literal, quoted
from tui.styles import colour_style
from tui.writes import write_tags

if TYPE_CHECKING:
    from tui.dialogs.tag_dialog import TagRequest
    from tui.widgets.article_list import ArticleList
    from tui.widgets.reader import Reader
from tui.widgets.reader_doc import ReaderDoc


class TaggingHost(Protocol):
    """What passage tagging needs of the reading screen."""

    workspace: Workspace
    index: CorpusIndex | None
    doc: ReaderDoc | None
    focus_keys: frozenset[str]

    @property
    def app(self) -> App[object]: ...
    @property
    def reader(self) -> Reader: ...
    @property
    def articles(self) -> ArticleList: ...
    def open_article(self, article_id: str, paragraph: int | None = None) -> None: ...


def coding_label(c: Coding, colours: dict[str, str]) -> Content:
    """``■ 纠纷  “quote”  ✎ memo`` for choosing one of a passage's tags."""
    label = literal("■ ", colour_style(colours.get(c.tag, ""))) + literal(c.tag, "bold")
    label += literal(f"  {quoted(c.quote, 30)}", "$text-muted")
    return label + literal(f"  ✎ {c.memo}", "italic") if c.memo else label


class PassageTagging:
    def __init__(self, screen: TaggingHost) -> None:
        self.screen = screen
        self.workspace = screen.workspace

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def colours(self) -> dict[str, str]:
        return {t.name: t.colour for t in self.workspace.tags()}

    def show(self, codings: list[Coding] | None = None) -> None:
        screen = self.screen
        screen.articles.restyle()
        if self.workspace.tagbook is None or screen.doc is None:
            return
        aid = screen.doc.article.id
        if codings is None:
            codings = self.workspace.codings(article=aid)
        screen.reader.set_tags([c for c in codings if c.article == aid], self.colours())

    def _here(self) -> list[Coding]:
        return self.screen.reader.codings.get(self.screen.reader.cursor, [])

    # --- t ------------------------------------------------------------------------
    def tag(self, selection: bool) -> None:
        """Ask for the coder's name first if the data home has none yet (issue 19), then tag."""
        from tui.team_actions import ensure_coder

        ensure_coder(self.app, lambda: self._tag(selection))

    def _tag(self, selection: bool) -> None:
        from tui.dialogs.tag_dialog import TagDialog

        screen, doc = self.screen, self.screen.doc
        if doc is None:
            return
        if self.workspace.tagbook is None:
            self.app.notify("Tagging needs a user store.", severity="warning", markup=False)
            return
        sel = screen.reader.selection if selection else None
        paragraph = sel.paragraph if sel else screen.reader.cursor
        text = doc.article.paragraphs[paragraph].text
        start, end = sel.span if sel else (0, len(text))
        if end <= start:
            self.app.notify("This passage is empty: nothing to tag.", severity="warning", markup=False)
            return
        tags = self.workspace.tags()

        def chosen(request: TagRequest | None) -> None:
            if request is None:
                return
            written = write_tags(
                self.app,
                self.workspace,
                lambda ws: ws.add_tags(doc.article.id, paragraph, request.tags, start, end, request.memo),
            )
            if written is None:
                return
            added = written.value
            screen.reader.selection = None
            what = "selection" if sel else "passage"
            if added:
                self.app.notify(f"Tagged the {what} with {', '.join(c.tag for c in added)}.", title="Tags", markup=False)
            else:
                self.app.notify(f"The {what} already has these tags.", title="Tags", markup=False)

        self.app.push_screen(TagDialog(f"¶{paragraph + 1} of {doc.article.title}", text[start:end], tags), chosen)

    # --- x and M ------------------------------------------------------------------
    def _choose(self, title: str, then: Callable[[Coding], None]) -> None:
        """Call ``then(coding)`` with the passage's only coding, or the one the user picks."""
        from tui.dialogs.choice import ChoiceDialog

        here = self._here()
        if not here:
            return
        if len(here) == 1:
            then(here[0])
            return
        colours = self.colours()
        by_id = {c.id: c for c in here}

        def chosen(coding_id: str | None) -> None:
            if coding_id in by_id:
                then(by_id[coding_id])

        options = [(c.id, coding_label(c, colours)) for c in here]
        self.app.push_screen(ChoiceDialog(literal(title), options), chosen)

    def untag(self) -> None:
        def remove(c: Coding) -> None:
            if write_tags(self.app, self.workspace, lambda ws: ws.remove_codings([c.id])) is not None:
                self.app.notify(f"Removed the tag {c.tag} (ctrl+z undoes).", title="Tags", markup=False)

        self._choose("Remove which tag from this passage?", remove)

    def edit_memo(self) -> None:
        from tui.dialogs.prompt import TextPrompt

        def edit(c: Coding) -> None:
            def saved(memo: str | None) -> None:
                if memo is not None and memo.strip() != c.memo:
                    if write_tags(self.app, self.workspace, lambda ws: ws.set_memo(c.id, memo.strip())) is not None:
                        self.app.notify(f"Memo of {c.tag} saved.", title="Tags", markup=False)

            title = Content("Memo on ") + literal(c.tag, colour_style(self.colours().get(c.tag, ""), bold=True))
            self.app.push_screen(TextPrompt(title, c.memo, help=f"“{c.quote}”", placeholder="memo"), saved)

        self._choose("Edit the memo of which tag?", edit)

    # --- # --------------------------------------------------------------------------
    def browse(self) -> None:
        from tui.screens.tag_browser import TagBrowser

        screen, index = self.screen, self.screen.index
        if index is None:
            return
        if self.workspace.tagbook is None:
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

        self.app.push_screen(TagBrowser(self.workspace, index, screen.focus_keys), chosen)
