"""What the fault tests share: running the CLI in-process, and finding debris a killed writer left."""

from __future__ import annotations

from pathlib import Path

from store.db.derived import load as _load
from store.db.paths import Home
from store.ingest.engines import PARALLEL_FROM
from tui.cli import main

# Synthetic articles in the bigger corpus (conftest.corpus_home): enough that a build analyses
# them in the forked pool (store.ingest.engines.PARALLEL_FROM, 40), so a kill takes its workers
# too; each costs the kill test's every build a model analysis (60 made its two runs ~180 s).
ARTICLES = 45


def beat(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def temps(folder: Path) -> list[str]:
    """Temp files, and derived side files that derived.json does not name (a killed build's)."""
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".building")))
    store = _load(Home(folder).root) if (folder / "derived.json").exists() else None
    live = f"derived-{store.meta.get('files')}." if store else None
    return names + sorted(p.name for p in folder.glob("derived-*") if live is None or not p.name.startswith(live))


assert ARTICLES >= PARALLEL_FROM, "the kill tests' builds must run in the forked pool"
