"""Bringing a colleague's (or another QDA tool's) REFI-QDA project into this data home.

Two steps, because the second needs the store the first may rebuild:

1. :func:`prepare` reads and checks the whole project (``store.corpus.qdpx_import``:
   any bad part raises before a byte is written), finds each source's article by its
   cleaned text (an article already in the corpus is never imported twice), imports
   the new ones like any ``beat import`` and builds;
2. :func:`attach` places every selection on its article (``store.corpus.qdpx_place``)
   and adds tags and codings through the workspace in one undoable write. A coding
   that is already there (same passage, tag and coder) is not added again, so
   importing one's own export changes nothing and a colleague's codings sit beside
   one's own.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from store.corpus.corpus import Corpus
from store.corpus.qdpx_export import safe_name
from store.corpus.qdpx_import import Project, Source, read_project
from store.corpus.qdpx_place import Placer, codings_for, orphan
from store.corpus.tags import PALETTE, Coding, Tag
from store.db.paths import Home
from store.db.userstore import UserStore
from store.ingest.build import article_document
from store.ingest.importer import body_digest, import_paths
from store.ingest.sources import SourceError, source_from_bytes
from store.text.wording import plural
from store.workspace import Workspace, ensure_built
from store.workspace.transfer import Progress


@dataclass(slots=True)
class Prepared:
    project: Project
    digests: dict[str, str]  # source GUID -> digest of its cleaned text (how its article is found)
    matched: int = 0  # sources whose article was in the corpus already
    added: int = 0  # sources imported as new articles
    empty: list[str] = field(default_factory=list)  # sources with no article text in them


@dataclass(slots=True)
class TeamImport:
    """What an import did; ``lines()`` says it in sentences."""

    prepared: Prepared
    codings: int = 0
    present: int = 0  # already in the store: not added twice
    orphans: int = 0  # kept with their quote: their text was not in the cleaned article
    tags: int = 0
    coders: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        p = self.prepared
        out = [
            f"{plural(len(p.project.sources), 'source')}: {p.matched} already in the corpus, "
            f"{plural(p.added, 'new article')} imported",
            f"{plural(self.codings, 'coding')} added ({self.orphans} kept as orphans with their quote), "
            f"{self.present} already present, {plural(self.tags, 'new tag')}; coders: {', '.join(self.coders) or 'none'}",
        ]
        if p.empty:
            out.append(f"no article text in {plural(len(p.empty), 'source')}, their codings left out: {', '.join(p.empty)}")
        if self.skipped:
            out.append("skipped: " + ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items())))
        return out


def _digest(source: Source) -> str | None:
    try:
        doc = article_document(source_from_bytes(source.text.encode("utf-8"), Path(source.name + ".txt")))
    except SourceError:
        return None
    return body_digest(doc) if doc is not None else None


def prepare(
    home: Home, path: Path, progress: Progress | None = None, user: UserStore | None = None, workspace: Workspace | None = None
) -> Prepared:
    """Check the project, import its new articles and build; raises ``QdpxError`` before any write.

    ``workspace``: the reader's open one. Its store is current, and the new articles go in
    through :meth:`Workspace.import_files`, as the reader's own import does: through the
    session's user store under its lock, tags re-anchored through the session's tag book
    (its undo history kept), then :class:`store.workspace.CorpusChanged`. Without it (the
    command line) the home is imported into and built directly.
    """
    project = read_project(path)
    prepared = Prepared(project, {})
    for source in project.sources:
        digest = _digest(source)
        if digest is None:
            prepared.empty.append(source.name)
        else:
            prepared.digests[source.guid] = digest
    if workspace is not None and workspace.corpus is not None:
        corpus = workspace.corpus
        new = {g: d for g, d in prepared.digests.items() if corpus.by_text(d) is None}
    else:
        ensure_built(home, progress, user=user)
        corpus = Corpus.open(home)
        try:
            new = {g: d for g, d in prepared.digests.items() if corpus.by_text(d) is None}
        finally:
            corpus.close()
    prepared.matched = len(prepared.digests) - len(new)
    if new:
        with tempfile.TemporaryDirectory(prefix="beat-qdpx-") as tmp:
            taken: set[str] = set()
            files = []
            for source in project.sources:
                if source.guid in new:
                    file = Path(tmp) / f"{safe_name(source.name, taken)}.txt"
                    file.write_text(source.text, encoding="utf-8")
                    files.append(file)
            if workspace is not None:
                errors = workspace.import_files(files, progress).result.errors
            else:
                errors = import_paths(home, files).errors
        if errors:
            raise OSError(f"could not import the project's sources: {'; '.join(f'{p}: {r}' for p, r in errors)}")
        prepared.added = len(new)
        if workspace is None:
            ensure_built(home, progress, user=user)
    return prepared


def attach(workspace: Workspace, prepared: Prepared) -> TeamImport:
    """Add the project's tags and codings to the open workspace (one undoable write)."""
    corpus = workspace.corpus
    assert corpus is not None
    report = TeamImport(prepared, skipped=Counter(prepared.project.skipped))
    existing = workspace.codings()
    seen = {_key(c) for c in existing}
    codings: list[Coding] = []
    placed_at: dict[str, str] = {}  # source GUID -> article
    for source in prepared.project.sources:
        aid = corpus.by_text(prepared.digests.get(source.guid, ""))
        if aid is None:  # no article text (said in ``empty``), or its analysis failed in the build: say so
            if source.guid in prepared.digests:
                report.skipped["codings of sources the build could not read"] += sum(len(s.codes) for s in source.selections)
            continue
        placed_at[source.guid] = aid
        article = corpus.article(aid)
        placer = Placer(source.text, article.title, article.original_title, article.paragraphs)
        for selection in source.selections:
            made, _ = codings_for(aid, placer, selection)
            report.orphans += sum(c.orphan for c in made)
            codings += made
    for note in prepared.project.orphans:
        aid = placed_at.get(note.source or "") or (note.article if _has(corpus, note.article) else None)
        if aid is None:
            report.skipped["orphaned passages of articles not in this corpus"] += len(note.selections)
            continue
        texts = corpus.paragraph_texts(aid)
        for selection in note.selections:
            for tag in selection.codes:
                c = orphan(aid, tag, selection, texts)
                report.orphans += c.orphan
                codings.append(c)
    fresh = []
    for c in codings:
        key = _key(c)
        if key in seen:
            report.present += 1
        else:
            seen.add(key)
            fresh.append(c)
    have = {t.name for t in workspace.tags()}
    used = {c.tag for c in fresh}
    tags: list[Tag] = []
    for code in prepared.project.codes:
        if code.path not in have and (code.path in used or code.codable or code.memo):
            tags.append(Tag(code.path, code.colour or PALETTE[(len(have) + len(tags)) % len(PALETTE)], code.memo))
    report.tags, report.codings = len(tags), len(fresh)
    report.coders = sorted({c.by for c in fresh})
    if tags or fresh:
        workspace.change_tags(lambda book: book.add_imported(tags, fresh), "import the codings")
    return report


def _key(c: Coding) -> tuple[object, ...]:
    return (c.article, c.tag, c.by, c.orphan, c.quote) if c.orphan else (c.article, c.tag, c.by, c.paragraph, c.start, c.end)


def _has(corpus: Corpus, article: str) -> bool:
    try:
        return corpus.resolve_id(article) == article
    except KeyError:
        return False


def import_qdpx(home: Home, path: Path, progress: Progress | None = None) -> TeamImport:
    """Both steps for a shell: prepare, then open the data home and attach."""
    prepared = prepare(home, path, progress)
    workspace = Workspace(home, Corpus.open(home, UserStore(home.user)))
    workspace.open_or_build()
    try:
        return attach(workspace, prepared)
    finally:
        assert workspace.corpus is not None
        if workspace.user is not None:
            workspace.user.close()
        workspace.corpus.close()
