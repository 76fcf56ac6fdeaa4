"""Rebuild an article's paragraphs from its lines: the layout half of cleaning.

:mod:`store.ingest.clean` drops the page's furniture and credits line by line; what is
left arrives here as blank-line separated blocks. Hard-wrapped newspaper text is told
from its line widths (half the lines open-ended, median width at most 80 columns) and
unwrapped per block; paragraphs a column break split are rejoined from punctuation and
quote balance; short unpunctuated lines become headings, picture captions are marked,
and punctuation takes one form (full-width inside Chinese, half-width digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.ingest.bounds import MAX_PARAGRAPH_CHARS
from store.text.charclass import width

_TERMINATORS = "。！？!?…；;"
_CLOSERS = "”’」』）)"
_OPENERS = "“‘「『"
SPACE_RUN = re.compile(r"\s{2,}")


def _is_wrapped(blocks: list[list[str]]) -> bool:
    """Hard-wrapped (newspaper) text: most lines stop mid-sentence and lines are short."""
    lines = [ln for b in blocks for ln in b]
    if len(lines) < 10:
        return False
    open_ended = sum(1 for ln in lines if not ends_sentence(ln))
    widths = sorted(width(ln) for ln in lines)
    return open_ended / len(lines) >= 0.5 and widths[len(widths) // 2] <= 80


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in _TERMINATORS


def _quotes_balanced(text: str) -> bool:
    return text.count("“") == text.count("”")


def heading_like(text: str, wrapped: bool = False) -> bool:
    """Short, no sentence punctuation, quotes balanced; wrapped text also allows no comma."""
    return (
        len(text) <= 40
        and not (wrapped and any(ch in text for ch in "，,、"))
        and not any(ch in text for ch in "。！？；!?;")
        and not text.endswith(("，", "、", "：", ",", ":"))
        and _quotes_balanced(text)
    )


@dataclass(slots=True)
class _Unit:
    text: str
    kind: str = "body"
    new_block: bool = True  # starts after a blank line (or a line break in unwrapped text)
    to_margin: bool = False  # a wrapped paragraph whose last line ran to the margin


def rebuild_paragraphs(blocks: list[list[str]]) -> list[tuple[str, str]]:
    wrapped = _is_wrapped(blocks)
    units = _unwrap(blocks) if wrapped else [_Unit(line) for b in blocks for line in b]
    merged: list[_Unit] = []
    for unit in units:
        unit.text = normalise_punctuation(unit.text)
        if not unit.text:
            continue
        # a paragraph past the split length takes no more: joins re-normalise the whole text
        joinable = merged and len(merged[-1].text) < MAX_PARAGRAPH_CHARS
        if joinable and unit.new_block and _continues(merged[-1], unit, wrapped=wrapped):
            # the join can put punctuation next to Chinese or pair quotes: normalise again
            merged[-1].text = _join(merged[-1].text, unit.text)
            merged[-1].kind = "body"
            merged[-1].to_margin = unit.to_margin
            continue
        if unit.kind != "heading" and not unit.to_margin:
            unit.kind = _kind(unit.text, wrapped)
        merged.append(unit)
    return _mark_captions([(u.text, u.kind) for u in merged])


def _join(prev: str, text: str) -> str:
    """``normalise_punctuation(prev + text)`` for two normalised texts, in time linear in ``text``.

    Without ASCII double quotes (the only rule that pairs across the text), a join can
    only change the seam, so ``prev`` is not scanned again: a page of 100,000 lines that
    never end a sentence once took minutes here.
    """
    if '"' in prev or '"' in text:
        return normalise_punctuation(prev + text)
    return prev + normalise_punctuation(prev[-1:] + text)[1:] if prev else normalise_punctuation(text)


# "党建引领凝心铸魂 共建共治智慧赋能": two phrases parted by a space, no punctuation.
_TWO_PART_HEADLINE = re.compile(r"^[^，。；！？、,;!?\s]{2,20} [^，。；！？、,;!?\s]{2,20}$")


def _unwrap(blocks: list[list[str]]) -> list[_Unit]:
    """Rejoin hard-wrapped lines without spaces.

    A newspaper page mixes column widths, so the margin is measured per block (its
    widest line; the page's median for blocks too short to tell). A line ends its
    paragraph when it ends a sentence short of the margin, or is much shorter than it.
    A block of one heading-like line is a sub-headline.
    """
    typical = sorted(width(ln) for b in blocks for ln in b)[len([1 for b in blocks for _ in b]) // 2]
    out: list[_Unit] = []
    for block in blocks:
        if len(block) == 1 and heading_like(block[0], wrapped=True) and not ends_sentence(block[0]):
            out.append(_Unit(block[0], kind="heading"))
            continue
        margin = max(width(ln) for ln in block) if len(block) >= 3 else max(typical, *(width(ln) for ln in block))
        current = ""
        first = True
        for line in block:
            if not current and _TWO_PART_HEADLINE.match(line):
                out.append(_Unit(line, kind="heading", new_block=first))
                first = False
                continue
            current += line
            w = width(line)
            if w < 0.6 * margin or (ends_sentence(line) and w <= margin - 4):
                out.append(_Unit(current, new_block=first))
                current, first = "", False
        if current:
            out.append(_Unit(current, new_block=first, to_margin=True))
    return out


_CONTINUATION_START = re.compile(r"^[\u4e00-\u9fff]{1,2}[，、；：]")


def _continues(prev: _Unit, unit: _Unit, wrapped: bool) -> bool:
    """Does ``unit`` continue the previous paragraph across a block or column break?

    Wrapped text: only when the previous one ran to the margin mid-sentence. Unwrapped
    text: when the previous one stops mid-sentence and is no heading, unless the new
    one opens a quotation while the old one has none open.
    """
    if wrapped and _CONTINUATION_START.match(unit.text) and not ends_sentence(prev.text):
        return True  # "次，开展…": no paragraph opens with a one-character clause
    if wrapped:
        return prev.to_margin and prev.kind != "heading" and not ends_sentence(prev.text)
    if ends_sentence(prev.text) or prev.kind == "heading":
        return False
    return not (unit.text.startswith(tuple(_OPENERS)) and _quotes_balanced(prev.text))


def _kind(text: str, wrapped: bool) -> str:
    return "heading" if heading_like(text, wrapped) and not ends_sentence(text) else "body"


# What marks a paragraph as a photo caption: an image reference before it ("图为", "图：",
# "资料图", a □ or ■ bullet the layout put in front) or a photo credit after it ("（某某 摄）").
_CAPTION_EVIDENCE = re.compile(
    r"^(?:图[为片示中：:\d]|[上下左右]图|资料图|配图|组图|□|■|▲|△)"
    r"|(?:摄|摄影|供图|图片来源[:：]\S*)\s*[）)]?\s*$"
    r"|[（(][^（）()]{0,24}(?:摄|供图)[）)]"
)


def _mark_captions(paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Photo captions: short paragraphs with evidence of a picture, or a trailing gallery.

    Evidence is the caption's own wording (see ``_CAPTION_EVIDENCE``). Without it, a
    trailing run of two or more short one-sentence paragraphs is taken as a photo gallery
    only when the article has a real body before it: at least three longer body
    paragraphs, each run member under half their median length. A three-paragraph
    bulletin (警情通报) is therefore body text, while a newspaper page's closing row of
    picture captions is still recognised.
    """
    out = [(t, "caption" if k == "body" and len(t) <= 120 and _CAPTION_EVIDENCE.search(t) else k) for t, k in paragraphs]
    i = len(out)
    while i > 0:
        text, kind = out[i - 1]
        if (
            kind == "body"
            and len(text) <= 50
            and ends_sentence(text)
            and text.count("。") <= 1
            and not text.startswith(tuple(_OPENERS))
        ):
            i -= 1
        else:
            break
    before = sorted(len(t) for t, k in out[:i] if k == "body")
    if len(out) - i >= 2 and len(before) >= 3:
        median = before[len(before) // 2]
        if all(2 * len(t) <= median for t, _ in out[i:]):
            out[i:] = [(t, "caption") for t, _ in out[i:]]
    return out


_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF5B) if chr(cp - 0xFEE0).isalnum()}
_ASCII_TO_WIDE = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_ASCII_PUNCT_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff”’）》□])([,;:!?])")
# A pair of ASCII quotes, neither doubled: '""' is an escaped or empty quote, and pairing
# next to one would pair again on the output. No curly quote inside: the pair is its own.
_ASCII_QUOTED = re.compile(r'(?<!")"([^"“”\n]{1,60})"(?!")')


def normalise_punctuation(text: str) -> str:
    """Half-width digits and letters, full-width punctuation inside Chinese text.

    Sites mix "，" and ","; one form makes sentence and clause splitting reliable.
    Spaces collapse first, so a quote pair's length is what the output shows.
    """
    text = SPACE_RUN.sub(" ", text).strip().translate(_FULLWIDTH_ALNUM)
    if re.search(r"[\u4e00-\u9fff]", text):
        text = _ASCII_QUOTED.sub(r"“\1”", text)
    return _ASCII_PUNCT_IN_CJK.sub(lambda m: _ASCII_TO_WIDE[m.group(1)], text)
