"""One data home, open: the corpus, its index and the tag book, and every write to the user's data.

The TUI and the CLI are shells over a :class:`Workspace`. It opens the derived store
(building it first when it is missing or stale), holds the :class:`CorpusIndex` and the
one :class:`TagBook` of the session (its undo history is the session's), and performs
each change to the user store under its own lock: TinyDB is not thread-safe, and the
reader writes from worker threads (positions, unit merges) as well as from the UI
thread (tags, kept there so undo stays in step with the keys pressed).

A write returns a typed result or raises a :class:`WorkspaceError`; after it, the
workspace tells its subscribers what changed (:class:`TagsChanged`, :class:`UnitsChanged`,
:class:`EntitiesChanged`, :class:`ReferenceChanged`), from the thread that wrote. Tag
edits and entity corrections share one undo history (the tag book's). No Textual, no
Rich: the shells decide how to show a change or an error. Parts: ``changes`` (errors and
events), ``corrections`` (entity corrections, as ``workspace.entities``), ``preferences``
(reference dates, positions, settings, the coder, saved searches) and ``transfer``
(importing files, exporting tagged passages).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from store.corpus.coders import coder_name
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding, Tag, TagBook, reanchor_tags
from store.db.paths import Home
from store.db.tinydb_storage import gc_paused
from store.db.userstore import UserStore
from store.workspace.changes import (
    Change,
    ChangeRefused,
    CorpusChanged,
    EntitiesChanged,
    ExportResult,
    NotOpen,
    NoUserStore,
    ReferenceChanged,
    TagsChanged,
    UnitsChanged,
    WorkspaceError,
    WriteFailed,
)
from store.workspace.corrections import EntityCorrections
from store.workspace.preferences import Preferences
from store.workspace.transfer import Progress, Transfer

if TYPE_CHECKING:
    from store.ingest.build import BuildReport, EngineStart

__all__ = [
    "Change",
    "ChangeRefused",
    "CorpusChanged",
    "EntitiesChanged",
    "ExportResult",
    "NoUserStore",
    "NotOpen",
    "ReferenceChanged",
    "TagsChanged",
    "UnitsChanged",
    "Workspace",
    "WorkspaceError",
    "WriteFailed",
    "ensure_built",
]

T = TypeVar("T")


def ensure_built(
    home: Home,
    progress: Progress | None = None,
    force: bool = False,
    user: UserStore | None = None,
    engine: EngineStart | None = None,
    workers: int = 0,
    store: str | None = None,
) -> BuildReport:
    """Build if needed, then re-anchor the user's tags on the new text.

    Pass the caller's open ``user`` store (the TUI's) so that only one object ever
    writes the user file; otherwise one is opened if it exists. The two steps meet
    here, above ``store.ingest`` and ``store.corpus``, which may not import each other.
    """
    from store.ingest.build import build_if_due  # analysis code: loaded only when a build may run

    report = build_if_due(home, progress, force, engine=engine, workers=workers, store=store)  # engine, workers: see build()
    if report.built and (user is not None or home.user.exists()):
        report.moved, report.orphaned = reanchor_tags(home, user)
    return report



class Workspace(Preferences, Transfer):
    """The open data home. ``corpus`` given: use it as is (tests, benchmarks, the CLI)."""

    def __init__(self, home: Home, corpus: Corpus | None = None) -> None:
        self.home = home
        self.lock = threading.RLock()
        self.corpus = corpus
        self.index: CorpusIndex | None = None
        self.tagbook: TagBook | None = None
        self.timings: dict[str, float] = {}
        self._subscribers: list[Callable[[Change], None]] = []
        self._corrected = False  # an undo or redo rewrote entity corrections: re-index after it
        self.entities = EntityCorrections(self)  # reject and add entities (store.workspace.corrections)
        if corpus is not None and corpus.user is not None:
            self.tagbook = TagBook(corpus.user)

    # --- opening ------------------------------------------------------------------
    def open_or_build(
        self, building: Callable[[str], object] | None = None, progress: Progress | None = None
    ) -> Any:
        """Open the store, building it first if due; returns the build report, or None if no build ran.

        ``building(reason)`` is called before a build starts (the TUI shows its build screen).
        """
        from store.corpus.corpus import StoreMissing
        from store.db import derived
        from store.db.tinydb_storage import CorruptStoreError
        from store.ingest import build

        report = None
        if self.corpus is None:
            try:
                store = derived.load(self.home.root)
            except CorruptStoreError:
                store = None
            reason = build.build_reason(self.home, store) if store is not None else build.build_reason(self.home)
            if reason is not None:
                if store is not None:
                    store.close()
                if building is not None:
                    building(reason)
                report = ensure_built(self.home, progress)
                store = derived.load(self.home.root)
            if store is None:
                raise StoreMissing("the build produced no store")
            user = UserStore(self.home.user)
            self.corpus = Corpus(store, user)
            self.tagbook = TagBook(user)
        self.index = self._build_index(self.corpus)
        if self.tagbook is not None:
            coder = self.coder() or ""  # Preferences.coder: the one reading of the setting
            with self.lock:
                self.tagbook.coder = coder
                self.index.count_tags(self.tagbook.codings())
        return report

    def _build_index(self, corpus: Corpus) -> CorpusIndex:
        positions: dict[str, int] = {}
        settings: dict[str, Any] = {}
        if corpus.user is not None:
            with self.lock:
                positions = corpus.user.positions()
                settings = corpus.user.settings()
        with gc_paused():
            return CorpusIndex.build(corpus, positions, settings)

    @property
    def user(self) -> UserStore | None:
        return self.corpus.user if self.corpus is not None else None

    def _user(self) -> UserStore:
        if self.corpus is None:
            raise NotOpen("the store is not open yet")
        if self.corpus.user is None:
            raise NoUserStore("this corpus has no user store")
        return self.corpus.user

    def _book(self) -> TagBook:
        self._user()
        assert self.tagbook is not None
        return self.tagbook

    def _index(self) -> CorpusIndex:
        if self.index is None:
            raise NotOpen("the store is not open yet")
        return self.index

    # --- change events ------------------------------------------------------------
    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``callback`` after every change; returns the function that unsubscribes."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def _emit(self, change: Change) -> None:
        for callback in list(self._subscribers):
            callback(change)

    # --- reads of the user store (under the lock: writers may be running) -----------
    def tags(self) -> list[Tag]:
        if self.tagbook is None:
            return []
        with self.lock:
            return self.tagbook.tags()

    def codings(self, tag: str | None = None, article: str | None = None) -> list[Coding]:
        if self.tagbook is None:
            return []
        with self.lock:
            return self.tagbook.codings(tag=tag, article=article)

    # --- tags -----------------------------------------------------------------------
    def change_tags(self, change: Callable[[TagBook], T], what: str) -> T:
        """One change to the tag book under the lock, then :class:`TagsChanged`.

        Raises :class:`ChangeRefused` (a name taken, a tag gone: the user's to fix) or
        :class:`WriteFailed`. A change is one small atomic write: a few ms, measured in
        ``timings["tag_write"]``.
        """
        book = self._book()
        start = time.perf_counter()
        try:
            with self.lock:
                result = change(book)
        except (ValueError, KeyError) as exc:
            raise ChangeRefused(str(exc).strip("'\"")) from exc
        except Exception as exc:  # a full disk, a damaged file: the book may be half-written
            self.tags_changed()
            raise WriteFailed(f"Could not {what}: {type(exc).__name__}: {exc}") from exc
        self.timings["tag_write"] = time.perf_counter() - start
        self.tags_changed()
        return result

    def tags_changed(self) -> None:
        """Recount tags per article and tell the subscribers."""
        if self.tagbook is None:
            return
        with self.lock:
            codings = self.tagbook.codings()
        if self.index is not None:
            self.index.count_tags(codings)
        self._emit(TagsChanged(tuple(codings)))

    def add_tags(
        self, article: str, paragraph: int, names: Iterable[str], start: int = 0, end: int | None = None, memo: str = "",
        coder: str | None = None,
    ) -> list[Coding]:
        """Tag a span of a paragraph (by default all of it); returns the new codings (none if already tagged)."""
        corpus = self.corpus
        if corpus is None:
            raise NotOpen("the store is not open yet")
        try:
            texts = corpus.paragraph_texts(article)
            aid = corpus.resolve_id(article)
        except KeyError as exc:
            raise ChangeRefused(str(exc).strip("'\"")) from exc
        if not 0 <= paragraph < len(texts):
            raise ChangeRefused(f"article {aid} has no paragraph {paragraph} (0 to {len(texts) - 1})")
        names, stop = list(names), len(texts[paragraph]) if end is None else end
        if coder is not None:
            try:
                coder = coder_name(coder)
            except ValueError as exc:
                raise ChangeRefused(str(exc)) from exc
        return self.change_tags(
            lambda b: b.add(aid, texts, paragraph, start, stop, names, memo=memo, coder=coder), "tag the passage"
        )

    def tag_spans(self, spans: Iterable[tuple[str, int, int, int]], names: Iterable[str], memo: str = "") -> list[Coding]:
        """Tag several (article, paragraph, start, end) spans at once: one write, one undo step (the concordance's marks)."""
        corpus = self.corpus
        if corpus is None:
            raise NotOpen("the store is not open yet")
        resolved = []
        try:
            for article, paragraph, start, end in spans:
                texts, aid = corpus.paragraph_texts(article), corpus.resolve_id(article)
                if not 0 <= paragraph < len(texts):
                    raise ChangeRefused(f"article {aid} has no paragraph {paragraph} (0 to {len(texts) - 1})")
                resolved.append((aid, texts, paragraph, start, end))
        except KeyError as exc:
            raise ChangeRefused(str(exc).strip("'\"")) from exc
        names = list(names)
        return self.change_tags(lambda b: b.add_spans(resolved, names, memo=memo), "tag the passages")

    def remove_codings(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        return self.change_tags(lambda b: b.remove(ids), "remove the tag")

    def set_memo(self, coding_id: str, memo: str) -> None:
        self.change_tags(lambda b: b.set_memo(coding_id, memo), "save the memo")

    def rename_tag(self, name: str, new: str) -> None:
        self.change_tags(lambda b: b.rename(name, new), "rename the tag")

    def merge_tags(self, name: str, into: str) -> None:
        self.change_tags(lambda b: b.merge(name, into), "merge the tags")

    def recolour_tag(self, name: str, colour: str) -> None:
        self.change_tags(lambda b: b.recolour(name, colour), "recolour the tag")

    def set_tag_memo(self, name: str, memo: str) -> None:
        self.change_tags(lambda b: b.set_tag_memo(name, memo), "save the tag memo")

    def delete_tag(self, name: str) -> None:
        self.change_tags(lambda b: b.delete(name), "delete the tag")

    def undo(self) -> str | None:
        """Undo the last tag change or entity correction; its label, or None if there was nothing to undo."""
        return self._history(lambda b: b.undo(), "undo")

    def redo(self) -> str | None:
        return self._history(lambda b: b.redo(), "redo")

    def _history(self, step: Callable[[TagBook], str | None], what: str) -> str | None:
        self._corrected = False
        label = self.change_tags(step, what)
        if self._corrected:
            self._reindex(EntitiesChanged, f"{'Undid' if what == 'undo' else 'Redid'}: {label}")
        return label

    # --- units ----------------------------------------------------------------------
    def merge_unit(self, key: str, into: str) -> UnitsChanged:
        """Merge unit ``key`` into ``into`` (canonical keys), re-index, :class:`UnitsChanged`."""
        index = self._index()
        message = f"Merged {index.unit_name(key)} into {index.unit_name(into)}."
        return self._change_units(lambda user: user.merge_unit(key, into), message)

    def add_unit_alias(self, alias: str, key: str) -> UnitsChanged:
        """Make ``alias`` another name of unit ``key``, re-index, :class:`UnitsChanged`."""
        index = self._index()
        message = f"“{alias.strip()}” is now an alias of {index.unit_name(key)}."
        return self._change_units(lambda user: user.add_unit_alias(alias, key), message)

    def _change_units(self, change: Callable[[UserStore], None], message: str) -> UnitsChanged:
        user = self._user()
        try:
            with self.lock:
                change(user)
        except ValueError as exc:  # a merge cycle, an empty alias
            raise ChangeRefused(str(exc)) from exc
        except OSError as exc:
            raise WriteFailed(f"Could not change the units: {exc}") from exc
        return self._reindex(UnitsChanged, message)

    def _reindex(self, kind: type[UnitsChanged], message: str) -> UnitsChanged:
        """Read the overrides again, build a fresh index keeping positions and tag counts, and say so."""
        index = self._index()
        assert self.corpus is not None
        self.corpus.reload_overrides()
        fresh = self._build_index(self.corpus)
        fresh.positions.update(index.positions)
        fresh.tag_counts = index.tag_counts
        self.index = fresh
        event = kind(fresh, message)
        self._emit(event)
        return event
