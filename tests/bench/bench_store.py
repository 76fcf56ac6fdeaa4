"""TinyDB against SQLite for the derived store's index, at 10,000 and 100,000 articles (issue 18).

Not a timed test: ``python -m tests.bench.bench_store --sizes 10000 100000 --work DIR``.
The articles are synthesised without analysis: the seeds' analysed documents (built
once, with the model) copied with new ids, paths, titles and dates, their police
stations renamed to a population of 3,000 drawn Zipf-like (``tests.bench.corpus``'s
distribution), so the unit index has the long tail a real corpus has. Both stores
are written from the same documents by ``store.db.derived.write``; each figure is
measured in a fresh process (so RSS is that process's), both backends in the same run:

- open: ``derived.load`` + ``Corpus`` + ``CorpusIndex.build`` (what the reader does
  before its list is usable), and RSS after it;
- first screen: the first 40 list rows (the reader's list at 80 rows of terminal);
- unit filter: the busiest station and a rare one, list redrawn (length + first 40 rows);
- unit timeline: the events of the busiest station's passages;
- open article: paragraphs, entities and events of one article in the middle.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from tests.bench.corpus import station_population

SCREEN = 40


def seed_documents(work: Path) -> list:
    """The five seeds, analysed once (the model runs here only) and read back as documents."""
    from store.corpus.corpus import Corpus
    from store.db.paths import Home
    from store.db.schema import Document
    from store.workspace import ensure_built

    home = Home(work / "seed-home")
    ensure_built(home)
    corpus = Corpus.open(home)
    store = corpus._store
    docs = []
    for i, row in enumerate(store.rows):
        body = store.parsed(i)
        units = tuple(store.units[k] for k in row.units if k in store.units)
        ancestors = []
        for rec in units:
            parent = rec.get("parent")
            while parent and parent in store.units:
                ancestors.append(store.units[parent])
                parent = store.units[parent].get("parent")
        docs.append(Document(id=row.id, title=row.title, paragraphs=body.paragraphs, path=row.path, name=row.name,
                             stored=row.stored, digest=row.digest, source=row.source, published=row.published,
                             entities=body.entities, events=row.events, units=(*units, *ancestors),
                             reference=row.reference))  # fmt: skip
    corpus.close()
    return docs


def synthetic(seeds: list, n: int, seed: int = 18):
    """``n`` documents from the seeds: new ids, titles and dates; each article's stations renamed."""
    rng = random.Random(seed)
    names, weights = station_population()
    for i in range(n):
        yield synthetic_document(seeds[i % len(seeds)], i, rng, names, weights)


def synthetic_document(base, i: int, rng: random.Random, names, weights):
    """Document ``i`` made from the seed document ``base``, its stations drawn from ``names`` with ``rng``."""
    stations = sorted({e.key for e in base.entities if e.type == "unit" and e.key.endswith("派出所")})  # not set order: it varies by process
    renamed = {}
    for key in stations:
        (name,) = rng.choices(names, weights)
        renamed[key] = (key[: key.rfind("分局") + 2] if "分局" in key else "") + name + "派出所"
    records = {u["key"]: u for u in base.units}
    units = [u for u in base.units if u["key"] not in renamed]
    units += [{**records[k], "key": v, "name": v.rsplit("分局", 1)[-1], "aliases": []} for k, v in renamed.items() if k in records]
    entities = tuple(replace(e, key=renamed.get(e.key, e.key)) for e in base.entities)
    day = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    path = f"sources/synthetic-{i:07d}.txt"
    paragraphs = (replace(base.paragraphs[0], text=f"{base.paragraphs[0].text}（{i}）"), *base.paragraphs[1:])
    return replace(base, id=f"{i:012x}", path=path, name=path, stored=path, title=f"{base.title}（{i}）",
                   published=day, paragraphs=paragraphs, entities=entities, units=tuple(units))  # fmt: skip


def make_stores(work: Path, n: int) -> dict[str, Path]:
    from store.db import derived

    seeds = seed_documents(work)
    out = {}
    for backend in ("tinydb", "sqlite"):
        root = work / f"{backend}-{n}"
        if not (root / "derived.json").exists():
            started = time.perf_counter()
            derived.write(root, {"store": backend}, synthetic(seeds, n), lambda row: row.path)
            print(f"  wrote {backend} {n}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        out[backend] = root
    return out


def measure(root: Path) -> dict[str, float]:
    """Run in a fresh process: the figures of one store."""
    from store.corpus.corpus import Corpus
    from store.corpus.query import CorpusIndex, UnitFilter
    from store.db import derived

    def ms(since: float) -> float:
        return round((time.perf_counter() - since) * 1000, 1)

    fig: dict[str, float] = {}
    t = time.perf_counter()
    store = derived.load(root)
    fig["load_ms"] = ms(t)
    t = time.perf_counter()
    corpus = Corpus(store)
    index = CorpusIndex.build(corpus)
    fig["index_ms"] = ms(t)
    fig["open_ms"] = fig["load_ms"] + fig["index_ms"]
    t = time.perf_counter()
    screen = [(a.title, a.published, len(a.units)) for a in index.articles[:SCREEN]]
    fig["first_screen_ms"] = ms(t)
    assert len(screen) == SCREEN
    stations = sorted((u for u in index.units.values() if u.key.endswith("派出所")), key=lambda u: -u.articles)
    for name, unit in (("busy", stations[0]), ("rare", stations[-1])):
        t = time.perf_counter()
        listed = index.filtered(UnitFilter(frozenset({unit.key})))
        shown = [a.title for a in listed[:SCREEN]]
        fig[f"filter_{name}_ms"] = ms(t)
        fig[f"filter_{name}_articles"] = len(listed)
        assert shown
    t = time.perf_counter()
    events = index.timeline(UnitFilter(frozenset({stations[0].key})))
    fig["unit_timeline_ms"] = ms(t)
    fig["unit_timeline_events"] = len(events)
    aid = index.articles[len(index.articles) // 2].id
    t = time.perf_counter()
    corpus.article(aid), corpus.entities(aid), corpus.events(aid)
    fig["open_article_ms"] = ms(t)
    status = Path("/proc/self/status").read_text()  # ru_maxrss survives exec: the parent's peak would show
    fig["rss_mb"] = round(int(status.split("VmRSS:")[1].split()[0]) / 1024, 1)
    fig["disk_mb"] = round(sum(p.stat().st_size for p in root.glob("derived*")) / 1e6, 1)
    return fig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=2, help="fresh processes per store (the best is kept)")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        roots = make_stores(args.work, n)
        results = {}
        for backend, root in roots.items():
            runs = []
            for _ in range(args.runs):
                cmd = [sys.executable, "-m", "tests.bench.bench_store", "--work", str(args.work), "--measure", str(root)]
                runs.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
            results[backend] = {k: min(r[k] for r in runs) for k in runs[0]}
        print(f"\n{n:,} articles")
        print(f"{'':24}{'tinydb':>12}{'sqlite':>12}{'ratio':>10}")
        for key in results["tinydb"]:
            a, b = results["tinydb"][key], results["sqlite"][key]
            print(f"{key:24}{a:>12}{b:>12}{(a / b if b else float('nan')):>10.1f}")


if __name__ == "__main__":
    main()
