"""Store benchmarks on a synthetic corpus: import, build, load, open, filter, search, tag.

Run: ``.venv/bin/python -m tests.bench.run --sizes 1000 10000`` (not part of the test
run; 10,000 articles take a long while on two cores, so run it in the background:
``nohup .venv/bin/python -m tests.bench.run --sizes 10000 --json /tmp/b10k.json >
/tmp/bench10k.log 2>&1 &``). ``--report a.json b.json`` prints one table from earlier
runs. The corpus is made by ``tests.bench.corpus`` from the seeds with a fixed seed, so
runs are comparable. Every phase runs in a fresh interpreter: its timings include no
warm caches it would not have in real use, and its peak RSS is its own.

Figures:
- build: ``ensure_built`` after the import, wall time, and characters of cleaned
  paragraph text per second; compared with plain ``jieba.lcut`` over the same
  paragraphs in one process (jieba's dictionary load excluded);
- peak RSS: the build's main process and its largest worker (ru_maxrss), and the
  reading process after loading the corpus;
- load: ``store.db.derived.load`` + ``Corpus``; then the first ``articles()`` call,
  which builds the summaries the list and the unit filter use;
- open: ``Corpus.article`` + ``entities`` + ``events`` for one id (median of 50);
- filter: ``articles()`` then keep those whose ``.units`` hold a unit key (median);
- search: ``Corpus.search`` for a 3-character query that occurs, and one that does
  not (a full scan);
- add tag: ``TagBook.add`` on a user store that already holds 1,000 codings (median
  of 20, each an fsync'd atomic write).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNIT = "武汉市公安局青山区分局"
COMMON_QUERY = "派出所"
ABSENT_QUERY = "霹雳火"
SEARCH_LIMIT = 200  # hits, as the search dialog lists (store.analysis.finding.find with its limit)


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


# --- phases, each in its own interpreter -------------------------------------------------


def phase_generate(work: Path, n: int) -> dict:
    from tests.bench.corpus import write_corpus

    started = time.perf_counter()
    chars = write_corpus(work / "articles", n)
    return {"generate_s": time.perf_counter() - started, "source_chars": chars}


def phase_import(work: Path) -> dict:
    from store.db.paths import Home
    from store.ingest.importer import import_paths

    started = time.perf_counter()
    result = import_paths(Home(work / "home"), [work / "articles"])
    return {
        "import_s": time.perf_counter() - started,
        "imported": len(result.added),
        "import_errors": len(result.errors),
        "import_duplicates": len(result.duplicates),
        "import_rss_mb": _rss_mb(resource.RUSAGE_SELF),
    }


def phase_build(work: Path) -> dict:
    from store.db.paths import Home
    from store.workspace import ensure_built

    home = Home(work / "home")
    started = time.perf_counter()
    report = ensure_built(home)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in home.root.glob("derived*"))
    return {
        "build_s": seconds,
        "articles": report.articles,
        "analysed": report.analysed,
        "build_errors": len(report.errors),
        "derived_mb": size / 2**20,
        "build_rss_main_mb": _rss_mb(resource.RUSAGE_SELF),
        "build_rss_worker_mb": _rss_mb(resource.RUSAGE_CHILDREN),
        "workers": min(os.cpu_count() or 2, 4),
    }


def phase_jieba(work: Path) -> dict:
    import jieba

    from store.db.derived import load as _load
    from store.db.paths import Home

    store = _load(Home(work / "home").root)
    paragraphs = [t for i in range(len(store.rows)) for t in store.paragraph_texts(i)]
    store.close()
    jieba.setLogLevel(60)
    jieba.initialize()
    started = time.perf_counter()
    for text in paragraphs:
        jieba.lcut(text)
    seconds = time.perf_counter() - started
    return {"jieba_s": seconds, "chars": sum(map(len, paragraphs))}


def phase_read(work: Path) -> dict:
    import random

    from store.corpus.corpus import Corpus
    from store.db.derived import load as _load
    from store.db.paths import Home

    home = Home(work / "home")
    started = time.perf_counter()
    corpus = Corpus(_load(home.root))
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    rows = corpus.articles()
    summaries_s = time.perf_counter() - started
    ids = [r.id for r in rows]
    rng = random.Random(7)
    picks = [rng.choice(ids) for _ in range(50)]
    it = iter(picks * 2)

    def open_one() -> None:
        aid = next(it)
        corpus.article(aid)
        corpus.entities(aid)
        corpus.events(aid)

    corpus.events(picks[0])  # first call pays imports
    open_ms = _median_ms(open_one, 50)
    keys = {k for r in rows for k in r.units}
    unit = UNIT if UNIT in keys else sorted(keys)[0]
    hits = [r for r in corpus.articles() if unit in r.units]
    filter_ms = _median_ms(lambda: [r for r in corpus.articles() if unit in r.units], 20)
    from store.analysis.finding import find
    from store.corpus.query import CorpusIndex

    index = CorpusIndex.build(corpus)
    find(index, "民警", limit=1)  # loads opencc once, as the first search in a session does
    common = find(index, COMMON_QUERY, limit=SEARCH_LIMIT).hits  # the reader's search: titles, then passages
    search_ms = _median_ms(lambda: find(index, COMMON_QUERY, limit=SEARCH_LIMIT), 5)
    absent = find(index, ABSENT_QUERY, limit=SEARCH_LIMIT).hits
    search_absent_ms = _median_ms(lambda: find(index, ABSENT_QUERY, limit=SEARCH_LIMIT), 3)
    return {
        "load_s": load_s,
        "summaries_s": summaries_s,
        "open_ms": open_ms,
        "filter_ms": filter_ms,
        "filter_unit": unit,
        "filter_hits": len(hits),
        "search_ms": search_ms,
        "search_hits": len(common),
        "search_absent_ms": search_absent_ms,
        "search_absent_hits": len(absent),
        "read_rss_mb": _rss_mb(resource.RUSAGE_SELF),
    }


def phase_tag(work: Path) -> dict:
    """TagBook.add with 1,000 codings already in the user store."""
    import shutil
    import uuid

    from store.corpus.anchors import make_anchor
    from store.corpus.corpus import Corpus
    from store.corpus.tags import Coding, TagBook
    from store.db.derived import load as _load
    from store.db.paths import Home
    from store.db.userstore import UserStore

    home = Home(work / "home")
    corpus = Corpus(_load(home.root))
    ids = [r.id for r in corpus.articles()]
    user_path = work / "tag-user.json"
    shutil.copy(home.user, user_path)
    user = UserStore(user_path)
    book = TagBook(user)
    codings = []
    for i in range(1000):  # one write: the setup is not what is measured
        article = corpus.article(ids[i % len(ids)])
        paragraphs = [p.text for p in article.paragraphs]
        p = i % len(paragraphs)
        end = min(len(paragraphs[p]), 6)
        a = make_anchor(paragraphs, p, 0, end)
        codings.append(Coding(uuid.uuid4().hex[:12], f"tag{i % 12}", article.id, a.paragraph, a.start, a.end,
                              a.quote, a.before, a.after, a.position, "", time.time()))
    for n in range(12):
        book.ensure_tag(f"tag{n}")
    book._insert(codings)
    article = corpus.article(ids[0])
    paragraphs = [p.text for p in article.paragraphs]
    spans = iter(range(100))

    def add() -> None:
        s = next(spans) % max(1, len(paragraphs[0]) - 2)
        book.add(article.id, paragraphs, 0, s, s + 2, ["bench"])

    add_ms = _median_ms(add, 20)
    user.close()
    return {"tag_add_ms": add_ms, "codings": len(book.codings()), "user_kb": user_path.stat().st_size / 1024}


PHASES = {"generate": phase_generate, "import": phase_import, "build": phase_build, "jieba": phase_jieba,
          "read": phase_read, "tag": phase_tag}


def _run_phase(name: str, work: Path, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.run", "--phase", name, "--work", str(work), *extra],
        cwd=ROOT, capture_output=True, text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(n: int, keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"beat-bench-{n}-"))
    result: dict = {"n": n, "work": str(work)}
    for name, extra in (("generate", (str(n),)), ("import", ()), ("build", ()), ("jieba", ()), ("read", ()), ("tag", ())):
        print(f"[{n}] {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result.update(_run_phase(name, work, *extra))
        print(f"[{n}] {name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    result["build_chars_per_s"] = result["chars"] / result["build_s"]
    result["jieba_chars_per_s"] = result["chars"] / result["jieba_s"]
    result["build_over_jieba"] = result["build_s"] / result["jieba_s"]
    result["build_rss_total_mb"] = result["build_rss_main_mb"] + result["workers"] * result["build_rss_worker_mb"]
    if not keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return result


# --- report -----------------------------------------------------------------------------

ROWS = [
    # (label, key, format, target at 10,000, check)
    ("articles in the store", "articles", "{:,.0f}", "", None),
    ("cleaned characters", "chars", "{:,.0f}", "~30 M", None),
    ("import (clean + copy + record)", "import_s", "{:.1f} s", "", None),
    ("build (analysis, all cores)", "build_s", "{:.1f} s", "", None),
    ("jieba.lcut, same text, 1 core", "jieba_s", "{:.1f} s", "", None),
    ("build ÷ jieba.lcut", "build_over_jieba", "{:.2f}×", "≤ 4×", lambda v: v <= 4),
    ("build throughput", "build_chars_per_s", "{:,.0f} chars/s", "", None),
    ("jieba.lcut throughput", "jieba_chars_per_s", "{:,.0f} chars/s", "", None),
    ("derived store on disk", "derived_mb", "{:.1f} MB", "", None),
    ("peak RSS, build main process", "build_rss_main_mb", "{:.0f} MB", "", None),
    ("peak RSS, largest build worker", "build_rss_worker_mb", "{:.0f} MB", "", None),
    ("peak RSS, build total (main + workers)", "build_rss_total_mb", "{:.0f} MB", "≤ 1 GB", lambda v: v <= 1024),
    ("peak RSS, reader (corpus loaded)", "read_rss_mb", "{:.0f} MB", "≤ 1 GB", lambda v: v <= 1024),
    ("warm load (parse + Corpus)", "load_s", "{:.2f} s", "", None),
    ("first articles() (summaries)", "summaries_s", "{:.2f} s", "", None),
    ("open article (+ entities, events)", "open_ms", "{:.2f} ms", "≤ 50 ms", lambda v: v <= 50),
    ("unit filter (articles() + .units)", "filter_ms", "{:.1f} ms", "≤ 50 ms", lambda v: v <= 50),
    (f"search “{COMMON_QUERY}” (stops at 200 hits)", "search_ms", "{:.1f} ms", "≤ 300 ms", lambda v: v <= 300),
    (f"search “{ABSENT_QUERY}” (no hit: full scan)", "search_absent_ms", "{:.1f} ms", "≤ 300 ms", lambda v: v <= 300),
    ("add tag (1,000 codings stored)", "tag_add_ms", "{:.1f} ms", "≤ 20 ms", lambda v: v <= 20),
]


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
        mem_s = f", {mem:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        mem_s = ""
    return f"{os.cpu_count()} cores ({cpu}){mem_s}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def table(results: list[dict]) -> str:
    results = sorted(results, key=lambda r: r["n"])
    head = "| metric | " + " | ".join(f"{r['n']:,}" for r in results) + " | target (10,000) |"
    lines = [head, "|" + "---|" * (len(results) + 2)]
    for label, key, fmt, target, check in ROWS:
        cells = []
        for r in results:
            if key not in r:
                cells.append("–")
                continue
            cell = fmt.format(r[key])
            if check is not None and r["n"] >= 10_000 and not check(r[key]):
                cell += " ✗"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and homes")
    parser.add_argument("--report", type=Path, nargs="+", help="print the table from earlier --json files")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        extra = [int(a) for a in args.rest]
        print(json.dumps(PHASES[args.phase](args.work, *extra)))
        return
    if args.report:
        results = [r for path in args.report for r in json.loads(path.read_text())["results"]]
    else:
        results = []
        for n in args.sizes:
            results.append(bench(n, args.keep))
            if args.json:
                args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=1))
    print(f"Machine: {machine()}\n")
    print(table(results))


if __name__ == "__main__":
    main()
