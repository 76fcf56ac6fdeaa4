"""Builds through shard files: the format, the cuts, resuming an aborted build, a batch that fails."""

from __future__ import annotations

from dataclasses import dataclass

import orjson
import pytest

from store.ingest import build, engines, shards
from store.ingest.build import analyse_entry, corpus_entries, versions
from store.ingest.engines import BatchFailed
from store.workspace import ensure_built
from tests.store.ingest.conftest import MARKER, copy_home, same_store, store_files, with_marked_article


def test_a_shard_gives_back_the_documents_it_was_made_from(home):
    entries = corpus_entries(home)[:2]
    results = [(e.name, analyse_entry(e)) for e in entries] + [("seeds/none.txt", "no article text found")]
    assert any(d.units for _, d in results[:2]) and any(d.events for _, d in results[:2])  # tuples in tuples in the round trip
    payload = shards.encode(versions(), results)
    assert shards.decode(payload, versions()) == results
    with pytest.raises(ValueError, match="versions"):
        shards.decode(payload, "0.0.0")  # another Beat's shard is never taken


@dataclass(frozen=True)
class Item:
    name: str
    key: str
    size: int


def test_batches_are_cut_by_size_and_an_insertion_moves_only_nearby_cuts():
    items = [Item(f"sources/{i:04d}.txt", f"{i:016x}:10000:1", 10_000) for i in range(300)]
    cut = shards.batches(items, 100_000)
    assert [x for batch in cut for x in batch] == items
    assert all(3 <= len(batch) <= 10 for batch in cut[:-1])  # a quarter of the limit, then a cut by digest, at most the limit
    before = {shards.batch_digest("v", batch) for batch in cut}
    moved = []
    for at in range(0, 300, 7):
        inserted = [*items[:at], Item("sources/new.txt", f"new{at}:1:1", 10_000), *items[at:]]
        after = {shards.batch_digest("v", batch) for batch in shards.batches(inserted, 100_000)}
        moved.append(len(before - after))
    assert max(moved) <= 4 and sum(moved) / len(moved) <= 2  # a fixed count per batch would move every later cut


def test_a_batch_of_tiny_files_still_ends():
    items = [Item(f"t{i}", f"k{i}", 0) for i in range(200)]
    assert max(len(b) for b in shards.batches(items)) == shards.MAX_ARTICLES


def test_an_aborted_build_resumes_from_its_shards(synthetic_imported, synthetic_built, tmp_path, monkeypatch):
    """Abort after eight articles; damage one finished shard: the rerun analyses that one's and the unfinished rest."""
    monkeypatch.setattr(shards, "BATCH_BYTES", 20_000)  # a few articles a batch
    home = copy_home(synthetic_imported, tmp_path / "home")
    analysed: list[str] = []
    real = build.analyse_entry
    monkeypatch.setattr(build, "analyse_entry", lambda entry: analysed.append(entry.name) or real(entry))

    class Stop(Exception):
        pass

    def stop_at_eight(done: int, total: int, name: str) -> None:
        if done == 8:
            raise Stop  # as a kill would, between two batches' merges

    with pytest.raises(Stop):
        ensure_built(home, stop_at_eight)
    assert not home.derived.exists()  # nothing was committed
    finished = {p: [name for name, _ in orjson.loads(p.read_bytes())["results"]] for p in (home.root / "shards").glob("*.json")}
    in_shards = sum(len(names) for names in finished.values())
    assert len(finished) >= 3 and 8 <= in_shards < 17
    damaged, lost = next(iter(finished.items()))
    damaged.write_bytes(damaged.read_bytes()[:50])
    kept = {name for names in finished.values() for name in names} - set(lost)
    analysed.clear()
    report = ensure_built(home)
    assert report.resumed == len(kept) and report.analysed == len(analysed) == 17 - len(kept)
    assert set(lost) <= set(analysed) and not kept & set(analysed)  # what a whole shard held was not analysed again
    assert not (home.root / "shards").exists()  # the store holds it now
    same_store(home, synthetic_built)


def test_a_batch_that_fails_twice_stops_the_build_and_leaves_the_store(synthetic_built, tmp_path, monkeypatch):
    home = copy_home(synthetic_built, tmp_path / "home")
    marked = with_marked_article(home, tmp_path)
    before = store_files(home)
    tries = []
    real = build.analyse_entry

    def tripping(entry):
        if MARKER.encode() in entry.read():
            tries.append(entry.name)
            raise RuntimeError("the analyser tripped")
        return real(entry)

    monkeypatch.setattr(build, "analyse_entry", tripping)
    with pytest.raises(BatchFailed, match="failed twice.*tripped") as caught:
        ensure_built(home)
    assert len(tries) == 2 and caught.value.names == [str(marked)]  # named as imported, not as stored
    assert store_files(home) == before


def test_all_cores_as_memory_allows(monkeypatch):
    monkeypatch.setattr(engines.os, "sched_getaffinity", lambda pid: set(range(16)))
    monkeypatch.setattr(engines, "_available_mb", lambda: 64_000)
    assert engines.default_workers() == 16  # no cap of four
    monkeypatch.setattr(engines, "_available_mb", lambda: 3 * engines.WORKER_MB + 10)
    assert engines.default_workers() == 3
    monkeypatch.setattr(engines, "_available_mb", lambda: 10)
    assert engines.default_workers() == 1


def test_a_local_pool_build_equals_the_in_process_build(synthetic_imported, synthetic_built, tmp_path, monkeypatch):
    """The forked pool (every core) is what a corpus of PARALLEL_FROM articles or more gets."""
    monkeypatch.setattr(engines, "PARALLEL_FROM", 2)
    monkeypatch.setattr(shards, "BATCH_BYTES", 40_000)
    home = copy_home(synthetic_imported, tmp_path / "home")
    report = ensure_built(home, workers=2)
    assert report.analysed == 17 and not report.errors
    same_store(home, synthetic_built)


def test_a_link_planted_as_the_shard_folder_is_never_followed(synthetic_built, tmp_path):
    home = copy_home(synthetic_built, tmp_path / "home")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / f"{'0' * 64}.json").write_bytes(b"{}")
    (home.root / "shards").symlink_to(outside)
    with_marked_article(home, tmp_path)  # one article to analyse, so a shard is due
    before = store_files(home)
    with pytest.raises(NotADirectoryError):
        ensure_built(home)
    assert [p.name for p in outside.iterdir()] == [f"{'0' * 64}.json"] and store_files(home) == before
    shards.clear(home)
    assert (outside / f"{'0' * 64}.json").exists()


def test_small_builds_cut_smaller_batches_that_stay_put():
    assert shards.batch_limit(100_000_000) == shards.BATCH_BYTES
    assert shards.batch_limit(3_000_000) == 65_536  # over 45 batches, not 12: the last one leaves a worker idle briefly
    assert shards.batch_limit(2_900_000) == shards.batch_limit(3_100_000)  # an import between a kill and the rerun
    assert shards.batch_limit(10_000) == shards.SMALLEST_BATCH
