"""What the TUI precomputes once per store load, so every keystroke is a lookup.

Built in a worker from a :class:`store.corpus.corpus.Corpus`: article summaries, the unit
hierarchy and an inverted index unit -> article ids, so applying a unit filter to ten
thousand articles is a set union and one pass, not a scan of entities. Timeline rows
are computed here too, away from the UI thread. No Textual import: this is data.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from store.corpus.corpus import ArticleSummary, Corpus, UnitInfo
from store.db.schema import Event
from store.corpus.tags import Coding

# TinyDB is not thread-safe and user-store writes run in worker threads.
USER_WRITE_LOCK = threading.Lock()
FAILED = object()  # what a user-store write returns when the change did not happen


@dataclass(frozen=True, slots=True)
class UnitFilter:
    """The units the user filters by (OR), and whether sub-units count too."""

    keys: frozenset[str] = frozenset()
    include_subunits: bool = True

    def __bool__(self) -> bool:
        return bool(self.keys)


@dataclass(slots=True, repr=False)
class CorpusIndex:
    corpus: Corpus
    articles: list[ArticleSummary]
    by_id: dict[str, ArticleSummary]
    units: dict[str, UnitInfo]
    children: dict[str, list[str]]
    unit_articles: dict[str, list[str]]
    positions: dict[str, int] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    tag_counts: dict[str, int] = field(default_factory=dict)  # article id -> codings
    _tree: list[tuple[UnitInfo, int]] | None = None

    @classmethod
    def build(cls, corpus: Corpus) -> CorpusIndex:
        articles = corpus.articles()
        units = {u.key: u for u in corpus.units()}
        children: dict[str, list[str]] = {}
        for u in units.values():
            if u.parent and u.parent in units and u.parent != u.key:
                children.setdefault(u.parent, []).append(u.key)
        for kids in children.values():
            kids.sort(key=lambda k: (-units[k].mentions, units[k].name))
        user = corpus.user
        positions: dict[str, int] = {}
        settings: dict[str, Any] = {}
        if user is not None:
            with USER_WRITE_LOCK:
                positions = user.positions()
                settings = {"theme": user.get_setting("theme")}
        return cls(
            corpus=corpus,
            articles=articles,
            by_id={a.id: a for a in articles},
            units=units,
            children=children,
            unit_articles=corpus.unit_articles(),
            positions=positions,
            settings=settings,
        )

    # --- units ------------------------------------------------------------------
    def unit_name(self, key: str) -> str:
        unit = self.units.get(key)
        return unit.name if unit else key

    def expand(self, flt: UnitFilter) -> frozenset[str]:
        """The filter's keys, plus every descendant when sub-units are included."""
        keys = {self.corpus.canonical_unit(k) for k in flt.keys}
        if flt.include_subunits:
            stack = list(keys)
            while stack:
                for child in self.children.get(stack.pop(), ()):
                    if child not in keys:
                        keys.add(child)
                        stack.append(child)
        return frozenset(keys)

    def unit_tree(self) -> list[tuple[UnitInfo, int]]:
        """Units depth-first under their parents (busiest first), with their depth."""
        if self._tree is None:
            self._tree = self._walk_tree()
        return self._tree

    def _walk_tree(self) -> list[tuple[UnitInfo, int]]:
        roots = [u for u in self.units.values() if not u.parent or u.parent not in self.units or u.parent == u.key]
        roots.sort(key=lambda u: (-u.mentions, u.name))
        out: list[tuple[UnitInfo, int]] = []
        seen: set[str] = set()

        def walk(unit: UnitInfo, depth: int) -> None:
            if unit.key in seen:  # a user merge can make a cycle; show each unit once
                return
            seen.add(unit.key)
            out.append((unit, depth))
            for child in self.children.get(unit.key, ()):
                walk(self.units[child], depth + 1)

        for root in roots:
            walk(root, 0)
        for unit in self.units.values():  # anything only reachable through a cycle
            if unit.key not in seen:
                walk(unit, 0)
        return out

    def ancestors(self, key: str) -> list[str]:
        chain: list[str] = []
        unit = self.units.get(key)
        while unit and unit.parent and unit.parent in self.units and unit.parent not in chain and unit.parent != key:
            chain.append(unit.parent)
            unit = self.units[unit.parent]
        return chain

    # --- articles ---------------------------------------------------------------
    def filtered(self, flt: UnitFilter) -> list[ArticleSummary]:
        if not flt:
            return self.articles
        ids: set[str] = set()
        for key in self.expand(flt):
            ids.update(self.unit_articles.get(key, ()))
        return [a for a in self.articles if a.id in ids]

    def tag_count(self, article_id: str) -> int:
        """Tagged passages (codings) in an article, as of the last :meth:`count_tags`."""
        return self.tag_counts.get(article_id, 0)

    def count_tags(self, codings: Iterable[Coding]) -> None:
        """Recount after every tag change: one pass over the codings, a few ms."""
        counts: dict[str, int] = {}
        for c in codings:
            counts[c.article] = counts.get(c.article, 0) + 1
        self.tag_counts = counts

    def is_read(self, article_id: str) -> bool:
        return article_id in self.positions


