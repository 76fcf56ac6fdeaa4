"""Score store.nlp.time on the peer-derived dev suite (tests/data/time_peers.tsv) and the negative list.

Run: ``python tests/store/nlp/time/eval_peers.py [-v]``. For each case the event whose text overlaps
the expected expression most is judged:

* correct - same start and end day;
* granularity - the event covers the whole expression and one span contains the other, or they share
  their start (the same meaning at another precision: 年底 as December or as November-December);
* wrong - any other dated event (a split range, whose piece does not cover the expression, lands here);
* missed - no dated event overlaps the expression.

"Acceptable" is correct + granularity. The negative list counts sentences that wrongly gave an event.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from store.nlp.time.resolve import extract_events  # noqa: E402

DATA = ROOT / "tests" / "data"


@dataclass(frozen=True)
class Case:
    category: str
    ref: str
    text: str
    expr: str
    start: str
    end: str


def load_cases() -> list[Case]:
    rows = [line.split("\t") for line in (DATA / "time_peers.tsv").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [Case(*r) for r in rows]


def load_negatives() -> list[str]:
    return [line for line in (DATA / "time_negatives.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def judge(case: Case) -> tuple[str, str]:
    """(verdict, what Beat gave) for one case."""
    a = case.text.index(case.expr)
    b = a + len(case.expr)
    best = None
    for e in extract_events([case.text], None, case.ref):
        if e.date_start is None:
            continue
        overlap = min(b, e.end) - max(a, e.start)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, e)
    if best is None:
        return "missed", "-"
    e = best[1]
    got = f"{e.text}={e.date_start}..{e.date_end}"
    if (e.date_start, e.date_end) == (case.start, case.end):
        return "correct", got
    covers = e.start <= a and e.end >= b
    es, ee = e.date_start, e.date_end or e.date_start
    nested = (es <= case.start and ee >= case.end) or (case.start <= es and case.end >= ee) or es == case.start
    return ("granularity" if covers and nested else "wrong"), got


def main(verbose: bool = False) -> float:
    cases = load_cases()
    verdicts = Counter()
    by_cat: dict[str, Counter] = {}
    for c in cases:
        v, got = judge(c)
        verdicts[v] += 1
        by_cat.setdefault(c.category, Counter())[v] += 1
        if verbose and v != "correct":
            print(f"{v:12} {c.category:9} {c.expr} want {c.start}..{c.end} got {got}")
    false_pos = [s for s in load_negatives() if any(e.date_start for e in extract_events([s], None, "2021-06-14"))]
    n = len(cases)
    acceptable = (verdicts["correct"] + verdicts["granularity"]) / n
    print(f"cases {n}: correct {verdicts['correct']}, granularity {verdicts['granularity']}, "
          f"wrong {verdicts['wrong']}, missed {verdicts['missed']}; acceptable {acceptable:.3f}")
    for cat, cnt in sorted(by_cat.items()):
        print(f"  {cat:9} {sum(cnt.values()):3}  ok {(cnt['correct'] + cnt['granularity']) / sum(cnt.values()):.2f}  {dict(cnt)}")
    print(f"negatives {len(load_negatives())}: {len(false_pos)} gave an event")
    for s in false_pos if verbose else ():
        print("  FP:", s, [(e.text, e.date_start) for e in extract_events([s], None, "2021-06-14")])
    return acceptable


if __name__ == "__main__":
    main("-v" in sys.argv)
