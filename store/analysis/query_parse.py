"""The query language: text to a tree, or a :class:`QueryError` that says where and what was expected.

One language for search, KWIC, counts and saved searches::

    派出所                      a word (any run of characters without spaces or syntax)
    "电信 诈骗"                 a phrase, spaces and all
    诈骗 AND 反诈 / 诈骗 反诈    both (juxtaposition is AND)
    诈骗 OR 盗窃, NOT 演练       either, not
    ( … )                       grouping
    /骗.{0,4}万元/              a regular expression (``regex`` syntax, run under a time limit)
    unit:青山 unit:=青山区分局   a unit by key, name, alias or pinyin, with its sub-units; ``=`` for that unit alone
    person:张三 place:武昌 tag:重点 source:长江日报
    date:2024-01..2024-06       an event in the passage dated within the range (``..2024``, ``2024-03..`` open)
    published:2024              the article's publication date within the range

Operators are upper case so that ``and``/``or`` in a headline stay words. The parser
is linear and never recurses deeper than :data:`MAX_DEPTH` groups; a query longer
than :data:`MAX_QUERY_CHARS` is refused before parsing, so nothing typed freezes the
reader (a 10,000-character query is answered in well under a millisecond).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 2000  # a long Boolean query is ~200 characters; this leaves ten times that
MAX_DEPTH = 50  # nested parentheses
FIELDS = ("unit", "person", "place", "tag", "date", "published", "source")
_OPERATORS = {"AND", "OR", "NOT"}
_SYNTAX = set('"')  # a slash inside a word is a character (110/120); only a leading one opens a regex


class QueryError(ValueError):
    """A query that cannot be run; ``offset`` is the character it goes wrong at (0-based)."""

    def __init__(self, message: str, offset: int, query: str = "") -> None:
        super().__init__(message)
        self.message, self.offset, self.query = message, offset, query

    def __str__(self) -> str:
        return f"{self.message} (at character {self.offset + 1})"

    def pointer(self) -> str:
        """The query on one line and a caret under the offending character (for a terminal)."""
        from store.text.charclass import width

        shown = self.query.replace("\n", " ")[:200]
        return f"{shown}\n{' ' * width(shown[: self.offset])}^"


# --- the tree ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A word or phrase: a literal substring of a passage (simplified script)."""

    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Pattern:
    pattern: str
    offset: int


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive ISO days; None is open."""

    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # one of FIELDS
    value: str
    offset: int
    exact: bool = False  # unit:=X, without sub-units
    dates: DateRange | None = None  # date:/published:


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


Node = Text | Pattern | Field | Not | And | Or


# --- tokens -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # word | phrase | regex | field | ( | ) | AND | OR | NOT | end
    value: str
    offset: int
    field: str = ""
    exact: bool = False


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Token(ch, ch, i))
            i += 1
        elif ch == '"':
            value, i2 = _quoted(query, i)
            out.append(_Token("phrase", value, i))
            i = i2
        elif ch == "/":
            end = _regex_end(query, i)
            out.append(_Token("regex", query[i + 1 : end], i))
            i = end + 1
        else:
            out.append(_word(query, i))
            i = out[-1].offset + _token_length(query, out[-1].offset)
    out.append(_Token("end", "", n))
    return out


def _quoted(query: str, start: int) -> tuple[str, int]:
    end = query.find('"', start + 1)
    if end == -1:
        raise QueryError('this quotation mark is never closed: expected a closing "', start, query)
    if end == start + 1:
        raise QueryError("empty phrase: expected text between the quotation marks", start, query)
    return query[start + 1 : end], end + 1


def _regex_end(query: str, start: int) -> int:
    i = start + 1
    while i < len(query):
        if query[i] == "\\":
            i += 2
            continue
        if query[i] == "/":
            if i == start + 1:
                raise QueryError("empty regular expression: expected a pattern between the slashes", start, query)
            return i
        i += 1
    raise QueryError("this regular expression is never closed: expected a closing /", start, query)


def _token_length(query: str, start: int) -> int:
    i = start
    while i < len(query) and not query[i].isspace() and query[i] not in "()":
        if query[i] == '"' and i > start and query[i - 1] in ":=":  # field:"a quoted value"
            end = query.find('"', i + 1)
            return (end + 1 if end != -1 else len(query)) - start
        i += 1
    return i - start


def _word(query: str, start: int) -> _Token:
    raw = query[start : start + _token_length(query, start)]
    if raw in _OPERATORS:
        return _Token(raw, raw, start)
    name, colon, value = raw.partition(":")
    if colon and name.lower() in FIELDS:
        exact = value.startswith("=")
        if exact:
            if name.lower() != "unit":
                raise QueryError(f"'=' (this unit alone) applies to unit:, not {name}:", start + len(name) + 1, query)
            value = value[1:]
        value_at = start + len(raw) - len(value)
        if value.startswith('"'):
            if len(value) < 2 or not value.endswith('"'):
                raise QueryError('this quotation mark is never closed: expected a closing "', value_at, query)
            value = value[1:-1]
        if not value.strip():
            raise QueryError(f"expected a value after {name}:", value_at, query)
        return _Token("field", value, start, name.lower(), exact)
    if colon and name and name.isascii() and name.isalpha() and value:
        raise QueryError(f"unknown field {name}:, expected one of " + ", ".join(f + ":" for f in FIELDS), start, query)
    bad = next((k for k, ch in enumerate(raw) if ch in _SYNTAX), None)
    if bad is not None:  # a quote or slash inside a word: say where it starts instead of guessing
        raise QueryError(f"unexpected {raw[bad]!r} inside a word: put a space before it", start + bad, query)
    return _Token("word", raw, start)


# --- the grammar: or := and (OR and)* ; and := not (AND? not)* ; not := NOT not | atom ---------


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, message: str, token: _Token) -> QueryError:
        return QueryError(message, token.offset, self.query)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise self.fail("empty query: expected a word, a \"phrase\", a /regex/ or a field such as unit:", self.peek())
        node = self.or_()
        token = self.peek()
        if token.kind == ")":
            raise self.fail("this ) closes no ( : remove it or add a ( before", token)
        if token.kind != "end":  # unreachable by the grammar; kept so a change to it fails loudly
            raise self.fail(f"unexpected {token.value!r}", token)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.peek().kind == "OR":
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Node:
        items = [self.not_()]
        while True:
            kind = self.peek().kind
            if kind == "AND":
                self.take()
            elif kind in ("end", ")", "OR"):
                break
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_(self) -> Node:
        negated = False
        while self.peek().kind == "NOT":
            self.take()
            negated = not negated
        node = self.atom()
        return Not(node) if negated else node

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail(f"more than {MAX_DEPTH} nested parentheses", token)
            if self.peek().kind == ")":
                raise self.fail("empty parentheses: expected a query inside", self.peek())
            node = self.or_()
            if self.peek().kind != ")":
                raise self.fail("this ( is never closed: expected a )", token)
            self.take()
            self.depth -= 1
            return node
        if token.kind in ("word", "phrase"):
            return Text(token.value, token.offset)
        if token.kind == "regex":
            return Pattern(token.value, token.offset)
        if token.kind == "field":
            return _field(token, self.query)
        expected = "expected a word, a \"phrase\", a /regex/, a field or ("
        if token.kind == "end":
            last = self.tokens[self.i - 2] if self.i >= 2 else token
            raise QueryError(f"the query ends after {last.value}: {expected}", token.offset, self.query)
        if token.kind == ")":
            raise self.fail(f"unexpected ): {expected}", token)
        raise self.fail(f"{token.value} cannot follow here: {expected}", token)


def _field(token: _Token, query: str) -> Field:
    value_at = token.offset + len(token.field) + 1 + (1 if token.exact else 0)
    dates = _date_range(token.value, value_at, query) if token.field in ("date", "published") else None
    return Field(token.field, token.value.strip(), token.offset, token.exact, dates)


_DAY = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date_range(value: str, at: int, query: str) -> DateRange:
    """``2024``, ``2024-03``, ``2024-03-05``, or two of them joined by ``..`` (either side may be open)."""
    left, dots, right = value.partition("..")
    if not dots:
        left = right = value
    start = _bound(left, at, query, first=True) if left else None
    end = _bound(right, at + len(left) + 2 if dots else at, query, first=False) if right else None
    if start is None and end is None:
        raise QueryError("expected a date such as 2024-03 or a range such as 2024-01..2024-06", at, query)
    if start and end and end < start:
        raise QueryError(f"the range ends ({end}) before it starts ({start}): swap the two dates", at, query)
    return DateRange(start, end)


def _bound(text: str, at: int, query: str, first: bool) -> str:
    m = _DAY.fullmatch(text.strip())
    if not m:
        raise QueryError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}", at, query)
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is not None and not 1 <= int(month) <= 12:
        raise QueryError(f"there is no month {month}", at, query)
    if year < 1:
        raise QueryError("there is no year 0", at, query)
    if month is None:
        return f"{year:04d}-01-01" if first else f"{year:04d}-12-31"
    last = calendar.monthrange(year, int(month))[1]
    if day is None:
        return f"{year:04d}-{int(month):02d}-{'01' if first else f'{last:02d}'}"
    if not 1 <= int(day) <= last:
        raise QueryError(f"{year:04d}-{int(month):02d} has no day {day}", at, query)
    return f"{year:04d}-{int(month):02d}-{int(day):02d}"


def parse(query: str) -> Node:
    """The tree of ``query``; raises :class:`QueryError` (and nothing else) when it cannot be run."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,} are read", MAX_QUERY_CHARS, query
        )
    if "\x00" in query:
        raise QueryError("the query holds a NUL character", query.index("\x00"), query)
    return _Parser(query).parse()


def positives(node: Node, negated: bool = False) -> list[Text | Pattern]:
    """Text and patterns whose matches are the hits (not under a NOT): what KWIC centres on."""
    if isinstance(node, (Text, Pattern)):
        return [] if negated else [node]
    if isinstance(node, Not):
        return positives(node.item, not negated)
    if isinstance(node, (And, Or)):
        return [p for item in node.items for p in positives(item, negated)]
    return []
