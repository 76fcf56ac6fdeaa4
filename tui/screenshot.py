"""The README picture, taken by the app itself: ``python -m tui.screenshot .readme/beat.svg``.

Builds the seed store in a throwaway data home (or uses ``--home``), runs Beat
headless at a fixed size and theme, filters by the busiest unit, steps to a passage
that mentions it, and saves Textual's own SVG export. Same input, same picture.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from store.db.paths import Home


async def take(home: Home, out: Path, size: tuple[int, int], theme: str) -> None:
    from store.corpus.query import UnitFilter
    from tui.app import create_app

    app = create_app(home)
    async with app.run_test(size=size) as pilot:
        for _ in range(100):  # wait for the store: open (or build) and index
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.index is not None and app.main.reader.doc is not None:
                break
        if app.index is None:
            raise SystemExit("beat: the store did not open; run 'beat build' to see why")
        app.theme = theme
        screen = app.main
        busiest = max(app.index.units.values(), key=lambda u: (u.articles, u.mentions))
        screen.unit_filter = UnitFilter(frozenset({busiest.key}), True)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen.reader.focus()
        await pilot.press("n", "n", "n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(app.export_screenshot(title="Beat"), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the SVG, e.g. .readme/beat.svg")
    parser.add_argument("--home", type=Path, help="data home to show (default: a fresh one with the seeds)")
    parser.add_argument("--size", default="160x45", help="terminal size, COLSxROWS (default 160x45)")
    parser.add_argument("--theme", default="textual-dark", help="Textual theme (default textual-dark)")
    args = parser.parse_args(argv)
    cols, rows = (int(n) for n in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="beat-screenshot-") as tmp:
        home = Home(args.home.resolve() if args.home else Path(tmp))
        if not args.home:
            from store.workspace import ensure_built

            report = ensure_built(home)
            for name, reason in report.errors:
                print(f"beat: {name}: {reason}", file=sys.stderr)
        asyncio.run(take(home, args.out, (cols, rows), args.theme))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
