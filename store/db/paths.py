"""Where Beat keeps its files: one data home, never the code folder or the cwd."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Home:
    root: Path

    @property
    def derived(self) -> Path:
        """Rebuildable: articles and analysis."""
        return self.root / "derived.json"

    @property
    def user(self) -> Path:
        """Never rebuilt: tags, memos, overrides, settings (the import manifest sits beside it)."""
        return self.root / "user.json"

    @property
    def sources(self) -> Path:
        """Copies of imported files, so a rebuild never depends on the originals."""
        return self.root / "sources"

    @property
    def lock(self) -> Path:
        return self.root / "beat.lock"


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Home:
    """``--home`` wins, then ``BEAT_HOME``, then the platform's user data dir."""
    if explicit:
        root = Path(explicit)
    elif os.environ.get("BEAT_HOME"):
        root = Path(os.environ["BEAT_HOME"])
    else:
        from platformdirs import user_data_dir

        root = Path(user_data_dir("beat", appauthor=False))
    return Home(root.expanduser().resolve())
