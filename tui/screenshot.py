"""The README pictures, taken by the app itself: ``python -m tui.screenshot .readme/beat.svg``.

Builds the seed store in a throwaway data home (or uses ``--home``), runs Beat
headless at a fixed size and theme, filters by the busiest unit, steps to a passage
that mentions it, and saves Textual's own SVG export. Same input, same picture.
``--view concordance --query 纠纷`` pictures the keyword-in-context view on that query
over the whole corpus instead, ``--view analysis --tab units`` one tab of the analysis tables (figures, time,
units, cooccur, reposts); the README's pictures of the views are 100 columns wide.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

from store.db.paths import Home

VIEWS = ("main", "concordance", "analysis")
TABS = ("figures", "time", "units", "cooccur", "reposts")


async def _settle(app: Any, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _view(app: Any, pilot: Any, view: str, query: str, tab: str) -> None:
    """Open ``view`` from the reading screen and wait until it has filled in."""
    from textual.widgets import TabbedContent

    if view == "concordance":
        from tui.screens.concordance import open_concordance

        open_concordance(app.main, query)
    else:
        from tui.screens.analysis_tables import open_tables

        open_tables(app.main)
    await _settle(app, pilot)
    await _settle(app, pilot)  # the view's own worker, started on mount
    if view == "analysis":
        app.screen.query_one(TabbedContent).active = f"tab-{tab}"
        await _settle(app, pilot)
        app.screen.query_one(f"#table-{tab}").focus()
    await _settle(app, pilot)


async def take(
    home: Home, out: Path, size: tuple[int, int], theme: str, view: str = "main", query: str = "", tab: str = "figures"
) -> None:
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
        if view == "main":
            busiest = max(app.index.units.values(), key=lambda u: (u.articles, u.mentions))
            screen.unit_filter = UnitFilter(frozenset({busiest.key}), True)
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen.reader.focus()
            await pilot.press("n", "n", "n")
            await _settle(app, pilot)
        else:  # the views over the whole corpus: no filter, so "Over time" shows the busiest units
            await _view(app, pilot, view, query, tab)
        await pilot.wait_for_scheduled_animations()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(app.export_screenshot(title="Beat"), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the SVG, e.g. .readme/beat.svg")
    parser.add_argument("--home", type=Path, help="data home to show (default: a fresh one with the seeds)")
    parser.add_argument("--size", default="160x45", help="terminal size, COLSxROWS (default 160x45)")
    parser.add_argument("--theme", default="textual-dark", help="Textual theme (default textual-dark)")
    parser.add_argument("--view", choices=VIEWS, default="main", help="the view to picture (default: the reading screen)")
    parser.add_argument("--query", default="", help="the concordance's query, e.g. 纠纷")
    parser.add_argument("--tab", choices=TABS, default="figures", help="the analysis tables' tab (default figures)")
    args = parser.parse_args(argv)
    if args.view == "concordance" and not args.query.strip():
        parser.error("--view concordance needs --query")
    cols, rows = (int(n) for n in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="beat-screenshot-") as tmp:
        home = Home(args.home.resolve() if args.home else Path(tmp))
        if not args.home:
            from store.workspace import ensure_built

            report = ensure_built(home)
            for name, reason in report.errors:
                print(f"beat: {name}: {reason}", file=sys.stderr)
        asyncio.run(take(home, args.out, (cols, rows), args.theme, args.view, args.query, args.tab))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
