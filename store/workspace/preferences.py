"""The workspace's small writes: reference dates, reading positions, settings, the coder, saved searches.

A part of :class:`store.workspace.Workspace` (a mixin), apart so that the workspace
module holds opening, tags and units; every write here goes through the workspace's
lock and raises its typed errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.corpus.coders import SETTING, coder_name
from store.db.dates import InvalidDate, iso_date
from store.workspace.changes import ChangeRefused, ReferenceChanged, WriteFailed
from store.workspace.core import Core

if TYPE_CHECKING:
    from store.analysis.saved import SavedSearch


class Preferences(Core):
    def set_reference(self, article: str, date: str | None) -> ReferenceChanged:
        """Set (a YYYY-MM-DD date) or clear (None) an article's reference date."""
        self._user()
        assert self.corpus is not None
        try:
            checked = iso_date(date) if date is not None else None
            aid = self.corpus.resolve_id(article)
        except (InvalidDate, KeyError) as exc:
            raise ChangeRefused(str(exc).strip("'\"")) from exc
        try:
            with self.lock:
                self.corpus.set_reference(aid, checked)
        except OSError as exc:
            raise WriteFailed(f"Could not set the date: {exc}") from exc
        event = ReferenceChanged(aid, checked)
        self._emit(event)
        return event

    def save_position(self, article: str, paragraph: int) -> None:
        """Remember where the user is in an article (no event: nothing else shows it)."""
        user = self._user()
        with self.lock:
            user.set_position(article, paragraph)

    def coder(self) -> str | None:
        """The data home's coder, or None if none was named yet (the reader asks once)."""
        if self.corpus is None or self.corpus.user is None:
            return None
        with self.lock:
            name = self.corpus.user.get_setting(SETTING)
        return name if isinstance(name, str) and name else None

    def set_coder(self, name: str) -> str:
        """Name the coder of this data home; later codings carry the name (earlier ones keep theirs)."""
        user = self._user()
        try:
            name = coder_name(name)
        except ValueError as exc:
            raise ChangeRefused(str(exc)) from exc
        try:
            with self.lock:
                user.set_setting(SETTING, name)
        except OSError as exc:
            raise WriteFailed(f"Could not save the coder's name: {exc}") from exc
        if self.tagbook is not None:
            self.tagbook.coder = name
        return name

    def save_setting(self, key: str, value: object) -> None:
        user = self._user()
        with self.lock:
            user.set_setting(key, value)

    # --- saved searches (store.analysis.saved) -----------------------------------------
    def searches(self) -> list[SavedSearch]:
        if self.user is None:
            return []
        with self.lock:
            from store.analysis.saved import SavedSearches  # the query parser: not on a warm start

            return SavedSearches(self.user).all()

    def save_search(self, name: str, query: str) -> SavedSearch:
        """Save a named query (replacing one of that name); ChangeRefused for a bad name or query."""
        user = self._user()
        try:
            with self.lock:
                from store.analysis.saved import SavedSearches

                return SavedSearches(user).save(name, query)
        except ValueError as exc:  # QueryError is one: the query would not run
            raise ChangeRefused(str(exc)) from exc
        except OSError as exc:
            raise WriteFailed(f"Could not save the search: {exc}") from exc

    def delete_search(self, name: str) -> bool:
        user = self._user()
        with self.lock:
            from store.analysis.saved import SavedSearches

            return SavedSearches(user).delete(name)
