"""The workspace's traffic with files outside the store: importing sources, exporting tagged passages.

A part of :class:`store.workspace.Workspace` (a mixin), apart so that the workspace
module holds opening, tags and units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from store.corpus.corpus import Corpus
from store.corpus.export import export_rows, write_rows
from store.workspace.changes import ChangeRefused, CorpusChanged, ExportResult, NotOpen, WriteFailed
from store.workspace.core import Core

if TYPE_CHECKING:
    from store.ingest.importer import ImportOutcome

Progress = Callable[[int, int, str], None]


class Transfer(Core):
    # --- importing ------------------------------------------------------------------
    def import_files(self, paths: Iterable[Path | str], progress: Progress | None = None) -> ImportOutcome:
        """Copy files into the home, rebuild the store, re-anchor the tags; then :class:`CorpusChanged`.

        The open reader holds the home lock (store.db.lock), so ``beat import``, a second
        writer of the user file, is refused and the user had to quit to import. Here the
        copy goes through the session's user store under the workspace's lock, serialised
        with the reader's own writes (a tag written meanwhile waits: ms for a page, seconds
        for thousands); the build writes only the derived store, outside the lock; tags are
        re-anchored through the session's tag book, so its cache stays true.
        Raises :class:`WriteFailed` when the home cannot be written.
        """
        from store.db import derived
        from store.ingest.importer import import_and_build

        user, book = self._user(), self._book()
        try:
            outcome = import_and_build(self.home, [Path(p).expanduser() for p in paths], user, progress, self.lock)
            store = derived.load(self.home.root) if outcome.report is not None else None
        except OSError as exc:
            raise WriteFailed(
                f"Could not import: {exc.strerror or exc}. Files already copied stay in {self.home.sources}; "
                "'beat build' brings the store up to date"
            ) from exc
        if outcome.report is None:
            return outcome  # nothing new: no build ran
        if store is None:
            raise WriteFailed("the build produced no store")
        corpus = Corpus(store, user)

        def paragraphs(article: str) -> list[str] | None:
            try:
                return corpus.paragraph_texts(article)
            except KeyError:  # the article left the corpus
                return None

        with self.lock:
            outcome.report.moved, outcome.report.orphaned = book.reanchor_all(paragraphs)
        self.corpus = corpus
        index = self._build_index(corpus)
        with self.lock:
            index.count_tags(book.codings())
        self.index = index
        self._emit(CorpusChanged(index, outcome.summary()))
        return outcome

    # --- export ---------------------------------------------------------------------
    def export(
        self,
        fmt: str,
        path: Path,
        keys: frozenset[str] = frozenset(),
        tag: str | None = None,
        write_empty: bool = True,
        original_script: bool = False,
    ) -> ExportResult:
        """Tagged passages counting under ``keys`` (all if empty) to ``path``; the user store is read under the lock.

        ``write_empty=False``: when no passage counts, ``path`` is left alone (``passages`` 0).
        ``original_script``: QDPX sources in the script the article was written in.
        """
        corpus = self.corpus
        if corpus is None:
            raise NotOpen("the store is not open yet")
        with self.lock:
            codings = self.tagbook.codings(tag=tag) if self.tagbook is not None else []
            tags = self.tagbook.tags() if self.tagbook is not None else []
        summaries = self.index.by_id if self.index is not None else None
        rows = export_rows(corpus, codings, keys, summaries)
        path = path.expanduser()
        if not rows and not write_empty:
            return ExportResult(path, 0)
        try:
            exporter = self.tagbook.coder if self.tagbook is not None else ""
            report = write_rows(fmt, path, corpus, tags, rows, original_script, exporter)
        except ValueError as exc:  # an unknown format
            raise ChangeRefused(str(exc)) from exc
        except OSError as exc:  # the export's own path, not the home: the store was only read
            kept = "left as it was" if path.exists() else "not written"
            raise WriteFailed(f"cannot write {path}: {exc.strerror or exc}; {path} {kept}") from exc
        return ExportResult(path, report.written if report else len(rows), report)
