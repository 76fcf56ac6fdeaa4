"""Running queries over the synthetic corpus: known hits, fields, scripts and bad input."""

from __future__ import annotations

import time

import pytest

from store.analysis import search as search_module
from store.analysis.query_parse import QueryError
from store.analysis.search import Hit, Search, search
from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.corpus.tags import Coding
from tests.store.analysis import synthetic
from tests.tui.factory import DocBuilder


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex.build(Corpus.from_docs(synthetic.docs()))


def where(hits: list[Hit]) -> list[tuple[str, int]]:
    return sorted({(h.article, h.paragraph) for h in hits})


def test_words_count_every_occurrence(index):
    hits = search(index, "诈骗")
    assert [(h.article, h.paragraph) for h in hits] == [("r1", 0), ("r1", 0), ("r1", 3), ("r2", 0), ("r2", 0)]  # list order
    text = index.corpus.paragraph_texts("r1")[0]
    assert all(text[h.start : h.end] == "诈骗" for h in hits if h.article == "r1" and h.paragraph == 0)


def test_traditional_query_matches_simplified_text(index):
    assert search(index, "詐騙") == search(index, "诈骗")
    assert where(search(index, '"電信詐騙"')) == [("r1", 0), ("r2", 0)]


def test_boolean_operators_work_per_passage(index):
    assert where(search(index, "诈骗 AND 警方")) == [("r1", 3)]
    assert where(search(index, "诈骗 NOT 客服")) == []
    assert where(search(index, "(点赞 OR 提醒) 诈骗")) == [("r1", 3)]
    assert where(search(index, "点赞 OR 提醒")) == [("r1", 3), ("r2", 3)]


def test_regex(index):
    hits = search(index, "/累计破获案件\\d+起/")
    assert [(h.article, h.end - h.start) for h in hits] == [("f1", 9), ("f2", 9)]


def test_regex_anchors_hold_per_paragraph(index):
    """Articles are tried whole first (one call each); anchors still mean a paragraph's ends."""
    assert where(search(index, "/^警方/")) == [("r1", 3)]
    assert where(search(index, "/\\A警方/")) == [("r1", 3)]
    assert where(search(index, "/诈骗。$/")) == [("r1", 3)]
    assert where(search(index, "/(?<=都是)诈骗/")) == [("r1", 3)]


def test_unit_field_with_and_without_subunits(index):
    assert where(search(index, "unit:青山区分局")) == [("f1", 0), ("f2", 0), ("r1", 0), ("r2", 0), ("r3", 1)]
    assert where(search(index, "unit:新沟桥")) == [("r1", 0), ("r2", 0), ("r3", 1)]
    # =: only passages naming the 分局 itself; every one here does, so ask for the station's exclusive ones
    assert where(search(index, "unit:=庙山派出所")) == [("r3", 1)]
    assert where(search(index, "unit:江夏区分局")) == [("r3", 1)]  # through its 派出所
    with pytest.raises(QueryError, match="no unit 'zzz'"):
        Search(index, "unit:zzz")


def test_unit_field_by_pinyin(index):
    assert where(search(index, "unit:msp")) == where(search(index, "unit:庙山派出所"))
    assert where(search(index, "unit:xingouqiao")) == where(search(index, "unit:新沟桥街派出所"))


def test_field_hits_centre_on_the_mention(index):
    (hit,) = search(index, "unit:庙山")
    assert index.corpus.paragraph_texts("r3")[1][hit.start : hit.end] == "庙山派出所"


def test_dates_sources_and_tags(index):
    assert {h.article for h in search(index, "published:2024-01..2024-03")} == {"r1", "r2", "r3"}
    assert {h.article for h in search(index, "published:2024-08")} == {"f2"}
    assert where(search(index, "date:2024-01")) == [("r1", 0)]  # the event 2024-01-05
    assert {h.article for h in search(index, 'source:乙网')} == {"r2", "f2"}
    coding = Coding("c1", "重点", "r3", 1, 0, 5, "庙山派出所", "", "", 0)
    assert where(Search(index, "tag:重点", codings=[coding]).first(10)) == [("r3", 1)]


def test_first_screen_stops_early(index):
    assert len(Search(index, "巡逻").first(2)) == 2


def test_invalid_regex_points_into_the_pattern(index):
    with pytest.raises(QueryError) as exc:
        Search(index, "诈骗 /(骗/")
    assert exc.value.offset >= 3 and "invalid regular expression" in exc.value.message


def test_catastrophic_regex_stops_with_a_message(monkeypatch):
    monkeypatch.setattr(search_module, "REGEX_SECONDS", 0.2)
    b = DocBuilder("long", "长文", None, "2024-01-01")
    b.para("a" * 5000 + "!")
    index = CorpusIndex.build(Corpus.from_docs([b.build()]))
    started = time.perf_counter()
    with pytest.raises(QueryError, match="took more than") as exc:
        search(index, "/(a+)+$/")
    assert time.perf_counter() - started < 5 and exc.value.offset == 0  # the engine checks its clock in steps; 2 busy cores stretch them


def test_bad_queries_raise_query_error_only(index):
    for query in ("(诈骗", "date:2024-06..2024-01", "x" * 10_000, "unit:", "/[/"):
        with pytest.raises(QueryError):
            search(index, query)


def test_saved_search_rows_of_the_wrong_shape_are_dropped_on_open(tmp_path):
    """A hand-edited ``searches`` row without its query is dropped (and said), the others kept."""
    from store.analysis.saved import SavedSearches
    from store.db.userstore import UserStore

    user = UserStore(tmp_path / "user.json")
    SavedSearches(user).save("a", "诈骗")
    SavedSearches(user).save("b", "盗窃")
    user.table("searches").insert({"name": "broken"})
    user.close()
    reopened = UserStore(tmp_path / "user.json")
    assert [s.name for s in SavedSearches(reopened).all()] == ["a", "b"]
    assert any("searches" in r.message for r in reopened.recoveries)
    with pytest.raises(QueryError):
        SavedSearches(reopened).save("c", "(诈骗")
    with pytest.raises(ValueError, match="needs a name"):
        SavedSearches(reopened).save("  ", "诈骗")


def test_containing_finds_each_article_once_first_and_last_included(index):
    """The byte search behind the candidates: one id per article however often it says it."""
    assert index.corpus.containing("诈骗") == ["r1", "r2"]
    assert index.corpus.containing("青山公安") == ["f1", "f2"]  # f2 is the last article of the side file
    assert index.corpus.containing("青山区分局新沟桥") == ["r1", "r2", "r3"]  # r1 begins the side file with it
    assert index.corpus.containing("霹雳火") == [] and index.corpus.containing("") == []


@pytest.mark.parametrize(
    "pattern,literal",
    [("骗.{0,4}万元", "万元"), ("累计破获案件\\d+起", "累计破获案件"), ("民警?出警", "出警"), ("[诈盗]骗团伙", "骗团伙"),
     ("派出所+", "派出所"), ("abc*", "ab"), ("诈骗|盗窃", ""), ("(诈骗)案", ""), ("(?i)abc", ""), ("x{2}yz", "yz")],
)
def test_required_literal_is_in_every_match(pattern, literal):
    from store.analysis.search import required_literal

    assert required_literal(pattern) == literal


def test_regex_with_a_literal_narrows_to_articles_holding_it(index):
    s = Search(index, "/累计破获案件\\d+起/")
    assert s._candidates(s.tree) == {"f1", "f2"}
