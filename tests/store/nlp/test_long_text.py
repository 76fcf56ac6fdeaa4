"""Long paragraphs: the overlap helpers that keep analysis linear, and that an article run
together into one paragraph yields the entities of its paragraphs, shifted.

Timings live in tests/bench/long_text.py; these tests check behaviour only.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from store.ingest.analysis import analyse_paragraphs
from store.ingest.clean import clean_text
from store.nlp.spans import DisjointSpans, FixedSpans

ROOT = Path(__file__).resolve().parents[3]

_span = st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda se: (se[0], se[0] + se[1]))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


@given(st.lists(_span, max_size=30))
def test_disjoint_spans_keep_what_a_full_scan_keeps(candidates: list[tuple[int, int]]) -> None:
    taken = DisjointSpans()
    kept: list[tuple[int, int]] = []
    for s, e in candidates:
        assert taken.overlaps(s, e) == _overlaps(kept, s, e)
        if not taken.overlaps(s, e):
            taken.add(s, e)
            kept.append((s, e))


@given(st.lists(_span, max_size=30), st.lists(_span, max_size=30))
def test_fixed_spans_agree_with_a_full_scan(spans: list[tuple[int, int]], queries: list[tuple[int, int]]) -> None:
    fixed = FixedSpans(spans)
    for s, e in queries:
        assert fixed.overlaps(s, e) == _overlaps(spans, s, e)


def test_an_article_run_together_keeps_its_entities() -> None:
    """Sentence-final paragraphs of all seeds (about 16k characters) as one paragraph: the
    same entities at shifted offsets, so nothing depends on a paragraph's length."""
    paragraphs = [
        p.text
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in clean_text(path.read_text("utf-8"), path.name).paragraphs
        if p.text.endswith("。")
    ]
    offsets = [0]
    for text in paragraphs:
        offsets.append(offsets[-1] + len(text))
    apart = analyse_paragraphs(paragraphs, "2025-06-01").entities
    together = analyse_paragraphs(["".join(paragraphs)], "2025-06-01").entities
    assert len(together) > 500
    assert together == tuple(replace(e, paragraph=0, start=e.start + offsets[e.paragraph], end=e.end + offsets[e.paragraph]) for e in apart)


def test_a_100k_character_line_through_every_layer_stays_linear() -> None:
    """The whole recogniser (model, tokens, rules, short forms, datelines) on one line of
    100k characters costs about ten times a 10k line, not a hundred.

    Ten times the text is what tells linear from quadratic (10x against 100x, the bound
    30x); 200k against 20k told the same in twice the time (81 s of a loaded run)."""
    import time

    from store.nlp.entities import recognise
    from store.nlp.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    unit = "本报北京5月3日电 中美两国外长在京会谈，武汉市公安局民警陈思远说，巴西女队获胜。"
    line = (unit * (100_000 // len(unit) + 1))[:100_000]
    recognise([line[:2_000]], gazetteer)  # warm
    started = time.perf_counter()
    recognise([line[:10_000]], gazetteer)
    small = time.perf_counter() - started
    started = time.perf_counter()
    found = recognise([line], gazetteer).entities
    assert time.perf_counter() - started < 30 * max(small, 0.05)
    assert {e.type for e in found} >= {"place", "person", "unit"}
