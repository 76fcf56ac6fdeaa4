"""What one article may cost: limits on marks, paragraph length, paragraph count and size.

A hostile or broken file can hold anything: megabytes of stacked combining marks, one
paragraph of millions of characters, hundreds of thousands of one-line paragraphs. Each
of these once froze the reader for a minute or pushed an import past 2 GB. The limits
here bound every later step (cleaning, analysis, the store, the reader) by the size of
a plausible article, not by the size of the file.

The figures come from the shipped seeds, which are ordinary police news pages: at most
53 paragraphs, at most 402 characters in one paragraph, at most 4,846 characters of
body text. Each limit leaves a wide margin above that (10x to 40x), so a long report
or a transcript passes untouched; only text no newsroom writes is cut or split, and
the article then ends with a note (:data:`NOTE_PREFIX`) saying what was done.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from store.text.charclass import char_class
from store.text.wording import plural

MAX_MARKS = 4
"""Combining marks kept after one base character.

Vietnamese stacks two marks on a vowel, Thai at most three (vowel, tone, and a rare
sign); "Zalgo" text stacks dozens, and a file of nothing but marks renders as one
zero-width line the terminal cannot lay out. Four keeps every real script intact.
"""

MAX_PARAGRAPH_CHARS = 5_000
"""Longest paragraph kept whole (12x the seeds' longest, 402).

Longer ones are split, at a sentence end where one is near, so every passage can be
wrapped, searched and tagged in a few milliseconds.
"""

MAX_PARAGRAPHS = 2_000
"""Most paragraphs in one article (38x the seeds' most, 53).

A page with more is a listing, a log or an attack; what follows is cut with a note.
"""

MAX_ARTICLE_CHARS = 200_000
"""Most characters of body text in one article (40x the seeds' longest, 4,846).

Even a full government work report is about 30,000 characters.
"""

MAX_INPUT_CHARS = 1_000_000
"""Characters of a file read at all: five times :data:`MAX_ARTICLE_CHARS`.

Cleaning removes page furniture, but never most of a page; the excess would only make
cleaning slow (its joins are not linear in pathological input).
"""

MAX_INPUT_LINES = 20_000
"""Lines of a file read at all (the seeds have at most 280, 70x less; wrapped newspaper text has
about ten lines per paragraph, so a full :data:`MAX_PARAGRAPHS` article fits).

Cleaning costs some 50 microseconds a line: 300,000 one-line paragraphs took 15 s.
"""

NOTE_PREFIX = "[Beat: "
_TERMINATORS = "。！？!?…；;"
_CLOSERS = "”’」』）)"
_SOFT_BREAKS = " ，、,：:"


@cache
def _marks() -> re.Pattern[str]:
    """A run of more than :data:`MAX_MARKS` combining marks (categories Mn and Me).

    The class is built from the running Python's Unicode tables, over planes 0 and 1
    and the variation selectors of plane 14: planes 2 and 3 hold only ideographs and
    the rest no marks, which keeps the one-off scan near 50 ms.
    """
    cls = char_class(is_mark, range(0x20000), range(0xE0000, 0xE0200))
    return re.compile(f"({cls}{{{MAX_MARKS}}}){cls}+")


@cache
def _mark_table() -> dict[int, None]:
    """Every combining mark the run regex knows, as a ``str.translate`` deletion table."""
    return {cp: None for cp in [*range(0x20000), *range(0xE0000, 0xE0200)] if is_mark(chr(cp))}


def _has_marks(text: str) -> bool:
    """Whether ``text`` holds any combining mark: deleting them leaves it shorter.

    Measured on 600 synthetic articles: the run regex alone was an eighth of the
    cleaner's time; this check costs about a fifth of that and skips it for text without marks.
    """
    return not text.isascii() and len(text.translate(_mark_table())) != len(text)


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def limit_marks(text: str, removed: Counter[str]) -> str:
    """Keep at most :data:`MAX_MARKS` combining marks after each base character."""
    dropped = 0

    def keep(m: re.Match[str]) -> str:
        nonlocal dropped
        dropped += len(m.group(0)) - MAX_MARKS
        return m.group(1)

    if not _has_marks(text):  # nearly every article: one pass in C instead of the regex's
        return text
    text = _marks().sub(keep, text)
    if dropped:
        removed["stacked_marks"] += dropped
    return text


def cut_input(text: str, removed: Counter[str]) -> str:
    """At most :data:`MAX_INPUT_CHARS` characters in :data:`MAX_INPUT_LINES` lines of ``text``.

    A cut by size ends at a line end when one is near.
    """
    if len(text) <= MAX_INPUT_CHARS and text.count("\n") < MAX_INPUT_LINES:
        return text
    end = -1
    for _ in range(MAX_INPUT_LINES):
        end = text.find("\n", end + 1, MAX_INPUT_CHARS)
        if end < 0:
            break
    if end < 0:
        end = text.rfind("\n", MAX_INPUT_CHARS * 9 // 10, MAX_INPUT_CHARS)
    kept = text[: end if end > 0 else MAX_INPUT_CHARS]
    removed["unread_chars"] += len(text) - len(kept)
    return kept


def split_point(text: str, limit: int) -> int:
    """Where to end a piece of at most ``limit`` characters of ``text``.

    The last sentence end in the second half of the window, else the last space or
    comma there, else ``limit`` itself; never between a character and its marks.
    """
    window = text[:limit]
    half = limit // 2
    for breaks in (_TERMINATORS, _SOFT_BREAKS):
        best = max(window.rfind(ch) for ch in breaks)
        if best >= half:
            cut = best + 1
            while cut < len(window) and window[cut] in _CLOSERS:
                cut += 1
            return cut
    cut = limit
    while cut > half and is_mark(text[cut]):
        cut -= 1
    return cut


def split_long(text: str) -> list[str]:
    """``text`` in pieces of at most :data:`MAX_PARAGRAPH_CHARS` characters."""
    pieces: list[str] = []
    while len(text) > MAX_PARAGRAPH_CHARS:
        cut = split_point(text, MAX_PARAGRAPH_CHARS)
        pieces.append(text[:cut].strip())
        text = text[cut:]
    pieces.append(text.strip())
    return [p for p in pieces if p]


def bound_paragraphs(paragraphs: list[tuple[str, str]], removed: Counter[str]) -> list[tuple[str, str]]:
    """Split absurd paragraphs, cut an absurd article, and end it with a note saying so.

    ``paragraphs`` are ``(text, kind)`` pairs; the note is a body paragraph starting
    with :data:`NOTE_PREFIX`. ``removed`` gains the counts (``split_paragraphs``,
    ``cut_paragraphs``, ``cut_chars``), which ``beat show`` prints.
    """
    out: list[tuple[str, str]] = []
    total = 0
    split = parts = 0
    cut_paras = cut_chars = 0
    for n, (text, kind) in enumerate(paragraphs):
        pieces = split_long(text) if len(text) > MAX_PARAGRAPH_CHARS else [text]
        if len(pieces) > 1:
            split += 1
            parts += len(pieces)
            kind = "body"
        for k, piece in enumerate(pieces):
            if len(out) >= MAX_PARAGRAPHS or total + len(piece) > MAX_ARTICLE_CHARS:
                cut_paras = len(paragraphs) - n
                cut_chars = sum(len(p) for p in pieces[k:]) + sum(len(t) for t, _ in paragraphs[n + 1 :])
                break
            out.append((piece, kind))
            total += len(piece)
        if cut_paras:
            break
    notes = []
    if removed.get("stacked_marks"):
        notes.append(f"{removed['stacked_marks']:,} stacked combining marks dropped (at most {MAX_MARKS} per character)")
    if split:
        removed["split_paragraphs"] += split
        notes.append(f"{plural(split, 'paragraph')} over {MAX_PARAGRAPH_CHARS:,} characters split into {plural(parts, 'part')}")
    if cut_paras:
        removed["cut_paragraphs"] += cut_paras
        removed["cut_chars"] += cut_chars
        notes.append(
            f"the last {plural(cut_paras, 'paragraph')}, {plural(cut_chars, 'character')}, cut "
            f"(an article keeps at most {MAX_PARAGRAPHS:,} paragraphs and {MAX_ARTICLE_CHARS:,} characters)"
        )
    if removed.get("unread_chars"):
        notes.append(
            f"the last {removed['unread_chars']:,} characters of the file not read "
            f"(at most {MAX_INPUT_CHARS:,} characters in {MAX_INPUT_LINES:,} lines are)"
        )
    if notes:
        out.append((NOTE_PREFIX + "; ".join(notes) + ".]", "body"))
    return out