# --- timeline rows ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One line of the timeline sidebar: a heading or an event."""

    kind: str  # "heading" | "event"
    label: str
    when: str = ""
    article: str | None = None
    paragraph: int = -1
    start: int = 0
    inferred: bool = False


def when_label(ev: Event, short: bool = False) -> str:
    """The event's date as precise as it is known; the expression itself if no year."""
    if not ev.date_start or ev.year == "unknown":
        return ev.text
    d = ev.date_start
    if ev.precision == "day":
        return d[5:10] if short else d[:10]
    if ev.precision == "month":
        return d[5:7] + "月" if short else d[:7]
    if ev.precision == "year":
        return "" if short else d[:4]
    if ev.precision == "open" or not ev.date_end:  # "今年以来": where it starts, never a false end day
        return (d[5:10] if short else d[:10]) + " →"
    return span_label(d[:10], ev.date_end[:10], short)


def span_label(start: str, end: str, short: bool = False) -> str:
    """A range with its true precision: "2024-08-21..08-31", "2024-01..05" (whole months),
    "2023-12-01..2024-01-31" across years; ``short`` drops the start's year when the end shares it."""
    whole_months = start[8:10] == "01" and end[8:10] == _month_end(end)
    a, b = (start[:7], end[:7]) if whole_months else (start, end)
    if start[:4] == end[:4]:
        return f"{a[5:] if short else a}..{b[5:]}"
    return f"{a}..{b}"


def _month_end(iso: str) -> str:
    import calendar

    return f"{calendar.monthrange(int(iso[:4]), int(iso[5:7]))[1]:02d}"


def _sort_key(item: tuple[str, Event]) -> tuple[Any, ...]:
    aid, ev = item
    unknown = ev.date_start is None or ev.year == "unknown"
    return (unknown, ev.date_start or "", aid, ev.paragraph, ev.start)


def article_rows(article_id: str, events: Iterable[Event]) -> list[TimelineRow]:
    dated, undated = [], []
    for ev in sorted(events, key=lambda e: _sort_key((article_id, e))):
        row = TimelineRow(
            "event", ev.label or ev.text, when_label(ev), article_id, ev.paragraph, ev.start, ev.year == "inferred"
        )
        (undated if ev.date_start is None or ev.year == "unknown" else dated).append(row)
    rows = dated
    if undated:
        rows = [*dated, TimelineRow("heading", "Year unknown"), *undated]
    return rows


def corpus_rows(items: Iterable[tuple[str, Event]], titles: dict[str, str]) -> list[TimelineRow]:
    """Events of many articles grouped under year and month headings, unknown last."""
    rows: list[TimelineRow] = []
    year = month = None
    unknown_started = False
    for aid, ev in sorted(items, key=_sort_key):
        if ev.date_start is None or ev.year == "unknown":
            if not unknown_started:
                rows.append(TimelineRow("heading", "Year unknown"))
                unknown_started = True
            when = ev.text
        else:
            y = ev.date_start[:4]
            # Grouped by where the event starts: 国庆 2024-10-01..07 sits under 2024-10, not 2024-09.
            m = ev.date_start[:7] if ev.precision != "year" else f"{y} (whole year)"
            if y != year:
                rows.append(TimelineRow("heading", y))
                year, month = y, None
            if m != month:
                if ev.precision != "year":
                    rows.append(TimelineRow("heading", m))
                month = m
            when = when_label(ev, short=True)
        label = f"{ev.label or ev.text} · {titles.get(aid, aid)}"
        rows.append(TimelineRow("event", label, when, aid, ev.paragraph, ev.start, ev.year == "inferred"))
    return rows


def unit_events(corpus: Corpus, article_ids: Iterable[str], keys: frozenset[str]) -> list[tuple[str, Event]]:
    """Events from passages that mention any of ``keys`` (several units, OR)."""
    out: list[tuple[str, Event]] = []
    for aid in article_ids:
        if paras := corpus.unit_paragraphs(aid, keys):
            out.extend((aid, ev) for ev in corpus.events(aid) if ev.paragraph in paras)
    return out


def all_events(corpus: Corpus, article_ids: Iterable[str]) -> list[tuple[str, Event]]:
    return [(aid, ev) for aid in article_ids for ev in corpus.events(aid)]


def reopened(corpus: Corpus) -> Corpus:
    """The same corpus with the user's unit overrides read again (no file is re-read)."""
    corpus.reload_overrides()
    return corpus
