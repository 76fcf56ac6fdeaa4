"""The user's corrections to the entities analysis found: one typed record and its row in the user store.

A correction is keyed by what the user saw, never by an offset: the article's id (a
hash of its source path, stable across rebuilds), the exact surface text, and the
entity type. Offsets move when the cleaner changes; the text of a name does not. So a
correction needs no re-anchoring after a rebuild, and it covers every occurrence:

- ``reject`` with an article: "not a person here", every ``text`` entity of that type
  (of any type when ``type`` is None) in that article is dropped;
- ``reject`` without an article (``everywhere``): "never a person", in every article;
- ``add`` (article and type required): every occurrence of ``text`` in that article is
  an entity of that type. An add is never corpus-wide: it would mark a string in
  articles nobody read (a two-character name is a substring of many words).

Rejections apply to what analysis found, adds to the text: an add in an article wins
there over a rejection of the same text anywhere ("never a person, except here").
The id is a digest of the four keys, so the same correction given twice is one row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal, get_args

from store.db.schema import EntityType

Action = Literal["reject", "add"]
ACTIONS: tuple[str, ...] = get_args(Action)
CORRECTABLE_TYPES: tuple[str, ...] = get_args(EntityType)  # every type analysis writes, anonymised people included
MAX_TEXT = 60  # code points: the longest unit name in the seeds is 21; a "name" longer than this is a slip of the keys


@dataclass(frozen=True, slots=True)
class Correction:
    """One user correction; ``article`` None means every article (rejections only)."""

    id: str
    action: str
    article: str | None
    text: str
    type: str | None
    created: float = 0.0

    @property
    def everywhere(self) -> bool:
        return self.article is None

    def matches(self, entity_type: str, text: str) -> bool:
        """Whether this correction speaks of an entity of ``entity_type`` reading ``text``."""
        return text == self.text and (self.type is None or self.type == entity_type)

    def describe(self) -> str:
        """One line for the CLI and the reader's notices: “张三” is not a person (here / anywhere)."""
        kind = self.type or "entity"
        a = "an" if kind in ("org", "anon", "entity") else "a"
        if self.action == "add":
            return f"“{self.text}” is {a} {kind} in {self.article}"
        return f"“{self.text}” is not {a} {kind} " + ("anywhere" if self.article is None else f"in {self.article}")


def correction_id(action: str, article: str | None, text: str, type_: str | None) -> str:
    """Twelve hex digits of the keys' digest: short enough to type after ``beat entity forget``."""
    raw = "\x1f".join((action, article or "*", type_ or "*", text))
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=6).hexdigest()


def correction_problem(action: str, article: str | None, text: str, type_: str | None) -> str | None:
    """Why these keys make no correction, or None: the one check for the CLI, the reader and the file."""
    if action not in ACTIONS:
        return f"a correction is {' or '.join(ACTIONS)}, not {action!r}"
    if not text or text != text.strip() or "\n" in text:
        return "the entity's text must be non-empty, on one line, without surrounding spaces"
    if len(text) > MAX_TEXT:
        return f"the entity's text is at most {MAX_TEXT} characters"
    if type_ is not None and type_ not in CORRECTABLE_TYPES:
        return f"no entity type {type_!r} (one of {', '.join(CORRECTABLE_TYPES)})"
    if action == "add" and (article is None or type_ is None):
        return "an added entity needs an article and a type"
    return None


def make_correction(action: str, article: str | None, text: str, type_: str | None, created: float) -> Correction:
    """A checked correction; raises ValueError with :func:`correction_problem`'s sentence."""
    problem = correction_problem(action, article, text, type_)
    if problem is not None:
        raise ValueError(problem)
    return Correction(correction_id(action, article, text, type_), action, article, text, type_, created)


def encode_correction(c: Correction) -> dict[str, Any]:
    """The row in the user store's ``entity_corrections`` table (JSON)."""
    return {"id": c.id, "action": c.action, "article": c.article, "text": c.text, "type": c.type, "created": c.created}


def decode_correction(row: dict[str, Any]) -> Correction:
    """:func:`encode_correction` undone; the row was checked on open (``user_schema.CORRECTION``)."""
    return Correction(row["id"], row["action"], row["article"], row["text"], row["type"], row.get("created", 0.0))
