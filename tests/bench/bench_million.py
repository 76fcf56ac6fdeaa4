"""The reader on 100,000 and 1,000,000 generated rows of the SQLite store (issue 18); a benchmark, not a timed test.

``.venv/bin/python -m tests.bench.bench_million --sizes 100000 1000000 --work DIR``

Each size gets a data home ``DIR/home-<n>`` (kept: the next run reuses it, and
``beat --home DIR/home-<n>`` opens it) holding a SQLite derived store written by
``store.db.derived.write`` from ``tests.bench.million_docs``' articles (no analysis),
with a build record that matches the home, so the app opens it without rebuilding.
The search index (``.fts``) is built up to ``--fts-up-to`` articles (all by default).
Writing took 184 s for 100,000 and 1,297 s (22 min, peak RSS 4.1 GB, 3.8 GB on disk)
for 1,000,000 on the two cores at load 6–8, search index included.

Every figure is measured in a fresh process (its imports, caches and RSS its own),
the best of ``--runs``; the machine is shared, so the load average is printed and the
ratios between sizes are the figures to trust:

- ``load`` (``derived.load``) and, of it, ``crc`` (the side files' CRC-32, which the
  lead is removing from the open), ``corpus`` (``Corpus(store, user)``), ``index``
  (``CorpusIndex.build``: what the reader does before its list is usable),
  ``usable`` = load − crc + corpus + index, and ``first_screen`` (40 list rows);
  then ``warm`` (``Corpus.warm``: what the reader reads ahead once its list is shown);
- ``filter_busy``/``filter_rare``: a unit filter on the busiest and a rare station,
  list length and first screen; ``unit_timeline``: the busiest station's events;
- ``corpus``: the reader's timelines as it pages them (``CorpusTimeline``): the busiest
  station's (``unit_timeline_paged``), then every event's (``corpus_timeline``): the pass, a
  screen of lines from the middle, following a passage, RSS;
- ``open_article``: paragraphs, entities and events of an article in the middle;
- ``search_*``: ``store.analysis.finding.find`` to its first 50 hits, a common and an
  absent word, the first search of the session (``cold``) and the next (``warm``);
- ``add_tag``: ``Workspace.add_tags`` on the home's real user store (median of 10);
- ``rss``: the process after opening (and after the steps above, ``rss_after``);
- the app (``tui.app``, headless at 160×45): spawn to first frame and to store opened
  (the list shown), from its ``timings``, and its RSS then.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.bench.bench_tui import OPENED  # the app opened headless until its list is shown

ROOT = Path(__file__).resolve().parents[2]
SCREEN = 40
FIRST_HITS = 50
COMMON, ABSENT = "民警", "霹雳"


# --- the stores -----------------------------------------------------------------------


def make_home(work: Path, n: int, fts: bool) -> Path:
    """A data home with ``n`` generated articles in a SQLite store, made once."""
    from store.db import derived
    from store.db.paths import Home
    from store.ingest.build import corpus_digests, fingerprint, versions
    from tests.bench.million_docs import documents

    root = work / f"home-{n}"
    if (root / "derived.json").exists():
        return root
    home = Home(root)
    meta = {"versions": versions(), "fingerprint": fingerprint(corpus_digests(home)), "store": "sqlite"}
    real = derived._write_search_index
    if not fts:
        derived._write_search_index = lambda *args, **kwargs: None  # type: ignore[assignment]
    started = time.perf_counter()
    try:
        derived.write(root, meta, documents(n), lambda row: row.path)
    finally:
        derived._write_search_index = real  # type: ignore[assignment]
    print(f"  wrote {n:,} articles in {time.perf_counter() - started:.0f} s (search index: {fts})", file=sys.stderr)
    return root


def seal_home(root: Path) -> None:
    """Give a store written before side-file stamps (``derived_files.seal``) its stamps, as its build now would.

    Without them every open reads each side file whole for its CRC (3.7 GB at 1,000,000
    rows); a store this tool wrote is sealed here rather than written again (22 minutes).
    """
    from store.db import derived_files
    from store.db.tinydb_storage import load_json

    if not hasattr(derived_files, "seal"):
        return
    data = load_json(root / "derived.json")
    assert data is not None
    meta = data["meta"]["1"]
    if derived_files.STAMPS in meta:
        return
    paths = {kind: root / f"derived-{meta['files']}.{'sqlite' if kind == 'index' else kind}" for kind in meta["sums"]}
    meta[derived_files.STAMPS] = derived_files.seal(paths)
    tmp = root / "derived.json.sealing"
    tmp.write_text(json.dumps(data), "utf-8")
    os.replace(tmp, root / "derived.json")


# --- one fresh process per step ----------------------------------------------------------


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


def _rss() -> float:
    status = Path("/proc/self/status").read_text()
    return round(int(status.split("VmRSS:")[1].split()[0]) / 1024, 1)


def _open(root: Path, fig: dict[str, Any]) -> Any:
    """Open as the reader does (store, user store, corpus, index), timing each part and the CRC inside the load."""
    from store.corpus.corpus import Corpus
    from store.corpus.query import CorpusIndex
    from store.db import derived, derived_files, derived_reader, derived_sqlite
    from store.db.paths import Home
    from store.db.userstore import UserStore

    crc_s = [0.0]
    owner: Any = derived_files if hasattr(derived_files, "file_crc") else derived_reader  # since the stamps: file_crc
    real = getattr(owner, "file_crc", None) or derived_reader._crc  # type: ignore[attr-defined]

    def timed_crc(f: Any) -> int:
        t = time.perf_counter()
        try:
            return int(real(f))
        finally:
            crc_s[0] += time.perf_counter() - t

    if owner is derived_files:
        derived_files.file_crc = timed_crc  # type: ignore[attr-defined]
    else:  # before: imported by name into both loaders
        derived._crc = derived_sqlite._crc = timed_crc  # type: ignore[attr-defined]
    t = time.perf_counter()
    store = derived.load(root)
    fig["load_ms"] = _ms(t)
    fig["crc_ms"] = round(crc_s[0] * 1000, 1)
    t = time.perf_counter()
    corpus = Corpus(store, UserStore(Home(root).user))
    fig["corpus_ms"] = _ms(t)
    t = time.perf_counter()
    index = CorpusIndex.build(corpus)
    fig["index_ms"] = _ms(t)
    fig["usable_ms"] = round(fig["load_ms"] - fig["crc_ms"] + fig["corpus_ms"] + fig["index_ms"], 1)
    t = time.perf_counter()
    screen = [(a.title, a.published, len(a.units)) for a in index.articles[:SCREEN]]
    fig["first_screen_ms"] = _ms(t)
    assert len(screen) == SCREEN
    fig["rss_mb"] = _rss()
    if hasattr(corpus, "warm"):  # as the reader does once its list is shown (absent before issue 18's change)
        t = time.perf_counter()
        corpus.warm()
        fig["warm_ms"] = _ms(t)
    return index


def _stations(index: Any) -> list[Any]:
    stations = [u for u in index.units.values() if u.level == "station"]
    return sorted(stations, key=lambda u: (-u.mentions, u.key))


def step(root: Path, name: str) -> dict[str, Any]:
    """One step's figures, in this (fresh) process."""
    from store.corpus.query import UnitFilter

    fig: dict[str, Any] = {}
    index = _open(root, fig)
    corpus = index.corpus
    if name == "filter":
        stations = _stations(index)
        for label, unit in (("busy", stations[0]), ("rare", stations[len(stations) * 9 // 10])):
            t = time.perf_counter()
            listed = index.filtered(UnitFilter(frozenset({unit.key})))
            shown = [a.title for a in listed[:SCREEN]]
            fig[f"filter_{label}_ms"] = _ms(t)
            fig[f"filter_{label}_articles"] = len(listed)
            assert shown
    elif name == "timeline":
        t = time.perf_counter()
        events = index.timeline(UnitFilter(frozenset({_stations(index)[0].key})))
        fig["unit_timeline_ms"] = _ms(t)
        fig["unit_timeline_events"] = len(events)
        from store.corpus.query import corpus_rows

        t = time.perf_counter()  # what the reader's corpus timeline adds: titles, rows (tui/screens/timeline_mode.py)
        aids = {aid for aid, _ in events}
        titles = index.titles(aids) if hasattr(index, "titles") else {aid: index.by_id[aid].title for aid in aids}  # before
        rows = corpus_rows(events, titles)
        fig["timeline_rows_ms"] = _ms(t)
        assert len(rows) >= len(events)
    elif name == "corpus":
        from store.corpus.timeline_pages import CorpusTimeline

        t = time.perf_counter()  # the busiest station's, as the reader now pages it
        busiest = CorpusTimeline(corpus, index.expand(UnitFilter(frozenset({_stations(index)[0].key}))))
        fig["unit_timeline_paged_ms"] = _ms(t)
        fig["unit_timeline_paged_events"] = busiest.events
        t = time.perf_counter()
        assert len(busiest[len(busiest) // 2 : len(busiest) // 2 + SCREEN]) == SCREEN
        fig["unit_timeline_paged_screen_ms"] = _ms(t)
        fig["unit_timeline_paged_rss_mb"] = _rss()
        del busiest
        t = time.perf_counter()
        lines = CorpusTimeline(corpus)
        fig["corpus_timeline_ms"] = _ms(t)
        fig["corpus_timeline_events"] = lines.events
        t = time.perf_counter()
        shown = lines[len(lines) // 2 : len(lines) // 2 + SCREEN]
        fig["corpus_timeline_screen_ms"] = _ms(t)
        row = next(r for r in shown if r.kind == "event")
        t = time.perf_counter()
        assert lines.first_line(row.article or "", row.paragraph) is not None
        fig["corpus_timeline_follow_ms"] = _ms(t)
        fig["corpus_timeline_rss_mb"] = _rss()
    elif name == "article":
        aid = index.articles[len(index.articles) // 2].id
        t = time.perf_counter()
        corpus.article(aid), corpus.entities(aid), corpus.events(aid)
        fig["open_article_ms"] = _ms(t)
    elif name == "search":
        from store.analysis.finding import find

        for label, word in (("common", COMMON), ("absent", ABSENT)):
            for when in ("cold", "warm"):
                t = time.perf_counter()
                found = find(index, word, limit=FIRST_HITS)
                fig[f"search_{label}_{when}_ms"] = _ms(t)
                fig[f"search_{label}_hits"] = len(found.hits)
        fig["search_index"] = corpus._store.fts is not None
    elif name == "tag":
        from store.workspace import Workspace

        ws = Workspace(_home(root), corpus)
        ws.index = index
        times = []
        for k in range(10):
            aid = index.articles[k * 7].id
            t = time.perf_counter()
            ws.add_tags(aid, 0, [f"bench-{os.getpid()}"])
            times.append(time.perf_counter() - t)
        fig["add_tag_ms"] = round(statistics.median(times) * 1000, 1)
    fig["rss_after_mb"] = _rss()
    return fig


def _home(root: Path) -> Any:
    from store.db.paths import Home

    return Home(root)


APP = r"""
import asyncio, json, sys, time
spawned = float(sys.argv[2])
from pathlib import Path
from store.db.paths import Home
from tui.app import create_app
""" + OPENED + r"""        wall = time.time() - spawned - (time.perf_counter() - t["created"])  # spawn -> app created
        status = Path("/proc/self/status").read_text()
        out = {"app_first_frame_ms": round((wall + t["first_frame"] - t["created"]) * 1000),
               "app_store_opened_ms": round((wall + t["store_opened"] - t["created"]) * 1000),
               "app_created_ms": round(wall * 1000),
               "app_rss_mb": round(int(status.split("VmRSS:")[1].split()[0]) / 1024, 1),
               "app_articles": len(app.index.articles), "jieba_imported": "jieba" in sys.modules}
    print("RESULT " + json.dumps(out))

asyncio.run(main())
"""


def run_step(root: Path, name: str) -> dict[str, Any]:
    if name == "app":
        cmd = [sys.executable, "-c", APP, str(root), repr(time.time())]
    else:
        cmd = [sys.executable, "-m", "tests.bench.bench_million", "--step", name, "--work", str(root)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(proc.stdout[-3000:] + proc.stderr[-3000:])
    return dict(json.loads(line[7:]))


STEPS = ("open", "filter", "timeline", "corpus", "article", "search", "tag", "app")


def measure(root: Path, runs: int, steps: tuple[str, ...] = STEPS) -> dict[str, Any]:
    """Every step ``runs`` times in fresh processes; the lowest of each figure (a time or RSS)."""
    out: dict[str, Any] = {"load_before": os.getloadavg()[0]}
    for name in steps:
        results = [run_step(root, name) for _ in range(runs)]
        for key in results[0]:
            values = [r[key] for r in results]
            out.setdefault(key, min(values) if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values) else values[0])
    out["load_after"] = os.getloadavg()[0]
    out["disk_mb"] = round(sum(p.stat().st_size for p in root.glob("derived*")) / 1e6, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=2, help="fresh processes per step (the best is kept)")
    ap.add_argument("--fts-up-to", type=int, default=1_000_000, help="build the search index for sizes up to this")
    ap.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS)
    ap.add_argument("--step", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step:
        print("RESULT " + json.dumps(step(args.work, args.step)))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    table: dict[int, dict[str, Any]] = {}
    for n in args.sizes:
        root = make_home(args.work, n, fts=n <= args.fts_up_to)
        seal_home(root)
        table[n] = measure(root, args.runs, tuple(args.steps))
        print(json.dumps({"articles": n, **table[n]}), flush=True)
    keys = list(dict.fromkeys(k for fig in table.values() for k in fig))
    print(f"\n{'':28}" + "".join(f"{n:>14,}" for n in table))
    for key in keys:
        print(f"{key:28}" + "".join(f"{str(table[n].get(key, '')):>14}" for n in table))


if __name__ == "__main__":
    main()
