"""``beat search``, ``kwic``, ``counts``, ``cooccur``, ``reposts``, ``figures``, ``searches``: shells over ``store.analysis``.

``cooccur`` and ``reposts`` live in :mod:`tui.cli.relations`.

Registered by :mod:`tui.cli.parser` (:func:`add_parsers`) and :mod:`tui.cli.main`
(:func:`commands`, :func:`writes`), which hands over its helpers as a :class:`Shell`
(opening the workspace, one-line and JSON output). All are
read-only but ``search --save`` and ``searches --delete``; none loads jieba or the model
(tested). A query that cannot run is a usage error: the message, the query with a caret
under the position, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import Any

from store.db.paths import Home
from store.text.wording import plural
from tui.cli.analysis_shell import Handler, Shell, _articles, _csv, _guarded, _output


def add_parsers(sub: Any, common: dict[str, Any]) -> None:
    s = sub.add_parser(
        "search", **common, help="passages matching a query (words, \"phrases\", AND/OR/NOT, /regex/, fields)"
    )
    s.add_argument("query", nargs="?", metavar="QUERY", help="e.g. '诈骗 AND unit:青山 date:2024-01..2024-06'")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument("--limit", type=int, metavar="N", help="at most N hits")
    s.add_argument("--save", metavar="NAME", help="save the query under NAME (it is checked first)")
    s.add_argument("--saved", metavar="NAME", help="run the saved search NAME")
    _scope(s)

    ss = sub.add_parser("searches", **common, help="saved searches")
    ss.add_argument("--json", action="store_true", help="print JSON")
    ss.add_argument("--delete", metavar="NAME", help="delete the saved search NAME")

    k = sub.add_parser("kwic", **common, help="keyword in context: one hit per line, contexts aligned")
    k.add_argument("query", metavar="QUERY")
    k.add_argument("--width", type=int, default=30, metavar="N", help="display columns of each context (default 30)")
    k.add_argument("--sort", metavar="KEYS", help="right1..right9, left1..left9, date, unit, article; several joined by commas")
    k.add_argument("--limit", type=int, metavar="N", help="at most N lines")
    _formats(k)
    _scope(k)

    c = sub.add_parser("counts", **common, help="counts over time: a query, a unit, or every unit × period")
    c.add_argument("query", nargs="?", metavar="QUERY", help="count hits of QUERY (person:X, tag:X work too)")
    c.add_argument("--unit", metavar="UNIT", help="count mentions of UNIT (with sub-units unless --no-subunits)")
    c.add_argument("--subunits", action=argparse.BooleanOptionalAction, default=True, help="include sub-units (default yes)")
    c.add_argument("--table", action="store_true", help="every unit × period, rolled up the hierarchy (--no-subunits: own only)")
    c.add_argument("--by", choices=["week", "month", "year"], default="month")
    c.add_argument("--passages", action="store_true", help="count matching passages, not hits")
    c.add_argument("--top", type=int, metavar="N", help="with --table: the N busiest units")
    _formats(c)
    _scope(c)

    co = sub.add_parser("cooccur", **common, help="units and tags mentioned together, strongest pairs first")
    co.add_argument("--kind", choices=["units", "tags-units", "tags"], default="units")
    co.add_argument("--scope", choices=["passage", "paragraph", "article"], default="paragraph")
    co.add_argument("--by", choices=["count", "jaccard"], default="count", help="order by shared contexts or by Jaccard")
    co.add_argument("--limit", type=int, default=50, metavar="N", help="at most N pairs (default 50; 0: all)")
    co.add_argument("--matrix", action="store_true", help="the matrix of the busiest labels, not the pairs")
    co.add_argument("--top", type=int, default=20, metavar="N", help="with --matrix: N rows and columns (default 20)")
    _formats(co)
    _scope(co)

    r = sub.add_parser("reposts", **common, help="clusters of near-duplicate articles (reposts of one bulletin)")
    r.add_argument("--diff", nargs=2, metavar=("ID", "ID"),
                   help="how two versions differ, paragraph by paragraph; a changed one also by character ([-removed-]{+added+})")
    r.add_argument("--threshold", type=float, default=0.7, metavar="J", help="estimated Jaccard to join a cluster (0.7)")
    r.add_argument("--json", action="store_true", help="print JSON")

    f = sub.add_parser("figures", **common, help="the statistics ledger: every figure as a row")
    f.add_argument("--conflicts", action="store_true", help="only cumulative totals that contradict each other")
    f.add_argument("--kind", metavar="KIND", help="only this kind (money, suspects, cases, calls…)")
    _formats(f)
    _scope(f)


def _formats(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="print JSON")
    group.add_argument("--csv", action="store_true", help="print CSV")


def _scope(p: argparse.ArgumentParser) -> None:
    p.add_argument("--per-cluster", action="store_true", help="count each cluster of reposts once (its earliest copy)")


def writes(args: argparse.Namespace) -> bool:
    return (args.command == "search" and bool(args.save)) or (args.command == "searches" and bool(args.delete))


def _search(sh: Shell, home: Home, args: argparse.Namespace) -> int:
    from store.analysis.finding import find

    if args.saved and args.query:
        print("beat: give a QUERY or --saved NAME, not both", file=sys.stderr)
        return 2
    workspace = sh.workspace(home, writable=bool(args.save))
    query = args.query
    if args.saved:
        saved = next((s for s in workspace.searches() if s.name == args.saved), None)
        if saved is None:
            names = ", ".join(s.name for s in workspace.searches()) or "none yet"
            print(sh.line(f"beat: no saved search {args.saved!r} (saved: {names})"), file=sys.stderr)
            return 2
        query = saved.query
    if query is None:
        print("beat: give a QUERY (or --saved NAME)", file=sys.stderr)
        return 2
    # The reader's / search, without its title hits (a CLI row is a passage: ¶, --json "paragraph").
    hits = find(workspace.index, query, workspace.codings(), args.limit, titles=False, articles=_articles(workspace, args)).hits
    if args.save:
        workspace.save_search(args.save, query)
        print(sh.line(f"saved {args.save!r}: {query}"), file=sys.stderr)
    corpus, by_id = workspace.corpus, workspace.index.by_id
    texts: dict[str, list[str]] = {}
    for hit in hits:
        if hit.article not in texts:
            texts[hit.article] = corpus.paragraph_texts(hit.article)
    if args.json:
        sh.dump([
            {"article": h.article, "paragraph": h.paragraph + 1, "index": h.paragraph, "start": h.start, "end": h.end,
             "text": texts[h.article][h.paragraph][h.start : h.end], "title": by_id[h.article].title,
             "published": by_id[h.article].published}
            for h in hits
        ])
        return 0
    for h in hits:
        para = texts[h.article][h.paragraph]
        snippet = para[max(0, h.start - 12) : h.end + 24]
        print(f"{sh.line(h.article)} ¶{h.paragraph + 1:<3} {sh.line(by_id[h.article].published or '-'):<10}  {sh.line(snippet)}")
    print(plural(len(hits), "hit"), file=sys.stderr)
    return 0


def _searches(sh: Shell, home: Home, args: argparse.Namespace) -> int:
    workspace = sh.workspace(home, writable=bool(args.delete))
    if args.delete:
        if not workspace.delete_search(args.delete):
            print(sh.line(f"beat: no saved search {args.delete!r}"), file=sys.stderr)
            return 1
        print(sh.line(f"deleted {args.delete!r}"), file=sys.stderr)
        return 0
    found = workspace.searches()
    if args.json:
        sh.dump([s.to_dict() for s in found])
        return 0
    for s in found:
        print(f"{sh.line(s.name)}\t{sh.line(s.query)}")
    return 0


def _kwic(sh: Shell, home: Home, args: argparse.Namespace) -> int:
    from store.analysis.kwic import CSV_HEADER, csv_row, lines, sort_key
    from store.analysis.search import Search

    if not 1 <= args.width <= 500:
        print("beat: --width is 1 to 500 columns", file=sys.stderr)
        return 2
    if args.sort:
        try:
            sort_key(args.sort)
        except ValueError as exc:
            print(sh.line(f"beat: {exc}"), file=sys.stderr)
            return 2
    workspace = sh.workspace(home)
    search = Search(workspace.index, args.query, workspace.codings(), _articles(workspace, args))
    hits = list(search.hits())
    found = lines(workspace.index, hits, args.width)
    if args.sort:
        found.sort(key=sort_key(args.sort))
    if args.limit is not None:
        found = found[: args.limit]
    return _output(
        sh, args, lambda: [ln.to_dict() for ln in found],
        CSV_HEADER, lambda: (csv_row(ln) for ln in found),
        lambda: (f"{ln.left} {ln.keyword} {ln.right}  {sh.line(ln.hit.article)} ¶{ln.hit.paragraph + 1}" for ln in found),
    )


def _counts(sh: Shell, home: Home, args: argparse.Namespace) -> int:
    from store.analysis import counts

    workspace = sh.workspace(home)
    index, articles = workspace.index, _articles(workspace, args)
    if args.table:
        if args.query or args.unit:
            print("beat: --table counts every unit; give no QUERY or --unit with it", file=sys.stderr)
            return 2
        table = counts.unit_table(index, args.by, args.subunits, articles, args.top)
        if args.json:
            sh.dump({"periods": table.periods,
                   "units": [{"key": k, "name": n, "depth": d, "counts": c} for k, n, d, c in table.rows]})
        else:
            if args.csv:
                _csv(["unit", "depth", *table.periods, "total"],
                     ([k, d, *(c.get(p, 0) for p in table.periods), sum(c.values())] for k, _n, d, c in table.rows))
            else:
                print("unit\t" + "\t".join(table.periods) + "\ttotal")
                for key, _name, depth, c in table.rows:
                    cells = [str(c.get(p, 0)) for p in table.periods] + [str(sum(c.values()))]
                    print(f"{'  ' * depth}{sh.line(key)}\t" + "\t".join(cells))
        return 0
    if bool(args.query) == bool(args.unit):
        print("beat: give a QUERY, or --unit UNIT, or --table", file=sys.stderr)
        return 2
    if args.unit:
        series = counts.unit_series(index, args.unit, args.by, args.subunits, articles)
    else:
        series = counts.query_series(index, args.query, args.by, workspace.codings(), args.passages, articles)
    if args.json:
        sh.dump({"label": series.label, "by": args.by, "counts": series.counts, "total": series.total})
    elif args.csv:
        _csv([args.by, "count"], series.counts.items())
    else:
        peak = max(series.counts.values(), default=0)
        for period, n in series.counts.items():
            bar = "█" * round(30 * n / peak) if peak else ""
            print(f"{period:<9} {n:>6}  {bar}")
        print(f"{series.total} in all", file=sys.stderr)
    return 0


def _figures(sh: Shell, home: Home, args: argparse.Namespace) -> int:
    from store.analysis.ledger_cache import cached_ledger

    workspace = sh.workspace(home)
    rows = cached_ledger(workspace.index, home.root, _articles(workspace, args))
    if args.conflicts:
        rows = [r for r in rows if r.conflicts]
    if args.kind:
        rows = [r for r in rows if r.kind == args.kind]
    header = ["article", "paragraph", "start", "text", "value", "approximate", "measure", "kind", "what", "unit", "date",
              "cumulative", "conflicts", "sentence"]

    def text(r: Any) -> str:
        value = f"{'≥' if r.approximate else ''}{r.value:,.10g}"
        flag = "  ⚠ contradicts " + ", ".join(r.conflicts) if r.conflicts else ""
        return (f"{sh.line(r.date):<23} {value:>14} {sh.line(r.measure):<4} {sh.line(r.kind):<9} {sh.line(r.what):<10} "
                f"{sh.line(workspace.index.unit_name(r.unit))}{flag}")

    return _output(
        sh, args, lambda: [r.to_dict() for r in rows], header,
        lambda: ([r.article, r.paragraph, r.start, r.text, r.value, r.approximate, r.measure, r.kind, r.what, r.unit, r.date,
                  r.cumulative, " ".join(r.conflicts), r.sentence] for r in rows),
        lambda: (text(r) for r in rows),
    )


def commands(sh: Shell) -> dict[str, Handler]:
    """The handlers, bound to ``tui.cli``'s helpers; every one reports a bad query the same way."""
    from tui.cli.relations import _cooccur, _reposts

    table = {"search": _search, "searches": _searches, "kwic": _kwic, "counts": _counts, "cooccur": _cooccur,
             "reposts": _reposts, "figures": _figures}
    return {name: partial(_guarded, run, sh) for name, run in table.items()}
