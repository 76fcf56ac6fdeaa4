"""The read side of the store: the derived corpus loaded once, with the user's overrides.

Everything the CLI and the TUI show comes through :class:`Corpus`. It parses the
derived store once into memory (TinyDB would re-parse it on every read), builds
records on demand, and applies user overrides at read time: unit merges and aliases
rename keys, a reference date re-resolves that article's events, entity corrections
(:mod:`store.corpus.corrections`) drop and add entities and recount units. Overrides
therefore survive rebuilds without the derived store ever holding user data.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from store.corpus.corrections import Corrections
from store.corpus.views import Lazily, Mapped
from store.db import derived
from store.db.corrections import Correction
from store.db.derived import Derived
from store.db.derived_api import ArticleSummary as ArticleSummary  # re-exported: the list line is the store's
from store.db.derived_api import EventPlace, event_place
from store.db.paths import Home
from store.db.schema import Article, Document, Entity, Event, IndexRow, Mentions
from store.db.userstore import UserStore

FEW_IDS = 256  # rows whose ids are read from their list lines rather than by reading every id (Corpus._ids_at)


class StoreMissing(Exception):
    """No derived store yet: run ``beat build`` (or just ``beat``)."""


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
    """The articles of one derived store, read through the user's overrides.

    Lists, unit counts and timelines come from the store's small index; an article's
    paragraphs and entities are read from the side files when it is opened. Nothing
    here walks every row to answer the reader: the list is the store's list lines
    mapped when shown, and unit filters, counts and unit timelines are the store's
    queries (``store.db.derived_api``), which SQL answers on a large corpus.
    """

    def __init__(self, store: Derived, user: UserStore | None = None) -> None:
        self._store = store
        self.user = user
        self.reload_overrides()

    @cached_property
    def _order(self) -> Sequence[str]:
        """Every article id in list order, read when first needed (a search, a timeline), not at open.

        On the SQLite store that is one query over every row: 1M ids took ~1 s and ~70 MB
        (tests/bench/bench_million.py), most of a warm start's budget, while the list, the
        unit filter and opening an article find ids through the store's id index instead.
        """
        return self._store.ids()

    def reload_overrides(self) -> None:
        """Read the user's unit merges, aliases, reference dates and entity corrections again (after an edit)."""
        user = self.user
        self._merges = user.unit_merges() if user else {}
        self._aliases = user.unit_aliases() if user else {}
        self._references = user.reference_dates() if user else {}
        self.corrections = Corrections(user.entity_corrections() if user else ())
        for cached in ("_summaries", "_canonical", "_unit_counts", "_corrected_units", "_raw_keys", "_by_unit"):
            self.__dict__.pop(cached, None)

    @classmethod
    def open(cls, home: Home, user: UserStore | None = None) -> Corpus:
        store = derived.load(home.root)
        if store is None:
            raise StoreMissing(f"no store in {home.root} yet: run 'beat build'")
        return cls(store, user)

    @classmethod
    def from_docs(cls, docs: Iterable[Document], user: UserStore | None = None) -> Corpus:
        """From analysed documents in memory, in their order (tests, tools)."""
        return cls(derived.from_docs(docs), user)

    def close(self) -> None:
        self._store.close()

    @property
    def build_token(self) -> str | None:
        """The build's side-file token (``derived-<token>.*``): each build has its own; None for a store in memory."""
        token = self._store.meta.get("files")
        return token if isinstance(token, str) else None

    def overrides_key(self) -> str:
        """A digest of the user's overrides (merges, aliases, reference dates, entity corrections).

        What an answer cached beside the store depends on besides the build: a merge renames
        a figure's unit, a reference date moves its date, a correction adds or drops it.
        """
        import hashlib

        parts = (sorted(self._merges.items()), sorted(self._aliases.items()), sorted(self._references.items()),
                 self.corrections.rows)
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    def __len__(self) -> int:
        return len(self._store.rows)

    def warm(self) -> None:
        """Read ahead what a first search or unit timeline needs: every id, every row's place in the text.

        Neither is needed to show the list (so a warm start does not wait for them), but a
        first search paid both: at 1,000,000 rows about 1 s each (tests/bench/bench_million.py).
        The reader calls this in its worker once the list is shown.
        """
        _ = self._order
        self._store.prefetch()  # the text search's row offsets, and on SQLite every title (memoised)

    # --- identity -----------------------------------------------------------
    def resolve_id(self, ref: str) -> str:
        """An article id from an id or a unique prefix of one."""
        if self._store.index_of(ref) is not None:
            return ref
        matches = [i for i in self._order if i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(f"no article {ref!r}" if not matches else f"{ref!r} is ambiguous ({len(matches)} articles)")

    def by_text(self, digest: str) -> str | None:
        """The article whose cleaned text has this digest (``store.db.derived.text_digest``), if any."""
        if "_texts" not in self.__dict__:
            # Light rows: a QDPX import matching sources to articles decoded every row on SQLite.
            self.__dict__["_texts"] = {row.text_hash: row.id for row in self._store.kept_rows()}
        found: str | None = self.__dict__["_texts"].get(digest)
        return found

    def _index(self, ref: str) -> int:
        """Where the article ``ref`` (an id or a unique prefix) is in list order."""
        at = self._store.index_of(self.resolve_id(ref))
        if at is None:
            raise KeyError(f"no article {ref!r}")
        return at

    def _row(self, ref: str) -> IndexRow:
        return self._store.rows[self._index(ref)]

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
    def _canonical(self) -> dict[str, str]:
        """Every unit key in the store -> the key it stands for now (one lookup per mention)."""
        keys = set(self._store.units).union(self._store.unit_totals(), *self._corrected_units.values())
        return {key: self.canonical_unit(key) for key in keys}

    @cached_property
    def _raw_keys(self) -> dict[str, list[str]]:
        """Each key after the user's merges -> the keys in the store that stand for it."""
        out: dict[str, list[str]] = {}
        for raw, key in self._canonical.items():
            out.setdefault(key, []).append(raw)
        return out

    @cached_property
    def _corrected_units(self) -> dict[str, dict[str, Mentions]]:
        """The unit mentions of the articles entity corrections touch, recounted (raw keys)."""
        if not self.corrections:
            return {}
        ids = self._store.ids()
        mentioning = self._store.rows_mentioning
        touched = self.corrections.unit_articles(lambda keys: [ids[i] for i in mentioning(keys)], self._store.units)
        return {aid: derived.unit_mentions(self._corrected(aid)) for aid in touched if self._store.index_of(aid) is not None}

    def _mentions(self, row: IndexRow) -> dict[str, Mentions]:
        """Unit key -> mentions of one article, after the user's entity corrections."""
        return self._corrected_units.get(row.id, row.units) if self.corrections else row.units

    @cached_property
    def _unit_names(self) -> dict[str, str]:
        """Every name and alias analysis found a unit as -> its key (an added unit joins a known one)."""
        names: dict[str, str] = {}
        for key, rec in self._store.units.items():
            for name in (*(rec.get("aliases") or ()), rec.get("name") or key, key):
                names[name] = key
        return names

    @cached_property
    def _unit_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Mentions and mentioning articles of each unit, after overrides: the store's totals, adjusted.

        Keys merged into one count an article naming both once; articles the entity
        corrections touch are recounted. No row is read on either store.
        """
        canonical = self._canonical
        mentions: dict[str, int] = {}
        articles: dict[str, int] = {}
        for raw, (seen, found) in self._store.unit_totals().items():
            key = canonical[raw]
            mentions[key] = mentions.get(key, 0) + seen
            articles[key] = articles.get(key, 0) + found
        for key, raws in self._raw_keys.items():
            if len(raws) > 1 and key in articles:
                articles[key] = len(self._store.rows_mentioning(raws))
        for aid, fixed in self._corrected_units.items():
            before, after = self._canonical_counts(self._row(aid).units), self._canonical_counts(fixed)
            for key in before.keys() | after.keys():
                mentions[key] = mentions.get(key, 0) - before.get(key, 0) + after.get(key, 0)
                articles[key] = articles.get(key, 0) - (key in before) + (key in after)
        return {k: n for k, n in mentions.items() if n}, {k: n for k, n in articles.items() if n}

    def _canonical_counts(self, units: Mapping[str, Mentions]) -> dict[str, int]:
        out: dict[str, int] = {}
        for raw, seen in units.items():
            key = self._canonical.get(raw) or self.canonical_unit(raw)
            out[key] = out.get(key, 0) + seen.count
        return out

    def unit_rows(self, keys: Iterable[str]) -> list[int]:
        """List positions of the articles mentioning any of these (canonical) keys, after corrections."""
        wanted = set(keys)
        found = self._store.rows_mentioning([raw for key in wanted for raw in self._raw_keys.get(key, ())])
        if not self._corrected_units:  # the store's answer is already ascending: no set, no second sort (163,270 rows at 1M)
            return found
        rows = set(found)
        for aid, fixed in self._corrected_units.items():
            at = self._store.index_of(aid)
            if at is not None and not wanted.isdisjoint(self._canonical_counts(fixed)):
                rows.add(at)
            elif at is not None:
                rows.discard(at)
        return sorted(rows)

    @cached_property
    def _by_unit(self) -> Lazily:
        counted = self._unit_counts[1]
        return Lazily(lambda: list(counted), lambda key: [self._order[i] for i in self.unit_rows([key])])

    def unit_articles(self) -> Mapping[str, list[str]]:
        """Unit key -> ids of the articles mentioning it, each once (the unit filter's index), answered per key."""
        return self._by_unit

    def unit_timeline(self, keys: frozenset[str]) -> list[tuple[str, Event]]:
        """(article id, event) of every event in a passage mentioning one of ``keys`` (canonical), unsorted.

        The store's query answers it; articles whose events or mentions the user changed
        (a reference date, an entity correction) are read one by one as :meth:`events` does.
        """
        ids = self._order
        special = self._read_alone(units=True)
        out = [(ids[i], ev) for i, ev in self._store.unit_events([r for k in keys for r in self._raw_keys.get(k, ())])
               if ids[i] not in special]  # fmt: skip
        if special:
            for i in self.unit_rows(keys):
                if (aid := ids[i]) in special:
                    paragraphs = self.unit_paragraphs(aid, keys)
                    out.extend((aid, ev) for ev in self.events(aid) if ev.paragraph in paragraphs)
        if self.corrections:
            out = [(aid, ev) for aid, ev in out if aid in special or not self.corrections.drops_event(aid, ev)]
        return out

    def _read_alone(self, units: bool) -> set[str]:
        """Articles whose events the store's answer does not give as the user sees them: a
        reference date, times rejected there alone, and (for a unit's events, ``units``) unit
        mentions a correction changes; the timelines read these one by one (:meth:`events`)."""
        alone = set(self._references) | self.corrections.no_time_articles()
        return alone | set(self._corrected_units) if units else alone

    def timeline_places(
        self, keys: frozenset[str] | None = None
    ) -> tuple[Iterator[EventPlace], dict[tuple[int, int], Event]]:
        """Every event of the corpus in timeline order (:class:`~store.db.derived_api.EventPlace`),
        streamed from the store, and the events of the articles the user changed by (row, seq).

        With ``keys`` (canonical unit keys, several = OR) only the events in passages that
        mention one of them, as :meth:`unit_timeline` finds them. Articles with a reference
        date, times rejected there alone or unit mentions a correction changes are read one
        by one (:meth:`events`, :meth:`unit_paragraphs`) and merged into the store's order;
        texts rejected everywhere are left out by the store.
        """
        changed = self._read_alone(units=keys is not None)
        mentioning = None if keys is None or not changed else set(self.unit_rows(keys))  # rows, after corrections
        special: dict[tuple[int, int], Event] = {}
        own: list[EventPlace] = []
        skip: set[int] = set()
        for aid in sorted(changed):
            if (row := self._store.index_of(aid)) is None:
                continue
            skip.add(row)  # the store's events of the article are not the ones shown
            if mentioning is not None and row not in mentioning:
                continue
            paragraphs = None if keys is None else self.unit_paragraphs(aid, keys)
            for seq, ev in enumerate(self.events(aid)):
                if paragraphs is None or ev.paragraph in paragraphs:
                    special[(row, seq)] = ev
                    own.append(event_place(ev, aid, row, seq))
        raw = None if keys is None else [r for k in keys for r in self._raw_keys.get(k, ())]
        stored = self._store.timeline_places(skip, self.corrections.no_time_everywhere(), raw)
        return (heapq.merge(stored, sorted(own)) if own else stored), special

    def stored_events(self, places: Iterable[tuple[int, int]]) -> list[Event]:
        """The store's events at these (row, seq) places (not the user's changes: see :meth:`timeline_places`)."""
        return self._store.events_at(places)

    def _summary(self, brief: ArticleSummary) -> ArticleSummary:
        """The store's list line with its units after the user's merges and entity corrections."""
        canonical = self._canonical
        fixed = self._corrected_units.get(brief.id) if self.corrections else None
        keys = fixed.keys() if fixed is not None else brief.units
        return replace(brief, units=tuple(sorted({canonical[k] for k in keys})))

    @cached_property
    def _summaries(self) -> Sequence[ArticleSummary]:
        briefs = self._store.briefs()
        return [self._summary(b) for b in briefs] if isinstance(briefs, list) else Mapped(briefs, self._summary)

    def articles(self) -> Sequence[ArticleSummary]:
        """Every article's summary in list order (on the SQLite store, read a page at a time when shown)."""
        return self._summaries

    def titles(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> title, for these ids (those in the corpus): their rows found, then
        :meth:`titles_at` (never one list page per id: 9.8 s for 14,482 articles at 100,000)."""
        return self.titles_at({at for aid in set(article_ids) if (at := self._store.index_of(aid)) is not None})

    def titles_at(self, rows: Iterable[int]) -> dict[str, str]:
        """Article id -> title of the articles at these rows: one primary-key search a row on
        SQLite (a page of the corpus timeline, 64 events spread over the list: 30 ms read as
        runs of list lines, most of them decoded for nothing)."""
        return dict(self._store.id_titles(rows))

    def ids(self) -> Sequence[str]:
        """Every article id in list order."""
        return self._order

    def position(self, article_id: str) -> int | None:
        """Where an article id is in list order (the store's id index), None if not in the corpus."""
        return self._store.index_of(article_id)

    def article(self, ref: str) -> Article:
        at = self._index(ref)
        row = self._store.rows[at]
        parsed = self._store.parsed(at)
        return Article(
            id=row.id,
            title=row.title,
            source=row.source,
            published=row.published,
            path=row.path,
            encoding=row.encoding,
            paragraphs=parsed.paragraphs,
            removed=dict(row.removed),
            original_title=row.original_title,
        )

    def paragraph_texts(self, ref: str) -> list[str]:
        """An article's paragraph texts alone: cheaper than :meth:`article` for many articles."""
        return self._store.paragraph_texts(self._index(ref))

    def metadata(self, ref: str) -> dict[str, Any]:
        return dict(self._row(ref).metadata)

    def entities(self, ref: str) -> list[Entity]:
        """An article's entities as the user corrected them, unit keys after merges and aliases."""
        return [replace(e, key=self.canonical_unit(e.key)) if e.type == "unit" else e for e in self._corrected(ref)]

    def _corrected(self, ref: str) -> list[Entity]:
        aid = self.resolve_id(ref)
        parsed = self._store.parsed(self._index(aid))
        if not self.corrections:
            return list(parsed.entities)
        texts = [p.text for p in parsed.paragraphs]
        return self.corrections.apply(aid, texts, list(parsed.entities), lambda t: self._unit_names.get(t, t))

    def entity_corrections(self) -> list[Correction]:
        return list(self.corrections.rows)

    def unit_paragraphs(self, ref: str, keys: frozenset[str] | set[str]) -> set[int]:
        """Paragraphs of an article that mention any of the (canonical) unit ``keys``."""
        out: set[int] = set()
        for key, seen in self._mentions(self._row(ref)).items():
            if self.canonical_unit(key) in keys:
                out.update(seen.paragraphs)
        return out

    def reference(self, ref: str) -> tuple[str | None, str]:
        """The date relative expressions resolve against, and how it was found."""
        aid = self.resolve_id(ref)
        if aid in self._references:
            return self._references[aid], "user"
        return self._row(aid).reference

    def events(self, ref: str) -> list[Event]:
        aid = self.resolve_id(ref)
        row = self._row(aid)
        if aid in self._references:
            from store.nlp.time.resolve import extract_events

            events = extract_events(self.paragraph_texts(aid), row.published, reference=self._references[aid])
        else:
            events = list(row.events)
        if self.corrections:
            events = [ev for ev in events if not self.corrections.drops_event(aid, ev)]
        return events

    def set_reference(self, ref: str, date: str | None) -> None:
        if self.user is None:
            raise RuntimeError("read-only corpus")
        aid = self.resolve_id(ref)
        self.user.set_reference_date(aid, date)
        self._references = self.user.reference_dates()

    def units(self) -> list[UnitInfo]:
        """Every unit in the corpus with its hierarchy and counts, after user overrides."""
        records: dict[str, dict[str, Any]] = {}
        mentions, articles = self._unit_counts
        for rec in self._store.units.values():
            key = self.canonical_unit(rec["key"])
            merged = records.setdefault(key, {**rec, "key": key, "aliases": set()})
            if rec["key"] == key:  # the unit's own record names it, whichever record came first (stores list them by key)
                merged.update({k: v for k, v in rec.items() if k not in ("key", "aliases")})
            merged["aliases"].update(rec.get("aliases") or ())
            if rec["key"] != key:
                merged["aliases"].add(rec.get("name") or rec["key"])
        for key in mentions.keys() - records.keys():  # a unit only the user's corrections know
            records[key] = {"key": key, "name": key, "aliases": set()}
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
                    aliases=tuple(sorted(a for a in rec["aliases"] if a != key and a != rec.get("name"))),
                    parent=self.canonical_unit(parent) if parent else None,
                    parent_inferred=bool(rec.get("parent_inferred")),
                    level=rec.get("level") or "unit",
                    articles=articles.get(key, 0),
                    mentions=mentions.get(key, 0),
                )
            )
        out.sort(key=lambda u: (-u.mentions, u.key))
        return out

    def titled(self, text: str) -> list[str]:
        """Ids of the articles whose title holds ``text``, in list order (SQL on the SQLite store)."""
        return self._ids_at(self.titled_rows(text))

    def titled_rows(self, text: str) -> list[int]:
        """:meth:`titled` as rows of :meth:`articles` (ascending): no id lookup per article."""
        return self._store.titled(text)

    def containing(self, text: str) -> list[str]:
        """Ids of the articles whose (simplified) text holds ``text``, in list order: a byte search, no decoding."""
        return self._ids_at(self._store.rows_containing(text))

    def _ids_at(self, rows: list[int]) -> list[str]:
        """The ids at these list positions: from the id list once it is read, else (a few rows) from their list lines."""
        if "_order" in self.__dict__ or len(rows) > FEW_IDS:
            order = self._order
            return [order[row] for row in rows]
        briefs = self._store.briefs()
        return [briefs[row].id for row in rows]

    def unit_mentions(self, ref: str) -> dict[str, int]:
        """Unit key (after the user's merges) -> mentions in one article, from the index (no side file read)."""
        out: dict[str, int] = {}
        for key, seen in self._row(ref).units.items():
            canonical = self.canonical_unit(key)
            out[canonical] = out.get(canonical, 0) + seen.count
        return out

    def all_unit_mentions(self) -> list[tuple[str, dict[str, int]]]:
        """(article id, unit key after merges -> mentions) for every article, in list order: one pass over the index.

        :meth:`unit_mentions` per article costs an id lookup and a merge walk per key; a
        unit × month table of 10,000 articles wants them all at once (0.45 s → 0.24 s on two busy cores; 63 ms quiet).
        """
        canonical = self._canonical
        out = []
        for row in self._store.rows:
            counts: dict[str, int] = {}
            for key, seen in row.units.items():
                k = canonical[key]
                counts[k] = counts.get(k, 0) + seen.count
            out.append((row.id, counts))
        return out

    def unit_paragraph_map(self, ref: str) -> dict[str, tuple[int, ...]]:
        """Unit key (after merges) -> the paragraphs mentioning it in one article, from the index."""
        out: dict[str, set[int]] = {}
        for key, seen in self._row(ref).units.items():
            out.setdefault(self.canonical_unit(key), set()).update(seen.paragraphs)
        return {key: tuple(sorted(paras)) for key, paras in out.items()}
