"""The questions the CLI and the reader ask of a corpus, answered in one place.

Units (lookup by key, name, alias or unique prefix; filters with sub-units), which
units a tagged passage counts under (one rule, orphans included), and timelines
(which events, in which order, grouped how). ``beat export --unit``, ``beat timeline``
and the reader's unit filter, tag browser and timeline all call these, so the same
question gets the same answer from the shell and from the screen (tested).

:class:`CorpusIndex` is built once per store load (in the TUI, in a worker): article
summaries, the unit hierarchy and an inverted index unit -> article ids, so applying a
unit filter to ten thousand articles is a set union and one pass, not a scan of
entities. No Textual import: this is data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from store.corpus.corpus import ArticleSummary, Corpus, UnitInfo
from store.corpus.tags import Coding
from store.corpus.views import ById, picked
from store.db.schema import Event

CANDIDATES_SHOWN = 8  # names listed in an ambiguous or unknown unit error
OPEN_END = "→"  # after the start of an open period ("今年以来"): no false end day
RANGE = ".."  # between a period's first and last day


class UnitLookupError(LookupError):
    """A unit reference that names no unit, or several: ``candidates`` are the near ones."""

    def __init__(self, ref: str, candidates: list[UnitInfo], ambiguous: bool) -> None:
        self.ref, self.candidates, self.ambiguous = ref, candidates, ambiguous
        shown = ", ".join(f"{u.name} ({u.key})" if u.name != u.key else u.key for u in candidates[:CANDIDATES_SHOWN])
        more = f" and {len(candidates) - CANDIDATES_SHOWN} more" if len(candidates) > CANDIDATES_SHOWN else ""
        if ambiguous:
            message = f"{ref!r} matches {len(candidates)} units: {shown}{more}"
        elif candidates:
            message = f"no unit {ref!r}; did you mean: {shown}{more}"
        else:
            message = f"no unit {ref!r}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


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
    articles: Sequence[ArticleSummary]  # read when shown on the SQLite store (store.corpus.views)
    by_id: Mapping[str, ArticleSummary]
    units: dict[str, UnitInfo]
    children: dict[str, list[str]]
    unit_articles: Mapping[str, list[str]]  # answered per unit
    positions: dict[str, int] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    tag_counts: dict[str, int] = field(default_factory=dict)  # article id -> codings
    _tree: list[tuple[UnitInfo, int]] | None = None
    _totals: dict[tuple[str, bool], tuple[int, int]] = field(default_factory=dict)
    _labels: dict[str, str] | None = None

    @classmethod
    def build(
        cls, corpus: Corpus, positions: Mapping[str, int] | None = None, settings: Mapping[str, Any] | None = None
    ) -> CorpusIndex:
        """The index of ``corpus``; ``positions`` and ``settings`` are the user's, read by the caller under its lock."""
        articles = corpus.articles()
        units = {u.key: u for u in corpus.units()}
        children: dict[str, list[str]] = {}
        for u in units.values():
            if u.parent and u.parent in units and u.parent != u.key:
                children.setdefault(u.parent, []).append(u.key)
        for kids in children.values():
            kids.sort(key=lambda k: (-units[k].mentions, units[k].name))
        return cls(
            corpus=corpus,
            articles=articles,
            by_id={a.id: a for a in articles} if isinstance(articles, list) else ById(articles, corpus.ids, corpus.position),
            units=units,
            children=children,
            unit_articles=corpus.unit_articles(),
            positions=dict(positions or {}),
            settings=dict(settings or {}),
        )

    # --- units ------------------------------------------------------------------
    def unit_name(self, key: str) -> str:
        unit = self.units.get(key)
        return unit.name if unit else key

    def unit_label(self, key: str) -> str:
        """The unit's name, with its parent's where another unit has the same name.

        For views that list units side by side (the co-occurrence matrix): a corpus names
        many 刑侦大队 and 治安大队, one under each 分局, and two rows both saying 刑侦大队
        read as one unit counted twice. Names are compared corpus-wide, so a unit has one
        label in every view and export.
        """
        if self._labels is None:
            seen: dict[str, int] = {}
            for unit in self.units.values():
                seen[unit.name] = seen.get(unit.name, 0) + 1
            self._labels = {}
            for unit in self.units.values():
                parent = self.units.get(unit.parent) if unit.parent else None
                shared = seen[unit.name] > 1 and parent is not None and parent.key != unit.key
                self._labels[unit.key] = f"{unit.name}（{parent.name}）" if shared and parent else unit.name
        return self._labels.get(key, key)

    def lookup_unit(self, ref: str) -> str:
        """The unit key ``ref`` stands for: a key, a name, an alias (the user's too) or a unique prefix.

        Raises :class:`UnitLookupError` listing the candidates when ``ref`` names no
        unit or several. Exact answers win over prefixes: ``青山区分局`` the name beats
        every longer name it begins.
        """
        ref = ref.strip()
        if not ref:
            raise UnitLookupError(ref, [], ambiguous=False)
        key = self.corpus.canonical_unit(ref)
        if key in self.units:
            return key
        for matches in (self._named(ref), self._prefixed(ref)):
            if len(matches) == 1:
                return matches[0].key
            if matches:
                raise UnitLookupError(ref, matches, ambiguous=True)
        near = [u for u in self.units.values() if any(ref in n for n in (u.key, u.name, *u.aliases))]
        raise UnitLookupError(ref, near, ambiguous=False)

    def _named(self, ref: str) -> list[UnitInfo]:
        return [u for u in self.units.values() if ref == u.name or ref in u.aliases]

    def _prefixed(self, ref: str) -> list[UnitInfo]:
        return [u for u in self.units.values() if any(n.startswith(ref) for n in (u.key, u.name, *u.aliases))]

    def unit_keys(self, refs: Iterable[str], include_subunits: bool = True) -> frozenset[str]:
        """Canonical keys of ``refs`` (looked up as :meth:`lookup_unit`), with their sub-units by default."""
        return self.expand(UnitFilter(frozenset(self.lookup_unit(r) for r in refs), include_subunits))

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

    def unit_counts(self, key: str, include_subunits: bool = True) -> tuple[int, int]:
        """(mentions, articles) that a filter by ``key`` matches: with sub-units, the unit's own plus its descendants'.

        The same expansion as :meth:`filtered`, so the picker's "5× in 2 articles" is the
        number of articles the filter then lists. A district the texts only name inside its
        stations' full names (武汉市公安局江夏区分局庙山派出所) has no mentions of its own:
        it showed "0× in 0 articles" while filtering by it listed articles. Cached per
        index (a unit change builds a new index).
        """
        found = self._totals.get((key, include_subunits))
        if found is None:
            keys = self.expand(UnitFilter(frozenset({key}), include_subunits))
            mentions = sum(self.units[k].mentions for k in keys if k in self.units)
            found = self._totals[(key, include_subunits)] = (mentions, len(self.corpus.unit_rows(keys)))
        return found

    def unit_article_ids(self, keys: Iterable[str]) -> set[str]:
        """Ids of the articles mentioning any of these canonical keys (expanded already): one
        store query (``Corpus.unit_rows``), the one answer for a query's ``unit:`` and a unit's series."""
        ids = self.corpus.ids()
        return {ids[i] for i in self.corpus.unit_rows(keys)}

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
    def filtered(self, flt: UnitFilter) -> Sequence[ArticleSummary]:
        """The articles the filter lets through, in list order: row numbers over the list, nothing copied."""
        if not flt:
            return self.articles
        rows = self.corpus.unit_rows(self.expand(flt))
        return [self.articles[i] for i in rows] if isinstance(self.articles, list) else picked(self.articles, rows)

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

    def titles(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> title for these ids: from memory on TinyDB, by row from SQLite (:meth:`Corpus.titles`)."""
        if isinstance(self.by_id, dict):
            return {aid: self.by_id[aid].title for aid in article_ids if aid in self.by_id}
        return self.corpus.titles(article_ids)

    def passage_units(self) -> PassageUnits:
        return PassageUnits(self.corpus, self.by_id)

    def timeline(self, flt: UnitFilter | None = None, article: str | None = None) -> list[tuple[str, Event]]:
        """Events under the filter (sub-units as the filter says), of one article or all."""
        flt = flt or UnitFilter()
        if article is not None:
            ids = [self.corpus.resolve_id(article)]
        elif flt:  # the store's query: the events of the unit's passages, no article read
            return sorted(self.corpus.unit_timeline(self.expand(flt)), key=_sort_key)
        else:
            ids = [a.id for a in self.filtered(flt)]
        return timeline_events(self.corpus, ids, self.expand(flt) if flt else None)


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
    return when_text(ev.text, ev.date_start, ev.date_end, ev.precision, ev.year, short)


def when_text(text: str, start: str | None, end: str | None, precision: str, year: str, short: bool = False) -> str:
    """:func:`when_label` from an event's fields (the corpus timeline's pass has no :class:`Event`)."""
    if not start or year == "unknown":
        return text
    if precision == "day":
        return start[5:10] if short else start[:10]
    if precision == "month":
        return start[5:7] + "月" if short else start[:7]
    if precision == "year":
        return "" if short else start[:4]
    if precision == "open" or not end:  # "今年以来": where it starts, never a false end day
        return (start[5:10] if short else start[:10]) + " " + OPEN_END
    return span_label(start[:10], end[:10], short)


def span_label(start: str, end: str, short: bool = False) -> str:
    """A range with its true precision: "2024-08-21..08-31", "2024-01..05" (whole months),
    "2023-12-01..2024-01-31" across years; ``short`` drops the start's year when the end shares it."""
    whole_months = start[8:10] == "01" and end[8:10] == _month_end(end)
    a, b = (start[:7], end[:7]) if whole_months else (start, end)
    if start[:4] == end[:4]:
        return f"{a[5:] if short else a}{RANGE}{b[5:]}"
    return f"{a}{RANGE}{b}"


