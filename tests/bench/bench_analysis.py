"""Analysis benchmarks (issue 17) on the 10,000-article synthetic corpus: a benchmark, not a timed test.

Run after a build of the corpus (``tests.bench.run`` makes one; or let this script make it):
``.venv/bin/python -m tests.bench.bench_analysis --work /tmp/b10k [--build] [--replicate 10]``
(``--replicate``: see :func:`replicate`, for machines where a 10,000-article build is too slow).
Prints JSON:

- ``open_s``: the store opened as the CLI opens it (derived index parsed, ``CorpusIndex`` built);
- ``query_first_screen_ms``: parse + evaluate until the first 50 hits, per query (target ≤ 300 ms),
  with a common word, an absent one (a full scan), fields, a regex, NOT;
- ``query_all_ms``: every hit of the same queries (what ``beat counts QUERY`` costs);
- ``kwic_10k_ms``: concordance lines for 10,000 hits, cut and sorted by ``right1`` (target ≤ 1 s);
  ``kwic_10k_first_ms`` is the first run of a process;
- ``unit_month_ms``: the unit × month table rolled up the hierarchy (target ≤ 500 ms);
- ``reposts_s`` vs ``clean_s``: MinHash clustering of every article, against ``clean_text`` over
  every source file, the build's cleaning step (target ≤ 2×); ``datasketch_sig_s`` and
  ``own_sig_s``: signatures of the same 1,000 articles by datasketch (when installed) and by
  ``store.analysis.reposts``;
- ``ledger_s``: every figure of the corpus as a ledger row; ``ledger_cache_*``: the same with the
  cache beside the store, first (made and written) and warm (read back), and the speed-up (CPU);
- ``cooccurrence_matrix_ms``: the co-occurrence view's units × units by paragraph, matrix and pairs.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

QUERIES = [
    "派出所",
    "霹雳火",
    "诈骗 AND unit:武汉市公安局青山区分局",
    "/骗.{0,4}万元/",
    "published:2023 NOT 民警",
    "date:2024-01..2024-06 巡逻",
    '"平安" OR 反诈',
]


def _ms(fn) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return (time.perf_counter() - started) * 1000, out


def measure(work: Path, root: Path) -> dict:
    from store.analysis.counts import unit_table
    from store.analysis.kwic import lines, sort_key
    from store.analysis.ledger import ledger
    from store.analysis.reposts import clusters, signature
    from store.analysis.search import Search
    from store.corpus.corpus import Corpus
    from store.db.paths import Home
    from store.workspace import Workspace

    home = Home(root)
    started = time.perf_counter()
    workspace = Workspace(home, Corpus.open(home, None))
    workspace.open_or_build()
    index = workspace.index
    out: dict = {"articles": len(index.articles), "open_s": time.perf_counter() - started}
    out["query_first_screen_ms"] = {q: round(_ms(lambda q=q: Search(index, q).first(50))[0], 1) for q in QUERIES}
    out["query_all_ms"] = {}
    for q in QUERIES:
        ms, hits = _ms(lambda q=q: list(Search(index, q).hits()))
        out["query_all_ms"][q] = {"ms": round(ms, 1), "hits": len(hits)}
    hits = Search(index, "派出所").first(10_000)
    ms, found = _ms(lambda: sorted(lines(index, hits, 30), key=sort_key("right1")))
    out["kwic_10k_first_ms"] = round(ms, 1)  # includes building the wide-character class once per process (~0.1 s)
    ms, found = _ms(lambda: sorted(lines(index, hits, 30), key=sort_key("right1")))
    out["kwic_10k_ms"] = round(ms, 1)
    out["kwic_lines"] = len(found)
    out["unit_month_ms"] = round(_ms(lambda: unit_table(index, "month"))[0], 1)
    out["unit_month_own_ms"] = round(_ms(lambda: unit_table(index, "month", rollup=False))[0], 1)
    ms, found_clusters = _ms(lambda: clusters(index))
    out["reposts_s"] = ms / 1000
    out["clusters"] = len(found_clusters)
    out["clustered_articles"] = sum(len(c.articles) for c in found_clusters)
    out["clean_s"] = _clean_seconds(work, len(index.articles))
    out["reposts_vs_clean"] = out["reposts_s"] / out["clean_s"]
    texts = ["".join(index.corpus.paragraph_texts(a.id)) for a in index.articles[:1000]]
    out["own_sig_s"] = _ms(lambda: [signature(t) for t in texts])[0] / 1000
    out["datasketch_sig_s"] = _datasketch(texts)
    ms, rows = _ms(lambda: ledger(index))
    out["ledger_s"] = ms / 1000
    out["ledger_rows"] = len(rows)
    out["ledger_conflicts"] = sum(1 for r in rows if r.conflicts)
    out.update(ledger_cache_seconds(index, home.root))
    out["cooccurrence_matrix_ms"] = round(_ms(lambda: _matrix(index))[0], 1)
    return out


def _matrix(index) -> object:
    """What ``m`` computes on opening: the paragraphs' units, the 20 × 20 matrix and every pair."""
    from store.analysis.cooccurrence import contexts, pairs
    from store.analysis.cooccurrence_matrix import matrix

    found = contexts(index, "units", "paragraph")
    return matrix(found, True), pairs(found, True)


