"""The reader's ``/`` search through the query language (store.analysis.finding), table by table."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.analysis.finding import TITLE, QueryError, article_matches, find
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex, UnitFilter
from store.db.schema import Document, Paragraph
from tests.tui.factory import MIAOSHAN, chegu, jiangxia, qingshan, sample_docs

Q, J, C = qingshan().id, jiangxia().id, chegu().id


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex.build(Corpus.from_docs(sample_docs()))


def places(found) -> list[tuple[str, int]]:
    return [(h.article, h.paragraph) for h in found.hits]


def substring_search(index: CorpusIndex, word: str) -> list[tuple[str, int, int, int]]:
    """What the reader's search was before it took the query language: titles, then every occurrence."""
    from store.text.script import to_simplified

    word = to_simplified(word)
    out = [(a.id, TITLE, a.title.find(word), a.title.find(word) + len(word)) for a in index.articles if word in a.title]
    for aid in index.by_id:
        for p, text in enumerate(index.corpus.paragraph_texts(aid)):
            at = text.find(word)
            while at != -1:
                out.append((aid, p, at, at + len(word)))
                at = text.find(word, at + 1)
    return out


@pytest.mark.parametrize("word", ["纠纷", "糾紛", "平安", "民警", "派出所", "公安", "2024", "，", "警", "不存在的词"])
def test_a_plain_word_finds_what_the_substring_search_found(index, word):
    found = find(index, word)
    assert [(h.article, h.paragraph, h.start, h.end) for h in found.hits] == substring_search(index, word)


