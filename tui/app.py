"""The Beat app: a thin shell over a :class:`store.workspace.Workspace`.

The workspace opens (or first builds) the store, holds the index and tag book and
performs every write; the app runs it in workers, shows its progress and errors, and
turns its change events into redraws. ``create_app`` is the one factory: the CLI
(``run_app``), the tests, the snapshot tests and the README screenshot all build the
app through it. The first frame is drawn before the store is touched; parsing,
building and indexing run in a thread and arrive as messages.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from store.corpus.query import CorpusIndex
from store.db.paths import Home
from store.text.wording import plural
from store.workspace import (
    Change,
    ChangeRefused,
    CorpusChanged,
    EntitiesChanged,
    ExportResult,
    ReferenceChanged,
    TagsChanged,
    UnitsChanged,
    Workspace,
    WorkspaceError,
)
from tui.guard import GuardedApp
from tui.screens.main import MainScreen
from tui.styles import DARK_ENTITY_COLOURS, LIGHT_ENTITY_COLOURS

if TYPE_CHECKING:
    from store.corpus.corpus import Corpus
    from store.corpus.tags import TagBook
    from tui.dialogs.merge import MergeRequest
    from tui.screens.build import BuildScreen

PROGRESS_EVERY_S = 0.05
SHORT = 20  # rows: below this the unit picker showed no rows at 40x12, the tag dialog no memo


class BeatApp(GuardedApp, App[int]):
    CSS_PATH = "beat.tcss"
    TITLE = "Beat"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit from anywhere", show=False, priority=True, id="app.quit"),
        Binding(
            "q",
            "close_screen",
            "Close",
            show=False,
            tooltip="Close this screen (a dialog, help, the tag browser)",
            id="app.close",
        ),
        Binding("question_mark", "help", "Help", tooltip="Show every key and what the symbols mean", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.palette"),
        Binding(
            "ctrl+z", "undo_tags", "Undo tagging", show=False, tooltip="Undo the last tag change (several steps)", id="app.undo"
        ),
        Binding("ctrl+y", "redo_tags", "Redo tagging", show=False, tooltip="Redo the tag change just undone", id="app.redo"),
    ]

    @dataclass
    class BuildStarted(Message):
        reason: str

    @dataclass
    class BuildProgress(Message):
        done: int
        total: int
        name: str

    @dataclass
    class BuildFinished(Message):
        errors: list[tuple[str, str]]
        summary: str

    @dataclass
    class StoreOpened(Message):
        index: CorpusIndex

    @dataclass
    class StoreFailed(Message):
        message: str

    def __init__(self, home: Home, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.home = home
        self.workspace = Workspace(home, corpus)
        self.workspace.subscribe(self._workspace_changed)
        self.index: CorpusIndex | None = None  # shown: set on the UI thread once the store is open
        self.main = MainScreen(self.workspace)
        self.build_screen: BuildScreen | None = None
        self._last_progress = 0.0
        self.timings = self.workspace.timings  # the app's (first frame, store opened) and the writes' (tag_write)
        self.timings["created"] = time.perf_counter()

    @property
    def tagbook(self) -> TagBook | None:
        """The session's tag book (its undo history is the session's), once the store is open."""
        return self.workspace.tagbook if self.index is not None else None

    def get_theme_variable_defaults(self) -> dict[str, str]:
        try:
            dark = self.current_theme.dark
        except Exception:  # noqa: BLE001 - asked before a theme is set
            dark = True
        return dict(DARK_ENTITY_COLOURS if dark else LIGHT_ENTITY_COLOURS)

    def on_mount(self) -> None:
        self.push_screen(self.main)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_resize(self, event: events.Resize) -> None:
        """A short terminal: dialogs drop their frames so their lists and fields keep rows (tui/beat.tcss)."""
        self.set_class(event.size.height < SHORT, "-short")

    def on_ready(self) -> None:
        # Only now: parsing a large store holds the GIL and would delay the first frame.
        self.timings["first_frame"] = time.perf_counter()
        self.open_store()

    # --- opening the store ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="open-store")
    def open_store(self) -> None:
        try:
            report = self.workspace.open_or_build(lambda reason: self.post_message(self.BuildStarted(reason)), self._progress)
            if report is not None:
                summary = f"{report.articles} articles ({report.analysed} analysed) in {report.seconds:.1f} s"
                self.post_message(self.BuildFinished(list(report.errors), summary))
            # The store's millions of objects live as long as the app: out of the
            # collector's sight, full collections no longer pause the UI walking them.
            # They hold no cycles, so a replaced store is still freed (by refcount).
            gc.freeze()
        except Exception as exc:  # noqa: BLE001 - shown on screen, never swallowed
            self.post_message(self.StoreFailed(f"{type(exc).__name__}: {exc}"))
            return
        index = self.workspace.index
        assert index is not None
        self.post_message(self.StoreOpened(index))
        index.corpus.warm()  # after the list is shown: what a first search or timeline reads (Corpus.warm)

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

    # --- changes -------------------------------------------------------------------
    def _workspace_changed(self, change: Change) -> None:
        """The workspace wrote something: redraw on the UI thread, whichever thread wrote."""
        if threading.get_ident() == getattr(self, "_thread_id", None) or not self.is_running:
            self._show_change(change)
        else:
            self.call_from_thread(self._show_change, change)

    def _show_change(self, change: Change) -> None:
        from tui.dialogs.unit_picker import UnitPicker
        from tui.screens.tag_browser import TagBrowser

        if isinstance(change, TagsChanged):
            codings = list(change.codings)
            self.main.show_tags(codings)
            for screen in self.screen_stack:
                if isinstance(screen, TagBrowser):
                    screen.reload(codings)
        elif isinstance(change, UnitsChanged):
            self.index = change.index
            self.main.load(change.index)
            for screen in self.screen_stack:
                if isinstance(screen, UnitPicker):
                    screen.reload(change.index)
            self.notify(change.message, title="Entities" if isinstance(change, EntitiesChanged) else "Units", markup=False)
        elif isinstance(change, ReferenceChanged):
            self.main.reference_changed(change.article, change.date)
        elif isinstance(change, CorpusChanged):  # an import: the list shows the new articles
            self.index = change.index
            self.main.load(change.index)

    def _theme_changed(self, theme: Theme) -> None:
        self.main.keep_setting("theme", theme.name)  # kept like every other setting of the reader

    def on_unit_picker_merge_requested(self, message: Any) -> None:
        """``m`` in the unit picker: the dialog's answer, a :class:`MergeRequest`."""
        self.apply_unit_override(message.request)

    @work(thread=True, group="user-write")
    def apply_unit_override(self, request: MergeRequest) -> None:
        """Merge a unit or add an alias; the workspace re-indexes and says :class:`UnitsChanged`."""
        try:
            if request.kind == "merge":
                self.workspace.merge_unit(request.key, request.target)
            else:
                self.workspace.add_unit_alias(request.target, request.key)
        except (WorkspaceError, OSError) as exc:  # e.g. a merge cycle: tell the user
            self.call_from_thread(self.notify, str(exc), title="Units", severity="error", markup=False)

    # --- tags -----------------------------------------------------------------------
    def tags_changed(self) -> None:
        """Recount tags per article and redraw whatever shows tags (after a change made elsewhere)."""
        self.workspace.tags_changed()

    def action_undo_tags(self) -> None:
        self._undo_redo("undo")

    def action_redo_tags(self) -> None:
        self._undo_redo("redo")

    def _undo_redo(self, which: str) -> None:
        from tui.writes import write_tags

        written = write_tags(self, self.workspace, lambda ws: ws.undo() if which == "undo" else ws.redo())
        if written is None:
            return
        label = written.value
        if label is None:
            self.notify(f"Nothing to {which}.", title="Tags", markup=False, timeout=3)
        else:
            self.notify(f"{'Undid' if which == 'undo' else 'Redid'}: {label}", title="Tags", markup=False, timeout=4)

    def ask_export(self, fmt: str) -> None:
        """Ask for a file and export to it; the dialog stays open, with the reason, when that fails."""
        from store.corpus.export import LABELS
        from tui.dialogs.export_dialog import ExportDialog

        keys = self.main.focus_keys
        scope = "passages that mention the filtered units" if keys else "every tagged passage"

        def written(result: ExportResult | None) -> None:
            if result is not None:
                message = f"Wrote {plural(result.passages, 'tagged passage')} to {result.path}."
                if result.report is not None:  # QDPX: where each passage went, and what was left out (issue 19)
                    message = f"Wrote {result.report.summary()} to {result.path}."
                self.notify(message, title="Export", markup=False)

        def export(path: Path) -> ExportResult:
            # Nothing to write is said in the dialog, as the CLI says it (issue 16, 2): an
            # empty file and "Wrote 0 tagged passages" looked like a result.
            result = self.workspace.export(fmt, path, keys, write_empty=False)
            if not result.passages:
                what = "mention the filtered units" if keys else "exist yet"
                raise ChangeRefused(f"No tagged passages {what}: {path} not written.")
            return result

        dialog = ExportDialog(f"Export tagged passages as {LABELS[fmt]}", Path.home() / f"beat-tags.{fmt}", scope, export)
        self.push_screen(dialog, written)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen in the data home's ``screenshots/`` and say where, whole.

        Textual's default wrote into ~/Downloads, failing silently where it did not exist (issue 16).
        """
        from textual._files import generate_datetime_filename  # the name Textual gives its own screenshots

        from store.db.atomic import atomic_write_bytes

        try:
            folder = self.home.folder(self.home.screenshots)
            target = folder / (filename or generate_datetime_filename(self.title, ".svg", time_format))
            atomic_write_bytes(target, self.export_screenshot().encode("utf-8"))
        except (OSError, ValueError) as exc:
            self.notify(f"Could not save the screenshot: {exc}", title="Screenshot", severity="error", timeout=15, markup=False)
            return None
        self.notify(f"Saved {target}", title="Screenshot", timeout=10, markup=False)
        return str(target)

    # --- keys -----------------------------------------------------------------------
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(binding_groups()))

    async def action_quit(self) -> None:
        self.main.remember_position(wait=True)
        self.exit(0)

    async def action_close_screen(self) -> None:
        """``q`` off the main screen closes that screen (as escape does); it never quits from under a dialog (issue 16)."""
        from tui.screens.build import BuildScreen

        if self.screen is self.main or isinstance(self.screen, BuildScreen):
            await self.action_quit()
        else:
            self.screen.dismiss(None)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette: Textual's commands (less the ones Beat replaces), then every Beat action with its key."""
        from tui.palette import TEXTUAL_COMMANDS_REPLACED, palette_commands

        for command in super().get_system_commands(screen):
            if command.title not in TEXTUAL_COMMANDS_REPLACED:
                yield command
        yield from palette_commands(self, screen, self.home.screenshots, self.ask_export if self.tagbook is not None else None)


