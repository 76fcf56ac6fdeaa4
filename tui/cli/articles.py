"""Commands that read articles: ``list``, ``show``, ``timeline``, and ``date`` (an article's reference date)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.db.paths import Home
from store.text.sanitize import sanitize
from tui.cli.opening import open_corpus, open_workspace, unit_filter
from tui.cli.output import dump, line


def credits(metadata: dict[str, Any]) -> dict[str, Any]:
    """Who wrote it and when, as the cleaner found them: bylines with roles, time, outlet's page."""
    from store.db.metadata import bylines

    return {
        "bylines": [{"role": role, "name": name} for role, name in bylines(metadata)],
        "published_time": metadata.get("发布时间"),
        "page": metadata.get("版面"),
        "dateline": metadata.get("电头"),
    }


def list_(home: Home, args: argparse.Namespace) -> int:
    corpus = open_corpus(home)
    rows = corpus.articles()
    if args.json:
        dump([{**r.to_dict(), **credits(corpus.metadata(r.id))} for r in rows])
        return 0
    for r in rows:
        print(
            f"{line(r.id)}  {line(r.published or '(no date)'):<10}  {line(r.source or '-')[:12]:<12}  "
            f"{r.paragraphs:>3}¶  {line(r.title)}"
        )
    return 0


def show(home: Home, args: argparse.Namespace) -> int:
    corpus = open_corpus(home)
    try:
        article = corpus.article(args.id)
    except KeyError as exc:
        print(line(f"beat: {exc.args[0]}"), file=sys.stderr)
        return 1
    entities = corpus.entities(article.id)
    events = corpus.events(article.id)
    reference, status = corpus.reference(article.id)
    if args.json:
        dump(
            {
                "id": article.id,
                "title": article.title,
                "original_title": article.original_title,
                "source": article.source,
                "published": article.published,
                "reference_date": reference,
                "reference_status": status,
                "path": article.path,
                "encoding": article.encoding,
                "headings": article.headings,
                "captions": article.captions,
                "removed": article.removed,
                "metadata": corpus.metadata(article.id),
                **credits(corpus.metadata(article.id)),
                "paragraphs": [
                    {"index": p.index, "kind": p.kind, "text": p.text, **({"original": p.original} if p.original else {})}
                    for p in article.paragraphs
                ],
                "entities": [e.to_dict() for e in entities],
                "events": [event_dict(ev, article.paragraphs[ev.paragraph].text) for ev in events],
            }
        )
        return 0
    print(line(article.title))
    print(f"{line(article.source or '-')} · {line(article.published or 'date unknown')} · {line(article.id)}")
    if article.removed:
        print("cleaned: " + ", ".join(f"{line(k)} {line(v)}" for k, v in article.removed.items()))
    print()
    for p in article.paragraphs:
        prefix = {"heading": "## ", "caption": "[图] "}.get(p.kind, "")
        print(prefix + sanitize(p.text) + "\n")
    return 0


def timeline(home: Home, args: argparse.Namespace) -> int:
    from store.corpus.query import timeline_events

    workspace = open_workspace(home)
    corpus, keys = workspace.corpus, unit_filter(workspace, args)
    try:
        ids = [corpus.resolve_id(args.article)] if args.article else [a.id for a in workspace.index.articles]
        rows = timeline_events(corpus, ids, keys)
    except KeyError as exc:
        print(line(f"beat: {exc.args[0]}"), file=sys.stderr)
        return 1
    if args.json:
        texts: dict[str, list[str]] = {}
        for aid, _ in rows:
            if aid not in texts:
                texts[aid] = corpus.paragraph_texts(aid)
        dump([{"article": aid, **event_dict(ev, texts[aid][ev.paragraph])} for aid, ev in rows])
        return 0
    from store.corpus.query import when_label

    for aid, ev in rows:  # the reader's forms: "2024-04-21 →", "2024-08-21..08-31", "2024-08"
        when = when_label(ev) if ev.date_start and ev.year != "unknown" else f"????: {ev.text}"
        print(f"{line(when):<17} {line(aid)}  {line(ev.label)}")
    return 0


def event_dict(event: Any, paragraph: str) -> dict[str, Any]:
    from store.nlp.time.resolve import event_sentence

    return {**event.to_dict(), "sentence": event_sentence(paragraph, event)}


def date(home: Home, args: argparse.Namespace) -> int:
    from store.db.dates import InvalidDate, iso_date

    if args.clear == (args.date is not None):
        print("beat: give the date as YYYY-MM-DD, or --clear", file=sys.stderr)
        return 2
    try:
        day = None if args.clear else iso_date(args.date)
    except InvalidDate as exc:
        print(line(f"beat: {exc} (or --clear)"), file=sys.stderr)
        return 2
    workspace = open_workspace(home, writable=True)
    changed = workspace.set_reference(args.id, day)
    print(line(f"reference date of {changed.article}: {changed.date or 'from the text'}"), file=sys.stderr)
    return 0
