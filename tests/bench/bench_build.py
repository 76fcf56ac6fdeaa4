"""What a build costs besides the model, at 1,000 to 100,000 imported articles (issue 18).

Not a timed test: ``python -m tests.bench.bench_build --sizes 1000 10000 100000 --work DIR``.

A build is the model's analysis of each new article plus everything around it: listing
``sources/`` and fingerprinting the corpus, reading each copy, cutting batches, the
workers' shards written and read back, the merge, and the derived store written whole
(the index, TinyDB or SQLite by size, the side files, the search index). This bench
measures the second part: the analysis is replaced, in the forked build workers, by a
stub (:func:`stub_entry`) that reads and decodes the copy as ``analyse_entry`` does,
then returns a ready document made from the seeds' analysed documents (the model runs
once, over the five seeds: ``tests.bench.bench_store.seed_documents``), its stations
renamed per article as ``bench_store.synthetic`` does. Everything else is the build's
own path, through ``store.workspace.ensure_built`` as ``beat build`` calls it, so the
figures follow whatever the write path becomes.

Each size runs in a fresh process (``--one N``), so its CPU times are its own:

- setup: the home written as ``beat import`` leaves it (a copy in ``sources/`` and a
  manifest record per article; the importer's cleaning is not a build's cost);
- listing: ``corpus_entries`` + ``fingerprint`` once (a build does it twice: is it due, then the build);
- first build: wall seconds, split by the build's progress calls into ``before``
  (start to the first batch: listing, the old store, the carried rows), ``stream``
  (the batches analysed by the stub in the workers, merged and written to the side
  files here) and ``finish`` (the last article merged to the call's return: the
  index and search index finished, the files swapped in, shards removed); CPU
  seconds of this process (merge and write) and of the workers (read, stub, shard;
  the stub's making of a document, about 1 ms an article, is the bench's, not a build's);
- +100: an incremental build after importing 100 more articles, timed, then a second
  one (100 more again) under cProfile for where it spends its time in this process.

The real model is measured in the same run, in its own process: its load, then
``analyse_entry`` over 50 benchmark articles (``tests.bench.corpus``), one core, so a
build can be estimated as N x that per-article cost / workers + the measured rest.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pickle
import pstats
import random
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

SAMPLE = 50  # benchmark articles the real model analyses
ADDED = 100  # articles imported before each incremental build

_SEEDS: list[Any] = []  # the seeds' analysed documents, set before the build forks its workers
_INDEX: dict[str, int] = {}  # stored copy's digest16 -> synthetic article number
_POPULATION: list[Any] = []  # the stations' names and weights, drawn from once per process


def article(seeds: list[Any], i: int) -> Any:
    """Synthetic document ``i``: a seed's analysis with its own title, date and renamed stations.

    Its own random draws (seeded by ``i``), so a worker makes it from the number alone."""
    from tests.bench.bench_store import synthetic_document
    from tests.bench.corpus import station_population

    if not _POPULATION:
        _POPULATION.append(station_population())
    names, weights = _POPULATION[0]
    return synthetic_document(seeds[i % len(seeds)], i, random.Random(i), names, weights)



def article_bytes(seeds: list[Any], i: int) -> bytes:
    """The text of :func:`article` ``i`` as a file holds it (its title and paragraphs: no draw needed)."""
    base = seeds[i % len(seeds)]
    paragraphs = [f"{base.paragraphs[0].text}（{i}）", *(p.text for p in base.paragraphs[1:])]
    return (f"{base.title}（{i}）\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


def stub_entry(entry: Any) -> Any:
    """``analyse_entry`` without the model: the copy read and decoded, a ready document returned."""
    from store.ingest.sources import source_from_bytes

    source = source_from_bytes(entry.read(), Path(entry.name))
    if entry.digest16 not in _INDEX:  # a seed: its own analysis
        return next(replace(d, id="") for d in _SEEDS if d.digest.startswith(entry.digest16))
    doc = article(_SEEDS, _INDEX[entry.digest16])
    return replace(doc, id="", stored=source.path, path=source.path, name=source.name, digest=source.digest,
                   encoding=source.encoding)  # fmt: skip


def add_articles(home: Any, start: int, count: int) -> float:
    """Articles ``start`` .. ``start + count - 1`` imported as ``beat import`` leaves them; seconds taken."""
    from store.db.userstore import ImportRecord, UserStore
    from store.ingest.sources import stored_name

    t = time.perf_counter()
    home.sources.mkdir(parents=True, exist_ok=True)
    records = []
    for i in range(start, start + count):
        data = article_bytes(_SEEDS, i)
        digest = hashlib.sha256(data).hexdigest()
        stored = stored_name(digest, ".txt")
        (home.sources / stored).write_bytes(data)
        _INDEX[digest[:16]] = i
        original = f"/data/bench/{i:07d}.txt"
        records.append(ImportRecord(digest, f"{i:07d}.txt", original, "utf-8", stored, time.time()))
    user = UserStore(home.user)
    try:
        user.add_imports(records)
    finally:
        user.close()
    return time.perf_counter() - t


def _cpu() -> tuple[float, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def timed_build(home: Any, store: str | None = None) -> dict[str, float]:
    """One build through ``ensure_built``, split by its progress calls (see the module)."""
    from store.workspace import ensure_built

    marks: list[float] = []

    def progress(done: int, total: int, name: str) -> None:
        if done == 0 or done == total:
            marks.append(time.perf_counter())

    cpu0 = _cpu()
    t = time.perf_counter()
    report = ensure_built(home, progress, store=store)
    end = time.perf_counter()
    cpu1 = _cpu()
    assert report.built and not report.errors, report
    first, last = (marks[0], marks[-1]) if marks else (end, end)
    return {
        "articles": report.articles, "analysed": report.analysed, "wall_s": end - t, "before_s": first - t,
        "stream_s": last - first, "finish_s": end - last, "parent_cpu_s": cpu1[0] - cpu0[0],
        "workers_cpu_s": cpu1[1] - cpu0[1],
    }  # fmt: skip


def where(profile: cProfile.Profile, top: int = 8) -> list[tuple[str, float]]:
    """The functions with the most time of their own, as (module:function, seconds)."""
    stats = pstats.Stats(profile)
    rows = []
    for (path, _, func), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((f"{'/'.join(Path(path).parts[-2:])}:{func}", own))
    return sorted(rows, key=lambda r: -r[1])[:top]


def one(n: int, work: Path, store: str | None = None) -> dict[str, Any]:
    """Everything measured for ``n`` articles, in this (fresh) process."""
    from store.db.paths import Home
    from store.ingest import build
    from store.ingest.build import corpus_entries, fingerprint

    _SEEDS[:] = pickle.loads((work / "seeds.pickle").read_bytes())
    build.analyse_entry = stub_entry  # looked up by analyse_batch in the forked workers
    build._load_model = lambda: None  # the model is the other half of the estimate
    home = Home(work / f"home-{n}")
    if home.root.exists():
        subprocess.run(["rm", "-rf", str(home.root)], check=True)
    fig: dict[str, Any] = {"n": n, "setup_s": add_articles(home, 0, n)}
    fig["source_mb"] = sum(p.stat().st_size for p in home.sources.iterdir()) / 1e6
    t = time.perf_counter()
    fingerprint([e.key for e in corpus_entries(home)])
    fig["listing_s"] = time.perf_counter() - t
    fig["first"] = timed_build(home, store)
    fig["backend"] = _backend(home)
    fig["disk_mb"] = sum(p.stat().st_size for p in home.root.glob("derived*") if p.is_file()) / 1e6
    add_articles(home, n, ADDED)
    fig["incremental"] = timed_build(home)
    add_articles(home, n + ADDED, ADDED)
    profile = cProfile.Profile()
    profile.enable()
    timed_build(home)
    profile.disable()
    fig["incremental_where"] = where(profile)
    return fig


def _backend(home: Any) -> str:
    from store.db import derived

    store = derived.load(home.root)
    try:
        return store.backend() if store is not None else "?"
    finally:
        if store is not None:
            store.close()


def model_cost() -> dict[str, float]:
    """The real analysis, one core: the model's load, then ``analyse_entry`` per benchmark article."""
    from store.ingest.build import Entry, analyse_entry
    from store.nlp.model import ensure_loaded
    from tests.bench.corpus import make_article

    rng = random.Random(20250305)
    texts = [make_article(i, rng)[1].encode("utf-8") for i in range(SAMPLE)]
    entries = [Entry(f"sources/{i:05d}.txt", hashlib.sha256(d).hexdigest()[:16], data=d) for i, d in enumerate(texts)]
    t = time.perf_counter()
    ensure_loaded()
    load = time.perf_counter() - t
    analyse_entry(entries[0])  # jieba's dictionary and the rules' tables load with the first article
    t, cpu = time.perf_counter(), time.process_time()
    for entry in entries:
        analyse_entry(entry)
    took, cpu = time.perf_counter() - t, time.process_time() - cpu  # CPU: what a busy machine's load moves least
    chars = sum(len(d.decode("utf-8")) for d in texts)
    return {"load": os.getloadavg()[0], "load_s": load, "wall_ms_per_article": took / SAMPLE * 1000,
            "ms_per_article": cpu / SAMPLE * 1000, "chars_per_article": chars / SAMPLE, "us_per_char": cpu / chars * 1e6}  # fmt: skip


