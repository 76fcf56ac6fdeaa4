"""The workspace's entity-correction writes: reject a found entity, add a missing one, forget a correction.

Reached as ``workspace.entities``. Each write checks what the user typed (the article
exists, the text occurs in it, the type is one analysis writes), writes the user store
under the workspace's lock, puts its inverse on the session's one undo history (the
tag book's, so ``ctrl+z`` in the reader undoes the last edit whatever it was), then
re-indexes and emits :class:`EntitiesChanged`. How corrections change what is read is
:mod:`store.corpus.corrections`; their record and keys are :mod:`store.db.corrections`.

A correction on a text and type that already has one replaces it, whatever its action:
rejecting what was added here (or adding what was rejected here) is the user changing
their mind, and two contradictory rows would leave the answer to their order.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from store.db.corrections import Correction, make_correction
from store.workspace.changes import ChangeRefused, EntitiesChanged, WriteFailed
from store.workspace.core import Core


class EntityCorrections:
    def __init__(self, workspace: Core) -> None:
        self._ws = workspace

    def all(self) -> list[Correction]:
        """Every correction, oldest first."""
        corpus = self._ws.corpus
        return corpus.entity_corrections() if corpus is not None else []

    def reject(self, article: str, text: str, type_: str | None = None, everywhere: bool = False) -> Correction:
        """"Not a ``type_`` (any type if None)": in ``article``, or in every article when ``everywhere``."""
        aid = self._occurs(article, text)
        return self._correct("reject", None if everywhere else aid, text, type_)

    def add(self, article: str, text: str, type_: str) -> Correction:
        """Every occurrence of ``text`` in ``article`` is an entity of ``type_``."""
        return self._correct("add", self._occurs(article, text), text, type_)

    def forget(self, ref: str) -> Correction:
        """Drop the correction with id (or a unique prefix of it) ``ref``; undoable like its making."""
        ref = ref.strip()
        found = [c for c in self.all() if c.id.startswith(ref)] if ref else []
        if len(found) != 1:
            raise ChangeRefused(f"no correction {ref!r}" if not found else f"{ref!r} is ambiguous ({len(found)} corrections)")
        (c,) = found
        self._rewrite([], [c.id], [c], [], f"forget: {c.describe()}")
        return c

    def _occurs(self, article: str, text: str) -> str:
        """The article's id, once ``text`` is known to occur in it (a typo must not be saved as a correction)."""
        ws = self._ws
        ws._user()
        assert ws.corpus is not None
        try:
            aid = ws.corpus.resolve_id(article)
        except KeyError as exc:
            raise ChangeRefused(str(exc).strip("'\"")) from exc
        if not text.strip() or not any(text.strip() in t for t in ws.corpus.paragraph_texts(aid)):
            raise ChangeRefused(f"“{text.strip()}” does not occur in article {aid}")
        return aid

    def _correct(self, action: str, article: str | None, text: str, type_: str | None) -> Correction:
        try:
            c = make_correction(action, article, text.strip(), type_, time.time())
        except ValueError as exc:
            raise ChangeRefused(str(exc)) from exc
        with self._ws.lock:
            before = self._ws._user().entity_corrections()
        same = [o for o in before if (o.article, o.text, o.type) == (c.article, c.text, c.type)]
        self._rewrite([c], [o.id for o in same], same, [c.id], c.describe())
        return c

    def _rewrite(self, put: list[Correction], remove: list[str], restore: list[Correction], unput: list[str], label: str) -> None:
        """Write one edit, record its inverse (``restore``, ``unput``) for undo, re-index, :class:`EntitiesChanged`."""
        ws = self._ws
        user, book = ws._user(), ws._book()

        def write(put: list[Correction], remove: list[str]) -> Callable[[], None]:
            def run() -> None:
                user.change_entity_corrections(put, remove)
                ws._corrected = True  # an undo or redo of this re-indexes (Workspace._history)

            return run

        try:
            with ws.lock:
                write(put, remove)()
                book.record(label, write(restore, unput), write(put, remove))
        except OSError as exc:
            raise WriteFailed(f"Could not save the correction: {exc}") from exc
        ws._reindex(EntitiesChanged, label[0].upper() + label[1:] + ".")
