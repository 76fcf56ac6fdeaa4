"""What the reader shows for one article, loaded off the UI thread: text, entities by passage, events.

Kept apart from the widget so that the header, the screen and passage tagging can
name the type without importing the 600-line reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.db.schema import Article, Entity, Event


@dataclass(frozen=True, slots=True)
class ReaderDoc:
    """Everything the reader shows for one article, loaded off the UI thread."""

    article: Article
    entities: dict[int, list[Entity]]
    events: list[Event]
    reference: tuple[str | None, str] = (None, "unknown")
    units: tuple[str, ...] = ()
    credits: str = ""  # bylines as one line ("记者 甲乙 · 通讯员 丙丁"), from the article's metadata
    credit_people: tuple[Entity, ...] = ()  # a person span per name on ``credits`` (store.db.metadata.byline_entities)

    @classmethod
    def group(cls, article: Article, entities: list[Entity], events: list[Event], **kw: object) -> ReaderDoc:
        by_para: dict[int, list[Entity]] = {}
        for e in entities:
            by_para.setdefault(e.paragraph, []).append(e)
        return cls(article, by_para, events, **kw)  # type: ignore[arg-type]

    def paragraphs_mentioning(self, keys: frozenset[str]) -> list[int]:
        return sorted(p for p, ents in self.entities.items() if any(e.type == "unit" and e.key in keys for e in ents))