def ledger_cache_seconds(index, folder: Path) -> dict:
    """``beat figures`` with the ledger cache (``store.analysis.ledger_cache``): made and written, then read back.

    CPU seconds of this process as well as wall seconds: on two cores shared with other
    work the wall clock wanders by 3×, the CPU time does not. The cache file is removed first.
    """
    from store.analysis.ledger import ledger
    from store.analysis.ledger_cache import cache_path, cached_ledger

    path = cache_path(index, folder)
    if path is not None:
        path.unlink(missing_ok=True)
    out = {}
    for name, run in (("ledger_uncached", lambda: ledger(index)), ("ledger_cache_first", lambda: cached_ledger(index, folder)),
                      ("ledger_cache_warm", lambda: cached_ledger(index, folder))):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        out[f"{name}_cpu_s"] = round(time.process_time() - cpu, 2)
        out[f"{name}_s"] = round(time.perf_counter() - wall, 2)
    out["ledger_cache_speedup_cpu"] = round(out["ledger_uncached_cpu_s"] / max(out["ledger_cache_warm_cpu_s"], 1e-3), 1)
    return out


def _clean_seconds(work: Path, articles: int) -> float:
    """``clean_text`` over as many source files as the store holds: the build's cleaning (reading excluded).

    With a replicated store, the generated files beside it (``tests.bench.corpus``, same kind)
    stand in for the copies: ``work/articles`` may hold more files than were built.
    """
    from store.ingest.clean import clean_text

    texts = [p.read_text("utf-8") for p in sorted((work / "articles").glob("*.txt"))[:articles]]
    assert texts, f"no source files in {work / 'articles'}"
    started = time.perf_counter()
    for text in texts:
        clean_text(text)
    return (time.perf_counter() - started) * articles / len(texts)  # the seeds a store adds have no file here


def _datasketch(texts: list[str]) -> float | None:
    try:
        from datasketch import MinHash
    except ImportError:
        return None
    from store.analysis.reposts import PERMUTATIONS, SHINGLE

    started = time.perf_counter()
    for text in texts:
        compact = "".join(text.split())
        m = MinHash(num_perm=PERMUTATIONS)
        m.update_batch([compact[i : i + SHINGLE].encode() for i in range(max(1, len(compact) - SHINGLE + 1))])
        m.digest()
    return time.perf_counter() - started


def replicate(work: Path, copies: int) -> Path:
    """A store of ``copies`` × the built one in ``work/home``, as ``work/home-xN``: no analysis run.

    A real build of 10,000 articles takes over an hour on two shared cores; the queries only
    need its size and shape. Each copy of an article gets a new id and one closing paragraph
    (so the store keeps it: identical texts are stored once); its paragraphs, entities,
    events and units are the analysed ones, offsets intact. The copies of one article are
    near-duplicates, so the repost clusters are (at least) groups of ``copies``.
    """
    import hashlib
    from dataclasses import replace

    from store.corpus.corpus import Corpus
    from store.db import derived
    from store.db.paths import Home
    from store.db.schema import Document, Paragraph

    target = Home(work / f"home-x{copies}")
    if target.derived.exists():  # made by an earlier run
        return target.root
    source = derived.load(Home(work / "home").root)
    assert source is not None, "build the store first"
    corpus = Corpus(source)
    units = source.units

    def docs():
        for k in range(copies):
            for summary in corpus.articles():
                article = corpus.article(summary.id)
                entities = tuple(corpus.entities(summary.id))
                keys = {e.key for e in entities if e.type == "unit"}
                closing = Paragraph(len(article.paragraphs), f"（本文第{k + 1}次刊发）")
                yield Document(
                    id=hashlib.sha1(f"{summary.id}/{k}".encode()).hexdigest()[:12], title=article.title,
                    paragraphs=(*article.paragraphs, closing), path=f"sources/{k}-{summary.id}.txt", source=article.source,
                    published=article.published, entities=entities, events=tuple(corpus.events(summary.id)),
                    units=tuple(units[u] for u in sorted(keys) if u in units),
                    reference=corpus.reference(summary.id),
                )

    derived.write(target.root, {}, (replace(d) for d in docs()), rank=lambda row: row.path)
    return target.root


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, required=True, help="folder with articles/ and home/ (tests.bench.run's layout)")
    p.add_argument("--build", action="store_true", help="generate, import and build --size articles there first")
    p.add_argument("--size", type=int, default=10_000)
    p.add_argument("--replicate", type=int, metavar="N", help="measure a store of N copies of the built one (see replicate())")
    args = p.parse_args()
    if args.build:
        from tests.bench.run import phase_build, phase_generate, phase_import

        phase_generate(args.work, args.size)
        phase_import(args.work)
        phase_build(args.work)
    home = replicate(args.work, args.replicate) if args.replicate else args.work / "home"
    print(json.dumps(measure(args.work, home), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
