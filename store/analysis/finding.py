"""The one search the reader's ``/`` and ``beat search`` share: titles, then passages, in the query language.

There were two: the reader's ``/`` looked up a plain substring (titles too, under the
unit filter, counting both), and the query language (:mod:`store.analysis.search`)
served the command line and the concordance. Now the reader runs the query language
too: a plain word finds exactly what the substring search found (the same passages in
the same order, every occurrence a hit, traditional folded to simplified), and
``"a phrase"``, ``OR``, ``NOT``, ``/regex/`` and fields work in the reader as well.

Titles: a title is a hit when the query holds for it read as a passage without
entities (``published:``/``source:`` hold for the whole article; ``unit:``, ``person:``,
``place:``, ``tag:`` and ``date:`` never hold for a title) and a word or pattern of the
query is in it: ``诈骗 published:2024`` lists 2024's titles saying 诈骗, while
``published:2024`` alone lists no titles (it would list them all).

Speed (tests/bench/bench_search.py, 10,000 synthetic articles, two loaded cores): the first
50 hits of a plain word in 11–64 ms with the bigram index (:mod:`store.db.search_index`)
where the scan took 39–192 ms (an absent word: 11 against 192 ms; 电信诈骗 36 against 110);
a one-character word and a regex go through the scan (骗: 200–260 ms; a regex's time limit,
1 s, stops one that runs away). See :mod:`store.analysis.search` for the lazy decoding.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from store.analysis.query_parse import And, Field, Node, Not, Or, Pattern, QueryError, Text, positives
from store.analysis.search import Hit, Search, _published_in
from store.corpus.corpus import ArticleSummary
from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding

TITLE = -1  # a hit's paragraph when the hit is in its article's title (the reader opens the article at its top)

__all__ = ["TITLE", "Found", "Hit", "QueryError", "Search", "article_matches", "find"]


@dataclass(frozen=True, slots=True)
class Found:
    query: str  # as shown: a single word in simplified script (as matched), else the query as typed
    hits: list[Hit]  # titles first (paragraph TITLE), then passages in list order
    in_corpus: int  # hits before ``scope`` (the unit filter): "43 in corpus, 5 in filter"
    search: Search | None  # the parsed query, for the open article's highlights (None: blank query)
    stopped: bool = False  # ``stop`` said so before the limit or the end: the hits so far


def find(
    index: CorpusIndex,
    query: str,
    codings: Sequence[Coding] = (),
    limit: int | None = None,
    scope: Collection[str] | None = None,
    titles: bool = True,
    articles: Sequence[str] | None = None,
    stop: Callable[[], bool] | None = None,
) -> Found:
    """Title hits (``titles``), then passage hits (at most ``limit``), of ``query``, kept to ``scope``.

    ``articles`` restricts the search itself (one article per repost cluster); ``scope``
    only what is listed, so ``in_corpus`` can say what the filter hides. ``stop`` is
    asked between hits (a newer keystroke). Raises :class:`QueryError` for a query that
    cannot run, with its offset, before reading any article (regex timeouts: while reading).
    """
    if not query.strip():  # not stripped for the parser: an error's offset is in the query as typed
        return Found("", [], 0, None)
    search = Search(index, query, codings, articles)
    hits = title_hits(search) if titles else []
    passages, stopped = 0, False
    for hit in search.hits():
        if limit is not None and passages >= limit:
            break
        if stop is not None and stop():
            stopped = True
            break
        hits.append(hit)
        passages += 1
    in_corpus = len(hits)
    if scope is not None:
        hits = [h for h in hits if h.article in scope]
    tree = search.tree
    return Found(tree.text if isinstance(tree, Text) else query.strip(), hits, in_corpus, search, stopped)


def title_hits(search: Search) -> list[Hit]:
    """One hit per title the query holds for with a word of it in the title, at its first match."""
    wanted = set(search.articles) if search.articles is not None else None
    out = []
    for summary in _title_candidates(search):
        if wanted is not None and summary.id not in wanted:
            continue
        if _holds(search, search.tree, summary) and (spans := search.spans_in(summary.title)):
            out.append(Hit(summary.id, TITLE, *spans[0]))
    return out


def _title_candidates(search: Search) -> Iterable[ArticleSummary]:
    """The summaries whose title may hold a hit, in list order: on SQLite, those holding a word of the query.

    A title hit needs a word or pattern of the query (not under NOT) in the title; with
    words only, the titles holding none of them cannot be hits, and ``Corpus.titled_rows``
    (one ``instr`` query per word) finds the others without decoding every row: 20,000
    articles, an absent word 117 -> 4 ms, 平安 in 12,000 titles 167 -> 132 ms. Summaries
    held in memory (TinyDB) are walked as before: there the narrowing first builds the
    title briefs (平安: 47 -> 324 ms). A pattern can match any title: every summary is tried.
    """
    summaries = search.index.articles
    words = positives(search.tree)
    if isinstance(summaries, list) or any(isinstance(w, Pattern) for w in words):
        return summaries
    corpus = search.index.corpus
    rows = sorted({row for w in words if isinstance(w, Text) for row in corpus.titled_rows(w.text)})
    return [summaries[row] for row in rows]


def _holds(search: Search, node: Node, summary: ArticleSummary) -> bool:
    if isinstance(node, Text):
        return node.text in summary.title
    if isinstance(node, Pattern):
        return search.pattern_in(node, summary.title)
    if isinstance(node, Field):
        if node.name == "published" and node.dates is not None:
            return _published_in(summary.published, node.dates)
        if node.name == "source":
            return bool(summary.source) and node.value.lower() in (summary.source or "").lower()
        return False  # a title holds no entities, tags or events
    if isinstance(node, Not):
        return not _holds(search, node.item, summary)
    if isinstance(node, And):
        return all(_holds(search, item, summary) for item in node.items)
    assert isinstance(node, Or)
    return any(_holds(search, item, summary) for item in node.items)


def article_matches(search: Search, article: str) -> dict[int, list[tuple[int, int]]]:
    """Paragraph -> the spans to highlight in one article (empty: the passage matches as a whole).

    The reader's highlights and the passages ``n``/``p`` stop at; an error (a regex that
    runs out of time on this article) highlights nothing rather than failing the reader.
    """
    out: dict[int, list[tuple[int, int]]] = {}
    try:
        for hit in search.hits(only=[article]):
            spans = out.setdefault(hit.paragraph, [])
            if hit.end > hit.start:
                spans.append((hit.start, hit.end))
    except QueryError:
        return {}
    return out
