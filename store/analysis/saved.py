"""Saved searches: a name for a query, kept in the user store (``searches`` table).

A query is parsed before it is saved, so a saved search always runs (a unit it names may
later be merged away: that is reported when it runs, as for a typed query). Saving a
name again replaces its query. The rows' shape is checked on open with the rest of the
user store (``store.db.user_schema.SEARCH``); writes go through the workspace, under its lock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from store.analysis.query_parse import parse
from store.db.userstore import UserStore

TABLE = "searches"
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str
    created: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "query": self.query, "created": self.created}


class SavedSearches:
    def __init__(self, user: UserStore) -> None:
        self._table = user.table(TABLE)

    def all(self) -> list[SavedSearch]:
        rows = [SavedSearch(r["name"], r["query"], r.get("created", 0.0)) for r in self._table.all()]
        return sorted(rows, key=lambda s: s.name)

    def get(self, name: str) -> SavedSearch | None:
        return next((s for s in self.all() if s.name == name), None)

    def save(self, name: str, query: str) -> SavedSearch:
        """Save (or replace) ``name``; ValueError for an empty or long name, QueryError for a bad query."""
        from tinydb import Query

        name = " ".join(name.split())
        if not name:
            raise ValueError("a saved search needs a name")
        if len(name) > MAX_NAME:
            raise ValueError(f"a saved search's name is at most {MAX_NAME} characters")
        parse(query)
        row = SavedSearch(name, query, time.time())
        self._table.upsert(row.to_dict(), Query().name == name)
        return row

    def delete(self, name: str) -> bool:
        from tinydb import Query

        return bool(self._table.remove(Query().name == name))