CASES = [  # (query, hits as (article, paragraph); TITLE is a title hit)
    ("纠纷", [(Q, 2), (Q, 4), (J, 2)]),
    ("糾紛", [(Q, 2), (Q, 4), (J, 2)]),  # traditional folds to simplified
    ("平安", [(Q, TITLE), (C, TITLE)]),  # titles first
    ('"派出所民警"', [(Q, 2), (Q, 3)]),  # a phrase
    ("程波 OR 潘时涛", [(Q, 2), (J, 3)]),
    ("纠纷 NOT 程波", [(Q, 4), (J, 2)]),
    ("person:程波", [(Q, 2)]),
    ("纠纷 published:2025-10", [(Q, 2), (Q, 4)]),
    ("平安 source:网易湖北", [(C, TITLE)]),  # a title holds its article's facts
    ("/民警[程周]/", [(Q, 2), (C, 0)]),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_reader_search_through_the_query_language(index, query, expected):
    assert places(find(index, query)) == expected


ERRORS = [  # (query, offset, what the message says)
    ("(纠纷", 0, "never closed"),
    ("纠纷 AND", 6, "ends after AND"),
    ("/(/", 2, "invalid regular expression"),
    ("date:2024-06..2024-01", 5, "before it starts"),
    ("foo:bar 纠纷", 0, "unknown field"),
    ("纠纷 OR )", 6, "unexpected )"),
    ('"纠纷', 0, "never closed"),
    ("  (纠纷", 2, "never closed"),  # offsets count the query as typed, spaces and all
]


@pytest.mark.parametrize(("query", "offset", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_a_query_that_cannot_run_says_where(index, query, offset, message):
    with pytest.raises(QueryError) as caught:
        find(index, query)
    assert caught.value.offset == offset and message in str(caught.value)


def test_fields_alone_list_no_titles(index):
    found = find(index, "published:2025")
    assert found.hits and all(h.paragraph != TITLE for h in found.hits)


def test_the_scope_keeps_its_articles_and_counts_the_corpus(index):
    scope = {a.id for a in index.filtered(UnitFilter(frozenset({MIAOSHAN})))}
    found = find(index, "纠纷", scope=scope)
    assert places(found) == [(J, 2)] and found.in_corpus == 3


def test_the_limit_counts_passages_and_blank_finds_nothing(index):
    assert places(find(index, "民警", limit=2)) == [(Q, 0), (Q, 2)]
    assert find(index, "  ").hits == [] and find(index, "  ").search is None


def test_the_shown_query_is_the_matched_word_or_the_query(index):
    assert find(index, " 糾紛 ").query == "纠纷"
    assert find(index, "纠纷 OR 程波").query == "纠纷 OR 程波"


def test_article_matches_are_every_span_to_highlight(index):
    search = find(index, "纠纷 OR 程波").search
    assert search is not None
    assert article_matches(search, Q) == {2: [(31, 33), (48, 50)], 4: [(60, 62)]}
    assert article_matches(search, C) == {}


def test_a_catastrophic_regex_stops_at_its_time_limit(monkeypatch):
    from store.analysis import search as search_module

    monkeypatch.setattr(search_module, "REGEX_SECONDS", 0.2)
    docs = [Document(id="x", title="a" * 3000 + "!", path="x", paragraphs=(Paragraph(0, "a" * 5000 + "!"),))]
    index = CorpusIndex.build(Corpus.from_docs(docs))
    began = time.monotonic()
    with pytest.raises(QueryError) as caught:
        find(index, "/(a+)+$/")  # the title is tried first: it has its time limit too
    assert "simplify it" in str(caught.value) and caught.value.offset == 0
    assert time.monotonic() - began < 5


def test_stop_ends_the_search_between_hits(index):
    asked = []
    found = find(index, "民警", stop=lambda: asked.append(1) or len(asked) > 2)
    assert len([h for h in found.hits if h.paragraph != TITLE]) == 2


ALPHABET = "诈骗詐騙民警察纠糾纷紛案aAbZ09，。“”,.-𱍐"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    articles=st.lists(st.lists(st.text(alphabet=ALPHABET, max_size=24), min_size=1, max_size=3), min_size=1, max_size=6),
    words=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=4),
)
def test_the_reader_finds_the_same_with_the_index_as_by_scanning(articles, words):
    """Words, phrases, OR and NOT over random text (traditional queries fold), with and without the bigram index."""
    import tempfile
    from pathlib import Path

    from store.db import derived

    with tempfile.TemporaryDirectory() as tmp:
        docs = [Document(id=f"a{i}", title=f"t{i}", path=f"a{i}", paragraphs=tuple(Paragraph(p, t) for p, t in enumerate(ps)))
                for i, ps in enumerate(articles)]
        derived.write(Path(tmp), {}, docs, rank=lambda row: row.path)
        store = derived.load(Path(tmp))
        assert store is not None and store.fts is not None
        index = CorpusIndex.build(Corpus(store))
        quoted = ['"' + w.replace('"', "") + '"' for w in words if w.replace('"', "")]
        queries = quoted + [" OR ".join(quoted), f"{quoted[0]} NOT {quoted[-1]}"] if quoted else []
        try:
            for query in queries:
                with_index = find(index, query).hits
                fts, store.fts = store.fts, None
                scanned = find(index, query).hits
                store.fts = fts
                assert with_index == scanned, query
        finally:
            store.close()


class _Walked(Sequence):
    """Summaries read on demand (as on SQLite) that count the walks over them: plain words must not walk them."""

    walks = 0

    def __init__(self, items) -> None:
        self.items = list(items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, at):
        return self.items[at]

    def __iter__(self):
        type(self).walks += 1
        return iter(self.items)


TITLE_QUERIES = {  # query -> how many titles it finds in sample_docs (Q and C say 平安 and 公安, J 警务)
    "平安": 2, "纠纷 OR 警务": 1, '"公安" NOT 车谷': 1, "平安 source:网易湖北": 1, "公安 published:2025": 1, "不存在的词": 0,
    "警务 OR 派出所": 1, "/平.答/": 1, "民警 OR /保.方/": 1,
}


@pytest.mark.parametrize(("query", "titles"), TITLE_QUERIES.items())
def test_title_hits_narrowed_by_the_titles_holding_a_word_are_the_scans(backend, tmp_path, monkeypatch, query, titles):
    """On both stores: words narrow summaries read on demand through ``Corpus.titled_rows`` (no walk), same hits."""
    import dataclasses

    from store.analysis import finding
    from store.db import derived

    derived.write(tmp_path, {}, sample_docs(), rank=lambda row: 0)
    store = derived.load(tmp_path)
    assert store is not None and type(store).__name__.lower().startswith("sqlite") == (backend == "sqlite")
    try:
        index = CorpusIndex.build(Corpus(store))
        walked = dataclasses.replace(index, articles=_Walked(index.articles))
        search = finding.Search(walked, query)
        _Walked.walks = 0
        finding.title_hits(search)
        assert _Walked.walks == (1 if "/" in query else 0)  # a pattern may match any title: all are tried
        narrowed = find(walked, query).hits
        monkeypatch.setattr(finding, "_title_candidates", lambda search: search.index.articles)
        scanned = find(index, query).hits
        assert narrowed == scanned
        assert sum(h.paragraph == TITLE for h in scanned) == titles
    finally:
        store.close()
