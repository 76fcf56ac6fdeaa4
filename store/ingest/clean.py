"""Turn a scraped page's text into an article: title, date, outlet and clean paragraphs.

The cleaner knows kinds of mess, not pages: furniture lines and end markers come from
``data/cleaning.toml``; hard-wrapped newspaper text is detected from its line widths;
paragraphs split by column breaks are rejoined from punctuation and quote balance.
Rules match the simplified form of each line, so traditional pages need no rules of
their own; the original script is kept for display. This module works line by line on
what is not the article's text (dates, outlets, furniture, credits, bylines);
:mod:`store.ingest.paragraphs` rebuilds the paragraphs from what is left.
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
from store.ingest.bounds import bound_paragraphs, cut_input, limit_marks
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
from store.ingest.paragraphs import SPACE_RUN, ends_sentence, heading_like, rebuild_paragraphs
from store.ingest.repair import repair_mojibake, strip_remnants
from store.text.sanitize import sanitize
from store.text.script import to_simplified

CLEANER_VERSION = 6  # bump when output changes: it is part of the corpus fingerprint

_TIMESTAMP = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_SOURCE_AFTER_DATE = re.compile(r"(?:稿件)?来源\s*[:：]\s*(\S+)")


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
    lines = [_Line(t, to_simplified(t)) for t in (SPACE_RUN.sub(" ", ln).strip() for ln in text.split("\n"))]
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
    paragraphs = bound_paragraphs(_take_paragraph_credits(rebuild_paragraphs(blocks), metadata), removed)
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
        or heading_like(simple)
        or ends_sentence(simple)
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
