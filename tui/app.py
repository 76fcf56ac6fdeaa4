"""The Beat app: opens (or first builds) the store in a worker, then hands it to the screens.

``create_app`` is the one factory: the CLI (``run_app``), the tests, the snapshot
tests and the README screenshot all build the app through it. The first frame is
drawn before the store is touched; parsing, building and indexing run in a thread
and arrive as messages.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from store.db.paths import Home
from store.corpus.query import FAILED, USER_WRITE_LOCK, CorpusIndex, reopened
from tui.guard import GuardedApp
from tui.screens.main import MainScreen

if TYPE_CHECKING:
    from store.corpus.corpus import Corpus
    from store.corpus.tags import TagBook
    from tui.dialogs.unit_picker import MergeRequest
    from tui.screens.build import BuildScreen

# Entity colours are theme variables ($beat-unit …): a theme may override them.
DARK = {
    "beat-unit": "#f5a524",
    "beat-person": "#4ade80",
    "beat-place": "#60a5fa",
    "beat-org": "#e879f9",
    "beat-time": "#22d3ee",
    "beat-figure": "#fca5a5",
    "beat-match": "#facc15",
}
LIGHT = {
    "beat-unit": "#b45309",
    "beat-person": "#15803d",
    "beat-place": "#1d4ed8",
    "beat-org": "#a21caf",
    "beat-time": "#0e7490",
    "beat-figure": "#b91c1c",
    "beat-match": "#ca8a04",
}
PROGRESS_EVERY_S = 0.05
T = TypeVar("T")


class BeatApp(GuardedApp, App[int]):
    CSS_PATH = "beat.tcss"
    TITLE = "Beat"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.palette"),
        Binding("ctrl+z", "undo_tags", "Undo tagging", show=False, tooltip="Undo the last tag change (several steps)", id="app.undo"),
        Binding("ctrl+y", "redo_tags", "Redo tagging", show=False, tooltip="Redo the tag change just undone", id="app.redo"),
    ]

    class BuildStarted(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class BuildProgress(Message):
        def __init__(self, done: int, total: int, name: str) -> None:
            super().__init__()
            self.done, self.total, self.name = done, total, name

    class BuildFinished(Message):
        def __init__(self, errors: list[tuple[str, str]], summary: str) -> None:
            super().__init__()
            self.errors, self.summary = errors, summary

    class StoreOpened(Message):
        def __init__(self, index: CorpusIndex, tagbook: TagBook | None = None) -> None:
            super().__init__()
            self.index = index
            self.tagbook = tagbook

    class StoreFailed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, home: Home, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.home = home
        self.given_corpus = corpus
        self.index: CorpusIndex | None = None
        self.tagbook: TagBook | None = None  # one per app: its undo history is the session's
        self.main = MainScreen()
        self.build_screen: BuildScreen | None = None
        self._last_progress = 0.0
        self.timings: dict[str, float] = {"created": time.perf_counter()}

    def get_theme_variable_defaults(self) -> dict[str, str]:
        try:
            dark = self.current_theme.dark
        except Exception:  # noqa: BLE001 - asked before a theme is set
            dark = True
        return dict(DARK if dark else LIGHT)

    def on_mount(self) -> None:
        self.push_screen(self.main)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_ready(self) -> None:
        # Only now: parsing a large store holds the GIL and would delay the first frame.
        self.timings["first_frame"] = time.perf_counter()
        self.open_store()

    # --- opening the store ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="open-store")
    def open_store(self) -> None:
        from store.db.tinydb_storage import gc_paused

        try:
            corpus = self.given_corpus or self._open_or_build()
            if corpus is None:
                return
            with gc_paused():
                index = CorpusIndex.build(corpus)
            # The store's millions of objects live as long as the app: out of the
            # collector's sight, full collections no longer pause the UI walking them.
            # They hold no cycles, so a replaced store is still freed (by refcount).
            gc.freeze()
            book = None
            if corpus.user is not None:
                from store.corpus.tags import TagBook

                book = TagBook(corpus.user)
                with USER_WRITE_LOCK:
                    index.count_tags(book.codings())
        except Exception as exc:  # noqa: BLE001 - shown on screen, never swallowed
            self.post_message(self.StoreFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.StoreOpened(index, book))

    def _open_or_build(self) -> Corpus | None:
        from store.ingest.build import build_reason, ensure_built, load_derived
        from store.corpus.corpus import Corpus
        from store.db.tinydb_storage import CorruptStoreError
        from store.db.userstore import UserStore

        try:
            store = load_derived(self.home)
        except CorruptStoreError:
            store = None
        reason = build_reason(self.home, store) if store is not None else build_reason(self.home)
        if reason is not None:
            if store is not None:
                store.close()
            self.post_message(self.BuildStarted(reason))
            report = ensure_built(self.home, self._progress)
            summary = f"{report.articles} articles ({report.analysed} analysed) in {report.seconds:.1f} s"
            self.post_message(self.BuildFinished(list(report.errors), summary))
            store = load_derived(self.home)
        if store is None:
            self.post_message(self.StoreFailed("The build produced no store."))
            return None
        return Corpus(store, UserStore(self.home.user))

    def _progress(self, done: int, total: int, name: str) -> None:
        now = time.monotonic()
        if done in (0, total) or now - self._last_progress >= PROGRESS_EVERY_S:
            self._last_progress = now
            self.post_message(self.BuildProgress(done, total, name))

    @on(BuildStarted)
    def _build_started(self, event: BuildStarted) -> None:
        from tui.screens.build import BuildScreen

        self.build_screen = BuildScreen(event.reason)
        self.push_screen(self.build_screen)

    @on(BuildProgress)
    def _build_progress(self, event: BuildProgress) -> None:
        if self.build_screen is not None and self.build_screen.is_mounted:
            self.build_screen.progress(event.done, event.total, event.name)

    @on(BuildFinished)
    def _build_finished(self, event: BuildFinished) -> None:
        screen = self.build_screen
        if screen is None:
            return
        if event.errors:
            screen.show_errors(event.errors, event.summary)
        else:
            self.notify(f"Store built: {event.summary}.", markup=False)
            screen.dismiss(None)

    @on(StoreOpened)
    def _store_opened(self, event: StoreOpened) -> None:
        self.index = event.index
        self.tagbook = event.tagbook
        self.timings["store_opened"] = time.perf_counter()
        saved = event.index.settings.get("theme")
        if saved and saved in self.available_themes and saved != self.theme:
            self.theme = saved
        self.main.load(event.index)
        user = event.index.corpus.user
        for notice in user.notices if user is not None else ():
            self.notify(notice, title="User store", severity="warning", timeout=20, markup=False)

    @on(StoreFailed)
    def _store_failed(self, event: StoreFailed) -> None:
        if self.build_screen is not None and self.build_screen.is_attached:
            self.build_screen.show_failure(event.message)
        else:
            self.main.show_problem(f"Beat could not open the store: {event.message}")
            self.notify(event.message, title="Store", severity="error", timeout=30, markup=False)

    # --- user overrides -------------------------------------------------------------
    def _theme_changed(self, theme: Theme) -> None:
        if self.index is None or self.index.corpus.user is None:
            return
        if self.index.settings.get("theme") != theme.name:
            self.index.settings["theme"] = theme.name
            self.save_setting("theme", theme.name)

    @work(thread=True, group="user-write")
    def save_setting(self, key: str, value: object) -> None:
        assert self.index is not None and self.index.corpus.user is not None
        with USER_WRITE_LOCK:
            self.index.corpus.user.set_setting(key, value)

    @work(thread=True, group="user-write")
    def apply_unit_override(self, request: MergeRequest) -> None:
        """Merge a unit or add an alias, then re-read the overrides and re-index."""
        index = self.index
        assert index is not None
        user = index.corpus.user
        try:
            if user is None:
                raise RuntimeError("this corpus has no user store")
            with USER_WRITE_LOCK:
                if request.kind == "merge":
                    user.merge_unit(request.key, request.target)
                else:
                    user.add_unit_alias(request.target, request.key)
            from store.db.tinydb_storage import gc_paused

            with gc_paused():
                fresh = CorpusIndex.build(reopened(index.corpus))
            fresh.positions.update(index.positions)
            fresh.tag_counts = index.tag_counts
        except Exception as exc:  # noqa: BLE001 - e.g. a merge cycle: tell the user
            self.call_from_thread(self.notify, str(exc), title="Units", severity="error", markup=False)
            return
        name, target = index.unit_name(request.key), request.target
        if request.kind == "merge":
            message = f"Merged {name} into {index.unit_name(target)}."
        else:
            message = f"“{target}” is now an alias of {name}."
        self.call_from_thread(self._index_reloaded, fresh, message)

    def _index_reloaded(self, index: CorpusIndex, message: str) -> None:
        from tui.dialogs.unit_picker import UnitPicker

        self.index = index
        self.main.load(index)
        for screen in self.screen_stack:
            if isinstance(screen, UnitPicker):
                screen.reload(index)
        self.notify(message, title="Units", markup=False)

    # --- tags -----------------------------------------------------------------------
    def write_tags(self, change: Callable[[TagBook], T], what: str) -> T | object:
        """One tag change under the user-store lock, then shown everywhere.

        On the UI thread: a change is one small atomic write (a few ms, measured in
        ``timings["tag_write"]``), and running it in order with the key presses keeps
        undo in step with what the user sees. Returns :data:`FAILED` if it did not happen.
        """
        book = self.tagbook
        if book is None:
            self.notify("Tagging needs a user store.", title="Tags", severity="warning", markup=False)
            return FAILED
        start = time.perf_counter()
        try:
            with USER_WRITE_LOCK:
                result = change(book)
        except (ValueError, KeyError) as exc:  # a name taken, a tag gone: the user's to fix
            self.notify(str(exc).strip("'\""), title="Tags", severity="warning", markup=False)
            return FAILED
        except Exception as exc:  # noqa: BLE001 - e.g. a full disk: tell the user
            self.notify(f"Could not {what}: {type(exc).__name__}: {exc}", title="Tags", severity="error", markup=False)
            self.tags_changed()
            return FAILED
        self.timings["tag_write"] = time.perf_counter() - start
        self.tags_changed()
        return result

    def tags_changed(self) -> None:
        """Recount tags per article and redraw whatever shows tags."""
        from tui.screens.tag_browser import TagBrowser

        index, book = self.index, self.tagbook
        if index is None or book is None:
            return
        with USER_WRITE_LOCK:
            codings = book.codings()
        index.count_tags(codings)
        self.main.show_tags(codings)
        for screen in self.screen_stack:
            if isinstance(screen, TagBrowser):
                screen.reload()

    def action_undo_tags(self) -> None:
        self._undo_redo("undo")

    def action_redo_tags(self) -> None:
        self._undo_redo("redo")

    def _undo_redo(self, which: str) -> None:
        label = self.write_tags(lambda book: getattr(book, which)(), which)
        if label is FAILED:
            return
        if label is None:
            self.notify(f"Nothing to {which}.", title="Tags", markup=False, timeout=3)
        else:
            self.notify(f"{'Undid' if which == 'undo' else 'Redid'}: {label}", title="Tags", markup=False, timeout=4)

    def ask_export(self, fmt: str) -> None:
        from tui.dialogs.prompt import TextPrompt
        from tui.safe_text import literal
        from store.corpus.tag_export import LABELS

        keys = self.main.focus_keys
        scope = "passages that mention the filtered units" if keys else "every tagged passage"

        def chosen(path: str | None) -> None:
            if path and path.strip():
                self.export_tags(fmt, Path(path.strip()), keys)

        title = literal(f"Export tagged passages as {LABELS[fmt]}")
        default = str(Path.home() / f"beat-tags.{fmt}")
        self.push_screen(TextPrompt(title, default, help=f"Writes {scope} to this file."), chosen)

    @work(thread=True, group="export")
    def export_tags(self, fmt: str, path: Path, keys: frozenset[str]) -> None:
        from store.corpus.tag_export import export_tagged

        index, book = self.index, self.tagbook
        if index is None or book is None:
            return
        try:
            count = export_tagged(fmt, path, index.corpus, book, keys, USER_WRITE_LOCK)
        except Exception as exc:  # noqa: BLE001 - a bad path, a full disk: tell the user
            self.call_from_thread(
                self.notify, f"Export failed: {type(exc).__name__}: {exc}", title="Export", severity="error", markup=False
            )
            return
        message = f"Wrote {count} tagged passage{'s' if count != 1 else ''} to {path.expanduser()}."
        self.call_from_thread(self.notify, message, title="Export", markup=False)

    # --- keys -----------------------------------------------------------------------
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.main.remember_position(wait=True)
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: Textual's commands, then every Beat action with its key."""
        from tui.screens.help import key_label

        from store.corpus.tag_export import LABELS

        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        if self.tagbook is not None:
            for fmt, label in LABELS.items():
                yield SystemCommand(
                    f"Export tagged passages as {label}",
                    "Asks for a file; only passages that mention the filtered units, if a unit filter is on",
                    partial(self.ask_export, fmt),
                )
        nodes = [(self, "anywhere"), (screen, "main screen"), (screen.reader, "reader"), (screen.articles, "article list"), (screen.timeline, "timeline")]
        seen: set[str] = set()
        for node, where in nodes:
            for binding in type(node).__dict__.get("BINDINGS", []):
                if not isinstance(binding, Binding) or binding.id in seen or binding.action == "command_palette":
                    continue
                name = binding.action.split("(")[0]
                if node.check_action(name, ()) is False:
                    continue
                seen.add(binding.id or binding.key)
                yield SystemCommand(
                    f"{binding.description} ({key_label(binding.key)})",
                    f"{binding.tooltip or binding.description} — key {key_label(binding.key)}, works in the {where}",
                    partial(self.run_action, binding.action, node),
                )


def create_app(home: Home, corpus: Corpus | None = None) -> BeatApp:
    """The app for a data home; ``corpus`` skips opening/building (tests, benchmarks)."""
    return BeatApp(home, corpus)


def run_app(home: Home) -> int:
    """``beat`` with no subcommand: one instance per data home, then the app."""
    from store.db.lock import AlreadyRunning, HomeLock

    lock = HomeLock(home.lock)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        print(f"beat: {exc}", file=sys.stderr)
        return 2
    try:
        app = create_app(home)
        result = app.run()
    finally:
        lock.release()
    return result if isinstance(result, int) else (app.return_code or 0)
