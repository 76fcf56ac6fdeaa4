"""``beat build``'s options: --workers, --cluster, and what it says when a batch or a cluster fails."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from store.db.paths import Home
from store.ingest import build as pipeline
from store.ingest import cluster
from tests.conftest import ROOT
from tests.store.ingest.conftest import MARKER, with_marked_article


def _copy(built_home: Home, tmp_path) -> Home:
    shutil.copytree(built_home.root, tmp_path / "home")
    return Home(tmp_path / "home")


def _store_files(home: Home) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in home.root.glob("derived*")}


def test_workers_must_be_a_positive_number(beat, home):
    code, _, err = beat("build", "--workers", "0", "--home", str(home.root))
    assert code == 2 and "at least 1" in err


def test_a_failing_batch_is_named_and_the_store_kept(beat, built_home, tmp_path, monkeypatch):
    home = _copy(built_home, tmp_path)
    marked = with_marked_article(home, tmp_path)
    before = _store_files(home)
    real = pipeline.analyse_entry

    def tripping(entry):
        if MARKER.encode() in entry.read():
            raise RuntimeError("the analyser tripped")
        return real(entry)

    monkeypatch.setattr(pipeline, "analyse_entry", tripping)
    code, _, err = beat("build", "--home", str(home.root))
    assert code == 1
    assert "analysis failed twice (RuntimeError: the analyser tripped)" in err and "the store was not changed" in err
    assert f"  {marked}" in err.splitlines()
    assert _store_files(home) == before


def test_an_unreachable_cluster_changes_nothing(beat, built_home, tmp_path, monkeypatch):
    home = _copy(built_home, tmp_path)
    before = _store_files(home)
    monkeypatch.setattr(cluster, "CONNECT_S", 0.5)
    code, _, err = beat("build", "--rebuild", "--cluster", "tcp://127.0.0.1:9", "--home", str(home.root))
    assert code == 1 and "could not use the cluster at tcp://127.0.0.1:9" in err and "the store was not changed" in err
    assert _store_files(home) == before


def test_an_up_to_date_store_starts_no_cluster(beat, built_home, tmp_path):
    home = _copy(built_home, tmp_path)
    code, _, err = beat("build", "--cluster", "tcp://127.0.0.1:9", "--home", str(home.root))
    assert code == 0 and "up to date" in err  # the address is never tried


def test_a_local_build_imports_no_cluster_engine(built_home, tmp_path):
    home = _copy(built_home, tmp_path)
    probe = (
        "import sys, json\n"
        "from tui.cli import main\n"
        f"code = main(['build', '--home', {str(home.root)!r}])\n"
        "print(json.dumps([code, [m for m in ('dask', 'distributed', 'ray', 'tornado') if m in sys.modules]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert json.loads(out.splitlines()[-1]) == [0, []]


def test_a_cluster_without_dask_installed_is_a_clear_error(beat, built_home, tmp_path, monkeypatch):
    home = _copy(built_home, tmp_path)
    before = _store_files(home)
    monkeypatch.delitem(sys.modules, "store.ingest.cluster", raising=False)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    code, _, err = beat("build", "--rebuild", "--cluster", "local", "--home", str(home.root))
    assert code == 1 and "--cluster needs Dask (distributed is missing): pip install 'beat[cluster]'" in err
    assert _store_files(home) == before
