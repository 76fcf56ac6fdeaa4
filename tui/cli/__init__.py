"""The ``beat`` command line, by role: the parser, the entry point, one module per family of commands.

``parser`` declares every command and option; ``main`` dispatches, takes the home's lock
for writers and turns expected failures into one line and an exit status; ``articles``
(list, show, timeline, date), ``tags``, ``export``, ``units`` and ``build`` (build,
import, the reader) hold the commands; ``opening`` opens the store they read, and
``output`` prints for a terminal or a pipe. Nothing here imports Textual, Rich or jieba
at module level: read-only commands start in a fraction of a second (tested).
"""

from __future__ import annotations

from tui.cli.main import main

__all__ = ["main"]
