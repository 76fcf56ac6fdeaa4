"""The reader's search: titles, then passages, under the unit filter, with the count before it.

Titles were not searched (平安 in two titles and no passage found nothing), and a unit
filter was ignored, so the hits listed were not the articles listed (issue 16, friction 6).
"""

from __future__ import annotations

from dataclasses import dataclass

from store.corpus.query import CorpusIndex, UnitFilter

TITLE_HIT = -1  # the offset of a hit in an article's title (its paragraph is 0: it opens at the top)


@dataclass(frozen=True, slots=True)
class SearchHits:
    query: str  # as matched: simplified
    hits: list[tuple[str, int, int]]  # (article, paragraph, offset), titles first
    in_corpus: int  # before the unit filter: "43 in corpus, 5 in filter"


def search(index: CorpusIndex, query: str, limit: int, flt: UnitFilter | None = None) -> SearchHits:
    """Titles, then passages (at most ``limit``), that contain ``query`` folded to simplified, under ``flt``."""
    from store.text.script import to_simplified

    matched = to_simplified(query.strip())
    if not matched:
        return SearchHits("", [], 0)
    hits = [(aid, 0, TITLE_HIT) for aid in index.corpus.titled(matched)]  # the store's query: no list walked
    hits += index.corpus.search(matched, limit=limit)
    in_corpus = len(hits)
    if flt:
        scope = {a.id for a in index.filtered(flt)}
        hits = [h for h in hits if h[0] in scope]
    return SearchHits(matched, hits, in_corpus)
