"""What single hostile articles cost: import peak RSS, and key latency in the reader (issue 11.8).

Run: ``.venv/bin/python -m tests.bench.hostile_sizes [--only marks long]``. Not a test:
figures depend on the machine. The target is any key ≤ 100 ms and every process
≤ 1 GB for any single input (files over ``sources.MAX_BYTES``, 8 MB, are refused).

Four synthetic inputs, each imported alone into a fresh temporary data home (the
seeds plus that file), after a control:

- ``normal``: 20 paragraphs of 200 characters of seed prose (what keys cost anyway);
- ``marks``: 2 MB in which every character carries 40 combining marks;
- ``p300k``: 300,000 short paragraphs;
- ``p900k``: 900,000 paragraphs (as short as fits in 8 MB);
- ``long``: one paragraph of 2,600,000 characters of seed prose on one line.

Figures per input: the import's wall time and peak RSS (``beat import``, which builds,
in its own interpreter: ``ru_maxrss`` from ``wait4``); the stored article's paragraph
count; then, in another interpreter driving the app with Textual's Pilot at 160x45,
the time from ``enter`` on the article to the reader showing it, and from each of
``tab j space space G g k`` and ``q`` to the screen having caught up, and that
process's peak RSS.

Measured 2026-12-01 on the shared 2-core machine (loaded; wall times, Pilot's frame wait
included, so the normal control shows the floor): import peak RSS 157 MB (normal) and
171-182 MB (hostile; 2.3 GB before), stored paragraphs 27 / 2,001 / 2,001 / 41; keys
j/space/G/g/k 94-253 ms for every input, the same as the control (94-120 ms); ``q``
101-150 ms (33 s before); reader RSS 71 MB for all. ``tab`` (~600-870 ms) and ``enter``
(0.7-1.5 s) cost the same on the normal article: app-wide, not the article's size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["tab", "j", "space", "space", "G", "g", "k"]

READER = r"""
import asyncio, json, resource, sys, time
from pathlib import Path
from store.db.paths import Home
from tui.app import create_app

KEYS = json.loads(sys.argv[2])

async def main():
    app = create_app(Home(Path(sys.argv[1])))
    out = {"keys": []}
    async with app.run_test(size=(160, 45)) as pilot:
        while app.index is None or not app.main.articles.articles:
            await pilot.pause(0.01)
        await pilot.pause()
        target = next(a for a in app.main.articles.articles if not a.path.startswith("seeds"))
        out["paragraphs"] = target.paragraphs
        app.main.articles.move_to(target.id)
        await pilot.pause()
        reader = app.main.reader
        t0 = time.perf_counter()
        await pilot.press("enter")
        while reader.doc is None or reader.doc.article.id != target.id:
            await pilot.pause(0.001)
        await pilot.pause()
        out["open"] = time.perf_counter() - t0
        for key in KEYS:
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out["keys"].append([key, time.perf_counter() - t0])
        t0 = time.perf_counter()
        await pilot.press("q")
    out["q"] = time.perf_counter() - t0
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(out))

asyncio.run(main())
"""


def inputs() -> dict[str, bytes]:
    """The four hostile files (bytes), made from fixed synthetic text."""
    sys.path.insert(0, str(ROOT))
    from store.ingest.clean import clean_text
    from tests.conftest import SEEDS

    prose = "".join(p.text for path in sorted(SEEDS.glob("*.txt")) for p in clean_text(path.read_text("utf-8")).paragraphs)
    marks = "".join(chr(0x0300 + k % 0x70) for k in range(40))
    chars = 2 * 1024 * 1024 // (3 + 2 * 40)
    return {
        "normal": ("普通文章\n\n" + "\n\n".join(prose[i : i + 200] for i in range(0, 4_000, 200)) + "\n").encode(),
        "marks": ("组合符号\n\n" + "".join(ch + marks for ch in (prose * 2)[:chars]) + "\n").encode(),
        "p300k": ("三十万段\n\n" + "".join(f"第{i}条。\n\n" for i in range(300_000))).encode(),
        "p900k": ("九十万段\n\n" + "段。\n\n" * 900_000).encode(),
        "long": ("超长段落\n\n" + (prose * (2_600_000 // len(prose) + 1))[:2_600_000] + "\n").encode(),
    }


def peak_of(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, output) of one command in its own process (``wait4``)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped here; Popen must not wait again
        out.seek(0)
        said = out.read()
    return time.perf_counter() - started, usage.ru_maxrss / 1024, said.strip()


def run_one(name: str, data: bytes) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"beat-hostile-{name}-"))
    src = root / "in" / f"{name}.txt"
    src.parent.mkdir()
    src.write_bytes(data)
    home = root / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # the import peak: one interpreter per input, so RUSAGE_CHILDREN is this one's
    code = f"import sys; from tui.cli import main; sys.exit(main(['import', {str(src)!r}, '--home', {str(home)!r}]))"
    wall, rss, said = peak_of([sys.executable, "-c", code], env)
    result = {"input": name, "bytes": len(data), "import_s": wall, "import_rss_mb": rss, "import_said": said[-300:]}
    proc = subprocess.run(
        [sys.executable, "-c", READER, str(home), json.dumps(KEYS)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        result["reader_error"] = (proc.stdout + proc.stderr)[-1500:]
    else:
        result.update(json.loads(line[7:]))
    return result


def report(r: dict) -> str:
    head = f"{r['input']:>6} {r['bytes'] / 2**20:5.1f} MB  import {r['import_s']:6.1f} s {r['import_rss_mb']:6.0f} MB"
    if "reader_error" in r:
        return head + "\n  reader failed: " + r["reader_error"]
    keys = " ".join(f"{k}={t * 1000:.0f}" for k, t in r["keys"])
    return (
        f"{head}  ¶ {r['paragraphs']:,}  open {r['open'] * 1000:.0f} ms  keys(ms) {keys}"
        f"  q={r['q'] * 1000:.0f}  reader RSS {r['rss_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="inputs to run (normal marks p300k p900k long)")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    made = inputs()
    results = []
    for name, data in made.items():
        if args.only and name not in args.only:
            continue
        results.append(run_one(name, data))
        print(report(results[-1]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
