"""Search benchmark (issues 17 and 18): the bigram index against the scan; a benchmark, not a timed test.

``.venv/bin/python -m tests.bench.bench_search --sizes 1000 10000 [--work DIR]`` writes a derived
store per size from synthetic documents (tests/bench/corpus.py's prose, no NLP: the search
reads text only) and prints JSON per size:

- ``chars``, ``index_bytes_per_char``: the index file's size per character of text;
- ``write_s`` (the build's write step without the index), ``index_s`` (writing the index),
  ``index_over_write``: the index's cost as a share of the write step; ``extend_s``: the next
  build's index with :data:`EXTENDED` new articles (the previous index copied and extended);
- per query, with the index and with the scan (``fts`` / ``scan``, medians of a few runs):
  ``containing_ms`` (the articles that hold the term: what the index replaces),
  ``first_ms`` (``find`` until the first screen, :data:`FIRST_SCREEN` hits: what the reader waits
  for), ``all_ms`` (every hit) and ``hits``.

The reader's own search is what is timed (``store.analysis.finding.find``, titles included).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from store.analysis.finding import QueryError, find
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.db import derived, search_index, search_index_write
from store.db.schema import Document, Paragraph
from tests.bench.corpus import _seed_persons, make_article

FIRST_SCREEN = 50  # hits: more than a screen of the search dialog
EXTENDED = 100  # articles new to the next build, newest first: its index extends the previous one
QUERIES = {
    "2 chars, common": "民警",
    "2 chars, rare": "酒驾",
    "2 chars, absent": "霹雳",
    "4 chars": "电信诈骗",
    "8 chars": "派出所民警主动走访",
    "1 char (scan)": "骗",
    "regex (scan)": "/骗.{0,4}万元/",
    "OR of two": "酒驾 OR 醉驾",
}


def documents(n: int, seed: int = 20250305) -> Iterator[Document]:
    rng = random.Random(seed)
    persons = _seed_persons()
    for i in range(n):
        title, text = make_article(i, rng, persons)
        parts = text.split("\n\n")
        published, _, source = parts[1].partition(" 来源:")
        body = [p.strip() for p in parts[2:] if p.strip()]
        yield Document(
            id=f"b{i:06d}", title=title, path=f"{i:06d}.txt", published=published, source=source,
            paragraphs=tuple(Paragraph(k, t) for k, t in enumerate(body)),
        )


def _median_ms(fn: Callable[[], Any], runs: int) -> float | str:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            fn()
        except QueryError as exc:  # a regex past its time limit (REGEX_SECONDS) on a loaded machine
            return f"stopped: {exc.message[:40]}"
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def _count(index: CorpusIndex, query: str) -> int | str:
    try:
        return len(find(index, query).hits)
    except QueryError:
        return "stopped"


def measure(root: Path, n: int, runs: int) -> dict[str, Any]:
    docs = list(documents(n))
    chars = sum(len(p.text) for d in docs for p in d.paragraphs)
    real_build = search_index_write.build
    search_index_write.build = lambda *args, **kwargs: None  # type: ignore[assignment]  # the write step alone
    try:
        started = time.perf_counter()
        derived.write(root, {}, docs, rank=lambda row: row.path)
        write_s = time.perf_counter() - started
    finally:
        search_index_write.build = real_build  # type: ignore[assignment]
    store = derived.load(root)
    assert store is not None
    token, rows = store.meta["files"], list(store.rows)
    store.close()
    text_path = root / f"derived-{token}.text"
    started = time.perf_counter()
    crc = search_index_write.build(root / "bench.fts", text_path, [row.text for row in rows], [row.text_hash for row in rows])
    index_s = time.perf_counter() - started
    size = (root / "bench.fts").stat().st_size
    # the next build's index after EXTENDED new articles: the index without them, extended
    spans, hashes = [row.text for row in rows], [row.text_hash for row in rows]
    search_index_write.build(root / "older.fts", text_path, spans[EXTENDED:], hashes[EXTENDED:])
    started = time.perf_counter()
    search_index_write.extend(root / "older.fts", root / "extended.fts", text_path, spans, hashes)
    extend_s = time.perf_counter() - started
    store = derived.load(root)
    assert store is not None and crc is not None
    fts = search_index.SearchIndex(root / "bench.fts", len(store.rows), {"sums": {search_index.SUFFIX: crc}})
    index = CorpusIndex.build(Corpus(store))
    find(index, "民警", limit=1)  # opencc and the index's first use (its checksum) paid once, as the first search of a session
    store.fts = fts
    find(index, "民警", limit=1)
    out: dict[str, Any] = {
        "articles": n, "chars": chars, "index_bytes": size, "index_bytes_per_char": round(size / chars, 2),
        "write_s": round(write_s, 2), "index_s": round(index_s, 2), "index_over_write": round(index_s / write_s, 2),
        "extend_s": round(extend_s, 2),
        "queries": {},
    }
    for label, query in QUERIES.items():
        row: dict[str, Any] = {"query": query}
        for mode in ("fts", "scan"):
            store.fts = fts if mode == "fts" else None
            term = query.strip("/").split()[0] if not query.startswith("/") else "万元"
            row[mode] = {
                "containing_ms": _median_ms(lambda t=term: index.corpus.containing(t), runs),
                "first_ms": _median_ms(lambda q=query: find(index, q, limit=FIRST_SCREEN), runs),
                "all_ms": _median_ms(lambda q=query: find(index, q), max(1, runs // 2)),
                "hits": _count(index, query),
            }
        out["queries"][label] = row
    fts.close()
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.work) as tmp:
            results.append(measure(Path(tmp), n, args.runs))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
