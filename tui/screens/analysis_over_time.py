"""The analysis tables' "Over time" tab: counts per week, month or year for the reader's search or unit filter.

What is counted follows the reading screen: its search (hits of the searched words, as
``beat counts QUERY`` counts them), else each unit of its filter (mentions, with sub-units
if the filter takes them, as ``beat counts --unit``), else the three units most mentioned
by name (not rolled up: on the seeds the rolled-up top three are 公安部 ⊃ 湖北省公安厅 ⊃
武汉市公安局, one curve three times). Periods (months unless the screen's ``y`` switches to
weeks or years) with nothing are rows of 0 between the first and the last, so a gap shows
as a gap; ``undated`` comes last. ``articles`` limits the count (per cluster of reposts:
each cluster's earliest copy and every article outside one). Each series gets its count and a bar of
eighth-block characters scaled to its own busiest month (``BAR`` columns wide), and the
first series is drawn above the table with Textual's Sparkline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.analysis.counts import Series, period_range, query_series, unit_series, unit_table
from store.corpus.query import CorpusIndex, UnitFilter
from store.corpus.tags import Coding

BAR = 16  # columns of each series' bar: 16 × 8 = 128 steps, finer than a screen's rows of months
BLOCKS = " ▏▎▍▌▋▊▉█"
TOP_UNITS = 3  # with neither a search nor a filter: the busiest units (3 × (count + bar) fits 100 columns)


@dataclass(frozen=True, slots=True)
class OverTime:
    title: str  # what is counted, for the tab's caption
    labels: list[str]  # one per series
    periods: list[str]  # every period from the first to the last, then ``undated`` if any
    counts: list[list[int]]  # counts[series][period]
    by: str = "month"


def bar(n: int, top: int, width: int = BAR) -> str:
    """``n`` of ``top`` as a bar ``width`` columns wide, in eighths of a column; never empty for n > 0."""
    if n <= 0 or top <= 0:
        return ""
    eighths = max(1, round(n / top * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def month_range(periods: Sequence[str]) -> list[str]:
    """The months from the first to the last of ``periods`` (``YYYY-MM``), gaps filled, ``undated`` last."""
    return period_range(periods, "month")


def over_time(
    index: CorpusIndex, query: str, units: UnitFilter, codings: Sequence[Coding] = (), by: str = "month",
    articles: Sequence[str] | None = None,
) -> OverTime:
    """Counts per ``by`` of what the reading screen shows; raises ``QueryError`` for a query that cannot run."""
    series: list[Series]
    if query:
        series = [query_series(index, query, by, codings, articles=articles)]  # the reader's search is in the query language too
        title = f"hits of {query}"
        labels = [query]
    elif units:
        keys = sorted(units.keys, key=index.unit_name)
        series = [unit_series(index, key, by, units.include_subunits, articles) for key in keys]
        labels = [index.unit_name(key) for key in keys]
        title = "mentions of the filtered units" + (" with sub-units" if units.include_subunits else "")
    else:
        top = unit_table(index, by, rollup=False, articles=articles, top=TOP_UNITS).rows
        series = [Series(name, counts) for _key, name, _depth, counts in top]
        labels = [name for _key, name, _depth, _counts in top]
        title = f"mentions of the {len(top)} most-mentioned units (no search, no unit filter)"
    periods = period_range({p for s in series for p in s.counts}, by)
    return OverTime(title, labels, periods, [[s.counts.get(p, 0) for p in periods] for s in series], by)
