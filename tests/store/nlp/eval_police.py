"""Unit, person and anon P/R on Beat's own police-news suite (tests/data/police_suite.txt).

Run as ``python -m tests.store.nlp.eval_police [-v]``. The suite's paragraphs are
synthetic (see the file's header); every line is one single-paragraph article, and spans
are scored strictly by (type, start, end). Issue 13's targets: unit and person P/R >= 0.95.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SUITE = ROOT / "tests" / "data" / "police_suite.txt"
TYPES = ("unit", "person", "anon")
_MARK = re.compile(r"\{(unit|person|anon)\|([^{}|]+)\}")


def load(path: Path = SUITE) -> list[tuple[str, set[tuple[str, int, int]]]]:
    """(plain text, gold spans) per paragraph."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, gold, pos = [], set(), 0
        last = 0
        for m in _MARK.finditer(line):
            text.append(line[last:m.start()])
            pos += m.start() - last
            gold.add((m.group(1), pos, pos + len(m.group(2))))
            text.append(m.group(2))
            pos += len(m.group(2))
            last = m.end()
        text.append(line[last:])
        out.append(("".join(text), gold))
    return out


def evaluate(verbose: bool = False) -> tuple[dict[str, Counter[str]], list[str]]:
    from store.ingest.analysis import _gazetteer
    from store.nlp.entities import recognise

    scores = {t: Counter() for t in TYPES}
    lines: list[str] = []
    for text, gold in load():
        found = {(e.type, e.start, e.end) for e in recognise([text], _gazetteer()).entities if e.type in TYPES}
        for t in TYPES:
            g = {s for s in gold if s[0] == t}
            f = {s for s in found if s[0] == t}
            scores[t].update(tp=len(g & f), fp=len(f - g), fn=len(g - f))
            if verbose:
                lines += [f"FP {t:6} {text[s:e]}   | {text[:30]}" for _, s, e in sorted(f - g, key=lambda x: x[1])]
                lines += [f"FN {t:6} {text[s:e]}   | {text[:30]}" for _, s, e in sorted(g - f, key=lambda x: x[1])]
    return scores, lines


def pr(c: Counter[str]) -> tuple[float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return p, r


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    scores, lines = evaluate("-v" in argv)
    print("\n".join(lines))
    print(f"{'type':7} {'P':>6} {'R':>6}  tp/fp/fn")
    for t, c in scores.items():
        p, r = pr(c)
        print(f"{t:7} {p:6.3f} {r:6.3f}  {c['tp']}/{c['fp']}/{c['fn']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