def _month_end(iso: str) -> str:
    import calendar

    return f"{calendar.monthrange(int(iso[:4]), int(iso[5:7]))[1]:02d}"


def _sort_key(item: tuple[str, Event]) -> tuple[Any, ...]:
    aid, ev = item
    unknown = ev.date_start is None or ev.year == "unknown"
    return (unknown, ev.date_start or "", aid, ev.paragraph, ev.start)


def article_rows(article_id: str, events: Iterable[Event]) -> list[TimelineRow]:
    dated: list[TimelineRow] = []
    undated: list[TimelineRow] = []
    for ev in sorted(events, key=lambda e: _sort_key((article_id, e))):
        row = TimelineRow(
            "event", ev.label or ev.text, when_label(ev), article_id, ev.paragraph, ev.start, ev.year == "inferred"
        )
        (undated if ev.date_start is None or ev.year == "unknown" else dated).append(row)
    rows = dated
    if undated:
        rows = [*dated, TimelineRow("heading", "Year unknown"), *undated]
    return rows


class Headings:
    """The year and month headings the corpus timeline puts before each event, fed events in order.

    Grouped by where an event starts: 国庆 2024-10-01..07 sits under 2024-10, not 2024-09;
    a whole year's event sits under its year with no month; unknown years come last under
    one heading. The one rule for :func:`corpus_rows` and the paged timeline
    (``store.corpus.timeline_pages``).
    """

    __slots__ = ("month", "unknown", "year")

    def __init__(self) -> None:
        self.year: str | None = None
        self.month: str | None = None
        self.unknown = False

    def before(self, unknown: bool, start: str, precision: str) -> tuple[str, ...]:
        """The headings to show before this event (most often none)."""
        if unknown:
            if self.unknown:
                return ()
            self.unknown = True
            return ("Year unknown",)
        y = start[:4]
        m = start[:7] if precision != "year" else f"{y} (whole year)"
        if y == self.year and m == self.month:
            return ()
        out: list[str] = []
        if y != self.year:
            out.append(y)
            self.year, self.month = y, None
        if m != self.month:
            if precision != "year":
                out.append(m)
            self.month = m
        return tuple(out)