def _run(args: list[str]) -> Any:
    cmd = [sys.executable, "-m", "tests.bench.bench_build", *args]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)  # its stderr shows here
    return json.loads(out.stdout.splitlines()[-1])


def report(model: dict[str, float], figs: list[dict[str, Any]], workers: int) -> None:
    print(f"\nreal analysis, one core: model load {model['load_s']:.2f} s; {model['ms_per_article']:.0f} ms CPU an article "
          f"({model.get('wall_ms_per_article', 0):.0f} ms wall) "
          f"of {model['chars_per_article']:,.0f} characters ({model['us_per_char']:.1f} µs a character); "
          f"{workers} build workers here; load average {model['load']:.1f} then, {os.getloadavg()[0]:.1f} now")  # fmt: skip
    head = ("articles", "index", "MB src", "setup s", "list s", "build s", "before", "stream", "finish", "here cpu",
            "wkrs cpu", "ms/art", "cpu ms/art", "ratio", "cpu ratio", "+100 s")  # fmt: skip
    print("  ".join(f"{h:>10}" for h in head))
    first = figs[0]
    base, base_cpu = first["first"]["wall_s"] / first["n"], _cpu_s(first["first"]) / first["n"]
    for f in figs:
        b, inc = f["first"], f["incremental"]
        per, cpu = b["wall_s"] / f["n"], _cpu_s(b) / f["n"]
        row = (f"{f['n']:,}", f["backend"], f"{f['source_mb']:.1f}", f"{f['setup_s']:.1f}", f"{f['listing_s']:.2f}",
               f"{b['wall_s']:.1f}", f"{b['before_s']:.1f}", f"{b['stream_s']:.1f}", f"{b['finish_s']:.1f}",
               f"{b['parent_cpu_s']:.1f}", f"{b['workers_cpu_s']:.1f}", f"{per * 1000:.2f}", f"{cpu * 1000:.2f}",
               f"{per / base:.2f}", f"{cpu / base_cpu:.2f}", f"{inc['wall_s']:.1f}")  # fmt: skip
        print("  ".join(f"{c:>10}" for c in row))
    for f in figs:
        inc = f["incremental"]
        print(f"\n+{ADDED} on {f['n']:,}: {inc['wall_s']:.2f} s (before {inc['before_s']:.2f}, stream {inc['stream_s']:.2f}, "
              f"finish {inc['finish_s']:.2f}; here {inc['parent_cpu_s']:.1f} s CPU, workers {inc['workers_cpu_s']:.1f}); "
              "the most time of its own, under cProfile:")  # fmt: skip
        for name, own in f["incremental_where"]:
            print(f"    {own:7.2f} s  {name}")
    m = model["ms_per_article"] / 1000
    for f in figs:
        rest = f["first"]["wall_s"]
        print(f"estimate, {f['n']:,} articles on {workers} workers: {f['n']} x {m:.3f} s / {workers} + {rest:.0f} s "
              f"= {f['n'] * m / workers + rest:,.0f} s")  # fmt: skip


def _cpu_s(fig: dict[str, float]) -> float:
    return fig["parent_cpu_s"] + fig["workers_cpu_s"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--store", choices=("sqlite", "tinydb"), help="the index (default: as beat build chooses, by size)")
    ap.add_argument("--model", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.work, args.store)))
        return
    if args.model:
        print(json.dumps(model_cost()))
        return
    from store.ingest.engines import default_workers
    from tests.bench.bench_store import seed_documents

    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "seeds.pickle").write_bytes(pickle.dumps(seed_documents(args.work)))
    model = _run(["--model", "--work", str(args.work)])
    print(f"model: {model}", file=sys.stderr)
    figs = []
    for n in args.sizes:
        figs.append(_run(["--one", str(n), "--work", str(args.work), *(["--store", args.store] if args.store else [])]))
        print(f"{n}: {figs[-1]}", file=sys.stderr)
        subprocess.run(["rm", "-rf", str(args.work / f"home-{n}")], check=True)
    report(model, figs, default_workers())


if __name__ == "__main__":
    main()
