"""What the workspace's parts may rely on: the state and helpers :class:`store.workspace.Workspace` provides.

The parts (``preferences``, ``transfer`` as mixins; ``corrections`` as ``workspace.entities``)
are written against this one declaration instead of each repeating it, and never import the
workspace module (it imports them). Declarations only: at run time the class is empty.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.corpus.corpus import Corpus
    from store.corpus.query import CorpusIndex
    from store.corpus.tags import TagBook
    from store.db.paths import Home
    from store.db.userstore import UserStore
    from store.workspace.changes import Change, UnitsChanged


class Core:
    home: Home
    lock: threading.RLock
    corpus: Corpus | None
    index: CorpusIndex | None
    tagbook: TagBook | None
    _corrected: bool  # an undo or redo rewrote entity corrections: re-index after it

    if TYPE_CHECKING:

        @property
        def user(self) -> UserStore | None: ...

        def _user(self) -> UserStore: ...

        def _book(self) -> TagBook: ...

        def _build_index(self, corpus: Corpus) -> CorpusIndex: ...

        def _emit(self, change: Change) -> None: ...

        def _reindex(self, kind: type[UnitsChanged], message: str) -> UnitsChanged: ...
