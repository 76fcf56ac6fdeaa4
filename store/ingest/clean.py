"""Turn a scraped page's text into an article: title, date, outlet and clean paragraphs.

The cleaner knows kinds of mess, not pages: furniture lines and end markers come from
``data/cleaning.toml``; hard-wrapped newspaper text is detected from its line widths;
paragraphs split by column breaks are rejoined from punctuation and quote balance.
Rules match the simplified form of each line, so traditional pages need no rules of
their own; the original script is kept for display.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from store.db import metadata as meta
from store.db.schema import Paragraph
from store.ingest.bounds import MAX_PARAGRAPH_CHARS, bound_paragraphs, cut_input, limit_marks
from store.ingest.credits import (
    Credits,
    looks_like_date,
    looks_like_outlet,
    parse_credit_line,
    parse_date_line,
    parse_page_line,
    take_closing_credit,
    take_dateline,
)
from store.ingest.furniture import furniture_kind, has_text, strip_markdown
from store.ingest.repair import repair_mojibake, strip_remnants
from store.text.charclass import width
from store.text.sanitize import sanitize
from store.text.script import to_simplified

CLEANER_VERSION = 6  # bump when output changes: it is part of the corpus fingerprint

_TERMINATORS = "。！？!?…；;"
_CLOSERS = "”’」』）)"
_OPENERS = "“‘「『"
_TIMESTAMP = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_SOURCE_AFTER_DATE = re.compile(r"(?:稿件)?来源\s*[:：]\s*(\S+)")
_SPACE_RUN = re.compile(r"\s{2,}")


@dataclass(frozen=True, slots=True)
class CleanResult:
    title: str
    original_title: str | None
    source: str | None
    published: str | None
    paragraphs: tuple[Paragraph, ...]
    removed: dict[str, int]
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Rules:
    furniture: re.Pattern[str]
    end_markers: re.Pattern[str]
    metadata: tuple[tuple[str, re.Pattern[str]], ...]
    outlets: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _rules() -> _Rules:
    data = tomllib.loads(resources.files("store").joinpath("data", "cleaning.toml").read_text("utf-8"))
    return _Rules(
        # one alternation each: a line is tested in one regex call, not one per pattern
        furniture=re.compile("|".join(f"(?:{p})" for p in data["furniture"])),
        end_markers=re.compile("|".join(f"(?:{p})" for p in data["end_markers"])),
        metadata=tuple((name, re.compile(p)) for name, p in data["metadata"].items()),
        outlets=tuple((re.compile(p), fmt) for p, fmt in data["outlets"].items()),
    )


@dataclass(slots=True)
class _Line:
    text: str  # original script
    simple: str  # simplified, for matching rules


def clean_text(raw: str, filename: str = "") -> CleanResult:
    """Clean one page of scraped text into an article, bounded by :mod:`store.ingest.bounds`."""
    removed: Counter[str] = Counter()
    text = limit_marks(sanitize(cut_input(raw, removed)), removed)
    text = repair_mojibake(text, removed)
    text = strip_remnants(text, removed)
    text, n = strip_markdown(text)
    removed["markdown"] += n
    # runs of spaces collapse here, so every length rule measures the line as shown
    lines = [_Line(t, to_simplified(t)) for t in (_SPACE_RUN.sub(" ", ln).strip() for ln in text.split("\n"))]
    metadata: dict[str, str] = {}

    published, account = _find_published(lines)
    source = _find_outlet(lines, account)
    lines = _cut_at_end_marker(lines, removed)
    lines = _drop_furniture(lines, removed, metadata)
    published = _header_date(lines, metadata) or published or metadata.get("发布日期")
    source = source or metadata.get("稿件来源")
    lines = _drop_bylines(lines, removed, metadata)

    blocks = _blocks(lines)
    title_line, blocks = _take_title(blocks)
    paragraphs = bound_paragraphs(_take_paragraph_credits(_paragraphs(blocks), metadata), removed)
    outlet_title = title_line and ((source and _same_name(title_line, source)) or looks_like_outlet(title_line))
    if outlet_title and paragraphs and paragraphs[0][1] == "heading":
        # the site's or account's name printed as a title above the real one
        title_line, paragraphs = paragraphs[0][0], paragraphs[1:]
        removed["furniture"] += 1
    converted = tuple(
        Paragraph(index=i, text=to_simplified(t), kind=kind, original=t if to_simplified(t) != t else None)
        for i, (t, kind) in enumerate(paragraphs)
    )
    title = to_simplified(title_line) if title_line else _file_title(filename)
    return CleanResult(
        title=title,
        original_title=title_line if title_line and title != title_line else None,
        source=source,
        published=published,
        paragraphs=converted,
        removed={k: v for k, v in sorted(removed.items()) if v},
        metadata=metadata,
    )


def _find_published(lines: list[_Line]) -> tuple[str | None, str | None]:
    """The page's own timestamp, and the account name printed beside it.

    Recommendation lists repeat "title, title, account, timestamp"; a timestamp whose
    line two above equals the line three above belongs to such an item, never to the
    article. Of the rest, the first one is the article's (a header date or the one
    beside the publishing account after the body).
    """
    dense = [ln.simple for ln in lines if ln.simple]
    for i, line in enumerate(dense):
        m = _TIMESTAMP.match(line)
        if not m or len(line) > 40 and not _SOURCE_AFTER_DATE.search(line):
            continue
        if re.search(r"[，。！？；,]", line[m.end() :]) and not _SOURCE_AFTER_DATE.search(line):
            continue  # a sentence that opens with a date ("2024年5月30日11时许，…") is news, not a dateline
        if i >= 3 and dense[i - 2] == dense[i - 3]:
            continue
        date = _iso(m)
        if date is None:
            continue
        account = None
        if i + 1 < len(dense) and dense[i + 1].endswith("incentive-icons"):
            account = dense[i + 1].removesuffix("incentive-icons").strip()
        return date, account
    return None, None


def _iso(m: re.Match[str]) -> str | None:
    year, month, day = (int(g) for g in m.groups()[:3])
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _find_outlet(lines: list[_Line], account: str | None) -> str | None:
    for line in lines:
        for pattern, fmt in _rules().outlets:
            m = pattern.match(line.simple)
            if m:
                outlet = fmt.format(*m.groups())
                return f"{outlet}/{account}" if account else outlet
    return account


def _cut_at_end_marker(lines: list[_Line], removed: Counter[str]) -> list[_Line]:
    """Drop everything from the first end marker that follows some body text."""
    body_seen = 0
    for i, line in enumerate(lines):
        if _rules().end_markers.match(line.simple) and body_seen >= 2:
            removed["trailer_lines"] += sum(1 for ln in lines[i:] if ln.simple)
            return lines[:i]
        if len(line.simple) > 20:
            body_seen += 1
    return lines


def _drop_furniture(lines: list[_Line], removed: Counter[str], metadata: dict[str, str]) -> list[_Line]:
    kept: list[_Line] = []
    for line in _join_split_labels(lines):
        if _is_furniture(line.simple):
            removed["furniture"] += 1
        elif kind := furniture_kind(line.simple):
            removed[kind] += 1
        elif found := _editorial(line.simple):
            metadata[found[0]] = found[1]
            removed["editorial"] += 1
        elif credits := _credit_line(line.simple):
            record_credits(metadata, credits)
            removed["editorial"] += 1
        elif line.simple and not has_text(line.simple) and not looks_like_date(line.simple):
            removed["furniture"] += 1  # punctuation, counters and symbols left alone on a line
        else:
            kept.append(line)
    return kept


def _credit_line(simple: str) -> Credits | None:
    credits = parse_credit_line(simple) or parse_page_line(simple)
    return credits if credits and (credits.people or credits.source or credits.date or credits.page) else None


def record_credits(metadata: dict[str, str], credits: Credits) -> None:
    """Put what a credit, date or dateline line said into the article's metadata.

    People go under their role, every name once, space-separated ("通讯员": "甲乙 丙丁"),
    the form :func:`store.ingest.credits.bylines` reads back. The first value of a
    metadata field wins: a header states it before any repeat in the footer.
    """
    for role, name in credits.people:
        names = metadata.get(role, "").split()
        if name not in names:
            metadata[role] = " ".join([*names, name])
    for key, value in (
        (meta.SOURCE, credits.source), (meta.PUBLISHED_DAY, credits.date), (meta.PUBLISHED_TIME, credits.time),
        (meta.PAGE, credits.page), (meta.DATELINE, credits.dateline), (meta.DOUBTFUL_DATE, credits.ambiguous),
    ):
        if value:
            metadata.setdefault(key, value)


def _take_paragraph_credits(paragraphs: list[tuple[str, str]], metadata: dict[str, str]) -> list[tuple[str, str]]:
    """Credits printed inside the text: the opening dateline's brackets and a closing credit."""
    out = list(paragraphs)
    for i, (text, kind) in enumerate(out):
        if kind == "body":
            stripped, credits = take_dateline(text)
            if credits:
                record_credits(metadata, credits)
                out[i] = (stripped, kind)
            break
    for i in range(len(out) - 1, max(-1, len(out) - 3), -1):
        stripped, credits = take_closing_credit(out[i][0])
        if credits:
            record_credits(metadata, credits)
            out[i] = (stripped, out[i][1])
    return [(t, k) for t, k in out if t]


