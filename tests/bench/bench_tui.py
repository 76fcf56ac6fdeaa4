"""TUI timings: warm start to first frame, store open, and applying a unit filter.

Run: ``.venv/bin/python -m tests.bench.bench_tui [--articles 10000]``. Not a test:
timings depend on the machine; this prints them so they can be compared with the
targets (first frame ≤ 0.5 s with the seeds, ≤ 1.5 s with 10,000 articles; filter
≤ 50 ms). Each warm start runs in a fresh interpreter so imports are counted.

Figures, for each corpus:
- ``spawn→first frame``: from launching the interpreter to Textual's Ready event
  (first frame drawn), imports included;
- ``spawn→list shown``: until the store is parsed, indexed and the list filled;
- ``filter``: from applying a unit filter to the list being re-filtered (compute)
  and to the next frame being rendered (end to end), at that corpus size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The app run headless until its list is shown (``t``: its timings); bench_million's child starts so too.
OPENED = r"""
async def main():
    app = create_app(Home(Path(sys.argv[1])))
    async with app.run_test(size=(160, 45)) as pilot:
        while app.index is None or not app.main.articles.articles:
            await pilot.pause(0.01)
        await pilot.pause()
        t = app.timings
"""

CHILD = r"""
import asyncio, json, sys, time
spawned = float(sys.argv[2])
started = time.time()
from pathlib import Path
from store.db.paths import Home
from tui.app import create_app
from tui.widgets.article_list import ArticleList

painted = []
_render_line = ArticleList.render_line
def render_line(self, y):
    if painted and painted[-1] is None:
        painted[-1] = time.perf_counter()
    return _render_line(self, y)
ArticleList.render_line = render_line

async def wait_painted():
    for _ in range(400):
        if painted[-1] is not None:
            return painted[-1]
        await asyncio.sleep(0.001)
    raise RuntimeError("list never repainted")

""" + OPENED + r"""        created = t["created"]
        out = {
            "imports": started - spawned,
            "spawn_to_first_frame": (t["first_frame"] - created) + (time.time() - spawned) - (time.perf_counter() - created),
            "spawn_to_store_opened": (t["store_opened"] - created) + (time.time() - spawned) - (time.perf_counter() - created),
            "app_to_first_frame": t["first_frame"] - created,
            "articles": len(app.index.articles),
            "jieba_imported": "jieba" in sys.modules,
        }
        filters = []
        keys = sorted(app.index.units, key=lambda k: -app.index.units[k].articles)[:5]
        from store.corpus.query import UnitFilter
        for key in keys:
            screen = app.main
            painted.append(None)
            t0 = time.perf_counter()
            screen.unit_filter = UnitFilter(frozenset({key}), True)
            t1 = time.perf_counter()
            t2 = await wait_painted()
            filters.append((t1 - t0, t2 - t0, len(screen.articles.articles)))
            await pilot.pause(0.2)
            screen.unit_filter = UnitFilter()
            await pilot.pause(0.2)
        out["filters"] = filters
        # the keypress path: u, type the unit's initials, enter -> list updated
        await pilot.press("u")
        while not app.screen.pinyin_ready:
            await pilot.pause(0.01)
        await pilot.press(*"qsqfj")
        await pilot.pause(0.2)
        painted.append(None)
        t0 = time.perf_counter()
        await pilot.press("enter")
        out["enter_to_list"] = await wait_painted() - t0
        out["filtered"] = len(app.main.articles.articles)
    print("RESULT " + json.dumps(out))

asyncio.run(main())
"""


def make_home(articles: int) -> Path:
    """A built seed store, or one whose articles are replaced by ``articles`` synthetic ones."""
    sys.path.insert(0, str(ROOT))
    from store.db.derived import load as _load
    from store.db.paths import Home
    from store.workspace import ensure_built

    root = Path(tempfile.mkdtemp(prefix="beat-bench-"))
    home = Home(root)
    ensure_built(home)
    if articles:
        from store import derived
        from tests.tui.factory import synthetic_docs

        meta = _load(home.root).meta  # same versions and fingerprint: no rebuild is due
        derived.write(home.root, meta, synthetic_docs(articles), rank=lambda row: row.path)
    return root


def run(root: Path, runs: int) -> list[dict]:
    results = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(root), repr(time.time())],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            raise SystemExit(proc.stdout + proc.stderr)
        results.append(json.loads(line[7:]))
    return results


def report(name: str, results: list[dict]) -> None:
    def med(key: str) -> float:
        return statistics.median(r[key] for r in results)

    filters = [f for r in results for f in r["filters"]]
    print(f"\n{name}: {results[0]['articles']} articles, {len(results)} runs (medians)")
    print(f"  interpreter + imports       {med('imports') * 1000:7.0f} ms")
    print(f"  spawn → first frame         {med('spawn_to_first_frame') * 1000:7.0f} ms")
    print(f"  app created → first frame   {med('app_to_first_frame') * 1000:7.0f} ms")
    print(f"  spawn → list shown          {med('spawn_to_store_opened') * 1000:7.0f} ms")
    print(f"  filter: compute             {statistics.median(f[0] for f in filters) * 1000:7.1f} ms (max {max(f[0] for f in filters) * 1000:.1f})")
    print(f"  filter: to list repainted   {statistics.median(f[1] for f in filters) * 1000:7.1f} ms (max {max(f[1] for f in filters) * 1000:.1f})")
    print(f"  picker enter → list painted {med('enter_to_list') * 1000:7.1f} ms ({results[0]['filtered']} articles shown)")
    print(f"  jieba imported              {any(r['jieba_imported'] for r in results)}")


def reader_layout(paragraphs: int = 1000) -> None:
    """Wrapping and styling a long article (the reader mounts no widget per paragraph)."""
    import asyncio

    sys.path.insert(0, str(ROOT))
    from store.corpus.corpus import Corpus
    from store.db.paths import Home
    from tests.tui.factory import qingshan, repeated
    from tui.app import create_app

    doc = qingshan()
    doc = repeated(doc, max(1, paragraphs // len(doc.paragraphs)))

    async def run() -> tuple[float, float, int]:
        app = create_app(Home(Path(tempfile.mkdtemp())), Corpus.from_docs([doc]))
        async with app.run_test(size=(160, 45)) as pilot:
            while app.main.reader.doc is None:
                await pilot.pause(0.01)
            reader = app.main.reader
            await pilot.pause(0.3)
            t0 = time.perf_counter()
            reader.invalidate()
            t1 = time.perf_counter()
            painted: list[float] = []
            render_line = reader.render_line
            reader.render_line = lambda y: (painted.append(time.perf_counter()), render_line(y))[1]  # type: ignore[method-assign]
            t1 = time.perf_counter()
            reader.cursor = len(doc.paragraphs) // 2
            while not painted:
                await asyncio.sleep(0.001)
            return t1 - t0, painted[0] - t1, len(reader._layout.lines)

    layout, jump, lines = asyncio.run(run())
    print(f"\nreader: {len(doc['paragraphs'])} paragraphs, {len(doc['entities'])} entities -> {lines} lines")
    print(f"  full re-layout (width/theme/filter change) {layout * 1000:7.1f} ms")
    print(f"  cursor jump to the middle, to repaint      {jump * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="size of the synthetic corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--home", type=Path, help="also measure this built data home (e.g. a kept tests.bench.run home)")
    args = parser.parse_args()
    report("seed store", run(make_home(0), args.runs))
    report("synthetic store", run(make_home(args.articles), args.runs))
    if args.home:
        report(f"data home {args.home}", run(args.home, args.runs))
    reader_layout()


if __name__ == "__main__":
    main()
