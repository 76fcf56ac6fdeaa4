"""Strict-span P/R/F1 of the recogniser on the People's Daily 1998 NER dev split.

Run as ``python -m tests.store.nlp.eval_pd98 [--model-only] [--conventions | --raw] [--limit N] [--errors TYPE]``.
The data is not in the repository (research data): it is read from
``$BEAT_PD98`` or ``../shared/bench/ner/pd98_dev.bio`` (one char and BIO tag per line,
sentences split by a blank line). Each sentence is one single-paragraph article.
Mapping (the bench README): person -> PER, place -> LOC, org and unit -> ORG; anon,
figures and times are not scored. ``--model-only`` scores the bare statistical model
on the same sentences, for comparison and for the throughput figure.

The two data sets write three things differently, which the bench README asks to report
rather than to bend Beat to. By default the gold is read in Beat's conventions
(``beat_view``: PD98's adjacent admin levels 河北省 + 邢台市 one place, a place's region
tail 东北 + 地区 in it, and a bare surname 郑(某), 李(老师) not scored, since Beat finds
full names and types 郑某 as anon); ``--conventions`` instead writes Beat's entities as
PD98 writes them (``pd98_view``); ``--raw`` compares both as they stand.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # when run as a plain script
    sys.path.insert(0, str(ROOT))

# shared/ sits beside the checkout (as for the REFI-QDA schema); BEAT_PD98 points elsewhere
_BENCH = Path("shared") / "bench" / "ner" / "pd98_dev.bio"
# the nearest ancestor holding it: beside the main checkout or above a worktree
_FOUND = next((p / _BENCH for p in ROOT.parents if (p / _BENCH).is_file()), ROOT.parent / _BENCH)
DEFAULT = Path(os.environ.get("BEAT_PD98", str(_FOUND)))
TYPE_MAP = {"person": "PER", "place": "LOC", "org": "ORG", "unit": "ORG"}
TYPES = ("PER", "LOC", "ORG")

Span = tuple[str, int, int]  # (type, start, end)


def read_bio(path: Path) -> list[tuple[str, set[Span]]]:
    """Sentences as (text, gold spans); a stray I- without B- opens a span (conlleval)."""
    out: list[tuple[str, set[Span]]] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars:
            out.append(("".join(chars), bio_spans(tags)))
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
            continue
        if len(parts) == 1:  # a blank character (full-width space) with its tag
            chars.append(" ")
            tags.append(parts[0])
        else:
            chars.append(parts[0])
            tags.append(parts[1])
    flush()
    return out


def bio_spans(tags: list[str]) -> set[Span]:
    spans: set[Span] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if kind and not (tag.startswith("I-") and tag[2:] == kind):
            spans.add((kind, start, i))
            kind = ""
        if tag.startswith("B-") or (tag.startswith("I-") and not kind):
            start, kind = i, tag[2:]
    return spans


def beat_spans(texts: list[str], conventions: bool = False) -> list[set[Span]]:
    """Beat's entities as PD98 types; with ``conventions``, written the PD98 way (see pd98_view)."""
    from store.ingest.analysis import _gazetteer
    from store.nlp.entities import recognise

    gaz = _gazetteer()
    out = []
    for text in texts:
        found = recognise([text], gaz).entities
        if conventions:
            out.append({span for e in found for span in pd98_view(text, e.type, e.start, e.end)})
        else:
            out.append({(TYPE_MAP[e.type], e.start, e.end) for e in found if e.type in TYPE_MAP})
    return out


# PD98 writes an admin chain as one place per level (河北省邢台市 -> 河北省 + 邢台市) where
# Beat writes one span (the seeds' convention: 武汉市青山区); it leaves region nouns and
# compass parts out of a place (东北地区 -> 东北, 华北北部 -> 华北); and it tags the
# surname of an anonymised person (郑某 -> 郑), which Beat keeps as its own type (anon).
_LEVEL = re.compile(r"^(?:[^省市县区旗盟州镇乡村]{2,7}?(?:省|自治区|市|县|区|旗|盟|州|镇|乡))(?=[\u4e00-\u9fff]{2})")
_FEATURE = re.compile("(?:半岛|海峡|高原|盆地|平原|群岛|大陆|本土|[东南西北中]部|地区|大厦|博物馆|美术馆)$")
_ADMIN_WORD = re.compile("(?:省|自治区|特别行政区|特区|市)?")
_REGION_TAIL = re.compile(r"(?:[东南西北中]{1,2}部)?(?:部分)?(?:地区|山区)?$")
_REGION_AFTER = re.compile(r"(?:[东南西北中]{1,2}部)?(?:部分)?(?:地区|山区)")  # the tail beat_view puts back


def _is_level(rest: str, after_state: bool) -> bool:
    """Whether what follows a level is another place level: a name with an admin suffix or
    a city; after a country or province, any name but a geographic feature ("朝鲜半岛")."""
    from store.nlp.lexicon import CITIES

    if len(rest) < 2 or _FEATURE.search(rest):
        return False
    return after_state or rest[-1] in "省市县区旗盟州镇乡村" or rest in CITIES


