"""REFI-QDA import, placing: a source's selections onto the cleaned article's paragraphs.

A source's text is cleaned like any import (title taken, furniture dropped, lines
joined, script simplified), so its offsets are not Beat's. Two cases:

- the text is exactly what Beat exports for the article (title, blank line,
  paragraphs; simplified or original script): offsets map directly;
- otherwise each cleaned paragraph is found in the source by its characters other
  than white space (joined lines and collapsed spaces do not matter), in order, and
  each selected character follows its paragraph. A selection over several paragraphs
  becomes one coding per paragraph; one on text the cleaner removed (the title, a
  byline) has no place and is kept as an orphan with its quote, never dropped.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from store.corpus.anchors import make_anchor, reanchor
from store.corpus.qdpx_export import source_text
from store.corpus.qdpx_import import Selection
from store.corpus.script_map import map_span
from store.corpus.tags import Coding
from store.db.schema import Paragraph


@dataclass(frozen=True, slots=True)
class Piece:
    paragraph: int
    start: int
    end: int


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


class Placer:
    """Where offsets of one source's text fall in one article's paragraphs."""

    def __init__(self, text: str, title: str, original_title: str | None, paragraphs: tuple[Paragraph, ...]) -> None:
        self.paragraphs = paragraphs
        self.texts = [p.text for p in paragraphs]
        self.where: dict[int, tuple[int, int, bool]] = {}  # source offset -> (paragraph, offset, in original script)
        for shown, head, original in (
            (self.texts, title, False),
            ([p.original or p.text for p in paragraphs], original_title or title, True),
        ):
            rendered, starts = source_text(head, shown)
            if rendered.rstrip("\n") == text.rstrip("\n"):
                for i, (s, para) in enumerate(zip(starts, shown, strict=True)):
                    self.where.update((s + k, (i, k, original)) for k in range(len(para)))
                return
        self._align(text)

    def _align(self, text: str) -> None:
        dense = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
        chars = "".join(ch for _, ch in dense)
        cursor = 0
        for i, p in enumerate(self.paragraphs):
            for shown, original in ((p.original, True), (p.text, False)):
                if shown is None:
                    continue
                keep = [(k, ch) for k, ch in enumerate(shown) if not ch.isspace()]
                needle = "".join(ch for _, ch in keep)
                at = chars.find(needle, cursor) if needle else -1
                if at < 0 and needle:
                    at = chars.find(needle)
                if at >= 0:
                    self.where.update((dense[at + n][0], (i, k, original)) for n, (k, _) in enumerate(keep))
                    cursor = at + len(needle)
                    break

    def pieces(self, start: int, end: int) -> list[Piece]:
        """The spans of the selection ``start:end`` in the article, one per paragraph it touches."""
        spans: dict[int, list[int]] = {}
        script: dict[int, bool] = {}
        for k in range(start, end):
            if k in self.where:
                p, off, original = self.where[k]
                span = spans.setdefault(p, [off, off + 1])
                span[0], span[1] = min(span[0], off), max(span[1], off + 1)
                script[p] = original
        out = []
        for p, (a, b) in sorted(spans.items()):
            para = self.paragraphs[p]
            if script[p] and para.original is not None:
                a, b = map_span(para.original, para.text, a, b)
            if a < b:
                out.append(Piece(p, a, b))
        return out


def codings_for(
    article: str, placer: Placer, selection: Selection, tags: tuple[str, ...] | None = None
) -> tuple[list[Coding], bool]:
    """The codings of one selection on ``article`` and whether it had to be kept as an orphan."""
    pieces = placer.pieces(selection.start, selection.end)
    out = []
    for tag in tags or selection.codes:
        if not pieces:
            out.append(orphan(article, tag, selection, placer.texts))
            continue
        for n, piece in enumerate(pieces):
            a = make_anchor(placer.texts, piece.paragraph, piece.start, piece.end)
            out.append(
                Coding(_new_id(), tag, article, a.paragraph, a.start, a.end, a.quote, a.before, a.after, a.position,
                       selection.memo if n == 0 else "", selection.created or time.time(), coder=selection.coder)
            )
    return out, not pieces


def orphan(article: str, tag: str, selection: Selection, texts: list[str] | None) -> Coding:
    """A coding whose quote has no place in the text: found again if it is there after all, else an orphan."""
    quote = " ".join(selection.quote.split())
    created = selection.created or time.time()
    guess = make_anchor([quote], 0, 0, len(quote)) if quote else None
    placed = reanchor(guess, texts) if guess is not None and texts else None
    if placed is not None:
        return Coding(_new_id(), tag, article, placed.paragraph, placed.start, placed.end, placed.quote, placed.before,
                      placed.after, placed.position, selection.memo, created, coder=selection.coder)
    return Coding(_new_id(), tag, article, 0, 0, len(quote), quote, "", "", 0, selection.memo, created, True, selection.coder)