def _same_name(a: str, b: str) -> bool:
    return to_simplified(a).strip() == to_simplified(b).strip()


def _file_title(filename: str) -> str:
    """An untitled article is named after its file, without the extension."""
    stem = filename.rsplit("/", 1)[-1]
    return stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem


def _is_furniture(simple: str) -> bool:
    return bool(simple) and _rules().furniture.match(simple) is not None


def _editorial(simple: str) -> tuple[str, str] | None:
    """The metadata name and value of a short editorial line ("责任编辑：张三")."""
    if len(simple) > 40:
        return None
    for name, pattern in _rules().metadata:
        if m := pattern.match(simple):
            if name == "稿件来源" and looks_like_date(m.group(1)):
                return None  # "来源：某网 2024-12-14": the credit parser splits source and date
            return name, m.group(1).strip() if name == "稿件来源" else re.sub(r"\s+", "", m.group(1))
    return None


def _join_split_labels(lines: list[_Line]) -> list[_Line]:
    """Put an editorial label back on one line with its value ("编辑：" then "张三").

    Unwrapped text joins the two into one paragraph anyway, which cleaning it again
    would read as the editorial line it is.
    """
    out: list[_Line] = []
    last = -1  # index in ``out`` of the last non-blank line
    for line in lines:
        if line.simple and last >= 0:
            prev = out[last]
            joined = _Line(prev.text + line.text, prev.simple + line.simple)
            if (_editorial(joined.simple) or _credit_line(joined.simple)) and not _stands_alone(prev.simple):
                out[last], last = joined, -1
                continue
        out.append(line)
        if line.simple:
            last = len(out) - 1
    return out


