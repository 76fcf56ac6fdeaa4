"""The README pictures, taken by the app itself: ``python -m tui.screenshot .readme/beat.svg``.

Builds the seed store in a throwaway data home (or uses ``--home``), runs Beat
headless at a fixed size and theme, filters by the busiest unit, steps to a passage
that mentions it, and saves Textual's own SVG export. Same input, same picture.
``--view concordance --query 纠纷`` pictures the keyword-in-context view on that query
over the whole corpus instead, ``--view analysis --tab units`` one tab of the analysis tables (figures, time,
units, cooccur, reposts), ``--view cooccurrence`` the co-occurrence matrix (``--kind``, ``--scope``),
``--view reposts`` the side-by-side diff of the first cluster's first two copies (the clusters if there
is none). ``--with-repost`` adds, to a fresh home, a reposted copy of the first seed as another outlet
would carry it (:func:`repost_of`), so the seeds have a cluster to show; the README's pictures of the
views are 100 columns wide.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from store.db.paths import Home

VIEWS = ("main", "concordance", "analysis", "cooccurrence", "reposts")
EDITOR_NOTE = "（本文转载自其他媒体，内容略有删改）"  # what a reposting outlet adds; no seed's sentence
TABS = ("figures", "time", "units", "cooccur", "reposts")


async def _settle(app: Any, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _view(app: Any, pilot: Any, view: str, query: str, tab: str, kind: str = "units", scope: str = "paragraph") -> None:
    """Open ``view`` from the reading screen and wait until it has filled in."""
    from textual.widgets import TabbedContent

    if view == "concordance":
        from tui.screens.concordance import open_concordance

        open_concordance(app.main, query)
    elif view == "cooccurrence":
        from tui.screens.cooccurrence_view import open_cooccurrence

        open_cooccurrence(app.main)
        await _settle(app, pilot)
        screen = app.screen
        screen.kind, screen.scope = kind, scope
        screen.refill()
    elif view == "reposts":
        from tui.screens.reposts_view import open_reposts

        open_reposts(app.main)
        await _settle(app, pilot)
        await _settle(app, pilot)
        if app.screen.found:  # the clusters, then the first one's copies, then the diff of its first two
            await pilot.press("enter")
            await _settle(app, pilot)
            await pilot.press("enter")
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
    home: Home, out: Path, size: tuple[int, int], theme: str, view: str = "main", query: str = "", tab: str = "figures",
    kind: str = "units", scope: str = "paragraph",
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
            await _view(app, pilot, view, query, tab, kind, scope)
        await pilot.wait_for_scheduled_animations()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(app.export_screenshot(title="Beat"), encoding="utf-8")


def _key(paragraph: str) -> str:
    return re.sub(r"[\W_]", "", paragraph)  # letters and digits only: the build normalises punctuation


def repost_of(text: str, body: set[str]) -> str:
    """The text as a reposting outlet carries it: an editor's note after the lead, the asides in
    brackets cut from the first paragraph that has some, the last paragraph dropped.

    Edits of a kind, whatever the text: only paragraphs the build kept (``body``: their
    :func:`_key`) are edited, not the page's furniture, so the diff shows a paragraph added,
    one changed character by character, and one removed.
    """
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    kept = [i for i, p in enumerate(paragraphs) if _key(p) in body]
    aside = re.compile(r"（[^（）]*）|\([^()]*\)")
    edited = [i for i in kept[:-1] if aside.search(paragraphs[i])] or kept  # not the one dropped
    paragraphs[edited[0]] = aside.sub("", paragraphs[edited[0]])
    del paragraphs[kept[-1]]
    paragraphs.insert(kept[0] + 1, EDITOR_NOTE)
    return "\n\n".join(paragraphs) + "\n"


def _add_repost(home: Home, scratch: Path) -> None:
    from importlib import resources

    from store.corpus.corpus import Corpus
    from store.ingest.importer import import_and_build

    first = sorted(p.name for p in resources.files("seeds").iterdir() if p.name.endswith(".txt"))[0]
    source = resources.files("seeds").joinpath(first).read_text(encoding="utf-8")
    corpus = Corpus.open(home)
    try:
        (aid,) = [a.id for a in corpus.articles() if corpus.article(a.id).path == f"seeds/{first}"]
        body = {_key(p) for p in corpus.paragraph_texts(aid)}
    finally:
        corpus.close()
    scratch.mkdir(exist_ok=True)
    copy = scratch / f"repost-{first}"
    copy.write_text(repost_of(source, body), encoding="utf-8")
    import_and_build(home, [copy])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the SVG, e.g. .readme/beat.svg")
    parser.add_argument("--home", type=Path, help="data home to show (default: a fresh one with the seeds)")
    parser.add_argument("--size", default="160x45", help="terminal size, COLSxROWS (default 160x45)")
    parser.add_argument("--theme", default="textual-dark", help="Textual theme (default textual-dark)")
    parser.add_argument("--view", choices=VIEWS, default="main", help="the view to picture (default: the reading screen)")
    parser.add_argument("--query", default="", help="the concordance's query, e.g. 纠纷")
    parser.add_argument("--tab", choices=TABS, default="figures", help="the analysis tables' tab (default figures)")
    parser.add_argument("--kind", choices=("units", "tags-units", "tags"), default="units", help="co-occurrence: what meets")
    parser.add_argument("--scope", choices=("paragraph", "article", "passage"), default="paragraph",
                        help="co-occurrence: within what")
    parser.add_argument("--with-repost", action="store_true", help="a fresh home gets a reposted copy of the first seed")
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
            if args.with_repost:
                _add_repost(home, Path(tmp) / "incoming")
        asyncio.run(take(home, args.out, (cols, rows), args.theme, args.view, args.query, args.tab, args.kind, args.scope))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
