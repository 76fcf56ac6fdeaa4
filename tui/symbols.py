"""Every mark the panes draw, defined once, with what it means: the widgets draw these
constants and ``?`` lists them (:func:`legend`), so the legend cannot drift from the screen.

A new user met ten unexplained marks (issue 16): ● ▶ ◆ ┃ ✎ and the tag line's mark, italic dates, "…" after a
date, "(corrected)", "parent inferred". Each glyph has one meaning: ▶ marked both the open
article and the timeline's events under the reader's cursor, so the timeline's is now ◂
(it points at the reader, to its left). All are in DejaVu Sans Mono, a common terminal
font (the tag line's U+2317 was not: it is # now, issue 16 bug 8); changing a glyph here changes it on screen and
in the legend alike. No Textual import: the help screen styles the entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.corpus.query import OPEN_END, RANGE

# Article list
UNREAD = "●"
OPEN_ARTICLE = "▶"
# Reader
CURSOR_BAR = "▌"
PASSAGE_MARK = "◆"
TAGGED_BAR = "┃"
TAG_LINE = "#"  # in every terminal font, and the tag browser's key; U+2317 showed as a box in DejaVu Sans Mono
MEMO = "✎"
# Timeline
TIMELINE_HERE = "◂"
CUT = "…"
# Unit picker
SUBUNIT = "›"
MARKED = "[x]"
PARENT_INFERRED = "parent inferred"
# Reposts (issue 17): the copies of a bulletin and the side-by-side diff of two
EARLIEST = "★"
LEFT_COPY = "◧"
RIGHT_COPY = "◨"
DIFF_SAME = "="
DIFF_CHANGED = "≠"
DIFF_REMOVED = "−"
DIFF_ADDED = "+"
DIFF_MARKS = {"equal": DIFF_SAME, "changed": DIFF_CHANGED, "removed": DIFF_REMOVED, "added": DIFF_ADDED}


@dataclass(frozen=True, slots=True)
class Sign:
    """One entry of the legend: the mark as drawn (``style``: a Content style, e.g. italic) and its meaning."""

    mark: str
    meaning: str
    style: str = ""


# Reference-date statuses as the article header words them (``reference 2024-05-01 (corrected)``).
REFERENCE_STATUSES: dict[str, str] = {
    "publication date": "relative dates (今年, 上月) count from the publication date",
    "corrected": "a repost: its 今年 is the year before publication, so dates count from that year's end",
    "dateline": "no publication date: the date the text states in a dateline or byline",
    "url": "no publication date: the date in the page's address",
    "filename": "no publication date: the date in the file name",
    "inferred": "no publication date: the year the text pins down (今年（2024年）)",
    "set by you": "the date you set with d",
}

LEGEND: tuple[tuple[str, tuple[Sign, ...]], ...] = (
    (
        "Article list",
        (
            Sign(UNREAD, "not opened yet", "bold $accent"),
            Sign(OPEN_ARTICLE, "the article open in the reader", "bold $success"),
        ),
    ),
    (
        "Reader",
        (
            Sign(CURSOR_BAR, "the passage under the cursor (t tags it, n/N move from it)", "$accent"),
            Sign(PASSAGE_MARK, "a passage n/N stops at: a search match, else a mention of the filtered units", "bold $warning"),
            Sign(TAGGED_BAR, "a tagged passage, in its tag's colour; the tagged words are underlined"),
            Sign(TAG_LINE, "under a tagged passage: its tags, with “the words” when only part is tagged"),
            Sign(MEMO, "that tag has a memo: enter shows the passage's memos, M edits them"),
        ),
    ),
    (
        "Article header: where relative dates count from (reference …)",
        tuple(Sign(f"({status})", meaning, "$text-muted") for status, meaning in REFERENCE_STATUSES.items()),
    ),
    (
        "Timeline",
        (
            Sign(TIMELINE_HERE, "events of the passage under the reader's cursor", "bold $warning"),
            Sign("05-01", "an italic date: its year is inferred, not written in the text", "italic $beat-time"),
            Sign(f"05-01 {OPEN_END}", "an open period, from that day on (今年以来)", "$beat-time"),
            Sign(f"05-01{RANGE}05-03", "a period; 2024-01..05 is whole months", "$beat-time"),
            Sign(f"5月1{CUT}", "cut to fit the pane"),
        ),
    ),
    (
        "Unit picker",
        (
            Sign(MARKED, "a marked unit: enter filters by every marked unit (OR)"),
            Sign(SUBUNIT, "a sub-unit of the unit above; its parent's counts include it"),
            Sign(PARENT_INFERRED, "the parent was guessed from the name, not stated in a text", "italic $text-muted"),
        ),
    ),
    (
        "Reposts (r) and their diff",
        (
            Sign(EARLIEST, "the earliest publisher of the bulletin", "bold $warning"),
            Sign(LEFT_COPY, "the copy shown on the left of the diff ([ and ] pick it)"),
            Sign(RIGHT_COPY, "the copy shown on the right (< and > pick it)"),
            Sign(DIFF_SAME, "a paragraph both copies share", "$text-muted"),
            Sign(DIFF_CHANGED, "a paragraph reworded: the differing characters are underlined", "bold $warning"),
            Sign(DIFF_REMOVED, "a paragraph only in the left copy", "bold $error"),
            Sign(DIFF_ADDED, "a paragraph only in the right copy", "bold $success"),
        ),
    ),
)


def legend() -> tuple[tuple[str, tuple[Sign, ...]], ...]:
    """The legend, by pane, in the order ``?`` shows it."""
    return LEGEND