def corpus_row(aid: str, ev: Event, title: str) -> TimelineRow:
    """One event's line on the corpus timeline: its short date and label, and its article's title."""
    label = f"{ev.label or ev.text} · {title}"
    return TimelineRow("event", label, when_label(ev, short=True), aid, ev.paragraph, ev.start, ev.year == "inferred")


def corpus_rows(items: Iterable[tuple[str, Event]], titles: dict[str, str]) -> list[TimelineRow]:
    """Events of many articles grouped under year and month headings, unknown last."""
    rows: list[TimelineRow] = []
    headings = Headings()
    for aid, ev in sorted(items, key=_sort_key):
        unknown = ev.date_start is None or ev.year == "unknown"
        rows.extend(TimelineRow("heading", h) for h in headings.before(unknown, ev.date_start or "", ev.precision))
        rows.append(corpus_row(aid, ev, titles.get(aid, aid)))
    return rows


def timeline_events(
    corpus: Corpus, article_ids: Iterable[str], keys: frozenset[str] | None = None
) -> list[tuple[str, Event]]:
    """The one timeline: events of these articles by date, unknown years last.

    With ``keys`` (canonical unit keys, several = OR) only events in passages that
    mention one of them; ``beat timeline`` and the reader's corpus timeline both list
    exactly these rows.
    """
    out: list[tuple[str, Event]] = []
    for aid in article_ids:
        if keys is None:
            out.extend((aid, ev) for ev in corpus.events(aid))
        elif paras := corpus.unit_paragraphs(aid, keys):
            out.extend((aid, ev) for ev in corpus.events(aid) if ev.paragraph in paras)
    out.sort(key=_sort_key)
    return out


