"""The user's entity corrections applied in the read model, after analysis, on every read.

Analysis never sees a correction and the derived store never holds one: like unit
merges and aliases they are applied when the corpus is read, so they survive every
rebuild and take effect without one. :class:`Corrections` answers three questions:

- an article's entities (reader, ``beat show``, which units a tagged passage counts under):
  rejected ones dropped, added ones placed at every occurrence of their text. An added
  span wins over any entity it overlaps (the user marked exactly this text), except one
  of its type on exactly its span, which is kept with analysis's key;
- its events (both timelines): an event whose text is a rejected time is dropped; an
  added time is highlighted but not dated (dating needs the resolver's context);
- which articles' unit counts change (the unit filter and the unit list): only those
  with a correction of their own, or an article-wide rejection of one of their units'
  surfaces. Their mentions are recounted from the corrected entities, so a corpus of
  ten thousand articles with a handful of corrections reads a handful of bodies.
  Measured on 6,000 in-memory fixture articles: the index builds in 65 ms without
  corrections and with two in one article, 380 ms with a corpus-wide rejection of a unit
  named in 2,000 of them (0.16 ms per recounted article, in the reader's worker thread).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from store.db.corrections import Correction
from store.db.schema import Entity, Event


class Corrections:
    """The user's corrections, indexed by article; empty (and free) when there are none."""

    def __init__(self, rows: Iterable[Correction] = ()) -> None:
        self.rows = tuple(rows)
        self.everywhere = tuple(c for c in self.rows if c.article is None)
        self._by_article: dict[str, list[Correction]] = {}
        self._no_time: dict[str | None, set[str]] = {}  # article (None: every one) -> texts rejected as times
        for c in self.rows:
            if c.article is not None:
                self._by_article.setdefault(c.article, []).append(c)
            if c.action == "reject" and c.type in (None, "time"):
                self._no_time.setdefault(c.article, set()).add(c.text)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def for_article(self, article: str) -> list[Correction]:
        """What applies to ``article``: its own corrections and every corpus-wide one."""
        return [*self.everywhere, *self._by_article.get(article, ())]

    def articles(self) -> set[str]:
        """Articles with a correction of their own."""
        return set(self._by_article)

    # --- entities -----------------------------------------------------------------
    def apply(self, article: str, texts: list[str], entities: list[Entity], unit_key: Callable[[str], str]) -> list[Entity]:
        """``entities`` of ``article`` (paragraph ``texts``) as the user corrected them, in text order.

        ``unit_key(text)`` is the unit key an added unit's text stands for (a known name
        or alias maps to its unit; anything else is a unit of its own).
        """
        own = self.for_article(article)
        if not own:
            return entities
        rejects = [c for c in own if c.action == "reject"]
        kept = [e for e in entities if not any(c.matches(e.type, e.text) for c in rejects)]
        added = _placed([c for c in own if c.action == "add"], texts, unit_key)
        if not added:
            return kept
        exact = {(e.type, e.paragraph, e.start, e.end): e for e in kept}
        added = [exact.get((a.type, a.paragraph, a.start, a.end), a) for a in added]
        kept = [e for e in kept if not any(_overlap(e, a) for a in added)]
        return sorted([*kept, *added], key=lambda e: (e.paragraph, e.start, -e.end))

    def no_time_articles(self) -> set[str]:
        """Articles with texts rejected as times there alone (the corpus timeline reads them one by one)."""
        return {a for a in self._no_time if a is not None}

    def no_time_everywhere(self) -> frozenset[str]:
        """Texts rejected as times in every article (the corpus timeline leaves them out of the store's order)."""
        return frozenset(self._no_time.get(None, ()))

    def drops_event(self, article: str, event: Event) -> bool:
        """Whether the user said ``event``'s text is no time (here or anywhere): one set lookup per event,
        as the corpus timeline asks this of every event of every article."""
        return event.text in self._no_time.get(article, ()) or event.text in self._no_time.get(None, ())

    # --- units --------------------------------------------------------------------
    def unit_articles(
        self, mentioning: Callable[[set[str]], Iterable[str]], units: Mapping[str, dict[str, Any]]
    ) -> set[str]:
        """Articles whose unit mentions a correction may change.

        ``mentioning(keys)``: ids of the articles analysis found any of these unit keys in
        (the store's query: no row is read); ``units``: the derived store's unit records
        (name and aliases: every surface a key was found as).
        """
        out = self.articles()
        surfaces = {c.text for c in self.everywhere if c.type in (None, "unit")}
        if not surfaces:
            return out
        keys = {
            key
            for key, rec in units.items()
            if not surfaces.isdisjoint({key, rec.get("name") or key, *(rec.get("aliases") or ())})
        }
        out.update(mentioning(keys) if keys else ())
        return out


def _placed(adds: list[Correction], texts: list[str], unit_key: Callable[[str], str]) -> list[Entity]:
    """Every occurrence of each added text, longest text first; a shorter one inside a longer one is not placed."""
    placed: list[Entity] = []
    for c in sorted(adds, key=lambda c: -len(c.text)):
        kind = c.type or "unit"  # an add always has a type (checked on write and on open)
        key = unit_key(c.text) if kind == "unit" else c.text
        for p, text in enumerate(texts):
            at = text.find(c.text)
            while at >= 0:
                span = Entity(kind, c.text, p, at, at + len(c.text), key)
                if not any(_overlap(span, other) for other in placed):
                    placed.append(span)
                at = text.find(c.text, at + len(c.text))
    return placed


def _overlap(a: Entity, b: Entity) -> bool:
    return a.paragraph == b.paragraph and a.start < b.end and b.start < a.end
