"""Running a query over the corpus: which passages match, and where the words are in them.

A query matches **passages** (paragraphs): ``诈骗 AND unit:青山`` finds paragraphs that
say 诈骗 and mention a 青山 unit. Article facts (``published:``, ``source:``) hold for
every paragraph of their article. A hit is a span to centre a concordance line on: each
match of a word, phrase or regex that is not under NOT; a passage matched by fields
alone centres on the unit, person or place it names, else on its start (an empty span).

Speed (10,000 articles, see tests/bench/bench_analysis.py): before decoding any text the
evaluator narrows the articles with the index (units, dates, sources) and with a byte
search of the side file per word (:meth:`Corpus.containing`), then decodes only those
articles, in list order, lazily: the first screen of hits comes from the first few.

Regular expressions run in the ``regex`` engine with a time limit shared by the whole
search (:data:`REGEX_SECONDS`): ``(a+)+$`` over a long passage stops with a
:class:`QueryError` at the pattern instead of freezing the reader.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from store.analysis.query_parse import And, DateRange, Field, Node, Not, Or, Pattern, QueryError, Text, parse, positives
from store.analysis.unit_refs import unit_keys
from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding
from store.db.schema import Entity

PROBED = 64  # articles at the head of the list matched before the rest is narrowed (Search.passages)
FEW = 2000  # candidates placed one by one by the id index rather than found by walking every id (Search._after_head)
REGEX_SECONDS = 1.0  # total regex time of one search; the engine checks its clock in steps: a runaway stops within ~2 s


@dataclass(frozen=True, slots=True, order=True)
class Hit:
    """One match: ``paragraphs[paragraph][start:end]`` of ``article`` (start == end: the passage itself)."""

    article: str
    paragraph: int
    start: int
    end: int


def _simplified(text: str) -> str:
    if text.isascii():  # no opencc for ASCII: read-only commands stay light
        return text
    from store.text.script import to_simplified

    return to_simplified(text)


@dataclass(slots=True)
class _Article:
    """What one article offers the evaluator, each read on first use."""

    search: Search
    id: str
    texts: list[str]
    _entities: list[Entity] | None = None
    _units: dict[str, tuple[int, ...]] | None = None

    @property
    def all(self) -> frozenset[int]:
        return frozenset(range(len(self.texts)))

    def entities(self) -> list[Entity]:
        if self._entities is None:
            self._entities = self.search.index.corpus.entities(self.id)
        return self._entities

    def units(self) -> dict[str, tuple[int, ...]]:
        if self._units is None:
            self._units = self.search.index.corpus.unit_paragraph_map(self.id)
        return self._units


@dataclass(slots=True)
class Search:
    """A parsed query bound to an index; iterate :meth:`hits` lazily or take :meth:`first`."""

    index: CorpusIndex
    query: str
    codings: Sequence[Coding] = ()
    articles: Sequence[str] | None = None  # restrict to these ids (a unit filter, one cluster per repost)
    tree: Node = field(init=False)
    _compiled: dict[int, Any] = field(default_factory=dict)
    _units: dict[int, frozenset[str]] = field(default_factory=dict)
    _whole: dict[int, Any] = field(default_factory=dict)  # patterns to try on a whole article first
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self.tree = _normalised(parse(self.query))
        self._prepare(self.tree)

    # --- preparing: every error is found before the first article is read ---------------
    def _prepare(self, node: Node) -> None:
        if isinstance(node, Pattern):
            self._compiled[node.offset] = _compile(node, self.query)
            if not _EDGE_SENSITIVE.search(node.pattern):
                self._whole[node.offset] = _compile(node, self.query, multiline=True)
        elif isinstance(node, Field) and node.name == "unit":
            self._units[node.offset] = unit_keys(self.index, node, self.query)
        elif isinstance(node, Not):
            self._prepare(node.item)
        elif isinstance(node, (And, Or)):
            for item in node.items:
                self._prepare(item)

    # --- candidates: articles that can match, from the index and byte searches --------------
    def _candidates(self, node: Node) -> set[str] | None:
        """Ids that may hold a match of ``node``; None when any article may."""
        corpus, by_id = self.index.corpus, self.index.by_id
        if isinstance(node, Text):
            return set(corpus.containing(node.text))
        if isinstance(node, Field):
            if node.name == "unit":
                return self.index.unit_article_ids(self._units[node.offset])
            if node.name in ("person", "place"):
                return set(corpus.containing(node.value))
            if node.name == "tag":
                return {c.article for c in self.codings if c.tag == node.value}
            if node.name == "published":
                assert node.dates is not None
                return {a.id for a in self.index.articles if _published_in(a.published, node.dates)}
            if node.name == "source":
                want = node.value.lower()
                return {a.id for a in self.index.articles if a.source and want in a.source.lower()}
            assert node.dates is not None
            return {aid for aid in by_id if any(_overlaps(ev.date_start, ev.date_end, node.dates) for ev in corpus.events(aid))}
        if isinstance(node, And):
            sets = [s for s in (self._candidates(i) for i in node.items) if s is not None]
            return set.intersection(*sets) if sets else None
        if isinstance(node, Or):
            out: set[str] = set()
            for item in node.items:
                found = self._candidates(item)
                if found is None:
                    return None
                out |= found
            return out
        if isinstance(node, Pattern) and (literal := required_literal(node.pattern)):
            return set(corpus.containing(literal))
        return None  # a regex without a literal every match holds, a NOT

    # --- matching ---------------------------------------------------------------------------
    def passages(self, only: Sequence[str] | None = None) -> Iterator[tuple[str, list[str], list[int]]]:
        """(article, its paragraph texts, matching paragraph numbers) in list order, lazily; ``only``: just those.

        Over the whole list, the first :data:`PROBED` articles are matched before the corpus
        is narrowed: a common word's first screen of hits is in them, and narrowing first
        read every row holding it (民警 at 100,000 articles: 1.1 s of byte searches and 0.3 s
        of ids before its first hit; tests/bench/bench_million.py). The narrowing only skips
        articles that cannot match, so the hits are the same, in the same order.
        """
        self._deadline = time.monotonic() + REGEX_SECONDS
        if only is not None:  # a few articles: matched, not narrowed
            yield from self._passages(only, None)
        elif self.articles is not None:
            yield from self._passages(self.articles, self._candidates(self.tree))
        else:
            head = [a.id for a in self.index.articles[:PROBED]]
            yield from self._passages(head, None)
            if len(head) == PROBED:
                candidates = self._candidates(self.tree)
                yield from self._passages(self._after_head(candidates), candidates)

    def _after_head(self, candidates: set[str] | None) -> Iterable[str]:
        """The articles after the probed head, in list order; only the candidates when they are few.

        A rare or absent word walked every id to keep its few candidates (1,000,000 set
        lookups); up to :data:`FEW` candidates are placed by the store's id index instead.
        """
        if candidates is not None and len(candidates) <= FEW:
            position = self.index.corpus.position
            placed = sorted((at, aid) for aid in candidates if (at := position(aid)) is not None and at >= PROBED)
            return [aid for _, aid in placed]
        return islice(self.index.by_id, PROBED, None)

    def _passages(self, order: Iterable[str], candidates: set[str] | None) -> Iterator[tuple[str, list[str], list[int]]]:
        for aid in order:
            if candidates is not None and aid not in candidates:
                continue
            art = _Article(self, aid, self.index.corpus.paragraph_texts(aid))
            matched = self._match(self.tree, art)
            if matched:
                yield aid, art.texts, sorted(matched)

    def hits(self, only: Sequence[str] | None = None) -> Iterator[Hit]:
        """Every hit in list order (articles newest first, then paragraph, then offset); ``only``: in those articles."""
        spans = positives(self.tree)
        for aid, texts, paragraphs in self.passages(only):
            art: _Article | None = None
            for p in paragraphs:
                found = sorted(set(self._spans(spans, texts[p])))
                if not found:
                    art = art or _Article(self, aid, texts)
                    found = self._field_spans(art, p)
                for start, end in found or [(0, 0)]:
                    yield Hit(aid, p, start, end)

    def first(self, n: int) -> list[Hit]:
        out: list[Hit] = []
        for hit in self.hits():
            out.append(hit)
            if len(out) >= n:
                break
        return out

    def spans_in(self, text: str) -> list[tuple[int, int]]:
        """Where the query's words and patterns (not under NOT) are in ``text``: a title's highlight."""
        self._deadline = self._deadline or time.monotonic() + REGEX_SECONDS
        return sorted(set(self._spans(positives(self.tree), text)))

    def pattern_in(self, node: Pattern, text: str) -> bool:
        self._deadline = self._deadline or time.monotonic() + REGEX_SECONDS
        return self._regex(self._compiled[node.offset], node, text, first=True) is not None

    def _match(self, node: Node, art: _Article) -> frozenset[int]:
        if isinstance(node, Text):
            return frozenset(p for p, t in enumerate(art.texts) if node.text in t)
        if isinstance(node, Pattern):
            whole = self._whole.get(node.offset)
            if whole is not None and not self._regex(whole, node, "\n".join(art.texts), first=True):
                return frozenset()  # one call for an article without a match instead of one per paragraph
            compiled = self._compiled[node.offset]
            return frozenset(p for p, t in enumerate(art.texts) if self._regex(compiled, node, t, first=True))
        if isinstance(node, Field):
            return self._field(node, art)
        if isinstance(node, Not):
            return art.all - self._match(node.item, art)
        if isinstance(node, And):
            out = self._match(node.items[0], art)
            for item in node.items[1:]:
                if not out:
                    break
                out &= self._match(item, art)
            return out
        assert isinstance(node, Or)
        found: frozenset[int] = frozenset()
        for item in node.items:
            found |= self._match(item, art)
        return found

    def _field(self, node: Field, art: _Article) -> frozenset[int]:
        summary = self.index.by_id[art.id]
        if node.name == "published":
            assert node.dates is not None
            return art.all if _published_in(summary.published, node.dates) else frozenset()
        if node.name == "source":
            return art.all if summary.source and node.value.lower() in summary.source.lower() else frozenset()
        if node.name == "unit":
            keys = self._units[node.offset]
            return frozenset(p for key, paras in art.units().items() if key in keys for p in paras)
        if node.name == "tag":
            return frozenset(c.paragraph for c in self.codings if c.article == art.id and c.tag == node.value and not c.orphan)
        if node.name == "date":
            assert node.dates is not None
            events = self.index.corpus.events(art.id)
            return frozenset(ev.paragraph for ev in events if _overlaps(ev.date_start, ev.date_end, node.dates))
        return frozenset(e.paragraph for e in art.entities() if e.type == node.name and node.value in (e.text, e.key))

    def _field_spans(self, art: _Article, paragraph: int) -> list[tuple[int, int]]:
        wanted: list[Field] = []
        _positive_fields(self.tree, False, wanted)
        out = []
        for node in wanted:
            for e in art.entities():
                if e.paragraph != paragraph or e.type != node.name:
                    continue
                if (node.name == "unit" and e.key in self._units[node.offset]) or node.value in (e.text, e.key):
                    out.append((e.start, e.end))
        return sorted(set(out))

    def _spans(self, spans: list[Text | Pattern], text: str) -> Iterator[tuple[int, int]]:
        for node in spans:
            if isinstance(node, Text):
                at = text.find(node.text)
                while at != -1:
                    yield at, at + len(node.text)
                    at = text.find(node.text, at + 1)
            else:
                for m in self._regex(self._compiled[node.offset], node, text, first=False):
                    if m.end() > m.start():
                        yield m.span()

    def _regex(self, compiled: Any, node: Pattern, text: str, first: bool) -> Any:
        remaining = self._deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            if first:
                return compiled.search(text, timeout=remaining)
            return list(compiled.finditer(text, timeout=remaining))
        except TimeoutError:
            raise QueryError(
                f"the regular expression took more than {REGEX_SECONDS:g} s (nested repeats such as (a+)+ "
                "try every way to split the text): simplify it",
                node.offset,
                self.query,
            ) from None


def _normalised(node: Node) -> Node:
    """The tree with words, phrases, patterns and text fields in simplified script (the store's)."""
    if isinstance(node, Text):
        return Text(_simplified(node.text), node.offset)
    if isinstance(node, Pattern):
        return Pattern(_simplified(node.pattern), node.offset)
    if isinstance(node, Field) and node.name in ("person", "place", "tag", "source"):
        return Field(node.name, _simplified(node.value) if node.name != "tag" else node.value, node.offset, node.exact)
    if isinstance(node, Not):
        return Not(_normalised(node.item))
    if isinstance(node, And):
        return And(tuple(_normalised(i) for i in node.items))
    if isinstance(node, Or):
        return Or(tuple(_normalised(i) for i in node.items))
    return node


def _positive_fields(node: Node, negated: bool, out: list[Field]) -> None:
    if isinstance(node, Field) and not negated and node.name in ("unit", "person", "place"):
        out.append(node)
    elif isinstance(node, Not):
        _positive_fields(node.item, not negated, out)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            _positive_fields(item, negated, out)


# A pattern that may look at a text's edges (\A, \Z, lookarounds) could match a lone paragraph
# and not the same paragraph inside its article: such patterns are tried paragraph by paragraph.
_EDGE_SENSITIVE = re.compile(r"\\[AZz]|\(\?[<=!]")


_META = set(".^$*+?{}[]()|\\")


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` must contain, or "".

    Conservative: a pattern with alternation or inline flags gives none; only runs outside
    groups and classes count, and a character made optional by ``?``/``*``/``{`` leaves its
    run. ``骗.{0,4}万元`` gives 万元, so the articles to try come from a byte search of the
    side file (~0.1 s for 10,000 articles) instead of running the pattern over all of them.
    """
    if "|" in pattern or "(?" in pattern:
        return ""
    runs: list[str] = []
    run, depth, i = "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" or ch == "[":
            runs.append(run)
            run = ""
            if ch == "[":
                close = pattern.find("]", i + 2)
                i = close + 1 if close != -1 else len(pattern)
            else:
                i += 2
            continue
        if ch in "?*{" and run:
            run = run[:-1]  # the character before is optional (or repeated a number of times that may be 0)
        if ch == "{":
            runs.append(run)
            run = ""
            close = pattern.find("}", i)
            i = close + 1 if close != -1 else len(pattern)
            continue
        if ch in _META:
            depth += ch == "("
            depth -= ch == ")"
            runs.append(run)
            run = ""
        elif depth == 0:
            run += ch
        i += 1
    runs.append(run)
    return max(runs, key=len) if any(len(r) >= 2 for r in runs) else ""


def _compile(node: Pattern, query: str, multiline: bool = False) -> Any:
    """The pattern compiled; ``multiline`` for a whole article (``^``/``$`` at each paragraph's ends)."""
    import regex

    try:
        return regex.compile(node.pattern, regex.V0 | (regex.MULTILINE if multiline else 0))
    except regex.error as exc:
        at = node.offset + 1 + (exc.pos or 0)
        raise QueryError(f"invalid regular expression: {exc.msg}", min(at, len(query)), query) from None
    except (OverflowError, RecursionError, MemoryError, ValueError) as exc:
        raise QueryError(f"invalid regular expression: {exc}", node.offset, query) from None


def _published_in(published: str | None, dates: DateRange) -> bool:
    if not published:
        return False
    day = published[:10]
    return (dates.start is None or day >= dates.start) and (dates.end is None or day <= dates.end)


def _overlaps(start: str | None, end: str | None, dates: DateRange) -> bool:
    """An event's range [start, end] (end None: the start day) meets the query's range."""
    if not start:
        return False
    first, last = start[:10], (end or start)[:10]
    return (dates.end is None or first <= dates.end) and (dates.start is None or last >= dates.start)


def search(index: CorpusIndex, query: str, codings: Sequence[Coding] = (), limit: int | None = None) -> list[Hit]:
    """Hits of ``query`` (all, or the first ``limit``); raises :class:`QueryError`."""
    s = Search(index, query, codings)
    return s.first(limit) if limit is not None else list(s.hits())
