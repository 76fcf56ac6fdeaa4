"""``beat cooccur`` (pairs, or ``--matrix``) and ``beat reposts`` (clusters, or ``--diff`` of two copies).

Split from :mod:`tui.cli.analysis` (which registers them and lends its helpers). The
matrix is ``store.analysis.cooccurrence_matrix``: the ``--top`` busiest labels each way
(20 by default, as the view shows), one row per label; as text it is tab-separated
(the labels are CJK: tabs line up in a spreadsheet, spaces would not in every terminal).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.db.paths import Home
from store.text.wording import plural
from tui.cli.analysis_shell import Shell, _articles, _csv, _output


def _cooccur(sh: Shell, home: Home, args: argparse.Namespace) -> int:
    from store.analysis.cooccurrence import contexts, pairs

    workspace = sh.workspace(home)
    if args.top < 1:
        print("beat: --top is at least 1", file=sys.stderr)
        return 2
    try:
        found_contexts = contexts(workspace.index, args.kind, args.scope, workspace.codings(), _articles(workspace, args))
    except ValueError as exc:
        print(sh.line(f"beat: {exc}"), file=sys.stderr)
        return 2
    if args.matrix:
        return _matrix(sh, args, found_contexts)
    found = pairs(found_contexts, symmetric=args.kind != "tags-units", by=args.by)
    if args.limit:
        found = found[: args.limit]
    return _output(
        sh, args, lambda: [p.to_dict() for p in found], ["a", "b", "count", "a_contexts", "b_contexts", "jaccard"],
        lambda: ([p.a, p.b, p.count, p.a_total, p.b_total, round(p.jaccard, 4)] for p in found),
        lambda: (f"{p.count:>5}  J={p.jaccard:.3f}  {sh.line(p.a)} — {sh.line(p.b)}" for p in found),
    )


def _reposts(sh: Shell, home: Home, args: argparse.Namespace) -> int:
    from store.analysis.reposts import clusters, version_diff

    workspace = sh.workspace(home)
    index = workspace.index
    if args.diff:
        try:
            a, b = (workspace.corpus.resolve_id(ref) for ref in args.diff)
        except KeyError as exc:
            print(sh.line(f"beat: {exc.args[0]}"), file=sys.stderr)
            return 1
        return _diff(sh, args, *version_diff(index, a, b))
    if not 0 < args.threshold <= 1:
        print("beat: --threshold is between 0 and 1", file=sys.stderr)
        return 2
    found = clusters(index, threshold=args.threshold)
    if args.json:
        sh.dump([c.to_dict(index) for c in found])
        return 0
    for n, c in enumerate(found, 1):
        print(f"cluster {n}: {len(c.articles)} versions, similarity ≥ {c.similarity:.2f}")
        for i, aid in enumerate(c.articles):
            a = index.by_id[aid]
            first = "earliest " if i == 0 else "         "
            where = f"{sh.line(a.published or '-'):<10}  {sh.line(a.source or '-')[:12]:<12}"
            print(f"  {first}{sh.line(aid)}  {where}  {sh.line(a.title)}")
    print(f"{plural(len(found), 'cluster')} of reposts", file=sys.stderr)
    return 0


def _diff(sh: Shell, args: argparse.Namespace, left: list[str], right: list[str], rows: list[Any]) -> int:
    """Paragraph runs as ``version_diff`` lines them up; a replaced pair also character by character.

    The pairs are the reader's (``repost_diff.side_by_side``: a replaced run paired one to
    one in order): as text one ``[-removed-]{+added+}`` line per pair, in ``--json`` each
    row's ``changes`` with both sides' spans (``[start, end)``, 0-based characters).
    """
    from store.analysis.repost_diff import Side, side_by_side, word_diff

    changed: dict[int, tuple[Side, Side]] = {  # left paragraph -> both sides of its changed pair
        ln.left.paragraph: (ln.left, ln.right) for ln in side_by_side(left, right) if ln.left and ln.right and ln.op == "changed"
    }
    if args.json:
        out = []
        for r in rows:
            row: dict[str, Any] = {"op": r.op, "left": [left[i] for i in r.left], "right": [right[j] for j in r.right],
                                   "left_paragraphs": [i + 1 for i in r.left], "right_paragraphs": [j + 1 for j in r.right]}
            if r.op == "replace":
                pairs = [changed[i] for i in r.left if i in changed]
                row["changes"] = [{"left_paragraph": a.paragraph + 1, "right_paragraph": b.paragraph + 1,
                                   "left_spans": [list(s) for s in a.spans], "right_spans": [list(s) for s in b.spans],
                                   "word_diff": word_diff(a.text, b.text)} for a, b in pairs]
            out.append(row)
        sh.dump(out)
        return 0
    mark = {"equal": " ", "replace": "~", "delete": "-", "insert": "+"}
    for r in rows:
        if r.op == "equal":
            print(f"  ({plural(len(r.left), 'paragraph is', 'paragraphs are')} the same)")
            continue
        pairs = [changed[i] for i in r.left if i in changed] if r.op == "replace" else []
        for a, b in pairs:
            print(f"~~ ¶{a.paragraph + 1}→¶{b.paragraph + 1} {sh.line(word_diff(a.text, b.text))}")
        paired_left, paired_right = {a.paragraph for a, _ in pairs}, {b.paragraph for _, b in pairs}
        for i in r.left:
            if i not in paired_left:
                print(f"{mark[r.op]}< ¶{i + 1} {sh.line(left[i])}")
        for j in r.right:
            if j not in paired_right:
                print(f"{mark[r.op]}> ¶{j + 1} {sh.line(right[j])}")
    return 0


def _matrix(sh: Shell, args: argparse.Namespace, found: Any) -> int:
    from store.analysis.cooccurrence_matrix import matrix

    m = matrix(found, symmetric=args.kind != "tags-units", top=args.top)
    if args.json:
        sh.dump({"kind": args.kind, "scope": args.scope, "rows": m.rows, "columns": m.columns, "counts": m.counts,
                 "row_contexts": m.row_totals, "column_contexts": m.column_totals})
        return 0
    header, *rows = m.csv_rows()
    if args.csv:
        _csv([str(h) for h in header], rows)
        return 0
    for row in [header, *rows]:
        print("\t".join(sh.line(str(v)) for v in row))
    return 0
