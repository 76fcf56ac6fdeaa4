"""Tags (codes) and tagged passages (codings), with session undo and redo.

Codings live in the user store, one row per tag on one span, anchored by
:mod:`store.corpus.anchors`. Every change is one atomic write of the user store. Each
operation records its inverse, so ``undo``/``redo`` cover add, remove, rename, merge,
delete, recolour and memo edits alike.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from tinydb import Query

from store.corpus.anchors import Anchor, make_anchor, reanchor
from store.db import derived
from store.db.paths import Home
from store.db.user_migrations import SLASH_IN_NAME
from store.db.userstore import UserStore
from store.text.sanitize import sanitize
from store.text.wording import plural

DEFAULT_CODER = "Beat"  # the one user every coding had before coders: old exports named it so too
SEP = "/"  # a tag's name is its path in the code hierarchy: 组织/派出所/社区警务
MAX_LEVELS, LEVEL_MAX = 8, 60  # a tag path's levels, and characters in one level
NAME_SLASH = SLASH_IN_NAME  # "／": a slash inside one level's name (an older tag's, another tool's code's)
PALETTE = (
    "#e5c07b", "#61afef", "#98c379", "#e06c75", "#c678dd", "#56b6c2",
    "#d19a66", "#abb2bf", "#f0a6ca", "#7fdbca", "#ffcb6b", "#82aaff",
)


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    colour: str
    memo: str = ""


@dataclass(frozen=True, slots=True)
class Coding:
    id: str
    tag: str
    article: str
    paragraph: int
    start: int
    end: int
    quote: str
    before: str
    after: str
    position: int
    memo: str = ""
    created: float = 0.0
    orphan: bool = False
    coder: str = ""  # who made it; "" (codings older than coders) reads as DEFAULT_CODER

    @property
    def by(self) -> str:
        """The coder, with codings made before Beat knew coders attributed to :data:`DEFAULT_CODER`."""
        return self.coder or DEFAULT_CODER

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.paragraph, self.start, self.end, self.quote, self.before, self.after, self.position)


@dataclass(slots=True)
class _Step:
    label: str
    undo: Callable[[], None]
    redo: Callable[[], None]


class TagBook:
    """The user's tags and codings; every mutation is undoable within the session."""

    def __init__(self, user: UserStore) -> None:
        self.user = user
        self._table = user.table
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._cache: dict[str, Coding] | None = None  # id -> coding; this book is the only writer
        self.coder = ""  # stamped on every coding added: the data home's coder (``store.corpus.coders``)

    def _all(self) -> dict[str, Coding]:
        if self._cache is None:
            self._cache = {r["id"]: Coding(**r) for r in self._table("codings").all()}
        return self._cache

    # --- reading ------------------------------------------------------------------
    def tags(self) -> list[Tag]:
        return sorted((Tag(**r) for r in self._table("tags").all()), key=lambda t: t.name)

    def tag(self, name: str) -> Tag | None:
        row = self._table("tags").get(Query().name == name)
        return Tag(**row) if row else None

    def codings(self, tag: str | None = None, article: str | None = None) -> list[Coding]:
        out = [c for c in self._all().values() if (tag is None or c.tag == tag) and (article is None or c.article == article)]
        out.sort(key=lambda c: (c.article, c.paragraph, c.start, c.tag))
        return out

    def counts(self) -> dict[str, tuple[int, int]]:
        """Tag name -> (codings, codings with a memo)."""
        counts: dict[str, tuple[int, int]] = {}
        for c in self.codings():
            n, m = counts.get(c.tag, (0, 0))
            counts[c.tag] = (n + 1, m + bool(c.memo))
        return counts

    # --- undo ---------------------------------------------------------------------
    def _record(self, label: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        self._undo.append(_Step(label, undo, redo))
        self._redo.clear()

    def record(self, label: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        """Put another kind of user edit (an entity correction) on the session's one undo history.

        One history, so ``ctrl+z`` undoes the last thing the user did, whatever it was.
        """
        self._record(label, undo, redo)

    def undo(self) -> str | None:
        """Undo the last change; returns what was undone, or None if nothing was left."""
        if not self._undo:
            return None
        step = self._undo.pop()
        step.undo()
        self._redo.append(step)
        return step.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        step.redo()
        self._undo.append(step)
        return step.label

    # --- raw writes (no undo bookkeeping) ------------------------------------------
    def _put_tags(self, tags: Iterable[Tag]) -> None:
        table = self._table("tags")
        for t in tags:
            table.upsert(asdict(t), Query().name == t.name)

    def _insert(self, codings: list[Coding]) -> None:
        self._table("codings").insert_multiple(asdict(c) for c in codings)
        self._all().update((c.id, c) for c in codings)

    def _delete(self, ids: set[str]) -> None:
        self._table("codings").remove(Query().id.one_of(list(ids)))
        cache = self._all()
        for i in ids:
            cache.pop(i, None)

    def _replace_codings(self, codings: list[Coding]) -> None:
        """Rewrite these codings (matched by id) in one write."""
        by_id = {c.id: asdict(c) for c in codings}

        def update(doc: dict[str, Any]) -> None:
            doc.update(by_id[doc["id"]])

        self._table("codings").update(update, Query().id.one_of(list(by_id)))
        self._all().update((c.id, c) for c in codings)

    # --- operations ---------------------------------------------------------------
    def ensure_tag(self, name: str) -> Tag:
        name = _tag_name(name)
        existing = self.tag(name)
        if existing:
            return existing
        tag = Tag(name=name, colour=PALETTE[len(self._table("tags")) % len(PALETTE)])
        self._put_tags([tag])
        return tag

    def add(
        self, article: str, paragraphs: list[str], paragraph: int, start: int, end: int, tags: list[str], memo: str = "",
        coder: str | None = None,
    ) -> list[Coding]:
        """Tag one span with one or more tags (a tag already on that exact span is skipped)."""
        return self.add_spans([(article, paragraphs, paragraph, start, end)], tags, memo, coder)

    def add_spans(
        self, spans: Iterable[tuple[str, list[str], int, int, int]], tags: list[str], memo: str = "", coder: str | None = None,
    ) -> list[Coding]:
        """Tag many (article, paragraphs, paragraph, start, end) spans in one write and one undo step.

        The concordance tags its marked hits so: fifty hits are one ``ctrl+z``, not fifty.
        """
        names = list(dict.fromkeys(_tag_name(t) for t in tags))
        if not names:
            raise ValueError("no tag given")
        who = self.coder if coder is None else coder
        now, codings = time.time(), []
        by = who or DEFAULT_CODER
        # this coder's spans already tagged, read once (not once per span: fifty hits were fifty scans),
        # and the same span twice in one call is tagged once
        seen = {(c.article, c.paragraph, c.start, c.end, c.tag) for c in self._all().values() if c.by == by}
        for article, paragraphs, paragraph, start, end in spans:
            anchor = make_anchor(paragraphs, paragraph, start, end)
            codings += [
                Coding(uuid.uuid4().hex[:12], n, article, anchor.paragraph, anchor.start, anchor.end, anchor.quote,
                       anchor.before, anchor.after, anchor.position, sanitize(memo), now, coder=who)
                for n in names if (article, paragraph, start, end, n) not in seen
            ]
            seen.update((article, paragraph, start, end, n) for n in names)
        new_tags = [n for n in names if self.tag(n) is None]
        for n in new_tags:
            self.ensure_tag(n)
        self._insert(codings)
        ids = {c.id for c in codings}

        def undo() -> None:
            self._delete(ids)
            self._table("tags").remove(Query().name.one_of(new_tags))

        def redo() -> None:
            for n in new_tags:
                self.ensure_tag(n)
            self._insert(codings)

        self._record(f"tag {', '.join(names)}", undo, redo)
        return codings

    def remove(self, coding_ids: Iterable[str]) -> int:
        ids = set(coding_ids)
        gone = [c for c in self.codings() if c.id in ids]
        if not gone:
            return 0
        self._delete(ids)
        self._record(f"remove {plural(len(gone), 'tag')}", lambda: self._insert(gone), lambda: self._delete(ids))
        return len(gone)

    def set_memo(self, coding_id: str, memo: str) -> None:
        (old,) = [c for c in self.codings() if c.id == coding_id]
        new = replace(old, memo=sanitize(memo))
        self._replace_codings([new])
        self._record("edit memo", lambda: self._replace_codings([old]), lambda: self._replace_codings([new]))

    def recolour(self, name: str, colour: str) -> None:
        old = self._require(name)
        new = replace(old, colour=colour)
        self._put_tags([new])
        self._record(f"recolour {name}", lambda: self._put_tags([old]), lambda: self._put_tags([new]))

    def set_tag_memo(self, name: str, memo: str) -> None:
        old = self._require(name)
        new = replace(old, memo=sanitize(memo))
        self._put_tags([new])
        self._record(f"memo of {name}", lambda: self._put_tags([old]), lambda: self._put_tags([new]))

    def rename(self, name: str, new_name: str) -> None:
        """Rename a tag, and move the tags under it with it (``a/b`` → ``c/b`` when ``a`` becomes ``c``)."""
        new_name = _tag_name(new_name)
        self._require(name)
        if new_name == name or new_name.startswith(name + SEP):
            raise ValueError(f"{new_name!r} is {name!r} or under it: a tag cannot move into itself")
        moving = [t for t in self.tags() if t.name == name or t.name.startswith(name + SEP)]
        renamed = {t.name: new_name + t.name[len(name):] for t in moving}
        taken = [n for n in renamed.values() if self.tag(n)]
        if taken:
            raise ValueError(f"a tag {taken[0]!r} exists already: merge instead")
        before = [c for c in self.codings() if c.tag in renamed]
        after = [replace(c, tag=renamed[c.tag]) for c in before]
        new_tags = [replace(t, name=renamed[t.name]) for t in moving]

        def apply(src: list[Tag], dst: list[Tag], codings: list[Coding]) -> Callable[[], None]:
            def run() -> None:
                self._table("tags").remove(Query().name.one_of([t.name for t in src]))
                self._put_tags(dst)
                if codings:
                    self._replace_codings(codings)

            return run

        do = apply(moving, new_tags, after)
        do()
        self._record(f"rename {name} → {new_name}", apply(new_tags, moving, before), do)

    def add_imported(self, tags: list[Tag], codings: list[Coding]) -> None:
        """Tags and codings from another project (``store.corpus.qdpx_import``), as one undoable step.

        Tags already here keep their colour and memo; codings are inserted as they are.
        """
        new_tags = [t for t in tags if self.tag(t.name) is None]
        ids = {c.id for c in codings}

        def do() -> None:
            self._put_tags(new_tags)
            self._insert(codings)

        def undo() -> None:
            self._delete(ids)
            if new_tags:
                self._table("tags").remove(Query().name.one_of([t.name for t in new_tags]))

        do()
        self._record(f"import {plural(len(codings), 'coding')}", undo, do)

    def merge(self, name: str, into: str) -> None:
        """Move every coding of ``name`` to ``into`` (dropping exact duplicates) and delete ``name``."""
        src = self._require(name)
        self._require(into)
        if name == into:
            raise ValueError("a tag cannot be merged into itself")
        target_spans = {(c.article, c.paragraph, c.start, c.end, c.by) for c in self.codings(tag=into)}
        moving = self.codings(tag=name)
        dupes = {c.id for c in moving if (c.article, c.paragraph, c.start, c.end, c.by) in target_spans}
        moved = [replace(c, tag=into) for c in moving if c.id not in dupes]

        def do() -> None:
            if dupes:
                self._delete(dupes)
            if moved:
                self._replace_codings(moved)
            self._table("tags").remove(Query().name == name)

        def undo() -> None:
            self._put_tags([src])
            self._replace_codings([c for c in moving if c.id not in dupes])
            self._insert([c for c in moving if c.id in dupes])

        do()
        self._record(f"merge {name} → {into}", undo, do)

    def delete(self, name: str) -> int:
        tag = self._require(name)
        codings = self.codings(tag=name)
        ids = {c.id for c in codings}

        def do() -> None:
            if ids:
                self._delete(ids)
            self._table("tags").remove(Query().name == name)

        def undo() -> None:
            self._put_tags([tag])
            self._insert(codings)

        do()
        self._record(f"delete {name}", undo, do)
        return len(codings)

    def _require(self, name: str) -> Tag:
        tag = self.tag(name)
        if tag is None:
            raise KeyError(f"no tag {name!r}")
        return tag

    # --- after a rebuild --------------------------------------------------------------
    def reanchor_all(self, paragraphs_of: Callable[[str], list[str] | None]) -> tuple[int, int]:
        """Re-place every coding on the current text; returns (moved, orphaned).

        ``paragraphs_of(article)`` gives an article's paragraphs, or None if it is gone.
        Not undoable: it follows the text, it is not a user's edit.
        """
        changed: list[Coding] = []
        orphans = 0
        cache: dict[str, list[str] | None] = {}
        for c in self.codings():
            if c.article not in cache:
                cache[c.article] = paragraphs_of(c.article)
            paragraphs = cache[c.article]
            placed = reanchor(c.anchor, paragraphs) if paragraphs is not None else None
            if placed is None:
                orphans += 1
                if not c.orphan:
                    changed.append(replace(c, orphan=True))
                continue
            new = replace(c, paragraph=placed.paragraph, start=placed.start, end=placed.end, before=placed.before,
                          after=placed.after, position=placed.position, orphan=False)
            if new != c:
                changed.append(new)
        if changed:
            self._replace_codings(changed)
        return sum(1 for c in changed if not c.orphan), orphans


def _tag_name(name: str) -> str:
    """A tag's name as stored: its path, each level trimmed (``组织 / 派出所`` → ``组织/派出所``).

    Each level is at most 60 characters (the old limit of a whole name), at most 8 levels.
    """
    parts = [" ".join(p.split()) for p in sanitize(name).split(SEP)]
    parts = [p for p in parts if p]
    if not parts:
        raise ValueError("a tag needs a name")
    if any(len(p) > LEVEL_MAX for p in parts):
        raise ValueError(f"a tag name is at most {LEVEL_MAX} characters per level")
    if len(parts) > MAX_LEVELS:
        raise ValueError(f"a tag path has at most {MAX_LEVELS} levels")
    return SEP.join(parts)


def reanchor_tags(home: Home, user: UserStore | None = None) -> tuple[int, int]:
    """Move tagged passages onto the rebuilt text (only tagged articles are read); (moved, orphaned)."""
    store = derived.load(home.root)

    def paragraphs(article: str) -> list[str] | None:
        # Looked up per tagged article: a map of every id walked every row, which on the
        # SQLite store decoded all of them (0.2 ms a row: 21 s after each build at 100,000).
        at = store.index_of(article) if store else None
        return store.paragraph_texts(at) if store and at is not None else None

    own = user is None
    user = user or UserStore(home.user)
    try:
        return TagBook(user).reanchor_all(paragraphs)
    finally:
        if own:
            user.close()
        if store:
            store.close()