def _stands_alone(simple: str) -> bool:
    """A line the next is never joined to: editorial, furniture, a heading or a sentence end."""
    return (
        bool(_editorial(simple) or _credit_line(simple))
        or _is_furniture(simple)
        or _heading_like(simple)
        or _ends_sentence(simple)
    )


def _header_date(lines: list[_Line], metadata: dict[str, str]) -> str | None:
    """The date line near the title ("2025-07-07 15:45:07 来源：某报", "某某日报 07版 2024年06月03日").

    Only a line that is nothing but a date with its outlet, source, page or URL counts
    (:func:`store.ingest.credits.parse_date_line`); it is removed from the body. A date
    whose day and month could be swapped leaves the date unknown and says so in the
    metadata ("日期存疑") instead of guessing.
    """
    seen = 0
    for i, line in enumerate(lines):
        if not line.simple:
            continue
        seen += 1
        if seen > 8:
            break
        credits = parse_date_line(line.simple)
        if credits is None:
            continue
        lines[i] = _Line("", "")
        record_credits(metadata, credits)
        if credits.date:
            return credits.date
    return None


_NAMES_LINE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:\s+[\u4e00-\u9fff]{2,3}){1,3}$")


def _drop_bylines(lines: list[_Line], removed: Counter[str], metadata: dict[str, str]) -> list[_Line]:
    """Author names on a line of their own at the very end ("郭永安 李蓓")."""
    tail = [i for i, ln in enumerate(lines) if ln.simple][-2:]
    for i in tail:
        if _NAMES_LINE.match(lines[i].simple):
            metadata.setdefault("作者", lines[i].simple)
            removed["editorial"] += 1
            lines = lines[:i] + lines[i + 1 :]
            break
    return lines


def _blocks(lines: list[_Line]) -> list[list[str]]:
    """Group lines into blank-line separated blocks of original-script text."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.text:
            current.append(line.text)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _take_title(blocks: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    if not blocks:
        return None, blocks
    first = blocks[0]
    if len(first[0]) <= 80 and not first[0].endswith("。"):
        rest = [first[1:]] if len(first) > 1 else []
        return first[0], rest + blocks[1:]
    return None, blocks


def _is_wrapped(blocks: list[list[str]]) -> bool:
    """Hard-wrapped (newspaper) text: most lines stop mid-sentence and lines are short."""
    lines = [ln for b in blocks for ln in b]
    if len(lines) < 10:
        return False
    open_ended = sum(1 for ln in lines if not _ends_sentence(ln))
    widths = sorted(width(ln) for ln in lines)
    return open_ended / len(lines) >= 0.5 and widths[len(widths) // 2] <= 80


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in _TERMINATORS


def _quotes_balanced(text: str) -> bool:
    return text.count("“") == text.count("”")


def _heading_like(text: str, wrapped: bool = False) -> bool:
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


def _paragraphs(blocks: list[list[str]]) -> list[tuple[str, str]]:
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
        if len(block) == 1 and _heading_like(block[0], wrapped=True) and not _ends_sentence(block[0]):
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
            if w < 0.6 * margin or (_ends_sentence(line) and w <= margin - 4):
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
    if wrapped and _CONTINUATION_START.match(unit.text) and not _ends_sentence(prev.text):
        return True  # "次，开展…": no paragraph opens with a one-character clause
    if wrapped:
        return prev.to_margin and prev.kind != "heading" and not _ends_sentence(prev.text)
    if _ends_sentence(prev.text) or prev.kind == "heading":
        return False
    return not (unit.text.startswith(tuple(_OPENERS)) and _quotes_balanced(prev.text))


def _kind(text: str, wrapped: bool) -> str:
    return "heading" if _heading_like(text, wrapped) and not _ends_sentence(text) else "body"


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
            and _ends_sentence(text)
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
    text = _SPACE_RUN.sub(" ", text).strip().translate(_FULLWIDTH_ALNUM)
    if re.search(r"[\u4e00-\u9fff]", text):
        text = _ASCII_QUOTED.sub(r"“\1”", text)
    return _ASCII_PUNCT_IN_CJK.sub(lambda m: _ASCII_TO_WIDE[m.group(1)], text)
