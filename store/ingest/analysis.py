"""One article's analysis: entities and dated events, merged into one span list.

Time expressions come from the time normaliser and win over overlapping figures
("2025年" is a date, not a count of years); everything else from the recogniser.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from store.db.schema import Analysis, Entity
from store.nlp.spans import FixedSpans

if TYPE_CHECKING:
    from store.nlp.gazetteer import Gazetteer


@cache
def _gazetteer() -> Gazetteer:
    from store.nlp.gazetteer import Gazetteer

    return Gazetteer.load()


def analyse_paragraphs(
    paragraphs: list[str], published: str | None, locators: tuple[tuple[str, str], ...] = ()
) -> Analysis:
    """``locators``: ("url" | "filename", text) pairs that may carry a date when ``published`` is None."""
    from store.nlp.entities import recognise
    from store.nlp.time.resolve import extract_events, resolve_reference, time_spans

    analysis = recognise(paragraphs, _gazetteer())
    times = [Entity("time", text, p, s, e, text) for p, s, e, text in time_spans(paragraphs)]
    entities = merge_spans(times, list(analysis.entities))
    reference, status = resolve_reference(paragraphs, published, locators)
    events = extract_events(paragraphs, published, locators=locators)
    return Analysis(
        entities=tuple(entities),
        events=tuple(events),
        units=tuple(unit_record(u) for u in analysis.units),
        reference=(reference, status),
    )


def unit_record(unit: Any) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass

    record = asdict(unit) if is_dataclass(unit) and not isinstance(unit, type) else dict(unit)
    if isinstance(record.get("aliases"), (set, frozenset, tuple)):
        record["aliases"] = sorted(record["aliases"])
    return record


def merge_spans(preferred: list[Entity], others: list[Entity]) -> list[Entity]:
    """All of ``preferred``, plus each of ``others`` that overlaps none of them."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for e in preferred:
        spans.setdefault(e.paragraph, []).append((e.start, e.end))
    taken = {p: FixedSpans(s) for p, s in spans.items()}
    free = FixedSpans(())
    merged = list(preferred)
    merged += [e for e in others if not taken.get(e.paragraph, free).overlaps(e.start, e.end)]
    merged.sort(key=lambda e: (e.paragraph, e.start, -e.end))
    return merged