def _bindings_of(cls: type) -> list[Binding]:
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """(where, bindings) for every context of the app, in reading order: what ``?`` lists.

    Here, at the top, because only the app knows every screen; the help screen gets
    the list and imports none of them.
    """
    from tui.dialogs.date_dialog import DateDialog
    from tui.dialogs.merge import MergeDialog
    from tui.dialogs.search import SearchDialog
    from tui.dialogs.tag_dialog import TagDialog
    from tui.dialogs.unit_picker import UnitPicker
    from tui.screens.analysis_tables import AnalysisTables
    from tui.screens.concordance import Concordance
    from tui.screens.cooccurrence_view import CooccurrenceView
    from tui.screens.pair_passages import PairPassages
    from tui.screens.repost_diff_view import RepostDiff
    from tui.screens.reposts_view import RepostClusters, RepostCopies
    from tui.screens.tag_browser import TagBrowser
    from tui.widgets.article_list import ArticleList
    from tui.widgets.reader import Reader
    from tui.widgets.rows import RowList
    from tui.widgets.timeline import Timeline

    return [
        ("Anywhere", _bindings_of(BeatApp)),
        ("Main screen", _bindings_of(MainScreen)),
        ("Reader (centre)", _bindings_of(Reader)),
        ("Article list (left)", _bindings_of(ArticleList) + _bindings_of(RowList)),
        ("Timeline (right)", _bindings_of(Timeline) + _bindings_of(RowList)),
        ("Unit picker (u)", _bindings_of(UnitPicker)),
        ("Merge / alias (m in the unit picker)", _bindings_of(MergeDialog)),
        ("Search (/)", _bindings_of(SearchDialog)),
        ("Reference date (d)", _bindings_of(DateDialog)),
        ("Tag dialog (t)", _bindings_of(TagDialog)),
        ("Tag browser (#)", _bindings_of(TagBrowser)),
        ("Concordance (w)", _bindings_of(Concordance)),
        ("Analysis tables (a)", _bindings_of(AnalysisTables)),
        ("Co-occurrence (m)", _bindings_of(CooccurrenceView)),
        ("Passages of a pair (enter in co-occurrence)", _bindings_of(PairPassages)),
        ("Reposts (r)", _bindings_of(RepostClusters)),
        ("Copies of a repost (enter in reposts)", _bindings_of(RepostCopies)),
        ("Two copies side by side (enter on a copy)", _bindings_of(RepostDiff)),
    ]


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
