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

    @property
    def screenshots(self) -> Path:
        """SVG pictures of the app (the palette's "Screenshot")."""
        return self.root / "screenshots"

    def folder(self, path: Path) -> Path:
        """``path``, a folder directly in the home, made if missing (private, 0o700) and checked to be one.

        Refused (``NotADirectoryError``) when it is a link or anything but a real folder:
        Beat never writes through a link out of its home.
        """
        if path.parent != self.root:
            raise ValueError(f"{path} is not a folder directly in the data home {self.root}")
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        if path.is_symlink() or not path.is_dir():
            raise NotADirectoryError(f"{path} is a link or not a folder; Beat writes only into real folders in its home")
        return path


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
