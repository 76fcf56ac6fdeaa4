"""The reading screen's keys: what the footer, ``?`` and the palette list for it.

Footer order is priority order: at 80 columns the tagging keys must fit, so they
come before the contextual ones; rare toggles are only in ``?`` and the palette.
No key has a meaning that differs from its shifted twin's (issue 16): ``t`` tags and
``c`` switches the timeline, ``e`` edits a memo, ``n``/``p`` step forwards and back.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from store.db.schema import ENTITY_TYPES

MAIN_BINDINGS: list[BindingType] = [
    Binding("question_mark", "app.help", "Help", tooltip="Show every key and what the symbols mean", id="main.help"),
    Binding("u", "units", "Units", tooltip="Filter by police unit (pinyin works)", id="main.units"),
    Binding("slash", "search", "Search", tooltip="Search the whole corpus", id="main.search"),
    Binding("t", "tag('passage')", "Tag ¶", tooltip="Tag the passage under the cursor", id="main.tag-passage"),
    Binding("t", "tag('selection')", "Tag selection", tooltip="Tag the selected sentences or clauses", id="main.tag-selection"),
    Binding("x", "untag", "Untag", tooltip="Remove a tag from the passage under the cursor", id="main.untag"),
    Binding("e", "memo", "Memo", tooltip="Write or edit the memo of a tag on this passage", id="main.memo"),
    Binding("number_sign", "tag_browser", "Tags", tooltip="Browse tags and every tagged passage", id="main.tags"),
    Binding("n", "step_match(1)", "Next match", tooltip="Next search match", id="main.next-match"),
    Binding("p", "step_match(-1)", "Prev match", show=False, tooltip="Previous search match", id="main.previous-match"),
    Binding("n", "step_mention(1)", "Next mention", tooltip="Next passage mentioning the unit filter", id="main.next-mention"),
    Binding(
        "p",
        "step_mention(-1)",
        "Prev mention",
        show=False,
        tooltip="Previous passage mentioning the unit filter",
        id="main.previous-mention",
    ),
    Binding("escape", "clear_search", "Clear search", tooltip="Stop searching (keeps the unit filter)", id="main.clear-search"),
    Binding("escape", "clear_filter", "Clear filter", tooltip="Remove the unit filter", id="main.clear-filter"),
    Binding(
        "c", "toggle_timeline", "Timeline", tooltip="Switch the timeline between this article and the corpus", id="main.timeline"
    ),
    Binding("d", "date", "Date", show=False, tooltip="Set or clear the article's reference date", id="main.date"),
    Binding("o", "original", "Original", show=False, tooltip="Toggle the original (traditional) script", id="main.original"),
    Binding("b", "sidebars", "Sidebars", show=False, tooltip="Show or hide the sidebars", id="main.sidebars"),
    Binding(
        "f",
        "correct_entity",
        "Fix entity",
        show=False,
        tooltip="Correct this passage's entities: not an entity (here or anywhere), or mark text as one",
        id="main.correct-entity",
    ),
    Binding("i", "import_files", "Import", show=False, tooltip="Import .txt/.html files or folders", id="main.import"),
    Binding(  # issue 17: the concordance view (tui/screens/concordance.py); w: words in context
        "w", "concordance", "Concordance", show=False, tooltip="Keyword in context for a query", id="main.concordance"
    ),
    Binding(  # issue 17: figures, units × month, co-occurrence, reposts (tui/screens/analysis_tables.py)
        "a", "analysis_tables", "Analysis", show=False, tooltip="Figures ledger, units × month, co-occurrence, reposts",
        id="main.analysis",
    ),
    Binding(  # issue 17: the co-occurrence matrix (tui/screens/cooccurrence_view.py)
        "m", "cooccurrence", "Co-occurrence", show=False, tooltip="Co-occurrence matrix of units and tags; cells open passages",
        id="main.cooccurrence",
    ),
    Binding(  # issue 17: reposts, their copies and the side-by-side diff (tui/screens/reposts_view.py)
        "r", "reposts", "Reposts", show=False, tooltip="Clusters of reposts, their copies, two copies side by side",
        id="main.reposts",
    ),
    Binding(
        "less_than_sign", "resize(-1)", "Narrower", show=False, tooltip="Make the focused sidebar narrower", id="main.narrower"
    ),
    Binding("greater_than_sign", "resize(1)", "Wider", show=False, tooltip="Make the focused sidebar wider", id="main.wider"),
    Binding("tab", "next_pane(1)", "Next pane", show=False, tooltip="Next pane (list, reader, timeline)", id="main.next-pane"),
    Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False, tooltip="Previous pane", id="main.previous-pane"),
    Binding("q", "app.quit", "Quit", tooltip="Quit Beat (ctrl+q quits from anywhere)", id="main.quit"),
    *(
        Binding(
            str(n),
            f"toggle_type('{kind}')",
            f"Show/hide {kind}",
            show=False,
            tooltip=f"Highlight {kind} entities or not (kept across restarts)",
            id=f"main.toggle-{kind}",
        )
        for n, kind in enumerate(ENTITY_TYPES, start=1)
    ),
]
