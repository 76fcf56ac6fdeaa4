"""The read side of the store: the derived corpus loaded once, with the user's overrides.

Everything the CLI and the TUI show comes through :class:`Corpus`. It parses the
derived store once into memory (TinyDB would re-parse it on every read), builds
records on demand, and applies user overrides at read time: unit merges and aliases
rename keys, a reference date re-resolves that article's events. Overrides therefore
survive rebuilds without the derived store ever holding user data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from store.db import load_json
from store.models import Article, Entity, Event, Paragraph
from store.paths import Home
from store.userstore import UserStore


class StoreMissing(Exception):
    """No derived store yet: run ``beat build`` (or just ``beat``)."""


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str
    source: str | None
    published: str | None
    paragraphs: int
    chars: int
    path: str
    encoding: str
    units: tuple[str, ...]  # unit keys mentioned, after user merges

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "paragraphs": self.paragraphs,
            "chars": self.chars,
            "path": self.path,
            "encoding": self.encoding,
        }


@dataclass(frozen=True, slots=True)
class UnitInfo:
    key: str
    name: str
    aliases: tuple[str, ...]
    parent: str | None
    parent_inferred: bool
    level: str
    articles: int
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "aliases": list(self.aliases),
            "parent": self.parent,
            "parent_inferred": self.parent_inferred,
            "level": self.level,
            "articles": self.articles,
            "mentions": self.mentions,
        }


class Corpus:
    def __init__(self, docs: list[dict[str, Any]], user: UserStore | None = None) -> None:
        self._docs = {d["id"]: d for d in docs}
        self._order = [d["id"] for d in docs]
        self.user = user
        self.reload_overrides()

    def reload_overrides(self) -> None:
        """Read the user's unit merges, aliases and reference dates again (after an edit)."""
        user = self.user
        self._merges = user.unit_merges() if user else {}
        self._aliases = user.unit_aliases() if user else {}
        self._references = user.reference_dates() if user else {}
        self.__dict__.pop("_summaries", None)

    @classmethod
    def open(cls, home: Home, user: UserStore | None = None) -> Corpus:
        data = load_json(home.derived)
        if data is None:
            raise StoreMissing(f"no store in {home.root} yet: run 'beat build'")
        return cls.from_data(data, user)

    @classmethod
    def from_data(cls, data: dict[str, Any], user: UserStore | None = None) -> Corpus:
        """From the derived store's parsed tables (see ``store.build.load_derived``)."""
        return cls(list((data.get("articles") or {}).values()), user)

    def __len__(self) -> int:
        return len(self._order)

    # --- identity -----------------------------------------------------------
    def resolve_id(self, ref: str) -> str:
        """An article id from an id or a unique prefix of one."""
        if ref in self._docs:
            return ref
        matches = [i for i in self._order if i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(f"no article {ref!r}" if not matches else f"{ref!r} is ambiguous ({len(matches)} articles)")

    # --- units ----------------------------------------------------------------
    def canonical_unit(self, key: str) -> str:
        """Follow the user's alias and merge overrides to the unit a key now stands for."""
        key = self._aliases.get(key, key)
        seen = set()
        while key in self._merges and key not in seen:
            seen.add(key)
            key = self._merges[key]
        return key

    @cached_property
    def _summaries(self) -> list[ArticleSummary]:
        out = []
        for aid in self._order:
            d = self._docs[aid]
            units = sorted({self.canonical_unit(e[5]) for e in d.get("entities", ()) if e[0] == "unit"})
            out.append(
                ArticleSummary(
                    id=aid,
                    title=d["title"],
                    source=d.get("source"),
                    published=d.get("published"),
                    paragraphs=len(d["paragraphs"]),
                    chars=sum(len(p[1]) for p in d["paragraphs"]),
                    path=d["path"],
                    encoding=d["encoding"],
                    units=tuple(units),
                )
            )
        return out

    def articles(self) -> list[ArticleSummary]:
        return list(self._summaries)

    def article(self, ref: str) -> Article:
        d = self._docs[self.resolve_id(ref)]
        return Article(
            id=d["id"],
            title=d["title"],
            source=d.get("source"),
            published=d.get("published"),
            path=d["path"],
            encoding=d["encoding"],
            paragraphs=tuple(Paragraph(i, text, kind, original) for i, (kind, text, original) in enumerate(d["paragraphs"])),
            removed=dict(d.get("removed") or {}),
            original_title=d.get("original_title"),
        )

    def metadata(self, ref: str) -> dict[str, Any]:
        return dict(self._docs[self.resolve_id(ref)].get("metadata") or {})

    def entities(self, ref: str) -> list[Entity]:
        d = self._docs[self.resolve_id(ref)]
        return [
            Entity(t, text, p, s, e, self.canonical_unit(key) if t == "unit" else key)
            for t, text, p, s, e, key in d.get("entities", ())
        ]

    def reference(self, ref: str) -> tuple[str | None, str]:
        """The date relative expressions resolve against, and how it was found."""
        aid = self.resolve_id(ref)
        if aid in self._references:
            return self._references[aid], "user"
        date, status = self._docs[aid].get("reference") or [None, "unknown"]
        return date, status

    def events(self, ref: str) -> list[Event]:
        aid = self.resolve_id(ref)
        d = self._docs[aid]
        if aid in self._references:
            from store.timex import extract_events

            return extract_events([p[1] for p in d["paragraphs"]], d.get("published"), reference=self._references[aid])
        return [Event(**ev) for ev in d.get("events", ())]

    def set_reference(self, ref: str, date: str | None) -> None:
        if self.user is None:
            raise RuntimeError("read-only corpus")
        aid = self.resolve_id(ref)
        self.user.set_reference_date(aid, date)
        self._references = self.user.reference_dates()

    def units(self) -> list[UnitInfo]:
        """Every unit in the corpus with its hierarchy and counts, after user overrides."""
        records: dict[str, dict[str, Any]] = {}
        mentions: dict[str, int] = {}
        articles: dict[str, set[str]] = {}
        for aid, d in self._docs.items():
            for rec in d.get("units", ()):
                key = self.canonical_unit(rec["key"])
                merged = records.setdefault(key, {**rec, "key": key, "aliases": set()})
                merged["aliases"].update(rec.get("aliases") or ())
                if rec["key"] != key:
                    merged["aliases"].add(rec.get("name") or rec["key"])
            for e in d.get("entities", ()):
                if e[0] == "unit":
                    key = self.canonical_unit(e[5])
                    mentions[key] = mentions.get(key, 0) + 1
                    articles.setdefault(key, set()).add(aid)
                    if key in records and e[1] != records[key].get("name"):
                        records[key]["aliases"].add(e[1])
        for alias, key in self._aliases.items():
            if (key := self.canonical_unit(key)) in records:
                records[key]["aliases"].add(alias)
        out = []
        for key, rec in records.items():
            parent = rec.get("parent")
            out.append(
                UnitInfo(
                    key=key,
                    name=rec.get("name") or key,
                    aliases=tuple(sorted(a for a in rec["aliases"] if a != key)),
                    parent=self.canonical_unit(parent) if parent else None,
                    parent_inferred=bool(rec.get("parent_inferred")),
                    level=rec.get("level") or "unit",
                    articles=len(articles.get(key, ())),
                    mentions=mentions.get(key, 0),
                )
            )
        out.sort(key=lambda u: (-u.mentions, u.key))
        return out

    def timeline(self, article: str | None = None, unit: str | None = None) -> list[tuple[str, Event]]:
        """Events across the corpus sorted by date; unknown-year events last."""
        ids = [self.resolve_id(article)] if article else self._order
        rows: list[tuple[str, Event]] = []
        for aid in ids:
            events = self.events(aid)
            if unit:
                key = self.canonical_unit(unit)
                paras = {e.paragraph for e in self.entities(aid) if e.type == "unit" and e.key == key}
                events = [ev for ev in events if ev.paragraph in paras]
            rows.extend((aid, ev) for ev in events)
        rows.sort(key=lambda r: (r[1].date_start is None, r[1].date_start or "", r[0], r[1].paragraph, r[1].start))
        return rows

    def search(self, query: str, limit: int = 200) -> list[tuple[str, int, int]]:
        """(article, paragraph, offset) of each match, simplified and traditional alike."""
        from store.clean import to_simplified

        q = to_simplified(query.strip())
        if not q:
            return []
        hits: list[tuple[str, int, int]] = []
        for aid in self._order:
            for i, para in enumerate(self._docs[aid]["paragraphs"]):
                start = para[1].find(q)
                while start != -1:
                    hits.append((aid, i, start))
                    if len(hits) >= limit:
                        return hits
                    start = para[1].find(q, start + 1)
        return hits
