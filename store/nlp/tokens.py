"""jieba's tokens, loaded lazily and quietly, and the token view the entity rules work on.

jieba's POS tagger is five times slower than its plain segmenter, so each paragraph is
segmented once (rjieba where installed, else ``jieba.lcut``: the same tokens, see
``_lexicon``) and tags are looked up in jieba's word table: exact for dictionary words,
None for words the HMM invented (often names). Importing this module imports neither;
the first ``Tokens`` does.
"""

from __future__ import annotations

import bisect
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# Tags that never belong inside a proper name: verbs, function words, pronouns,
# numbers and measure words, time words, adverbs.
STOP_TAGS = frozenset(
    {"v", "vd", "vg", "vi", "vq", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "df", "dg", "r", "rr", "rz",
     "rg", "m", "mq", "y", "e", "o", "t", "tg", "ad", "ag", "k", "h", "zg", "z"}
)
# Single characters that end a name going leftwards when jieba glued them to a name
# (系 is the copula of bulletins: "系深沪边防派出所民警").
STOP_CHARS = frozenset("系的是在和与及将把被对向从为由到至于以已经并且或给让这那其此每各该本我你他她们也都又就还即把等个名位一后")
# Time words that jieba tags as nouns ("今年5月份庙山派出所"): never part of a name.
TIME_WORDS = frozenset(
    {"月份", "年份", "今年", "去年", "明年", "前夕", "期间", "以来", "目前", "近日", "日前", "当天", "当晚", "次日", "此前",
     "近年", "近年来", "同日", "当日", "上午", "下午", "晚上", "凌晨", "傍晚", "夜间", "首日", "年底", "月底", "年初"}
)
PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    word: str
    tag: str | None  # None: not in jieba's dictionary (HMM-made word, digits, punctuation)


@cache
def _jieba() -> tuple[Any, dict[str, str], dict[str, int]]:
    """Import and initialise jieba once, silently; return (module, tag table, frequencies)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg.dt.word_tag_tab, jieba.dt.FREQ


@cache
def _lexicon() -> tuple[Callable[[str], list[str]], dict[str, str], dict[str, int]]:
    """(segmenter, tag table, frequencies): rjieba's segmenter where it is installed.

    rjieba (jieba-rs) cuts with jieba's own dictionary and HMM: on the PD98 dev split, the
    seeds and the police suite (3,328 paragraphs) its tokens equal jieba's except inside
    runs of Latin letters and digits ("2026-02-07" is one token there, five here), and
    Beat's entities are identical on all three; it segments 17x faster (1.08M vs 61k
    characters/s) and needs no 2-second prefix-dictionary build. The tag and frequency
    tables come from jieba's dict.txt, read once. ``BEAT_SEGMENTER=jieba`` forces jieba."""
    if os.environ.get("BEAT_SEGMENTER", "rjieba") != "jieba":
        try:
            import jieba
            import rjieba
        except ImportError:
            pass
        else:
            tags: dict[str, str] = {}
            freq: dict[str, int] = {}
            dict_file = Path(jieba.__file__).parent / "dict.txt"
            with dict_file.open(encoding="utf-8") as rows:
                for row in rows:
                    parts = row.split()
                    if len(parts) == 3:
                        tags[parts[0]] = parts[2]
                        freq[parts[0]] = int(parts[1])
            return rjieba.cut, tags, freq
    module, tags, freq = _jieba()
    return module.lcut, tags, freq


def word_tag(word: str) -> str | None:
    return _lexicon()[1].get(word)


def word_freq(word: str) -> int:
    return _lexicon()[2].get(word, 0)


class Tokens:
    """One paragraph's jieba tokens with character offsets and dictionary tags."""

    __slots__ = ("text", "toks", "starts")

    def __init__(self, text: str) -> None:
        cut, tags, _ = _lexicon()
        self.text = text
        toks: list[Tok] = []
        pos = 0
        for word in cut(text):
            end = pos + len(word)
            toks.append(Tok(pos, end, word, tags.get(word)))
            pos = end
        self.toks = toks
        self.starts = [t.start for t in toks]

    def index_at(self, pos: int) -> int:
        """Index of the token containing character ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def at(self, pos: int) -> Tok | None:
        if 0 <= pos < len(self.text):
            return self.toks[self.index_at(pos)]
        return None

    def starts_token(self, pos: int) -> bool:
        return pos == 0 or pos == len(self.text) or self.toks[self.index_at(pos)].start == pos

    def ends_token(self, pos: int) -> bool:
        return self.starts_token(pos)

    def pieces_left(self, pos: int, limit: int = 0) -> Iterator[tuple[int, int, str | None]]:
        """Tokens ending at or before ``pos`` going leftwards, cut at ``pos`` and ``limit``.

        A token straddling ``pos`` contributes its left part, untagged: jieba's HMM glues
        names to their suffix ("恩施/街步/巡队"), and suffixes are found by character.
        Lazy, because walkers stop after a few pieces and ``limit`` is often the
        paragraph start: a list would cost the whole paragraph per call.
        """
        if pos <= limit:
            return
        i = self.index_at(pos - 1)
        while i >= 0:
            tok = self.toks[i]
            start, end = max(tok.start, limit), min(tok.end, pos)
            if end <= start:
                break
            whole = start == tok.start and end == tok.end
            yield start, end, tok.tag if whole else None
            if start == limit:
                break
            i -= 1


def name_piece(piece: str, tag: str | None, stop_words: frozenset[str]) -> bool:
    """Whether a token can be part of a proper name: all CJK, no stop word, stop
    character or function-word tag (untagged pieces are cut from a straddling token)."""
    if not all(is_cjk(c) for c in piece) or piece in stop_words:
        return False
    if len(piece) == 1 and piece in STOP_CHARS:
        return False
    return tag is None or tag not in STOP_TAGS


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def extend_left(
    tokens: Tokens,
    pos: int,
    allow: Callable[[str, str | None], bool],
    limit: int = 0,
    max_chars: int = 8,
) -> int:
    """Leftmost start reachable from ``pos`` over pieces that ``allow(text, tag)`` accepts.

    An untagged piece that ends with a function character ("节在", "账向" glued by the
    HMM) stops the walk; one that starts with one ("由大") contributes the rest and stops.
    """
    start = pos
    for s, e, tag in tokens.pieces_left(pos, limit):
        piece = tokens.text[s:e]
        if pos - s > max_chars or piece in TIME_WORDS:
            break
        if tag is None and len(piece) > 1:
            if piece[-1] in STOP_CHARS:
                break
            if piece[0] in STOP_CHARS:
                if allow(piece[1:], None):
                    start = s + 1
                break
        if not allow(piece, tag):
            break
        start = s
    return start
