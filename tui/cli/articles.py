"""Commands that read articles: ``list``, ``show``, ``timeline``, and ``date`` (an article's reference date)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.db.paths import Home
from store.text.sanitize import sanitize
from tui.cli.opening import article_id, open_corpus, open_workspace, unit_scope
from tui.cli.output import CommandError, columns, dump, line, numbered


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
    table = [
        [line(r.id), line(r.published or "(no date)"), line(r.source or "-"), f"{r.paragraphs}¶", line(r.title)] for r in rows
    ]
    for text in columns(table, right=[3]):  # padded by display cells: a CJK character takes two
        print(text)
    return 0


def show(home: Home, args: argparse.Namespace) -> int:
    corpus = open_corpus(home)
    article = corpus.article(article_id(corpus, args.id))
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
                    {"index": p.index, "paragraph": p.index + 1, "kind": p.kind, "text": p.text,
                     **({"original": p.original} if p.original else {})}
                    for p in article.paragraphs
                ],
                "entities": [numbered(e.to_dict()) for e in entities],
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
    corpus, scope = workspace.corpus, unit_scope(workspace, args)
    ids = [article_id(corpus, args.article)] if args.article else [a.id for a in workspace.index.articles]
    rows = timeline_events(corpus, ids, scope.keys if scope is not None else None)
    if not rows and scope is not None:
        if args.json:
            dump([])  # still JSON for a script, which the exit status tells that nothing matched
        raise CommandError(f"no dated events in passages that mention {scope}")
    if args.json:
        texts: dict[str, list[str]] = {}
        for aid, _ in rows:
            if aid not in texts:
                texts[aid] = corpus.paragraph_texts(aid)
        dump([{"article": aid, **event_dict(ev, texts[aid][ev.paragraph])} for aid, ev in rows])
        return 0
    from store.corpus.query import when_label

    table = []
    for aid, ev in rows:  # the reader's forms: "2024-04-21 →", "2024-08-21..08-31", "2024-08"
        when = when_label(ev) if ev.date_start and ev.year != "unknown" else f"????: {ev.text}"
        table.append([line(when), line(aid), line(ev.label)])
    for text in columns(table):
        print(text)
    return 0


def event_dict(event: Any, paragraph: str) -> dict[str, Any]:
    from store.nlp.time.resolve import event_sentence

    return {**numbered(event.to_dict()), "sentence": event_sentence(paragraph, event)}


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
    changed = workspace.set_reference(article_id(workspace.corpus, args.id), day)
    print(line(f"reference date of {changed.article}: {changed.date or 'from the text'}"), file=sys.stderr)
    return 0
