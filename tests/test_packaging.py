"""Beat installs and builds its store both from a wheel and from an editable install.

The seeds used to be a namespace package: an editable install made
``importlib.resources.files("seeds")`` a MultiplexedPath and ``beat build`` failed.
Each case copies the source tree aside (so the repository gets no build debris),
installs it with ``--no-deps`` into a fresh venv that sees this venv's dependencies
through a ``.pth`` file, and runs ``beat build`` from a directory outside the tree.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BEAT = {"store", "tui", "seeds"}


def _venv(tmp: Path, name: str) -> Path:
    env = tmp / name
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    py = env / "bin" / "python"
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    # Dependencies come from the venv running the tests, Beat itself only from the install
    # under test: a folder of links to everything in this venv's site-packages but Beat's
    # own packages (CI installs Beat there too, which would shadow an editable install).
    deps = tmp / f"{name}-deps"
    deps.mkdir()
    for folder in {*site.getsitepackages(), sysconfig.get_paths()["purelib"]}:
        for entry in Path(folder).iterdir() if Path(folder).is_dir() else ():
            if entry.name not in BEAT and not entry.name.startswith(("beat-", "__editable__")) and not (deps / entry.name).exists():
                (deps / entry.name).symlink_to(entry)
    Path(purelib, "beat-test-deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    return py


def _source_copy(tmp: Path) -> Path:
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "__snapshots__")
    for name in ("store", "tui", "seeds"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    return src


@pytest.mark.parametrize("editable", [False, True], ids=["wheel", "editable"])
def test_install_then_build(tmp_path: Path, editable: bool) -> None:
    src = _source_copy(tmp_path)
    py = _venv(tmp_path, "venv")
    target = ["-e", str(src)] if editable else [str(src)]
    pip = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", *target],
        capture_output=True, text=True,
    )
    if pip.returncode != 0 and "Could not find a version" in pip.stderr:  # no package index (setuptools)
        pytest.skip("no package index for the build backend")
    assert pip.returncode == 0, pip.stderr
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    home = tmp_path / "home"
    where = subprocess.run(
        [str(py), "-c", "import store, seeds; print(store.__file__); print(seeds.__file__)"],
        capture_output=True, text=True, cwd=elsewhere, check=True,
    ).stdout.split()
    expected_root = src if editable else Path(py).parent.parent
    assert all(Path(w).resolve().is_relative_to(expected_root.resolve()) for w in where), where
    run = subprocess.run(
        [str(py.parent / "beat"), "build", "--home", str(home)],
        capture_output=True, text=True, cwd=elsewhere,
    )
    assert run.returncode == 0, run.stderr
    assert (home / "derived.json").is_file()
    listing = subprocess.run(
        [str(py.parent / "beat"), "list", "--json", "--home", str(home)],
        capture_output=True, text=True, cwd=elsewhere, check=True,
    )
    assert listing.stdout.count('"id"') == 5