def pd98_view(text: str, kind: str, start: int, end: int) -> list[Span]:
    """One Beat entity as PD98 would write it: a list of (type, start, end)."""
    from store.nlp.lexicon import COMPOUND_SURNAMES, COUNTRIES, PROVINCES

    if kind == "anon":
        return [("PER", start, start + (2 if text[start:start + 2] in COMPOUND_SURNAMES else 1))]
    if kind not in TYPE_MAP:
        return []
    if kind != "place":
        return [(TYPE_MAP[kind], start, end)]
    tail = _REGION_TAIL.search(text, start, end)
    if tail and tail.start() > start + 1 and tail.start() < end:
        end = tail.start()
    out: list[Span] = []
    while end - start > 3:
        name = text[start:end]
        heads = [n for n in (*COUNTRIES, *PROVINCES) if name.startswith(n)]
        head = max(heads, key=len) if heads else None
        if head is not None:
            level = len(head) + len(_ADMIN_WORD.match(name, len(head)).group())  # type: ignore[union-attr]
        elif m := _LEVEL.match(name):
            level = m.end()
        else:
            break
        if not _is_level(name[level:], head is not None):
            break  # "北京图书大厦", "朝鲜半岛": one place, not two levels
        out.append(("LOC", start, start + level))
        start += level
    return [*out, ("LOC", start, end)]


def beat_view(text: str, gold: set[Span]) -> tuple[set[Span], set[Span]]:
    """PD98's gold as Beat writes it, and the spans scored on neither side: the inverse of
    ``pd98_view``, read from the gold and the text alone (never from Beat's output).

    * a bare surname (郑某 -> 郑, 李老师 -> 李, 胡老 -> 胡) is no person for Beat: full
      names only, 郑某 its own type (anon, not scored). PD98 dev: 53 spans (10 anonymised);
    * touching places of two or more characters are one place (四川 + 泸州: the seeds'
      convention, a police unit's address is one chain); short forms stay apart (中 + 美).
      PD98 dev: 148 touching pairs;
    * a place keeps its region tail (东北 + 地区 -> 东北地区). PD98 dev: 23;
    * an organisation takes in the place right before it (长沙市 + 芙蓉区人民法院: Beat's
      ``absorb_places``, as 大连化工集团公司 is one body in both). PD98 dev: 12.
    """
    ignored = {s for s in gold if s[0] == "PER" and s[2] - s[1] == 1}
    rest = gold - ignored
    places: list[Span] = []
    for span in sorted(s for s in rest if s[0] == "LOC"):
        prev = places[-1] if places else None
        if prev is not None and prev[2] == span[1] and min(prev[2] - prev[1], span[2] - span[1]) >= 2:
            places[-1] = ("LOC", prev[1], span[2])
        else:
            places.append(span)
    orgs = {s[1]: s for s in rest if s[0] == "ORG"}
    out = {s for s in rest if s[0] not in ("LOC", "ORG")}
    for k, (_, start, end) in enumerate(places):
        if end - start >= 2 and (org := orgs.pop(end, None)):
            out.add(("ORG", start, org[2]))
            continue
        tail = _REGION_AFTER.match(text, end)
        nxt = min([s[1] for s in (*out, *places[k + 1 :]) if s[1] >= end], default=len(text))
        if tail and end < tail.end() <= nxt:
            end = tail.end()
        out.add(("LOC", start, end))
    return out | set(orgs.values()), ignored


def model_spans(texts: list[str]) -> list[set[Span]]:
    from store.nlp.model import model_entities

    return [{(t, s, e) for t, s, e in found if t in TYPES} for found in model_entities(texts)]


def score(gold: list[set[Span]], pred: list[set[Span]]) -> dict[str, tuple[int, int, int]]:
    counts: dict[str, Counter[str]] = {t: Counter() for t in (*TYPES, "micro")}
    for g, p in zip(gold, pred, strict=True):
        for t in TYPES:
            gt = {s for s in g if s[0] == t}
            pt = {s for s in p if s[0] == t}
            for key, n in (("tp", len(gt & pt)), ("fp", len(pt - gt)), ("fn", len(gt - pt))):
                counts[t][key] += n
                counts["micro"][key] += n
    return {t: (c["tp"], c["fp"], c["fn"]) for t, c in counts.items()}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def report(results: dict[str, tuple[int, int, int]]) -> str:
    lines = [f"{'type':6} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"]
    for t, (tp, fp, fn) in results.items():
        p, r, f = prf(tp, fp, fn)
        lines.append(f"{t:6} {p:6.3f} {r:6.3f} {f:6.3f}   {tp}/{fp}/{fn}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--model-only", action="store_true", help="score the bare model, not Beat")
    ap.add_argument("--limit", type=int, default=0)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--conventions", action="store_true", help="write Beat's entities the PD98 way (pd98_view)")
    mode.add_argument("--raw", action="store_true", help="score the gold as PD98 writes it, without beat_view")
    ap.add_argument("--errors", default="", help="print false positives/negatives of this type (PER/LOC/ORG)")
    args = ap.parse_args(argv)
    data = read_bio(args.file)
    if args.limit:
        data = data[: args.limit]
    texts = [t for t, _ in data]
    started = time.perf_counter()
    pred = model_spans(texts) if args.model_only else beat_spans(texts, args.conventions)
    seconds = time.perf_counter() - started
    gold = [g for _, g in data]
    if not (args.raw or args.conventions):
        views = [beat_view(text, g) for text, g in data]
        gold = [g for g, _ in views]
        pred = [p - ignored for p, (_, ignored) in zip(pred, views, strict=True)]
    results = score(gold, pred)
    chars = sum(map(len, texts))
    who = "model only" if args.model_only else "Beat"
    who += ", PD98's conventions" if args.conventions else ", gold as PD98 writes it" if args.raw else ", Beat's conventions"
    print(f"{who}: {len(texts)} sentences, {chars} chars in {seconds:.1f} s ({chars / seconds:,.0f} chars/s, incl. load)")
    print(report(results))
    if args.errors:
        for text, g, p in zip(texts, gold, pred, strict=True):
            fps = sorted(s for s in p - g if s[0] == args.errors)
            fns = sorted(s for s in g - p if s[0] == args.errors)
            if fps or fns:
                print("--", text)
                for _, s, e in fps:
                    print("  FP", text[s:e])
                for _, s, e in fns:
                    print("  FN", text[s:e])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
