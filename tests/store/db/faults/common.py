"""What the fault tests share: running the CLI in-process, and finding debris a killed writer left."""

from __future__ import annotations

from pathlib import Path

from store.db.derived import load as _load
from store.db.paths import Home
from tui.cli import main

ARTICLES = 60  # synthetic articles in the bigger corpus (conftest.corpus_home)


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
