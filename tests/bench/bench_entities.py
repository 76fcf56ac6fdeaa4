"""Entity throughput per core: the bare model against Beat's whole recogniser, same text.

Run as ``python -m tests.bench.bench_entities [N]`` (default 200 articles of the synthetic
benchmark corpus; issue 13's figure is for 10,000). One process, one core: the model
session runs single-threaded, as in a build worker. Prints characters per second for
the model alone, for jieba's and for Beat's segmenter (rjieba) alone, and for ``recognise`` (model + jieba +
rules), and the share Beat's layers add to the model's time (issue 13: at most 30 %).
"""

from __future__ import annotations

import random
import sys
import time


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 200
    from store.ingest.analysis import _gazetteer
    from store.nlp.entities import recognise
    from store.nlp.model import ensure_loaded, model_entities
    from store.nlp.tokens import _jieba, _lexicon
    from tests.bench.corpus import _seed_persons, make_article

    rng = random.Random(20250305)
    persons = _seed_persons()
    articles = [[p for p in make_article(i, rng, persons)[1].split("\n\n") if p.strip()] for i in range(n)]
    chars = sum(len(p) for a in articles for p in a)
    ensure_loaded()
    jieba = _jieba()[0]
    cut = _lexicon()[0]
    gazetteer = _gazetteer()
    recognise(articles[0], gazetteer)  # warm caches
    runs = (
        ("model alone", lambda a: model_entities(a)),
        ("jieba.lcut alone", lambda a: [jieba.lcut(p) for p in a]),
        ("Beat's segmenter", lambda a: [cut(p) for p in a]),
        ("recognise (all)", lambda a: recognise(a, gazetteer)),
    )
    # interleaved article by article: on a shared machine the load drifts over minutes,
    # and back-to-back passes once gave a ratio of 0.85 and then 1.48 for the same code
    timings = dict.fromkeys((name for name, _ in runs), 0.0)
    for a in articles:
        for name, run in runs:
            started = time.perf_counter()
            run(a)
            timings[name] += time.perf_counter() - started
    print(f"{n} articles, {chars:,} characters, one core")
    for name, seconds in timings.items():
        print(f"  {name:18} {chars / seconds:10,.0f} chars/s  ({seconds:.1f} s)")
    extra = timings["recognise (all)"] / timings["model alone"] - 1
    print(f"  Beat's layers add {extra:.0%} to the model's time (issue 13: at most 30 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