# --- tagged passages and units ------------------------------------------------------


class PassageUnits:
    """Which units a tagged passage counts under: the one rule for export, CLI and tag browser.

    A coding counts under the units mentioned in its paragraph. An orphan's quote is
    no longer in the text, so its paragraph number says nothing: it counts under every
    unit its article mentions (an orphan is kept to be found, not hidden by a filter).
    A coding whose article left the corpus counts under no unit. Answers are cached
    per (article, paragraph): an export of thousands of codings parses each article once.
    """

    def __init__(self, corpus: Corpus, summaries: Mapping[str, ArticleSummary] | None = None) -> None:
        self.corpus = corpus
        self._summaries = summaries
        self._cache: dict[tuple[str, int], tuple[str, ...]] = {}

    def _summary(self, article: str) -> ArticleSummary | None:
        if self._summaries is None:
            self._summaries = {a.id: a for a in self.corpus.articles()}
        return self._summaries.get(article)

    def __call__(self, c: Coding) -> tuple[str, ...]:
        if c.orphan:
            summary = self._summary(c.article)
            return summary.units if summary is not None else ()
        key = (c.article, c.paragraph)
        if key not in self._cache:
            try:
                entities = self.corpus.entities(c.article)
            except KeyError:  # the article left the corpus
                entities = []
            canonical = self.corpus.canonical_unit
            self._cache[key] = tuple(
                sorted({canonical(e.key) for e in entities if e.type == "unit" and e.paragraph == c.paragraph})
            )
        return self._cache[key]

    def matches(self, c: Coding, keys: frozenset[str]) -> bool:
        """Whether ``c`` counts under any of ``keys`` (canonical); every coding does when ``keys`` is empty."""
        return not keys or not keys.isdisjoint(self(c))
