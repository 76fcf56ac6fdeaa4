"""Accuracy of store.nlp.time.resolve on the five hand-annotated seed articles (run with -s for the figures)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from store.db.schema import Event
from store.nlp.time.resolve import event_sentence, extract_events, resolve_reference

ROOT = Path(__file__).resolve().parents[4]
ANNOTATION = ROOT / "tests" / "data" / "seed_events.toml"
ARTICLES = tomllib.loads(ANNOTATION.read_text(encoding="utf-8"))["article"]


def seed_paragraphs(name: str) -> list[str]:
    """Cleaned paragraphs when the cleaner is there; raw blank-line blocks (simplified) otherwise."""
    raw = (ROOT / "seeds" / name).read_text(encoding="utf-8")
    try:
        from store.ingest.clean import clean_text
    except ImportError:
        import opencc

        t2s = opencc.OpenCC("t2s").convert
        blocks = re.split(r"\n\s*\n", raw)
        return [t2s("".join(line.strip() for line in b.splitlines())) for b in blocks if b.strip()]
    return [p.text for p in clean_text(raw, name).paragraphs]


def _match(events: list[Event], paragraphs: list[str], text: str, context: str, used: set[int]) -> Event | None:
    for i, e in enumerate(events):
        if i not in used and (text in e.text or e.text in text) and context in event_sentence(paragraphs[e.paragraph], e):
            used.add(i)
            return e
    return None


@dataclass
class Score:
    total: int = 0
    found: int = 0
    date: int = 0
    precision: int = 0
    year: int = 0
    md_total: int = 0
    md: int = 0
    produced: int = 0
    failures: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)


def score_article(article: dict, s: Score) -> None:
    paragraphs = seed_paragraphs(article["file"])
    published = article.get("published")
    events = extract_events(paragraphs, published)
    override = {(e.paragraph, e.start): e for e in extract_events(paragraphs, published, reference="2024-12-31")}
    used: set[int] = set()
    s.produced += len(events)
    for want in article["event"]:
        s.total += 1
        got = _match(events, paragraphs, want["text"], want["context"], used)
        tag = f"{article['file'][:3]} {want['text']} ({want['context']})"
        if got is None:
            s.failures.append(f"{tag}: not found")
            continue
        s.found += 1
        if want["date_start"] == "unknown":
            date_ok = got.date_start is None and got.year == "unknown"
        else:
            date_ok = got.date_start == want["date_start"]
        s.date += date_ok
        s.precision += got.precision == want["precision"]
        s.year += got.year == want["year"]
        if "md" in want:
            s.md_total += 1
            again = override.get((got.paragraph, got.start))
            s.md += again is not None and again.date_start is not None and again.date_start[5:] == want["md"]
        if not date_ok or got.precision != want["precision"] or got.year != want["year"]:
            s.failures.append(f"{tag}: got {got.date_start} {got.precision} {got.year}, want "
                              f"{want['date_start']} {want['precision']} {want['year']}")
    s.spurious += [f"{article['file'][:3]} {e.text} | {event_sentence(paragraphs[e.paragraph], e)[:30]}" for i, e in enumerate(events) if i not in used]
    for bad in article.get("non_event", []):
        s.violations += [f"{article['file'][:3]} {e.text}" for e in events
                         if bad["text"] in e.text and bad["context"] in event_sentence(paragraphs[e.paragraph], e)]


def test_seed_accuracy() -> None:
    s = Score()
    for article in ARTICLES:
        score_article(article, s)
    rate = {k: getattr(s, k) / s.total for k in ("found", "date", "precision", "year")}
    event_precision = (s.produced - len(s.spurious)) / s.produced
    print(f"\nseed events: {s.total} annotated, {s.produced} produced")
    for k, v in rate.items():
        print(f"  {k:<10} {v:6.1%}")
    print(f"  {'md':<10} {s.md / s.md_total:6.1%}  (month-day of {s.md_total} year-unknown events)")
    print(f"  {'spurious':<10} {len(s.spurious)}  (event precision {event_precision:.1%})")
    for line in s.failures + [f"spurious: {x}" for x in s.spurious]:
        print("   ", line)
    assert rate["date"] >= 0.95, s.failures
    assert rate["precision"] >= 0.95, s.failures
    assert event_precision >= 0.95, s.spurious
    assert s.md == s.md_total
    assert not s.violations, s.violations


def test_seed_references() -> None:
    for article in ARTICLES:
        ref, status = resolve_reference(seed_paragraphs(article["file"]), article.get("published"))
        assert status == article["reference_status"], article["file"]
        if "reference_year" in article:
            assert ref is not None and int(ref[:4]) == article["reference_year"], article["file"]
        else:
            assert ref is None


def test_seed_offsets() -> None:
    for article in ARTICLES:
        paragraphs = seed_paragraphs(article["file"])
        for e in extract_events(paragraphs, article.get("published")):
            assert paragraphs[e.paragraph][e.start:e.end] == e.text
            assert 0 < len(e.label) <= 24
